"""Writes a rehearsal to the history as it happens: each answer is committed when it is scored.

Every write happens inside the session's submit (which the window runs on a worker thread), so the
UI thread never waits on the disk; the attempt row is created with its first answer.
"""

from __future__ import annotations

from ..core.session import Event, Retried, Session, SessionEnded, TurnRecord
from .store import Store


class HistoryRecorder:
    def __init__(self, store: Store, session: Session, attempt_id: str | None = None):
        self.store = store
        self.session = session
        self.attempt_id = attempt_id
        self._set_aside_from: int | None = None
        session.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, TurnRecord):
            if self.attempt_id is None:
                self.attempt_id = self.store.start_attempt(self.session.scenario, self.session.profile)
            if self._set_aside_from is not None:
                self.store.supersede_from(self.attempt_id, self._set_aside_from)
                self._set_aside_from = None
            self.store.record(self.attempt_id, event)
        elif isinstance(event, Retried) and self.attempt_id is not None:
            self._set_aside_from = event.index  # applied with the next answer, off the UI thread
        elif isinstance(event, SessionEnded) and self.attempt_id is not None:
            self.store.finish(self.attempt_id, event.outcome, event.closing_line)
