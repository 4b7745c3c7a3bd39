"""The practice history: every answer committed the moment it is scored, and read back as dataclasses.

Opening the file (migrations, backups, recovery) is `connection.py`'s job. A write the disk refuses is kept
in memory and retried with the next one, so nothing is lost while the app is open.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..core.profile import Profile
from ..core.scenario import Scenario
from ..core.session import TurnRecord
from .connection import open_connection

LATENCY = "latency_s"  # charted beside the dimensions: seconds before answering
# fmt: off
ATTEMPT_COLUMNS = ("id", "scenario_id", "scenario_title", "scenario_hash", "started_at", "finished_at", "outcome",
                   "closing_line", "profile")
ANSWER_COLUMNS = ("id", "attempt_id", "position", "turn_id", "line", "answer", "latency_s", "duration_s", "total_s",
                  "branch", "goto", "outcome", "coaching", "dimensions", "criteria", "overall", "superseded",
                  "created_at")
# fmt: on


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def scenario_hash(scenario: Scenario) -> str:
    """Which version of a scenario an answer was given to (any edit changes it)."""
    return hashlib.sha256(scenario.model_dump_json().encode("utf-8")).hexdigest()[:16]


@dataclass
class AttemptRow:
    """One rehearsal as the history keeps it, with its answers counted and each dimension's average."""

    id: str
    scenario_id: str
    scenario_title: str
    started_at: str
    finished_at: str | None
    outcome: str | None
    answers: int
    scores: dict[str, float | None]  # dimension id -> average over the answers kept in the debrief
    total_s: float | None
    closing_line: str | None = None
    scenario_hash: str = ""
    profile: str = "{}"  # the Flower profile at the time, as JSON


@dataclass
class AnswerRow:
    id: str
    attempt_id: str
    position: int
    turn_id: str
    line: str
    answer: str
    latency_s: float | None
    duration_s: float | None
    total_s: float | None
    branch: int | None
    goto: str | None
    outcome: str | None
    coaching: str | None
    dimensions: dict[str, Any]
    criteria: list[dict[str, Any]]
    overall: float
    superseded: bool
    created_at: str


@dataclass
class _Pending:
    """Writes that could not reach the disk yet, replayed in order when it works again."""

    statements: list[tuple[str, tuple[object, ...]]] = field(default_factory=list)


