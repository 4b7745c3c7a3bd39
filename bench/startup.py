"""Process start to main window shown: the Counteroffer window against a bare PySide6 QMainWindow.

Each is started as a fresh process several times, interleaved; the child prints when its window has
been shown and the event loop has turned once. Last line: `startup_ratio=<app / bare>` (target 1.5).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 7
CHILD = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
if sys.argv[1] == "bare":
    window = QMainWindow()
    window.resize(1100, 720)
else:
    sys.path.insert(0, sys.argv[2])
    from app.ui.app import build_window
    window = build_window(app)
window.show()
QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
app.exec()
"""


def launch(kind: str, env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(ROOT)], capture_output=True, text=True, env=env, timeout=60
    )
    elapsed = time.perf_counter() - start
    if "shown" not in result.stdout:
        raise SystemExit(f"{kind} window did not show:\n{result.stderr}")
    return elapsed * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "COUNTEROFFER_HOME": home,
        }
        launch("bare", env), launch("app", env)  # warm the disk cache
        bare, app = [], []
        for _ in range(ROUNDS):
            bare.append(launch("bare", env))
            app.append(launch("app", env))
    b, a = statistics.median(bare), statistics.median(app)
    print(f"bare_qmainwindow_ms median={b:.0f} min={min(bare):.0f}")
    print(f"counteroffer_ms     median={a:.0f} min={min(app):.0f}")
    print(f"startup_ratio={a / b:.2f}")


if __name__ == "__main__":
    main()
