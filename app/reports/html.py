"""Rehearsals as one printable, self-contained HTML page (inline CSS, nothing fetched from anywhere).

Built from what the history stored, so a report can be made long after the rehearsal. Every piece of
typed or authored text is escaped: a report of an answer is never a way to run or show markup.
"""

from __future__ import annotations

import html
from datetime import datetime

from ..core.evidence import segments
from ..core.scoring import CriterionResult, Score
from ..storage.store import AnswerRow, AttemptRow
from .wording import NOTHING_TO_FIX, outcome_words, plural, readable_time, timing_words, tips_to_show

Rehearsal = tuple[AttemptRow, list[AnswerRow]]  # an attempt and the answers its debrief shows

CSS = """
@page { size: A4; margin: 18mm; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; color: #1a1a1a;
       line-height: 1.4; }
h1 { font-size: 20pt; margin: 0 0 4pt 0; }
h2 { font-size: 15pt; margin: 18pt 0 2pt 0; border-bottom: 1px solid #999; }
h3 { font-size: 11.5pt; margin: 12pt 0 2pt 0; }
h4 { font-size: 10.5pt; margin: 6pt 0 2pt 0; }
.muted { color: #555; }
.line { font-style: italic; }
.said { padding: 4pt 6pt; background-color: #f4f4f4; }
.coach { padding: 4pt 6pt; border-left: 3pt solid #4a6fa5; }
.scores { margin: 2pt 0; }
.moment { page-break-inside: avoid; }
"""
# One definition for both: the style block and the inline style each highlight also carries.
STYLE = {
    "earned": "background-color:#d8efd9; color:#1b5e20; font-weight:bold;",
    "cost": "background-color:#f8d7d7; color:#b71c1c; font-weight:bold; text-decoration:underline;",
}
CSS += "".join(f".{kind} {{ {style} }}\n" for kind, style in STYLE.items())


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _span(text: str, result: CriterionResult | None) -> str:
    if result is None:
        return esc(text)
    kind = "earned" if result.status == "met" else "cost"
    return (
        f'<span class="{kind}" style="{STYLE[kind]}" title="{esc(result.label)} ({result.points:+g} points)">'
        f"{esc(text)}</span>"
    )


def highlighted(text: str, criteria: list[CriterionResult]) -> str:
    return "".join(_span(piece, result) for piece, result in segments(text, criteria)).replace("\n", "<br>")


def _scores(labels: list[str], values: list[str], lead: str = "") -> str:
    pairs = " · ".join(f"<b>{esc(label)}</b> {esc(value)}" for label, value in zip(labels, values, strict=False))
    return f'<p class="scores">{lead}{pairs}</p>'


def _dimension_scores(answer: AnswerRow) -> str:
    dims = answer.dimensions.values()
    return _scores(
        [d.get("label", "") for d in dims] + ["Overall"],
        [f"{d['score']:.0f}" for d in dims] + [f"{answer.overall:.0f}"],
    )


def _averages(answers: list[AnswerRow]) -> str:
    collected: dict[str, tuple[str, list[float]]] = {}
    for answer in answers:
        for key, dim in answer.dimensions.items():
            collected.setdefault(key, (dim.get("label", key), []))[1].append(dim["score"])
    if not collected:
        return ""
    return _scores(
        [label for label, _ in collected.values()],
        [f"{sum(v) / len(v):.0f}" for _, v in collected.values()],
        lead="Average across answers: ",
    )


def _tip(result: CriterionResult) -> str:
    cost = result.status == "triggered"
    worth = abs(result.points if cost else result.possible)
    return f"<li><b>{esc(result.label)}</b> ({'cost' if cost else 'worth'} {worth:g} points): {esc(result.tip)}</li>"


def _tips(score: Score) -> str:
    tips = tips_to_show(score)
    if not tips:
        return f'<p class="muted">{NOTHING_TO_FIX}</p>'
    return f"<h4>What to try next</h4><ul>{''.join(_tip(r) for r in tips)}</ul>"


def _moment(answer: AnswerRow) -> str:
    score = Score.from_json(answer.dimensions, answer.criteria)
    results = score.criteria
    coaching = f'<p class="coach">Coach: {esc(answer.coaching)}</p>' if answer.coaching else ""
    timing = timing_words(answer.latency_s, answer.duration_s).capitalize() or "No timing recorded"
    return (
        f'<div class="moment"><h3>Moment {answer.position + 1}</h3>'
        f'<p class="line">Recruiter: “{esc(answer.line)}”</p>'
        f'<p class="said">{highlighted(answer.answer, results)}</p>'
        f"{_dimension_scores(answer)}"
        f'<p class="muted">{esc(timing)}</p>'
        f"{_tips(score)}{coaching}</div>"
    )


def _attempt(attempt: AttemptRow, answers: list[AnswerRow]) -> str:
    answers = [a for a in answers if not a.superseded]
    closing = (
        f'<h3>How it ended</h3><p class="line">Recruiter: “{esc(attempt.closing_line)}”</p>'
        if attempt.closing_line
        else ""
    )
    return (
        f'<div class="attempt"><h2>{esc(attempt.scenario_title)}</h2>'
        f'<p class="muted">{esc(readable_time(attempt.started_at))} · Outcome: '
        f"{esc(outcome_words(attempt.outcome).capitalize())} · {plural(len(answers), 'answer')}</p>"
        f"{_averages(answers)}{''.join(_moment(a) for a in answers)}{closing}</div>"
    )


def _legend() -> str:
    return (
        f'<p class="muted">In your answers, <span class="earned" style="{STYLE["earned"]}">highlighted '
        f'green</span> words earned points and <span class="cost" style="{STYLE["cost"]}">underlined red'
        "</span> words cost points.</p>"
    )


def document(title: str, subtitle: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f"<style>{CSS}</style></head>\n<body><h1>{esc(title)}</h1>"
        f'<p class="muted">{esc(subtitle)}</p>{_legend()}\n{body}\n</body></html>\n'
    )


def attempt_html(attempt: AttemptRow, answers: list[AnswerRow]) -> str:
    """One rehearsal: every answer (retried ones left out) with its evidence, scores, timing and tips."""
    return document(
        "Counteroffer rehearsal report",
        f"{attempt.scenario_title} — {readable_time(attempt.started_at)}",
        _attempt(attempt, answers),
    )


def range_html(rehearsals: list[Rehearsal]) -> str:
    """Several rehearsals (oldest first), e.g. every one in a date range."""
    if rehearsals:
        first, last = readable_time(rehearsals[0][0].started_at), readable_time(rehearsals[-1][0].started_at)
        span = f"{plural(len(rehearsals), 'rehearsal')}, {first} to {last}"
    else:
        span = "No rehearsals in this period"
    body = "".join(_attempt(attempt, answers) for attempt, answers in rehearsals)
    return document("Counteroffer practice report", f"{span} · made {datetime.now():%d %b %Y}", body)
