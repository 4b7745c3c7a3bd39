"""Words every view shares: plurals, outcomes, times, timing, a spoken answer's delivery, and which tips to show
for an answer."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

from ..core.delivery import LONG_PAUSE_S  # standard library only: importing it keeps this module light

if TYPE_CHECKING:  # light to import: the window uses these words before the engine has loaded
    from ..core.delivery import Delivery
    from ..core.scenario import AnswerTime
    from ..core.scoring import CriterionResult, Score

MAX_TIPS = 3  # an answer's feedback suggests at most this many things to try next
NEAR_THE_TOP = 85.0  # a dimension scoring this much needs no more suggestions for extra points


def plural(count: int, word: str, words: str | None = None) -> str:
    """ "1 answer", "3 answers" (or the given irregular plural)."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def outcome_words(outcome: str | None, missing: str = "unfinished") -> str:
    """An ending's id as words ("got_in_writing" → "got in writing"); `missing` when it didn't end."""
    return outcome.replace("_", " ") if outcome else missing


def readable_time(iso: str | None) -> str:
    """A stored UTC timestamp in the reader's local time, e.g. "3 Mar 2025, 14:05"."""
    if not iso:
        return "—"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    local = (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone()
    return f"{local.day} {local:%b %Y, %H:%M}"


def short_time(iso: str) -> str:
    """A stored timestamp as "2025-03-03 14:05" (UTC), for terminal listings."""
    return iso[:16].replace("T", " ")


def seconds(value: float) -> str:
    """A short time as people say it: "1.5 s" under ten seconds, "24 s" from there."""
    return f"{value:.1f} s" if value < 9.95 else f"{value:.0f} s"


def timing_words(latency_s: float | None, duration_s: float | None, window: AnswerTime | None = None) -> str:
    """ "started after 4 s, sent at 0:24 on the clock (aim for 15–75 s)"; "" when nothing was timed. The clock
    time is the one the student saw: from the end of the recruiter's line to sending."""
    parts = [f"started after {seconds(latency_s)}"] if latency_s is not None else []
    if duration_s is not None:
        on_clock = round((latency_s or 0.0) + duration_s)
        target = f" (aim for {window.min:g}–{window.max:g} s)" if window else ""
        parts.append(f"sent at {on_clock // 60}:{on_clock % 60:02d} on the clock{target}")
    return ", ".join(parts)


LOWER_BOUND = "a lower bound, as recordings miss some"
NOT_TRANSCRIBED = "(not transcribed: a partner timed and marked this answer)"


def delivery_words(delivery: Delivery) -> str:
    """A spoken answer in one line: "Spoken: started after 0.8 s, 142 words a minute, 2 fillers (um, you know) —
    a lower bound, as recordings miss some". The feedback panel, the terminal and the reports all say this."""
    if delivery.onset_s is None:
        return "Spoken: nothing was heard"
    parts = [f"started after {seconds(delivery.onset_s)}"]
    if delivery.words_per_minute is not None:
        parts.append(f"{delivery.words_per_minute:.0f} words a minute")
    pauses = len(delivery.long_pauses(LONG_PAUSE_S))
    if pauses:
        parts.append(plural(pauses, "long pause"))
    if delivery.fillers:
        said = list(dict.fromkeys(f.text.lower() for f in delivery.fillers))
        shown = ", ".join(said[:4]) + (", …" if len(said) > 4 else "")
        parts.append(f"{plural(len(delivery.fillers), 'filler')} ({shown}) — {LOWER_BOUND}")
    else:
        parts.append(f"no fillers heard ({LOWER_BOUND})")
    edited = " · you corrected the transcript" if delivery.edited else ""
    return "Spoken: " + ", ".join(parts) + edited


def tips_to_show(score: Score) -> list[CriterionResult]:
    """What an answer's feedback suggests trying next: at most MAX_TIPS, the most points at stake first — what
    cost points (by the points lost) and rewards missed on dimensions not already near the top (by what they
    are worth). Scoring has already left out tips that don't fit this moment of the call."""
    high = {key for key, dim in score.dimensions.items() if dim.score >= NEAR_THE_TOP}
    candidates = [
        r
        for r in score.criteria
        if (r.status == "triggered" and r.points < 0) or (r.status == "missed" and r.dimension not in high)
    ]
    ranked = sorted(candidates, key=lambda r: -(abs(r.points) if r.status == "triggered" else abs(r.possible)))
    return ranked[:MAX_TIPS]


NOTHING_TO_FIX = "Nothing to fix here — well done."
