"""Starting the GUI (app/ui/app.py): the application is named and styled, and the main window is built."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QMessageBox

from app import __version__, paths
from app.ui.app import app_icon, build_window
from app.ui.main_window import MainWindow


@pytest.fixture
def restored_app(qapp):
    """The application object, with the name, stylesheet and icon the other tests expect put back afterwards."""
    name, version, style, icon = qapp.applicationName(), qapp.applicationVersion(), qapp.styleSheet(), qapp.windowIcon()
    yield qapp
    qapp.setApplicationName(name)
    qapp.setApplicationVersion(version)
    qapp.setStyleSheet(style)
    qapp.setWindowIcon(icon)


def test_build_window_names_and_styles_the_app_and_makes_the_main_window(
    qtbot, restored_app, user_scenarios: Path
) -> None:
    window = build_window(restored_app, first_run_guide=False, offer_resume=False)
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)
    assert (restored_app.applicationName(), restored_app.applicationVersion()) == ("Counteroffer", __version__)
    stylesheet = (paths.resources() / "styles" / "app.qss").read_text(encoding="utf-8")
    assert stylesheet and restored_app.styleSheet() == stylesheet
    with qtbot.waitSignal(window.library_page.loaded):
        window.show()
    assert window.library_page.library.get("first-call") is not None
    window.close()


def test_the_window_has_counteroffer_s_icon_in_every_size(qtbot, restored_app) -> None:
    window = build_window(restored_app, first_run_guide=False, offer_resume=False)
    qtbot.addWidget(window)
    icon = window.windowIcon()
    assert not icon.isNull() and not restored_app.windowIcon().isNull()
    assert {size.width() for size in icon.availableSizes()} == {16, 24, 32, 48, 64, 128, 256}
    assert icon.actualSize(QSize(32, 32)) == QSize(32, 32)
    assert icon.pixmap(48, 48).toImage() == app_icon().pixmap(48, 48).toImage()


def test_about_shows_the_version_and_where_the_data_lives(
    qtbot, restored_app, user_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = build_window(restored_app, first_run_guide=False, offer_resume=False)
    qtbot.addWidget(window)
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    window.about()
    (box,) = shown
    assert box.windowTitle() == "About Counteroffer"
    assert f"Counteroffer {__version__}" in box.text() and str(user_home) in box.text()
    assert box.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert not box.iconPixmap().isNull()
