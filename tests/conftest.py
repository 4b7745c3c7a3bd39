"""Shared test set-up: Qt offscreen, every test gets its own empty user folder, window tests wait patiently, and
engine tests play small fixture scenarios (tests/data/scenarios) rather than the shipped ones."""

from __future__ import annotations

import functools
import os
import shutil
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.core.scenario import Scenario
    from app.core.session import Session
    from app.storage.store import Store
    from app.ui.listening import Listening
    from app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# Fixture scenarios for tests of the engine, storage, reports, the command line and the window: their lines and
# routes are the tests' to assert, so rewording a shipped scenario never breaks a test of the machinery.
FIXTURE_SCENARIOS = DATA / "scenarios"

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


@functools.cache
def _fixture_library() -> dict[str, Scenario]:
    from app.core.library import load_library

    library = load_library([FIXTURE_SCENARIOS])
    assert [str(d) for d in library.diagnostics] == [], "the fixture scenarios must load cleanly"
    return {s.id: s for s in library.scenarios}


def fixture_scenario(scenario_id: str) -> Scenario:
    """One of tests/data/scenarios: "first-call" (USD, asks for a number) or "offer-call" (GBP, an offer)."""
    return _fixture_library()[scenario_id]


def record_rehearsal(store: Store, answers: list[str], scenario_id: str = "first-call") -> Session:
    """Answers played through a real session whose every answer the recorder commits to `store`."""
    from app.core.session import Session
    from app.practice import Practice
    from app.storage.recorder import HistoryRecorder

    session = Session(fixture_scenario(scenario_id), Practice().scorer())
    HistoryRecorder(store, session)
    session.start()
    for answer in answers:
        session.submit(answer)
    return session


def install_fixture_scenarios(home: Path) -> Path:
    """Copy the fixture scenarios into the scenarios folder of user folder `home`, where the window and the command
    line find them next to the built-in ones; returns that folder."""
    folder = home / "scenarios"
    folder.mkdir(parents=True, exist_ok=True)
    for path in FIXTURE_SCENARIOS.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def user_scenarios(user_home: Path) -> Path:
    """The fixture scenarios in this test's user folder (see install_fixture_scenarios)."""
    return install_fixture_scenarios(user_home)


def discard_unsaved_edits(window: QWidget) -> None:
    """Edits a test left in a studio or rubric window are dropped, so closing the app doesn't stop to ask."""
    from PySide6.QtWidgets import QMainWindow, QPlainTextEdit

    for child in window.findChildren(QMainWindow):
        for text in child.findChildren(QPlainTextEdit):
            text.document().setModified(False)


def shown_window(qtbot: QtBot, listening: Listening | None = None) -> Iterator[MainWindow]:
    """For a fixture to `yield from`: a main window with speech off (and `listening` for answering out loud, or
    the computer's own), shown once its library has loaded, and closed after the test."""
    from app import paths
    from app.ui.main_window import MainWindow
    from app.ui.speech import SpeechService

    win = MainWindow(speech=SpeechService(paths.user_cache() / "speech", enabled=False), listening=listening)
    qtbot.addWidget(win, before_close_func=discard_unsaved_edits)
    with qtbot.waitSignal(win.library_page.loaded, timeout=10_000):
        win.show()
    yield win
    win.close()


def listening_ready() -> str | None:
    """Why the spoken tests can't run here, or None when they can."""
    try:
        from app.listening import SpeechModelUnavailable, load_recogniser
    except ImportError as error:
        return f"app.listening isn't importable yet ({error})"
    try:
        load_recogniser()
    except SpeechModelUnavailable as error:
        return str(error)
    return None


def spoken_wav(folder: Path, name: str, text: str, *, silence_s: float = 1.0) -> Path:
    """`text` said by espeak-ng (through app.voice's Synthesiser) after `silence_s` of silence, as a WAV."""
    from app.voice.engine import SpeechRequest, SpeechUnavailable, Synthesiser

    try:
        said = Synthesiser(folder / "speech").synthesise(SpeechRequest(text, None, 160))
    except SpeechUnavailable as error:
        pytest.skip(f"espeak-ng isn't available: {error}")
    with wave.open(str(said)) as source:
        params, frames = source.getparams(), source.readframes(source.getnframes())
    target = folder / name
    with wave.open(str(target), "wb") as out:
        out.setparams(params)
        out.writeframes(b"\0" * (int(silence_s * params.framerate) * params.sampwidth * params.nchannels) + frames)
    return target
