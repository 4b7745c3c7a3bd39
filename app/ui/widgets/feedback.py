"""One answer's feedback: score bars, the answer with its evidence highlighted, tips and coaching.

Laid out for a laptop screen: the bars come first, the answer is shown compactly (a few lines, with a button to
see all of it), and each tip is its own label, so the part a student acts on gets the room.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QColor, QCursor, QFocusEvent, QPalette, QResizeEvent, QTextCursor, QWheelEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ...core.delivery import Word
from ...core.evidence import segments
from ...core.scoring import CriterionResult, Score
from ...core.session import TurnRecord
from ...reports.wording import NOT_TRANSCRIBED, NOTHING_TO_FIX, timing_words, tips_to_show
from .delivery_panel import DeliveryPanel
from .labels import plain_label
from .score_bar import ScoreBar, readable_colour

GOOD_HUE, BAD_HUE = 130 / 360, 2 / 360  # met evidence green, triggered (costly) evidence red
ANSWER_POINT_SIZE = 12
COLLAPSED_LINES = 3  # the answer's height once sent, unless the student asks to see all of it
HINT = "Point at, or Tab to, a highlighted word to see why it counted."


def highlight_html(
    text: str, score: Score, good: str = "#2e7d32", bad: str = "#c62828"
) -> tuple[str, list[CriterionResult]]:
    """The answer as HTML with each piece of evidence a link to its criterion; everything typed is escaped."""
    results: list[CriterionResult] = []
    out: list[str] = []
    for piece, result in segments(text, score.criteria):
        if result is None:
            out.append(html.escape(piece))
            continue
        results.append(result)
        colour = good if result.status == "met" else bad
        out.append(
            f'<a href="criterion:{len(results) - 1}" style="color:{colour}; font-weight:600; '
            f'text-decoration:underline;">{html.escape(piece)}</a>'
        )
    return "".join(out).replace("\n", "<br>"), results


def criterion_text(result: CriterionResult) -> str:
    points = f"{result.points:+g} points" if result.points else ""
    return f"{result.label} ({points}) — {result.tip}" if points else f"{result.label} — {result.tip}"


class HighlightedAnswer(QTextBrowser):
    """The answer with its evidence underlined. Hover a highlight, or Tab to it, to see its criterion and tip
    in `details` at once; Enter or a click keeps it there. Shows `COLLAPSED_LINES` lines until `expand` is on."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName("Your answer with highlighted words")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results: list[CriterionResult] = []
        self._text = ""
        self._score: Score | None = None
        self._expanded = False
        self.details = plain_label(role="muted")
        self.details.setAccessibleName("Why the highlighted words counted")
        self.expand = QPushButton("Show the whole answer")
        self.expand.setCheckable(True)
        self.expand.setFlat(True)
        self.expand.setCursor(Qt.CursorShape.PointingHandCursor)
        self.expand.toggled.connect(self.set_expanded)
        self.expand.hide()
        self.highlighted.connect(self._hover)
        self.anchorClicked.connect(self._pin)
        self.cursorPositionChanged.connect(self._cursor_moved)

    def show_answer(self, text: str, score: Score) -> None:
        self._text, self._score = text, score
        self._render()
        self.details.setText(HINT)
        self.verticalScrollBar().setValue(0)
        self.expand.setChecked(False)
        self._fit()

    def _render(self) -> None:
        if self._score is None:
            return
        good, bad = highlight_colours(self.palette())
        body, self.results = highlight_html(self._text, self._score, good.name(), bad.name())
        body = body or html.escape(NOT_TRANSCRIBED)  # a pair round's answer nobody typed or recorded
        self.setHtml(f"<p style='font-size:{ANSWER_POINT_SIZE}pt'>{body}</p>")

    # ---- size: a few lines, or all of it ------------------------------------------------------------
    def set_expanded(self, expanded: bool) -> None:
        self._expanded = expanded
        self.expand.setText("Show less of the answer" if expanded else "Show the whole answer")
        self._fit()

    def is_expanded(self) -> bool:
        return self._expanded

    def full_height(self) -> int:
        document = self.document()
        document.setTextWidth(max(self.viewport().width(), 200))
        return int(document.size().height()) + 2 * self.frameWidth()

    def collapsed_height(self) -> int:
        """Down to the bottom of the answer's COLLAPSED_LINES-th line, so no line is ever cut in half."""
        return min(self.full_height(), int(self._line_bottom(COLLAPSED_LINES)) + 2 * self.frameWidth() + 2)

    def line_count(self) -> int:
        """How many lines the answer takes at the current width."""
        document = self.document()
        count, block = 0, document.begin()
        while block.isValid():
            count += block.layout().lineCount()
            block = block.next()
        return count

    def _line_bottom(self, count: int) -> float:
        """Where (in document coordinates) the answer's first `count` laid-out lines end."""
        document = self.document()
        layout = document.documentLayout()
        bottom, seen = document.documentMargin(), 0
        block = document.begin()
        while block.isValid() and seen < count:
            top = layout.blockBoundingRect(block).top()
            lines = block.layout()
            for index in range(lines.lineCount()):
                bottom = top + lines.lineAt(index).rect().bottom()
                seen += 1
                if seen == count:
                    break
            block = block.next()
        return bottom

    def _fit(self) -> None:
        full = self.full_height()
        collapsed = self.collapsed_height()
        fits = self.line_count() <= COLLAPSED_LINES
        self.expand.setVisible(not fits)
        height = full if (fits or self._expanded) else collapsed
        if height == full:
            self.verticalScrollBar().setValue(0)
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        event.ignore()  # never scrolls by itself: the page around it does (the button shows the rest)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._score is not None:
            self._render()  # highlight colours that read on the new background

    # ---- explanations -------------------------------------------------------------------------------
    def result_for(self, url: QUrl) -> CriterionResult | None:
        kind, _, index = url.toString().partition(":")
        return self.results[int(index)] if kind == "criterion" and index.isdigit() else None

    def focused_result(self) -> CriterionResult | None:
        """The criterion of the highlight the keyboard is on (Tab selects a whole highlight), if any."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        probe = QTextCursor(self.document())
        probe.setPosition(cursor.selectionStart() + 1)
        href = probe.charFormat().anchorHref()
        return self.result_for(QUrl(href)) if href else None

    def _explain(self, result: CriterionResult) -> None:
        self.details.setText(criterion_text(result))

    def _hover(self, url: QUrl) -> None:
        result = self.result_for(url)
        if result is not None:
            QToolTip.showText(QCursor.pos(), criterion_text(result), self)
            self._explain(result)

    def _pin(self, url: QUrl) -> None:
        result = self.result_for(url)
        if result is not None:
            self._explain(result)

    def _cursor_moved(self) -> None:
        result = self.focused_result()
        if result is None:
            return
        self._explain(result)
        self.setAccessibleDescription(criterion_text(result))
        if not self._expanded and self.expand.isVisible():
            below = self.cursorRect().bottom() + self.verticalScrollBar().value()
            if below > self._line_bottom(COLLAPSED_LINES):  # the keyboard went past what is shown
                self.expand.setChecked(True)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 - Qt's names
        """Tab moves between highlights without any signal of Qt's: explain the one it lands on at once."""
        moved = super().focusNextPrevChild(next)
        self._cursor_moved()
        return moved

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self._cursor_moved()


