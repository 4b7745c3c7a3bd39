"""Choosing what an export covers: the selected rehearsal, or every rehearsal between two dates."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QRadioButton, QWidget

from ...practice import Scope


def day_bounds(first: date, last: date) -> tuple[str, str]:
    """Local calendar days first..last (inclusive) as the stored UTC times [since, until)."""
    first, last = min(first, last), max(first, last)
    since = datetime.combine(first, time()).astimezone(timezone.utc)
    until = datetime.combine(last + timedelta(days=1), time()).astimezone(timezone.utc)
    return since.isoformat(timespec="seconds"), until.isoformat(timespec="seconds")


def date_format(locale: QLocale) -> str:
    """The locale's short date format with the year written out ("dd.MM.yyyy" in Germany, "M/d/yyyy" in the US),
    so a range across years is never ambiguous; "d MMM yyyy" without a locale (C)."""
    if locale.language() == QLocale.Language.C:
        return "d MMM yyyy"
    short = locale.dateFormat(QLocale.FormatType.ShortFormat)
    return short if "yyyy" in short else short.replace("yy", "yyyy")


def _day(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())


class ExportDialog(QDialog):
    """What to export: the selected rehearsal, or every rehearsal between two dates."""

    def __init__(self, title: str, has_selection: bool, first_day: QDate, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.selected = QRadioButton("The selected rehearsal")
        self.selected.setChecked(has_selection)
        self.selected.setEnabled(has_selection)
        self.between = QRadioButton("All rehearsals between these dates")
        self.between.setChecked(not has_selection)
        self.first = QDateEdit(first_day)
        self.last = QDateEdit(QDate.currentDate())
        for edit, name in ((self.first, "First day"), (self.last, "Last day")):
            edit.setDisplayFormat(date_format(edit.locale()))
            edit.setCalendarPopup(True)
            edit.setAccessibleName(name)
            edit.setEnabled(not has_selection)
            self.between.toggled.connect(edit.setEnabled)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.selected)
        form.addRow(self.between)
        form.addRow("From", self.first)
        form.addRow("To", self.last)
        form.addRow(buttons)

    def scope(self, attempt_id: str | None) -> Scope:
        if self.selected.isChecked():
            return Scope(attempt_id=attempt_id)
        return Scope(None, *day_bounds(_day(self.first), _day(self.last)))
