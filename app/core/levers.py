"""Which parts of the package an answer raises (remote days, a review date, a learning budget, ...).

The `levers` lexicon finds the words; this sorts each hit into the lever it is about, so the recruiter can
answer that lever and branches can test for it (`asked_about: [remote]`).
"""

from __future__ import annotations

from .detection import Analysis

# Words in a `levers` hit that say which lever it is, checked in this order (a "signing bonus" is not a bonus).
_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("signing_bonus", ("signing", "sign-on", "sign on", "joining")),
    ("review", ("review",)),
    ("learning", ("learning", "training", "education", "conference", "certification", "course", "mentor")),
    ("remote", ("remote", "from home", "hybrid", "home office", "four-day")),
    ("relocation", ("relocat", "moving")),
    ("start_date", ("start",)),
    ("title", ("title",)),
    ("pto", ("pto", "paid time off", "vacation", "holiday", "days off", "extra week")),
    ("equity", ("equity", "option", "share", "rsu")),
    ("bonus", ("bonus",)),
)
NAMES = {
    "remote": "working from home",
    "review": "a pay review",
    "learning": "learning and mentoring",
    "start_date": "the start date",
    "signing_bonus": "a signing bonus",
    "relocation": "relocation",
    "title": "the job title",
    "pto": "time off",
    "equity": "equity",
    "bonus": "the bonus",
}


def kind(text: str) -> str | None:
    lowered = text.lower()
    return next((name for name, words in _KINDS if any(w in lowered for w in words)), None)


def raised(analysis: Analysis) -> list[str]:
    """The levers an answer raises, in the order it raises them, each once."""
    found: list[str] = []
    for evidence in sorted(analysis.evidence("levers"), key=lambda e: e.start):
        name = kind(evidence.text)
        if name is not None and name not in found:
            found.append(name)
    return found


def default_reply(lever: str) -> str:
    """What a recruiter says about a lever the scenario gives no answer for: honest, and never a dead end."""
    return (
        f"On {NAMES.get(lever, lever.replace('_', ' '))}, let me check what's possible and put it in writing for you."
    )
