"""Practising with a partner on one laptop: one student reads the recruiter's script from this page, the other
answers out loud; the recruiter-player times the answer with Space, ticks a checklist, sees the app's view beside
their own, and picks the way the call goes on. Then they swap, and a pair debrief shows both side by side.

Each moment goes: the line (Space when it has been said) → the answer (heard through the microphone when there is
one, else Space when they start and again when they stop) → marks (number keys tick, Enter compares) → the way on
(arrows pick, Enter goes on).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.conditions import branch_sentence
from ...core.pair import AnswerTaps, Comparison, PairPlan, PeerMark, Question, Round, checklist, compare
from ...core.scoring import Timing, spoken_timing
from ...reports.wording import outcome_words, seconds
from .. import theme, workers
from ..widgets.labels import plain_label
from .rehearsal_page import clock_text

if TYPE_CHECKING:
    from ...core.delivery import Delivery
    from ...core.scenario import Route, Scenario
    from ...core.scoring import Score
    from ...core.session import Session, TurnRecord
    from ...practice import Practice
    from ...storage.store import Store
    from ..listening import Listening, Recording

REPLY_CHARS = 90  # the next line, as the script shows it beside a branch


@dataclass
class Moment:
    """One answered moment of a round, for the pair debrief."""

    record: TurnRecord
    mark: PeerMark
    comparison: Comparison | None  # None without a transcript: the app had nothing to score


@dataclass
class PlayedRound:
    round: Round
    scenario: Scenario
    session: Session
    moments: list[Moment] = field(default_factory=list)


def _big(label: QLabel, points: int) -> QLabel:
    font = label.font()
    font.setPointSize(points)
    label.setFont(font)
    return label


class RatingRow(QWidget):
    """1 to 5, as radio buttons."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.group = QButtonGroup(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(plain_label(name))
        for value in range(1, 6):
            button = QRadioButton(str(value))
            button.setAccessibleName(f"{name} {value} of 5")
            self.group.addButton(button, value)
            row.addWidget(button)
        row.addStretch(1)

    def value(self) -> int | None:
        checked = self.group.checkedId()
        return checked if checked > 0 else None

    def set_value(self, value: int | None) -> None:
        if value is None:
            self.group.setExclusive(False)
            for button in self.group.buttons():
                button.setChecked(False)
            self.group.setExclusive(True)
        else:
            self.group.button(value).setChecked(True)


