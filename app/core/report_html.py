"""Rehearsals as one printable, self-contained HTML page (inline CSS, nothing fetched from anywhere).

Built from what the history stored, so a report can be made long after the rehearsal. Every piece of
typed or authored text is escaped: a report of an answer is never a way to run or show markup.
"""
from __future__ import annotations

import html
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Optional

from .report import segments
from .scoring import CriterionResult
from .signals import Evidence

if TYPE_CHECKING:  # the core does not depend on storage; it only reads what a Store returns
    from ..storage.store import AnswerRow, Store

MISSED_TIPS = 2

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
STYLE = {"earned": "background-color:#d8efd9; color:#1b5e20; font-weight:bold;",
         "cost": "background-color:#f8d7d7; color:#b71c1c; font-weight:bold; text-decoration:underline;"}
CSS += "".join(f".{kind} {{ {style} }}\n" for kind, style in STYLE.items())


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def readable_time(iso: Optional[str]) -> str:
    """A stored UTC timestamp in the reader's local time, e.g. "3 Mar 2025, 14:05"."""
    if not iso:
        return "—"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    local = (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone()
    return f"{local.day} {local:%b %Y, %H:%M}"


def outcome_words(outcome: Optional[str]) -> str:
    return outcome.replace("_", " ") if outcome else "unfinished"


def criterion_results(criteria: list[dict]) -> list[CriterionResult]:
    """The stored criteria JSON as the scorer's results again."""
    return [CriterionResult(c["id"], c["dimension"], c["label"], c["status"], c["points"],
                            [Evidence(e["start"], e["end"], e["text"]) for e in c.get("evidence", [])],
                            c.get("tip", ""), c.get("possible", 0.0)) for c in criteria]


def _span(text: str, result: Optional[CriterionResult]) -> str:
    if result is None:
        return esc(text)
    kind = "earned" if result.status == "met" else "cost"
    return (f'<span class="{kind}" style="{STYLE[kind]}" title="{esc(result.label)} ({result.points:+g} points)">'
            f"{esc(text)}</span>")


def highlighted(text: str, criteria: list[CriterionResult]) -> str:
    return "".join(_span(piece, result) for piece, result in segments(text, criteria)).replace("\n", "<br>")


def _scores(labels: list[str], values: list[str], lead: str = "") -> str:
    pairs = " · ".join(f"<b>{esc(label)}</b> {esc(value)}" for label, value in zip(labels, values))
    return f'<p class="scores">{lead}{pairs}</p>'


def _dimension_scores(answer: AnswerRow) -> str:
    dims = answer.dimensions.values()
    return _scores([d.get("label", "") for d in dims] + ["Overall"],
                   [f"{d['score']:.0f}" for d in dims] + [f"{answer.overall:.0f}"])


def _averages(answers: list[AnswerRow]) -> str:
    collected: dict[str, tuple[str, list[float]]] = {}
    for answer in answers:
        for key, dim in answer.dimensions.items():
            collected.setdefault(key, (dim.get("label", key), []))[1].append(dim["score"])
    if not collected:
        return ""
    return _scores([label for label, _ in collected.values()],
                   [f"{sum(v) / len(v):.0f}" for _, v in collected.values()], lead="Average across answers: ")


def timing_words(latency_s: Optional[float], duration_s: Optional[float]) -> str:
    parts = ([f"started after {latency_s:.0f} s"] if latency_s is not None else []) + \
            ([f"answered in {duration_s:.0f} s"] if duration_s is not None else [])
    return ", ".join(parts).capitalize() if parts else "No timing recorded"


def _tip(result: CriterionResult) -> str:
    cost = result.status == "triggered"
    worth = abs(result.points if cost else result.possible)
    return f"<li><b>{esc(result.label)}</b> ({'cost' if cost else 'worth'} {worth:g} points): {esc(result.tip)}</li>"


def _tips(results: list[CriterionResult]) -> str:
    """Everything that cost points, then the biggest misses (as many as the app's feedback shows)."""
    costly = [r for r in results if r.status == "triggered"]
    missed = sorted((r for r in results if r.status == "missed"), key=lambda r: -r.possible)[:MISSED_TIPS]
    if not costly and not missed:
        return '<p class="muted">Nothing to fix here — well done.</p>'
    return f"<h4>What to try next</h4><ul>{''.join(_tip(r) for r in costly + missed)}</ul>"


def _moment(answer: AnswerRow) -> str:
    results = criterion_results(answer.criteria)
    coaching = f'<p class="coach">Coach: {esc(answer.coaching)}</p>' if answer.coaching else ""
    return (f'<div class="moment"><h3>Moment {answer.position + 1}</h3>'
            f'<p class="line">Recruiter: “{esc(answer.line)}”</p>'
            f'<p class="said">{highlighted(answer.answer, results)}</p>'
            f"{_dimension_scores(answer)}"
            f'<p class="muted">{esc(timing_words(answer.latency_s, answer.duration_s))}</p>'
            f"{_tips(results)}{coaching}</div>")


def _attempt_row(store: Store, attempt_id: str):
    row = store.attempt(attempt_id)
    if row is None:
        raise LookupError(f"there is no rehearsal {attempt_id} in this history")
    return row


def _attempt(store: Store, row) -> str:
    answers = [a for a in store.answers(row["id"]) if not a.superseded]
    closing = (f'<h3>How it ended</h3><p class="line">Recruiter: “{esc(row["closing_line"])}”</p>'
               if row["closing_line"] else "")
    count = f"{len(answers)} answer{'s' * (len(answers) != 1)}"
    return (f'<div class="attempt"><h2>{esc(row["scenario_title"])}</h2>'
            f'<p class="muted">{esc(readable_time(row["started_at"]))} · Outcome: '
            f'{esc(outcome_words(row["outcome"]).capitalize())} · {count}</p>'
            f"{_averages(answers)}{''.join(_moment(a) for a in answers)}{closing}</div>")


def _legend() -> str:
    return (f'<p class="muted">In your answers, <span class="earned" style="{STYLE["earned"]}">highlighted '
            f'green</span> words earned points and <span class="cost" style="{STYLE["cost"]}">underlined red'
            "</span> words cost points.</p>")


def document(title: str, subtitle: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f"<style>{CSS}</style></head>\n<body><h1>{esc(title)}</h1>"
            f'<p class="muted">{esc(subtitle)}</p>{_legend()}\n{body}\n</body></html>\n')


def attempt_html(store: Store, attempt_id: str) -> str:
    """One rehearsal: every answer (retried ones left out) with its evidence, scores, timing and tips."""
    row = _attempt_row(store, attempt_id)
    return document("Counteroffer rehearsal report", f"{row['scenario_title']} — {readable_time(row['started_at'])}",
                    _attempt(store, row))


def range_html(store: Store, since: Optional[str], until: Optional[str]) -> str:
    """Every rehearsal started in [since, until) (UTC ISO times; None = open-ended), oldest first."""
    attempts = list(reversed(store.attempts(since=since, until=until)))
    if attempts:
        first, last = readable_time(attempts[0].started_at), readable_time(attempts[-1].started_at)
        span = f"{len(attempts)} rehearsal{'s' * (len(attempts) != 1)}, {first} to {last}"
    else:
        span = "No rehearsals in this period"
    body = "".join(_attempt(store, _attempt_row(store, a.id)) for a in attempts)
    return document("Counteroffer practice report", f"{span} · made {datetime.now():%d %b %Y}", body)
