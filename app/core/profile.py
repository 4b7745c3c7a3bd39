"""The student's Flower Exercise profile: petals, top three priorities, and private target numbers."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Field, ValidationInfo, field_validator

from .diagnostics import Diagnostic
from .fields import Money, Strict, Text
from .model_validation import load_and_validate

PETALS = {
    "interests": "Fields of interest",
    "people": "Favourite people to work with",
    "skills": "Transferable skills",
    "conditions": "Working conditions",
    "pay": "Pay and responsibility",
    "place": "Place to live",
    "values": "Values, goals and purpose",
}


Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class Priority(Strict):
    label: Text
    why: str = ""
    keywords: list[Text] = Field([], description="Words that count as mentioning this priority.")

    @property
    def phrases(self) -> list[str]:
        return [self.label, *self.keywords]


class Profile(Strict):
    name: str = ""
    petals: dict[str, list[Text]] = {}
    priorities: Annotated[list[Priority], Field(max_length=3)] = []
    target: Money | None = Field(None, description="The pay you are aiming for (private).")
    walk_away: Money | None = Field(None, description="The lowest pay you would accept (private).")
    currency: Currency = Field(
        "USD",
        description="The currency of target and walk-away; they're compared with amounts in it, or in a "
        "currency you give a rate for.",
    )
    rates: dict[Currency, Annotated[float, Field(gt=0, lt=1_000_000)]] = Field(
        {},
        description="Your own conversion, so your numbers count in scenarios in other currencies: how much one "
        "unit of `currency` is worth in each, e.g. {GBP: 0.79} for 1 USD = 0.79 GBP.",
    )

    def numbers_in(self, currency: str | None) -> tuple[float | None, float | None]:
        """(target, walk_away) in `currency` (None: as written): converted at the student's own rate, or
        (None, None) when they can't be compared (see comparison_note)."""
        if currency is None or currency == self.currency:
            return self.target, self.walk_away
        rate = self.rates.get(currency)
        if rate is None:
            return None, None
        return tuple(None if n is None else round(n * rate, 2) for n in (self.target, self.walk_away))  # type: ignore[return-value]

    def comparison_note(self, currency: str | None) -> str | None:
        """Why the student's numbers aren't compared with this scenario's, when they aren't; None when they are
        (or there are none)."""
        if (self.target is None and self.walk_away is None) or currency is None or currency == self.currency:
            return None
        if currency in self.rates:
            return None
        return (
            f"Your target and walk-away are in {self.currency} and this scenario is in {currency}, so they aren't "
            f"compared — add a rate (1 {self.currency} = how many {currency}) under Your numbers to use them here."
        )

    @field_validator("walk_away")
    @classmethod
    def _walk_away_not_above_target(cls, walk_away: float | None, info: ValidationInfo) -> float | None:
        target = info.data.get("target")
        if walk_away is not None and target is not None and walk_away > target:
            raise ValueError(
                f"the walk-away number ({walk_away:,.0f}) is above the target ({target:,.0f}) "
                "— lower walk_away or raise target: walk-away is the least you would accept"
            )
        return walk_away

    @field_validator("petals")
    @classmethod
    def _known_petals(cls, petals: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = set(petals) - set(PETALS)
        if unknown:
            raise ValueError(f"unknown petal(s) {', '.join(sorted(unknown))} — petals are: {', '.join(PETALS)}")
        return petals


class ProfileError(Exception):
    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(map(str, diagnostics)))
        self.diagnostics = diagnostics


def load_profile(path: str | Path) -> Profile:
    """Read a profile YAML file; raises ProfileError with file:line:col diagnostics."""
    profile, diagnostics, _doc = load_and_validate(path, Profile, what="profile file")
    if profile is None:
        raise ProfileError(diagnostics)
    return profile


def profile_yaml(profile: Profile) -> str:
    data = profile.model_dump(exclude_defaults=True)
    header = "# Counteroffer Flower Exercise profile. Target and walk-away are private to you.\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def save_profile(profile: Profile, path: str | Path) -> None:
    """Write the profile so that a crash mid-write never leaves a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(profile_yaml(profile), encoding="utf-8")
    os.replace(temporary, path)
