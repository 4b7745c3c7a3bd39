"""What each amount in an answer is for: the student's own ask, a figure they cite as evidence, the offer
restated, or their current pay. Branches and value criteria react to the ask, not to the largest number.

The role comes from the nearest cue before the amount in its sentence ("market data puts it between …"
→ cited; "so I'd like …" → ask). An amount with no cue is an ask: "85k." answers the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .numbers import Amount

Role = Literal["ask", "cited", "offer", "current_pay"]

_CUES: tuple[tuple[Role, str], ...] = (
    (
        "cited",
        r"market|data|glassdoor|levels\.?fyi|payscale|survey|average|median|typical(?:ly)?|industry|"
        r"peers?|others|other (?:offer|company|companies)|another (?:offer|company)|offered me|they(?:'re| are) "
        r"(?:paying|offering)|pays|people (?:in|with|at)|range (?:is|was|for)|research|reports?|saw|seen",
    ),
    (
        "offer",
        r"your offer|you offered|you(?:'re| are) offering|the offer of|the offer at|offer of|on the table|"
        r"you said|you mentioned|the base of",
    ),
    (
        "current_pay",
        r"currently|current (?:salary|pay|job|role)|i(?:'m| am) (?:making|earning|on)|i make|i earn|"
        r"right now i|at the moment i|my (?:salary|pay) (?:is|was)",
    ),
    (
        "ask",
        r"i'?d like|i would like|looking for|hoping for|hope for|aim(?:ing)? for|asking for|ask for|i ask|"
        r"expect(?:ing)?|i want|want to be at|could (?:we|you)|can (?:we|you)|would (?:we|you)|how about|what about|"
        r"meet (?:at|in)|settle|my (?:number|ask|target) (?:is|would be)|i(?:'m| am) at|i need|comfortable (?:at|with)|"
        r"counter(?: with| at)?|propose|come up to|move to|get (?:to|there)",
    ),
)
_CUE = re.compile(
    "|".join(f"(?P<{role}{i}>\\b(?:{pattern}))" for i, (role, pattern) in enumerate(_CUES)), re.IGNORECASE
)
_SENTENCE_BREAK = re.compile(r"[.!?;]\s|\n")
_CUE_REACH = 300  # characters before a figure searched for its cue
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|to|and)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class RoledAmount:
    amount: Amount
    role: Role
    range_high: bool = False  # the upper end of a range: an ask counts its low end
    cued: bool = False  # the role came from words before it ("I'd like …"), not from a bare figure


def _role_before(text: str, start: int) -> Role | None:
    """The role named by the last cue between the start of the amount's sentence and the amount."""
    lo = max(0, start - _CUE_REACH)  # a cue is near its figure: looking further back made long answers quadratic
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text, lo, start)]
    window = text[breaks[-1] if breaks else lo : start]
    role: Role | None = None
    for match in _CUE.finditer(window):
        name = match.lastgroup or ""
        role = next(r for r, _ in _CUES if name.startswith(r) and name[len(r) :].isdigit())
    return role


def assign_roles(text: str, amounts: list[Amount]) -> list[RoledAmount]:
    """Each amount with its role; the two ends of a range share the role of the first."""
    roled: list[RoledAmount] = []
    for amount in amounts:
        previous = roled[-1] if roled else None
        if previous is not None and _RANGE_JOIN.match(text[previous.amount.end : amount.start]):
            roled.append(RoledAmount(amount, previous.role, range_high=True, cued=previous.cued))
            continue
        role = _role_before(text, amount.start)
        roled.append(RoledAmount(amount, role or "ask", cued=role is not None))
    return roled


def asks(roled: list[RoledAmount]) -> list[Amount]:
    """The student's own asks (a range counts its low end). With no ask but cited figures, those figures stand
    for what the student expects; a restated offer or current pay is never an ask."""
    own = [r.amount for r in roled if r.role == "ask" and not r.range_high]
    if own:
        return own
    return [r.amount for r in roled if r.role == "cited" and not r.range_high]


def range_asks(roled: list[RoledAmount]) -> list[tuple[Amount, Amount]]:
    """Asks given as a range ("80 to 90k"), low and high end: the other side hears the low end."""
    return [
        (r.amount, roled[i + 1].amount)
        for i, r in enumerate(roled)
        if r.role == "ask" and not r.range_high and i + 1 < len(roled) and roled[i + 1].range_high
    ]
