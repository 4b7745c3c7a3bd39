"""The microphone's level while the student speaks: proof that the app is listening."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QWidget

STEPS = 100


class LevelMeter(QProgressBar):
    """A thin bar from 0 to 1; `set_level` follows the loudest recent value and falls back gently, so speech
    reads as a steady bar rather than a flicker."""

    FALL = 0.12  # how far the bar may fall between two readings

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(0, STEPS)
        self.setTextVisible(False)
        self.setAccessibleName("Microphone level")
        self.setMaximumWidth(180)
        self.setFixedHeight(max(6, self.fontMetrics().height() // 2))
        self._shown = 0.0

    def set_level(self, level: float) -> None:
        level = min(1.0, max(0.0, level))
        self._shown = level if level >= self._shown else max(level, self._shown - self.FALL)
        self.setValue(round(self._shown * STEPS))

    def level(self) -> float:
        return self.value() / STEPS
