"""Picking an interrupted rehearsal up again, and showing a stored one as a debrief."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.goodwill import GoodwillStep
from ..core.scenario import AnswerTime, Scenario
from ..core.scoring import Score, Timing
from ..core.session import Session, SessionEnded, Summary, TurnRecord, summarise
from .store import AnswerRow, AttemptRow, Store


def replay(store: Store, attempt_id: str, session: Session) -> int:
    """Feed a stored attempt's answers through a started session (same scoring, same branches; a spoken answer
    with its delivery).
    Stops where the scenario has changed since; returns how many answers were replayed."""
    count = 0
    for row in store.answers(attempt_id):
        if session.current is None or session.current.turn_id != row.turn_id:
            break
        session.submit(row.answer, Timing(row.latency_s, row.duration_s), row.spoken, row.audio)
        count += 1
    return count


def stored_record(row: AnswerRow, answer_time: AnswerTime | None = None) -> TurnRecord:
    """An answer exactly as it was scored, read back from the history (not scored again)."""
    return TurnRecord(
        row.position,
        row.turn_id,
        row.line,
        row.answer,
        Score.from_json(row.dimensions, row.criteria),
        row.branch,
        row.goto,
        row.outcome,
        row.coaching,
        answer_time,
        row.latency_s,
        row.duration_s,
        row.total_s,
        GoodwillStep.from_json(row.goodwill) if row.goodwill else None,
        row.spoken,
        row.audio,
    )


@dataclass
class StoredRehearsal:
    """A rehearsal read back from the history, as the debrief shows it (see `Debriefable`)."""

    attempt: AttemptRow
    scenario: Scenario | None  # None when it is no longer in the library
    records: list[TurnRecord]
    ending: SessionEnded | None
    set_aside: list[TurnRecord]  # earlier tries of its moments

    @property
    def title(self) -> str:
        return self.attempt.scenario_title

    @property
    def recruiter_name(self) -> str:
        return self.scenario.recruiter.name if self.scenario is not None else "Recruiter"

    @property
    def can_restart(self) -> bool:
        return self.scenario is not None

    def summary(self) -> Summary:
        return summarise(self.attempt.scenario_id, self.records, self.ending)


def stored_rehearsal(store: Store, attempt_id: str, scenario: Scenario | None) -> StoredRehearsal:
    attempt = store.attempt(attempt_id)
    if attempt is None:
        raise LookupError(f"there is no rehearsal {attempt_id} in this history")
    turns = scenario.turns if scenario is not None else {}
    rows = store.answers(attempt_id, include_superseded=True)
    records = {
        row.id: stored_record(row, turns[row.turn_id].answer_time if row.turn_id in turns else None) for row in rows
    }
    ending = SessionEnded(attempt.outcome, attempt.closing_line or "") if attempt.outcome else None
    kept = [records[r.id] for r in rows if not r.superseded]
    earlier = [records[r.id] for r in sorted(rows, key=lambda r: r.created_at) if r.superseded]
    return StoredRehearsal(attempt, scenario, kept, ending, earlier)
