"""Rehearsals as one printable, self-contained HTML page (inline CSS and SVG, nothing fetched from anywhere).

Built from what the history stored, so a report can be made long after the rehearsal. Every piece of
typed or authored text is escaped: a report of an answer is never a way to run or show markup.

The body is a run of pieces, each opened by a marker comment: `BLOCK` (a piece the PDF keeps whole on one page
where it fits: an answer, an earlier try, a chart) or `HEADING` (the same, and kept on the page of the piece after
it). Typed text can't make a marker: its "<" is escaped.
"""

from __future__ import annotations

import html

from ..core.evidence import segments
from ..core.scoring import CriterionResult, Score
from ..storage.store import LATENCY, AnswerRow, AttemptRow
from .charts import Series, line_chart
from .dates import date, date_time, today
from .wording import NOT_TRANSCRIBED, NOTHING_TO_FIX, delivery_words, outcome_words, plural, timing_words, tips_to_show

Rehearsal = tuple[AttemptRow, list[AnswerRow]]  # an attempt and its answers (earlier tries too, when given)
Progress = dict[str, list[tuple[str, float]]]  # dimension id (or LATENCY) -> (started_at, average), oldest first

BLOCK = "<!--block-->"
HEADING = "<!--heading-->"

CSS = """
@page { size: A4; margin: 18mm; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; color: #1a1a1a;
       line-height: 1.4; }
h1 { font-size: 20pt; margin: 0 0 4pt 0; }
h2 { font-size: 15pt; margin: 18pt 0 2pt 0; border-bottom: 1px solid #999; }
h3 { font-size: 11.5pt; margin: 12pt 0 2pt 0; }
h4 { font-size: 10.5pt; margin: 6pt 0 2pt 0; }
p { margin: 3pt 0; }
ul { margin: 2pt 0; }
.muted { color: #555; }
.line { font-style: italic; }
.said { padding: 4pt 6pt; background-color: #f4f4f4; }
.coach { padding: 4pt 6pt; border-left: 3pt solid #4a6fa5; color: #29466e; }
.scores { margin: 2pt 0; }
.moment, .try, .chart { page-break-inside: avoid; }
.try h4, .try p { margin-left: 18pt; }
.try h4 { color: #444; margin-top: 8pt; }
.chart { margin: 8pt 0; }
"""
# One definition for both: the style block and the inline style each highlight also carries.
STYLE = {
    "earned": "background-color:#d8efd9; color:#1b5e20; font-weight:bold;",
    "cost": "background-color:#f8d7d7; color:#b71c1c; font-weight:bold; text-decoration:underline;",
}
CSS += "".join(f".{kind} {{ {style} }}\n" for kind, style in STYLE.items())

SCORE_RANGE = 100.0  # every dimension scores 0..100


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


def _timing(answer: AnswerRow) -> str:
    timing = timing_words(answer.latency_s, answer.duration_s).capitalize() or "No timing recorded"
    return f'<p class="muted">{esc(timing)}</p>'


def _spoken(answer: AnswerRow) -> str:
    """For an answer given out loud: how it was delivered, and what was heard when the student corrected it."""
    delivery = answer.spoken
    if delivery is None:
        return ""
    heard = (
        f'<p class="muted">Heard before your corrections: “{esc(delivery.heard)}”</p>'
        if delivery.edited and delivery.heard
        else ""
    )
    return f'<p class="muted">{esc(delivery_words(delivery))}</p>{heard}'


def _peer(answer: AnswerRow) -> str:
    """A pair round's answer: what the partner playing the recruiter ticked and rated."""
    peer = answer.peer
    if not peer:
        return ""
    ticked = [question for question, on in (peer.get("checks") or {}).items() if on]
    ratings = f"confidence {peer.get('confidence') or '–'}/5, respect {peer.get('respect') or '–'}/5"
    said = f"; ticked: {'; '.join(ticked)}" if ticked else "; nothing ticked"
    return f'<p class="muted">{esc("Partner’s marks: " + ratings + said)}</p>'


def _players(attempt: AttemptRow) -> str:
    """ " · Ana answered, Ben played the recruiter (fist to five: Ana 2 → 4, Ben 3 → 4)" for a pair round."""
    players = attempt.players
    if attempt.mode != "pair" or not players:
        return ""
    before, after = players.get("fist_before") or {}, players.get("fist_after") or {}
    fists = ", ".join(f"{name} {before.get(name, '–')} → {after.get(name, '–')}" for name in before)
    candidate, recruiter = players.get("candidate", "?"), players.get("recruiter", "?")
    return f" · {candidate} answered, {recruiter} played the recruiter" + (f" (fist to five: {fists})" if fists else "")


