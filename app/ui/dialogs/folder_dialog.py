"""Opening a folder in the file manager, and when none opens, a small dialog with its path to copy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from .. import workers
from ..widgets.labels import plain_label


class FolderDialog(QDialog):
    """A folder's path, selectable, with a Copy button: for when no file manager opened it."""

    def __init__(self, folder: Path, title: str, explanation: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.folder = folder
        self.path = QLineEdit(str(folder))
        self.path.setReadOnly(True)
        self.path.setAccessibleName("Folder path")
        self.path.setMinimumWidth(self.path.fontMetrics().horizontalAdvance(str(folder)) + 24)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setAccessibleName("Copy the folder path")
        self.copy_button.clicked.connect(self.copy)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.copy_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(explanation))
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.path.selectAll()
        self.path.setFocus()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(str(self.folder))
        self.copy_button.setText("Copied")


SCENARIOS_TITLE = "Your scenarios folder"
SCENARIOS_EXPLANATION = (
    "No file manager opened on this computer, so here is where your own scenarios live. Copy the path "
    "to open it yourself; put your scenario files (.yaml) in it, then choose File → Reload scenarios."
)


def open_folder(
    folder: Path,
    parent: QWidget | None = None,
    *,
    title: str = SCENARIOS_TITLE,
    explanation: str = SCENARIOS_EXPLANATION,
) -> FolderDialog | None:
    """Show `folder` in the file manager; when none opens (QDesktopServices says no), show its path in a
    FolderDialog instead (window-modal, not blocking) and return that dialog."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return None
    dialog = FolderDialog(folder, title, explanation, parent)
    dialog.open()
    return dialog


def open_when_made(folder: Path, parent: QWidget, status: Callable[[str], None]) -> None:
    """Make `folder` if it is missing (on a worker thread), then open it as `open_folder` does; a folder that
    can't be made is said through `status`."""

    def made(_none: None) -> None:
        open_folder(folder, parent)

    workers.start(
        lambda: folder.mkdir(parents=True, exist_ok=True),
        made,
        lambda error: status(f"Your scenarios folder could not be made: {error}"),
        owner=parent,
    )
