"""Re-take the README screenshots from the real window.

Run under a virtual X server:  xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/take.py
It uses a throwaway data folder with a sample Flower profile and one broken draft scenario.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
home = Path(tempfile.mkdtemp())
os.environ["COUNTEROFFER_HOME"] = str(home)

from PySide6.QtCore import QEventLoop  # noqa: E402
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


def shot(window, name: str) -> None:
    settle()
    window.grab().save(str(HERE / f"{name}.png"))
    print("saved", HERE / f"{name}.png")


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


def main() -> None:
    (home / "profile.yaml").write_text(PROFILE)
    fill_history()
    app = QApplication(sys.argv)
    from app.ui.app import build_window

    window = build_window(app, first_run_guide=False)
    window.resize(1180, 760)
    window.show()
    wait(lambda: window._library_page is not None and window.library_page.library is not None)
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
    window.flower.grab().save(str(HERE / "flower.png"))
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
    from app.practice import Scope

    window.practice.write_report(window.store, home / "report.pdf", Scope())
    os.system(f"pdftoppm -png -r 60 -f 1 -l 1 -singlefile {home / 'report.pdf'} {HERE / 'report-page1'}")
    print("saved", HERE / "report-page1.png")
    window.close()
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
