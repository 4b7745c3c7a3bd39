"""Practice history: every past rehearsal in a table, progress charts, personal bests and exports.

Every store query runs on a worker thread and comes back as plain data; the page never waits on disk.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, Callable, Optional

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QDate, QPointF, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFileDialog,
                               QHBoxLayout, QHeaderView, QLineEdit, QPushButton,
                               QSplitter, QTableView, QVBoxLayout, QWidget)

from ...core.report_html import attempt_html, range_html
from ...storage.exchange import export_csv, export_json
from ...storage.store import DIMENSIONS, AttemptRow, Store
from .. import workers
from ..history_model import AttemptFilter, AttemptIdRole, AttemptTableModel
from ..pdf import write_pdf
from ..dialogs.export_dialog import ExportDialog, Scope
from ..widgets.combos import refill
from ..widgets.labels import plain_label

LATENCY = "latency_s"
ALL_SCENARIOS = ""
Progress = dict[str, list[tuple[str, float]]]  # dimension (or LATENCY) -> (started_at, average), oldest first


@dataclass
class ChartData:
    scenario_id: str  # ALL_SCENARIOS or the one scenario charted
    progress: Progress


@dataclass
class HistoryData:
    attempts: list[AttemptRow]
    chart: ChartData
    bests: dict[str, float]


def load_chart(store: Store, scenario_id: str) -> ChartData:
    return ChartData(scenario_id, {key: store.progress(key, scenario_id or None) for key in (*DIMENSIONS, LATENCY)})


def load_history(store: Store, scenario_id: str) -> HistoryData:
    return HistoryData(store.attempts(), load_chart(store, scenario_id), store.personal_bests())


def write_report(store: Store, path: Path, scope: Scope) -> Path:
    """An HTML report, or a PDF of it when the file name ends in .pdf."""
    html = attempt_html(store, scope.attempt_id) if scope.attempt_id else range_html(store, scope.since, scope.until)
    if path.suffix.lower() == ".pdf":
        write_pdf(html, path)
    else:
        path.write_text(html, encoding="utf-8")
    return path


def write_answers(store: Store, path: Path, scope: Scope) -> Path:
    """The answers as JSON (lossless, importable) when the file name ends in .json, else CSV (one row each)."""
    args = (store, scope.since, scope.until, scope.attempt_id)
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(export_json(*args), indent=2, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(export_csv(*args), encoding="utf-8", newline="")
    return path


class LatestOnly:
    """One query at a time; a request made while one runs replaces any waiting one (stale results are dropped)."""

    def __init__(self, on_done: Callable[[Any], None], on_error: Callable[[str], None]):
        self._on_done, self._on_error = on_done, on_error
        self._job: Optional[workers.Job] = None  # kept referenced until its signals fire
        self._waiting: Optional[Callable[[], Any]] = None

    def request(self, fn: Callable[[], Any]) -> None:
        if self._job is not None:
            self._waiting = fn
            return
        self._job = workers.start(fn, self._done, self._failed)

    def _next(self) -> bool:
        self._job, waiting, self._waiting = None, self._waiting, None
        if waiting is not None:
            self.request(waiting)
        return waiting is not None

    def _done(self, result: Any) -> None:
        if not self._next():
            self._on_done(result)

    def _failed(self, message: str) -> None:
        if not self._next():
            self._on_error(message)


def _axis(title: str, low: float, high: float) -> QValueAxis:
    axis = QValueAxis()
    axis.setTitleText(title)
    axis.setLabelFormat("%.0f")
    axis.setRange(low, high)
    return axis


def _count_axis(axis: QValueAxis, count: int) -> None:
    """Attempt numbers 1..count, labelled at whole, round steps (1, 2, 5, 10, 20, 50, …)."""
    step = next(s * 10 ** e for e in range(7) for s in (1, 2, 5) if s * 10 ** e * 6 >= count - 1)
    axis.setRange(1, max(2, count))
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0 if step > 1 else 1)
    axis.setTickInterval(step)


def _chart(title: str, x_axis: QValueAxis, y_axis: QValueAxis, series: list[QLineSeries]) -> QChartView:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    for line in series:
        chart.addSeries(line)
        line.attachAxis(x_axis)
        line.attachAxis(y_axis)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setAccessibleName(title)
    return view


def _points(values: list[tuple[str, float]]) -> list[QPointF]:
    return [QPointF(number, value) for number, (_, value) in enumerate(values, start=1)]


class ProgressCharts(QWidget):
    """Each dimension's average per attempt (x = attempt number, oldest first), and how long answers took to start."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.series = {d: QLineSeries(name=d.capitalize()) for d in DIMENSIONS}
        self.latency = QLineSeries(name="Seconds before answering")
        self.x_axis, self.latency_x = _axis("Attempt", 1, 2), _axis("Attempt", 1, 2)
        self.latency_y = _axis("Seconds", 0, 10)
        self.scores_view = _chart("Scores over time", self.x_axis, _axis("Score", 0, 100), list(self.series.values()))
        self.latency_view = _chart("Average time before answering", self.latency_x, self.latency_y, [self.latency])
        self.scores_view.setMinimumHeight(220)
        self.latency_view.setMinimumHeight(160)
        self.setMinimumWidth(400)  # room for the legend's names
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scores_view, 3)
        layout.addWidget(self.latency_view, 2)

    def show_progress(self, progress: Progress) -> None:
        for dimension, line in self.series.items():
            line.replace(_points(progress.get(dimension, [])))
        _count_axis(self.x_axis, max(len(progress.get(d, [])) for d in DIMENSIONS))
        latencies = progress.get(LATENCY, [])
        self.latency.replace(_points(latencies))
        _count_axis(self.latency_x, len(latencies))
        self.latency_y.setRange(0, max([10.0] + [value * 1.1 for _, value in latencies]))
        self.latency_y.applyNiceNumbers()


