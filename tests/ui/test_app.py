"""Starting the GUI (app/ui/app.py): the application is named and styled, and the main window is built."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import __version__, paths
from app.ui.app import build_window
from app.ui.main_window import MainWindow


@pytest.fixture
def restored_app(qapp):
    """The application object, with the name and stylesheet the other tests expect put back afterwards."""
    name, version, style = qapp.applicationName(), qapp.applicationVersion(), qapp.styleSheet()
    yield qapp
    qapp.setApplicationName(name)
    qapp.setApplicationVersion(version)
    qapp.setStyleSheet(style)


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
