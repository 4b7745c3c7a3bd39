"""The longest the UI thread stalls during a scripted rehearsal through the real window.

Speech on (pyttsx3 + QtMultimedia), typed answers, scoring and branching, two scenarios played through to their
debriefs; then one more whose first answer is spoken (a WAV file made with espeak-ng goes through the microphone's
chunk pipeline while Space is held, and the real offline model transcribes it); then a pair role-play round timed
by Space taps, marked, compared and debriefed. A 5 ms timer records the gaps between its ticks; the longest gap
minus the timer interval is the worst stall. Also printed: the same measure while the window starts up (first
paint, background loading) and while it sits idle (the baseline). Last line `max_stall_ms=<x>` for the rehearsal
(target at most 50).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Through a real X server when there is one (xvfb-run): Qt's offscreen platform loses the window's activation
# between two rehearsals (no window manager gives it back), so typed shortcuts stop reaching it.
if "COUNTEROFFER_BENCH_X" not in os.environ and not os.environ.get("DISPLAY") and shutil.which("xvfb-run"):
    os.environ.update(COUNTEROFFER_BENCH_X="1", QT_QPA_PLATFORM="xcb")
    os.execvp("xvfb-run", ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable, *sys.argv])
if os.environ.get("DISPLAY") and "COUNTEROFFER_BENCH_X" in os.environ:
    os.environ["QT_QPA_PLATFORM"] = "xcb"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

TICK_MS = 5
READING_S = 0.3  # the shortest a person takes to glance at a feedback screen and press Continue
SCRIPT = [
    (
        "salary-expectations",
        [
            "Thanks for asking! Before I name a number, what range have you budgeted?",
            "That works for me, thank you. Given my React projects I'd aim for the top.",
        ],
    ),
    (
        "verbal-offer",
        [
            "Thank you so much, I'm really excited! Could you send the offer in writing? "
            "I'll get back to you by Friday.",
            "Thanks, I'll read it carefully.",
        ],
    ),
]
SPOKEN = (
    "salary-expectations",
    "Thanks for asking. Before I name a number, could you share the range you have budgeted for this role?",
    "That works for me, thank you.",
)


class StallMeter:
    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.last = 0
        self.worst = 0
        self.timer = QTimer(interval=TICK_MS, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.clock.start()
        self.last = 0
        self.worst = 0
        self.timer.start()

    def tick(self) -> None:
        now = self.clock.elapsed()
        self.worst = max(self.worst, now - self.last - TICK_MS)
        self.last = now

    def stop(self) -> int:
        self.timer.stop()
        return max(0, self.worst)


def wait_until(condition, timeout_s: float = 30, state=lambda: "") -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"the scripted rehearsal got stuck {state()}")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        time.sleep(0.002)


def send(page) -> None:
    """Ctrl+Enter, as a student presses it; where nothing gives the window activation back between rehearsals
    (Qt's offscreen platform, no window manager), shortcuts don't reach it, so the button is clicked instead."""
    if QApplication.activeWindow() is page.window():
        QTest.keyClick(page.answer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    else:
        page.send_button.click()


def idle(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        time.sleep(0.002)


def main() -> None:
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as home:
        os.environ["COUNTEROFFER_HOME"] = home
        from conftest import spoken_wav  # the tests' espeak-ng answer maker

        from app.ui.app import build_window
        from app.ui.listening import Listening
        from app.ui.microphone import FileSource

        said = spoken_wav(Path(home), "answer.wav", SPOKEN[1], silence_s=0.8)
        sources: list[FileSource] = []

        def microphone() -> FileSource:
            sources.append(FileSource(said))
            return sources[-1]

        window = build_window(app, first_run_guide=False)
        window._listening = Listening(microphone, parent=window)  # this machine has no microphone
        meter = StallMeter()
        window.show()
        meter.start()  # from the first paint: start-up work in the background counts too
        wait_until(
            lambda: window._library_page is not None and window.library_page.library is not None,
            state=lambda: "loading the library",
        )
        idle(1.5)
        startup = meter.stop()
        meter.start()
        idle(1.0)
        baseline = meter.stop()
        speech = window.speech
        meter.start()
        turns = 0

        def rehearse(scenario_id: str, answers: list[str]) -> int:
            """One scenario to its debrief, typing each answer; returns how many answers were sent."""
            window.library_page.rehearse.emit(window.library_page.library.get(scenario_id))
            page = window.rehearsal_page

            def state():
                return (
                    f"at {page.session.current and page.session.current.turn_id}, records="
                    f"{len(page.session.records)}, readonly={page.answer.isReadOnly()}, job={page._job}, "
                    f"speaking={page._speaking_line}, clock={page.session.answer_clock_started}, "
                    f"status={window.statusBar().currentMessage()!r}, answer={page.answer.toPlainText()!r}, "
                    f"active window={QApplication.activeWindow()}"
                )

            for answer in answers:
                wait_until(lambda: page.session.answer_clock_started is not None, state=state)  # the line was spoken
                window.activateWindow()  # shortcuts only reach the active window, as for a user
                QTest.keyClicks(page.answer, answer, delay=5)
                send(page)
                wait_until(lambda: page.feedback_area.isVisible(), state=state)
                idle(READING_S)  # a person reads the feedback before carrying on
                send(page)
            wait_until(lambda: window.pages.currentWidget() is window.debrief_page, state=lambda: "debrief " + state())
            return len(answers)

        def rehearse_spoken(scenario_id: str, spoken: str, typed: str) -> int:
            """The first answer out loud (Space held on the microphone button while the file plays), then typed."""
            window.library_page.rehearse.emit(window.library_page.library.get(scenario_id))
            page = window.rehearsal_page
            wait_until(lambda: page.session.answer_clock_started is not None and window.listening.is_ready)
            window.activateWindow()
            page.mic_button.setFocus()
            QTest.keyPress(page.mic_button, Qt.Key.Key_Space)
            wait_until(lambda: bool(sources) and sources[-1].done, state=lambda: "speaking")
            QTest.keyRelease(page.mic_button, Qt.Key.Key_Space)
            wait_until(lambda: page._recording is not None, state=lambda: "transcribing")
            idle(READING_S)  # a glance at the transcript before sending it
            send(page)
            wait_until(lambda: page.feedback_area.isVisible(), state=lambda: "scoring the spoken answer")
            idle(READING_S)
            send(page)
            wait_until(lambda: page.session.answer_clock_started is not None and not page._waiting_to_continue)
            QTest.keyClicks(page.answer, typed, delay=5)
            send(page)
            wait_until(lambda: page.feedback_area.isVisible() or window.pages.currentWidget() is window.debrief_page)
            if window.pages.currentWidget() is not window.debrief_page:
                idle(READING_S)
                send(page)
            wait_until(lambda: window.pages.currentWidget() is window.debrief_page, state=lambda: "spoken debrief")
            return 2

        def rehearse_pair(scenario_id: str) -> int:
            """A pair round on one laptop, no microphone: Space taps, number keys, Enter to compare and go on,
            then the pair debrief."""
            from app.core.pair import PairPlan

            page = window.pair_page  # as Practise with a partner builds it, before its set-up dialog
            idle(READING_S)  # the students fill in names and a fist-to-five
            window.pages.setCurrentWidget(page)
            library = window.library_page.library
            page.begin(PairPlan(("Ana", "Ben")), library.get(scenario_id), list(library.scenarios))
            moments = 0
            while not page.current.session.ended and moments < 6:
                wait_until(lambda: page.steps.currentIndex() == 0 and page._job is None, state=lambda: "pair line")
                for _ in range(3):  # the line is said, they start, they stop
                    idle(0.1)
                    page.space()
                for key in (Qt.Key.Key_1, Qt.Key.Key_3):
                    page.toggle_check(int(key) - int(Qt.Key.Key_1))
                page.enter()
                wait_until(lambda: page.ways.count() > 0, state=lambda: "pair compare")
                idle(READING_S)
                page.enter()
                wait_until(lambda: page._job is None, state=lambda: "pair go on")
                moments += 1
            page.finish({"Ana": 4, "Ben": 4})
            idle(0.3)
            return moments

        phases: dict[str, int] = {}  # the worst stall in each part, to see where it happens

        def phase(name: str, play: Callable[[], int]) -> int:
            meter.stop()
            meter.start()
            played = play()
            phases[name] = meter.stop()
            meter.start()
            return played

        for scenario_id, answers in SCRIPT:
            turns += phase(scenario_id, lambda s=scenario_id, a=answers: rehearse(s, a))
        turns += phase("spoken", lambda: rehearse_spoken(*SPOKEN))
        turns += phase("pair", lambda: rehearse_pair("salary-expectations"))
        idle(0.5)
        phases["after"] = meter.stop()
        rehearsal = max(phases.values())
        spoke = speech.is_available()
        window.close()
    print(f"turns={turns} (two spoken, a pair round) speech={'on' if spoke else 'off'} tick_ms={TICK_MS}")
    print(f"startup_max_stall_ms={startup} (first paint, library and rehearsal parts loading; not in the target)")
    print(f"idle_max_stall_ms={baseline} (baseline: nothing happening)")
    print("by part: " + " ".join(f"{name}={worst}" for name, worst in phases.items()))
    print(f"max_stall_ms={rehearsal}")
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt objects (PySide can crash while finalising)


if __name__ == "__main__":
    main()
