"""Answering out loud in the window: loads the offline speech model in the background at start-up, runs one
recording at a time from an audio source (the microphone, or a file in tests) into app.listening's Listener, and
hands back the transcript and its recording. Nothing here blocks the UI thread: audio arrives on the source's
thread, transcription runs on the Listener's worker, and finishing waits on a worker lane.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from . import workers
from .microphone import AudioSource, MicrophoneSource, has_microphone

if TYPE_CHECKING:
    from ..core.delivery import Delivery, Transcript
    from ..listening import Listener, Recogniser

log = logging.getLogger(__name__)

HANDS_FREE_END_S = 1.5  # hands-free: this much silence after speaking ends the answer
HANDS_FREE_GIVE_UP_S = 30.0  # hands-free: nothing said in this long stops listening (typing still works)
LEVEL_MS = 50


@dataclass(frozen=True)
class Recording:
    """One spoken answer: what was heard, its audio (float32 mono 16 kHz) and when the recording started, on
    time.monotonic()."""

    transcript: Transcript
    samples: Any
    started_at: float

    def delivery(self, line_ended_at: float | None, edited_text: str | None = None) -> Delivery:
        """How the answer was said, its onset counted from `line_ended_at` (time.monotonic(); None: the recording
        began as the line ended), placed in `edited_text` when the student corrected the transcript."""
        from ..core.delivery import measure

        line_end_s = (line_ended_at if line_ended_at is not None else self.started_at) - self.started_at
        return measure(self.transcript, line_end_s, edited_text)


SourceFactory = Callable[[], AudioSource]


class Listening(QObject):
    """The window's one speech-to-text service.

    States: loading → ready (or unavailable with a reason) → listening ↔ ready. Signals come on the UI thread."""

    ready = Signal()
    unavailable = Signal(str)  # why answers can't be spoken: no microphone, no model, ...
    started = Signal()
    partial = Signal(str)  # the words so far, while the student speaks
    level = Signal(float)  # 0..1, every LEVEL_MS while listening
    heard = Signal(object)  # a Recording, once the student has stopped
    failed = Signal(str)  # this recording failed (the source or the recogniser): a sentence for the window

    _partial_from_worker = Signal(str)
    _failed_from_source = Signal(str)

    def __init__(self, source_factory: SourceFactory | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._factory = source_factory
        self._recogniser: Recogniser | None = None
        self._reason: str | None = None
        self._source: AudioSource | None = None
        self._listener: Listener | None = None
        self._started_at = 0.0
        self._hands_free = False
        self._heard_voice = False
        self._finishing = False
        self.owner: object = None  # who asked for the recording in progress (or the last one)
        self._level_timer = QTimer(self, interval=LEVEL_MS)
        self._level_timer.timeout.connect(self._poll)
        self._partial_from_worker.connect(self.partial)
        self._failed_from_source.connect(self._source_failed)

    # ---- set-up -----------------------------------------------------------------------------------------
    def load(self) -> None:
        """Check for a microphone and load the speech model on a worker (once)."""
        if self._recogniser is not None or self._reason is not None:
            return
        if self._factory is None and not has_microphone():
            self._set_unavailable("No microphone was found, so answers are typed.")
            return
        workers.start(_load_model, self._loaded, self._load_failed, lane="listening", owner=self)

    def _loaded(self, recogniser: Recogniser) -> None:
        self._recogniser = recogniser
        self.ready.emit()

    def _load_failed(self, error: Exception) -> None:
        name = type(error).__name__
        reason = str(error) if name == "SpeechModelUnavailable" else f"the speech model couldn't load ({error})"
        self._set_unavailable(f"Speaking isn't available: {reason}. Answers are typed.")

    def _set_unavailable(self, reason: str) -> None:
        self._reason = reason
        log.info("answering out loud is off: %s", reason)
        self.unavailable.emit(reason)

    def is_for(self, asker: object) -> bool:
        """Whether the recording in progress, or just heard, was asked for by `asker`."""
        return self.owner is asker

    @property
    def is_ready(self) -> bool:
        return self._recogniser is not None

    @property
    def reason(self) -> str | None:
        """Why speaking is off, or None (ready, or still loading)."""
        return self._reason

    @property
    def listening(self) -> bool:
        return self._listener is not None and not self._finishing

    @property
    def busy(self) -> bool:
        """Listening, or working out the transcript of what was just said."""
        return self._listener is not None

    # ---- one recording ----------------------------------------------------------------------------------
    def begin(self, *, hands_free: bool = False, owner: object = None) -> bool:
        """Open the microphone and start listening; False when it can't (not ready, or already busy). `owner`:
        who asked (the page or panel that should take the transcript: see `is_for`)."""
        if self._recogniser is None or self._listener is not None:
            return False
        self.owner = owner
        from ..listening import Listener

        self._source = self._factory() if self._factory is not None else MicrophoneSource()
        self._listener = Listener(self._recogniser, on_partial=self._partial_from_worker.emit)
        self._source.chunk.connect(self._listener.feed)  # called on the source's thread
        self._source.failed.connect(self._failed_from_source.emit)
        self._hands_free = hands_free
        self._heard_voice = False
        self._finishing = False
        self._started_at = time.monotonic()
        self._source.begin()
        self._level_timer.start()
        self.started.emit()
        return True

    def end(self) -> None:
        """The student has stopped: close the microphone and finish the transcript on a worker."""
        listener, source = self._listener, self._source
        if listener is None or source is None or self._finishing:
            return
        self._finishing = True
        self._level_timer.stop()
        self.level.emit(0.0)
        started_at = self._started_at

        def finish() -> Recording:
            stopped = _wait_for(source)
            transcript = listener.finish(timeout=120)
            if not stopped:
                log.warning("the audio source did not confirm it had stopped")
            return Recording(transcript, listener.samples(), started_at)

        workers.start(finish, self._finished, self._finish_failed, lane="listening", owner=self)

    def cancel(self) -> None:
        """Drop the recording in progress (leaving the page, re-recording)."""
        listener, source = self._listener, self._source
        self._release()
        if source is not None:
            source.end()
            QTimer.singleShot(2000, source.shutdown)
        if listener is not None:
            listener.cancel()

    def shutdown(self) -> None:
        """The window is closing: stop any recording and its capture thread now (not on a later timer turn)."""
        source = self._source
        self.cancel()
        if source is not None:
            source.shutdown()

    def _finished(self, recording: Recording) -> None:
        source = self._source
        self._release()
        if source is not None:
            source.shutdown()
        self.heard.emit(recording)

    def _finish_failed(self, error: Exception) -> None:
        source = self._source
        self._release()
        if source is not None:
            source.shutdown()
        self.failed.emit(f"What you said couldn't be turned into text ({error}). Type your answer, or try again.")

    def _source_failed(self, message: str) -> None:
        if self._listener is None:
            return
        self.cancel()
        self.failed.emit(message)

    def _release(self) -> None:
        self._level_timer.stop()
        self._listener = None
        self._source = None
        self._finishing = False

    def _poll(self) -> None:
        listener = self._listener
        if listener is None:
            return
        self.level.emit(listener.level)
        if not self._hands_free:
            return
        if listener.speaking:
            self._heard_voice = True
        elif self._heard_voice and listener.silence_s >= HANDS_FREE_END_S:
            self.end()
        elif not self._heard_voice and time.monotonic() - self._started_at > HANDS_FREE_GIVE_UP_S:
            self.cancel()
            self.failed.emit("Nothing was heard, so the microphone was closed. Press Space to speak, or type.")


def _load_model() -> Recogniser:
    from ..listening import load_recogniser

    return load_recogniser()


def _wait_for(source: AudioSource, timeout_s: float = 2.0) -> bool:
    """Ask the source to stop (on its own thread) and wait until it has handed out its last chunk."""
    import threading

    done = threading.Event()
    source.ended.connect(done.set)
    source.end()
    return done.wait(timeout_s)
