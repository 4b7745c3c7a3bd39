""" "Try an answer" at one turn of a scenario, for the authoring studio and `counteroffer try`: the way the call goes,
why (what was detected, which branches held), the scores with their evidence, how goodwill moves and what the
recruiter says next. A tried answer can become one of the turn's `examples:` (see yamledit.insert_example).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .branching import choose_alone, holds
from .conditions import route_words, taken_words, when_words
from .goodwill import GoodwillStep, mood
from .levers import raised
from .profile import Profile
from .rubric import Goodwill
from .scenario import Ending, Route, Scenario, Turn, When
from .scoring import AnswerContext, Score, Scorer
from .session import Session

FLAGS = ("named_number", "accepted", "asked_for_time", "asked_question", "mentioned_priority")


@dataclass(frozen=True)
class BranchCheck:
    """One branch of the turn, in order, and whether its conditions hold for this answer (the first that holds
    is taken)."""

    index: int
    when: str  # the condition in plain words
    target: str
    held: bool


@dataclass(frozen=True)
class Tried:
    scenario: Scenario
    turn_id: str
    answer: str
    score: Score
    branch: int | None  # the branch taken (None: `otherwise`)
    route: Route
    goodwill: GoodwillStep
    checks: list[BranchCheck]
    reply: str  # the recruiter's next line, or their closing line
    goodwill_given: bool  # whether the goodwill before the answer was chosen (kept in an example)

    @property
    def target(self) -> str:
        """The turn id gone to, or end:<outcome>."""
        return self.route.target

    @property
    def why(self) -> str:
        """ "branch 2: name a number above the offer ($76,000)", or "otherwise"."""
        return taken_words(self.branch, [check.when for check in self.checks])

    def detections(self) -> dict[str, Any]:
        """What the branches can test: the flags with the words behind them, the amounts asked for, the branch
        phrases found, the parts of the package raised."""
        analysis = self.score.analysis
        assert analysis is not None  # a freshly scored answer has its analysis
        turn = self.scenario.turns[self.turn_id]
        wanted = [p for b in turn.branches for p in b.when.phrases or ()]
        return {
            "flags": {flag: [e.text for e in analysis.evidence(flag)] for flag in FLAGS if analysis.has(flag)},
            "asks": [a.yearly for a in analysis.asks],
            "phrases": [p for p in dict.fromkeys(wanted) if holds(When(phrases=[p]), self.score, self.scenario)],
            "levers": raised(analysis),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario.id,
            "turn": self.turn_id,
            "answer": self.answer,
            "route": {
                "branch": self.branch,
                "target": self.target,
                "goto": self.route.goto,
                "end": self.route.end.outcome if self.route.end else None,
                "why": self.why,
            },
            "branches": [{"index": c.index, "when": c.when, "target": c.target, "held": c.held} for c in self.checks],
            "detections": self.detections(),
            "goodwill": self.goodwill.to_json(),
            "reply": self.reply,
            "score": self.score.to_json(),
        }

    def example(self) -> dict[str, Any]:
        """The tried answer as an `examples:` entry: the answer and where it should lead."""
        expect = {"goto": self.route.goto} if self.route.goto is not None else {"end": self.target[len("end:") :]}
        entry: dict[str, Any] = {"answer": self.answer, "expect": expect}
        if self.goodwill_given:
            entry["goodwill"] = self.goodwill.before
        return entry


def try_answer(
    scenario: Scenario,
    turn_id: str,
    answer: str,
    scorer: Scorer,
    *,
    goodwill: int | None = None,
    profile: Profile | None = None,
) -> Tried:
    """Score and route one answer at `turn_id` as the call would (goodwill before it: `goodwill`, or the rubric's
    start). KeyError for a turn that doesn't exist; AnswerTooLong for an answer over the scorer's limit."""
    turn = scenario.turns[turn_id]
    score = scorer.score(answer, AnswerContext(scenario, turn, profile))
    rubric = scorer.rubrics.get(scenario.rubric.id)
    rules = rubric.goodwill if rubric is not None else Goodwill()
    index, route, moved = choose_alone(turn, score, scenario, rules, profile, goodwill)
    checks = [
        BranchCheck(
            i, when_words(b.when, scenario, profile), b.target, holds(b.when, score, scenario, profile, moved.after)
        )
        for i, b in enumerate(turn.branches)
    ]
    reply = _reply(scenario, scorer, profile, route, moved.after)
    return Tried(scenario, turn_id, answer, score, index, route, moved, checks, reply, goodwill is not None)


def _reply(scenario: Scenario, scorer: Scorer, profile: Profile | None, route: Route, goodwill: int) -> str:
    """The next turn's line (or the ending's closing line) as the recruiter would say it at this goodwill."""
    line: Turn | Ending | None = route.end if route.end is not None else scenario.turns.get(route.goto or "")
    if line is None:
        return f"(no turn {route_words(route)})"
    said = {"cold": line.cold, "warm": line.warm}.get(mood(goodwill)) or line.say
    return Session(scenario, scorer, profile).fill(said)
