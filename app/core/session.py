"""A rehearsal: the recruiter's lines, the student's answers against the clock, scores and branches.

Shared by the window and the terminal. Time comes from an injected clock, so
tests advance it instead of waiting; what happens is announced to listeners as
plain events.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from .branching import choose
from .delivery import Delivery
from .goodwill import GoodwillStep, mood, step
from .levers import default_reply, raised
from .placeholders import fill, scenario_values
from .profile import Profile
from .scenario import AnswerTime, Ending, Route, Scenario, Turn
from .scoring import AnswerContext, Score, Scorer, Timing, spoken_timing

Clock = Callable[[], float]


class _Auto:
    """Session.submit's default choice: the branch the detections pick."""


AUTO = _Auto()
Choice = _Auto | int | None


@dataclass(frozen=True)
class LinePresented:
    index: int  # 0-based position in this rehearsal
    turn_id: str
    text: str
    direction: str | None
    answer_time: AnswerTime | None


@dataclass
class TurnRecord:
    index: int
    turn_id: str
    line: str
    answer: str
    score: Score
    branch: int | None  # index of the branch taken; None for `otherwise`
    goto: str | None
    outcome: str | None
    coaching: str | None
    answer_time: AnswerTime | None
    latency_s: float | None
    duration_s: float | None
    total_s: float | None
    goodwill_step: GoodwillStep | None = None  # None for an answer stored before goodwill existed
    delivery: Delivery | None = None  # how a spoken answer was delivered; None for a typed one
    audio: str | None = None  # the kept recording of a spoken answer (a file path), when one was kept
    peer: dict[str, Any] | None = None  # a partner's marks in a pair role-play (core/pair.PeerMark.to_json)

    @property
    def goodwill(self) -> int | None:
        """The recruiter's goodwill after this answer."""
        return self.goodwill_step.after if self.goodwill_step else None

    def to_json(self) -> dict[str, Any]:
        return {
            "turn": self.turn_id,
            "line": self.line,
            "answer": self.answer,
            "latency_s": _round(self.latency_s),
            "duration_s": _round(self.duration_s),
            "total_s": _round(self.total_s),
            "branch": self.branch,
            "goto": self.goto,
            "end": self.outcome,
            **({"goodwill": self.goodwill_step.to_json()} if self.goodwill_step else {}),
            **({"delivery": self.delivery.to_json()} if self.delivery is not None else {}),
            **({"audio": self.audio} if self.audio is not None else {}),
            **({"peer": self.peer} if self.peer is not None else {}),
            **{k: v for k, v in self.score.to_json().items() if k in ("overall", "dimensions", "criteria")},
        }


@dataclass(frozen=True)
class Retried:
    index: int  # the answer at this position and those after it are set aside


@dataclass(frozen=True)
class SessionEnded:
    outcome: str
    closing_line: str


Event = LinePresented | TurnRecord | Retried | SessionEnded


@dataclass(frozen=True)
class Summary:
    """A rehearsal in a few numbers: how it ended and each dimension's average over the answers."""

    scenario: str
    turns: int
    outcome: str | None
    closing_line: str | None
    average: dict[str, float]
    goodwill: list[int]  # at the start of the call, then after each answer; [] when not known

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def summarise(scenario_id: str, records: list[TurnRecord], ending: SessionEnded | None) -> Summary:
    scores: dict[str, list[float]] = {}
    for record in records:
        for key, dim in record.score.dimensions.items():
            scores.setdefault(key, []).append(dim.score)
    return Summary(
        scenario_id,
        len(records),
        ending.outcome if ending else None,
        ending.closing_line if ending else None,
        {key: round(sum(values) / len(values), 1) for key, values in scores.items()},
        goodwill_trace(records),
    )


def goodwill_trace(records: list[TurnRecord]) -> list[int]:
    """Goodwill at the start and after each answer; [] unless every answer knows it."""
    steps = [r.goodwill_step for r in records if r.goodwill_step is not None]
    if not steps or len(steps) < len(records):
        return []
    return [steps[0].before] + [s.after for s in steps]


class Debriefable(Protocol):
    """What the debrief shows, from a live session or a rehearsal read back from the history."""

    records: list[TurnRecord]
    ending: SessionEnded | None
    set_aside: list[TurnRecord]  # answers replaced by "try again", in the order they were given

    @property
    def title(self) -> str: ...

    @property
    def recruiter_name(self) -> str: ...

    @property
    def can_restart(self) -> bool: ...

    def summary(self) -> Summary: ...


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def student_values(profile: Profile | None) -> dict[str, str]:
    """What {student.*} placeholders say; friendly stand-ins when the profile is empty."""
    labels = [p.label for p in profile.priorities] if profile else []
    stand_ins = ["what matters most to you", "your second priority", "your third priority"]
    values = {"student.name": (profile.name if profile and profile.name else "there")}
    for i in range(3):
        values[f"student.priority_{i + 1}"] = labels[i] if i < len(labels) else stand_ins[i]
    return values


