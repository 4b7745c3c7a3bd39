"""Dates and times in a report as the reader's locale writes them (QLocale: the system's, or the app's default).

Stored times are UTC ISO strings; a report shows them in the reader's local time zone.
"""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QDate, QDateTime, QLocale

MISSING = "—"


def _local(iso: str) -> QDateTime | None:
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:  # the history writes UTC; an imported time without a zone is taken as UTC too
        moment = moment.replace(tzinfo=timezone.utc)
    return QDateTime.fromMSecsSinceEpoch(round(moment.timestamp() * 1000)).toLocalTime()


def date_time(iso: str | None) -> str:
    """A stored time as the locale writes a date and a time, e.g. "Saturday, 1 March 2025, 09:00" in en_GB,
    "Samstag, 1. März 2025, 09:00" in de_DE."""
    if not iso:
        return MISSING
    moment = _local(iso)
    if moment is None:
        return iso
    locale = QLocale()
    return (
        f"{locale.toString(moment.date(), QLocale.FormatType.LongFormat)}, "
        f"{locale.toString(moment.time(), QLocale.FormatType.ShortFormat)}"
    )


def date(iso: str | None) -> str:
    """A stored time's date as the locale writes it."""
    if not iso:
        return MISSING
    moment = _local(iso)
    return iso if moment is None else QLocale().toString(moment.date(), QLocale.FormatType.LongFormat)


def today() -> str:
    return QLocale().toString(QDate.currentDate(), QLocale.FormatType.LongFormat)
