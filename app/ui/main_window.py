"""The main window: pages in a stack, menus with shortcuts, layout remembered between runs."""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget

from .. import __version__, paths
from .pages.library_page import LibraryPage


def settings() -> QSettings:
    return QSettings(str(paths.user_data() / "settings.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Counteroffer")
        self.resize(1100, 700)
        self.library_page = LibraryPage()
        self.library_page.status.connect(self.statusBar().showMessage)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.library_page)
        self.setCentralWidget(self.pages)
        self._build_menus()
        self._restore_layout()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Reload scenarios", self.library_page.reload, QKeySequence.StandardKey.Refresh)
        self._action(file_menu, "&Open my scenarios folder", self.library_page.open_user_folder, "Ctrl+Shift+O")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About Counteroffer", self.about)

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.library_page.library.files and self.library_page._job is None:
            self.library_page.reload()

    def about(self) -> None:
        QMessageBox.about(self, "About Counteroffer",
                          f"Counteroffer {__version__}\n\nRehearse salary and offer negotiations before the "
                          "real call. Everything stays on this computer.")

    def _restore_layout(self) -> None:
        geometry = settings().value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:
        store = settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.sync()
        super().closeEvent(event)
