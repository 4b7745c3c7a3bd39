"""Picking an interrupted rehearsal up again, and showing a stored one as a debrief."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..core.scoring import CriterionResult, DimensionScore, Evidence, Score, Timing
from ..core.session import Session, SessionEnded, TurnRecord
from .store import AnswerRow, Store


def replay(store: Store, attempt_id: str, session: Session) -> int:
    """Feed a stored attempt's answers through a started session (same scoring, same branches).
    Stops where the scenario has changed since; returns how many answers were replayed."""
    count = 0
    for row in store.answers(attempt_id):
        if session.current is None or session.current.turn_id != row.turn_id:
            break
        session.submit(row.answer, Timing(row.latency_s, row.duration_s))
        count += 1
    return count


def stored_score(row: AnswerRow) -> Score:
    """The score exactly as it was given, rebuilt from the history (not re-scored)."""
    dims = {k: DimensionScore(k, v.get("label", k.capitalize()), v["score"], v.get("base", 0), v.get("weight", 1))
            for k, v in row.dimensions.items()}
    criteria = [CriterionResult(c["id"], c["dimension"], c["label"], c["status"], c["points"],
                                [Evidence(e["start"], e["end"], e["text"]) for e in c["evidence"]], c["tip"],
                                c.get("possible", 0.0)) for c in row.criteria]
    return Score(dims, criteria, None)


def stored_record(row: AnswerRow, answer_time=None) -> TurnRecord:
    return TurnRecord(row.position, row.turn_id, row.line, row.answer, stored_score(row), row.branch, row.goto,
                      row.outcome, row.coaching, answer_time, row.latency_s, row.duration_s, row.total_s)


@dataclass
class StoredRehearsal:
    """What the debrief page needs, read back from the history."""

    scenario: object  # the Scenario when it is still in the library, else a stand-in with id and title
    records: list[TurnRecord]
    ending: Optional[SessionEnded]

    def summary(self) -> dict:
        dims: dict[str, list[float]] = {}
        for record in self.records:
            for key, dim in record.score.dimensions.items():
                dims.setdefault(key, []).append(dim.score)
        return {"average": {k: round(sum(v) / len(v), 1) for k, v in dims.items()}}


def stored_rehearsal(store: Store, attempt_id: str, scenario) -> StoredRehearsal:
    attempt = store.attempt(attempt_id)
    turns = getattr(scenario, "turns", {})
    records = [stored_record(row, getattr(turns.get(row.turn_id), "answer_time", None))
               for row in store.answers(attempt_id)]
    ending = SessionEnded(attempt["outcome"], attempt["closing_line"] or "") if attempt and attempt["outcome"] else None
    return StoredRehearsal(scenario, records, ending)
