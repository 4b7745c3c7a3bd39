"""At start-up, after a crash or a closed laptop: pick up the interrupted rehearsal, review it, or not now."""

from __future__ import annotations

from typing import Literal

from PySide6.QtWidgets import QMessageBox, QWidget

from ...reports.wording import plural, short_time
from ...storage.store import AttemptRow

Choice = Literal["resume", "review"] | None


def ask_about_unfinished(parent: QWidget, attempt: AttemptRow) -> Choice:
    """Ask what to do with an interrupted rehearsal; None for "Not now"."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Pick up where you left off?",
        f"Your rehearsal of “{attempt.scenario_title}” from {short_time(attempt.started_at)} (UTC) "
        f"stopped after {plural(attempt.answers, 'answer')}. Every answer was kept.",
        parent=parent,
    )
    resume = box.addButton("Resume", QMessageBox.ButtonRole.AcceptRole)
    review = box.addButton("Review", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return "resume" if box.clickedButton() is resume else "review" if box.clickedButton() is review else None
