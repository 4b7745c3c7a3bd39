"""Moving history between machines and into gradebooks: JSON (lossless, mergeable) and CSV."""
from __future__ import annotations

import csv
import io
import json
from typing import Optional

from .store import DIMENSIONS, Store

FORMAT = "counteroffer-history"
ATTEMPT_FIELDS = ("id", "scenario_id", "scenario_title", "scenario_hash", "started_at", "finished_at", "outcome",
                  "closing_line", "profile")
ANSWER_FIELDS = ("id", "attempt_id", "position", "turn_id", "line", "answer", "latency_s", "duration_s", "total_s",
                 "branch", "goto", "outcome", "coaching", "dimensions", "criteria", "overall", "superseded",
                 "created_at", *DIMENSIONS)


class ImportProblem(Exception):
    pass


def _selected(store: Store, since: Optional[str], until: Optional[str], attempt_id: Optional[str]) -> list[str]:
    if attempt_id is not None:
        return [attempt_id] if store.attempt(attempt_id) is not None else []
    return [a.id for a in reversed(store.attempts(since=since, until=until))]


def export_json(store: Store, since: Optional[str] = None, until: Optional[str] = None,
                attempt_id: Optional[str] = None) -> dict:
    attempts = []
    for aid in _selected(store, since, until, attempt_id):
        attempt = {k: store.attempt(aid)[k] for k in ATTEMPT_FIELDS}
        attempt["profile"] = json.loads(attempt["profile"] or "{}")
        rows = store._query("SELECT * FROM answer WHERE attempt_id = ? ORDER BY position, created_at", (aid,))
        attempt["answers"] = [{**{k: r[k] for k in ANSWER_FIELDS}, "dimensions": json.loads(r["dimensions"]),
                               "criteria": json.loads(r["criteria"])} for r in rows]
        attempts.append(attempt)
    return {"format": FORMAT, "version": 1, "attempts": attempts}


def import_json(store: Store, data: dict) -> tuple[int, int]:
    """Merge another machine's export; attempts and answers already here (same id) are skipped."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportProblem("this is not a Counteroffer history export (expected a JSON file made by "
                            "File → Export history or `counteroffer export --format json`)")
    added_attempts = added_answers = 0
    with store._lock:
        conn = store.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for attempt in data.get("attempts", []):
                values = {**{k: attempt.get(k) for k in ATTEMPT_FIELDS},
                          "profile": json.dumps(attempt.get("profile") or {})}
                cursor = conn.execute(f"INSERT OR IGNORE INTO attempt ({', '.join(ATTEMPT_FIELDS)}) VALUES "
                                      f"({', '.join('?' * len(ATTEMPT_FIELDS))})", tuple(values.values()))
                added_attempts += cursor.rowcount
                for answer in attempt.get("answers", []):
                    row = {**{k: answer.get(k) for k in ANSWER_FIELDS}, "dimensions": json.dumps(answer["dimensions"]),
                           "criteria": json.dumps(answer["criteria"])}
                    cursor = conn.execute(f"INSERT OR IGNORE INTO answer ({', '.join(ANSWER_FIELDS)}) VALUES "
                                          f"({', '.join('?' * len(ANSWER_FIELDS))})", tuple(row.values()))
                    added_answers += cursor.rowcount
            conn.execute("COMMIT")
        except (KeyError, TypeError, ValueError, json.JSONDecodeError) as problem:
            conn.execute("ROLLBACK")
            raise ImportProblem(f"the export is incomplete or damaged ({problem}); nothing was imported") from None
        except Exception:
            conn.execute("ROLLBACK")
            raise
    return added_attempts, added_answers


CSV_COLUMNS = ("attempt_id", "scenario_id", "scenario_title", "started_at", "outcome", "position", "turn_id",
               "line", "answer", "latency_s", "duration_s", "overall", *DIMENSIONS)


def export_csv(store: Store, since: Optional[str] = None, until: Optional[str] = None,
               attempt_id: Optional[str] = None) -> str:
    """One row per answer, with a column per dimension: for an instructor's gradebook."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for attempt in export_json(store, since, until, attempt_id)["attempts"]:
        for answer in attempt["answers"]:
            if answer["superseded"]:
                continue
            writer.writerow([attempt["id"], attempt["scenario_id"], attempt["scenario_title"], attempt["started_at"],
                             attempt["outcome"] or "", answer["position"] + 1, answer["turn_id"], answer["line"],
                             answer["answer"], answer["latency_s"], answer["duration_s"], answer["overall"],
                             *(answer[d] for d in DIMENSIONS)])
    return out.getvalue()
