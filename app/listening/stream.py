"""A recording in progress: audio arrives in chunks, a worker thread transcribes it piece by piece at the
student's pauses, so when they stop only the last few words are left to do."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from app.core.delivery import Transcript
from app.listening.audio import RATE, pcm16_to_float, read_wav
from app.listening.recogniser import MAX_PIECE_S, Heard, Recogniser, build_transcript, load_recogniser
from app.listening.vad import EnergyVad, level_of

log = logging.getLogger(__name__)

# Pieces are cut at pauses, not at every gap between sentences: Whisper hears a phrase cut off from the one
# before it worse (cutting at 0.3 s pauses gave a word error rate of 0.136 on the bench, at 0.6 s 0.116), and
# the last piece is still transcribed during the silence after the student's last word.
PAUSE_S = 0.6  # silence after speech that lets the worker commit what came before
LONG_PAUSE_S = 0.7  # after this much silence even a short piece is committed
MIN_PIECE_S = 2.0  # otherwise pieces hold at least this much audio (each Whisper call has a fixed cost)
_EDGE_S = 0.4  # silence kept before a piece's speech (and up to half the pause after it)
_FILE_CHUNK_S = 0.1


class Listener:
    """Feed int16 mono 16 kHz PCM as it arrives; finish() returns the Transcript. Thread-safe: feed, the
    properties, finish and cancel may be called from any thread. on_partial gets the text so far (on the
    worker thread) each time a piece is committed."""

    def __init__(self, recogniser: Recogniser, on_partial: Callable[[str], None] | None = None) -> None:
        self._recogniser = recogniser
        self._on_partial = on_partial
        self._cond = threading.Condition()
        self._parts: list[np.ndarray] = []
        self._total = 0
        self._vad = EnergyVad()
        self._level = 0.0
        self._odd = b""  # half a sample left over from the last chunk
        self._committed = 0  # audio before this sample has been transcribed (or is silence)
        self._heard: list[Heard] = []
        self._finishing = False
        self._cancelled = False
        self._done = threading.Event()
        self._result: Transcript | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="listener", daemon=True)
        self._thread.start()

    # ---- the caller's side -------------------------------------------------------------------------------

    def feed(self, pcm: bytes) -> None:
        """Add a chunk (any size). Only converts it and updates the voice-activity state: never transcribes."""
        with self._cond:
            pcm, self._odd = self._odd + pcm, b""
            if len(pcm) % 2:
                pcm, self._odd = pcm[:-1], pcm[-1:]
            samples = pcm16_to_float(pcm)
            if len(samples) == 0:
                return
            if self._finishing or self._cancelled:
                return
            self._parts.append(samples)
            self._total += len(samples)
            self._vad.feed(samples)
            self._level = level_of(samples)
            self._cond.notify()

    @property
    def level(self) -> float:
        """0..1 loudness of the latest chunk."""
        with self._cond:
            return self._level

    @property
    def speaking(self) -> bool:
        with self._cond:
            return self._vad.speaking

    @property
    def silence_s(self) -> float:
        """Seconds since the last voiced sound (since the start, before any)."""
        with self._cond:
            last = self._vad.last_voice_end or 0
            return 0.0 if self._vad.speaking else max(0, self._vad.consumed - last) / RATE

    @property
    def onset_s(self) -> float | None:
        """The first voiced sound, seconds from the first fed sample (None: nothing said yet)."""
        with self._cond:
            return None if self._vad.onset is None else self._vad.onset / RATE

    @property
    def busy_s(self) -> float:
        """Seconds the recogniser has spent transcribing (for all Listeners sharing it)."""
        return self._recogniser.busy_s

    def samples(self) -> np.ndarray:
        """Everything fed so far, float32 mono 16 kHz."""
        with self._cond:
            return self._joined()

    def finish(self, timeout: float | None = None) -> Transcript:
        """Stop taking audio and wait for the transcript (only the untranscribed tail is left to do)."""
        with self._cond:
            self._finishing = True
            self._cond.notify()
        if not self._done.wait(timeout):
            raise TimeoutError("the transcript was not ready in time")
        if self._error is not None:
            raise self._error
        if self._result is None:
            raise RuntimeError("the recording was cancelled")
        return self._result

    def cancel(self) -> None:
        """Drop the recording; the worker stops after the piece it is on (if any)."""
        with self._cond:
            self._cancelled = True
            self._cond.notify()

    # ---- the worker ---------------------------------------------------------------------------------------

    def _joined(self) -> np.ndarray:
        if len(self._parts) != 1:
            self._parts = [np.concatenate(self._parts) if self._parts else np.zeros(0, np.float32)]
        return self._parts[0]

    def _run(self) -> None:
        try:
            while True:
                with self._cond:
                    piece = self._next_piece()
                    while piece is None and not self._finishing and not self._cancelled:
                        self._cond.wait()
                        piece = self._next_piece()
                    if self._cancelled:
                        return
                    if piece is None:  # finishing, nothing left to transcribe
                        self._result = build_transcript(self._heard, self._vad.all_segments(), self._total)
                        return
                    start, end = piece
                    audio = self._joined()[start:end].copy()
                    before = list(self._heard)
                heard = self._recogniser.piece(audio, start / RATE, before)
                with self._cond:
                    self._heard += heard
                    self._committed = end
                    text = " ".join(word.text.strip() for word in self._heard)
                if self._on_partial is not None and heard:
                    self._on_partial(text)
        except BaseException as exc:  # handed to finish(), which re-raises on the caller's thread
            log.exception("transcription failed")
            self._error = exc
        finally:
            self._done.set()

    def _next_piece(self) -> tuple[int, int] | None:
        """The next sample range to transcribe, or None to wait. Called under the lock."""
        edge = int(_EDGE_S * RATE)
        upcoming = [seg for seg in self._vad.all_segments() if seg[1] > self._committed]
        if not upcoming:
            return None
        first = max(self._committed, upcoming[0][0] - edge)
        if self._finishing:
            return first, self._total
        heard_to = self._vad.consumed
        cut: tuple[int, int] | None = None
        for index, (_, end) in enumerate(upcoming):
            following = upcoming[index + 1][0] if index + 1 < len(upcoming) else heard_to
            gap = following - end
            if gap < PAUSE_S * RATE:
                continue
            if end - first >= MIN_PIECE_S * RATE or gap >= LONG_PAUSE_S * RATE:
                cut = (first, end + min(edge, gap // 2))
        if cut is None and heard_to - first > MAX_PIECE_S * RATE:
            closed = [seg for seg in upcoming if seg in self._vad.segments]
            if closed:
                cut = (first, closed[-1][1] + min(edge, (heard_to - closed[-1][1]) // 2))
        return cut


def transcribe_file(path: str | Path, recogniser: Recogniser | None = None) -> Transcript:
    """A WAV file through a Listener in 100 ms chunks (the microphone's pipeline), as fast as it goes."""
    samples = read_wav(path)
    listener = Listener(recogniser or load_recogniser())
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    step = int(_FILE_CHUNK_S * RATE) * 2
    for at in range(0, len(pcm), step):
        listener.feed(pcm[at : at + step])
    return listener.finish()
