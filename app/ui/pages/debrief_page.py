"""The debrief: every answer with its evidence, scores, timing and coaching, and the ending."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ...core.scoring import DimensionScore, Score
from ...core.session import Debriefable, TurnRecord
from ...reports.wording import outcome_words
from ..widgets.feedback import FeedbackView, ScoreBars
from ..widgets.labels import plain_label


class TurnCard(QFrame):
    retry = Signal(int)

    def __init__(self, record: TurnRecord, recruiter: str, live: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setProperty("role", "card")
        self.index = record.index
        self.feedback = FeedbackView()
        self.feedback.show_record(record)
        retry = QPushButton(f"Try moment {record.index + 1} again")
        retry.setAccessibleName(f"Retry from moment {record.index + 1}")
        retry.clicked.connect(lambda: self.retry.emit(self.index))
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"Moment {record.index + 1}", "subheading"))
        layout.addWidget(plain_label(f"{recruiter}: {record.line}", "line-small"))
        layout.addWidget(self.feedback)
        layout.addWidget(retry)
        retry.setVisible(live)  # a rehearsal read back from the history can't be rewound


class DebriefPage(QWidget):
    retry = Signal(int)  # index of the answer to go back to
    restart = Signal()
    library = Signal()
    ready = Signal()  # every card is in place

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._pending: list[tuple[TurnRecord, str, bool]] = []
        self._generation = 0
        self.title = plain_label(role="heading")
        self.closing = plain_label(role="line")
        self.average = ScoreBars()
        self.cards = QVBoxLayout()
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(self.title)
        inner.addWidget(self.closing)
        inner.addWidget(plain_label("Average across your answers", "subheading"))
        inner.addWidget(self.average)
        inner.addLayout(self.cards)
        inner.addStretch(1)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(body)
        self.restart_button = QPushButton("Start again")
        self.restart_button.clicked.connect(self.restart)
        library_button = QPushButton("Pick another scenario")
        library_button.clicked.connect(self.library)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.restart_button)
        buttons.addWidget(library_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def show_session(self, session: Debriefable, live: bool = True) -> None:
        """A live session, or a rehearsal read back from the history (live=False)."""
        outcome = outcome_words(session.ending.outcome if session.ending else None, "stopped before the end")
        self.title.setText(f"{session.title}: {outcome.capitalize()}")
        closing = session.ending.closing_line if session.ending else "You ended the rehearsal early."
        self.closing.setText(f"{session.recruiter_name}: {closing}" if session.ending else closing)
        while self.cards.count():
            item = self.cards.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if session.records:
            summary = session.summary().average
            first = session.records[0].score
            dims = {k: DimensionScore(k, d.label, summary[k], d.base, d.weight) for k, d in first.dimensions.items()}
            self.average.show_score(Score(dims, [], first.analysis))
        self.average.setVisible(bool(session.records))
        self._pending = [(record, session.recruiter_name, live) for record in session.records]
        self._add_cards(self._generation + 1)
        self.restart_button.setEnabled(session.can_restart)
        self.restart_button.setFocus()

    def _add_cards(self, generation: int) -> None:
        """One card per event-loop turn: a long debrief appears at once and fills in without a freeze."""
        self._generation = generation
        if not self._pending:
            self.ready.emit()
            return
        record, recruiter, live = self._pending.pop(0)
        card = TurnCard(record, recruiter, live)
        card.retry.connect(self.retry)
        self.cards.addWidget(card)

        def next_card() -> None:
            if self._generation == generation:  # not when a newer debrief has started meanwhile
                self._add_cards(generation)

        QTimer.singleShot(0, self, next_card)

    def card_count(self) -> int:
        return self.cards.count()
