"""Pair role-play: one student plays the recruiter from the script, the other answers; then they swap.

Plain data and rules, no Qt: the peer checklist made from the rubric's `ask:` questions, how the app's score
answers the same questions (and where the two disagree), the answer timing tapped with Space, the players and
roles of each round, and the fist-to-five confidence check before and after.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .rubric import Criterion
from .scoring import Score, Timing

FIST_QUESTION = "How confident do you feel negotiating right now?"
RATING_LABELS = {1: "not at all", 2: "a little", 3: "somewhat", 4: "mostly", 5: "very"}
MAX_QUESTIONS = 10  # number keys 1-9 and 0


@dataclass(frozen=True)
class Question:
    """One checkbox: the criteria that share an `ask:` question. A reward question's yes means one of them was
    earned; a penalty question's (any member a penalty) that one was triggered, which a learned reward such as the
    overall tone can be too, when it counts against the answer."""

    text: str
    effect: Literal["reward", "penalty"]
    criteria: tuple[str, ...]


def checklist(criteria: Sequence[Criterion]) -> list[Question]:
    """The peer checklist, in rubric order: one question per distinct `ask:` text (criteria without one are left
    out), rewards first, then penalties; at most MAX_QUESTIONS."""
    grouped: dict[str, list[Criterion]] = {}
    for criterion in criteria:
        if criterion.ask:
            grouped.setdefault(criterion.ask, []).append(criterion)
    questions = [
        Question(
            text, "penalty" if any(c.effect == "penalty" for c in members) else "reward", tuple(c.id for c in members)
        )
        for text, members in grouped.items()
    ]
    questions.sort(key=lambda q: q.effect == "penalty")  # stable: rubric order within each group
    return questions[:MAX_QUESTIONS]


def app_answers(questions: Sequence[Question], score: Score) -> dict[str, bool | None]:
    """How the app's score answers each question: True / False, or None when none of its criteria applied."""
    status = {result.id: result.status for result in score.criteria}
    answers: dict[str, bool | None] = {}
    for question in questions:
        seen = [status[c] for c in question.criteria if c in status and status[c] != "not_applicable"]
        hit = "met" if question.effect == "reward" else "triggered"
        answers[question.text] = (hit in seen) if seen else None
    return answers


def to_five(score: float) -> int:
    """A 0-100 score on the peer's 1-5 scale: 0-19 is 1, …, 80-100 is 5."""
    return 1 + min(4, max(0, int(score // 20)))


@dataclass
class PeerMark:
    """A partner's marks for one answer: the ticked questions and a 1-5 for confidence and respect."""

    checks: dict[str, bool] = field(default_factory=dict)  # question text -> ticked
    confidence: int | None = None
    respect: int | None = None
    timing: dict[str, float | None] = field(default_factory=dict)  # latency_s, duration_s as tapped

    def to_json(self) -> dict[str, Any]:
        return {"checks": dict(self.checks), "confidence": self.confidence, "respect": self.respect,
                "timing": dict(self.timing)}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PeerMark:
        def rating(value: object) -> int | None:
            return value if isinstance(value, int) and 1 <= value <= 5 else None

        checks = data.get("checks") or {}
        timing = data.get("timing") or {}
        return cls(
            {str(k): bool(v) for k, v in checks.items()} if isinstance(checks, dict) else {},
            rating(data.get("confidence")),
            rating(data.get("respect")),
            {str(k): float(v) if isinstance(v, (int, float)) else None for k, v in timing.items()}
            if isinstance(timing, dict)
            else {},
        )


@dataclass(frozen=True)
class Comparison:
    """The peer's marks beside the app's, for one answer."""

    answers: dict[str, tuple[bool, bool | None]]  # question -> (peer, app)
    ratings: dict[str, tuple[int | None, int]]  # dimension -> (peer 1-5, app 1-5)

    @property
    def disagreements(self) -> list[str]:
        """Questions where both gave an answer and they differ, then dimensions two or more points apart."""
        questions = [q for q, (peer, app) in self.answers.items() if app is not None and peer != app]
        ratings = [d for d, (peer, app) in self.ratings.items() if peer is not None and abs(peer - app) >= 2]
        return questions + ratings


def compare(questions: Sequence[Question], mark: PeerMark, score: Score) -> Comparison:
    app = app_answers(questions, score)
    answers = {q.text: (mark.checks.get(q.text, False), app[q.text]) for q in questions}
    peer: dict[str, int | None] = {"confidence": mark.confidence, "respect": mark.respect}
    ratings = {
        dim: (given, to_five(score.dimensions[dim].score)) for dim, given in peer.items() if dim in score.dimensions
    }
    return Comparison(answers, ratings)


class AnswerTaps:
    """Timing an answer without a microphone: the recruiter-player taps Space when they finish the line (the
    answer clock starts), when the candidate starts answering, and when they stop. `clock` is injectable."""

    def __init__(self, clock: Callable[[], float]):
        self.clock = clock
        self.line_end: float | None = None
        self.start: float | None = None
        self.end: float | None = None

    @property
    def stage(self) -> Literal["line", "waiting", "answering", "done"]:
        if self.line_end is None:
            return "line"
        if self.start is None:
            return "waiting"
        return "answering" if self.end is None else "done"

    def tap(self) -> str:
        """Space: the next mark; returns the stage now reached."""
        now = self.clock()
        if self.line_end is None:
            self.line_end = now
        elif self.start is None:
            self.start = now
        elif self.end is None:
            self.end = now
        return self.stage

    def timing(self) -> Timing:
        if self.line_end is None or self.start is None:
            return Timing()
        end = self.end if self.end is not None else self.clock()
        return Timing(max(0.0, self.start - self.line_end), max(0.0, end - self.start))


@dataclass
class Round:
    candidate: str
    recruiter: str
    scenario_id: str
    attempt_id: str | None = None


@dataclass
class PairPlan:
    """Two students, who plays the recruiter in each round, and their fist-to-five before and after."""

    names: tuple[str, str]
    recruiter_first: int = 0  # index into names
    fist_before: dict[str, int] = field(default_factory=dict)
    fist_after: dict[str, int] = field(default_factory=dict)
    rounds: list[Round] = field(default_factory=list)
    pair_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    def next_round(self, scenario_id: str) -> Round:
        """The first round as chosen, then roles swapped each time."""
        recruiter = (self.recruiter_first + len(self.rounds)) % 2
        made = Round(self.names[1 - recruiter], self.names[recruiter], scenario_id)
        self.rounds.append(made)
        return made

    def players(self, round_: Round) -> dict[str, Any]:
        """What the history keeps with a pair round's attempt."""
        return {
            "pair_id": self.pair_id,
            "candidate": round_.candidate,
            "recruiter": round_.recruiter,
            "fist_before": dict(self.fist_before),
            "fist_after": dict(self.fist_after),
        }
