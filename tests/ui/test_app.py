"""Starting the GUI (app/ui/app.py) and the main window's own parts: the app is named and styled (in the saved
appearance), the menus' shortcuts work, the status bar forgets old news, and the scenarios folder opens or is
shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QDesktopServices, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app import __version__, paths
from app.ui import theme
from app.ui.app import app_icon, build_window
from app.ui.dialogs.folder_dialog import FolderDialog
from app.ui.dialogs.settings_dialog import SettingsDialog
from app.ui.main_window import MainWindow, settings


@pytest.fixture
def restored_app(qapp):
    """The application object, with the name, look and icon the other tests expect put back afterwards."""
    name, version, style, icon = qapp.applicationName(), qapp.applicationVersion(), qapp.styleSheet(), qapp.windowIcon()
    yield qapp
    theme.apply(qapp, theme.SYSTEM)
    qapp.processEvents()  # two style sheets set back to back, with no event between, can crash Qt
    qapp.setApplicationName(name)
    qapp.setApplicationVersion(version)
    qapp.setStyleSheet(style)
    qapp.setWindowIcon(icon)


@pytest.fixture
def window(qtbot, restored_app, user_scenarios: Path) -> MainWindow:
    win = build_window(restored_app, first_run_guide=False, offer_resume=False)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.library_page.loaded):
        win.show()
    yield win
    win.close()


def window_colour(role: QPalette.ColorRole) -> int:
    return QApplication.palette().color(role).lightness()


def test_build_window_names_and_styles_the_app_and_makes_the_main_window(
    qtbot, restored_app, user_scenarios: Path
) -> None:
    window = build_window(restored_app, first_run_guide=False, offer_resume=False)
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)
    assert (restored_app.applicationName(), restored_app.applicationVersion()) == ("Counteroffer", __version__)
    styles = paths.resources() / "styles"
    shared, light = ((styles / name).read_text(encoding="utf-8") for name in ("app.qss", "light.qss"))
    assert shared and light
    assert restored_app.styleSheet() == shared + "\n" + light  # no saved choice, no desktop scheme: light
    with qtbot.waitSignal(window.library_page.loaded):
        window.show()
    assert window.library_page.library.get("first-call") is not None
    window.close()


def test_a_saved_dark_appearance_is_there_from_the_first_paint(qtbot, restored_app, user_scenarios: Path) -> None:
    stored = settings()
    stored.setValue(theme.SETTINGS_KEY, theme.DARK)
    stored.sync()
    window = build_window(restored_app, first_run_guide=False, offer_resume=False)
    qtbot.addWidget(window)
    assert window_colour(QPalette.ColorRole.Window) < 60 < 180 < window_colour(QPalette.ColorRole.WindowText)
    assert restored_app.styleSheet().endswith((paths.resources() / "styles" / "dark.qss").read_text(encoding="utf-8"))


def test_the_window_has_counteroffer_s_icon_in_every_size(qtbot, restored_app) -> None:
    window = build_window(restored_app, first_run_guide=False, offer_resume=False)
    qtbot.addWidget(window)
    icon = window.windowIcon()
    assert not icon.isNull() and not restored_app.windowIcon().isNull()
    assert {size.width() for size in icon.availableSizes()} == {16, 24, 32, 48, 64, 128, 256}
    assert icon.actualSize(QSize(32, 32)) == QSize(32, 32)
    assert icon.pixmap(48, 48).toImage() == app_icon().pixmap(48, 48).toImage()


def test_about_is_under_help_and_shows_the_version_and_where_the_data_lives(
    qtbot, restored_app, user_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = build_window(restored_app, first_run_guide=False, offer_resume=False)
    qtbot.addWidget(window)
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    next(a for a in help_menu.actions() if a.text() == "&About Counteroffer").trigger()
    (box,) = shown
    assert box.windowTitle() == "About Counteroffer"
    assert f"Counteroffer {__version__}" in box.text() and str(user_home) in box.text()
    assert box.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert not box.iconPixmap().isNull()


def test_ctrl_comma_opens_preferences_and_the_menu_shows_it(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[SettingsDialog] = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    keys = window.menus.preferences.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
    standard = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
    assert keys == (standard[0].toString() if standard else "Ctrl+,")  # the platform's key first, where it has one
    assert QKeySequence("Ctrl+,") in window.menus.preferences.shortcuts()
    qtbot.press_shortcut(window.library_page.table, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(opened) == 1)
    assert opened[0].windowTitle() == "Preferences"


def test_the_status_bar_is_cleared_when_the_page_changes(qtbot, window: MainWindow) -> None:
    window.statusBar().showMessage("Imported 3 rehearsals and 9 answers")
    window.pages.setCurrentWidget(window.debrief_page)
    assert window.statusBar().currentMessage() == ""
    window.statusBar().showMessage("Imported 3 rehearsals and 9 answers")
    qtbot.press_shortcut(window.pages.currentWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.library_page
    assert window.statusBar().currentMessage() == ""
    window.statusBar().showMessage("Loading scenarios…")  # a message on the same page stays
    window.show_library()
    assert window.statusBar().currentMessage() == "Loading scenarios…"


def test_the_scenarios_folder_is_shown_with_its_path_when_no_file_manager_opens(
    qtbot, window: MainWindow, user_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: asked.append(url.toLocalFile()) or False)
    folder = user_home / "scenarios"
    qtbot.press_shortcut(
        window.library_page.table, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: window.findChild(FolderDialog) is not None and window.findChild(FolderDialog).isVisible())
    dialog = window.findChild(FolderDialog)
    assert asked == [str(folder)] and folder.is_dir()
    assert dialog.path.text() == str(folder) and dialog.path.isReadOnly()
    assert dialog.path.selectedText() == str(folder)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == str(folder)
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_no_dialog_when_the_file_manager_opens_the_folder(
    qtbot, window: MainWindow, user_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: asked.append(url.toLocalFile()) or True)
    window.open_scenarios_folder()
    qtbot.waitUntil(lambda: asked == [str(user_home / "scenarios")])
    qtbot.wait(50)
    assert window.findChild(FolderDialog) is None
