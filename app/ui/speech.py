"""Speaks the recruiter's lines without ever blocking the UI thread.

Synthesis runs on one worker thread that owns the Synthesiser (pyttsx3 wants one engine on one thread);
playback uses QMediaPlayer on the UI thread. Only plain data crosses between them: the line asked for,
and back a cache key with a WAV path or a message.

Without a sound device QMediaPlayer still "plays" a line silently in real time, so the service checks for an
audio output when it starts and, finding none, is unavailable (text only) with a message saying so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, QUrl, Signal, Slot
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

from ..voice.engine import EngineFactory, SpeechRequest, SpeechUnavailable, Synthesiser, VoiceInfo, pick_voice
from .media_logs import quiet_media_logs

log = logging.getLogger(__name__)

DEFAULT_RATE = 175
_SHUTDOWN_WAIT_MS = 30_000  # longer than any single synthesis may take (see engine._timeout_for)
_abandoned: list[QThread] = []  # threads that would not stop: kept alive, since destroying one aborts Qt
NO_SOUND_DEVICE = "No sound device found — the recruiter's lines are shown as text."
SPEECH_OFF = "Speaking is turned off — the recruiter's lines are shown as text."

AudioCheck = Callable[[], bool]
"""Says whether the computer has somewhere to play sound (a test seam: the real one asks Qt Multimedia)."""


def has_sound_device() -> bool:
    """True when Qt Multimedia lists at least one audio output (~10 ms the first time, then cached by Qt)."""
    from PySide6.QtMultimedia import QMediaDevices

    return bool(QMediaDevices.audioOutputs())


@dataclass(frozen=True)
class _Line:
    """What to say and how; hashable, so results can be matched to requests and kept per session."""

    text: str
    language: str
    gender: str
    voice_id: str | None  # the user's override; None lets the worker pick from language and gender
    rate: int


class _SynthWorker(QObject):
    """Lives on the worker thread; the Synthesiser's engine is created there by start()."""

    ready = Signal(object, str, str)  # line, cache key, WAV path
    failed = Signal(object, str)  # line, message
    unavailable = Signal(str)
    voices_ready = Signal(list)

    def __init__(self, cache_dir: Path, engine_factory: EngineFactory | None) -> None:
        super().__init__()
        self._synth = Synthesiser(cache_dir, engine_factory)

    @Slot()
    def start(self) -> None:
        try:
            voices = self._synth.voices()
        except SpeechUnavailable as exc:
            self.unavailable.emit(str(exc))
        else:
            self.voices_ready.emit(voices)

    @Slot(object)
    def synthesise(self, line: _Line) -> None:
        try:
            request = self._request(line)
            path = self._synth.synthesise(request)
        except SpeechUnavailable as exc:  # already reported once through unavailable
            self.failed.emit(line, str(exc))
        except Exception as exc:  # reported as text: the worker thread never dies
            log.warning("could not synthesise %r: %s", line.text[:40], exc)
            self.failed.emit(line, str(exc))
        else:
            self.ready.emit(line, request.cache_key(), str(path))

    def _request(self, line: _Line) -> SpeechRequest:
        voice = line.voice_id or pick_voice(self._synth.voices(), line.language, line.gender)
        return SpeechRequest(line.text, voice, line.rate)


