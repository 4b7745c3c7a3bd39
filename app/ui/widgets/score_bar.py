"""A score bar coloured by band (needs work / getting there / strong), readable in light and dark palettes.

The number is drawn in the palette's text colour; each band's colour is the band's hue at whatever lightness
gives that text a contrast of at least 4.5:1 (WCAG AA), so the same code works on any palette.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette
from PySide6.QtWidgets import QProgressBar, QWidget

MIN_CONTRAST = 4.5
_TARGET_CONTRAST = 4.8  # a little above the minimum, so rounding to 8-bit colour never drops below it


@dataclass(frozen=True)
class Band:
    key: str  # "low", "mid", "high": the bar's "band" property
    lowest: int  # the lowest score in the band
    words: str  # what the band means, for the tooltip and screen readers
    hue: float  # 0..1
    saturation: float  # 0..1


BANDS = (  # highest first
    Band("high", 75, "strong", 130 / 360, 0.55),
    Band("mid", 50, "getting there", 42 / 360, 0.85),
    Band("low", 0, "needs work", 2 / 360, 0.70),
)


def band_for(score: float) -> Band:
    """75 and up is strong, 50–74 getting there, below 50 needs work (scores as shown, rounded)."""
    shown = round(score)
    return next(band for band in BANDS if shown >= band.lowest)


def luminance(colour: QColor) -> float:
    """WCAG relative luminance of an sRGB colour (0 black … 1 white)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour(palette: QPalette) -> QColor:
    """The number's colour: the palette's text colour (the bar's track is the palette's base)."""
    return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)


def band_colour(score: float, palette: QPalette) -> QColor:
    """The band's hue, as light (dark text) or as dark (light text) as it must be for the number to read."""
    band = band_for(score)
    return readable_colour(band.hue, band.saturation, text_colour(palette))


def readable_colour(hue: float, saturation: float, against: QColor) -> QColor:
    """A colour of this hue with a contrast of at least 4.5:1 to `against`: lighter than a dark `against`,
    darker than a light one (the other way round only when that can't reach the contrast)."""
    lighter_first = luminance(against) < 0.18
    starts = (0.62, 0.38) if lighter_first else (0.38, 0.62)
    steps = (0.01, -0.01) if lighter_first else (-0.01, 0.01)
    for start, step in zip(starts, steps, strict=True):
        lightness = start
        while 0.0 <= lightness <= 1.0:
            colour = QColor.fromHslF(hue, saturation, lightness)
            if contrast(colour, against) >= _TARGET_CONTRAST:
                return colour
            lightness += step
    return QColor(Qt.GlobalColor.white if luminance(against) < 0.5 else Qt.GlobalColor.black)


class ScoreBar(QProgressBar):
    """A 0–100 score: the filled part in its band's colour, the number on top in the palette's text colour."""

    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(0, 100)
        self.setTextVisible(True)
        self.setAccessibleName(label)
        self.setMinimumHeight(self.fontMetrics().height() + 8)
        self._score = 0.0
        self.show_score(0)

    def show_score(self, score: float) -> None:
        self._score = score
        band = band_for(score)
        self.setValue(round(score))
        self.setFormat(f"{score:.0f}")
        self.setProperty("band", band.key)
        words = f"{score:.0f} out of 100: {band.words}"
        self.setToolTip(words)
        self.setAccessibleDescription(words)
        self.update()

    def band(self) -> Band:
        return band_for(self._score)

    def fill_colour(self) -> QColor:
        return band_colour(self._score, self.palette())

    def number_colour(self) -> QColor:
        return text_colour(self.palette())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outline = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        shape = QPainterPath()
        shape.addRoundedRect(outline, 5, 5)
        painter.fillPath(shape, palette.color(QPalette.ColorRole.Base))
        span = max(1, self.maximum() - self.minimum())
        share = min(1.0, max(0.0, (self.value() - self.minimum()) / span))
        if share > 0:
            painter.save()
            painter.setClipPath(shape)
            painter.fillRect(
                QRectF(outline.left(), outline.top(), outline.width() * share, outline.height()), self.fill_colour()
            )
            painter.restore()
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawPath(shape)
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self.number_colour())
        painter.drawText(outline, Qt.AlignmentFlag.AlignCenter, self.text())
        painter.end()