def _line(answer: AnswerRow) -> str:
    return f'<p class="line">Recruiter: “{esc(answer.line)}”</p>'


def _latest(answer: AnswerRow, number: int) -> str:
    """The answer a moment kept (try `number` there): evidence, scores, timing, tips and coaching."""
    score = Score.from_json(answer.dimensions, answer.criteria)
    coaching = f'<p class="coach">Coach: {esc(answer.coaching)}</p>' if answer.coaching else ""
    which = f" · Try {number}, your latest" if number > 1 else ""
    return (
        f'<div class="moment"><h3>Moment {answer.position + 1}{which}</h3>{_line(answer)}'
        f'<p class="said">{highlighted(answer.answer, score.criteria) or esc(NOT_TRANSCRIBED)}</p>'
        f"{_dimension_scores(answer)}{_timing(answer)}{_spoken(answer)}{_peer(answer)}{_tips(score)}{coaching}</div>"
    )


def _earlier(answer: AnswerRow, number: int, latest: AnswerRow | None) -> str:
    """A try the student took back: what they said and how it scored, under the moment's latest answer."""
    score = Score.from_json(answer.dimensions, answer.criteria)
    line = _line(answer) if latest is None or latest.line != answer.line else ""
    return (
        f'<div class="try"><h4>Earlier try {number} · Moment {answer.position + 1}</h4>{line}'
        f'<p class="said">{highlighted(answer.answer, score.criteria)}</p>'
        f"{_dimension_scores(answer)}{_timing(answer)}{_spoken(answer)}</div>"
    )


def _moment(tries: list[AnswerRow]) -> str:
    """Every try at one moment (oldest first): the latest answer, then the earlier tries under it, each its own
    piece. A moment the latest run didn't reach again shows only earlier tries, under a note saying so."""
    latest = next((a for a in reversed(tries) if not a.superseded), None)
    if latest is None:
        pieces = [
            HEADING + f'<div class="moment"><h3>Moment {tries[0].position + 1}</h3><p class="muted">After you went '
            "back to an earlier moment, your conversation didn't get this far again. Here is what you said here "
            "before.</p></div>"
        ]
    else:
        pieces = [BLOCK + _latest(latest, tries.index(latest) + 1)]
    pieces += [BLOCK + _earlier(a, n, latest) for n, a in enumerate(tries, start=1) if a is not latest]
    return "".join(pieces)


def _attempt(attempt: AttemptRow, answers: list[AnswerRow]) -> str:
    kept = [a for a in answers if not a.superseded]
    by_position: dict[int, list[AnswerRow]] = {}
    for answer in sorted(answers, key=lambda a: (a.position, a.created_at)):  # try numbers follow created_at
        by_position.setdefault(answer.position, []).append(answer)
    earlier = len(answers) - len(kept)
    counted = plural(len(kept), "answer") + (f", {plural(earlier, 'earlier try', 'earlier tries')}" if earlier else "")
    closing = (  # no marker: the ending stays on the page of the last answer
        f'<h3>How it ended</h3><p class="line">Recruiter: “{esc(attempt.closing_line)}”</p>'
        if attempt.closing_line
        else ""
    )
    return (
        f'{HEADING}<div class="attempt"><h2>{esc(attempt.scenario_title)}</h2>'
        f'<p class="muted">{esc(date_time(attempt.started_at))} · Outcome: '
        f"{esc(outcome_words(attempt.outcome).capitalize())} · {counted}{esc(_players(attempt))}</p>{_averages(kept)}"
        f"{''.join(_moment(tries) for _, tries in sorted(by_position.items()))}{closing}</div>"
    )


def progress_of(rehearsals: list[Rehearsal]) -> Progress:
    """The history page's chart figures for these rehearsals (oldest first): each dimension's average over a
    rehearsal's kept answers, and the average seconds before answering."""
    progress: Progress = {}
    for attempt, answers in rehearsals:
        for key, value in attempt.scores.items():
            if value is not None:
                progress.setdefault(key, []).append((attempt.started_at, value))
        waits = [a.latency_s for a in answers if not a.superseded and a.latency_s is not None]
        if waits:
            progress.setdefault(LATENCY, []).append((attempt.started_at, sum(waits) / len(waits)))
    return progress


