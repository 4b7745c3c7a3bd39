"""Goodwill over the call: a small line chart of the recruiter's goodwill (0–100) at the start and after each answer.

Painted with QPainter in the palette's colours (light or dark), so it costs nothing to build and needs no charts
library for a handful of points.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...core.session import TurnRecord

TITLE = "Goodwill over the call"
_LEFT, _RIGHT, _TOP, _BOTTOM = 34, 16, 22, 22  # room for the 0/50/100 labels, the value labels and the moments


def describe(values: list[int]) -> str:
    """The chart in words, for screen readers and the tooltip."""
    if not values:
        return ""
    after = ", ".join(str(v) for v in values[1:])
    return f"Goodwill started at {values[0]}" + (f", then after each answer: {after}." if after else ".")


class GoodwillChart(QWidget):
    """x: the start of the call, then each moment; y: goodwill from 0 to 100."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._values: list[int] = []
        self.setAccessibleName(TITLE)
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(360, 140)

    def show_values(self, values: list[int]) -> None:
        """Hidden when there is nothing to show (a rehearsal from before goodwill was kept)."""
        self._values = [max(0, min(100, int(v))) for v in values]
        words = describe(self._values)
        self.setAccessibleDescription(words)
        self.setToolTip(words)
        self.setVisible(bool(self._values))
        self.update()

    def values(self) -> list[int]:
        return list(self._values)

    def labels(self) -> list[str]:
        """What each point is called along the bottom."""
        wide = len(self._values) <= 5
        return ["Start"] + [f"After moment {n}" if wide else str(n) for n in range(1, len(self._values))]

    def plot_area(self) -> QRectF:
        return QRectF(self.rect()).adjusted(_LEFT, _TOP, -_RIGHT, -_BOTTOM)

    def point(self, index: int) -> QPointF:
        """Where the index-th value is drawn."""
        area = self.plot_area()
        count = len(self._values)
        x = area.left() + (area.width() * index / (count - 1) if count > 1 else area.width() / 2)
        y = area.bottom() - area.height() * self._values[index] / 100
        return QPointF(x, y)

    def line_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Highlight)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if not self._values:
            return
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        grid = QColor(muted)
        grid.setAlphaF(0.45)
        area = self.plot_area()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        small = painter.font()
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        painter.setFont(small)
        for level in (0, 50, 100):
            y = area.bottom() - area.height() * level / 100
            painter.setPen(QPen(grid, 1, Qt.PenStyle.DashLine if level == 50 else Qt.PenStyle.SolidLine))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(muted)
            painter.drawText(
                QRectF(0, y - 10, _LEFT - 6, 20),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(level),
            )
        points = [self.point(i) for i in range(len(self._values))]
        path = QPainterPath(points[0])
        for point in points[1:]:
            path.lineTo(point)
        colour = self.line_colour()
        painter.setPen(QPen(colour, 2.5))
        painter.drawPath(path)
        painter.setBrush(colour)
        for point in points:
            painter.drawEllipse(point, 4, 4)
        labels = self.labels()
        for index, (point, value) in enumerate(zip(points, self._values, strict=True)):
            painter.setPen(text)
            above = QRectF(point.x() - 20, point.y() - 22, 40, 16)
            painter.drawText(above, Qt.AlignmentFlag.AlignCenter, str(value))
            painter.setPen(muted)
            flags = Qt.AlignmentFlag.AlignTop | (
                Qt.AlignmentFlag.AlignLeft
                if index == 0 and len(points) > 1
                else Qt.AlignmentFlag.AlignRight
                if index == len(points) - 1 and len(points) > 1
                else Qt.AlignmentFlag.AlignHCenter
            )
            width = 110
            left = point.x() - (
                0 if flags & Qt.AlignmentFlag.AlignLeft else width if flags & Qt.AlignmentFlag.AlignRight else width / 2
            )
            painter.drawText(QRectF(left, area.bottom() + 4, width, _BOTTOM), flags, labels[index])
        painter.end()


def goodwill_words(record: TurnRecord) -> str:
    """ "Goodwill 62 → 55" (before and after the answer), "Goodwill 55" when only the after is known, or ""."""
    moved = record.goodwill_step
    if moved is not None:
        return f"Goodwill {moved.before} → {moved.after}"
    return f"Goodwill {record.goodwill}" if record.goodwill is not None else ""


def goodwill_reasons(record: TurnRecord) -> str:
    """Why goodwill moved: "warm tone +2, thanked them +5" ("" when nothing moved it, or it isn't known)."""
    moved = record.goodwill_step
    return ", ".join(f"{c.label} {c.change:+d}" for c in moved.changes) if moved is not None else ""
