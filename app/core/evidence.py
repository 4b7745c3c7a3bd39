"""Which words of an answer to highlight: evidence spans that don't overlap, each with the criterion it counted for.

Every view of a score (the terminal, the feedback panel, the HTML and PDF reports) cuts the answer the same way.
"""

from __future__ import annotations

from .scoring import CriterionResult

Segment = tuple[str, CriterionResult | None]


def marks(criteria: list[CriterionResult]) -> list[tuple[int, int, CriterionResult]]:
    """Non-overlapping evidence spans in text order, each with the criterion it counted for.
    Where a reward and a penalty share words, the penalty shows: it is the thing to fix."""
    spans: list[tuple[int, int, CriterionResult]] = []
    ordered = sorted((r for r in criteria if r.status in ("met", "triggered")), key=lambda r: r.status != "triggered")
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
