"""Rubric tuning (File → Tune a rubric…): a rubric's YAML beside the answers it scores, re-scored as it is edited.

The answers are the examples of every scenario that uses the rubric, plus any class answers loaded from a CSV or
JSONL file. Their current scores are worked out once on a worker; 300 ms after the typing stops the edit is checked
and every answer scored again (one run at a time, on the "interactive" lane; a run whose inputs changed meanwhile is
dropped). Saving writes the user's own copy of the rubric (never the built-in file), atomically with a .bak, and
makes the app read its rubrics again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .. import workers
from ..dialogs.file_view import read_for_viewing
from ..widgets.labels import plain_label
from ..widgets.score_bar import readable_colour
from .editor import ScenarioEditor
from .files import backup_path, save_text
from .problems import ProblemsList, editing_pane

if TYPE_CHECKING:
    from ...core.library import Library
    from ...core.scoring import Score, Scorer
    from ...core.tuning import Answer, Retuned, Tuning
    from ...practice import Practice

    Scored = list[tuple[Answer, Score]]

RUN_DELAY_MS = 300  # after the last keystroke
UP, DOWN = (130 / 360, 0.55), (2 / 360, 0.70)  # the score bars' "strong" and "needs work" hues
SHOWN_CHARS = 140  # of an answer, in its cell (the whole answer is its tooltip)


def open_tuning(practice: Practice, library: Library, parent: QWidget) -> RubricTuningWindow | None:
    """A tuning window on a rubric (asked for when there are several), or the one already open on it."""
    ids = sorted(practice.scorer().rubrics)  # the library has loaded, so the scorer has too
    rubric_id = ids[0] if len(ids) == 1 else None
    if rubric_id is None:
        chosen, ok = QInputDialog.getItem(
            parent, "Tune a rubric", "Rubric:", ids, ids.index("default") if "default" in ids else 0, False
        )
        if not ok:
            return None
        rubric_id = chosen
    window = parent.findChild(RubricTuningWindow, f"tuning-{rubric_id}")
    if window is None or not window.isVisible():  # a closed one is on its way out
        window = RubricTuningWindow(practice, library, rubric_id, parent)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


# ---- work done on workers (no widgets here) --------------------------------------------------------------------------
def baseline(scorer: Scorer, answers: list[Answer]) -> tuple[Scored, list[str]]:
    from ...core.tuning import score_answers

    return score_answers(scorer, answers)


def examples_for(library: Library, rubric_id: str) -> list[Answer]:
    from ...core.tuning import example_answers

    return example_answers(library.scenarios, rubric_id)


def load_class(path: Path, library: Library, scorer: Scorer) -> tuple[Path, Scored, list[str]]:
    from ...core.tuning import class_answers, score_answers

    answers, left_out = class_answers(path, library)
    scored, unscored = score_answers(scorer, answers)
    return path, scored, left_out + unscored


@dataclass(frozen=True)
class Run:
    tuning: Tuning
    seconds: float


def run(text: str, name: str, scorer: Scorer, scored: Scored) -> Run:
    from ...core.tuning import tune

    start = time.perf_counter()
    tuning = tune(text, name, scorer, scored)
    return Run(tuning, time.perf_counter() - start)


def save_rubric(practice: Practice, target: Path, text: str) -> tuple[bool, Scorer]:
    """Write the user's copy (a .bak of the one it replaces), then read the rubrics again: the new "before"."""
    existed = target.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    save_text(target, text)
    practice.refresh_scorer()
    return existed, practice.scorer()


def completion_words(scorer: Scorer) -> list[str]:
    """A rubric's keys and every detector's name."""
    from ...core.rubric import Criterion, Dimension, Goodwill, GoodwillMove, Rubric

    keys = {key for model in (Rubric, Criterion, Dimension, Goodwill, GoodwillMove) for key in model.model_fields}
    return sorted(keys | set(scorer.detectors) | {"reward", "penalty", "learned"})


