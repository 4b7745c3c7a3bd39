"""The scenario format, version 1: the data model authors write in YAML.

The pydantic models check shapes and types (and give us the JSON Schema);
app.core.scenario_rules adds the rules that span fields: routes, placeholders, loops.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Final, Literal, Optional, Union  # noqa: F401

from pydantic import Field, model_validator

from .fields import Money, NumberOrField, Slug, Strict, Text
from .rubric import Criterion

FORMAT_VERSION: Final = 1
DIMENSIONS = ("confidence", "respect", "value")


class Market(Strict):
    """What the role pays in this market, in the scenario's currency per year."""

    low: Money
    mid: Money | None = None
    high: Money

    @model_validator(mode="after")
    def _ordered(self) -> Market:
        numbers = [n for n in (self.low, self.mid, self.high) if n is not None]
        if numbers != sorted(numbers):
            raise ValueError("market numbers must go up: low ≤ mid ≤ high")
        return self


class Offer(Strict):
    """The offer on the table. Every part is optional."""

    base: Money | None = Field(None, description="Yearly base salary.")
    bonus: Money | None = Field(None, description="Yearly target bonus.")
    signing_bonus: Money | None = None
    equity: Text | None = Field(None, description='Equity in words, e.g. "4,000 options over 4 years".')
    pto_days: Annotated[int, Field(ge=0, le=366)] | None = None
    benefits: list[Text] = []
    start_date: dt.date | Text | None = None
    title: Text | None = None
    location: Text | None = None
    remote: Text | None = None
    relocation: Money | None = None
    learning_budget: Money | None = None
    deadline: Text | None = Field(None, description='When they want an answer, e.g. "Friday at 5pm".')


class Voice(Strict):
    """Hints for choosing a text-to-speech voice for the recruiter."""

    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")] = "en-us"
    gender: Literal["female", "male", "any"] = "any"
    rate: Annotated[int, Field(ge=80, le=400)] | None = Field(None, description="Words per minute.")


class Recruiter(Strict):
    name: Text
    title: Text
    persona: Text = Field(description="How this recruiter comes across, for voice and for a classmate playing them.")
    voice: Voice = Voice()


class RubricChoice(Strict):
    """Which rubric scores the answers, with optional per-dimension weight overrides."""

    id: Slug = "default"
    weights: dict[str, Annotated[float, Field(ge=0, le=10)]] = {}


class AnswerTime(Strict):
    """The target window for an answer, in seconds."""

    min: Annotated[float, Field(ge=0)]
    max: Annotated[float, Field(gt=0)]

    @model_validator(mode="after")
    def _ordered(self) -> AnswerTime:
        if self.min >= self.max:
            raise ValueError("answer_time min must be smaller than max")
        return self


Lever = Literal[
    "remote", "review", "learning", "start_date", "signing_bonus", "relocation", "title", "pto", "equity", "bonus"
]
LEVERS: tuple[str, ...] = Lever.__args__  # type: ignore[attr-defined]


class NumberTest(Strict):
    """True when the answer names a number below and/or above these limits."""

    below: NumberOrField | None = None
    above: NumberOrField | None = None


class ScoreTest(Strict):
    below: Annotated[float, Field(ge=0, le=100)] | None = None
    above: Annotated[float, Field(ge=0, le=100)] | None = None


class When(Strict):
    """Conditions on what the answer did. All listed conditions must hold."""

    STAND_IN: ClassVar[dict[str, Any]] = {"named_number": True}  # a valid value, used when reporting errors

    named_number: bool | None = None
    number: NumberTest | None = None
    accepted: bool | None = None
    asked_for_time: bool | None = None
    asked_question: bool | None = None
    mentioned_priority: bool | None = None
    phrases: list[Text] | None = Field(None, description="True when any of these phrases appears (any case).")
    score: dict[str, ScoreTest] | None = Field(None, description="Dimension scores, e.g. {respect: {below: 40}}.")
    goodwill: ScoreTest | None = Field(
        None, description="The recruiter's goodwill (0-100) after this answer, e.g. {below: 40}."
    )
    asked_about: list[Lever] | None = Field(
        None, description="True when the answer raises any of these parts of the package, e.g. [remote, review]."
    )

    @model_validator(mode="after")
    def _not_empty(self) -> When:
        if not self.model_fields_set:
            raise ValueError("`when` needs at least one condition")
        return self


