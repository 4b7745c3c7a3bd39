"""The library: every scenario to rehearse, searchable, plus the files that could not be loaded."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...practice import Practice
from ...reports.wording import plural
from .. import workers
from ..dialogs.file_view import FileViewDialog
from ..library_model import COLUMNS, DIFFICULTY, ScenarioFilter, ScenarioRole, ScenarioTableModel
from ..widgets.combos import refill
from ..widgets.labels import plain_label

if TYPE_CHECKING:  # the models load on a worker thread, after the window is on screen
    from ...core.diagnostics import Diagnostic
    from ...core.library import Library
    from ...core.scenario import Scenario


SUMMARY_MIN_WIDTH = 90  # narrower than this, the summary column is left out (it is shown beside the table)
ITEM_PADDING = 2 * 8 + 4  # QTableView::item in app.qss pads 8 px each side; a little spare for the style


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


class _WrappingDelegate(QStyledItemDelegate):
    """Item text wrapped to the width its row gets in a tree: a row is as tall as its whole message."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        option.decorationAlignment = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        option.textElideMode = Qt.TextElideMode.ElideNone

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        view = self.parent()
        assert isinstance(view, QTreeView)  # made by ProblemTree, for itself
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = max(60, view.viewport().width() - view.indentation() * (depth + int(view.rootIsDecorated())))
        opt.rect = QRect(0, 0, width, 10_000)
        style = view.style()
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, view)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        height = wrapped_height(opt.text, opt.font, text_rect.width() - 2 * margin)
        return QSize(width, max(super().sizeHint(option, index).height(), height + 6))


def wrapped_height(text: str, font: QFont, width: int) -> int:
    """The height of `text` wrapped as item views wrap it (at word boundaries, or anywhere in a long word)."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    height = 0.0
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(max(1, width))
        height += line.height()
    layout.endLayout()
    return math.ceil(height)


class _OneLineDelegate(QStyledItemDelegate):
    """A cell kept to one line (cut short with …) in a table that wraps its other columns."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText


class ProblemTree(QTreeWidget):
    """The files and their problems, each message wrapped in full; rows are laid out again when the width changes."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.header().setStretchLastSection(True)
        self.setItemDelegate(_WrappingDelegate(self))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()


DiagnosticRole = Qt.ItemDataRole.UserRole + 1  # the Diagnostic an item shows (a file's item: its first one)


class ProblemList(QGroupBox):
    """Scenario files that could not be loaded, each with its diagnostics in full. Double-click (or Enter) on a
    problem shows the file at that line."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Scenario files with problems", parent)
        self.hint = plain_label("Double-click a problem to see it in its file.", "muted")
        self.tree = ProblemTree()
        self.tree.setAccessibleName("Scenario files with problems")
        self.tree.itemActivated.connect(self.open_item)
        self.viewer: FileViewDialog | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.tree, 1)

    def show_files(self, library: Library) -> None:
        self.tree.clear()
        style = self.style()
        icons = {
            "error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        }
        for loaded in library.broken:
            errors = sum(d.severity.value == "error" for d in loaded.diagnostics)
            warnings = len(loaded.diagnostics) - errors
            counts = plural(errors, "error") + (f", {plural(warnings, 'warning')}" if warnings else "")
            item = QTreeWidgetItem([f"{Path(loaded.path).name} — {counts}"])
            item.setData(0, Qt.ItemDataRole.UserRole, loaded.path)
            item.setToolTip(0, loaded.path)
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            first = next((d for d in loaded.diagnostics if d.severity.value == "error"), None)
            item.setData(0, DiagnosticRole, first or (loaded.diagnostics[0] if loaded.diagnostics else None))
            for diagnostic in loaded.diagnostics:
                child = QTreeWidgetItem(
                    [
                        f"line {diagnostic.line}, column {diagnostic.col}: "
                        f"{diagnostic.severity.value}: {diagnostic.message}"
                    ]
                )
                child.setData(0, Qt.ItemDataRole.UserRole, loaded.path)
                child.setData(0, DiagnosticRole, diagnostic)
                child.setToolTip(0, "Double-click to see this line in the file")
                child.setIcon(0, icons.get(diagnostic.severity.value, icons["error"]))
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        self.setVisible(bool(library.broken))

    def open_item(self, item: QTreeWidgetItem) -> FileViewDialog | None:
        """Show the item's file at its problem (a file's item: at its first error) in a read-only viewer."""
        path = item.data(0, Qt.ItemDataRole.UserRole)
        diagnostic: Diagnostic | None = item.data(0, DiagnosticRole)
        if not path:
            return None
        line, col, message = (
            (diagnostic.line, diagnostic.col, f"{diagnostic.severity.value}: {diagnostic.message}")
            if diagnostic is not None
            else (1, 1, "this file could not be loaded")
        )
        if self.viewer is not None:
            self.viewer.close()
        self.viewer = viewer = FileViewDialog(path, line, col, message, self.window())
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.finished.connect(lambda _result: self._forget(viewer))
        viewer.open()
        return viewer

    def _forget(self, viewer: FileViewDialog) -> None:
        if self.viewer is viewer:
            self.viewer = None


class LibraryPage(QWidget):
    loaded = Signal(object)  # the Library, once loading finished
    status = Signal(str)
    rehearse = Signal(object)  # the chosen Scenario
    pair = Signal()  # "Practise with a partner"

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
        self.search = QLineEdit(placeholderText="Search scenarios (Ctrl+F), Enter to rehearse", clearButtonEnabled=True)
        self.search.setAccessibleName("Search scenarios")
        self.search.setToolTip("Type words from a title, company or goal; Enter starts the one that matches")
        self.search.textChanged.connect(self.proxy.set_search)
        self.search.returnPressed.connect(self.start_from_search)
        self.search.installEventFilter(self)  # Up and Down pick among the matches without leaving the field
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus).setWhatsThis("Search the scenarios")
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
        self.table.setWordWrap(True)  # a title or tags too long for their column wrap onto more lines
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)  # only the summary, shown in full beside it
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.setMinimumSectionSize(self.table.fontMetrics().height() + 12)  # room to breathe, as before
        header = self.table.horizontalHeader()
        for section in range(len(COLUMNS)):
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(True)
        self.table.setItemDelegateForColumn(COLUMNS.index("Summary"), _OneLineDelegate(self.table))
        self.table.viewport().installEventFilter(self)
        self.proxy.modelReset.connect(self.fit_columns)
        self.proxy.layoutChanged.connect(self.fit_columns)
        self.proxy.rowsInserted.connect(self.fit_columns)
        self.proxy.rowsRemoved.connect(self.fit_columns)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.start_selected())
        self.details = ScenarioDetails()
        self.start_button = QPushButton("Rehearse this scenario (Enter)")
        self.start_button.clicked.connect(self.start_selected)
        self.start_button.setEnabled(False)
        scroll = QScrollArea()  # the details scroll when the problems below leave them little room
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.details)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(scroll, 1)
        side_layout.addWidget(self.start_button)
        self.pair_button = QPushButton("Practise with a partner (Ctrl+Shift+P)")
        self.pair_button.clicked.connect(self.pair)
        side_layout.addWidget(self.pair_button)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.problems = ProblemList()
        self.problems.hide()
        self.empty = plain_label("Loading scenarios…", "muted")
        self.column = column = QSplitter(Qt.Orientation.Vertical)
        column.addWidget(splitter)
        column.addWidget(self.problems)
        column.setStretchFactor(0, 3)
        column.setStretchFactor(1, 2)
        column.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.empty)
        layout.addWidget(column, 1)

    def selected(self) -> Scenario | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ScenarioRole) if rows else None

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        scenario = self.selected()
        self.details.show_scenario(scenario)
        self.start_button.setEnabled(scenario is not None)

    def start_selected(self) -> None:
        scenario = self.selected()
        if scenario is not None:
            self.rehearse.emit(scenario)

    def start_from_search(self) -> None:
        """Enter in the search field: rehearse the only scenario that matches, or the selected one of several."""
        count = self.proxy.rowCount()
        if count == 1:
            self.table.selectRow(0)
            self.start_selected()
        elif count and self.selected() is not None:
            self.start_selected()
        elif count:
            self.status.emit(f"{count} scenarios match — pick one with the Up and Down keys, then press Enter")
        else:
            self.status.emit("No scenario matches your search — try fewer or other words")

    # ---- columns: titles and tags are never cut short --------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        elif watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            step = 1 if key == Qt.Key.Key_Down else -1 if key == Qt.Key.Key_Up else None
            if step is not None and self.proxy.rowCount():
                self._move_selection(step)
                return True
        return super().eventFilter(watched, event)

    def _move_selection(self, step: int) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() + step if rows else (0 if step > 0 else self.proxy.rowCount() - 1)
        row = min(max(row, 0), self.proxy.rowCount() - 1)
        self.table.selectRow(row)
        self.table.scrollTo(self.proxy.index(row, 0))

    def fit_columns(self) -> None:
        """Give the title and the tags the width they need, as far as the table allows (whatever does not fit
        wraps onto more lines); the difficulty fits its longest name. The summary, shown in full beside the
        table, gets what is left, and is left out when that is too little to read."""
        table, header = self.table, self.table.horizontalHeader()
        available = table.viewport().width()
        if available <= 0:
            return
        title_need, difficulty, tags_need, _summary = (
            max(header.sectionSizeFromContents(c).width(), self._widest(c)) for c in range(len(COLUMNS))
        )
        room = max(0, available - difficulty)
        spare = room - title_need - tags_need
        table.setColumnHidden(COLUMNS.index("Summary"), spare < SUMMARY_MIN_WIDTH)
        if spare >= 0:
            title, tags = title_need, tags_need  # the last column shown stretches over the rest
        else:
            title = min(title_need, max(room * 3 // 5, room - tags_need))
            tags = max(0, room - title)
        header.resizeSection(COLUMNS.index("Title"), title)
        header.resizeSection(COLUMNS.index("Difficulty"), difficulty)
        header.resizeSection(COLUMNS.index("Tags"), tags)
        table.resizeRowsToContents()

    def _widest(self, column: int) -> int:
        """The width the longest text in a column needs on one line, with the cell's padding."""
        metrics = self.table.fontMetrics()
        padding = 2 * (self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 1)
        texts = (str(self.model.index(row, column).data() or "") for row in range(self.model.rowCount()))
        return max((metrics.horizontalAdvance(text) for text in texts), default=0) + padding + ITEM_PADDING

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
        was_hidden = self.problems.isHidden()
        self.problems.show_files(library)
        if library.broken and was_hidden:  # room to read the problems in full (a size chosen later is kept)
            total = sum(self.column.sizes()) or self.column.height()
            self.column.setSizes([total * 3 // 5, total - total * 3 // 5])
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
        """Made in the background if missing, then opened; its path with a Copy button when no file manager
        opens."""
        from ..dialogs.folder_dialog import open_when_made

        open_when_made(self.practice.places.user_scenarios, self, self.status.emit)