class Store:
    def __init__(self, path: Path | None, now: Callable[[], str] = utc_now):
        self.path = path
        self.now = now
        self.notices: list[str] = []
        self._lock = threading.RLock()
        self._pending = _Pending()
        self.conn = open_connection(path, self.notices)

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    # ---- writing ----------------------------------------------------------
    def _write(self, sql: str, params: tuple[object, ...]) -> bool:
        """Run one write now, or keep it for later if the disk refuses (full, read-only, locked)."""
        with self._lock:
            self._pending.statements.append((sql, params))
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                for statement, values in self._pending.statements:
                    self.conn.execute(statement, values)
                self.conn.execute("COMMIT")
            except sqlite3.OperationalError as error:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                message = (
                    f"Your answers can't be saved right now ({error}). They are kept while the app is "
                    "open and saved as soon as the disk allows."
                )
                if message not in self.notices:
                    self.notices.append(message)
                return False
            self._pending.statements.clear()
            return True

    @property
    def unsaved(self) -> int:
        return len(self._pending.statements)

    def start_attempt(self, scenario: Scenario, profile: Profile | None = None) -> str:
        attempt_id = str(uuid.uuid4())
        snapshot = profile.model_dump_json() if profile is not None else "{}"
        self._write(
            "INSERT INTO attempt (id, scenario_id, scenario_title, scenario_hash, started_at, profile) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (attempt_id, scenario.id, scenario.title, scenario_hash(scenario), self.now(), snapshot),
        )
        return attempt_id

    def record(self, attempt_id: str, record: TurnRecord) -> str:
        """Commit one scored answer (a session TurnRecord) at once."""
        answer_id = str(uuid.uuid4())
        data = record.score.to_json()
        self._write(
            "INSERT INTO answer (id, attempt_id, position, turn_id, line, answer, latency_s, duration_s, total_s, "
            "branch, goto, outcome, coaching, dimensions, criteria, overall, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                answer_id,
                attempt_id,
                record.index,
                record.turn_id,
                record.line,
                record.answer,
                record.latency_s,
                record.duration_s,
                record.total_s,
                record.branch,
                record.goto,
                record.outcome,
                record.coaching,
                json.dumps(data["dimensions"]),
                json.dumps(data["criteria"]),
                data["overall"],
                self.now(),
            ),
        )
        return answer_id

    def supersede_from(self, attempt_id: str, position: int) -> None:
        """A retried moment: later answers stay in the history but leave the debrief."""
        self._write(
            "UPDATE answer SET superseded = 1 WHERE attempt_id = ? AND position >= ? AND superseded = 0",
            (attempt_id, position),
        )

    def finish(self, attempt_id: str, outcome: str | None, closing_line: str | None = None) -> None:
        self._write(
            "UPDATE attempt SET finished_at = ?, outcome = ?, closing_line = ? WHERE id = ?",
            (self.now(), outcome, closing_line, attempt_id),
        )

    # ---- reading ----------------------------------------------------------
    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self.conn.execute(sql, tuple(params)).fetchall()

    def attempts(
        self,
        scenario_id: str | None = None,
        since: str | None = None,
        until: str | None = None,
        unfinished: bool = False,
    ) -> list[AttemptRow]:
        """Rehearsals, newest first: of one scenario, started in [since, until), or only the unfinished ones."""
        where, params = ["1"], []
        for clause, value in (
            ("a.scenario_id = ?", scenario_id),
            ("a.started_at >= ?", since),
            ("a.started_at < ?", until),
        ):
            if value is not None:
                where.append(clause)
                params.append(value)
        if unfinished:
            where.append("a.finished_at IS NULL")
        return self._attempt_rows(" AND ".join(where), params)

    def _attempt_rows(self, where: str, params: Iterable[Any]) -> list[AttemptRow]:
        with self._lock:
            rows = self._query(
                "SELECT a.*, COUNT(n.id) AS answers, SUM(n.total_s) AS total_s FROM attempt a "
                "LEFT JOIN answer n ON n.attempt_id = a.id AND n.superseded = 0 "
                f"WHERE {where} GROUP BY a.id ORDER BY a.started_at DESC, a.rowid DESC",
                params,
            )
            scores = self._averages(where, params)
        return [
            AttemptRow(
                r["id"],
                r["scenario_id"],
                r["scenario_title"],
                r["started_at"],
                r["finished_at"],
                r["outcome"],
                r["answers"],
                scores.get(r["id"], {}),
                r["total_s"],
                r["closing_line"],
                r["scenario_hash"],
                r["profile"],
            )
            for r in rows
        ]

    def _averages(self, where: str, params: Iterable[Any]) -> dict[str, dict[str, float | None]]:
        """Each attempt's average per dimension, for whichever dimensions its rubric scored."""
        averages: dict[str, dict[str, float | None]] = {}
        for r in self._query(
            "SELECT a.id, d.key AS dimension, AVG(json_extract(d.value, '$.score')) AS score FROM attempt a "
            "JOIN answer n ON n.attempt_id = a.id AND n.superseded = 0, json_each(n.dimensions) d "
            f"WHERE {where} GROUP BY a.id, d.key ORDER BY MIN(d.id)",
            params,
        ):
            averages.setdefault(r["id"], {})[r["dimension"]] = r["score"]
        return averages

    def unfinished(self) -> list[AttemptRow]:
        """Rehearsals stopped by a crash or a kill that have at least one answer: offer resume or review."""
        return [a for a in self.attempts(unfinished=True) if a.answers > 0]

    def answers(self, attempt_id: str, include_superseded: bool = False) -> list[AnswerRow]:
        rows = self._query(
            "SELECT * FROM answer WHERE attempt_id = ? "
            + ("" if include_superseded else "AND superseded = 0 ")
            + "ORDER BY position, created_at",
            (attempt_id,),
        )
        return [_answer(r) for r in rows]

    def attempt(self, attempt_id: str) -> AttemptRow | None:
        rows = self._attempt_rows("a.id = ?", (attempt_id,))
        return rows[0] if rows else None

    def progress(self, dimension: str, scenario_id: str | None = None) -> list[tuple[str, float]]:
        """Each attempt's average on one dimension (or LATENCY), oldest first (for charts)."""
        value = "n.latency_s" if dimension == LATENCY else "json_extract(n.dimensions, ?)"
        params: list[Any] = [] if dimension == LATENCY else [f'$."{dimension}".score']
        rows = self._query(
            f"SELECT a.started_at, AVG({value}) AS v FROM attempt a JOIN answer n ON n.attempt_id = a.id "
            "AND n.superseded = 0 "
            + ("WHERE a.scenario_id = ? " if scenario_id else "")
            + "GROUP BY a.id HAVING v IS NOT NULL ORDER BY a.started_at",
            params + ([scenario_id] if scenario_id else []),
        )
        return [(r["started_at"], r["v"]) for r in rows]

    def personal_bests(self) -> dict[str, float]:
        """The best single answer on each dimension."""
        rows = self._query(
            "SELECT d.key AS dimension, MAX(json_extract(d.value, '$.score')) AS best "
            "FROM answer n, json_each(n.dimensions) d WHERE n.superseded = 0 GROUP BY d.key"
        )
        return {r["dimension"]: r["best"] for r in rows if r["best"] is not None}

    # ---- moving history between machines -----------------------------------
    def merge(self, attempts: list[dict[str, Any]], answers: list[dict[str, Any]]) -> tuple[int, int]:
        """Add attempts and answers (column -> value) in one transaction, skipping ids already here.
        Nothing is added when any row is refused."""
        added = [0, 0]
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for kind, (table, columns, rows) in enumerate(
                    (("attempt", ATTEMPT_COLUMNS, attempts), ("answer", ANSWER_COLUMNS, answers))
                ):
                    sql = (
                        f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
                    )
                    for row in rows:
                        added[kind] += self.conn.execute(sql, tuple(row.get(c) for c in columns)).rowcount
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        return added[0], added[1]


def _answer(r: sqlite3.Row) -> AnswerRow:
    return AnswerRow(
        r["id"],
        r["attempt_id"],
        r["position"],
        r["turn_id"],
        r["line"],
        r["answer"],
        r["latency_s"],
        r["duration_s"],
        r["total_s"],
        r["branch"],
        r["goto"],
        r["outcome"],
        r["coaching"],
        json.loads(r["dimensions"]),
        json.loads(r["criteria"]),
        r["overall"],
        bool(r["superseded"]),
        r["created_at"],
    )
