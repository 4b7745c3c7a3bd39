"""The speech service speaks through the real espeak-ng and QMediaPlayer (silently: no sound card here)
without blocking the UI thread, and always ends a line with finished() so the rehearsal clock can start.

QMediaPlayer plays silently in real time without a sound card, so most tests tell the service there is a sound
device (its `sound_device` seam) to exercise real playback; the no-device path is tested for real."""

from __future__ import annotations

import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import pyttsx3
from PySide6.QtCore import QThread, QTimer

from app.ui.speech import NO_SOUND_DEVICE, SpeechService, has_sound_device
from app.voice.engine import install_hint

SHORT = "Thanks for joining us today."
MEDIUM = "We have looked at the market carefully and we think our offer is fair and competitive."
LONG = " ".join(["We can talk about the signing bonus and the equity once we have settled the base salary."] * 9)
WAIT_MS = 10_000


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "speech"


@pytest.fixture
def make_service(qtbot, cache: Path) -> Iterator[Callable[..., SpeechService]]:
    made: list[SpeechService] = []

    def make(**options: object) -> SpeechService:
        options.setdefault("sound_device", lambda: True)  # play for real (silently, on this machine)
        made.append(SpeechService(cache, **options))
        return made[-1]

    yield make
    for service in made:
        service.shutdown()


@pytest.fixture
def service(make_service: Callable[..., SpeechService]) -> SpeechService:
    return make_service()


@pytest.fixture
def traced(make_service: Callable[..., SpeechService]) -> tuple[SpeechService, list[QThread]]:
    """A real service whose engine factory notes the thread that created (and so uses) the engine."""
    engine_threads: list[QThread] = []

    def engine_on_this_thread() -> object:
        engine_threads.append(QThread.currentThread())
        return pyttsx3.init()

    return make_service(engine_factory=engine_on_this_thread), engine_threads


def recorder(service: SpeechService) -> list[str]:
    events: list[str] = []
    service.speaking.connect(lambda: events.append("speaking"))
    service.finished.connect(lambda: events.append("finished"))
    return events


def wav_seconds(cache: Path, key: str) -> float:
    with wave.open(str(cache / f"{key}.wav")) as wav:
        return wav.getnframes() / wav.getframerate()


def no_espeak() -> object:
    raise RuntimeError("This means you probably do not have eSpeak or eSpeak-ng installed!")


@pytest.mark.slow
@pytest.mark.espeak
def test_speak_emits_speaking_then_finished_when_playback_reaches_the_end(
    qtbot, service: SpeechService, cache: Path
) -> None:
    events = recorder(service)
    keys: list[str] = []
    service.prepared.connect(keys.append)
    started: list[float] = []
    service.speaking.connect(lambda: started.append(time.monotonic()))
    with qtbot.waitSignals([service.speaking, service.finished], order="strict", timeout=WAIT_MS):
        service.speak(SHORT)
    assert time.monotonic() - started[0] > 0.7 * wav_seconds(cache, keys[0])  # it really played to the end
    assert events == ["speaking", "finished"]


@pytest.mark.slow
@pytest.mark.espeak
def test_playing_a_line_prints_nothing_to_the_terminal(qtbot, service: SpeechService, capfd) -> None:
    with qtbot.waitSignals([service.speaking, service.finished], order="strict", timeout=WAIT_MS):
        service.speak(SHORT)
    err = capfd.readouterr().err
    assert "Input #0" not in err and "Stream #0" not in err and "symbolsresolver" not in err


@pytest.mark.slow
@pytest.mark.espeak
def test_stop_during_playback_emits_finished_at_once(qtbot, service: SpeechService) -> None:
    events = recorder(service)
    with qtbot.waitSignal(service.speaking, timeout=WAIT_MS):
        service.speak(LONG)
    with qtbot.waitSignal(service.finished, timeout=WAIT_MS):
        service.stop()
    assert events == ["speaking", "finished"]
    service.stop()  # nothing under way: no second finished
    # The next line's own speaking and finished, strictly in order, come after anything the stops set off.
    with qtbot.waitSignals([service.speaking, service.finished], order="strict", timeout=WAIT_MS):
        service.speak("Yes.")
    assert events == ["speaking", "finished", "speaking", "finished"]


