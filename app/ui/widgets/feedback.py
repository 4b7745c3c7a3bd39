"""One answer's feedback: dimension bars, the answer with its evidence highlighted, tips and coaching."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QFrame, QGridLayout, QProgressBar, QTextBrowser, QToolTip, QVBoxLayout, QWidget

from ...core.evidence import segments
from ...core.scoring import CriterionResult, Score
from ...core.session import TurnRecord
from ...reports.wording import NOTHING_TO_FIX, timing_words, tips_to_show
from .labels import plain_label

GOOD, BAD = "#2e7d32", "#c62828"


def highlight_html(text: str, score: Score) -> tuple[str, list[CriterionResult]]:
    """The answer as HTML with each piece of evidence a link to its criterion; everything typed is escaped."""
    results: list[CriterionResult] = []
    out: list[str] = []
    for piece, result in segments(text, score.criteria):
        if result is None:
            out.append(html.escape(piece))
            continue
        results.append(result)
        colour = GOOD if result.status == "met" else BAD
        out.append(
            f'<a href="criterion:{len(results) - 1}" style="color:{colour}; font-weight:600; '
            f'text-decoration:underline;">{html.escape(piece)}</a>'
        )
    return "".join(out).replace("\n", "<br>"), results


def criterion_text(result: CriterionResult) -> str:
    points = f"{result.points:+g} points" if result.points else ""
    return f"{result.label} ({points}) — {result.tip}" if points else f"{result.label} — {result.tip}"


class HighlightedAnswer(QTextBrowser):
    """Hover, or Tab to, a highlight to see its criterion and tip; Enter or a click pins it below."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName("Your answer with highlighted words")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results: list[CriterionResult] = []
        self.details = plain_label(role="muted")
        self.highlighted.connect(self._hover)
        self.anchorClicked.connect(self._pin)

    def show_answer(self, text: str, score: Score) -> None:
        body, self.results = highlight_html(text, score)
        self.setHtml(f"<p style='font-size:12pt'>{body}</p>")
        self.details.setText("Point at, or Tab to, a highlighted word to see why it counted.")
        self.document().setTextWidth(max(self.viewport().width(), 300))
        self.setFixedHeight(int(self.document().size().height()) + 12)

    def result_for(self, url: QUrl) -> CriterionResult | None:
        kind, _, index = url.toString().partition(":")
        return self.results[int(index)] if kind == "criterion" and index.isdigit() else None

    def _hover(self, url: QUrl) -> None:
        result = self.result_for(url)
        if result is not None:
            QToolTip.showText(QCursor.pos(), criterion_text(result), self)
            self.details.setText(criterion_text(result))

    def _pin(self, url: QUrl) -> None:
        result = self.result_for(url)
        if result is not None:
            self.details.setText(criterion_text(result))


class ScoreBars(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.bars: dict[str, QProgressBar] = {}

    def show_score(self, score: Score) -> None:
        for row, dim in enumerate(score.dimensions.values()):
            bar = self.bars.get(dim.id)
            if bar is None:
                bar = self.bars[dim.id] = QProgressBar()
                bar.setAccessibleName(dim.label)
                bar.setTextVisible(True)
                self.grid.addWidget(plain_label(dim.label), row, 0)
                self.grid.addWidget(bar, row, 1)
            bar.setValue(round(dim.score))
            bar.setFormat(f"{dim.score:.0f}")


class FeedbackView(QWidget):
    """Everything a student learns from one answer."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bars = ScoreBars()
        self.answer = HighlightedAnswer()
        self.timing = plain_label(role="muted")
        self.tips = plain_label()
        self.coaching = plain_label(role="coaching")
        layout = QVBoxLayout(self)
        for widget in (
            self.bars,
            self.answer,
            self.answer.details,
            self.timing,
            plain_label("What to try next", "subheading"),
            self.tips,
            self.coaching,
        ):
            layout.addWidget(widget)

    def show_record(self, record: TurnRecord) -> None:
        self.bars.show_score(record.score)
        self.answer.show_answer(record.answer, record.score)
        self.timing.setText(timing_words(record.latency_s, record.duration_s, record.answer_time))
        tips = [f"•  {r.tip}" for r in tips_to_show(record.score)]
        self.tips.setText("\n".join(tips) or NOTHING_TO_FIX)
        self.coaching.setText(f"Coach: {record.coaching}" if record.coaching else "")
        self.coaching.setVisible(bool(record.coaching))