def _labels(answers: list[AnswerRow]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for answer in answers:
        for key, dim in answer.dimensions.items():
            labels.setdefault(key, dim.get("label") or key)
    return labels


def _charts(progress: Progress, labels: dict[str, str], marked: str | None = None) -> str:
    """The progress charts (scores per dimension, time before answering) as pieces, or a note when there is
    not yet anything to compare. `marked`: the started_at of the rehearsal a one-rehearsal report is about."""
    times = sorted({started for points in progress.values() for started, _ in points})
    heading = f"{HEADING}<h2>Your progress</h2>"
    if len(times) < 2:
        return (
            f'{heading}<p class="muted">Your progress charts will appear here once there are two or more '
            "rehearsals to compare.</p>"
        )
    column = {started: number for number, started in enumerate(times)}

    def aligned(points: list[tuple[str, float]]) -> list[float | None]:
        values: list[float | None] = [None] * len(times)
        for started, value in points:
            values[column[started]] = value
        return values

    keys = [k for k in labels if k in progress] + [k for k in progress if k not in labels and k != LATENCY]
    dimensions = [Series(labels.get(k, k.replace("_", " ").capitalize()), aligned(progress[k])) for k in keys]
    mark = column.get(marked) if marked is not None else None
    which = "each rehearsal in this report" if marked is None else "each of your rehearsals (this one is marked)"
    pieces = [
        f'{heading}<p class="muted">Each line is one part of your score: its average over the answers you kept in '
        f"{which}, the oldest on the left.</p>"
    ]
    pieces.append(
        f'{BLOCK}<div class="chart">'
        f"{line_chart('How your scores changed', dimensions, y_title='Score', y_max=SCORE_RANGE, mark=mark)}</div>"
    )
    if progress.get(LATENCY):
        waits = [Series("Seconds before you started answering", aligned(progress[LATENCY]))]
        chart = line_chart(
            "How long you took to start answering", waits, y_title="Seconds", unit=" s", mark=mark, plot_height=110
        )
        pieces.append(f'{BLOCK}<div class="chart">{chart}</div>')
    return "".join(pieces)


def _legend() -> str:
    return (
        f'<p class="muted">In your answers, <span class="earned" style="{STYLE["earned"]}">highlighted '
        f'green</span> words earned points and <span class="cost" style="{STYLE["cost"]}">underlined red'
        "</span> words cost points.</p>"
    )


def document(title: str, subtitle: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f"<style>{CSS}</style></head>\n<body>{HEADING}<h1>{esc(title)}</h1>"
        f'<p class="muted">{esc(subtitle)}</p>{_legend()}\n{body}\n</body></html>\n'
    )


def attempt_html(attempt: AttemptRow, answers: list[AnswerRow], progress: Progress | None = None) -> str:
    """One rehearsal: every answer with its evidence, scores, timing and tips, and the earlier tries of retried
    moments (when `answers` holds them, as store.answers(..., include_superseded=True) gives them). With
    `progress` (the history's figures, e.g. store.progress for each dimension and LATENCY), the progress charts
    too, this rehearsal marked."""
    charts = _charts(progress, _labels(answers), attempt.started_at) if progress is not None else ""
    return document(
        "Counteroffer rehearsal report",
        f"{attempt.scenario_title} — {date_time(attempt.started_at)}",
        charts + _attempt(attempt, answers),
    )


def range_html(rehearsals: list[Rehearsal], progress: Progress | None = None) -> str:
    """Several rehearsals (oldest first), e.g. every one in a date range, after the progress charts: of these
    rehearsals (`progress_of`) unless other figures are given."""
    if rehearsals:
        first, last = date(rehearsals[0][0].started_at), date(rehearsals[-1][0].started_at)
        when = f"on {first}" if first == last else f"from {first} to {last}"
        span = f"{plural(len(rehearsals), 'rehearsal')} {when}"
    else:
        span = "No rehearsals in this period"
    labels = _labels([a for _, answers in rehearsals for a in answers])
    charts = _charts(progress_of(rehearsals) if progress is None else progress, labels) if rehearsals else ""
    body = "".join(_attempt(attempt, answers) for attempt, answers in rehearsals)
    return document("Counteroffer practice report", f"{span} · made on {today()}", charts + body)