# ---- the table -------------------------------------------------------------------------------------------------------
class TuningModel(QAbstractTableModel):
    """One row per answer: the change overall, the answer, where it is from, before → after per dimension and the
    criteria that moved. Sorts by any column; `only_changed` hides the rest."""

    FIXED = ("Change", "Answer", "From")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.results: list[Retuned] = []
        self.rows: list[Retuned] = []
        self.dimensions: list[tuple[str, str]] = []  # (id, label)
        self.only_changed = False
        self.colours: dict[str, QColor] = {}  # "up" and "down": readable on the table's background
        self._sort = (0, Qt.SortOrder.DescendingOrder)

    def set_results(self, tuning: Tuning, palette: QPalette) -> None:
        self.beginResetModel()
        self.results = tuning.results
        rubric = tuning.rubric
        self.dimensions = [(k, d.label) for k, d in rubric.dimensions.items()] if rubric is not None else []
        base = palette.color(QPalette.ColorRole.Base)
        self.colours = {"up": readable_colour(*UP, base), "down": readable_colour(*DOWN, base)}
        self._arrange()
        self.endResetModel()

    def set_only_changed(self, only: bool) -> None:
        self.beginResetModel()
        self.only_changed = only
        self._arrange()
        self.endResetModel()

    def _arrange(self) -> None:
        shown = [r for r in self.results if r.changed or r.criteria] if self.only_changed else list(self.results)
        column, order = self._sort
        shown.sort(key=lambda r: self._key(r, column), reverse=order == Qt.SortOrder.DescendingOrder)
        self.rows = shown

    def _key(self, result: Retuned, column: int) -> Any:
        if column == 0:
            return result.change
        if column == 1:
            return result.answer.text.casefold()
        if column == 2:
            return (result.answer.where, result.answer.source)
        if column - 3 < len(self.dimensions):
            return result.change_in(self.dimensions[column - 3][0])
        return len(result.criteria)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._arrange()
        self.layoutChanged.emit()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.FIXED) + len(self.dimensions) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = [*self.FIXED, *(label for _id, label in self.dimensions), "Criteria that moved"]
        return names[section] if 0 <= section < len(names) else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        result, column = self.rows[index.row()], index.column()
        change = self._change(result, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(result, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(result)
        if role == Qt.ItemDataRole.ForegroundRole and change:
            return self.colours.get("up" if change > 0 else "down")
        if role == Qt.ItemDataRole.TextAlignmentRole and column != 1 and column != self.columnCount() - 1:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _change(self, result: Retuned, column: int) -> float | None:
        if column == 0:
            return result.change
        if 3 <= column < 3 + len(self.dimensions):
            return result.change_in(self.dimensions[column - 3][0])
        return None

    def _text(self, result: Retuned, column: int) -> str:
        if column == 0:
            return signed(result.change)
        if column == 1:
            text = " ".join(result.answer.text.split())
            return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"
        if column == 2:
            return " · ".join(part for part in (result.answer.where, result.answer.source) if part)
        if column - 3 < len(self.dimensions):
            key = self.dimensions[column - 3][0]
            scores = [s.dimensions[key].score for s in (result.before, result.after) if key in s.dimensions]
            return " → ".join(f"{score:g}" for score in dict.fromkeys(scores))  # "70", "70 → 78", or a new one
        return "; ".join(str(c) for c in result.criteria)

    def _tooltip(self, result: Retuned) -> str:
        moved = [str(c) for c in result.criteria]
        return "\n".join([result.answer.text, "", self._text(result, 2), *moved])


def signed(change: float) -> str:
    """ "▲ +1.8", "▼ -0.4" or "0": the arrow says it without the colour."""
    if not change:
        return "0"
    return f"{'▲' if change > 0 else '▼'} {change:+.1f}"


# ---- the window ------------------------------------------------------------------------------------------------------
class RubricTuningWindow(QMainWindow):
    """The rubric's YAML and its problems on the left; the answers, before → after, on the right."""

    tuned = Signal(object)  # the Tuning shown (tests wait for it)
    saved = Signal(str)  # the path written

    def __init__(self, practice: Practice, library: Library, rubric_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName(f"tuning-{rubric_id}")
        self.practice, self.library, self.rubric_id = practice, library, rubric_id
        self.path = practice.rubric_file(rubric_id)
        self.target = practice.user_rubric(rubric_id)
        self.result: Tuning | None = None
        self.scorer: Scorer | None = None
        self.examples: Scored = []  # every example of every scenario using the rubric, with its "before" score
        self.classes: dict[Path, Scored] = {}  # each class file loaded, by path (loading one again replaces it)
        self._generation = 0
        self._runs = workers.LatestOnly(lambda done: self._ran(*done), self._run_failed, lane="interactive", owner=self)
        self._loading = True
        self._saving = False
        self._close_after_save = False
        self._build()
        self.resize(1280, 720)
        self._title()
        self.statusBar().showMessage("Reading the rubric and scoring the examples…")
        workers.start(lambda: read_for_viewing(self.path), self._show_text, self._read_failed, owner=self)
        self._rebaseline(practice.scorer())

    # ---- building ------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.editor = ScenarioEditor()
        self.editor.setAccessibleName("Rubric YAML")
        self.editor.textChanged.connect(self._edited)
        self.editor.document().modificationChanged.connect(self.setWindowModified)
        self.problems = ProblemsList(empty="No problems: the rubric checks out.")
        self.problems.jump.connect(self.go_to)
        left = editing_pane(self.editor, self.problems, (540, 140))
        self.summary = plain_label("Scoring the answers…")
        self.summary.setAccessibleName("Summary")
        self.model = TuningModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Answers, before and after")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # sizing to contents would read every row
        header.setStretchLastSection(True)
        header.setDefaultSectionSize(84)
        self.only_changed = QCheckBox("Only answers that change")
        self.only_changed.toggled.connect(self.model.set_only_changed)
        self.add_button = QPushButton("Add class answers (CSV)…")
        self.add_button.setToolTip("A CSV or JSONL file of answers, as `counteroffer score --batch` reads it")
        self.add_button.clicked.connect(self.choose_class_answers)
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip(f"Save your copy of the rubric as {self.target} (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.only_changed)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.save_button)
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([480, 800])
        self.setCentralWidget(split)
        self.timing = QLabel("")
        self.statusBar().addPermanentWidget(self.timing)
        self._timer = QTimer(self, singleShot=True, interval=RUN_DELAY_MS)
        self._timer.timeout.connect(self.run_now)
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction("&Save", QKeySequence(QKeySequence.StandardKey.Save), self.save)
        file_menu.addAction("Add &class answers…", self.choose_class_answers)
        file_menu.addAction("&Close", QKeySequence(QKeySequence.StandardKey.Close), self.close)
        edit = self.menuBar().addMenu("&Edit")
        edit.addAction("&Undo", QKeySequence(QKeySequence.StandardKey.Undo), self.editor.undo)
        edit.addAction("&Redo", QKeySequence(QKeySequence.StandardKey.Redo), self.editor.redo)

    def _title(self) -> None:
        copy = "your copy" if self.path == self.target else "built-in: saving makes your own copy"
        self.setWindowTitle(f"{self.path.name}[*] ({copy}) — Rubric tuning")

    # ---- the text and the answers ----------------------------------------------------------------------------------
    def _show_text(self, text: str) -> None:
        self._loading = True
        self.editor.setPlainText(text)
        self.editor.document().setModified(False)
        self._loading = False
        self.run_now()

    def _read_failed(self, error: Exception) -> None:
        self.statusBar().showMessage(f"Couldn't read {self.path.name}: {_why(error)}")

    def _rebaseline(self, scorer: Scorer) -> None:
        """Score the examples and each class file's answers with `scorer`: the "before" of every run from now on.
        The first time, the examples are gathered from the library too."""
        library, rubric_id, first = self.library, self.rubric_id, self.scorer is None
        groups = [[answer for answer, _score in scored] for scored in (self.examples, *self.classes.values())]
        paths = list(self.classes)

        def work() -> list[tuple[Scored, list[str]]]:
            return [baseline(scorer, group) for group in ([examples_for(library, rubric_id)] if first else groups)]

        def done(found: list[tuple[Scored, list[str]]]) -> None:
            (self.examples, problems), *rest = found
            self.classes = {path: scored for path, (scored, _problems) in zip(paths, rest, strict=True)}
            if first:
                self.editor.set_words(completion_words(scorer))
                if problems:
                    self.statusBar().showMessage(f"{len(problems)} example(s) can't be scored: {problems[0]}")
            self.scorer = scorer
            self._inputs_changed()

        workers.start(
            work,
            done,
            lambda error: self.statusBar().showMessage(f"The answers couldn't be scored: {_why(error)}"),
            lane="interactive",
            owner=self,
        )

    def _scored(self) -> Scored:
        return [*self.examples, *(item for scored in self.classes.values() for item in scored)]

    def choose_class_answers(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Add class answers", str(Path.home()), "Class answers (*.csv *.jsonl *.ndjson *.json);;All files (*)"
        )
        if path:
            self.add_class_answers(Path(path))

    def add_class_answers(self, path: Path) -> None:
        """Read a class's answers (CSV or JSONL, as `counteroffer score --batch` does) and score them, on a worker."""
        scorer, library = self.scorer, self.library
        if scorer is None:
            self.statusBar().showMessage("Still scoring the examples: add the class answers in a moment.")
            return
        self.statusBar().showMessage(f"Reading {path.name}…")
        workers.start(
            lambda: load_class(path, library, scorer),
            lambda loaded: self._class_loaded(*loaded),
            lambda error: self._warn(f"The answers in {path.name} weren't added", error),
            lane="interactive",
            owner=self,
        )

    def _class_loaded(self, path: Path, scored: Scored, problems: list[str]) -> None:
        self.classes[path] = scored
        note = f"; left out {len(problems)}: {'; '.join(problems[:2])}" + ("; …" if len(problems) > 2 else "")
        self.statusBar().showMessage(f"Added {len(scored)} answers from {path.name}{note if problems else ''}")
        self._inputs_changed()

    # ---- running -------------------------------------------------------------------------------------------------
    def _edited(self) -> None:
        if not self._loading:
            self._generation += 1
            self._timer.start()

    def _inputs_changed(self) -> None:
        self._generation += 1
        self.run_now()

    def run_now(self) -> None:
        """Check the text and score every answer with it, on a worker; one run at a time (a request meanwhile runs
        once it is back)."""
        if self._loading or self.scorer is None:
            return  # runs when both the text and the "before" scores are there
        generation, text, name, scorer, scored = (
            self._generation,
            self.editor.toPlainText(),
            str(self.path),
            self.scorer,
            self._scored(),
        )
        self._runs.request(lambda: (generation, run(text, name, scorer, scored)))

    def _ran(self, generation: int, done: Run) -> None:
        if generation != self._generation:
            return  # the text or the answers changed while it ran
        tuning = done.tuning
        self.result = tuning
        self.editor.set_problems(tuning.diagnostics)
        self.problems.show_problems(tuning.diagnostics)
        if tuning.rubric is not None:  # while the text is broken, the last results stay (the summary says why)
            first = not self.model.dimensions
            self.model.set_results(tuning, self.table.palette())
            if first:
                for column, width in enumerate((80, 270, 160)):  # the change, the answer, where it is from
                    self.table.setColumnWidth(column, width)
        self.summary.setText(tuning.summary())
        self.timing.setText(f"Re-scored {len(tuning.results)} answers in {done.seconds * 1000:.0f} ms")
        if self.statusBar().currentMessage().startswith("Reading the rubric"):
            self.statusBar().clearMessage()
        self.tuned.emit(tuning)

    def _run_failed(self, error: Exception) -> None:
        self.statusBar().showMessage(f"The answers couldn't be scored: {_why(error)}")

    def go_to(self, line: int, col: int = 1) -> None:
        self.editor.go_to(line, col)
        self.editor.setFocus()

    # ---- saving --------------------------------------------------------------------------------------------------
    def save(self) -> None:
        if self._saving or self._loading:
            return
        if self.result is None or self.result.rubric is None:
            errors = self.result.errors if self.result is not None else 0
            why = f"it has {errors} error(s), and a rubric with errors isn't used" if errors else "it is still checking"
            QMessageBox.information(self, "Not saved yet", f"The rubric can't be saved yet: {why}.")
            return
        self._saving = True
        practice, target, text = self.practice, self.target, self.editor.toPlainText()
        self.statusBar().showMessage(f"Saving {target.name}…")
        workers.start(
            lambda: save_rubric(practice, target, text),
            lambda done: self._saved(text, *done),
            self._save_failed,
            lane="interactive",
            owner=self,
        )

    def _saved(self, text: str, replaced: bool, scorer: Scorer) -> None:
        self._saving = False
        built_in = self.path != self.target
        self.path = self.target
        if self.editor.toPlainText() == text:
            self.editor.document().setModified(False)
        self._title()
        kept = f"; the previous version is kept as {backup_path(self.target).name}" if replaced else ""
        why = " (it overrides the built-in rubric)" if built_in else ""
        self.statusBar().showMessage(f"Saved {self.target}{why}{kept}. New rehearsals use it.")
        self.saved.emit(str(self.target))
        self._rebaseline(scorer)  # the saved rubric is the new "before"
        if self._close_after_save:
            self.close()

    def _save_failed(self, error: Exception) -> None:
        self._saving = False
        self._close_after_save = False
        self._warn("The rubric wasn't saved", error)

    def _warn(self, what: str, error: Exception) -> None:
        self.statusBar().showMessage(f"{what}.")
        QMessageBox.warning(self, "Counteroffer", f"{what}: {_why(error)}")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.editor.document().isModified() and not self._close_after_save:
            buttons = QMessageBox.StandardButton
            answer = QMessageBox.question(
                self,
                "Save changes?",
                f"Save your changes to the {self.rubric_id} rubric?",
                buttons.Save | buttons.Discard | buttons.Cancel,
            )
            if answer == buttons.Cancel:
                event.ignore()
                return
            if answer == buttons.Save:
                self._close_after_save = self.result is not None and self.result.rubric is not None
                self.save()  # says why when it can't; the window then stays open
                event.ignore()
                return
        super().closeEvent(event)


def _why(error: Exception) -> str:
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)
