"""`counteroffer score`: one answer explained in the terminal, or a class's answers in batch."""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import sys
import time
from pathlib import Path

from ..core.batch import BatchError, count_rows, csv_header, csv_row, read_rows, score_rows
from ..core.branching import choose_alone, describe
from ..core.profile import Profile
from ..core.scoring import AnswerContext, AnswerTooLong, Timing, spoken_timing
from ..practice import Practice
from ..reports.text import text_report
from .common import profile_option, use_colour
from .errors import CliError


def run(args: argparse.Namespace) -> int:
    if sum(value is not None for value in (args.text, args.batch, args.audio)) != 1:
        raise CliError('give an answer in quotes, --audio FILE.wav or --batch FILE (see "counteroffer score --help")')
    profile = profile_option(args)
    return score_batch(args, profile) if args.batch else score_one(args, profile)


def score_one(args: argparse.Namespace, profile: Profile | None) -> int:
    for name, seconds in (("--latency", args.latency), ("--duration", args.duration)):
        if seconds is not None and not (math.isfinite(seconds) and seconds >= 0):
            raise CliError(f"{name} should be a number of seconds, not {seconds}")
    practice = Practice()
    context = AnswerContext(profile=profile, timing=Timing(args.latency, args.duration))
    scenario = turn = None
    heard = None
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
    text: str = args.text
    if args.audio is not None:
        from .spoken import hear

        heard = hear(Path(args.audio))
        if not heard.transcript.text.strip():
            raise CliError(f"nothing was heard in {args.audio}: check the recording has your voice in it")
        text = heard.transcript.text
        spoken = spoken_timing(heard.delivery)  # --latency and --duration, when given, win
        timing = Timing(
            args.latency if args.latency is not None else spoken.latency_s,
            args.duration if args.duration is not None else spoken.duration_s,
        )
        context = AnswerContext(context.scenario, context.turn, profile, timing, heard.delivery)
    try:
        score = practice.scorer().score(text, context)
    except AnswerTooLong as exc:
        raise CliError(str(exc)) from None
    route = None
    if scenario is not None and turn is not None:
        rules = practice.scorer().rubrics[scenario.rubric.id].goodwill
        index, chosen, moved = choose_alone(turn, score, scenario, rules, profile)
        route = (
            f"In the scenario, this answer {describe(chosen)}"
            + (f" (branch {index + 1})" if index is not None else " (no branch matched)")
            + f"; the recruiter's goodwill goes from {moved.before} to {moved.after}"
            + (f" ({', '.join(f'{c.label} {c.change:+d}' for c in moved.changes)})." if moved.changes else ".")
        )
    if (args.format or "text") == "json":
        result = score.to_json()
        if heard is not None:
            from .spoken import delivery_json

            result = {"transcript": text, **result, "delivery": delivery_json(heard.delivery)}
        if route:
            result["route"] = route
        print(dumps(result, indent=2))
    else:
        delivery = heard.delivery if heard is not None else None
        print(text_report(text, score, colour=use_colour(args.color), route=route, delivery=delivery))
    return 0


class Progress:
    """A progress bar on stderr, redrawn at most ten times a second. `total` is an estimate (the file's lines):
    the count shown never stops short of the rows actually scored."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled, self.last, self.done = total, enabled, 0.0, 0

    def __call__(self, done: int) -> None:
        self.done = done
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.1 and done != self.total):
            return
        self.last = now
        self._draw(done, max(self.total, done))

    def _draw(self, done: int, total: int) -> None:
        width = 30
        filled = round(width * done / max(total, 1))
        sys.stderr.write(f"\rScoring {'█' * filled}{'░' * (width - filled)} {done}/{total}")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled:
            self._draw(self.done, self.done)
            sys.stderr.write("\n")
            sys.stderr.flush()


def dumps(value: object, indent: int | None = None) -> str:
    """JSON for the terminal: never NaN or Infinity (which are not JSON), whatever the input held."""
    try:
        return json.dumps(value, indent=indent, ensure_ascii=False, allow_nan=False)
    except ValueError as exc:
        raise CliError(f"the result can't be written as JSON ({exc})") from None


def score_batch(args: argparse.Namespace, profile: Profile | None) -> int:
    path = Path(args.batch)
    fmt = args.format or "jsonl"
    if fmt not in ("jsonl", "csv"):
        raise CliError("--batch writes jsonl or csv")
    try:
        total = count_rows(path)
        rows = read_rows(path)
        first = next(rows, None)  # opens the file and reads the header now, so a bad file stops here
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
    progress = Progress(total, args.progress or sys.stderr.isatty())
    stream = itertools.chain([first] if first is not None else [], rows)
    results = score_rows(stream, practice.scorer(), practice.load_library, profile, defaults, progress)
    dimensions = list(practice.dimensions())
    writer = csv.writer(sys.stdout) if fmt == "csv" else None
    if writer:
        writer.writerow(csv_header(dimensions))
    errors = count = 0
    try:
        for result in results:
            count += 1
            errors += "error" in result
            if writer:
                writer.writerow(csv_row(result, dimensions))
            else:
                sys.stdout.write(dumps(result) + "\n")
    except UnicodeDecodeError as exc:
        progress.finish()
        raise CliError(f"can't read {path} after row {count}: {exc}") from None
    progress.finish()
    if errors:
        print(f"{errors} of {count} rows could not be scored (see their error field)", file=sys.stderr)
    return 0