@pytest.mark.slow
@pytest.mark.espeak
def test_new_line_ends_the_playing_one_and_each_line_gets_one_finished(qtbot, service: SpeechService) -> None:
    events = recorder(service)
    with qtbot.waitSignal(service.speaking, timeout=WAIT_MS):
        service.speak(MEDIUM)
    with qtbot.waitSignals([service.finished, service.speaking, service.finished], order="strict", timeout=WAIT_MS):
        service.speak("Yes.")
    assert events == ["speaking", "finished", "speaking", "finished"]


@pytest.mark.slow
@pytest.mark.espeak
def test_prepare_writes_the_wav_ahead_so_speak_needs_no_synthesis(qtbot, service: SpeechService, cache: Path) -> None:
    with qtbot.waitSignal(service.prepared, timeout=WAIT_MS) as prepared:
        service.prepare("Take your time.", language="en-gb", gender="female")
    wav = cache / f"{prepared.args[0]}.wav"
    written = wav.stat().st_mtime_ns
    synthesised: list[str] = []
    service.prepared.connect(synthesised.append)  # a synthesis, had there been one, reports before playback
    with qtbot.waitSignals([service.speaking, service.finished], order="strict", timeout=WAIT_MS):
        service.speak("Take your time.", language="en-gb", gender="female")
    assert synthesised == [] and wav.stat().st_mtime_ns == written
    assert sorted(p.name for p in cache.iterdir()) == [wav.name]


@pytest.mark.slow
@pytest.mark.espeak
def test_replay_speaks_the_last_line_again(qtbot, service: SpeechService, cache: Path) -> None:
    events = recorder(service)
    keys: list[str] = []
    service.prepared.connect(keys.append)
    with qtbot.waitSignals([service.speaking, service.finished], order="strict", timeout=WAIT_MS):
        service.speak("Yes.")
    with qtbot.waitSignals([service.speaking, service.finished], order="strict", timeout=WAIT_MS):
        service.replay()
    assert events == ["speaking", "finished", "speaking", "finished"]
    assert len(keys) == 1 and [p.name for p in cache.iterdir()] == [f"{keys[0]}.wav"], "played from the cache"


def test_muted_speak_finishes_at_once_without_audio(qtbot, service: SpeechService, cache: Path) -> None:
    service.set_muted(True)
    with qtbot.waitSignals([service.speaking, service.finished], order="strict", timeout=WAIT_MS):
        service.speak(MEDIUM)
    assert not cache.exists() or not any(cache.iterdir())  # nothing was even synthesised


def test_engine_that_cannot_start_reports_install_hint_and_speak_still_finishes(
    qtbot, make_service: Callable[..., SpeechService]
) -> None:
    service = make_service(engine_factory=no_espeak)
    messages: list[str] = []
    service.unavailable.connect(messages.append)
    assert service.is_available() is None
    with qtbot.waitSignals([service.unavailable, service.finished], timeout=WAIT_MS):
        service.speak(SHORT)  # asked before the failure is known
    assert messages == [install_hint()]
    assert "libespeak-ng1" in install_hint() and service.is_available() is False
    with qtbot.waitSignals([service.speaking, service.finished], order="strict", timeout=WAIT_MS):
        service.speak(MEDIUM)  # known unavailable now: text only
    assert messages == [install_hint()], "no second message"


def test_disabled_service_is_text_only(qtbot, make_service: Callable[..., SpeechService]) -> None:
    service = make_service(enabled=False)
    assert service.is_available() is False
    events = recorder(service)
    with qtbot.waitSignals([service.speaking, service.finished], order="strict", timeout=WAIT_MS):
        service.speak(SHORT)
    assert events == ["speaking", "finished"]


