"""Progress over time: each dimension's average per rehearsal, how long answers took to start, and for spoken
answers how soon the first word came and how many fillers a minute."""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...storage.store import FILLERS, LATENCY, ONSET

Progress = dict[str, list[tuple[str, float]]]  # dimension (or LATENCY) -> (started_at, average), oldest first


def _axis(title: str, low: float, high: float) -> QValueAxis:
    axis = QValueAxis()
    axis.setTitleText(title)
    axis.setLabelFormat("%.0f")
    axis.setRange(low, high)
    return axis


def _count_axis(axis: QValueAxis, count: int) -> None:
    """Attempt numbers 1..count, labelled at whole, round steps (1, 2, 5, 10, 20, 50, …)."""
    step = next(s * 10**e for e in range(7) for s in (1, 2, 5) if s * 10**e * 6 >= count - 1)
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


def _line(name: str) -> QLineSeries:
    series = QLineSeries()
    series.setName(name)
    return series


def _points(values: list[tuple[str, float]]) -> list[QPointF]:
    return [QPointF(number, value) for number, (_, value) in enumerate(values, start=1)]


class ProgressCharts(QWidget):
    """Each dimension's average per attempt (x = attempt number, oldest first), and how long answers took to start."""

    def __init__(self, dimensions: dict[str, str], parent: QWidget | None = None):
        """`dimensions`: the rubric's labels by id, one line each."""
        super().__init__(parent)
        self.series = {key: _line(label) for key, label in dimensions.items()}
        self.latency = _line("Seconds before answering")
        self.x_axis, self.latency_x = _axis("Attempt", 1, 2), _axis("Attempt", 1, 2)
        self.latency_y = _axis("", 0, 10)  # the unit is in the title: a short chart has no height for it here
        self.scores_view = _chart("Scores over time", self.x_axis, _axis("Score", 0, 100), list(self.series.values()))
        self.latency_view = _chart("Average seconds before answering", self.latency_x, self.latency_y, [self.latency])
        self.scores_view.setMinimumHeight(220)
        self.latency_view.setMinimumHeight(160)
        self.onset, self.fillers = _line("Seconds to the first word"), _line("Fillers a minute")
        self.voice_x, self.voice_y = _axis("Spoken rehearsal", 1, 2), _axis("", 0, 5)
        self.voice_view = _chart("Answering out loud", self.voice_x, self.voice_y, [self.onset, self.fillers])
        self.voice_view.setMinimumHeight(160)
        self.voice_view.hide()  # until there is a spoken answer
        self.setMinimumWidth(340)  # room for the legend's names
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scores_view, 3)
        layout.addWidget(self.latency_view, 2)
        layout.addWidget(self.voice_view, 2)
        self.dark = False
        self._follow_palette()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._follow_palette()

    def _follow_palette(self) -> None:
        """Charts in the window's colours: Qt's dark chart theme on a dark palette (light text and grid),
        its light one otherwise, on the palette's own background."""
        palette = self.palette()
        dark = (
            palette.color(QPalette.ColorRole.WindowText).lightness()
            > palette.color(QPalette.ColorRole.Window).lightness()
        )
        for view in (self.scores_view, self.latency_view, self.voice_view):
            chart = view.chart()
            if dark != self.dark:
                chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
            chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
            view.setBackgroundBrush(palette.color(QPalette.ColorRole.Window))
        self.dark = dark

    def show_progress(self, progress: Progress) -> None:
        for dimension, line in self.series.items():
            line.replace(_points(progress.get(dimension, [])))
        _count_axis(self.x_axis, max([len(progress.get(d, [])) for d in self.series] or [0]))
        latencies = progress.get(LATENCY, [])
        self.latency.replace(_points(latencies))
        _count_axis(self.latency_x, len(latencies))
        self.latency_y.setRange(0, max([10.0] + [value * 1.1 for _, value in latencies]))
        self.latency_y.applyNiceNumbers()
        onsets, fillers = progress.get(ONSET, []), progress.get(FILLERS, [])
        self.onset.replace(_points(onsets))
        self.fillers.replace(_points(fillers))
        _count_axis(self.voice_x, max(len(onsets), len(fillers)))
        self.voice_y.setRange(0, max([5.0] + [value * 1.1 for _, value in onsets + fillers]))
        self.voice_y.applyNiceNumbers()
        self.voice_view.setVisible(bool(onsets or fillers))
