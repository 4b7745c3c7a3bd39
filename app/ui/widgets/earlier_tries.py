"""Earlier tries of one moment: answers set aside by "Try moment N again", folded under the answer that replaced
them, so the debrief shows the latest answer first and the way there on request."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QToolButton, QVBoxLayout, QWidget

from ...core.session import TurnRecord
from .goodwill_chart import goodwill_words
from .labels import plain_label
from .score_bar import band_for


def scores_words(record: TurnRecord) -> str:
    """ "Confidence 39 (needs work) · Respect 74 (getting there)", with the goodwill the answer left."""
    parts = [f"{d.label} {d.score:.0f} ({band_for(d.score).words})" for d in record.score.dimensions.values()]
    goodwill = goodwill_words(record)
    return " · ".join(parts + ([goodwill] if goodwill else []))


class EarlierTry(QFrame):
    """One set-aside answer: which try it was, what the recruiter had said if it differs, the answer, the scores."""

    def __init__(
        self, number: int, record: TurnRecord, recruiter: str, line_now: str | None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.record = record
        self.setProperty("role", "earlier-try")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 4, 0, 4)
        layout.setSpacing(2)
        self.heading = plain_label(f"Try {number}", "subheading")
        layout.addWidget(self.heading)
        if record.line != line_now:  # the call went another way then: say what this answer was to
            layout.addWidget(plain_label(f"{recruiter}: {record.line}", "line-small"))
        self.answer = plain_label(f"“{record.answer}”")
        self.answer.setAccessibleName(f"Try {number}: your answer")
        self.scores = plain_label(scores_words(record), "muted")
        self.scores.setAccessibleName(f"Try {number}: scores")
        layout.addWidget(self.answer)
        layout.addWidget(self.scores)


class EarlierTries(QWidget):
    """ "Earlier tries (n)": a button that opens the list of a moment's set-aside answers, oldest first."""

    def __init__(self, tries: list[TurnRecord], recruiter: str, line_now: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.toggle = QToolButton()
        self.toggle.setText(f"Earlier tries ({len(tries)})")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.setAccessibleName(f"Earlier tries of this moment: {len(tries)}")
        self.toggle.toggled.connect(self.set_open)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        self.tries = [EarlierTry(n, record, recruiter, line_now) for n, record in enumerate(tries, start=1)]
        for item in self.tries:
            body.addWidget(item)
        self.body.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body)

    def set_open(self, shown: bool) -> None:
        self.toggle.setChecked(shown)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.body.setVisible(shown)

    def is_open(self) -> bool:
        return self.body.isVisibleTo(self)

    def answers(self) -> list[QLabel]:
        return [item.answer for item in self.tries]