class PairPage(QWidget):
    status = Signal(str)
    mirror = Signal(str, str)  # (what, text) for the candidate window: "line", "clock", "feedback"
    finished = Signal()

    def __init__(
        self,
        practice: Practice,
        store: Callable[[], Store],
        listening: Listening | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setAccessibleName("Practise with a partner")
        self.practice, self._store, self.listening, self.clock = practice, store, listening, clock
        self.plan: PairPlan | None = None
        self.rounds: list[PlayedRound] = []
        self.questions: list[Question] = []
        self.taps = AnswerTaps(clock)
        self._recording: Recording | None = None
        self._comparison: Comparison | None = None
        self.suggested: int | None = None  # the way the app suggested for the answer being marked
        self._job: workers.Job | None = None
        self._tick = QTimer(self, interval=200)
        self._tick.timeout.connect(self._update_clock)
        self._build()
        if listening is not None:
            listening.heard.connect(self._heard)
            listening.failed.connect(self._listening_failed)
            listening.partial.connect(lambda text: self.said.setPlainText(text) if listening.is_for(self) else None)

    # ---- building -----------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.heading = plain_label(role="heading")
        self.clock_label = plain_label(role="clock")
        self.clock_label.setWordWrap(False)
        self.steps = QStackedWidget()
        self.steps.addWidget(self._script_view())
        self.steps.addWidget(self._marks_view())
        self.steps.addWidget(self._round_over_view())
        self.steps.addWidget(self._debrief_view())
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.clock_label, alignment=Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.steps, 1)
        for keys, slot, what in (
            ("Space", self.space, "Pair: the line is said / they start / they stop"),
            ("Return", self.enter, "Pair: compare your marks, then go on the way chosen"),
            ("Enter", self.enter, ""),
            ("Ctrl+K", self.toggle_coaching, "Pair: show or hide the coaching note"),
        ):
            shortcut = QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            if what:
                shortcut.setWhatsThis(what)
        for number in range(10):
            key = str((number + 1) % 10)
            QShortcut(
                QKeySequence(key),
                self,
                lambda n=number: self.toggle_check(n),
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )

    def _script_view(self) -> QWidget:
        view = QWidget()
        self.roles = plain_label(role="muted")
        self.line = _big(plain_label(), 20)
        self.line.setAccessibleName("The line to say")
        self.direction = _big(plain_label(), 13)
        self.persona = plain_label(role="muted")
        self.listen_for = _big(plain_label(), 13)
        self.listen_for.setAccessibleName("What to listen for")
        self.coaching_button = QPushButton("Show the coaching note (Ctrl+K)")
        self.coaching_button.setCheckable(True)
        self.coaching_button.toggled.connect(self._show_coaching)
        self.coaching = plain_label(role="coaching")
        self.coaching.hide()
        self.hint = _big(plain_label(role="notice"), 13)
        self.said = QPlainTextEdit()
        self.said.setAccessibleName("What they said")
        self.said.setPlaceholderText("What they said (optional: the microphone fills this in, or type it)")
        self.said.setMaximumHeight(90)
        self.next_button = QPushButton("Next (Space)")
        self.next_button.clicked.connect(self.space)
        column = QVBoxLayout()
        for widget in (self.roles, self.line, self.direction, self.persona, self.listen_for):
            column.addWidget(widget)
        column.addWidget(self.coaching_button, alignment=Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.coaching)
        column.addStretch(1)
        inner = QWidget()
        inner.setLayout(column)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(view)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.said)
        layout.addWidget(self.next_button, alignment=Qt.AlignmentFlag.AlignRight)
        return view

    def _marks_view(self) -> QWidget:
        view = QWidget()
        self.marks_heading = plain_label(role="subheading")
        self.checks_box = QGridLayout()
        self.checks: list[QCheckBox] = []
        self.app_marks: list[QLabel] = []
        self.confidence = RatingRow("Confidence")
        self.respect = RatingRow("Respect")
        self.app_ratings = plain_label(role="muted")
        self.ways = QListWidget()
        self.ways.setAccessibleName("Where the call goes next")
        self.ways.setWordWrap(True)
        self.ways.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.ways.itemActivated.connect(lambda _item: self.enter())
        self.ways_label = plain_label("Where the call goes next (arrows to pick, Enter to go on):", "subheading")
        self.compare_button = QPushButton("Compare with the app (Enter)")
        self.compare_button.clicked.connect(self.enter)
        layout = QVBoxLayout(view)
        layout.addWidget(self.marks_heading)
        layout.addLayout(self.checks_box)
        layout.addWidget(self.confidence)
        layout.addWidget(self.respect)
        layout.addWidget(self.app_ratings)
        layout.addWidget(self.ways_label)
        layout.addWidget(self.ways, 1)
        layout.addWidget(self.compare_button, alignment=Qt.AlignmentFlag.AlignRight)
        return view

    def _round_over_view(self) -> QWidget:
        view = QWidget()
        self.round_result = _big(plain_label(), 14)
        self.next_scenario = QComboBox()
        self.next_scenario.setAccessibleName("Scenario for the next round")
        self.swap_button = QPushButton("Swap roles and play")
        self.swap_button.clicked.connect(self.swap)
        self.finish_button = QPushButton("Finish and see the pair debrief")
        self.finish_button.clicked.connect(self.finish)
        row = QHBoxLayout()
        row.addWidget(self.swap_button)
        row.addWidget(self.next_scenario, 1)
        row.addWidget(self.finish_button)
        layout = QVBoxLayout(view)
        layout.addWidget(self.round_result)
        layout.addLayout(row)
        layout.addStretch(1)
        return view

    def _debrief_view(self) -> QWidget:
        view = QWidget()
        self.debrief_grid = QGridLayout()
        self.fists = _big(plain_label(), 13)
        self.done_button = QPushButton("Back to the library")
        self.done_button.clicked.connect(self.finished)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addLayout(self.debrief_grid)
        inner_layout.addWidget(self.fists)
        inner_layout.addStretch(1)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(view)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.done_button, alignment=Qt.AlignmentFlag.AlignRight)
        return view

    # ---- a session --------------------------------------------------------------------------------------
    def begin(self, plan: PairPlan, scenario: Scenario, scenarios: list[Scenario]) -> None:
        """A new pair session: the first round on `scenario`."""
        self.plan, self.rounds = plan, []
        self.next_scenario.clear()
        for item in scenarios:
            self.next_scenario.addItem(item.title, item)
        self._play(scenario)

    def _play(self, scenario: Scenario) -> None:
        plan = self.plan
        assert plan is not None
        round_ = plan.next_round(scenario.id)
        session = self.practice.start_rehearsal(scenario, None, self._store(), self.clock, plan.players(round_))
        session.start()
        self.rounds.append(PlayedRound(round_, scenario, session))
        rubric = session.scorer.rubrics[scenario.rubric.id]
        self.questions = checklist([*rubric.criteria, *(c for turn in scenario.turns.values() for c in turn.criteria)])
        self._build_checklist()
        self.next_scenario.setCurrentIndex(max(0, self.next_scenario.findText(scenario.title)))
        self._show_line()

    @property
    def current(self) -> PlayedRound:
        return self.rounds[-1]

    def _show_line(self) -> None:
        played = self.current
        session, scenario, round_ = played.session, played.scenario, played.round
        line = session.current
        assert line is not None
        turn = session.turn
        self.taps = AnswerTaps(self.clock)
        self._recording, self._comparison = None, None
        self.heading.setText(f"Round {len(self.rounds)} · {round_.recruiter} plays {scenario.recruiter.name}")
        self.roles.setText(
            f"{round_.recruiter}: read this to {round_.candidate}. {scenario.title}, moment {line.index + 1}."
        )
        self.line.setText(f"“{line.text}”")
        self.direction.setText(f"Stage direction: {turn.direction}" if turn.direction else "")
        self.direction.setVisible(bool(turn.direction))
        self.persona.setText(
            f"You are {scenario.recruiter.name}, {scenario.recruiter.title}: {scenario.recruiter.persona}"
        )
        listen = [
            f"•  {branch_sentence(branch, scenario)} → {self._reply(branch)}" for branch in turn.branches
        ]  # fmt: skip
        listen.append(f"•  Otherwise → {self._reply(turn.otherwise)}")
        self.listen_for.setText("Listen for:\n" + "\n".join(listen))
        self.coaching.setText(f"Coach: {turn.coaching}" if turn.coaching else "No coaching note for this moment.")
        self.coaching_button.setChecked(False)
        self.said.clear()
        self.hint.setText("Say the line to your partner, then press Space.")
        self.steps.setCurrentIndex(0)
        self.clock_label.setText(clock_text(0, line.answer_time))
        self.mirror.emit("line", line.text)
        self.mirror.emit("feedback", "")
        self.next_button.setFocus()

    def _reply(self, route: Route) -> str:
        """What the recruiter says next on this route (quoted, cut at REPLY_CHARS), or how the call ends."""
        if route.end is not None:
            return f"the call ends ({outcome_words(route.end.outcome)})"
        session = self.current.session
        line = session.fill(session.scenario.turns[route.target].say)
        return f"“{line[:REPLY_CHARS]}…”" if len(line) > REPLY_CHARS else f"“{line}”"

    def toggle_coaching(self) -> None:
        self.coaching_button.toggle()

    def _show_coaching(self, shown: bool) -> None:
        self.coaching.setVisible(shown)
        self.coaching_button.setText(f"{'Hide' if shown else 'Show'} the coaching note (Ctrl+K)")

    # ---- timing -------------------------------------------------------------------------------------------
    def space(self) -> None:
        """The line is said → they start → they stop (or, listening, they stop)."""
        if self.steps.currentIndex() != 0 or self._job is not None:
            return
        session = self.current.session
        if self.taps.stage == "line":
            self.taps.tap()
            session.line_finished()
            self._tick.start()
            if (
                self.listening is not None
                and self.listening.is_ready
                and self.listening.begin(hands_free=True, owner=self)
            ):
                self.hint.setText(f"Listening to {self.current.round.candidate}… Space when they have finished.")
            else:
                self.hint.setText(f"Press Space when {self.current.round.candidate} starts answering.")
            return
        if self.listening is not None and self.listening.listening:
            self.listening.end()
            self.hint.setText("Turning what they said into text…")
            return
        if self.taps.tap() == "done":
            self._to_marks()
        else:
            self.hint.setText("Press Space when they have finished answering.")

    def _update_clock(self) -> None:
        if self.rounds and self.current.session.current is not None:
            text = clock_text(self.current.session.elapsed(), self.current.session.current.answer_time)
            self.clock_label.setText(text)
            self.mirror.emit("clock", text)

    def _heard(self, recording: Recording) -> None:
        if (
            self.listening is None
            or not self.listening.is_for(self)
            or self.steps.currentIndex() != 0
            or not self.rounds
        ):
            return
        self._recording = recording
        self.said.setPlainText(recording.transcript.text.strip())
        self._to_marks()

    def _listening_failed(self, message: str) -> None:
        if self.listening is None or not self.listening.is_for(self):
            return
        self.status.emit(message)
        if self.steps.currentIndex() == 0 and self.taps.stage != "line":
            self.hint.setText("The microphone stopped: press Space when they start, and again when they stop.")

    def delivery(self, edited_text: str | None = None) -> Delivery | None:
        """How the answer was said, when the microphone heard it (onset from the end of the line)."""
        recording = self._recording
        return recording.delivery(self.taps.line_end, edited_text) if recording is not None else None

    def timing(self) -> Timing:
        """The answer's times: from the recording when it was heard, else from the taps."""
        delivery = self.delivery()
        return spoken_timing(delivery) if delivery is not None else self.taps.timing()

    # ---- marks and the way on -----------------------------------------------------------------------------
    def _to_marks(self) -> None:
        self._tick.stop()
        played = self.current
        self.marks_heading.setText(f"{played.round.recruiter}: how did {played.round.candidate} do? (keys 1–0 tick)")
        for box, app in zip(self.checks, self.app_marks, strict=True):
            box.setChecked(False)
            box.setEnabled(True)
            app.setText("")
            self._band(app, "")
        self.confidence.set_value(None)
        self.respect.set_value(None)
        self.app_ratings.setText("")
        self.ways.clear()
        self.ways.hide()
        self.ways_label.hide()
        self.compare_button.setText("Compare with the app (Enter)")
        self.steps.setCurrentIndex(1)
        self.compare_button.setFocus()

    def _build_checklist(self) -> None:
        """A checkbox per question of this round's rubric, with room beside it for the app's answer."""
        for widget in (*self.checks, *self.app_marks):
            self.checks_box.removeWidget(widget)
            widget.deleteLater()
        self.checks, self.app_marks = [], []
        for row, question in enumerate(self.questions):
            box = QCheckBox(f"{(row + 1) % 10}.  {question.text}")
            app = plain_label(role="muted")
            self.checks_box.addWidget(box, row, 0)
            self.checks_box.addWidget(app, row, 1)
            self.checks.append(box)
            self.app_marks.append(app)

    @staticmethod
    def _band(label: QLabel, band: str) -> None:
        label.setProperty("band", band)
        theme.restyle(label)

    def toggle_check(self, index: int) -> None:
        if self.steps.currentIndex() == 1 and index < len(self.checks) and not self.ways.count():
            self.checks[index].toggle()

    def mark(self) -> PeerMark:
        timing = self.timing()
        return PeerMark(
            {q.text: box.isChecked() for q, box in zip(self.questions, self.checks, strict=True)},
            self.confidence.value(),
            self.respect.value(),
            {"latency_s": timing.latency_s, "duration_s": timing.duration_s},
        )

    def enter(self) -> None:
        """Marks → compare with the app and pick the way on → go on."""
        if self.steps.currentIndex() != 1 or self._job is not None:
            return
        if not self.ways.count():
            self._compare()
        else:
            self._go_on()

    def _compare(self) -> None:
        session, text, timing = self.current.session, self.said.toPlainText().strip(), self.timing()
        if not text:
            self._show_ways(None, None)
            return
        self._job = workers.start(
            lambda: session.preview(text, timing), self._previewed, self._failed, lane="interactive"
        )

    def _previewed(self, result: tuple[int | None, Score]) -> None:
        self._job = None
        branch, score = result
        self._show_ways(branch, score)

    def _show_ways(self, suggested: int | None, score: Score | None) -> None:
        self.suggested = suggested
        mark = self.mark()
        self._comparison = compare(self.questions, mark, score) if score is not None else None
        for box in self.checks:
            box.setEnabled(False)
        if self._comparison is None:
            self.app_ratings.setText("No transcript, so the app has no view on this answer: choose the way on.")
        else:
            disagree = set(self._comparison.disagreements)
            for question, label in zip(self.questions, self.app_marks, strict=True):
                _, app = self._comparison.answers[question.text]
                label.setText("app: —" if app is None else f"app: {'yes' if app else 'no'}")
                self._band(label, "warn" if question.text in disagree else "")
            ratings = self._comparison.ratings
            self.app_ratings.setText(
                "The app: "
                + ", ".join(
                    f"{dim} {app}/5 (you {peer if peer is not None else '–'})"
                    + (" ← you differ" if dim in disagree else "")
                    for dim, (peer, app) in ratings.items()
                )
            )
        turn, scenario = self.current.session.turn, self.current.scenario
        for index, branch in enumerate(turn.branches):
            self.ways.addItem(f"{branch_sentence(branch, scenario)} → {self._reply(branch)}")
            if index == suggested:
                self.ways.item(index).setText(self.ways.item(index).text() + "   (the app suggests this)")
        self.ways.addItem(f"Otherwise → {self._reply(turn.otherwise)}")
        self.ways.setCurrentRow(suggested if suggested is not None else len(turn.branches))
        self.ways.show()
        self.ways_label.show()
        self.compare_button.setText("Go on this way (Enter)")
        self.ways.setFocus()
        self.mirror.emit("feedback", self._feedback_text())

    def _feedback_text(self) -> str:
        if self._comparison is None:
            return "Your partner has marked this answer."
        ratings = self._comparison.ratings
        return "The app's view: " + ", ".join(f"{dim} {app}/5" for dim, (_, app) in ratings.items())

    def _go_on(self) -> None:
        played, turn = self.current, self.current.session.turn
        row = self.ways.currentRow()
        chosen = row if 0 <= row < len(turn.branches) else None
        text, timing, mark, comparison = self.said.toPlainText().strip(), self.timing(), self.mark(), self._comparison
        delivery = self.delivery(text)
        session = played.session

        def submit() -> TurnRecord:
            return session.submit(text, timing, delivery, chosen=chosen, peer=mark.to_json())

        def done(record: TurnRecord) -> None:
            self._job = None
            played.moments.append(Moment(record, mark, comparison))
            if session.ended:
                self._round_over()
            else:
                self._show_line()

        self._job = workers.start(submit, done, self._failed, lane="interactive")

    def _failed(self, error: Exception) -> None:
        self._job = None
        self.status.emit(f"That couldn't be saved: {error}")

    # ---- rounds -------------------------------------------------------------------------------------------
    def _round_over(self) -> None:
        played = self.current
        ending = played.session.ending
        outcome = outcome_words(ending.outcome) if ending else "stopped"
        closing = f"\n{played.round.recruiter}, finish with: “{ending.closing_line}”" if ending else ""
        self.round_result.setText(f"{played.round.candidate}'s call ended: {outcome}.{closing}")
        self.heading.setText(f"Round {len(self.rounds)} done")
        self.steps.setCurrentIndex(2)
        self.mirror.emit("line", ending.closing_line if ending else "")
        self.mirror.emit("feedback", f"The call ended: {outcome}.")
        self.swap_button.setFocus()

    def swap(self) -> None:
        """The same scenario (or the one chosen) with the roles swapped; the names are kept."""
        scenario = self.next_scenario.currentData() or self.current.scenario
        self._play(scenario)

    def finish(self, fist_after: dict[str, int] | None = None) -> None:
        """The fist-to-five again (asked here unless given), then the pair debrief."""
        plan = self.plan
        if plan is None:
            return
        if fist_after is None:
            from ..dialogs.pair_setup import FistDialog

            dialog = FistDialog(plan.names, "Fist to five, again", self)
            dialog.exec()
            fist_after = dialog.values()
        plan.fist_after = dict(fist_after)
        store = self._store()
        rounds = [(self.practice.attempt_of(r.session), plan.players(r.round)) for r in self.rounds]

        def save() -> None:
            for attempt_id, players in rounds:
                if attempt_id is not None:
                    store.set_players(attempt_id, players)

        workers.start(save, lambda _none: None, self._failed)
        self._show_debrief()

    def _show_debrief(self) -> None:
        plan = self.plan
        assert plan is not None
        grid = self.debrief_grid
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        row = 0
        for played in self.rounds:
            ending = played.session.ending
            title = (
                f"{played.round.candidate} answered, {played.round.recruiter} played the recruiter · "
                f"{played.scenario.title} · {outcome_words(ending.outcome) if ending else 'stopped early'}"
            )
            grid.addWidget(plain_label(title, "subheading"), row, 0, 1, 5)
            row += 1
            for col, head in enumerate(("Moment", "Partner's marks", "The app", "Timing", "You differed on")):
                grid.addWidget(plain_label(head, "muted"), row, col)
            row += 1
            for moment in played.moments:
                record, mark, comparison = moment.record, moment.mark, moment.comparison
                peer = f"confidence {mark.confidence or '–'}/5, respect {mark.respect or '–'}/5"
                app = (
                    ", ".join(f"{d} {a}/5" for d, (_, a) in comparison.ratings.items())
                    if comparison is not None
                    else "no transcript"
                )
                timing = (
                    f"started after {seconds(record.latency_s)}, spoke {seconds(record.duration_s)}"
                    if record.latency_s is not None and record.duration_s is not None
                    else "not timed"
                )
                differed = "; ".join(comparison.disagreements) if comparison is not None else "—"
                cells = (
                    f"{record.index + 1}. {record.turn_id.replace('_', ' ')}",
                    peer,
                    app,
                    timing,
                    differed or "nothing",
                )
                for col, text in enumerate(cells):
                    grid.addWidget(plain_label(text), row, col)
                row += 1
        fists = [f"{name} {plan.fist_before.get(name, '–')} → {plan.fist_after.get(name, '–')}" for name in plan.names]
        self.fists.setText("Fist to five, before → after: " + " · ".join(fists))
        self.heading.setText(f"Pair debrief · {plan.names[0]} and {plan.names[1]}")
        self.steps.setCurrentIndex(3)
        self.mirror.emit("feedback", "Pair debrief: " + " · ".join(fists))
        self.done_button.setFocus()

    def stop_quietly(self) -> None:
        self._tick.stop()
        if self.listening is not None and self.listening.busy:
            self.listening.cancel()


class CandidateWindow(QWidget):
    """For a second screen (a projector or an external monitor): only the recruiter's line, the clock and, after
    the moment, feedback. It follows the pair page through its `mirror` signal."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Counteroffer · candidate")
        self.line = _big(plain_label(), 26)
        self.clock = _big(plain_label(role="clock"), 22)
        self.feedback = _big(plain_label(role="muted"), 16)
        layout = QVBoxLayout(self)
        layout.addWidget(self.clock, alignment=Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.feedback)
        self.resize(900, 500)

    def show_state(self, what: str, text: str) -> None:
        {"line": self.line, "clock": self.clock, "feedback": self.feedback}[what].setText(text)
