"""The library: every scenario to rehearse, searchable, plus the files that could not be loaded."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...practice import Practice
from ...reports.wording import plural
from .. import workers
from ..library_model import DIFFICULTY, ScenarioFilter, ScenarioRole, ScenarioTableModel
from ..widgets.combos import refill
from ..widgets.labels import plain_label

if TYPE_CHECKING:  # the models load on a worker thread, after the window is on screen
    from ...core.library import Library
    from ...core.scenario import Scenario


class ScenarioDetails(QWidget):
    """The selected scenario's summary, setting and learning goals."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = plain_label(role="heading")
        self.meta = plain_label(role="muted")
        self.summary = plain_label()
        self.goals = plain_label()
        self.offer = plain_label()
        self.recruiter = plain_label()
        self.shape = plain_label(role="muted")
        self.column_layout = layout = QVBoxLayout(self)
        for widget in (
            self.title,
            self.meta,
            self.summary,
            plain_label("Learning goals", "subheading"),
            self.goals,
            plain_label("The offer", "subheading"),
            self.offer,
            plain_label("The recruiter", "subheading"),
            self.recruiter,
            self.shape,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.show_scenario(None)

    def show_scenario(self, scenario: Scenario | None) -> None:
        self.setVisible(scenario is not None)
        if scenario is None:
            return
        from ...core.placeholders import offer_summary

        self.title.setText(scenario.title)
        self.meta.setText(
            f"{scenario.role} at {scenario.company} · {DIFFICULTY[scenario.difficulty]} · "
            f"with {scenario.recruiter.name}, {scenario.recruiter.title}"
        )
        self.summary.setText(scenario.summary)
        self.goals.setText("\n".join(f"•  {goal}" for goal in scenario.learning_goals) or "—")
        self.offer.setText(offer_summary(scenario) or "Nothing on the table yet.")
        self.recruiter.setText(f"{scenario.recruiter.name}, {scenario.recruiter.title}. {scenario.recruiter.persona}")
        endings = {r.end.outcome for turn in scenario.turns.values() for r in turn.routes() if r.end}
        self.shape.setText(f"{len(scenario.turns)} moments in the conversation, {len(endings)} possible endings")


class ProblemList(QGroupBox):
    """Scenario files that could not be loaded, each with its diagnostics. Double-click opens the file."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Scenario files with problems", parent)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tree.setAccessibleName("Scenario files with problems")
        self.tree.itemActivated.connect(self._open)
        QVBoxLayout(self).addWidget(self.tree)

    def show_files(self, library: Library) -> None:
        self.tree.clear()
        for loaded in library.broken:
            errors = sum(d.severity.value == "error" for d in loaded.diagnostics)
            warnings = len(loaded.diagnostics) - errors
            counts = plural(errors, "error") + (f", {plural(warnings, 'warning')}" if warnings else "")
            item = QTreeWidgetItem([f"{Path(loaded.path).name} — {counts}"])
            item.setData(0, Qt.ItemDataRole.UserRole, loaded.path)
            item.setToolTip(0, loaded.path)
            for diagnostic in loaded.diagnostics:
                child = QTreeWidgetItem(
                    [
                        f"line {diagnostic.line}, column {diagnostic.col}: "
                        f"{diagnostic.severity.value}: {diagnostic.message}"
                    ]
                )
                child.setData(0, Qt.ItemDataRole.UserRole, loaded.path)
                child.setToolTip(0, str(diagnostic))
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        self.setVisible(bool(library.broken))

    def _open(self, item: QTreeWidgetItem) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(item.data(0, Qt.ItemDataRole.UserRole)))


class LibraryPage(QWidget):
    loaded = Signal(object)  # the Library, once loading finished
    status = Signal(str)
    rehearse = Signal(object)  # the chosen Scenario

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self.practice = practice
        self.library: Library | None = None
        self._job: workers.Job | None = None
        self.model = ScenarioTableModel(self)
        self.proxy = ScenarioFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build()

    def _build(self) -> None:
        self.search = QLineEdit(placeholderText="Search scenarios (Ctrl+F)", clearButtonEnabled=True)
        self.search.setAccessibleName("Search scenarios")
        self.search.textChanged.connect(self.proxy.set_search)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.level = QComboBox()
        self.level.setAccessibleName("Difficulty")
        self.level.addItem("Any difficulty", 0)
        for level, name in DIFFICULTY.items():
            self.level.addItem(name, level)
        self.level.currentIndexChanged.connect(lambda: self.proxy.set_difficulty(self.level.currentData()))
        self.tag = QComboBox()
        self.tag.setAccessibleName("Tag")
        self.tag.addItem("Any tag", "")
        self.tag.currentIndexChanged.connect(lambda: self.proxy.set_tag(self.tag.currentData()))
        self.reload_button = QPushButton("Reload")
        self.reload_button.setToolTip("Read the scenario folders again (F5)")
        self.reload_button.clicked.connect(self.reload)
        folder_button = QPushButton("Open my scenarios folder")
        folder_button.setToolTip(str(self.practice.places.user_scenarios))
        folder_button.clicked.connect(self.open_user_folder)
        bar = QHBoxLayout()
        for widget in (self.search, self.level, self.tag, self.reload_button, folder_button):
            bar.addWidget(widget)
        bar.setStretch(0, 1)

        self.table = QTableView()
        self.table.setAccessibleName("Scenarios")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        for section, mode in enumerate(
            (QHeaderView.ResizeMode.ResizeToContents,) * 2
            + (QHeaderView.ResizeMode.Interactive, QHeaderView.ResizeMode.Stretch)
        ):
            header.setSectionResizeMode(section, mode)
        header.resizeSection(2, 160)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.start_selected())
        self.details = ScenarioDetails()
        self.start_button = QPushButton("Rehearse this scenario (Enter)")
        self.start_button.clicked.connect(self.start_selected)
        self.details.column_layout.addWidget(self.start_button)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.problems = ProblemList()
        self.problems.hide()
        self.empty = plain_label("Loading scenarios…", "muted")
        column = QSplitter(Qt.Orientation.Vertical)
        column.addWidget(splitter)
        column.addWidget(self.problems)
        column.setStretchFactor(0, 4)
        column.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.empty)
        layout.addWidget(column, 1)

    def selected(self) -> Scenario | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ScenarioRole) if rows else None

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.details.show_scenario(self.selected())

    def start_selected(self) -> None:
        scenario = self.selected()
        if scenario is not None:
            self.rehearse.emit(scenario)

    def reload(self) -> None:
        """Load the built-in and the user's scenarios on a worker thread."""
        if self._job is not None:
            return
        self.reload_button.setEnabled(False)
        self.status.emit("Loading scenarios…")
        self._job = workers.start(self.practice.load_library, self._show_library, self._load_failed)

    def _show_library(self, library: Library) -> None:
        self._job = None
        self.library = library
        self.model.set_scenarios(library.scenarios)
        self._fill_tags(library)
        self.problems.show_files(library)
        self.reload_button.setEnabled(True)
        count = len(library.scenarios)
        self.empty.setText("No scenarios found. Add .yaml files to your scenarios folder, then press Reload.")
        self.empty.setVisible(count == 0)
        if count and not self.selected():
            self.table.selectRow(0)
        broken = len(library.broken)
        self.status.emit(
            f"{plural(count, 'scenario')} ready" + (f", {plural(broken, 'file')} with problems" if broken else "")
        )
        self.loaded.emit(library)

    def _fill_tags(self, library: Library) -> None:
        tags = sorted({t for s in library.scenarios for t in s.tags})
        refill(self.tag, [("Any tag", "")] + [(tag, tag) for tag in tags])

    def _load_failed(self, error: Exception) -> None:
        self._job = None
        self.reload_button.setEnabled(True)
        self.empty.setText(f"The scenarios could not be loaded: {error}")
        self.empty.show()
        self.status.emit("Loading scenarios failed")

    def open_user_folder(self) -> None:
        folder = self.practice.places.user_scenarios
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
