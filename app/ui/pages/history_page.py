"""Practice history: every past rehearsal in a table, progress charts, personal bests and exports.

Every store query runs on a worker thread and comes back as plain data; the page never waits on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...practice import Practice, Scope
from ...reports.wording import plural
from ...storage.store import FILLERS, LATENCY, ONSET, AttemptRow, Store
from .. import workers
from ..dialogs.export_dialog import ExportDialog
from ..history_model import AttemptFilter, AttemptIdRole, AttemptTableModel, date_samples, students_of
from ..widgets.combos import refill
from ..widgets.labels import plain_label
from ..widgets.progress_charts import Progress, ProgressCharts

ALL_SCENARIOS = ""
KEY_COLUMNS = (0, 1, 2)  # date, scenario, outcome: always shown in full


@dataclass
class ChartData:
    scenario_id: str  # ALL_SCENARIOS or the one scenario charted
    progress: Progress


@dataclass
class HistoryData:
    attempts: list[AttemptRow]
    chart: ChartData
    bests: dict[str, float]


def load_chart(store: Store, dimensions: list[str], scenario_id: str) -> ChartData:
    keys = (*dimensions, LATENCY, ONSET, FILLERS)
    return ChartData(scenario_id, {key: store.progress(key, scenario_id or None) for key in keys})


def load_history(store: Store, dimensions: list[str], scenario_id: str) -> HistoryData:
    return HistoryData(store.attempts(), load_chart(store, dimensions, scenario_id), store.personal_bests())


def with_suffix(path: str, chosen_filter: str) -> Path:
    """The chosen file name, with the chosen format's extension added when the name has none."""
    target = Path(path)
    return target if target.suffix else target.with_suffix(chosen_filter.split("*")[-1].rstrip(")"))


def _fill_scenarios(combo: QComboBox, attempts: list[AttemptRow]) -> None:
    scenarios = sorted({(a.scenario_title, a.scenario_id) for a in attempts})
    refill(combo, [("All scenarios", ALL_SCENARIOS), *scenarios])


def bests_text(bests: dict[str, float], dimensions: dict[str, str]) -> str:
    if not bests:
        return "Personal bests: none yet — finish a rehearsal to set some."
    return "Personal bests (one answer): " + " · ".join(
        f"{label} {bests[key]:.0f}" for key, label in dimensions.items() if key in bests
    )