class SpeechService(QObject):
    """Text-to-speech for the rehearsal window. Create and call it on the UI thread; every method returns
    at once. Each speak() is followed by exactly one finished() (played to the end, stopped, replaced by
    another line, or failed), so the rehearsal clock can always start. Call shutdown() when done."""

    unavailable = Signal(str)  # once, if lines can only be text: no sound device, or what to install
    voices_ready = Signal(list)  # list[VoiceInfo], once the worker has started the engine
    speaking = Signal()  # the current line started (audio playing, or shown as text only)
    progress = Signal(int, int)  # while a line plays: milliseconds played, the line's length in milliseconds
    finished = Signal()  # the current line is over
    prepared = Signal(str)  # a line's WAV is ready; the argument is its cache key
    failed = Signal(str)  # a spoken line could not be synthesised or played (finished follows)
    _request = Signal(object)  # _Line, to the worker thread

    def __init__(
        self,
        cache_dir: Path,
        engine_factory: EngineFactory | None = None,
        enabled: bool = True,
        parent: QObject | None = None,
        sound_device: AudioCheck | None = None,
    ) -> None:
        """`sound_device` (has_sound_device unless given) is asked once, here: without a sound device the service
        is unavailable from the start (the worker still starts, so the installed voices can be listed)."""
        super().__init__(parent)
        quiet_media_logs()  # also here for a service made without the window (tests, the terminal)
        self._muted = False
        self._rate = DEFAULT_RATE
        self._voice_id: str | None = None
        self._voices: list[VoiceInfo] = []
        self._available: bool | None = None if enabled else False
        self._message: str | None = None if enabled else SPEECH_OFF
        self._ready: dict[_Line, str] = {}
        self._pending: set[_Line] = set()
        self._current: _Line | None = None
        self._turn = 0  # counts speak() calls, so a late timer cannot finish a newer line
        self._playing = False
        self._last: _Line | None = None
        self._player: QMediaPlayer | None = None
        self._closed = False
        self._thread: QThread | None = None
        self._worker: _SynthWorker | None = None
        if enabled and not (sound_device or has_sound_device)():
            log.warning("no audio output device: the recruiter's lines are shown as text")
            self._available, self._message = False, NO_SOUND_DEVICE
            QTimer.singleShot(0, self, lambda: self.unavailable.emit(NO_SOUND_DEVICE))  # for listeners made next
        if enabled:
            self._start_worker(Path(cache_dir), engine_factory)

    # ---- public API -------------------------------------------------------------------------------------

    def prepare(self, text: str, language: str = "en-us", gender: str = "any") -> None:
        """Synthesise ahead (e.g. the next line while the student answers); prepared(key) says when."""
        line = self._line(text, language, gender)
        if text.strip() and not self._text_only() and line not in self._ready:
            self._ask(line)

    def speak(self, text: str, language: str = "en-us", gender: str = "any") -> None:
        """Say this line now; synthesises first when not cached. A line still under way is ended first,
        and its finished() is emitted from inside this call, before the new line's speaking()."""
        self._end_current()
        line = self._line(text, language, gender)
        self._last, self._current = line, line
        self._turn += 1
        if self._text_only() or not text.strip():
            self._pretend_later()
        elif line in self._ready and Path(self._ready[line]).exists():
            self._play(self._ready[line])
        else:
            self._ask(line)

    def stop(self) -> None:
        """End the current line now; finished() is emitted if a line was under way."""
        self._end_current()

    def replay(self) -> None:
        """Say the last line again (with the current rate and voice)."""
        if self._last is not None:
            self.speak(self._last.text, self._last.language, self._last.gender)

    def set_muted(self, muted: bool) -> None:
        """Muted lines are 'spoken' as text only; muting ends the line that is playing."""
        self._muted = muted
        if muted:
            self._end_current()

    def is_muted(self) -> bool:
        return self._muted

    def set_rate(self, words_per_minute: int) -> None:
        if words_per_minute <= 0:
            raise ValueError(f"speech rate must be positive, not {words_per_minute}")
        self._rate = int(words_per_minute)

    def rate(self) -> int:
        return self._rate

    def set_voice(self, voice_id: str | None) -> None:
        """A voice id from voices() used for every line, or None to pick from each scenario's hints."""
        self._voice_id = voice_id or None

    def voices(self) -> list[VoiceInfo]:
        """Installed voices; empty until voices_ready has been emitted."""
        return list(self._voices)

    def is_available(self) -> bool | None:
        """True once the engine has started, False if it cannot, there is no sound device, or enabled=False;
        None while unknown."""
        return self._available

    def unavailable_message(self) -> str | None:
        """Why lines are text only, for the student (None while speech is, or may yet be, available)."""
        return self._message

    def shutdown(self) -> None:
        """Stop playback and the worker thread, without emitting anything more. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self.blockSignals(True)
        self._end_current()
        self._stop_thread()

    # ---- lines ------------------------------------------------------------------------------------------

    def _line(self, text: str, language: str, gender: str) -> _Line:
        return _Line(text, language, gender, self._voice_id, self._rate)

    def _text_only(self) -> bool:
        return self._muted or self._available is False or self._closed

    def _ask(self, line: _Line) -> None:
        if line not in self._pending:
            self._pending.add(line)
            self._request.emit(line)

    def _pretend_later(self) -> None:
        """Text-only lines start and end on the next event-loop turn, never inside the caller's speak()."""
        turn = self._turn
        QTimer.singleShot(0, self, lambda: self._pretend(turn))

    def _pretend(self, turn: int) -> None:
        if turn == self._turn and self._current is not None:
            self.speaking.emit()
            self._finish()

    def _end_current(self) -> None:
        if self._playing and self._player is not None:
            self._playing = False  # first, so the player's own stop signals are ignored
            # An empty source stops playback like stop() does, but PySide lets go of the GIL for setSource and
            # not for stop(): tearing playback down, a media thread may need the GIL (Python-made objects are
            # disconnected) while stop() waits for that thread's lock, and the window would freeze.
            self._player.setSource(QUrl())
        self._finish()

    def _finish(self) -> None:
        if self._current is None:
            return
        self._current = None
        self._playing = False
        self.finished.emit()

    # ---- results from the worker -----------------------------------------------------------------------

    @Slot(list)
    def _on_voices(self, voices: list[VoiceInfo]) -> None:
        self._voices = list(voices)
        if self._available is None:  # not when there is no sound device to play them on
            self._available = True
        self.voices_ready.emit(self.voices())

    @Slot(str)
    def _on_unavailable(self, message: str) -> None:
        if self._available is False:  # already text only (no sound device): one message is enough
            return
        self._available, self._message = False, message
        self.unavailable.emit(message)
        if self._current is not None and not self._playing:
            self.speaking.emit()
            self._finish()

    @Slot(object, str, str)
    def _on_ready(self, line: _Line, key: str, path: str) -> None:
        self._pending.discard(line)
        self._ready[line] = path
        self.prepared.emit(key)
        if line == self._current and not self._playing and not self._text_only():
            self._play(path)

    @Slot(object, str)
    def _on_failed(self, line: _Line, message: str) -> None:
        self._pending.discard(line)
        if line == self._current and not self._playing:
            self.failed.emit(message)
            self._finish()

    # ---- playback ---------------------------------------------------------------------------------------

    def _play(self, path: str) -> None:
        player = self._ensure_player()
        self._playing = True
        player.setSource(QUrl.fromLocalFile(path))
        player.play()

    def _ensure_player(self) -> QMediaPlayer:
        """Created on first use, so a text-only session never loads the multimedia backend."""
        if self._player is None:
            self._player = QMediaPlayer(self)
            self._player.setAudioOutput(QAudioOutput(self._player))
            self._player.playbackStateChanged.connect(self._on_playback_state)
            self._player.positionChanged.connect(self._on_position)
            self._player.mediaStatusChanged.connect(self._on_media_status)
            self._player.errorOccurred.connect(self._on_player_error)
        return self._player

    @Slot(QMediaPlayer.PlaybackState)
    def _on_playback_state(self, state: QMediaPlayer.PlaybackState) -> None:
        if state == QMediaPlayer.PlaybackState.PlayingState and self._playing:
            self.speaking.emit()

    def _on_position(self, position: int) -> None:
        if self._playing and self._player is not None and self._player.duration() > 0:
            self.progress.emit(int(position), int(self._player.duration()))

    @Slot(QMediaPlayer.MediaStatus)
    def _on_media_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if not self._playing:
            return
        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            self._finish()
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._fail_playback("the recording could not be played")

    @Slot(QMediaPlayer.Error, str)
    def _on_player_error(self, error: QMediaPlayer.Error, message: str) -> None:
        if self._playing:
            self._fail_playback(message or str(error))

    def _fail_playback(self, message: str) -> None:
        log.warning("speech playback failed: %s", message)
        self._playing = False
        self.failed.emit(message)
        self._finish()

    # ---- worker thread ---------------------------------------------------------------------------------

    def _start_worker(self, cache_dir: Path, engine_factory: EngineFactory | None) -> None:
        self._thread = QThread()
        self._thread.setObjectName("speech-synthesis")
        self._worker = _SynthWorker(cache_dir, engine_factory)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.start)
        self._request.connect(self._worker.synthesise)
        self._worker.ready.connect(self._on_ready)
        self._worker.failed.connect(self._on_failed)
        self._worker.unavailable.connect(self._on_unavailable)
        self._worker.voices_ready.connect(self._on_voices)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._thread.start()

    def _stop_thread(self) -> None:
        """quit() lets the synthesis under way finish (each has its own timeout) and drops queued ones."""
        if self._thread is None:
            return
        self._thread.quit()
        if not self._thread.wait(_SHUTDOWN_WAIT_MS):
            log.error("the speech thread did not stop; leaving it to end with the process")
            _abandoned.append(self._thread)
        self._thread = None
        self._worker = None
