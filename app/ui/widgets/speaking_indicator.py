"""'Speaking…' and how far through its line the recruiter is, so a silent wait never looks like a frozen clock."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QWidget

from .labels import plain_label

STEPS = 1000
_ESTIMATE_CAP = 0.95  # an estimate never claims the line is over: only the real end of the line does


class SpeakingIndicator(QWidget):
    """Shown while a line plays. Progress is the real playback position when the speech service reports it,
    otherwise the time since the line started against an estimate of its length."""

    def __init__(self, parent: QWidget | None = None, clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self._clock = clock
        self._estimate_s = 1.0
        self._started: float | None = None
        self._real = False
        self.label = plain_label("Speaking…", "muted")
        self.label.setAccessibleName("The recruiter is speaking")
        self.bar = QProgressBar()
        self.bar.setRange(0, STEPS)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("How much of the line has been spoken")
        self.bar.setMaximumWidth(160)
        self.bar.setFixedHeight(max(6, self.fontMetrics().height() // 2))
        self._timer = QTimer(self, interval=100)
        self._timer.timeout.connect(self._advance)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.hide()

    def start(self, estimate_s: float) -> None:
        """A line is on its way: show 'Speaking…' and count against the estimate until the audio reports."""
        self._estimate_s = max(0.5, estimate_s)
        self._started = None
        self._real = False
        self.bar.setValue(0)
        self.show()
        self._timer.start()

    def playing(self) -> None:
        """The audio has started: the estimate counts from now (synthesis may have taken a moment)."""
        if self._timer.isActive():
            self._started = self._clock()

    def position(self, played_ms: int, length_ms: int) -> None:
        """The real playback position, which replaces the estimate."""
        if length_ms > 0 and self._timer.isActive():
            self._real = True
            self.bar.setValue(min(STEPS, round(played_ms / length_ms * STEPS)))

    def stop(self) -> None:
        self._timer.stop()
        self._started = None
        self.hide()

    def share(self) -> float:
        """How much of the line has been spoken, 0 to 1, as the bar shows it."""
        return self.bar.value() / STEPS

    def _advance(self) -> None:
        if self._real:
            return
        if self._started is None:
            self._started = self._clock()
        share = (self._clock() - self._started) / self._estimate_s
        self.bar.setValue(round(min(_ESTIMATE_CAP, share) * STEPS))
