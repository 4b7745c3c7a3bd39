"""Scoring a class's written answers: CSV or JSONL in, one result per row out, in input order."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from .branching import choose_alone, describe
from .library import Library
from .profile import Profile
from .scoring import AnswerContext, Scorer, Timing

FIELDS = ("id", "student", "scenario", "turn", "text", "latency_s", "duration_s")


MAX_ROW_CHARS = 131_072  # one CSV field or JSONL line; Python's csv module refuses longer fields anyway


class BatchError(Exception):
    """The input as a whole can't be read (not a single bad row)."""


@dataclass
class Row:
    number: int  # 1-based, after the header
    data: dict[str, Any]


def _bad(number: int, message: str) -> Row:
    return Row(number, {"__error__": message})


def read_rows(path: Path) -> Iterator[Row]:
    """Rows from a CSV file with a header, or a JSONL file (one object per line), read one at a time (memory
    stays flat however long the file). A row that can't be read comes back as an error row naming its number."""
    # bytes that aren't UTF-8 are kept as surrogates, so the row holding them is reported and the rest go on
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        head = handle.read(4096)
        handle.seek(0)
        if path.suffix.lower() in (".jsonl", ".ndjson", ".json") or head.lstrip().startswith("{"):
            yield from _jsonl_rows(handle)
        else:
            yield from _csv_rows(handle)


def count_rows(path: Path) -> int:
    """About how many rows the file holds (its non-empty lines, less a CSV header), read cheaply in binary:
    a progress bar's total (a CSV field spanning lines makes it an overestimate)."""
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    lines += last != b"\n"
    is_csv = path.suffix.lower() not in (".jsonl", ".ndjson", ".json")
    return max(0, lines - 1) if is_csv else lines


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a byte surrogateescape kept
        return False
    return True


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


_ENDS = ("\n", "\r")


def _jsonl_rows(handle: TextIO) -> Iterator[Row]:
    number = 0
    while True:
        line = handle.readline(MAX_ROW_CHARS + 1)
        if not line:
            return
        while not line.endswith(_ENDS) and len(line) <= MAX_ROW_CHARS:  # readline may stop short of its limit
            more = handle.readline(MAX_ROW_CHARS + 1 - len(line))
            if not more:
                break
            line += more
        too_long = len(line) > MAX_ROW_CHARS
        if too_long:
            while (rest := handle.readline(1 << 16)) and not rest.endswith(_ENDS):
                pass  # skip the rest of the line, a piece at a time
        if not line.strip():
            continue
        number += 1
        if too_long:
            yield _bad(number, f"line {number} is longer than {MAX_ROW_CHARS:,} characters")
            continue
        if not _is_utf8(line):
            yield _bad(number, f"line {number} is not UTF-8 text (save the file as UTF-8)")
            continue
        try:
            data = json.loads(line, parse_constant=_no_constants)
        except json.JSONDecodeError as exc:
            yield _bad(number, f"line {number} is not valid JSON ({exc.msg})")
            continue
        except (ValueError, RecursionError) as exc:
            yield _bad(number, f"line {number} is not valid JSON ({exc})")
            continue
        yield Row(number, data) if isinstance(data, dict) else _bad(number, f"line {number} is not an object")