@pytest.mark.slow
@pytest.mark.espeak
def test_ui_thread_stays_responsive_while_a_long_line_is_synthesised(
    qtbot, traced: tuple[SpeechService, list[QThread]]
) -> None:
    service, engine_threads = traced
    ticks: list[float] = []
    timer = QTimer(interval=5, timeout=lambda: ticks.append(time.monotonic()))
    timer.start()
    started = time.perf_counter()
    service.speak(LONG)
    assert time.perf_counter() - started < 1.0  # synthesising this line takes seconds: it was not done here
    with qtbot.waitSignal(service.prepared, timeout=WAIT_MS):
        pass
    timer.stop()
    service.stop()
    assert ticks, "the UI event loop never ran while the line was synthesised"
    assert engine_threads and engine_threads[0] is not QThread.currentThread()


@pytest.mark.slow
@pytest.mark.espeak
def test_shutdown_stops_the_worker_thread(qtbot, traced: tuple[SpeechService, list[QThread]]) -> None:
    service, engine_threads = traced
    with qtbot.waitSignal(service.voices_ready, timeout=WAIT_MS) as ready:
        pass
    assert any(voice.id == "gmw/en-us" for voice in ready.args[0]) and service.is_available() is True
    service.shutdown()
    assert engine_threads[0].isFinished() and not engine_threads[0].isRunning()
    service.shutdown()  # twice is harmless


def test_without_a_sound_device_the_service_is_text_only_and_says_so(
    qtbot, make_service: Callable[..., SpeechService], cache: Path
) -> None:
    if has_sound_device():
        pytest.skip("this computer has a sound device")
    service = make_service(sound_device=has_sound_device)  # the real check: this machine has no sound card
    assert service.is_available() is False and service.unavailable_message() == NO_SOUND_DEVICE
    events = recorder(service)
    with qtbot.waitSignal(service.unavailable, timeout=WAIT_MS) as told:
        pass  # said on the next event-loop turn, so a page made after the service hears it too
    assert told.args == [NO_SOUND_DEVICE]
    started = time.monotonic()
    with qtbot.waitSignals([service.speaking, service.finished], order="strict", timeout=WAIT_MS):
        service.speak(MEDIUM)
    assert time.monotonic() - started < 1.0, "no silent playback in real time"
    assert events == ["speaking", "finished"]
    assert not cache.exists() or not any(cache.iterdir()), "nothing was synthesised for a line nobody can hear"
    assert service.is_available() is False, "voices listed later don't make it available"


def test_no_sound_device_is_said_once_even_when_the_engine_is_missing_too(
    qtbot, make_service: Callable[..., SpeechService]
) -> None:
    service = make_service(sound_device=lambda: False, engine_factory=no_espeak)
    messages: list[str] = []
    service.unavailable.connect(messages.append)
    qtbot.waitUntil(lambda: bool(messages))
    qtbot.wait(200)  # the worker's own failure has had time to arrive
    assert messages == [NO_SOUND_DEVICE] and service.unavailable_message() == NO_SOUND_DEVICE


@pytest.mark.slow
@pytest.mark.espeak
def test_progress_reports_how_far_the_line_has_played(qtbot, service: SpeechService, cache: Path) -> None:
    keys: list[str] = []
    service.prepared.connect(keys.append)
    reports: list[tuple[int, int]] = []
    service.progress.connect(lambda played, length: reports.append((played, length)))
    with qtbot.waitSignals([service.speaking, service.finished], order="strict", timeout=WAIT_MS):
        service.speak(MEDIUM)
    assert len(reports) >= 2, reports
    played = [p for p, _ in reports]
    assert played == sorted(played) and played[-1] > played[0]
    length_ms = wav_seconds(cache, keys[0]) * 1000
    assert all(abs(length - length_ms) < 100 for _, length in reports)
    assert played[-1] > 0.5 * length_ms