def with_suffix(path: str, chosen_filter: str) -> Path:
    """The chosen file name, with the chosen format's extension added when the name has none."""
    target = Path(path)
    return target if target.suffix else target.with_suffix(chosen_filter.split("*")[-1].rstrip(")"))


def _fill_scenarios(combo: QComboBox, attempts: list[AttemptRow]) -> None:
    scenarios = sorted({(a.scenario_title, a.scenario_id) for a in attempts})
    refill(combo, [("All scenarios", ALL_SCENARIOS), *scenarios])


def bests_text(bests: dict[str, float]) -> str:
    if not bests:
        return "Personal bests: none yet — finish a rehearsal to set some."
    return "Personal bests (one answer): " + " · ".join(f"{d.capitalize()} {bests[d]:.0f}" for d in DIMENSIONS
                                                          if d in bests)


class HistoryPage(QWidget):
    open_attempt = Signal(str)  # the attempt id to show in the debrief
    status = Signal(str)
    loaded = Signal()  # data from the store is on screen (table and charts, or the charts alone)
    exported = Signal(str)  # the path of a file an export wrote

    def __init__(self, parent=None):
        super().__init__(parent)
        self.store: Optional[Store] = None
        self._export_job: Optional[workers.Job] = None
        self._history = LatestOnly(self._show_history, self._load_failed)
        self._charts = LatestOnly(self._show_chart, self._load_failed)
        self.model = AttemptTableModel(self)
        self.proxy = AttemptFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build()

    # ---- building -----------------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit(placeholderText="Search your rehearsals (Ctrl+F)", clearButtonEnabled=True)
        self.search.setAccessibleName("Search rehearsals")
        self.search.textChanged.connect(self.proxy.set_search)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.scenario = self._combo("Show rehearsals of", lambda: self.proxy.set_scenario(self.scenario.currentData()))
        self.chart_scenario = self._combo("Chart scenario", self._chart_scenario_changed)
        self.open_button = self._button("Open debrief", self.open_selected, enabled=False)
        self.report_button = self._button("Export report…", self.ask_report)
        self.answers_button = self._button("Export answers…", self.ask_answers)
        self.buttons = QHBoxLayout()
        for widget in (self.search, self.scenario, self.open_button, self.report_button, self.answers_button):
            self.buttons.addWidget(widget)
        self.buttons.setStretch(0, 1)
        self.table = self._table()
        self.charts = ProgressCharts()
        self.bests = plain_label(bests_text({}))
        self.empty = plain_label("Loading your practice history…", "muted")
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (plain_label("Progress", "subheading"), self.chart_scenario, self.charts, self.bests):
            column.addWidget(widget)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(self.buttons)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)

    def _combo(self, name: str, changed: Callable[[], None]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.addItem("All scenarios", ALL_SCENARIOS)
        combo.currentIndexChanged.connect(changed)
        return combo

    def _button(self, text: str, clicked: Callable[[], None], enabled: bool = True) -> QPushButton:
        button = QPushButton(text, enabled=enabled)
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
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.selectionModel().selectionChanged.connect(
            lambda *_: self.open_button.setEnabled(self.selected_id() is not None))
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
            self._history.request(partial(load_history, self.store, self.chart_scenario.currentData()))

    def _show_history(self, data: HistoryData) -> None:
        self.model.set_attempts(data.attempts)
        self.open_button.setEnabled(self.selected_id() is not None)  # a reset clears the selection
        _fill_scenarios(self.scenario, data.attempts)
        _fill_scenarios(self.chart_scenario, data.attempts)
        self.bests.setText(bests_text(data.bests))
        count = len(data.attempts)
        self.empty.setText("No rehearsals yet. Finish one and it shows up here with your scores.")
        self.empty.setVisible(count == 0)
        self.status.emit(f"{count} rehearsal{'s' * (count != 1)} in your history")
        if data.chart.scenario_id == self.chart_scenario.currentData():
            self._show_chart(data.chart)
        else:
            self._chart_scenario_changed()

    def _chart_scenario_changed(self) -> None:
        if self.store is not None:
            self._charts.request(partial(load_chart, self.store, self.chart_scenario.currentData()))

    def _show_chart(self, data: ChartData) -> None:
        if data.scenario_id == self.chart_scenario.currentData():
            self.charts.show_progress(data.progress)
            self.loaded.emit()

    def _load_failed(self, message: str) -> None:
        self.empty.setText(f"Your practice history could not be read: {message.splitlines()[0]}")
        self.empty.show()
        self.status.emit("Reading the practice history failed")

    # ---- acting on attempts -----------------------------------------------------
    def selected_id(self) -> Optional[str]:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(AttemptIdRole) if rows else None

    def open_selected(self) -> None:
        attempt_id = self.selected_id()
        if attempt_id is not None:
            self.open_attempt.emit(attempt_id)

    def _ask_scope(self, title: str) -> Optional[Scope]:
        attempts = self.model.attempts()
        first = datetime.fromisoformat(attempts[-1].started_at).astimezone().date() if attempts else date.today()
        dialog = ExportDialog(title, self.selected_id() is not None, QDate(first), self)
        return dialog.scope(self.selected_id()) if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _ask_file(self, title: str, name: str, filters: str) -> Optional[Path]:
        path, chosen = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), filters)
        return with_suffix(path, chosen) if path else None

    def ask_report(self) -> None:
        self._ask_export("report", "counteroffer-report.pdf", "PDF document (*.pdf);;Web page (*.html)",
                         self.export_report)

    def ask_answers(self) -> None:
        self._ask_export("answers", "counteroffer-answers.csv",
                         "Spreadsheet (*.csv);;Counteroffer history (*.json)", self.export_answers)

    def _ask_export(self, what: str, name: str, filters: str, export: Callable[[Path, Scope], None]) -> None:
        """Which rehearsals (the dialog), then where and in which format (the file dialog)."""
        scope = self._ask_scope(f"Export {what}")
        path = self._ask_file(f"Save {what}", name, filters) if scope else None
        if scope and path:
            export(path, scope)

    def export_report(self, path: Path, scope: Scope) -> None:
        """Write a report (PDF for a .pdf name, else HTML) on a worker thread; `exported` says when it is done."""
        self._export(partial(write_report, self.store, path, scope), "Report")

    def export_answers(self, path: Path, scope: Scope) -> None:
        """Write the answers (JSON for a .json name, else CSV) on a worker thread."""
        self._export(partial(write_answers, self.store, path, scope), "Answers")

    def _export(self, write: Callable[[], Path], what: str) -> None:
        if self.store is None or self._export_job is not None:
            self.status.emit("Nothing to export yet." if self.store is None else "An export is still being written.")
            return
        self._exporting(True, f"Writing {what.lower()}…")
        self._export_job = workers.start(
            write, lambda path: self._exporting(False, f"{what} saved to {path}", path),
            lambda message: self._exporting(False, f"{what} could not be saved: {message.splitlines()[0]}"))

    def _exporting(self, busy: bool, message: str, written: Optional[Path] = None) -> None:
        if not busy:
            self._export_job = None
        self.report_button.setEnabled(not busy)
        self.answers_button.setEnabled(not busy)
        self.status.emit(message)
        if written is not None:
            self.exported.emit(str(written))
