"""Light and dark appearance (app/ui/theme.py): the palette and stylesheet follow the choice in Preferences at
once, and the computer's colour scheme when the choice is "Same as my computer"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QStyleHints
from PySide6.QtWidgets import QDialog, QLabel

from app import paths
from app.ui import theme
from app.ui.dialogs.settings_dialog import Preferences, SettingsDialog
from app.ui.main_window import MainWindow, settings
from app.ui.speech import SpeechService
from app.ui.widgets.progress_charts import ProgressCharts

Role = QPalette.ColorRole
STYLES = paths.resources() / "styles"
HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")


@pytest.fixture(autouse=True)
def restored_look(qapp):
    """Every test here changes the whole app's look: put the default (light, no stylesheet) back afterwards."""
    style = qapp.styleSheet()
    yield qapp
    theme.apply(qapp, theme.SYSTEM)
    qapp.processEvents()  # two style sheets set back to back, with no event between, can crash Qt
    qapp.setStyleSheet(style)


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(one: QColor | str, other: QColor | str) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(QColor(one)), luminance(QColor(other))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def is_dark(palette: QPalette) -> bool:
    return palette.color(Role.Window).lightness() < 80 and palette.color(Role.WindowText).lightness() > 180


def test_the_scheme_follows_the_choice_or_the_desktop_and_is_light_when_the_desktop_does_not_say() -> None:
    assert theme.scheme_for(theme.DARK, Qt.ColorScheme.Light) == theme.DARK
    assert theme.scheme_for(theme.LIGHT, Qt.ColorScheme.Dark) == theme.LIGHT
    assert theme.scheme_for(theme.SYSTEM, Qt.ColorScheme.Dark) == theme.DARK
    assert theme.scheme_for(theme.SYSTEM, Qt.ColorScheme.Light) == theme.LIGHT
    assert theme.scheme_for(theme.SYSTEM, Qt.ColorScheme.Unknown) == theme.LIGHT  # Linux without a desktop setting


def test_choosing_dark_in_preferences_turns_the_window_dark_at_once_and_back(
    qtbot, qapp, user_scenarios: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(speech=SpeechService(paths.user_cache() / "speech", enabled=False))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.library_page.loaded):
        window.show()
    choice: list[str] = []

    def choose(dialog: SettingsDialog) -> int:
        dialog.appearance.setCurrentIndex(dialog.appearance.findData(choice[-1]))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", choose)
    assert not is_dark(qapp.palette()) and not is_dark(window.library_page.table.palette())
    choice.append(theme.DARK)
    window.edit_preferences()
    assert is_dark(qapp.palette()) and is_dark(window.palette())
    table = window.library_page.table.palette()
    assert table.color(Role.Base).lightness() < 60 and table.color(Role.Text).lightness() > 180
    assert qapp.styleSheet().endswith((STYLES / "dark.qss").read_text(encoding="utf-8"))
    assert Preferences.load(settings()).appearance == theme.DARK  # saved for next time
    choice.append(theme.SYSTEM)
    window.edit_preferences()
    assert not is_dark(qapp.palette()) and qapp.palette().color(Role.Window).lightness() > 180
    assert qapp.styleSheet().endswith((STYLES / "light.qss").read_text(encoding="utf-8"))
    window.close()


def test_system_follows_the_desktop_when_it_changes_and_an_explicit_choice_does_not(
    qapp, monkeypatch: pytest.MonkeyPatch
) -> None:
    desktop = [Qt.ColorScheme.Unknown]
    monkeypatch.setattr(QStyleHints, "colorScheme", lambda _hints: desktop[-1])
    monkeypatch.setattr(QStyleHints, "setColorScheme", lambda _hints, _scheme: None)  # as on a desktop without it
    theme.apply(qapp, theme.SYSTEM)
    assert not is_dark(qapp.palette())
    desktop.append(Qt.ColorScheme.Dark)
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert is_dark(qapp.palette())
    theme.apply(qapp, theme.LIGHT)
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert not is_dark(qapp.palette())  # the student chose Light: it stays light


def test_the_dark_palette_reads_well() -> None:
    palette = theme.dark_palette()
    for text, background in (
        (Role.WindowText, Role.Window),
        (Role.Text, Role.Base),
        (Role.Text, Role.AlternateBase),
        (Role.ButtonText, Role.Button),
        (Role.HighlightedText, Role.Highlight),
        (Role.ToolTipText, Role.ToolTipBase),
        (Role.Link, Role.Base),
    ):
        assert contrast(palette.color(text), palette.color(background)) >= 4.5, (text, background)
    assert contrast(palette.color(Role.PlaceholderText), palette.color(Role.Base)) >= 4.5  # muted labels use it
    disabled = palette.color(QPalette.ColorGroup.Disabled, Role.Text)
    assert (
        1.8
        <= contrast(disabled, palette.color(Role.Base))
        < contrast(palette.color(Role.Text), palette.color(Role.Base))
    )


def test_the_shared_stylesheet_names_no_colours_and_each_variant_keeps_its_text_readable() -> None:
    """app.qss takes every colour from the palette; light.qss and dark.qss colours read well on their own
    background, or on that scheme's window when the rule sets none."""
    assert HEX.findall((STYLES / "app.qss").read_text(encoding="utf-8")) == []
    windows = {theme.LIGHT: theme.light_palette(), theme.DARK: theme.dark_palette()}
    checked = 0
    for scheme, palette in windows.items():
        sheet = (STYLES / f"{scheme}.qss").read_text(encoding="utf-8")
        for selector, body in re.findall(r"([^{}/]+)\{([^}]*)\}", sheet):
            text = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", body)
            if text:
                background = re.search(r"background(?:-color)?:\s*(#[0-9a-fA-F]{6})", body)
                behind = background.group(1) if background else palette.color(Role.Window)
                assert contrast(text.group(1), behind) >= 4.5, (scheme, selector.strip())
                checked += 1
    assert checked >= 4


def test_a_notice_label_is_light_on_dark_in_dark_mode(qtbot, qapp) -> None:
    label = QLabel("Your history could not be saved")
    label.setProperty("role", "notice")
    qtbot.addWidget(label)
    theme.apply(qapp, theme.DARK)
    label.show()
    qtbot.waitExposed(label)
    image = label.grab().toImage()
    background = image.pixelColor(2, image.height() // 2)
    assert background.lightness() < 100  # not the light-mode yellow box


def test_progress_charts_follow_the_palette(qtbot, qapp) -> None:
    charts = ProgressCharts({"confidence": "Confidence"})
    qtbot.addWidget(charts)
    assert charts.scores_view.chart().backgroundBrush().color().lightness() > 180
    theme.apply(qapp, theme.DARK)
    qtbot.waitUntil(lambda: charts.dark)  # on the next turn of the event loop
    chart = charts.scores_view.chart()
    assert chart.backgroundBrush().color().lightness() < 60
    assert chart.titleBrush().color().lightness() > 150  # the title reads on the dark background
    theme.apply(qapp, theme.SYSTEM)
    qtbot.waitUntil(lambda: not charts.dark)
    assert not charts.dark and charts.scores_view.chart().backgroundBrush().color().lightness() > 180
