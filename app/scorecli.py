"""The `counteroffer score` job: one answer explained in the terminal, or a class's answers in batch."""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

from . import paths
from .core.batch import BatchError, csv_header, csv_row, read_rows, score_rows
from .core.branching import choose, describe
from .core.library import Library, load_library
from .core.profile import Profile
from .core.report import text_report
from .core.scoring import Context, Timing, default_scorer


def library() -> Library:
    builtin = paths.builtin_scenarios()
    return load_library([builtin] + ([paths.user_scenarios()] if paths.user_scenarios().is_dir() else []),
                        builtin_folder=builtin)


def _colour(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def score_one(args: argparse.Namespace, profile: Profile | None) -> int:
    scorer = default_scorer()
    context = Context(profile=profile, timing=Timing(args.latency, args.duration))
    scenario = turn = None
    if args.scenario:
        scenario = library().get(args.scenario)
        if scenario is None:
            print(f'counteroffer score: no scenario "{args.scenario}" (see the library, or "counteroffer '
                  'validate" for broken files)', file=sys.stderr)
            return 2
        turn = scenario.turns.get(args.turn or scenario.start_turn)
        if turn is None:
            print(f'counteroffer score: scenario "{scenario.id}" has no turn "{args.turn}"; its turns are: '
                  f'{", ".join(scenario.turns)}', file=sys.stderr)
            return 2
        context = Context(scenario, turn, profile, context.timing)
    elif args.turn:
        print("counteroffer score: --turn needs --scenario", file=sys.stderr)
        return 2
    score = scorer.score(args.text, context)
    route = None
    if scenario is not None:
        index, chosen = choose(turn, score, scenario, profile)
        route = f"In the scenario, this answer {describe(chosen)}" + (
            f" (branch {index + 1})." if index is not None else " (no branch matched).")
    if (args.format or "text") == "json":
        result = score.to_json()
        if route:
            result["route"] = route
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(text_report(args.text, score, colour=_colour(args.color), route=route))
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
        print("counteroffer score: --batch writes jsonl or csv", file=sys.stderr)
        return 2
    try:
        rows = list(read_rows(path))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"counteroffer score: can't read {path}: {exc}", file=sys.stderr)
        return 2
    except BatchError as exc:
        print(f"counteroffer score: {path}: {exc}", file=sys.stderr)
        return 2
    scorer = default_scorer()
    defaults = {k: v for k, v in (("scenario", args.scenario), ("turn", args.turn),
                                  ("latency_s", args.latency), ("duration_s", args.duration)) if v is not None}
    scenarios = library() if args.scenario or any(r.data.get("scenario") for r in rows) else Library()
    progress = Progress(len(rows), args.progress or sys.stderr.isatty())
    results = score_rows(rows, scorer, scenarios, profile, defaults, progress)
    dimensions = list(scorer.rubrics["default"].dimensions)
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
