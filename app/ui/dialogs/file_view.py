"""A scenario file, read-only, opened at a problem: line numbers, the problem's line highlighted and in view, the
cursor at its column and the message above. "Open in my editor" hands the file to the user's own editor."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFontDatabase,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from .. import workers
from ..widgets.labels import plain_label

MAX_SHOWN_BYTES = 2_000_000  # scenario files are at most 1 MB; a bigger file is shown cut short
# the line breaks YAML counts (and so every line:column in a message): \r\n, \r, \n, NEL and the Unicode separators
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def read_for_viewing(path: str | Path) -> str:
    """The file's text with YAML's line breaks, as the loader counted its lines and columns. Runs on a worker."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise OSError(f"{path} is not a regular file")
    with open(path, "rb") as file:
        raw = file.read(MAX_SHOWN_BYTES)
    return "\n".join(_LINE_BREAK.split(raw.decode("utf-8-sig", errors="replace")))


class _LineNumbers(QWidget):
    """The gutter beside the text: each visible line's number."""

    def __init__(self, view: CodeView):
        super().__init__(view)
        self.view = view

    def sizeHint(self) -> QSize:
        return QSize(self.view.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.view.paint_line_numbers(self, event)


class CodeView(QPlainTextEdit):
    """Read-only text with line numbers, one line highlighted, and a cursor that can be moved with the keyboard."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.gutter = _LineNumbers(self)
        self.marked_line = 0  # 1-based; 0 for none
        self.blockCountChanged.connect(lambda _count: self._fit_gutter())
        self.updateRequest.connect(self._scroll_gutter)
        self._fit_gutter()

    def gutter_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 12 + self.fontMetrics().horizontalAdvance("9") * max(3, digits)

    def _fit_gutter(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _scroll_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        area = self.contentsRect()
        self.gutter.setGeometry(QRect(area.left(), area.top(), self.gutter_width(), area.height()))

    def paint_line_numbers(self, gutter: QWidget, event: QPaintEvent) -> None:
        painter = QPainter(gutter)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.alternateBase())
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            number = block.blockNumber() + 1
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                marked = number == self.marked_line
                font = painter.font()
                font.setBold(marked)
                painter.setFont(font)
                painter.setPen((palette.text() if marked else palette.placeholderText()).color())
                painter.drawText(0, top, gutter.width() - 6, height, Qt.AlignmentFlag.AlignRight, str(number))
            block = block.next()
            top = bottom
        painter.end()

    def go_to(self, line: int, col: int) -> None:
        """Highlight line `line` (1-based), put the cursor at column `col` (1-based, in characters as the loader
        counts them) and scroll it into the middle of the view."""
        doc = self.document()
        line = min(max(1, line), doc.blockCount())
        block = doc.findBlockByNumber(line - 1)
        text = block.text()
        before = _utf16_length(text, col - 1)  # Qt counts UTF-16 units: an emoji is two
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + min(before, len(text.encode("utf-16-le")) // 2))
        self.setTextCursor(cursor)
        self.marked_line = line
        highlight = QTextEdit.ExtraSelection()
        colour = QColor(self.palette().highlight().color())
        colour.setAlpha(60)
        highlight.format.setBackground(colour)
        highlight.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        highlight.cursor = QTextCursor(block)
        self.setExtraSelections([highlight])
        self.centerCursor()
        self.gutter.update()


def _utf16_length(text: str, characters: int) -> int:
    return len(text[: max(0, characters)].encode("utf-16-le")) // 2


class FileViewDialog(QDialog):
    """One scenario file, opened at a problem. Escape closes it."""

    shown = Signal()  # the file's text is on screen, at the problem
    failed = Signal(str)  # the file could not be read; why

    def __init__(self, path: str, line: int, col: int, message: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.path, self.line, self.col = path, line, col
        self.setWindowTitle(f"{Path(path).name} — line {line}")
        self.message = plain_label(f"Line {line}, column {col}: {message}", "notice")
        self.message.setAccessibleName("The problem")
        self.where = plain_label(path, "muted")
        self.text = CodeView()
        self.text.setAccessibleName(f"{Path(path).name}, read-only")
        self.text.setPlaceholderText("Reading the file…")
        self.open_button = QPushButton("Open in my editor")
        self.open_button.setToolTip("Open this file in the app your computer uses for it, to fix it there")
        self.open_button.clicked.connect(self.open_in_editor)
        self.copy_button = QPushButton("Copy path")
        self.copy_button.clicked.connect(self.copy_path)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.note = plain_label("", "muted")
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.where)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(820, 560)
        self.text.setFocus()
        workers.start(lambda: read_for_viewing(path), self._show_text, self._read_failed, owner=self)

    def _show_text(self, text: str) -> None:
        self.text.setPlainText(text)
        self.text.go_to(self.line, self.col)
        self.shown.emit()

    def _read_failed(self, error: Exception) -> None:
        why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        self.text.setPlaceholderText("")
        self._say(f"This file can't be shown here ({why}). Try “Open in my editor”, or check that it still exists.")
        self.failed.emit(why)

    def _say(self, text: str) -> None:
        self.note.setText(text)
        self.note.show()

    def open_in_editor(self) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(self.path)):
            self._say("No app on this computer opened the file. Copy its path and open it in your editor yourself.")

    def copy_path(self) -> None:
        QGuiApplication.clipboard().setText(self.path)
        self.copy_button.setText("Copied")
