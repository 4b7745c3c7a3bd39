"""Problems found in authored files, reported as `path:line:col: severity: message`."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, replace
from enum import Enum
from typing import Any


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int  # 1-based
    col: int  # 1-based
    severity: Severity
    message: str  # "what is wrong — how to fix it"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity.value}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


class _Suggestions:
    """What did_you_mean was asked while one file is checked: the unknown names, each with the names it was
    compared with, and each suggestion made, so that one made before its name turned out to be unknown can be
    taken back."""

    def __init__(self) -> None:
        self.unknown: dict[str, list[frozenset[str]]] = {}  # an unknown name -> the names it was compared with
        self.made: list[tuple[str, tuple[str, ...], str | None]] = []  # (word, candidates, what was suggested)

    def add(self, word: str, compared: Iterable[str]) -> None:
        self.unknown.setdefault(word, []).append(frozenset(compared))

    def known_bad(self, word: str, candidates: Iterable[str]) -> set[str]:
        """Names among the candidates for `word` that were themselves reported missing from a list of the same kind
        of thing: one that holds every other candidate (or, when there is no other, `word` itself). So a route's
        goto to a missing turn is never suggested where a route is expected, while a turn that is merely not one
        of this turn's routes is still suggested where a turn is expected."""
        names = set(candidates)
        bad = set()
        for name in names & self.unknown.keys():  # few: candidates are mostly valid names
            others = names - {name}
            if any(others <= compared if others else word in compared for compared in self.unknown[name]):
                bad.add(name)
        return bad


_suggestions: ContextVar[_Suggestions | None] = ContextVar("suggestions", default=None)


def did_you_mean(word: str, choices: Iterable[str], *, invalid: Iterable[str] = ()) -> str:
    """' (did you mean "x"?)' for the closest valid choice, or '' when nothing is close.

    Only valid names are suggested: never the word itself, nor a name in `invalid`, nor (while a file is checked
    inside `checked_suggestions`) a name of the same kind already reported as unknown in that file."""
    word = str(word)
    candidates = tuple(sorted({str(c) for c in choices} - {word} - {str(n) for n in invalid}))
    ledger = _suggestions.get()
    if ledger is None:
        return _hint(_closest(word, candidates))
    ledger.add(word, candidates)
    bad = ledger.known_bad(word, candidates)
    suggestion = _closest(word, [c for c in candidates if c not in bad])
    ledger.made.append((word, candidates, suggestion))
    return _hint(suggestion)


def _closest(word: str, candidates: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def _hint(suggestion: str | None) -> str:
    return f' (did you mean "{suggestion}"?)' if suggestion is not None else ""


@contextmanager
def checked_suggestions() -> Iterator[Callable[[list[Diagnostic]], list[Diagnostic]]]:
    """The checks of one file run inside this. The function it gives takes back, from their diagnostics, any
    suggestion of a name that the same checks reported as unknown later on (offering the next best, if any)."""
    ledger = _Suggestions()
    token = _suggestions.set(ledger)
    try:
        yield lambda diagnostics: _take_back(ledger, diagnostics)
    finally:
        _suggestions.reset(token)


def _take_back(ledger: _Suggestions, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    fixes = []
    for word, candidates, suggestion in ledger.made:
        bad = ledger.known_bad(word, candidates)
        if suggestion is not None and suggestion in bad:
            fixes.append((word, _hint(suggestion), _hint(_closest(word, [c for c in candidates if c not in bad]))))
    if not fixes:
        return diagnostics
    fixed = []
    for diagnostic in diagnostics:
        message = diagnostic.message
        for word, hint, better in fixes:
            if hint in message and word in message.replace(hint, ""):
                message = message.replace(hint, better, 1)
        fixed.append(diagnostic if message == diagnostic.message else replace(diagnostic, message=message))
    return fixed


def summary_line(diagnostics: list[Diagnostic], files: int) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    bad_files = len({d.path for d in diagnostics if d.severity is Severity.ERROR})
    return (
        f"{files} file{'s' * (files != 1)} checked: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        + (f" in {bad_files} file{'s' * (bad_files != 1)}" if bad_files else "")
    )