def _csv_rows(handle: TextIO) -> Iterator[Row]:
    reader = csv.reader(handle, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise BatchError(f"the header row can't be read ({exc})") from None
    names = [(name or "").strip().lower() for name in header or []]
    if not all(_is_utf8(name) for name in names):
        raise BatchError("the header row is not UTF-8 text (save the file as UTF-8)")
    if "text" not in names:
        raise BatchError(
            'the CSV needs a header row with a "text" column (optional: id, student, scenario, '
            "turn, latency_s, duration_s)"
        )
    number = 0
    while True:
        number += 1
        try:
            values = next(reader)
            while not values:  # a blank line is no row (as csv.DictReader reads it)
                values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield _bad(number, f"row {number} (line {reader.line_num}) can't be read as CSV ({exc})")
            continue
        if not all(_is_utf8(value) for value in values):
            yield _bad(number, f"row {number} (line {reader.line_num}) is not UTF-8 text (save the file as UTF-8)")
            continue
        if any("\x00" in value for value in values):
            yield _bad(number, f"row {number} (line {reader.line_num}) contains a NUL character")
            continue
        if len(values) > len(names):
            fields = f"has {len(values)} fields; the header has {len(names)} (quote text that holds commas)"
            yield _bad(number, f"row {number} (line {reader.line_num}) {fields}")
            continue
        yield Row(number, dict(zip(names, values, strict=False)))


def row_fields(row: Row, defaults: dict[str, Any] | None = None) -> dict[str, Any]:
    """The row's non-empty fields over the defaults (an empty cell takes the default)."""
    return {**(defaults or {}), **{k: v for k, v in row.data.items() if v not in (None, "")}}


def score_rows(
    rows: Iterable[Row],
    scorer: Scorer,
    library: Library | Callable[[], Library],
    profile: Profile | None = None,
    defaults: dict[str, Any] | None = None,
    progress: Callable[[int], None] = lambda n: None,
) -> Iterator[dict[str, Any]]:
    """One result object per row, as each is read; a bad row yields an object with `error` and the rest go on.
    `library` may be a function that loads it: it is then called only when a row names a scenario."""
    scenarios = (lambda: library) if isinstance(library, Library) else cache(library)
    for count, row in enumerate(rows, start=1):
        data = row_fields(row, defaults)
        row_id = str(data.get("id") or row.number)[:200]
        try:
            result = {"id": row_id, **_score_row(data, scorer, scenarios, profile)}
            json.dumps(result, allow_nan=False)  # what the command will print must be valid JSON
            yield result
        except Exception as problem:  # one bad row never stops the batch
            message = str(problem) if isinstance(problem, ValueError) else f"can't be scored ({problem!r})"
            yield {"id": row_id, "student": _plain(data.get("student")), "error": message[:500]}
        progress(count)


def _plain(value: Any) -> str | None:
    return None if value is None else str(value)[:200]


def row_answer(
    data: dict[str, Any], library: Callable[[], Library], profile: Profile | None = None
) -> tuple[str, AnswerContext, str | None]:
    """A row's answer text, the context it is scored in (its scenario and turn, its timing) and the turn's id.
    ValueError for a row that can't be scored: no text, an unknown scenario or turn, bad seconds, a bad row."""
    if "__error__" in data:
        raise ValueError(data["__error__"])
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError('no answer text (the "text" field is empty or missing)')
    context = AnswerContext(profile=profile, timing=_timing(data))
    if not data.get("scenario"):
        return text, context, None
    scenario = library().get(str(data["scenario"]))
    if scenario is None:
        raise ValueError(f'unknown scenario "{data["scenario"]}"')
    turn_id = str(data.get("turn") or scenario.start_turn)
    turn = scenario.turns.get(turn_id)
    if turn is None:
        raise ValueError(f'scenario "{scenario.id}" has no turn "{turn_id}"')
    return text, AnswerContext(scenario, turn, profile, context.timing), turn_id


def _score_row(
    data: dict[str, Any], scorer: Scorer, library: Callable[[], Library], profile: Profile | None
) -> dict[str, Any]:
    text, context, turn_id = row_answer(data, library, profile)
    scenario, turn = context.scenario, context.turn
    score = scorer.score(text, context)
    result = {
        "student": data.get("student"),
        "scenario": scenario.id if scenario else None,
        "turn": turn_id,
        **score.to_json(),
    }
    if scenario is not None and turn is not None:  # a scenario always comes with its turn
        index, route, moved = choose_alone(turn, score, scenario, scorer.rubrics[scenario.rubric.id].goodwill, profile)
        result["goodwill"] = moved.to_json()
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
            seconds = float(value)
        except (TypeError, ValueError):
            seconds = math.nan
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f'{key} should be a number of seconds, not "{str(value)[:40]}"')
        return seconds

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
