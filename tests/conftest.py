"""Shared test set-up: Qt offscreen, every test gets its own empty user folder, and window tests wait patiently."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

# Waits in window tests are for events (a worker's result, a page switch), not measurements: a slow or busy
# machine makes them take longer, never fail. Speed is measured by the benchmarks in bench/.
EVENT_WAIT_MS = 20_000


class PatientQtBot(QtBot):
    def waitUntil(self, callback, *, timeout: int = EVENT_WAIT_MS) -> None:  # noqa: N802 - pytest-qt's name
        super().waitUntil(callback, timeout=timeout)

    def waitSignal(self, signal=None, *, timeout: int = EVENT_WAIT_MS, **kwargs):  # noqa: N802
        return super().waitSignal(signal, timeout=timeout, **kwargs)

    def press_shortcut(self, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        """A keyboard shortcut as a user presses it: in the active window. Qt ignores shortcuts for a window
        that isn't active, and a window shown offscreen isn't always activated at once."""
        window = widget.window()
        if not window.isActiveWindow():
            window.activateWindow()
            self.waitUntil(window.isActiveWindow)
        self.keyClick(widget, key, modifier)


@pytest.fixture
def qtbot(qapp, request) -> QtBot:
    return PatientQtBot(request)


@pytest.fixture(autouse=True)
def user_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Points the app's data folder (settings, user scenarios, logs) at a fresh temporary folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("COUNTEROFFER_HOME", str(home))
    return home
