"""Scores and debriefs as text for the terminal: dimension bars, the answer with evidence highlighted, tips."""

from __future__ import annotations

from ..core.delivery import Delivery
from ..core.evidence import segments
from ..core.scoring import CriterionResult, Score
from ..core.session import Summary
from .wording import delivery_words, outcome_words, plural

_RESET, _GREEN, _RED, _BOLD = "\033[0m", "\033[32m", "\033[31m", "\033[1m"
# Control characters (ESC sequences, carriage returns, bells, C1 codes such as CSI) and bidirectional overrides
# would let an answer or a title repaint the terminal; they are shown as visible escapes instead.
_UNPRINTABLE = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    if chr(code) not in "\n\t"
}


def printable(text: str) -> str:
    """Text safe to print in a terminal: control characters become visible escapes (\\x1b, \\r, \\x07 …);
    newlines and tabs stay."""
    return text.translate(_UNPRINTABLE)


def bar(score: float, width: int = 20) -> str:
    filled = round(score / 100 * width)
    return "█" * filled + "░" * (width - filled)


def _terminal_piece(word: str, result: CriterionResult | None, colour: bool) -> str:
    word = printable(word)
    if result is None:
        return word
    good = result.status == "met"
    if colour:
        return f"{_GREEN if good else _RED}{_BOLD}{word}{_RESET}"
    return f"[{'+' if good else '-'}{word}]"


def highlight(text: str, score: Score, colour: bool) -> str:
    """The answer with rewarded words in green and costly words in red (or [+…] / [-…] without colour)."""
    return "".join(_terminal_piece(word, result, colour) for word, result in segments(text, score.criteria))


def _line(result: CriterionResult, colour: bool) -> list[str]:
    sign = {"met": "+", "triggered": "−", "missed": "○"}[result.status]
    points = f"{result.points:+g}" if result.points else f"worth {result.possible:+g}"
    quoted = ", ".join(f'"{printable(e.text)}"' for e in result.evidence[:4])
    head = f"  {sign} {printable(result.label)} ({points})" + (f"  {quoted}" if quoted else "")
    if colour:
        head = f"{_GREEN if result.status == 'met' else _RED if result.status == 'triggered' else ''}{head}{_RESET}"
    lines = [head]
    if result.status != "met":
        lines.append(f"      Tip: {printable(result.tip)}")
    return lines


def text_report(
    text: str, score: Score, *, colour: bool = False, route: str | None = None, delivery: Delivery | None = None
) -> str:
    """Every point explained: each dimension, the highlighted answer (and, spoken, how it was delivered), what
    worked and what to work on."""
    lines = []
    for dim in score.dimensions.values():
        lines.append(f"{printable(dim.label):<12}{dim.score:>5.0f}  {bar(dim.score)}  (started at {dim.base:g})")
    lines.append(f"{'Overall':<12}{score.overall:>5.0f}")
    lines += [
        "",
        "Your answer (highlighted: "
        + ("green earned points, red cost points" if colour else "[+earned points] [-cost points]")
        + "):",
        "  " + highlight(text, score, colour),
        *(["  " + printable(delivery_words(delivery))] if delivery is not None else []),
        "",
    ]
    worked = [r for r in score.criteria if r.status == "met"]
    costly = [r for r in score.criteria if r.status == "triggered"]
    missed = [r for r in score.criteria if r.status == "missed"]
    if worked:
        lines.append("What worked:")
        lines += [line for r in worked for line in _line(r, colour)]
    if costly or missed:
        lines.append("What to work on:")
        lines += [line for r in costly + missed for line in _line(r, colour)]
    notes = score.analysis.notes if score.analysis else []
    if notes:
        lines += ["", *(f"Note: {printable(note)}" for note in notes)]
    if route:
        lines += ["", printable(route)]
    return "\n".join(lines)


def debrief_text(summary: Summary) -> str:
    """The end of a rehearsal in the terminal: how it ended and the average of each dimension."""
    lines = [
        "",
        "== Debrief ==",
        f"Outcome: {outcome_words(summary.outcome, 'stopped before the end')}  ({plural(summary.turns, 'answer')})",
    ]
    lines += [f"  {printable(key.capitalize()):<12}{value:>5.0f}" for key, value in summary.average.items()]
    return "\n".join(printable(line) for line in lines)
