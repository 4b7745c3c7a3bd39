"""A branch's condition in plain words, for people: the recruiter-player's script ("If they name a number above
£34,500") and the authoring studio's turn graph. Numbers given as fields (offer.base, student.target) are filled in
from the scenario and the profile when known."""

from __future__ import annotations

from collections.abc import Sequence

from .branching import resolve
from .fields import NumberOrField
from .levers import NAMES
from .placeholders import format_money
from .profile import Profile
from .scenario import Branch, NumberTest, Route, Scenario, ScoreTest, When

OTHERWISE = "otherwise"

_FLAG_WORDS = {  # flag -> (words when it must hold, words when it must not)
    "named_number": ("name a number", "don't name a number"),
    "accepted": ("accept", "don't accept"),
    "asked_for_time": ("ask for time to think", "don't ask for time"),
    "asked_question": ("ask a question", "don't ask a question"),
    "mentioned_priority": ("bring up one of their priorities", "don't bring up their priorities"),
}
_FIELD_WORDS = {
    "offer.base": "the offer",
    "offer.bonus": "the offered bonus",
    "offer.signing_bonus": "the offered signing bonus",
    "market.low": "the bottom of the market range",
    "market.mid": "the middle of the market range",
    "market.high": "the top of the market range",
    "student.target": "their target",
    "student.walk_away": "their walk-away",
}


def amount_words(ref: NumberOrField, scenario: Scenario, profile: Profile | None = None) -> str:
    """£34,500, or "the offer (£30,500)", or "their target" when the profile doesn't say."""
    value = resolve(ref, scenario, profile)
    shown = format_money(value, scenario.currency) if value is not None else None
    if isinstance(ref, str):
        name = _FIELD_WORDS.get(ref, ref)
        return f"{name} ({shown})" if shown else name
    return shown or str(ref)


def _number_words(test: NumberTest, scenario: Scenario, profile: Profile | None) -> str:
    parts = []
    if test.above is not None:
        parts.append(f"above {amount_words(test.above, scenario, profile)}")
    if test.below is not None:
        parts.append(f"below {amount_words(test.below, scenario, profile)}")
    return "name a number " + " and ".join(parts)


def _range_words(test: ScoreTest) -> str:
    if test.above is not None and test.below is not None:
        return f"between {test.above:g} and {test.below:g}"
    return f"above {test.above:g}" if test.above is not None else f"below {test.below:g}"


def when_words(when: When, scenario: Scenario, profile: Profile | None = None) -> str:
    """ "name a number above £34,500 and ask a question" (what the candidate does), without "If they"."""
    parts: list[str] = []
    for flag, (yes, no) in _FLAG_WORDS.items():
        wanted = getattr(when, flag)
        if flag == "named_number" and wanted and when.number is not None:
            continue  # said by the number's own words
        if wanted is not None:
            parts.append(yes if wanted else no)
    if when.number is not None:
        parts.append(_number_words(when.number, scenario, profile))
    if when.phrases:
        parts.append("say " + " or ".join(f"“{p}”" for p in when.phrases))
    if when.asked_about:
        parts.append("ask about " + " or ".join(NAMES.get(lever, lever) for lever in when.asked_about))
    for dimension, test in (when.score or {}).items():
        parts.append(f"score {_range_words(test)} on {dimension}")
    if when.goodwill is not None:
        parts.append(f"leave you with goodwill {_range_words(when.goodwill)}")
    return " and ".join(parts)


def route_words(route: Route) -> str:
    """Where a route leads: the turn's id, or "the call ends (raised_offer)"."""
    if route.goto is not None:
        return route.goto
    assert route.end is not None  # a route has a goto or an end
    return f"the call ends ({route.end.outcome.replace('_', ' ')})"


def branch_sentence(branch: Branch, scenario: Scenario, profile: Profile | None = None) -> str:
    """ "If they name a number above £34,500" (the arrow and the line are the caller's to add)."""
    return f"If they {when_words(branch.when, scenario, profile)}"


def taken_words(branch: int | None, whens: Sequence[str]) -> str:
    """Which way an answer went: "branch 2: name a number above …" (`whens`: each branch's condition in words),
    or "otherwise"."""
    return OTHERWISE if branch is None else f"branch {branch + 1}: {whens[branch]}"
