"""Re-take the README screenshots from the real window: every page at 1280×720 and at 1024×640, light and dark.

Run under a virtual X server:  xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/take.py
Files are named page-width-appearance.png (library-1280-light.png, rehearsal-1024-dark.png, …), plus
report-page1.png, and go beside this script unless `--out FOLDER` says where (for a look without touching the
committed ones). Each size and appearance starts from its own throwaway data folder with a sample Flower profile,
the same practice history and one broken draft scenario, so the shots differ only in size and colours.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
SIZES = ((1280, 720), (1024, 640))
APPEARANCES = ("light", "dark")
home = Path(tempfile.mkdtemp())  # the current run's data folder (a fresh one for each size and appearance)
os.environ["COUNTEROFFER_HOME"] = str(home)

from PySide6.QtCore import QEventLoop, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

PROFILE = """name: Ana
priorities:
  - label: mentorship
    why: I learn fastest pairing with someone senior
    keywords: [mentor, pairing, senior]
  - label: remote days
    keywords: [remote, from home]
  - label: learning budget
    keywords: [conference, courses]
target: 34000
walk_away: 31000
currency: GBP
petals:
  conditions: [weekly pairing with a senior dev, two remote days]
  place: [Denver, or remote]
"""


def settle(seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.01)


def wait(condition, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise SystemExit("timed out")
        settle(0.05)


class Shots:
    """Where screenshots go, and the size and appearance of the current run (part of each file name)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.suffix = ""

    def path(self, name: str) -> Path:
        return self.out / f"{name}{self.suffix}.png"

    def save(self, widget, name: str) -> None:
        settle()
        widget.grab().save(str(self.path(name)))
        print("saved", self.path(name))


shots = Shots(HERE)


def shot(window, name: str) -> None:
    shots.save(window, name)


def answer(window, text: str) -> None:
    page = window.rehearsal_page
    wait(lambda: not page.answer.isReadOnly())
    QTest.keyClicks(page.answer, text)
    page.submit()  # what Ctrl+Enter does (no window manager here to make the window active)
    wait(lambda: page.feedback_area.isVisible())


PRACTICE = [  # a student getting better over three weeks
    ["Um, sorry, I guess maybe 60k? I'm not sure.", "Okay, thank you."],
    ["I think maybe 70k would be ok, right?", "Sure, that's fine."],
    ["Thanks for asking! Could you share the range you've budgeted?", "That works, thank you."],
    [
        "Thank you! I'm excited about the role. What range have you budgeted for it?",
        "That works for me. Given my React projects, I'd expect the upper half of it.",
    ],
]