_NAME_AFTER = re.compile(r",\s*\{student\.name\}(?=\s*[!?.,;:])")
_NAME_BEFORE = re.compile(r"(^|(?<=[.!?]\s))\{student\.name\},\s*(\w)")


def _drop_missing_name(text: str) -> str:
    """ "Thanks, {student.name}!" reads better as "Thanks!" than "Thanks, there!" when we don't know the name."""
    text = _NAME_AFTER.sub("", text)
    return _NAME_BEFORE.sub(lambda m: m.group(1) + m.group(2).upper(), text)


@dataclass
class _Clock:
    presented: float = 0.0
    started: float | None = None  # the answer clock: recruiter finished speaking / line shown
    first_key: float | None = None


class Session:
    def __init__(
        self, scenario: Scenario, scorer: Scorer, profile: Profile | None = None, clock: Clock = time.monotonic
    ):
        self.scenario = scenario
        self.scorer = scorer
        self.profile = profile
        self.clock = clock
        self.records: list[TurnRecord] = []
        self.set_aside: list[TurnRecord] = []
        self.ending: SessionEnded | None = None
        self.current: LinePresented | None = None
        self._listeners: list[Callable[[Event], None]] = []
        self._times = _Clock()
        self._values = {**scenario_values(scenario), **student_values(profile)}
        self.goodwill_rules = scorer.rubrics[scenario.rubric.id].goodwill
        self.goodwill = self.goodwill_rules.start
        self._said: list[str] = []  # every line the recruiter has said in this call, so none is said twice

    def set_profile(self, profile: Profile | None) -> None:
        """A profile edited mid-rehearsal counts from the next line and answer on."""
        self.profile = profile
        self._values = {**scenario_values(self.scenario), **student_values(profile)}

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        self._listeners.append(listener)

    def _emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)

    @property
    def ended(self) -> bool:
        return self.ending is not None

    @property
    def turn(self) -> Turn:
        if self.current is None:
            raise RuntimeError("there is no open turn (the rehearsal has not started, or has ended)")
        return self.scenario.turns[self.current.turn_id]

    def fill(self, text: str) -> str:
        if not (self.profile and self.profile.name):
            text = _drop_missing_name(text)
        return fill(text, self._values)

    def start(self) -> LinePresented:
        self.records, self.set_aside, self.ending, self._said = [], [], None, []
        self.goodwill = self.goodwill_rules.start
        return self._present(self.scenario.start_turn)

    def _present(self, turn_id: str, lead_in: str = "") -> LinePresented:
        turn = self.scenario.turns[turn_id]
        direction = self.fill(turn.direction) if turn.direction else None
        text = self._fresh_line(turn, visited=any(r.turn_id == turn_id for r in self.records))
        self.current = LinePresented(len(self.records), turn_id, _joined(lead_in, text), direction, turn.answer_time)
        self._times = _Clock(presented=self.clock())
        self._emit(self.current)
        return self.current

    def _toned(self, line: Turn | Ending, say: str) -> str:
        """The line as the recruiter's goodwill colours it: its cold or warm variant when it has one."""
        variant = {"cold": line.cold, "warm": line.warm}.get(mood(self.goodwill))
        return variant or say

    def _fresh_line(self, turn: Turn, visited: bool) -> str:
        """A line for this turn the recruiter hasn't said yet in this call: the toned line first, the `again`
        variants when the call comes back here. When every variant is used up, a short recap instead."""
        toned = [self._toned(turn, turn.say), turn.say]
        candidates = [*turn.again, *toned] if visited else [*toned, *turn.again]
        filled = [self.fill(c) for c in candidates]
        line = next((c for c in filled if c not in self._said), None)
        if line is None:
            line = _recap(filled[0])
        self._said.append(line)
        return line

    def line_finished(self) -> None:
        """The recruiter finished speaking (or the line was shown, with speech off): the answer clock starts."""
        if self._times.started is None:
            self._times.started = self.clock()

    def keystroke(self) -> None:
        """The student started answering; only the first call counts."""
        if self._times.first_key is None:
            now = self.clock()
            self.line_finished()  # typing while the recruiter speaks starts the clock too
            self._times.first_key = now

    @property
    def answer_clock_started(self) -> float | None:
        """When the answer clock started (clock time), or None while the recruiter is still speaking."""
        return self._times.started

    @property
    def line_presented(self) -> float:
        return self._times.presented

    def elapsed(self) -> float:
        """Seconds on the answer clock (0 until it starts)."""
        return 0.0 if self._times.started is None else self.clock() - self._times.started

    def suggest(self, answer: str, timing: Timing | None = None, delivery: Delivery | None = None) -> int | None:
        """The branch this answer would take (None: `otherwise`), without answering: a recruiter-player's
        pre-selected choice."""
        return self.preview(answer, timing, delivery)[0]

    def preview(
        self, answer: str, timing: Timing | None = None, delivery: Delivery | None = None
    ) -> tuple[int | None, Score]:
        """The branch this answer would take and its score, without answering."""
        _, score, _, branch, _ = self._judge(answer, timing, delivery, self.clock())
        return branch, score

    def _judge(
        self, answer: str, timing: Timing | None, delivery: Delivery | None, now: float
    ) -> tuple[Timing, Score, GoodwillStep, int | None, Route]:
        if self.current is None or self.ended:
            raise RuntimeError("there is no open turn to answer")
        times = self._times
        started = times.started if times.started is not None else now
        first_key = times.first_key if times.first_key is not None else now
        if timing is None and delivery is not None and delivery.onset_s is not None:
            timing = spoken_timing(delivery)
        timing = timing or Timing(max(0.0, first_key - started), max(0.0, now - first_key))
        turn = self.turn
        score = self.scorer.score(answer, AnswerContext(self.scenario, turn, self.profile, timing, delivery))
        moved = step(self.goodwill_rules, self.goodwill, score)
        branch, route = choose(turn, score, self.scenario, self.profile, moved.after)
        return timing, score, moved, branch, route

    def submit(
        self,
        answer: str,
        timing: Timing | None = None,
        delivery: Delivery | None = None,
        audio: str | None = None,
        *,
        chosen: Choice = AUTO,
        peer: dict[str, Any] | None = None,
    ) -> TurnRecord:
        """Score the answer and move on. `timing` replays a stored answer with the times it had. A spoken answer
        comes with its `delivery` (core/delivery.measure; `answer` is the transcript as the student sent it): its
        fillers, pauses and pace are scored too, and unless `timing` is given its times are the recording's (the
        silence before the first sound, then the speaking time). `audio`: where its recording was kept, if it was.
        In a pair role-play the recruiter-player picks the way on (`chosen`: a branch index, or None for
        `otherwise`) and the partner's marks come as `peer` (core/pair.PeerMark.to_json)."""
        now = self.clock()
        timing, score, moved, branch, route = self._judge(answer, timing, delivery, now)
        times, turn, current = self._times, self.turn, self.current
        assert current is not None  # _judge checked there is an open turn
        if chosen is not AUTO:
            branch = chosen if isinstance(chosen, int) else None
            route = turn.branches[branch] if branch is not None else turn.otherwise
        record = TurnRecord(
            current.index,
            current.turn_id,
            current.text,
            answer,
            score,
            branch,
            route.goto,
            route.end.outcome if route.end else None,
            turn.coaching,
            turn.answer_time,
            timing.latency_s,
            timing.duration_s,
            now - times.presented,
            moved,
            delivery,
            audio,
            peer,
        )
        self.records.append(record)
        self.goodwill = moved.after
        self._emit(record)
        lead_in = self._lever_replies(score, route if branch is not None else None)
        if route.end is not None:
            closing = _joined(lead_in, self.fill(self._toned(route.end, route.end.say)))
            self.ending = SessionEnded(route.end.outcome, closing)
            self.current = None
            self._emit(self.ending)
        else:
            assert route.goto is not None  # Route._exactly_one: a route without an end has a goto
            self._present(route.goto, lead_in)
        return record

    def _lever_replies(self, score: Score, branch: Route | None) -> str:
        """The recruiter's answer to each part of the package the student raised that hasn't been answered in
        this call, unless the branch taken was written for it (its next line answers it)."""
        if score.analysis is None:
            return ""
        handled = set(getattr(getattr(branch, "when", None), "asked_about", None) or ())
        answered = {lever for r in self.records[:-1] if r.score.analysis for lever in raised(r.score.analysis)}
        replies = [
            self.fill(self.scenario.levers.get(lever) or default_reply(lever))  # type: ignore[call-overload]
            for lever in raised(score.analysis)
            if lever not in answered and lever not in handled
        ]
        return " ".join(replies)

    def retry_from(self, index: int) -> LinePresented:
        """Go back to the turn answered at `index`: that answer and everything after it are set aside (kept, and
        shown as earlier tries), and goodwill goes back to what it was then."""
        turn_id = self.records[index].turn_id
        first = self.records[index].goodwill_step
        self.set_aside.extend(self.records[index:])
        del self.records[index:]
        self.goodwill = first.before if first is not None else self.goodwill_rules.start
        self._said = [r.line for r in self.records]
        self.ending = None
        self._emit(Retried(index))
        return self._present(turn_id)

    @property
    def title(self) -> str:
        return self.scenario.title

    @property
    def recruiter_name(self) -> str:
        return self.scenario.recruiter.name

    can_restart = True  # a live rehearsal can be played again from the start

    def summary(self) -> Summary:
        return summarise(self.scenario.id, self.records, self.ending)


def _joined(lead_in: str, line: str) -> str:
    return f"{lead_in} {line}" if lead_in else line


_FIRST_SENTENCE = re.compile(r"^.*?[.!?](?=\s|$)")


def _recap(line: str) -> str:
    """A line every variant of which was said already: its first sentence, as a reminder, not a repeat."""
    match = _FIRST_SENTENCE.match(line)
    first = match.group(0) if match else line
    return f"As I said: {first[0].lower()}{first[1:]}" if first else line