class HistoryPage(QWidget):
    open_attempt = Signal(str)  # the attempt id to show in the debrief
    status = Signal(str)
    loaded = Signal()  # data from the store is on screen (table and charts, or the charts alone)
    exported = Signal(str)  # the path of a file an export wrote

    def __init__(self, practice: Practice, dimensions: dict[str, str], parent: QWidget | None = None):
        """`dimensions`: the rubric's labels by id, charted and listed in this order."""
        super().__init__(parent)
        self.practice = practice
        self.dimensions = dimensions
        self.store: Store | None = None
        self._export_job: workers.Job | None = None
        self._history = workers.LatestOnly(self._show_history, self._load_failed)
        self._charts = workers.LatestOnly(self._show_chart, self._load_failed)
        self.model = AttemptTableModel(dimensions, self)
        self.proxy = AttemptFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build()

    # ---- building -----------------------------------------------------------
    def _build(self) -> None:
        self.setAccessibleName("Practice history")
        self.search = QLineEdit(placeholderText="Search your rehearsals (Ctrl+F)", clearButtonEnabled=True)
        self.search.setAccessibleName("Search rehearsals")
        self.search.textChanged.connect(self.proxy.set_search)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus).setWhatsThis("Search your rehearsals")
        self.scenario = self._combo("Show rehearsals of", lambda: self.proxy.set_scenario(self.scenario.currentData()))
        self.chart_scenario = self._combo("Chart scenario", self._chart_scenario_changed)
        self.student = QComboBox()
        self.student.setAccessibleName("Show the pair rounds of")
        self.student.addItem("Every student", "")
        self.student.currentIndexChanged.connect(lambda: self.proxy.set_student(self.student.currentData()))
        self.student.hide()  # until there is a pair round
        self.open_button = self._button("Open debrief", self.open_selected, enabled=False)
        self.report_button = self._button("Export report…", self.ask_report)
        self.answers_button = self._button("Export answers…", self.ask_answers)
        self.buttons = QHBoxLayout()
        for widget in (
            self.search,
            self.scenario,
            self.student,
            self.open_button,
            self.report_button,
            self.answers_button,
        ):
            self.buttons.addWidget(widget)
        self.buttons.setStretch(0, 1)
        self.table = self._table()
        self.charts = ProgressCharts(self.dimensions)
        self.bests = plain_label(bests_text({}, self.dimensions))
        self.empty = plain_label("Loading your practice history…", "muted")
        self.side = side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        for part in (plain_label("Progress", "subheading"), self.chart_scenario, self.charts, self.bests):
            column.addWidget(part)
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.page_layout = layout = QVBoxLayout(self)
        layout.addLayout(self.buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.splitter, 1)
        self.tabs = QTabWidget()  # the table and the charts as tabs instead, in a narrow window
        self.tabs.setDocumentMode(True)
        self.tabs.hide()
        layout.addWidget(self.tabs, 1)

    # ---- fitting a narrow window ------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _size_key_columns(self) -> None:
        """Date, scenario and outcome as wide as their widest text among all the rehearsals, not only the rows
        on screen (which is all ResizeToContents measures here), so scrolling never finds one cut short."""
        if self.proxy.rowCount() == 0:
            return  # nothing to measure against (kept as they were)
        header, metrics = self.table.horizontalHeader(), self.table.fontMetrics()
        attempts = self.model.attempts()
        for number in KEY_COLUMNS:
            show = self.model.columns[number].show
            texts = date_samples() if number == 0 else {show(attempt) for attempt in attempts}
            sample = self.proxy.index(0, number)  # what the style adds around a text: padding, margins, grid
            around = self.table.sizeHintForIndex(sample).width() - metrics.horizontalAdvance(str(sample.data()))
            around += 1 if self.table.showGrid() else 0  # as QTableView.sizeHintForColumn counts it
            widest = max(metrics.horizontalAdvance(text) for text in texts) + around + 1  # + 1: rounding
            header.resizeSection(number, max(widest, header.sectionSizeHint(number)))

    def key_columns_width(self) -> int:
        """What the table needs to show every date, scenario and outcome in full."""
        header = self.table.horizontalHeader()
        columns = sum(header.sectionSize(number) for number in KEY_COLUMNS)
        return columns + self.table.verticalScrollBar().sizeHint().width() + 2 * self.table.frameWidth()

    def _fit(self) -> None:
        """The progress charts beside the table where there is room for both; in a narrow window (1024 wide
        with the Flower panel open) the table and the charts become two tabs, so neither is squeezed."""
        margins = self.page_layout.contentsMargins()
        room = self.width() - margins.left() - margins.right() - self.splitter.handleWidth()
        narrow = room < self.key_columns_width() + self.charts.minimumWidth()
        if narrow and self.tabs.isHidden():
            self.tabs.addTab(self.table, "Rehearsals")
            self.tabs.addTab(self.side, "Progress")
            self.splitter.hide()
            self.tabs.show()
        elif not narrow and self.tabs.isVisibleTo(self):
            self.tabs.clear()
            for number, part in enumerate((self.table, self.side)):
                self.splitter.insertWidget(number, part)
                part.show()  # the tabs hid the one not on top
            self.tabs.hide()
            self.splitter.show()
        needed = self.key_columns_width()
        if not narrow and 0 < self.splitter.sizes()[0] < needed:  # the charts give the table the room it needs
            self.splitter.setSizes([needed, max(self.charts.minimumWidth(), sum(self.splitter.sizes()) - needed)])

    def _combo(self, name: str, changed: Callable[[], None]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.addItem("All scenarios", ALL_SCENARIOS)
        combo.currentIndexChanged.connect(changed)
        return combo

    def _button(self, text: str, clicked: Callable[[], None], enabled: bool = True) -> QPushButton:
        button = QPushButton(text)
        button.setEnabled(enabled)
        button.setAccessibleName(text.rstrip("…"))
        button.clicked.connect(clicked)
        return button

    def _table(self) -> QTableView:
        table = QTableView()
        table.setAccessibleName("Past rehearsals")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setResizeContentsPrecision(0)  # measure the rows on screen, not thousands
        # Every column as wide as its text, so a date, title or outcome is never cut short (those three are sized
        # over every rehearsal, see _size_key_columns); the last one takes what room is left, and a narrow table
        # scrolls sideways to the scores instead.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for number in KEY_COLUMNS:
            header.setSectionResizeMode(number, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        table.selectionModel().selectionChanged.connect(
            lambda *_: self.open_button.setEnabled(self.selected_id() is not None)
        )
        table.activated.connect(lambda index: self.open_attempt.emit(index.data(AttemptIdRole)))
        return table

    # ---- loading --------------------------------------------------------------
    def set_store(self, store: Store) -> None:
        self.store = store
        self.refresh()

    def refresh(self) -> None:
        """Read the attempts, charts and bests again (on a worker thread)."""
        if self.store is not None:
            self.status.emit("Loading practice history…")
            self._history.request(
                partial(load_history, self.store, self._dimension_ids(), self.chart_scenario.currentData())
            )

    def _show_history(self, data: HistoryData) -> None:
        self.model.set_attempts(data.attempts)
        self.open_button.setEnabled(self.selected_id() is not None)  # a reset clears the selection
        _fill_scenarios(self.scenario, data.attempts)
        students = sorted({name for attempt in data.attempts for name in students_of(attempt)}, key=str.casefold)
        refill(self.student, [("Every student", ""), *((name, name) for name in students)])
        self.student.setVisible(bool(students))
        _fill_scenarios(self.chart_scenario, data.attempts)
        self.bests.setText(bests_text(data.bests, self.dimensions))
        count = len(data.attempts)
        self.empty.setText("No rehearsals yet. Finish one and it shows up here with your scores.")
        self.empty.setVisible(count == 0)
        self._size_key_columns()
        self._fit()  # the new titles may need more room
        self.status.emit(f"{plural(count, 'rehearsal')} in your history")
        if data.chart.scenario_id == self.chart_scenario.currentData():
            self._show_chart(data.chart)
        else:
            self._chart_scenario_changed()

    def _chart_scenario_changed(self) -> None:
        if self.store is not None:
            self._charts.request(
                partial(load_chart, self.store, self._dimension_ids(), self.chart_scenario.currentData())
            )

    def _show_chart(self, data: ChartData) -> None:
        if data.scenario_id == self.chart_scenario.currentData():
            self.charts.show_progress(data.progress)
            self.loaded.emit()

    def _dimension_ids(self) -> list[str]:
        return list(self.dimensions)

    def _load_failed(self, error: Exception) -> None:
        self.empty.setText(f"Your practice history could not be read: {error}")
        self.empty.show()
        self.status.emit("Reading the practice history failed")

    # ---- acting on attempts -----------------------------------------------------
    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(AttemptIdRole) if rows else None

    def open_selected(self) -> None:
        attempt_id = self.selected_id()
        if attempt_id is not None:
            self.open_attempt.emit(attempt_id)

    def _ask_scope(self, title: str) -> Scope | None:
        attempts = self.model.attempts()
        first = datetime.fromisoformat(attempts[-1].started_at).astimezone().date() if attempts else date.today()
        dialog = ExportDialog(title, self.selected_id() is not None, QDate(first.year, first.month, first.day), self)
        return dialog.scope(self.selected_id()) if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _ask_file(self, title: str, name: str, filters: str) -> Path | None:
        path, chosen = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), filters)
        return with_suffix(path, chosen) if path else None

    def ask_report(self) -> None:
        self._ask_export(
            "report", "counteroffer-report.pdf", "PDF document (*.pdf);;Web page (*.html)", self.export_report
        )

    def ask_answers(self) -> None:
        self._ask_export(
            "answers",
            "counteroffer-answers.csv",
            "Spreadsheet (*.csv);;Counteroffer history (*.json)",
            self.export_answers,
        )

    def _ask_export(self, what: str, name: str, filters: str, export: Callable[[Path, Scope], None]) -> None:
        """Which rehearsals (the dialog), then where and in which format (the file dialog)."""
        scope = self._ask_scope(f"Export {what}")
        path = self._ask_file(f"Save {what}", name, filters) if scope else None
        if scope and path:
            export(path, scope)

    def export_report(self, path: Path, scope: Scope) -> None:
        """Write a report (PDF for a .pdf name, else HTML) on a worker thread; `exported` says when it is done."""
        self._export(self.practice.write_report, path, scope, "Report")

    def export_answers(self, path: Path, scope: Scope) -> None:
        """Write the answers (JSON for a .json name, else CSV) on a worker thread."""
        self._export(self.practice.write_answers, path, scope, "Answers")

    def _export(self, write: Callable[[Store, Path, Scope], Path], path: Path, scope: Scope, what: str) -> None:
        store = self.store
        if store is None or self._export_job is not None:
            self.status.emit("Nothing to export yet." if store is None else "An export is still being written.")
            return
        self._exporting(True, f"Writing {what.lower()}…")
        self._export_job = workers.start(
            partial(write, store, path, scope),
            lambda written: self._exporting(False, f"{what} saved to {written}", written),
            lambda error: self._exporting(False, f"{what} could not be saved: {error}"),
            owner=self,
        )

    def _exporting(self, busy: bool, message: str, written: Path | None = None) -> None:
        if not busy:
            self._export_job = None
        self.report_button.setEnabled(not busy)
        self.answers_button.setEnabled(not busy)
        self.status.emit(message)
        if written is not None:
            self.exported.emit(str(written))
