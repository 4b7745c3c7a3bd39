"""Starting the GUI: the application object, its icon, its appearance (light or dark) and a last-resort error
dialog."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import __version__, desktop, paths
from . import theme
from .media_logs import quiet_media_logs

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger("counteroffer")


def apply_saved_appearance(app: QApplication) -> str:
    """The palette and stylesheet for the appearance chosen in Preferences (System, Light or Dark): read from the
    settings and the style files once, before the window shows. Returns the scheme shown ("light" or "dark")."""
    theme.load_stylesheets()
    saved = QSettings(str(paths.Places.default().settings_file), QSettings.Format.IniFormat)
    return theme.apply(app, theme.saved_appearance(saved))


def app_icon() -> QIcon:
    """Counteroffer's icon from its PNG sizes (resources/icons); null when they are missing."""
    icon = QIcon()
    for size, png in desktop.icon_files().items():
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    return icon


def install_exception_hook() -> None:
    """An unexpected error shows a dialog and goes to the log instead of closing the app."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("Unexpected error\n%s", details)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "Something went wrong",
            "Counteroffer hit an unexpected problem. Your work so far is kept; "
            "you can carry on, or restart the app if things look wrong.",
        )
        box.setDetailedText(details)
        box.exec()

    sys.excepthook = hook


def _setup_logging() -> None:
    folder = paths.user_data()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        logging.basicConfig(
            filename=folder / "counteroffer.log",
            level=logging.INFO,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
    except OSError:
        logging.basicConfig(level=logging.INFO)


def build_window(app: QApplication, *, first_run_guide: bool = True, offer_resume: bool = True) -> MainWindow:
    """The styled main window, ready to show (also used by the start-up benchmark)."""
    from .main_window import MainWindow

    quiet_media_logs()
    app.setApplicationName("Counteroffer")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("counteroffer")  # resources/desktop/counteroffer.desktop: the Wayland app id
    app.setWindowIcon(app_icon())
    apply_saved_appearance(app)
    return MainWindow(first_run_guide=first_run_guide, offer_resume=offer_resume)


def run_gui() -> int:
    _setup_logging()
    existing = QApplication.instance()  # a QCoreApplication as the stubs see it; the window needs a QApplication
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    install_exception_hook()
    window = build_window(app)
    window.show()
    if os.environ.get("COUNTEROFFER_STARTUP_PROBE"):  # bench/startup.py --bundle: report the window and leave
        QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
    return app.exec()
