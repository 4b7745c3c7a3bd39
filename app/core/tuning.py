"""Rubric tuning: how a rubric being edited would score a set of answers, next to how the current one does.

The answers are a scenario's examples (every scenario that uses the rubric) and, optionally, a class's answers
from the CSV or JSONL file `counteroffer score --batch` reads. Their scores under the current scorer are worked
out once (`score_answers`); each edit is then parsed and checked exactly as the rubric loader checks a file,
swapped into a copy of the scorer (same lexicons, same learned weights) and every answer scored again (`tune`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .batch import read_rows, row_answer, row_fields
from .diagnostics import Diagnostic
from .library import Library
from .profile import Profile
from .rubric import Rubric, rubric_from_text
from .scenario import Scenario
from .scoring import AnswerContext, CriterionResult, Score, Scorer

MAX_CLASS_ANSWERS = 2_000  # a class file's answers used, so that each edit still re-scores in well under a second
ABSENT = "absent"  # a criterion's status in a version of the rubric that doesn't have it


@dataclass(frozen=True)
class Answer:
    """One answer to score, in the context it was given in, and where it came from."""

    text: str
    context: AnswerContext = field(default_factory=AnswerContext)
    turn_id: str | None = None
    source: str = ""  # "example 2", "answers.csv row 14 (Sam)"

    @property
    def where(self) -> str:
        """ "low-offer · opening", or "" for an answer scored without a scenario."""
        scenario = self.context.scenario
        return f"{scenario.id} · {self.turn_id}" if scenario is not None else ""


@dataclass(frozen=True)
class CriterionChange:
    """A criterion whose status or points differ between the two versions of the rubric."""

    id: str
    dimension: str
    status_before: str  # a Status, or ABSENT
    status_after: str
    points_before: float
    points_after: float

    def __str__(self) -> str:
        """ "backs-it-up (met): +6 → +10", or "thanks: missed → met +4" when the status changed."""
        if self.status_before == self.status_after:
            return f"{self.id} ({self.status_after}): {self.points_before:+g} → {self.points_after:+g}"

        def side(status: str, points: float) -> str:
            return f"{status} {points:+g}" if points else status

        before, after = side(self.status_before, self.points_before), side(self.status_after, self.points_after)
        return f"{self.id}: {before} → {after}"


@dataclass(frozen=True)
class Retuned:
    """One answer's scores before and after the edit, and the criteria that moved."""

    answer: Answer
    before: Score
    after: Score
    criteria: tuple[CriterionChange, ...]

    @property
    def dimensions(self) -> list[str]:
        return list(dict.fromkeys([*self.before.dimensions, *self.after.dimensions]))

    def change_in(self, dimension: str) -> float:
        """After minus before on one dimension (0 where either version lacks it)."""
        before, after = self.before.dimensions.get(dimension), self.after.dimensions.get(dimension)
        return round(after.score - before.score, 1) if before is not None and after is not None else 0.0

    @property
    def change(self) -> float:
        """After minus before, overall."""
        return round(self.after.overall - self.before.overall, 1)

    @property
    def changed(self) -> bool:
        """Whether any score moved (a criterion can change status without moving one: a score already at 100)."""
        return self.change != 0 or any(self.change_in(d) != 0 for d in self.dimensions)


@dataclass(frozen=True)
class Tuning:
    """The edit as checked (`rubric` is None when it has errors: then there are no results) and every answer."""

    rubric: Rubric | None
    diagnostics: list[Diagnostic]
    results: list[Retuned]

    @property
    def errors(self) -> int:
        return sum(d.severity.value == "error" for d in self.diagnostics)

    def mean_change(self, dimension: str) -> float:
        """The change on one dimension, averaged over every answer (what the class's average would do)."""
        return round(sum(r.change_in(dimension) for r in self.results) / len(self.results), 1) if self.results else 0.0

    def summary(self) -> str:
        """ "12 of 40 answers change; confidence mean +1.8", in plain words."""
        if self.rubric is None:
            return f"The rubric has {self.errors} error(s): fix them to see how it scores the answers."
        if not self.results:
            return "No answers to score: no scenario uses this rubric yet, and no class answers are loaded."
        moved = sum(r.changed for r in self.results)
        total = len(self.results)
        if not moved:
            return f"None of the {total} answers change."
        means = [(d, self.mean_change(d)) for d in self.rubric.dimensions]
        shown = ", ".join(f"{d} mean {m:+.1f}" for d, m in means if m)
        return f"{moved} of {total} answers change" + (f"; {shown}" if shown else "")


