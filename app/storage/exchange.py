"""Moving history between machines and into gradebooks: JSON (lossless, mergeable) and CSV."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError

from ..core.delivery import Delivery
from .store import ATTEMPT_COLUMNS, AnswerRow, AttemptRow, Store

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
        data["answers"] = [_exported(answer) for answer in store.answers(attempt.id, include_superseded=True)]
        attempts.append(data)
    return {"format": FORMAT, "version": 1, "attempts": attempts}


def _exported(answer: AnswerRow) -> dict[str, Any]:
    """One answer for the export: a spoken answer's delivery goes with it, its recording doesn't (audio files
    stay on the machine they were made on)."""
    data = asdict(answer)
    data.pop("audio", None)
    for optional in ("delivery", "peer"):
        if data.get(optional) is None:
            data.pop(optional, None)
    return data


class _Goodwill(BaseModel):
    """How an answer moved the recruiter's goodwill (GoodwillStep.to_json)."""

    model_config = ConfigDict(extra="ignore")

    before: Annotated[int, Field(ge=0, le=100)]
    after: Annotated[int, Field(ge=0, le=100)]
    changes: list[tuple[StrictStr, StrictInt]] = []


class _Answer(BaseModel):
    """One answer as `export_json` writes it."""

    model_config = ConfigDict(extra="ignore")

    id: StrictStr
    attempt_id: StrictStr
    position: StrictInt
    turn_id: StrictStr
    line: StrictStr
    answer: StrictStr
    latency_s: float | None = None
    duration_s: float | None = None
    total_s: float | None = None
    branch: StrictInt | None = None
    goto: StrictStr | None = None
    outcome: StrictStr | None = None
    coaching: StrictStr | None = None
    dimensions: dict[str, dict[str, Any]]
    criteria: list[dict[str, Any]]
    overall: float
    superseded: StrictBool = False
    created_at: StrictStr
    goodwill: _Goodwill | None = None
    delivery: dict[str, Any] | None = None  # Delivery.to_json() of a spoken answer
    peer: dict[str, Any] | None = None  # a partner's marks in a pair round (PeerMark.to_json)


class _Attempt(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: StrictStr
    scenario_id: StrictStr
    scenario_title: StrictStr
    scenario_hash: StrictStr = ""
    started_at: StrictStr
    finished_at: StrictStr | None = None
    outcome: StrictStr | None = None
    closing_line: StrictStr | None = None
    profile: dict[str, Any] | None = None
    mode: Literal["solo", "pair"] = "solo"
    players: dict[str, Any] | None = None  # pair rounds: pair_id, candidate, recruiter, fist_before, fist_after
    answers: list[_Answer] = []


class _Export(BaseModel):
    """The whole file: checked before anything is written."""

    format: Literal["counteroffer-history"]
    version: Literal[1]
    attempts: list[_Attempt]


def _where(location: tuple[int | str, ...]) -> str:
    """("attempts", 3, "answers", 0, "dimensions") -> "attempts[3].answers[0].dimensions"."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(the file)"


def import_json(store: Store, data: Any) -> tuple[int, int]:
    """Merge another machine's export; attempts and answers already here (same id, in any case) are skipped.
    The whole file is checked first and merged in one transaction: a bad field names its place, and nothing
    is imported."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportProblem(
            "this is not a Counteroffer history export (expected a JSON file made by "
            "File → Export history or `counteroffer export --format json`)"
        )
    try:
        export = _Export.model_validate(data)
    except ValidationError as error:
        problems = [f"{_where(e['loc'])}: {e['msg']}" for e in error.errors()[:5]]
        more = f" (and {error.error_count() - 5} more)" if error.error_count() > 5 else ""
        raise ImportProblem(
            f"the export is incomplete or damaged ({'; '.join(problems)}{more}); nothing was imported"
        ) from None
    for i, attempt in enumerate(export.attempts):
        for j, answer in enumerate(attempt.answers):
            if answer.attempt_id.lower() != attempt.id.lower():
                raise ImportProblem(
                    f"the export is damaged (attempts[{i}].answers[{j}].attempt_id: {answer.attempt_id!r} is not "
                    f"its rehearsal's id {attempt.id!r}); nothing was imported"
                )
            if answer.delivery is not None:
                try:
                    Delivery.from_json(answer.delivery)
                except (KeyError, TypeError, ValueError, AttributeError) as problem:
                    raise ImportProblem(
                        f"the export is damaged (attempts[{i}].answers[{j}].delivery: {problem!r}); nothing was "
                        "imported"
                    ) from None
    attempts = [
        {
            **attempt.model_dump(exclude={"answers"}),
            "profile": json.dumps(attempt.profile or {}),
            "players": json.dumps(attempt.players) if attempt.players is not None else None,
        }
        for attempt in export.attempts
    ]
    answers = [
        {
            **answer.model_dump(),
            "attempt_id": attempt.id,
            "dimensions": json.dumps(answer.dimensions),
            "criteria": json.dumps(answer.criteria),
            "goodwill": json.dumps(answer.goodwill.model_dump()) if answer.goodwill else None,
            "delivery": json.dumps(answer.delivery) if answer.delivery is not None else None,
            "peer": json.dumps(answer.peer) if answer.peer is not None else None,
            "audio": None,  # recordings are not exported
        }
        for attempt in export.attempts
        for answer in attempt.answers
    ]
    try:
        return store.merge(attempts, answers)
    except sqlite3.IntegrityError as problem:
        raise ImportProblem(f"the export is incomplete or damaged ({problem}); nothing was imported") from None


