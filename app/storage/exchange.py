"""Moving history between machines and into gradebooks: JSON (lossless, mergeable) and CSV."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from .store import ATTEMPT_COLUMNS, AttemptRow, Store

FORMAT = "counteroffer-history"


class ImportProblem(Exception):
    """A file that is not a history export, or one that is damaged; nothing was imported."""


def selected(
    store: Store, since: str | None = None, until: str | None = None, attempt_id: str | None = None
) -> list[AttemptRow]:
    """One rehearsal, or every rehearsal started in [since, until), oldest first."""
    if attempt_id is not None:
        attempt = store.attempt(attempt_id)
        return [attempt] if attempt is not None else []
    return list(reversed(store.attempts(since=since, until=until)))


def export_json(
    store: Store, since: str | None = None, until: str | None = None, attempt_id: str | None = None
) -> dict[str, Any]:
    attempts = []
    for attempt in selected(store, since, until, attempt_id):
        data: dict[str, Any] = {key: getattr(attempt, key) for key in ATTEMPT_COLUMNS}
        data["profile"] = json.loads(attempt.profile or "{}")
        data["answers"] = [asdict(answer) for answer in store.answers(attempt.id, include_superseded=True)]
        attempts.append(data)
    return {"format": FORMAT, "version": 1, "attempts": attempts}


def import_json(store: Store, data: Any) -> tuple[int, int]:
    """Merge another machine's export; attempts and answers already here (same id) are skipped."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportProblem(
            "this is not a Counteroffer history export (expected a JSON file made by "
            "File → Export history or `counteroffer export --format json`)"
        )
    try:
        attempts = [{**attempt, "profile": json.dumps(attempt.get("profile") or {})} for attempt in data["attempts"]]
        answers = [
            {**answer, "dimensions": json.dumps(answer["dimensions"]), "criteria": json.dumps(answer["criteria"])}
            for attempt in data["attempts"]
            for answer in attempt.get("answers", [])
        ]
        return store.merge(attempts, answers)
    except (KeyError, TypeError, ValueError, AttributeError, sqlite3.IntegrityError) as problem:
        raise ImportProblem(f"the export is incomplete or damaged ({problem}); nothing was imported") from None


def csv_columns(dimensions: Iterable[str]) -> tuple[str, ...]:
    return (
        "attempt_id",
        "scenario_id",
        "scenario_title",
        "started_at",
        "outcome",
        "position",
        "turn_id",
        "line",
        "answer",
        "latency_s",
        "duration_s",
        "overall",
        *dimensions,
    )


def export_csv(
    store: Store,
    dimensions: Iterable[str],
    since: str | None = None,
    until: str | None = None,
    attempt_id: str | None = None,
) -> str:
    """One row per answer, with a column per dimension of the rubric: for an instructor's gradebook."""
    dimensions = tuple(dimensions)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_columns(dimensions))
    for attempt in selected(store, since, until, attempt_id):
        for answer in store.answers(attempt.id):
            writer.writerow(
                [
                    attempt.id,
                    attempt.scenario_id,
                    attempt.scenario_title,
                    attempt.started_at,
                    attempt.outcome or "",
                    answer.position + 1,
                    answer.turn_id,
                    answer.line,
                    answer.answer,
                    answer.latency_s,
                    answer.duration_s,
                    answer.overall,
                    *(answer.dimensions.get(d, {}).get("score") for d in dimensions),
                ]
            )
    return out.getvalue()