def fill_history() -> None:
    """Twenty-four real rehearsals, scored by the real engine, spread over three weeks."""
    from datetime import datetime, timedelta

    from app.core.scoring import Timing
    from app.practice import Practice
    from app.storage.store import Store

    practice = Practice()
    library = practice.load_library()
    moments = iter(
        datetime(2026, 11, 6, 18) + timedelta(hours=21 * i, minutes=m) for i in range(24) for m in range(0, 60, 5)
    )
    store = Store(home / "history.db", now=lambda: next(moments).isoformat(timespec="seconds") + "+00:00")
    for i in range(24):
        scenario = library.get(("salary-expectations", "asked-twice")[i % 2] if i % 3 else "salary-expectations")
        session = practice.start_rehearsal(scenario, None, store)
        session.start()
        for turn, answer in enumerate(PRACTICE[min(3, i * 4 // 24)]):
            if not session.ended:  # thinking time shrinks with practice: from about 9 s to about 3 s
                session.submit(
                    answer,
                    Timing(latency_s=max(2.0, 9.0 - i * 0.25 + (turn * 1.3 + i * 0.7) % 2), duration_s=len(answer) / 4),
                )
    store.close()


SPOKEN = (
    "Thanks for asking. Um, before I name a number, could you share the range you have budgeted for this role? "
    "I want to make sure we are talking about the same level."
)


def microphone():
    """A Listening whose microphone is a recording of SPOKEN (espeak-ng): the screenshot machine has none."""
    sys.path.insert(0, str(HERE.parent.parent / "tests"))
    from conftest import spoken_wav  # the tests' espeak-ng answer maker

    from app.ui.listening import Listening
    from app.ui.microphone import FileSource

    said = spoken_wav(home, "spoken.wav", SPOKEN, silence_s=0.9)
    sources: list[FileSource] = []

    def source() -> FileSource:
        sources.append(FileSource(said))
        return sources[-1]

    return Listening(source), sources


def speak(window, sources) -> None:
    """A spoken first answer: 'Listening…' with the level meter mid-answer, then its feedback with the delivery
    panel in view."""
    page = window.rehearsal_page
    window.library_page.rehearse.emit(window.library_page.library.get("salary-expectations"))
    wait(lambda: page.session.answer_clock_started is not None and window.listening.is_ready, timeout=60)
    settle()
    QTest.keyPress(page.mic_button, Qt.Key.Key_Space)
    wait(lambda: bool(sources) and sources[-1]._at > len(sources[-1]._pcm) * 0.7 and page.answer.toPlainText())
    shots.save(window, "speaking")
    wait(lambda: sources[-1].done)
    QTest.keyRelease(page.mic_button, Qt.Key.Key_Space)
    wait(lambda: page._recording is not None)
    page.submit()
    wait(lambda: page.feedback_area.isVisible())
    settle()
    page.feedback_area.ensureWidgetVisible(page.feedback.delivery, 0, 0)
    shots.save(window, "spoken-feedback")
    page.stop()
    wait(lambda: window.pages.currentWidget() is window.debrief_page)


def pair(window) -> None:
    """A pair round on low-offer: the recruiter's script, the checklist with the app's view beside it, and the pair
    debrief after a swap onto a second scenario."""
    from app.core.pair import PairPlan

    page = window.pair_page
    page.listening = None  # Space taps time the answers here, as on a laptop without a microphone
    library = window.library_page.library
    window.flower.hide()
    window.pages.setCurrentWidget(page)
    plan = PairPlan(("Ana", "Ben"), recruiter_first=1, fist_before={"Ana": 2, "Ben": 3})
    page.begin(plan, library.get("low-offer"), list(library.scenarios))
    page.toggle_coaching()
    shots.save(window, "pair-script")
    page.toggle_coaching()
    for scenario_id in ("low-offer", "salary-expectations"):
        if scenario_id != "low-offer":
            page.next_scenario.setCurrentIndex(page.next_scenario.findData(library.get(scenario_id)))
            page.swap()
        first = True
        while not page.current.session.ended:
            wait(lambda: page.steps.currentIndex() == 0 and page._job is None)
            for _ in range(3):
                settle(0.3)
                page.space()
            if first:
                page.said.setPlainText(
                    "Thank you, Callum, I'm excited to join. Based on my Unity portfolio I was hoping for £33,000."
                    if scenario_id == "low-offer"
                    else "Thanks for asking! What range have you budgeted for this role?"
                )
            for index in (0, 1, 5):
                page.toggle_check(index)
            page.confidence.set_value(4)
            page.respect.set_value(5)
            page.enter()
            wait(lambda: page.ways.count() > 0)
            if first and scenario_id == "low-offer":
                shots.save(window, "pair-marks")
            ends = [i for i in range(page.ways.count()) if "the call ends" in page.ways.item(i).text()]
            if not first and ends:
                page.ways.setCurrentRow(ends[0])
            page.enter()
            wait(lambda: page._job is None)
            first = False
        wait(lambda: page.steps.currentIndex() == 2)
    page.finish({"Ana": 4, "Ben": 4})
    shots.save(window, "pair-debrief")


def new_home(appearance: str) -> None:
    """A fresh data folder for one run: the profile, the history and the chosen appearance in its settings."""
    global home
    home = Path(tempfile.mkdtemp())
    os.environ["COUNTEROFFER_HOME"] = str(home)
    (home / "profile.yaml").write_text(PROFILE)
    (home / "settings.ini").write_text(f"[appearance]\nscheme={appearance}\n")
    fill_history()


def take(app, size: tuple[int, int], appearance: str, report: bool) -> None:
    """Every screenshot at one window size in one appearance."""
    from app.ui.app import build_window

    width, height = size
    new_home(appearance)
    shots.suffix = f"-{width}-{appearance}"
    window = build_window(app, first_run_guide=False)
    window._listening, sources = microphone()
    window.listening.setParent(window)
    window.resize(width, height)
    window.show()
    wait(lambda: window._library_page is not None and window.library_page.library is not None)
    settle()
    if (window.width(), window.height()) != size:
        print(f"note: the window is {window.width()}×{window.height()}, not {width}×{height} (its minimum size)")
    shot(window, "library")
    drafts = home / "scenarios"
    drafts.mkdir()
    draft = (HERE.parent.parent / "scenarios" / "salary-expectations.yaml").read_text()
    (drafts / "my-first-draft.yaml").write_text(
        draft.replace("id: salary-expectations", "id: my-first-draft")
        .replace("difficulty: 1", "difficulty: easy")
        .replace("goto: shares_range", "goto: share_range")
    )
    window.library_page.reload()
    wait(lambda: window.library_page.library.broken)
    shot(window, "library-problems")
    window.library_page.rehearse.emit(window.library_page.library.get("low-offer"))
    wait(lambda: window.rehearsal_page.session.answer_clock_started is not None)
    QTest.keyClicks(
        window.rehearsal_page.answer,
        "Thank you, Callum, I'm really excited to join Kestrel. I was hoping for £33,000, because my Unity portfolio",
    )
    shot(window, "rehearsal")
    shots.save(window.flower, "flower")
    QTest.keyClicks(window.rehearsal_page.answer, " has shipped two jam games. How can we close the gap?")
    window.rehearsal_page.submit()
    wait(lambda: window.rehearsal_page.feedback_area.isVisible())
    shot(window, "feedback")
    window.rehearsal_page.submit()
    wait(lambda: window.rehearsal_page.session.answer_clock_started is not None)
    answer(window, "Um, sorry, I guess that's fine? Maybe I could just accept it.")
    window.rehearsal_page.submit()
    if not window.rehearsal_page.session.ended:
        window.rehearsal_page.stop()
    wait(lambda: window.pages.currentWidget() is window.debrief_page)
    settle(1.0)
    shot(window, "debrief")
    window.show_history()
    wait(lambda: window.history_page.model.rowCount() >= 20)
    settle(1.5)
    shot(window, "history")
    speak(window, sources)
    if size == (1280, 720) and appearance == "light":
        pair(window)
    if report:  # the PDF looks the same whatever the window's size and colours: once is enough
        from app.practice import Scope

        window.practice.write_report(window.store, home / "report.pdf", Scope())
        os.system(f"pdftoppm -png -r 60 -f 1 -l 1 -singlefile {home / 'report.pdf'} {shots.out / 'report-page1'}")
        print("saved", shots.out / "report-page1.png")
    window.close()
    window.deleteLater()
    settle()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="where the PNG files go (default: beside this script)")
    args = parser.parse_args()
    shots.out = args.out
    shots.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    first = True
    for size in SIZES:
        for appearance in APPEARANCES:
            take(app, size, appearance, report=first)
            first = False
    studio_shots(app)
    tuning_shot(app)
    sys.stdout.flush()
    os._exit(0)


def studio_shots(app) -> None:
    """The authoring studio at 1280×720 (light): a draft with a goto to no turn (underlined, listed, and red in the
    graph), then the try-an-answer panel after trying an answer."""
    from PySide6.QtGui import QTextCursor

    from app.ui.app import build_window

    global home
    home = Path(tempfile.mkdtemp())
    os.environ["COUNTEROFFER_HOME"] = str(home)
    (home / "settings.ini").write_text("[appearance]\nscheme=light\n")
    (home / "scenarios").mkdir()
    draft = (HERE.parent.parent / "scenarios" / "salary-expectations.yaml").read_text()
    path = home / "scenarios" / "my-first-draft.yaml"
    path.write_text(draft.replace("id: salary-expectations", "id: my-first-draft"))
    shots.suffix = "-1280-light"
    window = build_window(app, first_run_guide=False)
    window.show()
    wait(lambda: window._library_page is not None and window.library_page.library is not None)
    studio = window.studio.open_path(path)
    studio.resize(1280, 720)
    wait(lambda: studio.result is not None and studio.result.graph is not None)
    editor = studio.editor
    at = editor.toPlainText().index("goto: shares_range") + len("goto: shares")
    cursor = QTextCursor(editor.document())
    cursor.setPosition(at)
    editor.setTextCursor(cursor)
    editor.setFocus()
    QTest.keyClick(editor, Qt.Key.Key_Backspace)
    wait(lambda: studio.result.errors > 0 and editor.problems)
    editor.centerCursor()
    shots.save(studio, "studio")
    QTest.keyClicks(editor, "s")
    wait(lambda: studio.result.errors == 0)
    studio.show_try_panel()
    studio.try_panel.select_turn("opening")
    QTest.keyClicks(studio.try_panel.answer, "Thanks! I'm excited about the role. What range have you budgeted for it?")
    studio.try_panel.try_it()
    wait(lambda: studio.try_panel.tried is not None)
    shots.save(studio, "studio-try")
    studio.editor.document().setModified(False)
    window.close()
    settle()


def tuning_shot(app) -> None:
    """Rubric tuning at 1280×720 (light): the default rubric with more points for backing a point up, the examples
    and a small class file re-scored, sorted by the change."""
    from PySide6.QtGui import QTextCursor

    from app.ui.app import build_window

    global home
    home = Path(tempfile.mkdtemp())
    os.environ["COUNTEROFFER_HOME"] = str(home)
    (home / "settings.ini").write_text("[appearance]\nscheme=light\n")
    answers = home / "class.csv"
    answers.write_text(
        "student,scenario,text\n"
        'Ana,low-offer,"Thank you, Callum! Because my Unity portfolio has shipped two games, I\'d like £33,000."\n'
        'Ben,low-offer,"Um, sorry, I guess that\'s fine? Maybe I could just accept it."\n'
    )
    shots.suffix = "-1280-light"
    window = build_window(app, first_run_guide=False)
    window.show()
    wait(lambda: window._library_page is not None and window.library_page.library is not None)
    tuning = window.studio.tune_rubric()
    tuning.resize(1280, 720)
    wait(lambda: tuning.result is not None)
    tuning.add_class_answers(answers)
    wait(lambda: tuning.classes)
    editor = tuning.editor
    text = editor.toPlainText()
    at = text.index("points: 6", text.index("id: backs-it-up")) + len("points: ")
    cursor = QTextCursor(editor.document())
    cursor.setPosition(at)
    cursor.setPosition(at + 1, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.setFocus()
    QTest.keyClicks(editor, "10")
    wait(lambda: tuning.result is not None and any(r.changed for r in tuning.result.results))
    editor.centerCursor()
    tuning.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    shots.save(tuning, "rubric-tuning")
    editor.document().setModified(False)
    window.close()
    settle()


if __name__ == "__main__":
    main()