class ScoreBars(QWidget):
    """One coloured bar per dimension, its label on the left."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        self.bars: dict[str, ScoreBar] = {}
        self.labels: dict[str, QLabel] = {}

    def show_score(self, score: Score) -> None:
        for row, dim in enumerate(score.dimensions.values()):
            bar = self.bars.get(dim.id)
            if bar is None:
                bar = self.bars[dim.id] = ScoreBar(dim.label)
                label = self.labels[dim.id] = plain_label(dim.label)
                label.setWordWrap(False)
                label.setBuddy(bar)
                self.grid.addWidget(label, row, 0)
                self.grid.addWidget(bar, row, 1)
            bar.show_score(dim.score)


class FeedbackView(QWidget):
    """Everything a student learns from one answer."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bars = ScoreBars()
        self.answer = HighlightedAnswer()
        self.timing = plain_label(role="muted")
        self.tips_heading = plain_label("What to try next", "subheading")
        self.tips_box = QVBoxLayout()
        self.tips_box.setContentsMargins(0, 0, 0, 0)
        self.tips_box.setSpacing(2)
        self.tip_labels: list[QLabel] = []
        self.coaching = plain_label(role="coaching")
        self.delivery = DeliveryPanel()
        self.delivery.hide()
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(self.bars)
        layout.addSpacing(4)
        layout.addWidget(self.answer)
        layout.addWidget(self.answer.expand, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.answer.details)
        layout.addWidget(self.timing)
        layout.addWidget(self.tips_heading)
        layout.addLayout(self.tips_box)
        layout.addWidget(self.coaching)
        layout.addWidget(self.delivery)
        layout.addStretch(1)

    def show_record(self, record: TurnRecord, words: list[Word] | None = None) -> None:
        """One answer's feedback; a spoken answer also gets its delivery panel (`words`: the transcript's words
        with their timings, to light each one as the recording replays)."""
        self.bars.show_score(record.score)
        self.answer.show_answer(record.answer, record.score)
        timing = timing_words(record.latency_s, record.duration_s, record.answer_time)
        self.timing.setText(f"{timing[:1].upper()}{timing[1:]}." if timing else "")
        self.timing.setVisible(bool(timing))
        self._show_tips([r.tip for r in tips_to_show(record.score)])
        self.coaching.setText(f"Coach: {record.coaching}" if record.coaching else "")
        self.coaching.setVisible(bool(record.coaching))
        if record.delivery is not None:
            self.delivery.show_delivery(record.delivery, record.audio, words)
        else:
            self.delivery.stop()
        self.delivery.setVisible(record.delivery is not None)

    def _show_tips(self, tips: list[str]) -> None:
        for label in self.tip_labels:
            self.tips_box.removeWidget(label)
            label.deleteLater()
        self.tip_labels = [plain_label(f"•  {tip}") for tip in tips] or [plain_label(NOTHING_TO_FIX)]
        for label in self.tip_labels:
            self.tips_box.addWidget(label)

    def tips_text(self) -> list[str]:
        return [label.text() for label in self.tip_labels]


def highlight_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """The met and costly highlight colours an answer gets on this palette's background."""
    background = palette.color(QPalette.ColorRole.Base)
    return readable_colour(GOOD_HUE, 0.55, background), readable_colour(BAD_HUE, 0.70, background)