# A line said colder or warmer by the recruiter's goodwill (below 40 / above 70); `say` otherwise.
Cold = Field(None, description="Said instead of `say` when the recruiter's goodwill is below 40.")
Warm = Field(None, description="Said instead of `say` when the recruiter's goodwill is above 70.")


class Ending(Strict):
    outcome: Slug = Field(description="A name for how it ended, e.g. raised_offer or signed_below_target.")
    say: Text = Field(description="The recruiter's closing line.")
    cold: Text | None = Cold
    warm: Text | None = Warm


class Route(Strict):
    """Where the conversation goes: to another turn, or to an ending."""

    # a valid value, used when reporting errors
    STAND_IN: ClassVar[dict[str, Any]] = {"end": {"outcome": "x", "say": "x"}}

    goto: Slug | None = None
    end: Ending | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Route:
        if (self.goto is None) == (self.end is None):
            raise ValueError("give exactly one of `goto: <turn id>` or `end: {outcome, say}`")
        return self

    @property
    def target(self) -> str:
        if self.goto is not None:
            return self.goto
        assert self.end is not None  # _exactly_one: a route without a goto has an end
        return f"end:{self.end.outcome}"


class Branch(Route):
    STAND_IN: ClassVar[dict[str, Any]] = {"when": When.STAND_IN, **Route.STAND_IN}

    when: When


class Bounds(Strict):
    min: Annotated[float, Field(ge=0, le=100)] = 0
    max: Annotated[float, Field(ge=0, le=100)] = 100


class Expectation(Strict):
    """What an example answer should lead to: a turn or an ending, and score bounds."""

    goto: Slug | None = None
    end: Slug | None = Field(None, description="The expected outcome name.")
    scores: dict[str, Bounds] = {}


class Example(Strict):
    answer: Text
    expect: Expectation
    note: Text | None = None
    goodwill: Annotated[int, Field(ge=0, le=100)] | None = Field(
        None, description="The recruiter's goodwill before this answer (default: the rubric's start, 60)."
    )


class Turn(Strict):
    say: Text = Field(description="The recruiter's line. Placeholders like {offer.base} are filled in.")
    cold: Text | None = Cold
    warm: Text | None = Warm
    again: list[Text] = Field(
        [],
        description="Said instead when the call comes back to this turn, in order: the recruiter never repeats "
        "a line word for word.",
    )
    conceded: bool = Field(
        False, description="The recruiter has just moved for the student: naming a number again here costs goodwill."
    )
    direction: Text | None = Field(None, description="Stage direction for a classmate playing the recruiter.")
    coaching: Text | None = Field(None, description="Shown after the answer: what a strong answer does.")
    answer_time: AnswerTime | None = None
    fair_to_accept: bool = Field(
        False,
        description="The recruiter has met the student's ask here: saying yes is a good close, not taking "
        "the first offer on the spot.",
    )
    criteria: list[Criterion] = Field([], description="Scoring criteria for this turn only, as in a rubric.")
    branches: list[Branch] = []
    otherwise: Route = Field(description="Where to go when no branch matches.")
    examples: list[Example] = []

    def routes(self) -> list[Route]:
        return [*self.branches, self.otherwise]


class Scenario(Strict):
    format: Literal[1] = FORMAT_VERSION
    id: Slug
    title: Text
    summary: Text = Field(description="One line shown in the library.")
    difficulty: Annotated[int, Field(ge=1, le=3)]
    tags: list[Slug] = []
    learning_goals: list[Text] = []
    role: Text
    company: Text
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "USD"
    market: Market
    offer: Offer = Offer()
    recruiter: Recruiter
    rubric: RubricChoice = RubricChoice()
    levers: dict[Lever, Text] = Field(
        {},
        description="The recruiter's answer when the student raises a part of the package (remote, review, "
        "learning, start_date, signing_bonus, ...). Said before their next line.",
    )
    start: Slug | None = Field(None, description="The first turn; defaults to the first one listed.")
    turns: Annotated[dict[str, Turn], Field(min_length=1)]

    @model_validator(mode="before")
    @classmethod
    def _rubric_shorthand(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("rubric"), str):
            data = {**data, "rubric": {"id": data["rubric"]}}
        return data

    @property
    def start_turn(self) -> str:
        return self.start or next(iter(self.turns))
