"""Process start to main window shown: the Counteroffer window against a bare PySide6 QMainWindow.

Each is started as a fresh process several times, interleaved; the child prints when its window has
been shown and the event loop has turned once. Last line: `startup_ratio=<app / bare>` (target 1.5).

With `--bundle PATH` (a `make dist` binary): the whole app started from the bundle against
`python -m app` from this checkout, each a fresh process to its first shown window. Last line:
`bundle_ratio=<bundle / python -m app>`.
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


def launch_command(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if "shown" not in result.stdout:
        raise SystemExit(f"{command[0]} did not show its window:\n{result.stderr}")
    return elapsed * 1000


def compare_bundle(bundle: str) -> None:
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "COUNTEROFFER_HOME": home,
            "COUNTEROFFER_STARTUP_PROBE": "1",
        }
        commands = {"bundle": [str(Path(bundle).resolve())], "python": [sys.executable, "-m", "app"]}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for command in commands.values():
            launch_command(command, env)  # warm the disk cache
        for _ in range(ROUNDS):
            for name, command in commands.items():
                times[name].append(launch_command(command, env))
    b, p = statistics.median(times["bundle"]), statistics.median(times["python"])
    print(f"bundle_ms        median={b:.0f} min={min(times['bundle']):.0f}")
    print(f"python_-m_app_ms median={p:.0f} min={min(times['python']):.0f}")
    print(f"bundle_ratio={b / p:.2f}")


def main() -> None:
    if "--bundle" in sys.argv:
        compare_bundle(sys.argv[sys.argv.index("--bundle") + 1])
        return
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
