"""The practice history: every answer committed the moment it is scored, and read back as dataclasses.

Opening the file (migrations, backups, recovery) is `connection.py`'s job. A write the disk refuses is kept
in memory and retried with the next one, so nothing is lost while the app is open.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..core.delivery import Delivery
from ..core.profile import Profile
from ..core.scenario import Scenario
from ..core.session import TurnRecord
from .connection import BUSY_TIMEOUT_S, forget_open, is_damage, open_history, start_over

LATENCY = "latency_s"  # charted beside the dimensions: seconds before answering
ONSET = "onset_s"  # spoken answers: seconds from the end of the recruiter's line to the first word
FILLERS = "fillers_per_min"  # spoken answers: fillers a minute of speaking
_TRENDS = {  # what each charted figure averages over an attempt's answers (NULL where it doesn't apply)
    LATENCY: "n.latency_s",
    ONSET: "json_extract(n.delivery, '$.onset_s')",
    FILLERS: "json_array_length(n.delivery, '$.fillers') * 60.0 / NULLIF(json_extract(n.delivery, '$.speaking_s'), 0)",
}
RECORDINGS = "recordings"  # the folder beside the history file where kept recordings of spoken answers live
# fmt: off
ATTEMPT_COLUMNS = ("id", "scenario_id", "scenario_title", "scenario_hash", "started_at", "finished_at", "outcome",
                   "closing_line", "profile", "mode", "players")
ANSWER_COLUMNS = ("id", "attempt_id", "position", "turn_id", "line", "answer", "latency_s", "duration_s", "total_s",
                  "branch", "goto", "outcome", "coaching", "dimensions", "criteria", "overall", "superseded",
                  "created_at", "goodwill", "delivery", "audio", "peer")
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
    mode: str = "solo"  # "pair": a pair role-play round
    players: dict[str, Any] | None = None  # pair rounds: pair_id, candidate, recruiter, fist_before, fist_after

    @property
    def candidate(self) -> str | None:
        """Who answered in a pair round (None when practising alone)."""
        return (self.players or {}).get("candidate")


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
    goodwill: dict[str, Any] | None = None  # GoodwillStep.to_json(); None for answers from before goodwill
    try_number: int = 1  # 1 for the first answer at this position, 2 after "try again", ...
    delivery: dict[str, Any] | None = None  # Delivery.to_json() of a spoken answer; None for a typed one
    audio: str | None = None  # the kept recording's path (absolute), or None
    peer: dict[str, Any] | None = None  # a partner's marks in a pair round (core/pair.PeerMark.to_json)

    @property
    def spoken(self) -> Delivery | None:
        """How a spoken answer was delivered, as a Delivery; None for a typed answer."""
        return Delivery.from_json(self.delivery) if self.delivery is not None else None


@dataclass
class _Pending:
    """Writes that could not reach the disk yet, replayed in order when it works again (and kept in a side
    file beside the history, so a crash doesn't lose them either)."""

    statements: list[tuple[str, tuple[object, ...]]] = field(default_factory=list)


class HistoryReadOnly(Exception):
    """The history can't be written: a read-only folder or file, a history that couldn't be opened (in memory
    only), or one another Counteroffer holds locked."""


def _clean(value: object) -> object:
    """Text that SQLite can store: lone surrogates (undecodable input) become U+FFFD."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "surrogateescape" if _escaped_only(value) else "replace").decode(
                "utf-8", "replace"
            )
    return value


def _escaped_only(value: str) -> bool:
    return all(not 0xD800 <= ord(c) <= 0xDFFF or 0xDC80 <= ord(c) <= 0xDCFF for c in value)


class Store:
    def __init__(self, path: Path | None, now: Callable[[], str] = utc_now):
        self.path = path
        self.now = now
        self.notices: list[str] = []
        self.listeners: list[Callable[[str], None]] = []  # told each notice that comes up after opening
        self._lock = threading.RLock()
        self._pending = _Pending()
        self._session: list[tuple[str, tuple[object, ...]]] = []  # this session's writes, for a fresh start
        self._closed = False
        self._refusal: str | None = None  # the notice about writes being kept, while some are
        opened = open_history(path, self.notices)
        self.conn = opened.conn
        self.on_disk = opened.on_disk
        self.read_only = opened.read_only
        self._replay_side_file()

    @property
    def readable(self) -> bool:
        """False when a history file was asked for but couldn't be opened (this store is in memory)."""
        return self.path is None or self.on_disk

    @property
    def pending_file(self) -> Path | None:
        return None if self.path is None else self.path.with_name(self.path.name + ".pending.jsonl")

    def close(self) -> None:
        with self._lock:
            if self._pending.statements and not self.read_only:
                self.flush()
            self.conn.close()
            if not self._closed and self.on_disk and self.path is not None and not self.read_only:
                forget_open(self.path)
            self._closed = True

    def _notice(self, message: str, again: bool = False) -> None:
        """Keep `message` for whoever looks, and tell the listeners; said once unless `again`."""
        if again and message in self.notices:
            self.notices.remove(message)
        if message not in self.notices:
            self.notices.append(message)
            for listener in self.listeners:
                listener(message)

    # ---- writing ----------------------------------------------------------
    def _write(self, sql: str, params: tuple[object, ...]) -> bool:
        """Run one write now, or keep it (in memory and in the side file) if the disk refuses (full,
        read-only, locked) and tell the student; it is retried with the next write."""
        params = tuple(_clean(p) for p in params)
        with self._lock:
            self._session.append((sql, params))
            self._pending.statements.append((sql, params))
            if self.flush():
                return True
            self._keep_on_disk(sql, params)
            return False

    def flush(self) -> bool:
        """Try to commit every kept write; True when none is left."""
        with self._lock:
            if not self._pending.statements:
                return True
            if self.read_only:
                self._notice(
                    "Your practice history is read-only, so new answers can't be saved to it. They are kept "
                    "while the app is open."
                )
                return False
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                for statement, values in self._pending.statements:
                    self.conn.execute(statement, values)
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError as error:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if is_damage(error) and self.on_disk:
                    self._recover(error)
                    return self.flush()
                self._refused(error)
                return False
            self.conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            self._pending.statements.clear()
            if self._refusal is not None:  # said they were kept: now say they are saved
                self._refusal = None
                self._notice("The answers that were kept are saved in your history now.", again=True)
            side = self.pending_file
            if side is not None and self.on_disk:
                side.unlink(missing_ok=True)
            return True

    def _refused(self, error: sqlite3.DatabaseError) -> None:
        text = str(error).lower()
        if "locked" in text or "busy" in text:
            why = "another Counteroffer is using your history (close it, or wait for it to finish)"
            self.conn.execute("PRAGMA busy_timeout=200")  # don't wait the full timeout for every answer
        else:
            why = f"the disk refused the write ({error})"
        where = " and in a file beside your history" if self.on_disk and self.pending_file is not None else ""
        message = (
            f"Your answers can't be saved right now: {why}. They are kept while the app is open{where}, "
            "and saved as soon as the history can be written."
        )
        if message != self._refusal:  # once per spell of refusals (and again if the problem changes)
            self._refusal = message
            self._notice(message, again=True)

    def _keep_on_disk(self, sql: str, params: tuple[object, ...]) -> None:
        """Append the refused write to history.db.pending.jsonl (fsynced): replayed at the next open."""
        side = self.pending_file
        if side is None or not self.on_disk or self.read_only:
            return
        try:
            with open(side, "a", encoding="utf-8") as handle:
                handle.write(json.dumps({"sql": sql, "params": list(params)}, ensure_ascii=False) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            self._notice(
                f"Your unsaved answers couldn't be copied beside your history either ({error.strerror or error}); "
                "keep the app open until they are saved."
            )

    def _replay_side_file(self) -> None:
        side = self.pending_file
        if side is None or not self.on_disk or self.read_only or not side.exists():
            return
        kept: list[tuple[str, tuple[object, ...]]] = []
        for line in side.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                item = json.loads(line)
                kept.append((str(item["sql"]), tuple(item["params"])))
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a crash while it was written
        with self._lock:
            self._pending.statements = kept + self._pending.statements
            self._session.extend(kept)
            count = self.unsaved_answers
            if self.flush() and count:
                self._notice(
                    f"{count} answer{'s' if count != 1 else ''} that couldn't be saved last time "
                    f"{'were' if count != 1 else 'was'} saved now."
                )

    def _recover(self, error: Exception) -> None:
        """The file was damaged while open: move it aside, start a fresh one, and keep this session's writes."""
        assert self.path is not None
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        forget_open(self.path)
        self.conn = start_over(self.path, error, self.notices)
        for listener in self.listeners:
            listener(self.notices[-1])
        self._pending.statements = list(self._session)  # every write of this session, in order (idempotent)

    @property
    def unsaved(self) -> int:
        return len(self._pending.statements)

    @property
    def unsaved_answers(self) -> int:
        """Answers not (yet) in the history file: kept writes, or every answer when the file couldn't be opened
        and this store lives in memory."""
        writes = self._session if self.path is not None and not self.on_disk else self._pending.statements
        return sum(1 for statement, _ in writes if "INTO answer" in statement)

    def start_attempt(
        self, scenario: Scenario, profile: Profile | None = None, players: dict[str, Any] | None = None
    ) -> str:
        """A new rehearsal; `players` makes it a pair role-play round (core/pair.PairPlan.players)."""
        attempt_id = str(uuid.uuid4())
        snapshot = profile.model_dump_json() if profile is not None else "{}"
        self._write(
            "INSERT OR IGNORE INTO attempt (id, scenario_id, scenario_title, scenario_hash, started_at, profile, "
            "mode, players) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                attempt_id,
                scenario.id,
                scenario.title,
                scenario_hash(scenario),
                self.now(),
                snapshot,
                "pair" if players is not None else "solo",
                json.dumps(players) if players is not None else None,
            ),
        )
        return attempt_id

    def set_players(self, attempt_id: str, players: dict[str, Any]) -> None:
        """Update a pair round's players (the fist-to-five after the session comes last)."""
        self._write("UPDATE attempt SET players = ? WHERE id = ?", (json.dumps(players), attempt_id))

    def record(self, attempt_id: str, record: TurnRecord) -> str:
        """Commit one scored answer (a session TurnRecord) at once."""
        answer_id = str(uuid.uuid4())
        data = record.score.to_json()
        self._write(
            "INSERT OR IGNORE INTO answer (id, attempt_id, position, turn_id, line, answer, latency_s, duration_s, "
            "total_s, branch, goto, outcome, coaching, dimensions, criteria, overall, created_at, goodwill, delivery, "
            "audio, peer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                json.dumps(record.goodwill_step.to_json()) if record.goodwill_step else None,
                json.dumps(record.delivery.to_json()) if record.delivery is not None else None,
                self._stored_path(record.audio),
                json.dumps(record.peer) if record.peer is not None else None,
            ),
        )
        return answer_id

    # ---- recordings of spoken answers ---------------------------------------
    @property
    def recordings_dir(self) -> Path | None:
        """Where kept recordings live: a `recordings` folder beside the history file (None for a history in
        memory)."""
        return None if self.path is None else self.path.parent / RECORDINGS

    def _stored_path(self, audio: str | Path | None) -> str | None:
        """A recording's path as the history keeps it: relative to the history's folder when inside it (so a
        data folder that moves, such as a class USB stick, keeps its recordings), else as given."""
        if audio is None:
            return None
        path = Path(audio)
        if self.path is not None:
            with contextlib.suppress(ValueError, OSError):
                return path.resolve().relative_to(self.path.parent.resolve()).as_posix()
        return str(path)

    def _read_path(self, stored: str | None) -> str | None:
        if not stored:
            return None
        path = Path(stored)
        if not path.is_absolute() and self.path is not None:
            path = self.path.parent / path
        return str(path)

    def set_audio(self, answer_id: str, audio: str | Path | None) -> None:
        """Note where an answer's recording was kept (after the answer was recorded), or that it is gone."""
        self._write("UPDATE answer SET audio = ? WHERE id = ?", (self._stored_path(audio), answer_id))

    def delete_recordings(self) -> int:
        """Delete every kept recording: the files the history points to and anything else in the recordings
        folder, and clear the paths (the answers, transcripts and delivery figures stay). Returns how many
        files were deleted. A file that can't be deleted is left in place and said so in a notice."""
        rows = self._query("SELECT DISTINCT audio FROM answer WHERE audio IS NOT NULL AND audio != ''")
        files = {Path(p) for p in (self._read_path(r["audio"]) for r in rows) if p is not None}
        folder = self.recordings_dir
        if folder is not None and folder.is_dir():
            files |= {p for p in folder.rglob("*") if p.is_file()}
        deleted, stuck = 0, []
        for path in sorted(files):
            try:
                if path.is_file():
                    path.unlink()
                    deleted += 1
            except OSError as error:
                stuck.append(f"{path.name} ({error.strerror or error})")
        if folder is not None and folder.is_dir():
            for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
                with contextlib.suppress(OSError):
                    sub.rmdir()
        self._write("UPDATE answer SET audio = NULL WHERE audio IS NOT NULL", ())
        if stuck:
            self._notice(f"Some recordings couldn't be deleted: {', '.join(stuck[:3])}.", again=True)
        return deleted

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
            try:
                return self.conn.execute(sql, tuple(params)).fetchall()
            except sqlite3.DatabaseError as error:
                if not (is_damage(error) and self.on_disk and not self.read_only):
                    raise
                self._recover(error)
                self.flush()
                return self.conn.execute(sql, tuple(params)).fetchall()

    def attempts(
        self,
        scenario_id: str | None = None,
        since: str | None = None,
        until: str | None = None,
        unfinished: bool = False,
        student: str | None = None,
    ) -> list[AttemptRow]:
        """Rehearsals, newest first: of one scenario, started in [since, until), only the unfinished ones, or the
        pair rounds `student` took part in (as candidate or recruiter)."""
        where, params = ["1"], []
        if student is not None:
            where.append("(json_extract(a.players, '$.candidate') = ? OR json_extract(a.players, '$.recruiter') = ?)")
            params += [student, student]
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
                r["mode"] or "solo",
                json.loads(r["players"]) if r["players"] else None,
            )
            for r in rows
        ]

    def students(self) -> list[str]:
        """Everyone named in a pair round, sorted."""
        rows = self._query(
            "SELECT DISTINCT json_extract(players, '$.candidate') AS name FROM attempt WHERE players IS NOT NULL "
            "UNION SELECT DISTINCT json_extract(players, '$.recruiter') FROM attempt WHERE players IS NOT NULL"
        )
        return sorted({r[0] for r in rows if r[0]}, key=str.casefold)

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
        """The answers kept in the debrief, in order; with `include_superseded`, every try (earlier tries of a
        moment come before its latest), each with its try number."""
        rows = self._query(
            "SELECT *, ROW_NUMBER() OVER (PARTITION BY position ORDER BY created_at, rowid) AS try_number "
            "FROM answer WHERE attempt_id = ? ORDER BY position, created_at, rowid",
            (attempt_id,),
        )
        return [_answer(r, self._read_path(r["audio"])) for r in rows if include_superseded or not r["superseded"]]

    def attempt(self, attempt_id: str) -> AttemptRow | None:
        rows = self._attempt_rows("a.id = ?", (attempt_id,))
        return rows[0] if rows else None

    def progress(self, dimension: str, scenario_id: str | None = None) -> list[tuple[str, float]]:
        """Each attempt's average on one dimension (or LATENCY, ONSET, FILLERS), oldest first (for charts); an
        attempt with nothing to average (no spoken answer, for ONSET and FILLERS) is left out, and so are pair
        role-play rounds (a partner's answers are not this student's progress)."""
        value = _TRENDS.get(dimension, "json_extract(n.dimensions, ?)")
        params: list[Any] = [] if dimension in _TRENDS else [f'$."{dimension}".score']
        rows = self._query(
            f"SELECT a.started_at, AVG({value}) AS v FROM attempt a JOIN answer n ON n.attempt_id = a.id "
            "AND n.superseded = 0 WHERE a.mode = 'solo' "  # pair rounds are a class's, not this student's progress
            + ("AND a.scenario_id = ? " if scenario_id else "")
            + "GROUP BY a.id HAVING v IS NOT NULL ORDER BY a.started_at",
            params + ([scenario_id] if scenario_id else []),
        )
        return [(r["started_at"], r["v"]) for r in rows]

    def personal_bests(self) -> dict[str, float]:
        """The best single answer on each dimension (practising alone)."""
        rows = self._query(
            "SELECT d.key AS dimension, MAX(json_extract(d.value, '$.score')) AS best FROM attempt a "
            "JOIN answer n ON n.attempt_id = a.id, json_each(n.dimensions) d "
            "WHERE n.superseded = 0 AND a.mode = 'solo' GROUP BY d.key"
        )
        return {r["dimension"]: r["best"] for r in rows if r["best"] is not None}

    # ---- moving history between machines -----------------------------------
    def merge(self, attempts: list[dict[str, Any]], answers: list[dict[str, Any]]) -> tuple[int, int]:
        """Add attempts and answers (column -> value) in one transaction, skipping ids already here (ids are
        compared without regard to case, here and within the rows given). Nothing is added when any row is
        refused; a history that can't be written raises HistoryReadOnly."""
        if self.read_only or not self.readable:
            raise HistoryReadOnly(
                "your practice history can't be written (its folder or file is read-only, or it couldn't be "
                "opened); nothing was imported"
            )
        with self._lock:
            for tries_left in (1, 0):
                try:
                    return self._merge(attempts, answers)
                except sqlite3.IntegrityError:
                    raise
                except sqlite3.DatabaseError as error:
                    if tries_left and is_damage(error) and self.on_disk:
                        self._recover(error)  # a fresh history (this session's answers kept), then try again
                        self.flush()
                        continue
                    text = str(error).lower()
                    why = "another Counteroffer is using it" if "locked" in text or "busy" in text else str(error)
                    raise HistoryReadOnly(
                        f"your practice history can't be written right now ({why}); nothing was imported"
                    ) from None
        raise AssertionError("unreachable")

    def _merge(self, attempts: list[dict[str, Any]], answers: list[dict[str, Any]]) -> tuple[int, int]:
        added = [0, 0]
        spelling: dict[str, dict[str, object]] = {}  # per table: lower-case id -> the id as this history spells it
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for kind, (table, columns, rows) in enumerate(
                    (("attempt", ATTEMPT_COLUMNS, attempts), ("answer", ANSWER_COLUMNS, answers))
                ):
                    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
                    known = spelling[table] = {
                        str(r[0]).lower(): r[0] for r in self.conn.execute(f"SELECT id FROM {table}")
                    }
                    for row in rows:
                        values = {c: _clean(row.get(c)) for c in columns}
                        if table == "answer":
                            attempt = values["attempt_id"]
                            values["attempt_id"] = spelling["attempt"].get(str(attempt).lower(), attempt)
                        key = str(values["id"]).lower()
                        if key in known:
                            continue
                        known[key] = values["id"]
                        added[kind] += self.conn.execute(sql, tuple(values[c] for c in columns)).rowcount
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        return added[0], added[1]


def _answer(r: sqlite3.Row, audio: str | None = None) -> AnswerRow:
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
        json.loads(r["goodwill"]) if r["goodwill"] else None,
        r["try_number"],
        json.loads(r["delivery"]) if r["delivery"] else None,
        audio,
        json.loads(r["peer"]) if r["peer"] else None,
    )
