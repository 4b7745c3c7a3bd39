"""A score as text for the terminal: dimension bars, the answer with evidence highlighted, tips."""
from __future__ import annotations

from typing import Optional

from .scoring import CriterionResult, Score

_RESET, _GREEN, _RED, _BOLD, _DIM = "\033[0m", "\033[32m", "\033[31m", "\033[1m", "\033[2m"


def bar(score: float, width: int = 20) -> str:
    filled = round(score / 100 * width)
    return "█" * filled + "░" * (width - filled)


Segment = tuple[str, Optional[CriterionResult]]


def marks(criteria: list[CriterionResult]) -> list[tuple[int, int, CriterionResult]]:
    """Non-overlapping evidence spans in text order, each with the criterion it counted for.
    Where a reward and a penalty share words, the penalty shows: it is the thing to fix."""
    spans: list[tuple[int, int, CriterionResult]] = []
    ordered = sorted((r for r in criteria if r.status in ("met", "triggered")),
                     key=lambda r: r.status != "triggered")
    for result in ordered:
        for e in result.evidence:
            if e.end > e.start and all(not (s < e.end and e.start < end) for s, end, _ in spans):
                spans.append((e.start, e.end, result))
    return sorted(spans, key=lambda span: span[0])


def segments(text: str, criteria: list[CriterionResult]) -> list[Segment]:
    """The answer cut into plain pieces and evidence pieces (with the criterion each counted for), in order."""
    pieces: list[Segment] = []
    position = 0
    for start, end, result in marks(criteria):
        pieces += [(text[position:start], None), (text[start:end], result)]
        position = end
    pieces.append((text[position:], None))
    return [piece for piece in pieces if piece[0]]


def _terminal_piece(word: str, result: Optional[CriterionResult], colour: bool) -> str:
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
    quoted = ", ".join(f'"{e.text}"' for e in result.evidence[:4])
    head = f"  {sign} {result.label} ({points})" + (f"  {quoted}" if quoted else "")
    if colour:
        head = f"{_GREEN if result.status == 'met' else _RED if result.status == 'triggered' else ''}{head}{_RESET}"
    lines = [head]
    if result.status != "met":
        lines.append(f"      Tip: {result.tip}")
    return lines


def text_report(text: str, score: Score, *, colour: bool = False, route: Optional[str] = None) -> str:
    lines = []
    for dim in score.dimensions.values():
        lines.append(f"{dim.label:<12}{dim.score:>5.0f}  {bar(dim.score)}  (started at {dim.base:g})")
    lines.append(f"{'Overall':<12}{score.overall:>5.0f}")
    lines += ["", "Your answer (highlighted: " + ("green earned points, red cost points" if colour
                                                  else "[+earned points] [-cost points]") + "):",
              "  " + highlight(text, score, colour), ""]
    worked = [r for r in score.criteria if r.status == "met"]
    costly = [r for r in score.criteria if r.status == "triggered"]
    missed = [r for r in score.criteria if r.status == "missed"]
    if worked:
        lines.append("What worked:")
        lines += [line for r in worked for line in _line(r, colour)]
    if costly or missed:
        lines.append("What to work on:")
        lines += [line for r in costly + missed for line in _line(r, colour)]
    if route:
        lines += ["", route]
    return "\n".join(lines)
