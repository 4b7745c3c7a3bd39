"""Past rehearsals as a Qt table model, with a filter proxy for search and scenario."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from ..reports.wording import outcome_words, readable_time
from ..storage.store import AttemptRow

AttemptIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2  # numbers for numeric columns, so 9 sorts before 10
ScenarioIdRole = Qt.ItemDataRole.UserRole + 3
SearchTextRole = Qt.ItemDataRole.UserRole + 4
StudentsRole = Qt.ItemDataRole.UserRole + 5  # a pair round's two names (empty when practising alone)
Index = QModelIndex | QPersistentModelIndex
MISSING = -1.0  # sorts "no score yet" below every real score


def local_time(iso: str, long: bool = False) -> str:
    """A stored UTC timestamp in the reader's time zone and their locale's format ("3/1/25 9:00 AM" in the US,
    "01/03/2025 09:00" in the UK; `long` spells the date out). Without a locale (C), "1 Mar 2025, 09:00"."""
    moment = QDateTime.fromString(iso, Qt.DateFormat.ISODateWithMs)
    locale = QLocale()
    if not moment.isValid() or locale.language() == QLocale.Language.C:
        return readable_time(iso)
    local = moment.toLocalTime()
    if long:
        day = locale.toString(local.date(), QLocale.FormatType.LongFormat)
        return f"{day}, {locale.toString(local.time(), QLocale.FormatType.ShortFormat)}"
    return locale.toString(local, QLocale.FormatType.ShortFormat)


def date_samples() -> list[str]:
    """Dates as the Date column shows them, the widest this locale makes: every month, two-digit days and hours,
    morning and evening (so the column can be sized without formatting every rehearsal's date)."""
    return [
        local_time(f"2000-{month:02d}-28T{hour:02d}:58:00")
        for month in range(1, 13)
        for hour in (10, 22)  # "10:58 AM" and "10:58 PM" where the locale has a 12-hour clock
    ]


def minutes(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _number(value: float | None) -> float:
    return MISSING if value is None else float(value)


def _score(value: float | None) -> str:
    return "—" if value is None else f"{round(value)}"


@dataclass(frozen=True)
class Column:
    title: str
    show: Callable[[AttemptRow], str]
    key: Callable[[AttemptRow], str | float]  # what the column sorts by
    numeric: bool = False


def _score_column(dimension: str, label: str) -> Column:
    return Column(
        label,
        lambda a: _score(a.scores.get(dimension)),
        lambda a: _number(a.scores.get(dimension)),
        numeric=True,
    )


def columns(dimensions: dict[str, str]) -> tuple[Column, ...]:
    """Date, scenario, outcome, a column per rubric dimension (labels by id), answers and total time."""
    return (
        Column("Date", lambda a: local_time(a.started_at), lambda a: a.started_at),
        Column("Scenario", lambda a: a.scenario_title, lambda a: a.scenario_title.lower()),
        Column("Outcome", lambda a: outcome_words(a.outcome), lambda a: outcome_words(a.outcome)),
        *(_score_column(key, label) for key, label in dimensions.items()),
        Column("Answers", lambda a: str(a.answers), lambda a: float(a.answers), numeric=True),
        Column("Total time", lambda a: minutes(a.total_s), lambda a: _number(a.total_s), numeric=True),
    )


class AttemptTableModel(QAbstractTableModel):
    """Sorts itself in Python by each column's key: one sort of thousands of rows takes a few milliseconds,
    where a proxy's sort calls back into Python for every comparison."""

    def __init__(self, dimensions: dict[str, str], parent: QObject | None = None):
        super().__init__(parent)
        self.columns = columns(dimensions)
        self._attempts: list[AttemptRow] = []
        self._search_text: dict[str, str] = {}  # attempt id -> what a search looks in, made once per attempt
        self._order: tuple[int, Qt.SortOrder] | None = None

    def set_attempts(self, attempts: list[AttemptRow]) -> None:
        self.beginResetModel()
        self._attempts = list(attempts)
        self._search_text.clear()
        self._sorted()
        self.endResetModel()

    def _sorted(self) -> None:
        if self._order is not None:
            column, order = self._order
            self._attempts.sort(key=self.columns[column].key, reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        ids = [self._attempts[index.row()].id for index in kept]
        self._order = (column, order)
        self._sorted()
        rows = {attempt.id: row for row, attempt in enumerate(self._attempts)}
        self.changePersistentIndexList(
            kept, [self.index(rows[i], index.column()) for i, index in zip(ids, kept, strict=False)]
        )
        self.layoutChanged.emit()

    def attempts(self) -> list[AttemptRow]:
        return list(self._attempts)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._attempts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._attempts):
            return None
        attempt, column = self._attempts[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.show(attempt)
        if role == SortRole:
            return column.key(attempt)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text when a narrow column cuts it short
            return local_time(attempt.started_at, long=True) if index.column() == 0 else column.show(attempt)
        return self._identity(attempt, role)

    def _identity(self, attempt: AttemptRow, role: int) -> object:
        if role == StudentsRole:
            return students_of(attempt)
        if role == AttemptIdRole:
            return attempt.id
        if role == ScenarioIdRole:
            return attempt.scenario_id
        if role == SearchTextRole:
            if attempt.id not in self._search_text:
                dates = dict.fromkeys((readable_time(attempt.started_at), local_time(attempt.started_at)))
                self._search_text[attempt.id] = " ".join(
                    (
                        *dates,
                        attempt.scenario_title,
                        attempt.scenario_id,
                        outcome_words(attempt.outcome),
                        *students_of(attempt),
                    )
                ).lower()
            return self._search_text[attempt.id]
        return None


def students_of(attempt: AttemptRow) -> list[str]:
    """A pair round's candidate and recruiter-player ([] for a rehearsal alone)."""
    players = attempt.players or {}
    return [name for name in (players.get("candidate"), players.get("recruiter")) if isinstance(name, str) and name]


class AttemptFilter(QSortFilterProxyModel):
    """Shows attempts whose date, scenario or outcome holds every search word, for one scenario ("" = any)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._words: list[str] = []
        self._scenario = ""
        self._student = ""
        self.setSortRole(SortRole)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (by SortRole's keys); this proxy keeps its order and only filters."""
        self.sourceModel().sort(column, order)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.lower().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_scenario(self, scenario_id: str) -> None:
        self.beginFilterChange()
        self._scenario = scenario_id or ""
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_student(self, name: str) -> None:
        """Only the pair rounds this student took part in ("" = every rehearsal)."""
        self.beginFilterChange()
        self._student = name or ""
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        if not self._scenario and not self._words and not self._student:
            return True
        index = self.sourceModel().index(row, 0, parent)
        if self._scenario and index.data(ScenarioIdRole) != self._scenario:
            return False
        if self._student and self._student not in (index.data(StudentsRole) or []):
            return False
        text = index.data(SearchTextRole)
        return all(word in text for word in self._words)
