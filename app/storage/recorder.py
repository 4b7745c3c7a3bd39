"""Writes a rehearsal to the history as it happens: each answer is committed when it is scored."""
from __future__ import annotations

from typing import Optional

from ..core.session import LinePresented, Retried, Session, SessionEnded, TurnRecord
from .store import Store


class HistoryRecorder:
    def __init__(self, store: Store, session: Session, attempt_id: Optional[str] = None):
        self.store = store
        self.session = session
        self.attempt_id = attempt_id
        session.subscribe(self._on_event)

    def _on_event(self, event) -> None:
        if isinstance(event, LinePresented) and event.index == 0 and not self.session.records \
                and self.attempt_id is None:
            self.attempt_id = self.store.start_attempt(self.session.scenario, self.session.profile)
        elif isinstance(event, TurnRecord) and self.attempt_id is not None:
            self.store.record(self.attempt_id, event)
        elif isinstance(event, Retried) and self.attempt_id is not None:
            self.store.supersede_from(self.attempt_id, event.index)
        elif isinstance(event, SessionEnded) and self.attempt_id is not None:
            self.store.finish(self.attempt_id, event.outcome, event.closing_line)

    def restart(self) -> None:
        """A fresh attempt for the next start() (restarting the scenario)."""
        self.attempt_id = None
