"""Scoring a class's written answers: CSV or JSONL in, one result per row out, in input order."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .branching import choose, describe
from .library import Library
from .profile import Profile
from .scoring import AnswerContext, Scorer, Timing

FIELDS = ("id", "student", "scenario", "turn", "text", "latency_s", "duration_s")


class BatchError(Exception):
    """The input as a whole can't be read (not a single bad row)."""


@dataclass
class Row:
    number: int  # 1-based, after the header
    data: dict[str, Any]


def read_rows(path: Path) -> Iterator[Row]:
    """Rows from a CSV file with a header, or a JSONL file (one object per line)."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json") or text.lstrip().startswith("{"):
        yield from _jsonl_rows(text)
    else:
        yield from _csv_rows(text)


def _jsonl_rows(text: str) -> Iterator[Row]:
    number = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        number += 1
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            data = {"__error__": f"line {number} is not valid JSON ({exc.msg})"}
        yield Row(number, data if isinstance(data, dict) else {"__error__": f"line {number} is not an object"})


def _csv_rows(text: str) -> Iterator[Row]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "text" not in [f.strip().lower() for f in reader.fieldnames]:
        raise BatchError(
            'the CSV needs a header row with a "text" column (optional: id, student, scenario, '
            "turn, latency_s, duration_s)"
        )
    for number, data in enumerate(reader, start=1):
        yield Row(number, {(k or "").strip().lower(): v for k, v in data.items()})


def score_rows(
    rows: Iterable[Row],
    scorer: Scorer,
    library: Library,
    profile: Profile | None = None,
    defaults: dict[str, Any] | None = None,
    progress: Callable[[int], None] = lambda n: None,
) -> Iterator[dict[str, Any]]:
    """One result object per row; a bad row yields an object with `error` and the rest go on."""
    for count, row in enumerate(rows, start=1):
        data = {**(defaults or {}), **{k: v for k, v in row.data.items() if v not in (None, "")}}
        row_id = str(data.get("id") or row.number)
        try:
            yield {"id": row_id, **_score_row(data, scorer, library, profile)}
        except ValueError as problem:
            yield {"id": row_id, "student": data.get("student"), "error": str(problem)}
        progress(count)


def _score_row(data: dict[str, Any], scorer: Scorer, library: Library, profile: Profile | None) -> dict[str, Any]:
    if "__error__" in data:
        raise ValueError(data["__error__"])
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError('no answer text (the "text" field is empty or missing)')
    context, scenario, turn = AnswerContext(profile=profile, timing=_timing(data)), None, None
    if data.get("scenario"):
        scenario = library.get(str(data["scenario"]))
        if scenario is None:
            raise ValueError(f'unknown scenario "{data["scenario"]}"')
        turn_id = str(data.get("turn") or scenario.start_turn)
        turn = scenario.turns.get(turn_id)
        if turn is None:
            raise ValueError(f'scenario "{scenario.id}" has no turn "{turn_id}"')
        context = AnswerContext(scenario, turn, profile, context.timing)
    score = scorer.score(text, context)
    result = {
        "student": data.get("student"),
        "scenario": scenario.id if scenario else None,
        "turn": turn_id if scenario else None,
        **score.to_json(),
    }
    if scenario is not None and turn is not None:  # a scenario always comes with its turn
        index, route = choose(turn, score, scenario, profile)
        result["route"] = {
            "branch": index,
            "goto": route.goto,
            "end": route.end.outcome if route.end else None,
            "text": describe(route),
        }
    return result


def _timing(data: dict[str, Any]) -> Timing:
    def number(key: str) -> float | None:
        value = data.get(key)
        if value is None:
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ValueError(f'{key} should be a number of seconds, not "{value}"') from None

    return Timing(number("latency_s"), number("duration_s"))


def csv_header(dimensions: Iterable[str]) -> list[str]:
    return ["id", "student", "scenario", "turn", "overall", *dimensions, "route", "error"]


def csv_row(result: dict[str, Any], dimensions: Iterable[str]) -> list[Any]:
    dims = result.get("dimensions", {})
    return [
        result.get("id"),
        result.get("student") or "",
        result.get("scenario") or "",
        result.get("turn") or "",
        result.get("overall", ""),
        *(dims.get(d, {}).get("score", "") for d in dimensions),
        (result.get("route") or {}).get("text", ""),
        result.get("error", ""),
    ]
