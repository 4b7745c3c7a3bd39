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
from .placeholders import fill, scenario_values
from .profile import Profile
from .scenario import AnswerTime, Scenario, Turn
from .scoring import AnswerContext, Score, Scorer, Timing

Clock = Callable[[], float]


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
    )


class Debriefable(Protocol):
    """What the debrief shows, from a live session or a rehearsal read back from the history."""

    records: list[TurnRecord]
    ending: SessionEnded | None

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
        self.ending: SessionEnded | None = None
        self.current: LinePresented | None = None
        self._listeners: list[Callable[[Event], None]] = []
        self._times = _Clock()
        self._values = {**scenario_values(scenario), **student_values(profile)}

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
        self.records, self.ending = [], None
        return self._present(self.scenario.start_turn)

    def _present(self, turn_id: str) -> LinePresented:
        turn = self.scenario.turns[turn_id]
        direction = self.fill(turn.direction) if turn.direction else None
        self.current = LinePresented(len(self.records), turn_id, self.fill(turn.say), direction, turn.answer_time)
        self._times = _Clock(presented=self.clock())
        self._emit(self.current)
        return self.current

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

    def submit(self, answer: str, timing: Timing | None = None) -> TurnRecord:
        """Score the answer and move on. `timing` replays a stored answer with the times it had."""
        if self.current is None or self.ended:
            raise RuntimeError("there is no open turn to answer")
        now = self.clock()
        times = self._times
        started = times.started if times.started is not None else now
        first_key = times.first_key if times.first_key is not None else now
        timing = timing or Timing(max(0.0, first_key - started), max(0.0, now - first_key))
        turn = self.turn
        score = self.scorer.score(answer, AnswerContext(self.scenario, turn, self.profile, timing))
        branch, route = choose(turn, score, self.scenario, self.profile)
        record = TurnRecord(
            self.current.index,
            self.current.turn_id,
            self.current.text,
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
        )
        self.records.append(record)
        self._emit(record)
        if route.end is not None:
            self.ending = SessionEnded(route.end.outcome, self.fill(route.end.say))
            self.current = None
            self._emit(self.ending)
        else:
            assert route.goto is not None  # Route._exactly_one: a route without an end has a goto
            self._present(route.goto)
        return record

    def retry_from(self, index: int) -> LinePresented:
        """Go back to the turn answered at `index`, forgetting that answer and everything after it."""
        turn_id = self.records[index].turn_id
        del self.records[index:]
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
