"""Which way the conversation goes: a turn's branch conditions judged from the same detections as the score."""

from __future__ import annotations

from .detection import Analysis
from .fields import NumberOrField
from .goodwill import GoodwillStep, first_step
from .levers import raised
from .profile import Profile
from .rubric import Goodwill
from .scenario import NumberTest, Route, Scenario, Turn, When
from .scoring import Score
from .tokens import tokenize

_FLAGS = ("named_number", "accepted", "asked_for_time", "asked_question", "mentioned_priority")


def resolve(ref: NumberOrField | None, scenario: Scenario, profile: Profile | None) -> float | None:
    """A number, or the value of a field such as offer.base or student.walk_away (None when unknown)."""
    if ref is None or isinstance(ref, (int, float)):
        return ref
    group, _, name = ref.partition(".")
    if group == "student":
        target, walk_away = profile.numbers_in(scenario.currency) if profile else (None, None)
        value = {"target": target, "walk_away": walk_away}.get(name)
    else:
        source = {"offer": scenario.offer, "market": scenario.market}.get(group)
        value = getattr(source, name, None) if source is not None else None
    return float(value) if isinstance(value, (int, float)) else None


def holds(
    when: When, score: Score, scenario: Scenario, profile: Profile | None = None, goodwill: int | None = None
) -> bool:
    """Whether every condition holds; `goodwill` is the recruiter's after this answer (None: a goodwill test
    fails, as it can't be known)."""
    analysis = score.analysis
    assert analysis is not None  # only a score read back from the history lacks one, and it is never routed
    for flag in _FLAGS:
        wanted = getattr(when, flag)
        if wanted is not None and analysis.has(flag) != wanted:
            return False
    if when.number is not None and not _number_matches(when.number, analysis, scenario, profile):
        return False
    if when.phrases is not None and not any(_contains(analysis.answer.words, p) for p in when.phrases):
        return False
    if when.asked_about is not None and not set(when.asked_about) & set(raised(analysis)):
        return False
    tests = [(score.dimensions[d].score if d in score.dimensions else None, t) for d, t in (when.score or {}).items()]
    if when.goodwill is not None:
        tests.append((goodwill, when.goodwill))
    return all(
        value is not None and (test.below is None or value < test.below) and (test.above is None or value > test.above)
        for value, test in tests
    )


def _number_matches(number: NumberTest, analysis: Analysis, scenario: Scenario, profile: Profile | None) -> bool:
    below = resolve(number.below, scenario, profile)
    above = resolve(number.above, scenario, profile)
    if (number.below is not None and below is None) or (number.above is not None and above is None):
        return False  # compares against a number this run doesn't know
    return any((below is None or a.yearly < below) and (above is None or a.yearly > above) for a in analysis.asks)


def _contains(words: list[str], phrase: str) -> bool:
    wanted = tokenize(phrase)
    n = len(wanted)
    return bool(n) and any(tuple(words[i : i + n]) == wanted for i in range(len(words) - n + 1))


def choose(
    turn: Turn, score: Score, scenario: Scenario, profile: Profile | None = None, goodwill: int | None = None
) -> tuple[int | None, Route]:
    """The first branch whose conditions hold (its index), or (None, otherwise)."""
    for index, branch in enumerate(turn.branches):
        if holds(branch.when, score, scenario, profile, goodwill):
            return index, branch
    return None, turn.otherwise


def choose_alone(
    turn: Turn,
    score: Score,
    scenario: Scenario,
    rules: Goodwill,
    profile: Profile | None = None,
    before: int | None = None,
) -> tuple[int | None, Route, GoodwillStep]:
    """Route one answer given on its own (an example, an answer scored from the terminal or in a batch): its
    goodwill starts where the rubric says, or at `before`."""
    moved = first_step(rules, score, before)
    index, route = choose(turn, score, scenario, profile, moved.after)
    return index, route, moved


def describe(route: Route) -> str:
    if route.goto:
        return f'goes to "{route.goto}"'
    assert route.end is not None  # Route._exactly_one: a route without a goto has an end
    return f'ends with "{route.end.outcome}"'
