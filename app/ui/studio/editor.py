"""The studio's text editor: YAML colours, line numbers, undo/redo (Qt's own), completion of the format's words,
and problems underlined where they are."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QStringListModel, Qt
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QTextEdit, QToolTip, QWidget

from ..dialogs.file_view import CodeView, _utf16_length
from .highlighter import YamlHighlighter

if TYPE_CHECKING:
    from ...core.diagnostics import Diagnostic

_PREFIX = re.compile(r"\{?[A-Za-z_][A-Za-z0-9_.]*$|\{$")  # the word being typed (a placeholder from its brace)
_TOKEN = re.compile(r"\S+")
MIN_PREFIX = 2  # characters typed before completion pops up by itself (Ctrl+Space asks at once)
ERROR_COLOUR, WARNING_COLOUR = QColor("#d92d20"), QColor("#c17a00")


class ScenarioEditor(CodeView):
    """Editable CodeView. `set_problems` underlines each diagnostic from its line:column to the end of the word
    there (the whole message shows as a tooltip over it); `go_to` still marks a line."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        self.setTabChangesFocus(False)
        self.setAccessibleName("Scenario YAML")
        self.highlighter = YamlHighlighter(self.document())
        self.problems: list[Diagnostic] = []
        self._squiggles: list[QTextEdit.ExtraSelection] = []
        self._marked: list[QTextEdit.ExtraSelection] = []
        self.completer = QCompleter(self)
        self.completer.setModel(QStringListModel(self.completer))
        self.completer.setWidget(self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.activated.connect(self.insert_completion)
        self.cursorPositionChanged.connect(self._unmark_elsewhere)

    # ---- completion ---------------------------------------------------------------------------------------
    def set_words(self, words: Sequence[str]) -> None:
        model = self.completer.model()
        assert isinstance(model, QStringListModel)
        if model.stringList() != list(words):
            model.setStringList(list(words))

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # a completer always has one
        return popup

    def _prefix(self) -> str:
        cursor = self.textCursor()
        before = cursor.block().text()[: cursor.positionInBlock()]
        match = _PREFIX.search(before)
        return match.group(0) if match else ""

    def insert_completion(self, word: str) -> None:
        cursor = self.textCursor()
        prefix = self.completer.completionPrefix()
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(prefix))
        cursor.insertText(word)
        self.setTextCursor(cursor)

    def _complete(self, asked: bool) -> None:
        prefix = self._prefix()
        if not asked and len(prefix) < MIN_PREFIX and prefix != "{":
            self._popup().hide()
            return
        self.completer.setCompletionPrefix(prefix)
        if self.completer.completionCount() == 0 or (
            self.completer.completionCount() == 1 and self.completer.currentCompletion() == prefix
        ):
            self._popup().hide()
            return
        popup = self._popup()
        popup.setCurrentIndex(self.completer.completionModel().index(0, 0))
        rect = self.cursorRect()
        rect.translate(self.viewportMargins().left(), 0)
        rect.setWidth(popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width() + 8)
        self.completer.complete(rect)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self._popup()
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Escape, Qt.Key.Key_Backtab)
        if popup.isVisible() and event.key() in keys:
            event.ignore()  # the completer's popup takes these
            return
        asked = event.key() == Qt.Key.Key_Space and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if asked:
            self._complete(True)
            return
        if event.key() == Qt.Key.Key_Tab and not event.modifiers():
            self.textCursor().insertText("  ")  # YAML indents with spaces, never tabs
            return
        super().keyPressEvent(event)
        if event.text() and (event.text().isprintable() or event.key() == Qt.Key.Key_Backspace):
            self._complete(False)
        elif popup.isVisible() and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            popup.hide()

    # ---- problems -------------------------------------------------------------------------------------------
    def set_problems(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.problems = list(diagnostics)
        self._squiggles = [self._squiggle(d) for d in diagnostics]
        self._show_selections()

    def _squiggle(self, diagnostic: Diagnostic) -> QTextEdit.ExtraSelection:
        doc = self.document()
        block = doc.findBlockByNumber(min(max(1, diagnostic.line), doc.blockCount()) - 1)
        text = block.text()
        col = min(max(0, diagnostic.col - 1), len(text))
        token = _TOKEN.match(text, col)
        start, end = (col, token.end()) if token else (len(text.rstrip()) - 1, len(text.rstrip()))
        if start < 0:  # an empty line: underline where the text would be
            start, end = 0, 0
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + _utf16_length(text, start))
        cursor.setPosition(block.position() + _utf16_length(text, max(end, start + 1)), QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        fmt.setUnderlineColor(ERROR_COLOUR if diagnostic.severity.value == "error" else WARNING_COLOUR)
        selection.format = fmt
        selection.cursor = cursor
        return selection

    def problems_at(self, line: int) -> list[Diagnostic]:
        return [d for d in self.problems if d.line == line]

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ToolTip:
            line = self.cursorForPosition(event.pos()).blockNumber() + 1  # type: ignore[attr-defined]
            found = self.problems_at(line)
            if found:
                text = "\n".join(f"{d.severity.value}: {d.message}" for d in found)
                QToolTip.showText(event.globalPos(), text, self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    # ---- the marked line (a problem or a turn jumped to) ---------------------------------------------------
    def go_to(self, line: int, col: int) -> None:
        super().go_to(line, col)
        self._marked = self.extraSelections()
        self._show_selections()

    def _unmark_elsewhere(self) -> None:
        if self._marked and self.textCursor().blockNumber() + 1 != self.marked_line:
            self._marked = []
            self.marked_line = 0
            self._show_selections()
            self.gutter.update()

    def _show_selections(self) -> None:
        for selection in self._marked:
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        self.setExtraSelections(self._marked + self._squiggles)
