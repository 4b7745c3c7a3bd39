"""The Help menu: keyboard shortcuts, the scoring and authoring guides, and About.

The guides are docs/scoring.md and docs/authoring.md: beside app/ in a source checkout, inside the package
(app/docs) in an installed wheel or bundle. Each is read on a worker thread and shown in a non-modal viewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .. import __version__, paths
from . import workers


@dataclass(frozen=True)
class Guide:
    title: str
    file: str


GUIDES = {
    "scoring": Guide("How answers are scored", "scoring.md"),
    "authoring": Guide("Writing your own scenarios", "authoring.md"),
}


def docs_folder() -> Path:
    """docs/ beside resources/ in a checkout; app/docs beside app/resources when installed (the same step up
    from the resources folder either way)."""
    return paths.resources().parent / "docs"


def guide_file(name: str) -> Path:
    return docs_folder() / GUIDES[name].file


def missing_text(guide: Guide) -> str:
    return (
        f"# {guide.title}\n\n"
        "This guide didn't come with this copy of Counteroffer, sorry. You can read it in the project's "
        f"source as `docs/{guide.file}`; everything else in the app works as usual."
    )


class GuideViewer(QDialog):
    """One guide rendered from Markdown, read on a worker thread (the window never waits on disk)."""

    loaded = Signal()  # the guide (or the note that it is missing) is on screen

    def __init__(self, name: str, parent: QWidget | None = None, folder: Path | None = None):
        super().__init__(parent)
        self.guide = GUIDES[name]
        self.path = (folder or docs_folder()) / self.guide.file
        self.setWindowTitle(self.guide.title)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.guide.title)
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(self.path.parent)])
        self.browser.document().setDocumentMargin(12)
        self.browser.setPlainText("Opening the guide…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 640)
        path = self.path
        workers.start(
            lambda: path.read_text(encoding="utf-8"), self._show, self._missing, lane="interactive", owner=self
        )

    def _show(self, text: str) -> None:
        self.browser.setMarkdown(text)
        self.loaded.emit()

    def _missing(self, _error: Exception) -> None:
        self._show(missing_text(self.guide))


class HelpActions(QObject):
    """The Help menu's actions for `window`; `user_data` is the folder About points to."""

    def __init__(self, window: QMainWindow, user_data: Path):
        super().__init__(window)
        self.window, self.user_data = window, user_data
        self.viewers: dict[str, GuideViewer] = {}  # one per guide, kept while the window lives

    def fill(self, menu: QMenu) -> None:
        from .menus import add_action

        add_action(menu, self.window, "&Keyboard shortcuts", self.show_shortcuts, "Ctrl+/")
        add_action(
            menu,
            self.window,
            "&Scoring guide",
            lambda: self.show_guide("scoring"),
            QKeySequence.StandardKey.HelpContents,
        )
        add_action(menu, self.window, "&Authoring guide", lambda: self.show_guide("authoring"))
        menu.addSeparator()
        add_action(menu, self.window, "&About Counteroffer", self.about)

    def show_shortcuts(self) -> QDialog:
        from .dialogs.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(self.window)
        dialog.open()
        return dialog

    def show_guide(self, name: str) -> GuideViewer:
        """A guide in its own window, brought forward when it is already open."""
        viewer = self.viewers.get(name)
        if viewer is None:
            viewer = self.viewers[name] = GuideViewer(name, self.window)
        viewer.show()
        viewer.raise_()
        viewer.activateWindow()
        return viewer

    def about(self) -> None:
        folder = escape(str(self.user_data))
        box = QMessageBox(self.window)
        box.setWindowTitle("About Counteroffer")
        box.setIconPixmap(self.window.windowIcon().pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(
            f"<h3>Counteroffer {escape(__version__)}</h3>"
            "<p>Rehearse salary and offer negotiations before the real call, at your own pace.</p>"
            "<p>Everything you practise stays on this computer. Your history, your Flower profile, your own "
            f"scenarios and your settings are kept in this folder:</p><p><code>{folder}</code></p>"
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()
