"""Writes a rehearsal to the history as it happens: each answer is committed when it is scored.

Every write happens inside the session's submit (which the window runs on a worker thread), so the
UI thread never waits on the disk; the attempt row is created with its first answer.
"""

from __future__ import annotations

from typing import Any

from ..core.session import Event, Retried, Session, SessionEnded, TurnRecord
from .store import Store


class HistoryRecorder:
    def __init__(
        self, store: Store, session: Session, attempt_id: str | None = None, players: dict[str, Any] | None = None
    ):
        self.store = store
        self.session = session
        self.attempt_id = attempt_id
        self.players = players  # a pair role-play round's players, kept with its attempt
        self._set_aside_from: int | None = None
        self._answer_ids: list[tuple[TurnRecord, str]] = []  # every answer recorded here, with its row's id
        session.subscribe(self._on_event)

    def answer_id(self, record: TurnRecord) -> str | None:
        """The history's id for an answer this recorder wrote (None for one it didn't)."""
        return next((answer_id for r, answer_id in self._answer_ids if r is record), None)

    def try_number(self, record: TurnRecord) -> int:
        """Which try at its moment this answer is (1 for the first, 2 after "try again", ...), as the history
        numbers them; counted from this recorder's answers when the history can't say (a write still pending)."""
        answer_id = self.answer_id(record)
        if answer_id is not None and self.attempt_id is not None:
            for row in self.store.answers(self.attempt_id, include_superseded=True):
                if row.id == answer_id:
                    return row.try_number
        same = [r for r, _ in self._answer_ids if r.index == record.index]
        return next((n for n, r in enumerate(same, start=1) if r is record), len(same) + 1)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, TurnRecord):
            if self.attempt_id is None:
                self.attempt_id = self.store.start_attempt(self.session.scenario, self.session.profile, self.players)
            if self._set_aside_from is not None:
                self.store.supersede_from(self.attempt_id, self._set_aside_from)
                self._set_aside_from = None
            self._answer_ids.append((event, self.store.record(self.attempt_id, event)))
        elif isinstance(event, Retried) and self.attempt_id is not None:
            self._set_aside_from = event.index  # applied with the next answer, off the UI thread
        elif isinstance(event, SessionEnded) and self.attempt_id is not None:
            self.store.finish(self.attempt_id, event.outcome, event.closing_line)
