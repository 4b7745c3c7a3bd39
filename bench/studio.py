"""The authoring studio's refresh while an instructor types: validate the text (example answers run too) and
rebuild the turn graph, after each of 50 one-character edits to a ~300-line scenario.

Then the window half: the studio window open on the same scenario (under xvfb when there is one, else Qt's
offscreen platform), 50 characters typed with QTest.keyClicks and small idles between them while a 5 ms timer
(bench/ui_stall.py's StallMeter) records the longest the UI thread stalls, checks running on their worker.

Prints the timings, then `studio_refresh_ms_p95=<ms> studio_max_stall_ms=<ms>` on the last line (targets: at most
50 and 30).
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from ui_stall import StallMeter, idle, wait_until  # noqa: E402  (may re-run this script under xvfb-run)

from app import paths  # noqa: E402
from app.core.graph import build_graph  # noqa: E402
from app.practice import Practice  # noqa: E402

SOURCE = "salary-expectations.yaml"
TARGET_LINES, EDITS = 300, 50


def long_scenario() -> str:
    """The built-in scenario with some of its turns repeated under new ids (turns are the file's last section, and a
    copy's routes lead back into the original turns) until it is about TARGET_LINES long."""
    text = (paths.builtin_scenarios() / SOURCE).read_text(encoding="utf-8")
    turns = re.split(r"(?m)^(?=  [a-z_]+:\n)", text.split("\nturns:\n", 1)[1])[1:]
    copies = 0
    while len(text.splitlines()) < TARGET_LINES:
        copies += 1
        text += re.sub(r"^  ([a-z_]+):", rf"  \1_copy{copies}:", turns[copies % len(turns)], count=1)
    return text


def main() -> None:
    practice = Practice()
    text = long_scenario()
    loaded, doc = practice.check_scenario_text(text, "long.yaml")
    assert loaded.ok and loaded.scenario is not None, [str(d) for d in loaded.diagnostics][:5]
    turns, lines = len(loaded.scenario.turns), len(text.splitlines())
    # typing in a coaching note: one more character each time, so every edit is new text to check
    spot = text.index("coaching: >-\n") + len("coaching: >-\n      ")
    times = []
    for i in range(EDITS):
        text = text[:spot] + "abcdefghij"[i % 10] + text[spot:]
        start = time.perf_counter()
        loaded, doc = practice.check_scenario_text(text, "long.yaml")
        assert loaded.scenario is not None
        build_graph(loaded.scenario, doc)
        times.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"lines={lines} turns={turns} edits={EDITS}")
    print(f"refresh_ms median={statistics.median(times):.1f} max={max(times):.1f}")
    stall, checks = window_half(long_scenario())
    print(f"window: {EDITS} characters typed, {checks} checks shown")
    print(f"studio_refresh_ms_p95={p95:.1f} studio_max_stall_ms={stall}")
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt objects (PySide can crash while finalising)


def window_half(text: str) -> tuple[int, int]:
    """Type into a real studio window; the longest UI-thread stall while typing, and how many checks were shown."""
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as home:
        os.environ["COUNTEROFFER_HOME"] = home
        from app.ui.main_window import MainWindow
        from app.ui.speech import SpeechService

        path = Path(home) / "scenarios" / "long.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        window = MainWindow(speech=SpeechService(Path(home) / "speech", enabled=False))
        window.show()
        wait_until(lambda: window._library_page is not None and window.library_page.library is not None)
        studio = window.studio.open_path(path)
        wait_until(lambda: studio.result is not None and studio.result.graph is not None)
        shown: list[object] = []
        studio.checked.connect(shown.append)
        editor = studio.editor
        cursor = QTextCursor(editor.document())
        cursor.setPosition(editor.toPlainText().index("coaching: >-\n") + len("coaching: >-\n      "))
        editor.setTextCursor(cursor)
        editor.setFocus()
        idle(0.5)
        meter = StallMeter()
        meter.start()
        for i in range(EDITS):
            QTest.keyClicks(editor, "abcdefghij"[i % 10])
            idle(0.03 if i % 10 else 0.4)  # a burst of typing, then a pause long enough for a check
        idle(1.0)
        stall = meter.stop()
        studio.editor.document().setModified(False)
        window.close()
        app.processEvents()
    return stall, len(shown)


if __name__ == "__main__":
    main()
