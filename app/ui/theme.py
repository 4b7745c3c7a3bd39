"""Light and dark appearance: the palette and the stylesheet, following the computer's setting or the student's choice.

`apply(app, appearance)` sets both at once, so a change in Preferences shows without a restart. "System" follows
the desktop's colour scheme (Qt's QStyleHints.colorScheme, and its changes while the app runs); where the desktop
doesn't say (Linux without a desktop setting), it is light.

The stylesheet is resources/styles/app.qss (colours from the palette) followed by light.qss or dark.qss (the few
colours a palette has no role for). Both variants are read once, at start-up, so switching never waits on disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from .. import paths

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

SYSTEM, LIGHT, DARK = "system", "light", "dark"
APPEARANCES = {SYSTEM: "Same as my computer", LIGHT: "Light", DARK: "Dark"}  # choice -> words in Preferences
SETTINGS_KEY = "appearance/scheme"

_Role, _Group = QPalette.ColorRole, QPalette.ColorGroup
# One dark palette for every platform: calm greys, text light enough to read for a long session, a blue accent.
_DARK = {
    _Role.Window: "#202124",
    _Role.WindowText: "#e8eaed",
    _Role.Base: "#17181a",
    _Role.AlternateBase: "#292a2e",
    _Role.Text: "#e8eaed",
    _Role.PlaceholderText: "#9aa0a6",
    _Role.Button: "#2d2f33",
    _Role.ButtonText: "#e8eaed",
    _Role.BrightText: "#ff8a80",
    _Role.Light: "#45484e",
    _Role.Midlight: "#383a3f",
    _Role.Mid: "#2a2c30",
    _Role.Dark: "#141517",
    _Role.Shadow: "#000000",
    _Role.Highlight: "#3570d0",
    _Role.HighlightedText: "#ffffff",
    _Role.Accent: "#3570d0",
    _Role.Link: "#8ab4f8",
    _Role.LinkVisited: "#c58af9",
    _Role.ToolTipBase: "#2d2f33",
    _Role.ToolTipText: "#e8eaed",
}
_DARK_DISABLED = {
    _Role.WindowText: "#7c8086",
    _Role.Text: "#7c8086",
    _Role.ButtonText: "#7c8086",
    _Role.PlaceholderText: "#5f6368",
    _Role.Highlight: "#3a3d42",
    _Role.HighlightedText: "#9aa0a6",
    _Role.Base: "#1c1d20",
    _Role.Button: "#26282b",
}
# The light palette used when Light is chosen explicitly (System-and-light keeps the desktop's own palette).
_LIGHT = {
    _Role.Window: "#efefef",
    _Role.WindowText: "#1f1f1f",
    _Role.Base: "#ffffff",
    _Role.AlternateBase: "#f5f5f5",
    _Role.Text: "#1f1f1f",
    _Role.PlaceholderText: "#6b6b6b",
    _Role.Button: "#efefef",
    _Role.ButtonText: "#1f1f1f",
    _Role.BrightText: "#ffffff",
    _Role.Light: "#ffffff",
    _Role.Midlight: "#cacaca",
    _Role.Mid: "#b8b8b8",
    _Role.Dark: "#9f9f9f",
    _Role.Shadow: "#767676",
    _Role.Highlight: "#3071c7",
    _Role.HighlightedText: "#ffffff",
    _Role.Accent: "#3071c7",
    _Role.Link: "#1a5fb4",
    _Role.LinkVisited: "#813d9c",
    _Role.ToolTipBase: "#ffffdc",
    _Role.ToolTipText: "#1f1f1f",
}
_LIGHT_DISABLED = {
    _Role.WindowText: "#8c8c8c",
    _Role.Text: "#8c8c8c",
    _Role.ButtonText: "#8c8c8c",
    _Role.PlaceholderText: "#b0b0b0",
    _Role.Highlight: "#919191",
    _Role.Base: "#efefef",
}

_sheets: dict[str, str] = {}  # scheme -> the full stylesheet, read once
_chosen = SYSTEM
_following = False  # connected to the desktop's colour-scheme changes
_applying = False


def _palette(colours: dict[QPalette.ColorRole, str], disabled: dict[QPalette.ColorRole, str]) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role, colour in disabled.items():
        palette.setColor(_Group.Disabled, role, QColor(colour))
    return palette


def dark_palette() -> QPalette:
    return _palette(_DARK, _DARK_DISABLED)


def light_palette() -> QPalette:
    return _palette(_LIGHT, _LIGHT_DISABLED)


def is_dark(palette: QPalette) -> bool:
    """True when the palette's text is lighter than its window (a dark theme, whoever set it)."""
    return palette.color(_Role.WindowText).lightness() > palette.color(_Role.Window).lightness()


