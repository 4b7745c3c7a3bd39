"""`counteroffer score`: one answer explained in the terminal, or a class's answers in batch."""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

from ..core.batch import BatchError, csv_header, csv_row, read_rows, score_rows
from ..core.branching import choose, describe
from ..core.library import Library
from ..core.profile import Profile
from ..core.scoring import AnswerContext, Timing
from ..practice import Practice
from ..reports.text import text_report
from .common import profile_option, use_colour
from .errors import CliError


def run(args: argparse.Namespace) -> int:
    if (args.text is None) == (args.batch is None):
        raise CliError('give an answer in quotes, or --batch FILE (see "counteroffer score --help")')
    profile = profile_option(args)
    return score_batch(args, profile) if args.batch else score_one(args, profile)


def score_one(args: argparse.Namespace, profile: Profile | None) -> int:
    practice = Practice()
    context = AnswerContext(profile=profile, timing=Timing(args.latency, args.duration))
    scenario = turn = None
    if args.scenario:
        scenario = practice.load_library().get(args.scenario)
        if scenario is None:
            raise CliError(
                f'no scenario "{args.scenario}" (see the library, or "counteroffer validate" for broken files)'
            )
        turn = scenario.turns.get(args.turn or scenario.start_turn)
        if turn is None:
            raise CliError(
                f'scenario "{scenario.id}" has no turn "{args.turn}"; its turns are: {", ".join(scenario.turns)}'
            )
        context = AnswerContext(scenario, turn, profile, context.timing)
    elif args.turn:
        raise CliError("--turn needs --scenario")
    score = practice.scorer().score(args.text, context)
    route = None
    if scenario is not None and turn is not None:
        index, chosen = choose(turn, score, scenario, profile)
        route = f"In the scenario, this answer {describe(chosen)}" + (
            f" (branch {index + 1})." if index is not None else " (no branch matched)."
        )
    if (args.format or "text") == "json":
        result = score.to_json()
        if route:
            result["route"] = route
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(text_report(args.text, score, colour=use_colour(args.color), route=route))
    return 0


class Progress:
    """A progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled, self.last = total, enabled, 0.0

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.1 and done != self.total):
            return
        self.last = now
        width = 30
        filled = round(width * done / max(self.total, 1))
        sys.stderr.write(f"\rScoring {'█' * filled}{'░' * (width - filled)} {done}/{self.total}")
        if done == self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def score_batch(args: argparse.Namespace, profile: Profile | None) -> int:
    path = Path(args.batch)
    fmt = args.format or "jsonl"
    if fmt not in ("jsonl", "csv"):
        raise CliError("--batch writes jsonl or csv")
    try:
        rows = list(read_rows(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"can't read {path}: {exc}") from None
    except BatchError as exc:
        raise CliError(f"{path}: {exc}") from None
    practice = Practice()
    defaults = {
        k: v
        for k, v in (
            ("scenario", args.scenario),
            ("turn", args.turn),
            ("latency_s", args.latency),
            ("duration_s", args.duration),
        )
        if v is not None
    }
    needs_library = args.scenario or any(r.data.get("scenario") for r in rows)
    scenarios = practice.load_library() if needs_library else Library()
    progress = Progress(len(rows), args.progress or sys.stderr.isatty())
    results = score_rows(rows, practice.scorer(), scenarios, profile, defaults, progress)
    dimensions = list(practice.dimensions())
    writer = csv.writer(sys.stdout) if fmt == "csv" else None
    if writer:
        writer.writerow(csv_header(dimensions))
    errors = 0
    for result in results:
        errors += "error" in result
        if writer:
            writer.writerow(csv_row(result, dimensions))
        else:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    if errors:
        print(f"{errors} of {len(rows)} rows could not be scored (see their error field)", file=sys.stderr)
    return 0
