"""The studio's problems list: every diagnostic in full (word-wrapped), click one to go to its line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QSplitter, QStyle, QTreeWidgetItem, QVBoxLayout, QWidget

from ..pages.library_page import DiagnosticRole, ProblemTree

if TYPE_CHECKING:
    from ...core.diagnostics import Diagnostic


def problem_text(diagnostic: Diagnostic) -> str:
    return f"line {diagnostic.line}, column {diagnostic.col}: {diagnostic.severity.value}: {diagnostic.message}"


NO_PROBLEMS = "No problems: the scenario checks out, and its examples go where they should."


class ProblemsList(ProblemTree):
    """One row per diagnostic, errors first; `jump(line, col)` when one is clicked or activated."""

    jump = Signal(int, int)

    def __init__(self, parent: QWidget | None = None, *, empty: str = NO_PROBLEMS):
        super().__init__(parent)
        self.empty = empty  # what the list says when there is nothing wrong
        self.setRootIsDecorated(False)
        self.setAccessibleName("Problems")
        self.itemClicked.connect(self._go)
        self.itemActivated.connect(self._go)
        self.show_problems([])

    def show_problems(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.clear()
        style = self.style()
        icons = {
            "error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        }
        ordered = sorted(diagnostics, key=lambda d: (d.severity.value != "error", d.line, d.col))
        for diagnostic in ordered:
            item = QTreeWidgetItem([problem_text(diagnostic)])
            item.setData(0, DiagnosticRole, diagnostic)
            item.setIcon(0, icons.get(diagnostic.severity.value, icons["error"]))
            item.setToolTip(0, "Click to go to this line")
            self.addTopLevelItem(item)
        if not ordered:
            item = QTreeWidgetItem([self.empty])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addTopLevelItem(item)

    def texts(self) -> list[str]:
        items = (self.topLevelItem(i) for i in range(self.topLevelItemCount()))
        return [item.text(0) for item in items if item is not None]

    def _go(self, item: QTreeWidgetItem) -> None:
        diagnostic = item.data(0, DiagnosticRole)
        if diagnostic is not None:
            self.jump.emit(diagnostic.line, diagnostic.col)


def editing_pane(editor: QWidget, problems: QWidget, heights: tuple[int, int]) -> QSplitter:
    """The text above its problems list, as both studio windows lay them out."""
    box = QGroupBox("Problems")
    QVBoxLayout(box).addWidget(problems)
    pane = QSplitter(Qt.Orientation.Vertical)
    pane.addWidget(editor)
    pane.addWidget(box)
    pane.setSizes(list(heights))
    return pane
