"""`{offer.base}`-style placeholders in recruiter lines: which exist, and filling them in."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .fields import PLACEHOLDER
from .scenario import Offer, Scenario

STUDENT_PLACEHOLDERS = ("student.name", "student.priority_1", "student.priority_2", "student.priority_3")
MONEY_FIELDS = frozenset({"base", "bonus", "signing_bonus", "relocation", "learning_budget"})
# Numbers a branch may compare an answer against (`number: {below: offer.base}`).
NUMBER_FIELDS = tuple(f"offer.{f}" for f in sorted(MONEY_FIELDS)) + (
    "market.low",
    "market.mid",
    "market.high",
    "student.target",
    "student.walk_away",
)
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$", "INR": "₹", "JPY": "¥"}


def scenario_names() -> tuple[str, ...]:
    """Every placeholder a scenario may use (its offer fields must also be set)."""
    return (
        "company",
        "role",
        "currency",
        "recruiter.name",
        "recruiter.title",
        "market.low",
        "market.mid",
        "market.high",
        *(f"offer.{name}" for name in Offer.model_fields),
        *STUDENT_PLACEHOLDERS,
    )


def format_money(amount: float, currency: str) -> str:
    number = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


def scenario_values(scenario: Scenario) -> dict[str, str]:
    values = {
        "company": scenario.company,
        "role": scenario.role,
        "currency": scenario.currency,
        "recruiter.name": scenario.recruiter.name,
        "recruiter.title": scenario.recruiter.title,
    }
    for name in ("low", "mid", "high"):
        amount = getattr(scenario.market, name)
        if amount is not None:
            values[f"market.{name}"] = format_money(amount, scenario.currency)
    for name, value in scenario.offer.model_dump(exclude_none=True).items():
        if name in MONEY_FIELDS:
            value = format_money(value, scenario.currency)
        elif isinstance(value, list):
            value = ", ".join(value)
        elif hasattr(value, "strftime"):
            value = f"{value:%A %-d %B %Y}"
        values[f"offer.{name}"] = str(value)
    return values


def fill(text: str, values: Mapping[str, Any]) -> str:
    """Fill placeholders; an unknown one stays visible as written rather than vanishing."""

    def one(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group(0)[0]
        name = match.group(1).strip()
        return str(values[name]) if name in values else match.group(0)

    return PLACEHOLDER.sub(one, text)


def offer_summary(scenario: Scenario) -> str:
    """The offer in one line, e.g. "$76,000 base · $3,000 bonus · 18 days off", or "" when nothing is offered."""
    offer = scenario.offer

    def money(amount: float) -> str:
        return format_money(amount, scenario.currency)

    parts = [
        f"{money(offer.base)} base" if offer.base is not None else "",
        f"{money(offer.bonus)} bonus" if offer.bonus is not None else "",
        f"{money(offer.signing_bonus)} signing bonus" if offer.signing_bonus is not None else "",
        f"equity: {offer.equity}" if offer.equity else "",
        f"{offer.pto_days} days off" if offer.pto_days is not None else "",
        f"starts {offer.start_date}" if offer.start_date else "",
    ]
    return " · ".join(p for p in parts if p)