def csv_columns(dimensions: Iterable[str]) -> tuple[str, ...]:
    return (
        "attempt_id",
        "scenario_id",
        "scenario_title",
        "started_at",
        "outcome",
        "position",
        "try",
        "latest_try",
        "turn_id",
        "line",
        "answer",
        "latency_s",
        "duration_s",
        "overall",
        *dimensions,
        "goodwill",
        *DELIVERY_COLUMNS,
        *PAIR_COLUMNS,
    )


# Pair role-play rounds: who answered and who played the recruiter, and the partner's marks; empty when alone.
PAIR_COLUMNS = ("mode", "candidate", "recruiter_player", "peer_confidence", "peer_respect", "peer_ticked")


def pair_cells(attempt: AttemptRow, answer: AnswerRow) -> list[object]:
    players, peer = attempt.players or {}, answer.peer or {}
    ticked = [question for question, ticked in (peer.get("checks") or {}).items() if ticked]
    return [
        attempt.mode,
        players.get("candidate", ""),
        players.get("recruiter", ""),
        peer.get("confidence") or "",
        peer.get("respect") or "",
        "; ".join(ticked),
    ]


# A spoken answer's delivery, empty for a typed one. Filler counts are a lower bound (speech-to-text misses some).
DELIVERY_COLUMNS = (
    "onset_s",
    "speaking_s",
    "words_per_minute",
    "fillers",
    "fillers_per_minute",
    "long_pauses",
    "transcript_edited",
)


def delivery_cells(delivery: Delivery | None) -> list[object]:
    if delivery is None:
        return [""] * len(DELIVERY_COLUMNS)
    per_minute = delivery.fillers_per_minute
    return [
        "" if delivery.onset_s is None else round(delivery.onset_s, 2),
        round(delivery.speaking_s, 2),
        "" if delivery.words_per_minute is None else round(delivery.words_per_minute),
        len(delivery.fillers),
        "" if per_minute is None else round(per_minute, 1),
        len(delivery.long_pauses()),
        "yes" if delivery.edited else "no",
    ]


def export_csv(
    store: Store,
    dimensions: Iterable[str],
    since: str | None = None,
    until: str | None = None,
    attempt_id: str | None = None,
) -> str:
    """One row per answer, every try of a moment included (numbered, the latest marked), with a column per
    dimension of the rubric and the recruiter's goodwill after it: for an instructor's gradebook."""
    dimensions = tuple(dimensions)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_columns(dimensions))
    for attempt in selected(store, since, until, attempt_id):
        for answer in store.answers(attempt.id, include_superseded=True):
            writer.writerow(
                [
                    attempt.id,
                    attempt.scenario_id,
                    attempt.scenario_title,
                    attempt.started_at,
                    attempt.outcome or "",
                    answer.position + 1,
                    answer.try_number,
                    "no" if answer.superseded else "yes",
                    answer.turn_id,
                    answer.line,
                    answer.answer,
                    answer.latency_s,
                    answer.duration_s,
                    answer.overall,
                    *(answer.dimensions.get(d, {}).get("score") for d in dimensions),
                    answer.goodwill["after"] if answer.goodwill else "",
                    *delivery_cells(answer.spoken),
                    *pair_cells(attempt, answer),
                ]
            )
    return out.getvalue()