def example_answers(scenarios: Iterable[Scenario], rubric_id: str) -> list[Answer]:
    """Every example answer of every scenario scored with this rubric, at its turn."""
    return [
        Answer(example.answer, AnswerContext(scenario, turn), turn_id, f"example {number}")
        for scenario in scenarios
        if scenario.rubric.id == rubric_id
        for turn_id, turn in scenario.turns.items()
        for number, example in enumerate(turn.examples, start=1)
    ]


def class_answers(
    path: Path, library: Library, profile: Profile | None = None, limit: int = MAX_CLASS_ANSWERS
) -> tuple[list[Answer], list[str]]:
    """A class's answers from a CSV or JSONL file as `counteroffer score --batch` reads it (same columns, same
    checks), and what was wrong with the rows left out. BatchError when the file as a whole can't be read;
    OSError when it can't be opened."""
    answers: list[Answer] = []
    problems: list[str] = []
    for row in read_rows(path):
        if len(answers) >= limit:
            problems.append(f"only the first {limit:,} answers are used")
            break
        data = row_fields(row)
        try:
            text, context, turn_id = row_answer(data, lambda: library, profile)
        except ValueError as error:
            problems.append(f"row {row.number}: {error}")
            continue
        student = f" ({str(data['student'])[:60]})" if data.get("student") else ""
        answers.append(Answer(text, context, turn_id, f"{path.name} row {row.number}{student}"))
    return answers, problems


def score_answers(scorer: Scorer, answers: Iterable[Answer]) -> tuple[list[tuple[Answer, Score]], list[str]]:
    """Each answer with its score under `scorer` (the "before" of every edit), and the answers that can't be
    scored (too long, say), said plainly."""
    scored: list[tuple[Answer, Score]] = []
    problems: list[str] = []
    for answer in answers:
        try:
            scored.append((answer, scorer.score(answer.text, answer.context)))
        except ValueError as error:
            problems.append(f"{answer.source or 'an answer'}: {error}")
    return scored, problems


def with_rubric(scorer: Scorer, rubric: Rubric) -> Scorer:
    """The scorer with `rubric` in place of the one with its id: lexicons and learned weights unchanged."""
    return Scorer(scorer.lexicons, {**scorer.rubrics, rubric.id: rubric}, scorer.diagnostics, scorer.models)


def tune(text: str, name: str | Path, scorer: Scorer, scored: Sequence[tuple[Answer, Score]]) -> Tuning:
    """The rubric text as edited (`name`: its file, which gives the id it must have), checked as the loader checks
    a rubric file, and every scored answer scored again with it. No results while the text has errors."""
    rubric, diagnostics = rubric_from_text(text, name, scorer.detectors, scorer.models)
    if rubric is None:
        return Tuning(None, diagnostics, [])
    edited = with_rubric(scorer, rubric)
    results = []
    for answer, before in scored:
        after = edited.score(answer.text, answer.context)
        results.append(Retuned(answer, before, after, changed_criteria(before.criteria, after.criteria)))
    return Tuning(rubric, diagnostics, results)


def changed_criteria(
    before: Sequence[CriterionResult], after: Sequence[CriterionResult]
) -> tuple[CriterionChange, ...]:
    """The criteria whose status or points differ, matched by id (and by order among criteria sharing one: a
    turn's own criteria may reuse a rubric's id). A criterion only one side has counts when it applied there."""
    left, right = _by_id(before), _by_id(after)
    changes = []
    for key in dict.fromkeys([*left, *right]):
        old, new = left.get(key), right.get(key)
        status_before = old.status if old is not None else ABSENT
        status_after = new.status if new is not None else ABSENT
        points_before = old.points if old is not None else 0.0
        points_after = new.points if new is not None else 0.0
        if {status_before, status_after} <= {ABSENT, "not_applicable"} and not points_before and not points_after:
            continue
        if status_before != status_after or abs(points_after - points_before) > 1e-9:
            either = new or old
            assert either is not None  # the key came from one of them
            changes.append(
                CriterionChange(key[0], either.dimension, status_before, status_after, points_before, points_after)
            )
    return tuple(changes)


def _by_id(results: Sequence[CriterionResult]) -> dict[tuple[str, int], CriterionResult]:
    seen: dict[str, int] = {}
    keyed = {}
    for result in results:
        seen[result.id] = seen.get(result.id, -1) + 1
        keyed[(result.id, seen[result.id])] = result
    return keyed
