"""The recruiter's goodwill: a running 0-100 relationship state that each answer moves.

Respect moves it a little either way; specific moves (thanks, reasons, ultimatums, digs, pushing again after
the recruiter has already moved) move it more. The weights live in the rubric (`goodwill:`), so an instructor
can tune them like any criterion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .rubric import Goodwill
from .scoring import Score
from .tokens import Evidence

COLD, WARM = 40, 70  # below COLD the recruiter speaks their `cold` lines; above WARM their `warm` ones


@dataclass(frozen=True)
class Change:
    label: str
    change: int


@dataclass(frozen=True)
class GoodwillStep:
    """How one answer moved goodwill, and why."""

    before: int
    after: int
    changes: tuple[Change, ...]

    def to_json(self) -> dict[str, Any]:
        return {"before": self.before, "after": self.after, "changes": [[c.label, c.change] for c in self.changes]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GoodwillStep:
        return cls(
            int(data["before"]),
            int(data["after"]),
            tuple(Change(str(label), int(change)) for label, change in data["changes"]),
        )


def step(rules: Goodwill, before: int, score: Score) -> GoodwillStep:
    """Goodwill after an answer: its respect score's pull, then each move it made (once per kind)."""
    changes: list[Change] = []
    respect = score.dimensions.get(rules.respect_dimension)
    if respect is not None:
        pull = round((respect.score - 50) * rules.per_respect_point)
        if pull:
            changes.append(Change("warm tone" if pull > 0 else "cool tone", pull))
    analysis = score.analysis
    found: dict[str, list[Evidence] | None] = {**analysis.found, **analysis.facts} if analysis is not None else {}
    for move in rules.moves:
        if found.get(move.detector):
            changes.append(Change(move.label, move.change))
    after = max(0, min(100, before + sum(c.change for c in changes)))
    return GoodwillStep(before, after, tuple(changes))


def first_step(rules: Goodwill, score: Score, before: int | None = None) -> GoodwillStep:
    """Goodwill after one answer given on its own (an example, a scored answer from the terminal)."""
    return step(rules, rules.start if before is None else before, score)


def mood(goodwill: int) -> str:
    """ "cold", "warm" or "neutral": which of a line's variants the recruiter says."""
    return "cold" if goodwill < COLD else "warm" if goodwill > WARM else "neutral"
