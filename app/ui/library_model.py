"""The scenario library as a Qt table model, with a filter proxy for search and difficulty."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

if TYPE_CHECKING:
    from ..core.scenario import Scenario

DIFFICULTY = {1: "Gentle", 2: "Some pressure", 3: "Tough"}
COLUMNS = ("Title", "Difficulty", "Tags", "Summary")
ScenarioRole = Qt.ItemDataRole.UserRole + 1
SearchTextRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


class ScenarioTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._scenarios: list[Scenario] = []

    def set_scenarios(self, scenarios: list[Scenario]) -> None:
        self.beginResetModel()
        self._scenarios = list(scenarios)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._scenarios)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._scenarios):
            return None
        scenario = self._scenarios[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (scenario.title, DIFFICULTY[scenario.difficulty], ", ".join(scenario.tags), scenario.summary)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return scenario.summary
        if role == ScenarioRole:
            return scenario
        if role == SearchTextRole:
            return " ".join(
                [
                    scenario.title,
                    scenario.summary,
                    scenario.company,
                    scenario.role,
                    *scenario.tags,
                    *scenario.learning_goals,
                ]
            ).lower()
        if role == Qt.ItemDataRole.UserRole and column == 1:
            return scenario.difficulty, scenario.title  # sort by level, not by its name
        return None


class ScenarioFilter(QSortFilterProxyModel):
    """Shows scenarios whose text holds every search word, at the chosen difficulty (0 = any) and tag."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._words: list[str] = []
        self._difficulty = 0
        self._tag = ""
        self.setSortRole(Qt.ItemDataRole.DisplayRole)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.lower().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_difficulty(self, level: int) -> None:
        self.beginFilterChange()
        self._difficulty = level
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_tag(self, tag: str) -> None:
        self.beginFilterChange()
        self._tag = tag
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        index = self.sourceModel().index(row, 0, parent)
        scenario: Scenario = index.data(ScenarioRole)
        if self._difficulty and scenario.difficulty != self._difficulty:
            return False
        if self._tag and self._tag not in scenario.tags:
            return False
        text = index.data(SearchTextRole)
        return all(word in text for word in self._words)

    def lessThan(self, left: Index, right: Index) -> bool:
        if left.column() == 1:
            left_key: tuple[int, str] = left.data(Qt.ItemDataRole.UserRole)
            right_key: tuple[int, str] = right.data(Qt.ItemDataRole.UserRole)
            return left_key < right_key
        return super().lessThan(left, right)
