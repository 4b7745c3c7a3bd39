"""The debrief: every answer with its evidence, scores, timing and coaching, how the recruiter's goodwill moved,
earlier tries of a moment folded under its latest answer, and the ending. It always opens at its title."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ...core.scoring import DimensionScore, Score
from ...core.session import Debriefable, TurnRecord
from ...reports.wording import outcome_words
from ..widgets.earlier_tries import EarlierTries
from ..widgets.feedback import FeedbackView, ScoreBars
from ..widgets.goodwill_chart import TITLE as GOODWILL_TITLE
from ..widgets.goodwill_chart import GoodwillChart, goodwill_reasons, goodwill_words
from ..widgets.labels import plain_label

CARD_GAP_MS = 1  # a real timer between cards (not a queued call), so input and painting get a turn in between


@dataclass(frozen=True)
class _Card:
    """What one card needs, gathered before the cards are built one per event-loop turn."""

    record: TurnRecord | None  # None: only earlier tries are left of this moment (the retried call was shorter)
    index: int
    earlier: list[TurnRecord]
    recruiter: str
    live: bool


class TurnCard(QFrame):
    """One moment: the latest answer's feedback, the goodwill it left, and its earlier tries (if any)."""

    retry = Signal(int)

    def __init__(
        self,
        record: TurnRecord | None,
        recruiter: str,
        live: bool = True,
        parent: QWidget | None = None,
        *,
        index: int | None = None,
        earlier: list[TurnRecord] | None = None,
    ):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setProperty("role", "card")
        self.index = record.index if record is not None else (index or 0)
        self.record = record
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"Moment {self.index + 1}", "subheading"))
        self.goodwill = plain_label(role="muted")
        self.feedback = FeedbackView()
        self.earlier: EarlierTries | None = None
        if record is not None:
            words = goodwill_words(record)
            reasons = goodwill_reasons(record)
            self.goodwill.setText(f"{words} ({reasons})" if words and reasons else words)
            self.goodwill.setAccessibleName("The recruiter's goodwill before and after this answer")
            self.goodwill.setVisible(bool(words))
            layout.addWidget(plain_label(f"{recruiter}: {record.line}", "line-small"))
            layout.addWidget(self.goodwill)
            self.feedback.show_record(record)
            layout.addWidget(self.feedback)
        else:
            self.goodwill.hide()
            self.feedback.hide()
            layout.addWidget(plain_label("The call went another way after you tried an earlier moment again.", "muted"))
        if earlier:
            self.earlier = EarlierTries(earlier, recruiter, record.line if record is not None else None)
            layout.addWidget(self.earlier)
        if record is not None:
            retry = QPushButton(f"Try moment {self.index + 1} again")
            retry.setAccessibleName(f"Retry from moment {self.index + 1}")
            retry.clicked.connect(lambda: self.retry.emit(self.index))
            layout.addWidget(retry, alignment=Qt.AlignmentFlag.AlignLeft)
            retry.setVisible(live)  # a rehearsal read back from the history can't be rewound


def _cards(session: Debriefable, live: bool) -> list[_Card]:
    """One card per moment: its latest answer, with the answers set aside at that position under it."""
    earlier: dict[int, list[TurnRecord]] = {}
    for record in session.set_aside:
        earlier.setdefault(record.index, []).append(record)
    cards = [
        _Card(record, record.index, earlier.pop(record.index, []), session.recruiter_name, live)
        for record in session.records
    ]
    cards += [_Card(None, index, tries, session.recruiter_name, live) for index, tries in sorted(earlier.items())]
    return cards


class DebriefPage(QWidget):
    retry = Signal(int)  # index of the answer to go back to
    restart = Signal()
    library = Signal()
    ready = Signal()  # every card is in place

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._pending: list[_Card] = []
        self._built: TurnCard | None = None  # the next card, made but not yet in place
        self._generation = 0
        self.title = plain_label(role="heading")
        self.closing = plain_label(role="line")
        self.average_heading = plain_label("Average across your answers", "subheading")
        self.average = ScoreBars()
        self.goodwill_heading = plain_label(GOODWILL_TITLE, "subheading")
        self.goodwill_chart = GoodwillChart()
        self.cards = QVBoxLayout()
        self.body = body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(self.title)
        inner.addWidget(self.closing)
        inner.addWidget(self.average_heading)
        inner.addWidget(self.average)
        inner.addWidget(self.goodwill_heading)
        inner.addWidget(self.goodwill_chart)
        inner.addLayout(self.cards)
        inner.addStretch(1)
        self.scroll_area = scroll = QScrollArea(widgetResizable=True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
            if widget is not None:  # gone from view now, deleted once the event loop is back
                widget.hide()
                widget.deleteLater()
        summary = session.summary()
        if session.records:
            first = session.records[0].score
            dims = {
                k: DimensionScore(k, d.label, summary.average[k], d.base, d.weight) for k, d in first.dimensions.items()
            }
            self.average.show_score(Score(dims, [], first.analysis))
        self.average.setVisible(bool(session.records))
        self.average_heading.setVisible(bool(session.records))
        goodwill = list(summary.goodwill)
        self.goodwill_chart.show_values(goodwill)
        self.goodwill_heading.setVisible(bool(goodwill))
        self._pending = _cards(session, live)
        if self._built is not None:  # made for the previous debrief and never placed
            self._built.deleteLater()
            self._built = None
        generation = self._generation = self._generation + 1  # cards from an older debrief stop coming
        QTimer.singleShot(
            CARD_GAP_MS, self, lambda: self._add_cards(generation) if self._generation == generation else None
        )
        self.restart_button.setEnabled(session.can_restart)
        self.restart_button.setFocus()
        self.to_top()

    def to_top(self) -> None:
        """A debrief opens at its title, wherever the last one was scrolled to."""
        self.scroll_area.verticalScrollBar().setValue(0)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.to_top()

    def _add_cards(self, generation: int) -> None:
        """A card in two timer turns, made and then placed, so a long debrief appears at once and fills in
        without a freeze: the making, and the placing with the layout and painting it brings, each get a turn."""
        self._generation = generation
        if not self._pending:
            self.ready.emit()
            return
        if self._built is None:
            pending = self._pending[0]
            self._built = TurnCard(
                pending.record, pending.recruiter, pending.live, self.body, index=pending.index, earlier=pending.earlier
            )  # a child made after its parent is shown stays hidden until it is placed and shown
        else:
            self._pending.pop(0)
            card, self._built = self._built, None
            card.retry.connect(self.retry)
            self.cards.addWidget(card)
            card.show()  # now, not in the layout's queued show (same pass as the layout and painting it brings)

        def next_card() -> None:
            if self._generation == generation:  # not when a newer debrief has started meanwhile
                self._add_cards(generation)

        QTimer.singleShot(CARD_GAP_MS, self, next_card)

    def card_count(self) -> int:
        return self.cards.count()

    def turn_cards(self) -> list[TurnCard]:
        """The cards in place so far, in order."""
        items = (self.cards.itemAt(i) for i in range(self.cards.count()))
        return [w for w in (item.widget() for item in items if item is not None) if isinstance(w, TurnCard)]
