"""Score bars are coloured by band and their numbers read well (WCAG AA, 4.5:1) in light and dark palettes: checked
on the pixels the bar really paints, not on the colours it means to use."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPalette

from app.ui.widgets.feedback import highlight_colours
from app.ui.widgets.score_bar import MIN_CONTRAST, ScoreBar, band_for, contrast


def palette(window: str, base: str, text: str) -> QPalette:
    colours = QPalette(QColor(window))
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, window),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Mid, "#808080"),
    ):
        colours.setColor(role, QColor(colour))
    return colours


PALETTES = {
    "light": palette("#efefef", "#ffffff", "#1a1a1a"),
    "dark": palette("#2b2b2b", "#1e1e1e", "#eaeaea"),
    "dark-grey-text": palette("#303030", "#262626", "#b0b0b0"),  # a dim text colour still gets readable fills
}
SCORES = (12, 49, 50, 62, 74, 75, 96)


def app_palettes() -> dict[str, QPalette]:
    """The app's own light and dark palettes (app/ui/theme.py), when it has them."""
    try:
        from app.ui import theme
    except ImportError:
        return {}
    return {"app-light": theme.light_palette(), "app-dark": theme.dark_palette()}


PALETTES.update(app_palettes())


def painted(bar: ScoreBar) -> QImage:
    bar.resize(300, 24)
    return bar.grab().toImage()


@pytest.mark.parametrize("name", list(PALETTES))
@pytest.mark.parametrize("score", SCORES)
def test_the_number_reads_against_the_bar_in_light_and_dark_palettes(qtbot, name: str, score: int) -> None:
    bar = ScoreBar("Confidence")
    qtbot.addWidget(bar)
    bar.setPalette(PALETTES[name])
    bar.show_score(score)
    image = painted(bar)
    middle = image.height() // 2
    fill = image.pixelColor(QPoint(6, middle))  # well inside the filled part (every score here is above 2)
    track = image.pixelColor(QPoint(image.width() - 6, middle))  # the empty part (every score here is below 98)
    text = bar.number_colour()
    assert text == PALETTES[name].color(QPalette.ColorRole.Text), "the number takes its colour from the palette"
    assert contrast(text, fill) >= MIN_CONTRAST, f"{text.name()} on {fill.name()}"
    assert contrast(text, track) >= MIN_CONTRAST, f"{text.name()} on {track.name()}"
    assert fill.name() == bar.fill_colour().name(), "the fill is painted in the band's colour"
    number = [
        image.pixelColor(QPoint(x, y)).name()
        for x in range(image.width() // 2 - 12, image.width() // 2 + 12)
        for y in range(4, image.height() - 4)
    ]
    assert text.name() in number, "the number is painted in the text colour"


@pytest.mark.parametrize("name", ["light", "dark"])
def test_each_band_has_its_own_colour(qtbot, name: str) -> None:
    bar = ScoreBar("Value")
    qtbot.addWidget(bar)
    bar.setPalette(PALETTES[name])
    fills = {}
    for score in SCORES:
        bar.show_score(score)
        fills.setdefault(bar.property("band"), set()).add(painted(bar).pixelColor(QPoint(6, 12)).name())
    assert set(fills) == {"low", "mid", "high"}
    assert all(len(colours) == 1 for colours in fills.values()), "one colour per band"
    assert len({next(iter(colours)) for colours in fills.values()}) == 3


@pytest.mark.parametrize(("score", "band"), [(0, "low"), (49.4, "low"), (49.6, "mid"), (74, "mid"), (75, "high")])
def test_bands_follow_the_number_shown(score: float, band: str) -> None:
    assert band_for(score).key == band


def test_the_bar_says_its_band_in_words(qtbot) -> None:
    bar = ScoreBar("Respect")
    qtbot.addWidget(bar)
    bar.show_score(41)
    assert bar.value() == 41 and bar.text() == "41"
    assert "41 out of 100" in bar.accessibleDescription() and band_for(41).words in bar.toolTip()


@pytest.mark.parametrize("name", ["light", "dark"])
def test_highlighted_words_read_on_the_answer_background(name: str) -> None:
    colours = PALETTES[name]
    background = colours.color(QPalette.ColorRole.Base)
    for colour in highlight_colours(colours):
        assert contrast(colour, background) >= MIN_CONTRAST
