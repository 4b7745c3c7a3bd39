"""A studio window: one scenario file's YAML, checked while it is typed, with its problems, its turn graph and
"try an answer" beside it.

Checks run on a worker (the "interactive" lane) 300 ms after the typing stops; each edit bumps a generation
number and a check's result is dropped when the text changed after it started. Saving is atomic (see files.py);
`saved` tells the main window, which reloads its library.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import workers
from ..dialogs.file_view import read_for_viewing
from ..widgets.labels import plain_label
from .checking import Checked, ExampleRun, check
from .editor import ScenarioEditor
from .files import backup_path, save_text
from .graph_view import GraphView
from .problems import ProblemsList, editing_pane
from .try_panel import TryPanel

if TYPE_CHECKING:
    from ...practice import Practice
    from ..listening import Listening
    from ..speech import SpeechService

CHECK_DELAY_MS = 300  # after the last keystroke
LEGEND = (
    "Bold box: the start · rounded green: endings · dashed arrow: otherwise · "
    "grey dashed: never reached · red: a loop with no way out. Click a turn to go to it."
)
STALE_GRAPH = "The text doesn't read as a scenario right now: this is the graph of the last version that did."


class StudioWindow(QMainWindow):
    saved = Signal(str)  # the file's path, once written
    checked = Signal(object)  # the Checked shown (tests and the bench wait for it)

    def __init__(
        self,
        practice: Practice,
        path: Path,
        speech: Callable[[], SpeechService | None] = lambda: None,
        parent: QWidget | None = None,
        listening: Listening | None = None,
    ):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.practice, self.path, self._speech, self._listening = practice, Path(path), speech, listening
        self.setWindowTitle(f"{self.path.name}[*] — Counteroffer studio")
        self.result: Checked | None = None
        self._generation = 0
        self._checks = workers.LatestOnly(
            lambda done: self._checked(*done), self._check_failed, lane="interactive", owner=self
        )
        self._loading = True
        self._saving = False
        self._close_after_save = False
        self._build()
        self._build_menus()
        self.resize(1280, 720)
        self.statusBar().showMessage("Reading the file…")
        workers.start(lambda: read_for_viewing(self.path), self._show_text, self._read_failed, owner=self)

    # ---- building ---------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.editor = ScenarioEditor()
        self.editor.textChanged.connect(self._edited)
        self.editor.document().modificationChanged.connect(self.setWindowModified)
        self.problems = ProblemsList()
        self.problems.jump.connect(self.go_to)
        left = editing_pane(self.editor, self.problems, (520, 160))
        self.graph = GraphView()
        self.graph.jump.connect(lambda line: self.go_to(line, 1))
        self.graph_note = plain_label(STALE_GRAPH, "notice")
        self.graph_note.hide()
        graph_page = QWidget()
        graph_layout = QVBoxLayout(graph_page)
        graph_layout.addWidget(self.graph_note)
        graph_layout.addWidget(self.graph, 1)
        graph_layout.addWidget(plain_label(LEGEND, "muted"))
        self.try_panel = TryPanel(self.practice, self._listening)
        self.try_panel.status.connect(self.statusBar().showMessage)
        self.try_panel.add_example.connect(self.add_example)
        self.try_panel.hear.connect(self.hear)
        self.tabs = QTabWidget()
        self.tabs.addTab(graph_page, "Turn graph")
        self.tabs.addTab(self.try_panel, "Try an answer")
        self.examples = ExamplesList()
        self.examples.jump.connect(self._jump_to_turn)
        self.tabs.addTab(self.examples, "Examples")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setSizes([700, 560])
        self.setCentralWidget(split)
        self.summary = QLabel("")
        self.statusBar().addPermanentWidget(self.summary)
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)

    def _build_menus(self) -> None:
        def add(menu: QMenu, text: str, slot: Callable[[], object], keys: Any = None) -> QAction:
            action = QAction(text, self)
            if keys is not None:
                action.setShortcuts(keys if isinstance(keys, list) else [QKeySequence(keys)])
            action.triggered.connect(lambda *_: slot())
            menu.addAction(action)
            return action

        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        add(file_menu, "&Save", self.save, QKeySequence.StandardKey.Save)
        add(file_menu, "&Close", self.close, QKeySequence.StandardKey.Close)
        edit = bar.addMenu("&Edit")
        add(edit, "&Undo", self.editor.undo, QKeySequence.StandardKey.Undo)
        add(edit, "&Redo", self.editor.redo, QKeySequence.StandardKey.Redo)
        add(edit, "Next &problem", self.next_problem, "F8")
        turn = bar.addMenu("&Turn")
        add(turn, "Turn &graph", lambda: self.tabs.setCurrentIndex(0), "Ctrl+G")
        add(turn, "&Try an answer", self.show_try_panel, "Ctrl+T")
        add(turn, "&Hear the turn's line", lambda: self.hear(self.try_panel.turn_id()), "Ctrl+Shift+H")
        add(bar.addMenu("&Help"), "&Keyboard shortcuts", self.show_shortcuts, "Ctrl+/")

    def show_shortcuts(self) -> None:
        """This window's keys (Help → Keyboard shortcuts), listed from its own menus."""
        from ..dialogs.shortcuts import ShortcutsDialog

        ShortcutsDialog(self, self).exec()

    # ---- the text -------------------------------------------------------------------------------------------
    def _show_text(self, text: str) -> None:
        self._loading = True
        self.editor.setPlainText(text)  # also clears the undo history
        self.editor.document().setModified(False)
        self._loading = False
        self.statusBar().showMessage(f"{self.path} — checking…")
        self.check_now()

    def _read_failed(self, error: Exception) -> None:
        why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        self.statusBar().showMessage(f"Couldn't read {self.path.name}: {why}")
        self._loading = False

    def _edited(self) -> None:
        if self._loading:
            return
        self._generation += 1
        self._timer.start()

    def _jump_to_turn(self, turn_id: str) -> None:
        graph = self.graph.graph
        line = next((node.line for node in graph.nodes if node.id == turn_id and node.line), None) if graph else None
        if line:
            self.go_to(line, 1)

    def go_to(self, line: int, col: int = 1) -> None:
        self.editor.go_to(line, col)
        self.editor.setFocus()

    def next_problem(self) -> None:
        here = self.editor.textCursor().blockNumber() + 1
        lines = sorted({d.line for d in self.editor.problems})
        if lines:
            self.go_to(next((line for line in lines if line > here), lines[0]))

    # ---- checking ---------------------------------------------------------------------------------------------
    def check_now(self) -> None:
        """Check the text on a worker; one check at a time (a request meanwhile runs once it is back)."""
        generation, text, practice, name = self._generation, self.editor.toPlainText(), self.practice, str(self.path)
        self._checks.request(lambda: (generation, check(practice, text, name)))

    def _checked(self, generation: int, result: Checked) -> None:
        if generation != self._generation:
            return  # the text changed while it was checked: its positions are out of date
        self.result = result
        self.editor.set_problems(result.diagnostics)
        self.problems.show_problems(result.diagnostics)
        self.editor.set_words(result.words)
        if result.graph is not None:
            self.graph.show_graph(result.graph)
        self.graph_note.setVisible(result.graph is None and self.graph.graph is not None)
        if result.scenario is not None:
            self.try_panel.set_scenario(result.scenario, result.spoken)
        self.examples.show_runs(result.examples, result.scenario is not None)
        failing = sum(not run.ok for run in result.examples)
        self.tabs.setTabText(self.tabs.indexOf(self.examples), f"Examples ({failing} ✗)" if failing else "Examples")
        errors = result.errors
        warnings = len(result.diagnostics) - errors
        self.summary.setText("No problems" if not result.diagnostics else f"{errors} error(s), {warnings} warning(s)")
        if self.statusBar().currentMessage().endswith("checking…"):
            self.statusBar().clearMessage()
        self.checked.emit(result)

    def _check_failed(self, error: Exception) -> None:
        self.statusBar().showMessage(f"The check stopped unexpectedly: {error}")

    # ---- saving -----------------------------------------------------------------------------------------------
    def save(self) -> None:
        if self._saving or self._loading:
            return
        self._saving = True
        path, text, generation = self.path, self.editor.toPlainText(), self._generation
        self.statusBar().showMessage(f"Saving {path.name}…")
        workers.start(
            lambda: save_text(path, text),
            lambda _backup: self._saved(generation),
            self._save_failed,
            lane="interactive",
            owner=self,
        )

    def _saved(self, generation: int) -> None:
        self._saving = False
        if generation == self._generation:
            self.editor.document().setModified(False)
        errors = self.result.errors if self.result is not None else 0
        note = f"; it has {errors} error(s), so the library lists it under problems" if errors else ""
        self.statusBar().showMessage(
            f"Saved {self.path.name} (the previous version is kept as {backup_path(self.path).name}){note}"
        )
        self.saved.emit(str(self.path))
        if self._close_after_save:
            self.close()

    def _save_failed(self, error: Exception) -> None:
        self._saving = False
        self._close_after_save = False
        why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        QMessageBox.warning(self, "Not saved", f"{self.path.name} could not be saved: {why}")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.editor.document().isModified() and not self._close_after_save:
            answer = QMessageBox.question(
                self,
                "Save changes?",
                f"Save your changes to {self.path.name}?",
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                event.ignore()
                return
            if answer == QMessageBox.StandardButton.Save:
                self._close_after_save = True
                self.save()
                event.ignore()
                return
        super().closeEvent(event)

    # ---- trying, examples, hearing ----------------------------------------------------------------------------
    def show_try_panel(self) -> None:
        self.tabs.setCurrentWidget(self.try_panel)
        self.try_panel.answer.setFocus()

    def add_example(self, turn_id: str, entry: dict[str, Any]) -> None:
        """Insert the example into the text (worked out on a worker), as one edit Ctrl+Z takes back."""
        from ...core.yamledit import insert_example

        text, generation = self.editor.toPlainText(), self._generation
        workers.start(
            lambda: insert_example(text, turn_id, entry),
            lambda edited: self._replace_text(generation, text, edited, turn_id),
            lambda error: self.statusBar().showMessage(f"Couldn't add the example: {error}"),
            lane="interactive",
            owner=self,
        )

    def _replace_text(self, generation: int, before: str, after: str, turn_id: str) -> None:
        if generation != self._generation:
            self.statusBar().showMessage("The text changed meanwhile: press Add as example again.")
            return
        start = 0
        while start < min(len(before), len(after)) and before[start] == after[start]:
            start += 1
        end = 0
        while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
            end += 1
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(_utf16(before, start))
        cursor.setPosition(_utf16(before, len(before) - end), QTextCursor.MoveMode.KeepAnchor)
        cursor.beginEditBlock()
        cursor.insertText(after[start : len(after) - end])
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)
        self.editor.centerCursor()
        self.statusBar().showMessage(f"Added the answer to {turn_id}'s examples (Ctrl+Z takes it back).")

    def hear(self, turn_id: str) -> None:
        result = self.result
        line = result.spoken.get(turn_id) if result is not None else None
        if result is None or result.scenario is None or not line:
            self.statusBar().showMessage("Pick a turn whose line can be heard (the scenario must read first).")
            return
        speech = self._speech()
        if speech is None or speech.is_available() is False:
            why = speech.unavailable_message() if speech is not None else None
            self.statusBar().showMessage(f"Speech isn't available, so the line can't be heard. {why or ''}".strip())
            return
        voice = result.scenario.recruiter.voice
        speech.speak(line, voice.language, voice.gender)
        self.statusBar().showMessage(f"Playing {turn_id} in {result.scenario.recruiter.name}'s voice…")


def _utf16(text: str, index: int) -> int:
    return index if text.isascii() else len(text[:index].encode("utf-16-le")) // 2


class ExamplesList(QListWidget):
    """Every example answer with ✓ or ✗ and the way it went, refreshed with each check; activating one jumps to
    its turn."""

    jump = Signal(str)  # a turn id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Example answers and where they went")
        self.setWordWrap(True)
        self.itemActivated.connect(lambda item: self.jump.emit(item.data(Qt.ItemDataRole.UserRole)))

    def show_runs(self, runs: list[ExampleRun], current: bool) -> None:
        self.clear()
        if not current:
            self.addItem("The examples run again once the scenario checks out.")
            return
        if not runs:
            self.addItem("No examples yet: try an answer and add it as one.")
        for run in runs:
            mark = "✓" if run.ok else "✗"
            answer = run.answer if len(run.answer) <= 80 else run.answer[:79] + "…"
            wanted = "" if run.ok or not run.expected else f" — expected {run.expected}"
            item = QListWidgetItem(f"{mark}  {run.turn_id} #{run.number}: “{answer}” → {run.went} ({run.why}){wanted}")
            item.setData(Qt.ItemDataRole.UserRole, run.turn_id)
            self.addItem(item)