def styles_folder() -> Path:
    return paths.resources() / "styles"


def load_stylesheets(folder: Path | None = None) -> dict[str, str]:
    """Read both variants of the stylesheet (at start-up, before the window shows). A missing file reads as empty."""
    folder = folder or styles_folder()

    def read(name: str) -> str:
        path = folder / name
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    shared = read("app.qss")
    _sheets.update({scheme: shared + "\n" + read(f"{scheme}.qss") for scheme in (LIGHT, DARK)})
    return dict(_sheets)


def stylesheet(scheme: str) -> str:
    """The app's stylesheet for LIGHT or DARK."""
    if scheme not in _sheets:
        load_stylesheets()
    return _sheets[scheme]


def saved_appearance(settings: QSettings) -> str:
    """The student's choice in Preferences (SYSTEM when none, or when the file holds something unknown)."""
    value = str(settings.value(SETTINGS_KEY, SYSTEM))
    return value if value in APPEARANCES else SYSTEM


def current_appearance() -> str:
    return _chosen


def scheme_for(appearance: str, desktop: Qt.ColorScheme) -> str:
    """LIGHT or DARK: the choice itself, or for SYSTEM the desktop's scheme (light when it doesn't say)."""
    if appearance in (LIGHT, DARK):
        return appearance
    return DARK if desktop == Qt.ColorScheme.Dark else LIGHT


def apply(app: QGuiApplication, appearance: str) -> str:
    """Show the app in `appearance` (SYSTEM, LIGHT or DARK) from now on; returns the scheme shown (LIGHT or DARK)."""
    global _chosen, _applying
    _chosen = appearance if appearance in APPEARANCES else SYSTEM
    hints = app.styleHints()
    _follow_desktop(app)
    _applying = True
    try:
        # Where the platform can (Windows, macOS, some Linux desktops), its own parts (title bar, native dialogs)
        # follow an explicit choice too; SYSTEM gives the decision back to the desktop.
        if _chosen == SYSTEM:
            hints.unsetColorScheme()
        else:
            hints.setColorScheme(Qt.ColorScheme.Dark if _chosen == DARK else Qt.ColorScheme.Light)
        scheme = scheme_for(_chosen, hints.colorScheme())
        if scheme == DARK:
            _prefer_a_style_that_paints_dark(app)
            palette = dark_palette()
        else:
            palette = QPalette() if _chosen == SYSTEM else light_palette()  # an empty palette: the desktop's own
        app.setPalette(palette)
        if hasattr(app, "setStyleSheet"):  # a QApplication (widgets), not a bare QGuiApplication
            app.setStyleSheet(stylesheet(scheme))
    finally:
        _applying = False
    return scheme


def _follow_desktop(app: QGuiApplication) -> None:
    global _following
    if not _following:
        _following = True
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: _desktop_changed(app))


def _desktop_changed(app: QGuiApplication) -> None:
    if _chosen == SYSTEM and not _applying:
        apply(app, SYSTEM)


def _prefer_a_style_that_paints_dark(app: QGuiApplication) -> None:
    """The classic Windows style draws its controls light whatever the palette says: Fusion follows the palette."""
    style = getattr(app, "style", None)
    if style is not None and style().name().lower() == "windowsvista":
        app.setStyle("Fusion")  # type: ignore[attr-defined]


def restyle(widget: QWidget) -> None:
    """Apply the stylesheet again after a property it selects on (role, state, band) changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
