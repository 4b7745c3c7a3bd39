"""Voice activity from loudness: 10 ms frames against an adaptive noise floor, with hysteresis.

Cheap enough to run on every fed chunk, so the level meter, "speaking" and the silence clock are always current,
and sharp enough (10 ms frames, no look-ahead padding) to time the first voiced sound to a few tens of ms.
"""

from __future__ import annotations

import math

import numpy as np

from app.listening.audio import RATE

FRAME = RATE // 100  # 10 ms
_START_FRAMES = 3  # this many voiced frames in a row start speech (30 ms: a click is not speech)
_HANGOVER_FRAMES = 15  # this many quiet frames in a row end it (150 ms: stops and short gaps stay inside)
_MIN_SEGMENT_S = 0.06
_ABOVE_FLOOR_DB = 12.0
_ABSOLUTE_DB = -52.0  # never call anything quieter than this speech, however quiet the room
_FLOOR_START_DB = -70.0
_FLOOR_RISE_DB = 0.02  # per frame: the floor follows a louder room slowly (about 2 dB a second)…
_FLOOR_FALL = 0.2  # …and a quieter one quickly


def decibels(rms: float) -> float:
    return 20.0 * math.log10(max(rms, 1e-7))


def level_of(samples: np.ndarray) -> float:
    """0..1 loudness for a meter: -60 dBFS (or quieter) is 0, full scale is 1."""
    if len(samples) == 0:
        return 0.0
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    return min(1.0, max(0.0, (decibels(rms) + 60.0) / 60.0))


class EnergyVad:
    """Feed samples in any sizes; read `segments` (closed, in samples), `speaking`, `onset` and `last_voice_end`.

    Not thread-safe by itself: the Listener calls it under its lock.
    """

    def __init__(self) -> None:
        self.floor_db = _FLOOR_START_DB
        self._floor_known = False
        self._rest = np.zeros(0, np.float32)
        self._frames = 0  # frames consumed so far
        self._run = 0  # voiced frames in a row
        self._quiet = 0  # quiet frames in a row while speaking
        self._start = 0  # first frame of the current segment
        self._last_voiced = -1  # last voiced frame
        self.speaking = False
        self.segments: list[tuple[int, int]] = []  # closed voiced segments, sample indices [start, end)
        self.onset: int | None = None  # sample index of the first voiced sound

    @property
    def consumed(self) -> int:
        """Samples looked at so far (whole frames)."""
        return self._frames * FRAME

    @property
    def last_voice_end(self) -> int | None:
        """Sample index just after the latest voiced frame, or None before any speech."""
        return None if self._last_voiced < 0 else (self._last_voiced + 1) * FRAME

    def open_segment(self) -> tuple[int, int] | None:
        """The segment still in progress (speech now, or within the hangover), if any."""
        if not self.speaking:
            return None
        return self._start * FRAME, (self._last_voiced + 1) * FRAME

    def all_segments(self) -> list[tuple[int, int]]:
        current = self.open_segment()
        return self.segments + ([current] if current else [])

    def feed(self, samples: np.ndarray) -> None:
        data = np.concatenate([self._rest, samples]) if len(self._rest) else samples
        whole = len(data) // FRAME
        self._rest = data[whole * FRAME :].copy()
        if whole == 0:
            return
        frames = data[: whole * FRAME].reshape(whole, FRAME).astype(np.float64)
        energies = 10.0 * np.log10(np.maximum(np.mean(frames * frames, axis=1), 1e-14))
        for energy in energies:
            self._step(float(energy))

    def _step(self, energy: float) -> None:
        index = self._frames
        self._frames += 1
        if not self._floor_known:
            self.floor_db, self._floor_known = energy, True
        voiced = energy > max(self.floor_db + _ABOVE_FLOOR_DB, _ABSOLUTE_DB)
        if not voiced:
            if energy < self.floor_db:
                self.floor_db += (energy - self.floor_db) * _FLOOR_FALL
            else:
                self.floor_db += min(_FLOOR_RISE_DB, energy - self.floor_db)
        if self.speaking:
            if voiced:
                self._last_voiced, self._quiet = index, 0
            else:
                self._quiet += 1
                if self._quiet >= _HANGOVER_FRAMES:
                    self._close()
            return
        self._run = self._run + 1 if voiced else 0
        if self._run >= _START_FRAMES:
            self.speaking = True
            self._start = index - self._run + 1
            self._last_voiced, self._quiet, self._run = index, 0, 0
            if self.onset is None:
                self.onset = self._start * FRAME

    def _close(self) -> None:
        self.speaking = False
        start, end = self._start * FRAME, (self._last_voiced + 1) * FRAME
        if end - start >= _MIN_SEGMENT_S * RATE:
            self.segments.append((start, end))


def speech_segments(samples: np.ndarray) -> list[tuple[int, int]]:
    """Voiced segments (sample indices) of a whole recording."""
    vad = EnergyVad()
    vad.feed(np.asarray(samples, dtype=np.float32))
    return vad.all_segments()
