"""`counteroffer history`, `export` and `import`: the practice history from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from ..practice import Practice, Scope
from ..reports.wording import outcome_words, plural, short_time
from ..storage.exchange import ImportProblem
from ..storage.store import AttemptRow
from .common import open_history
from .errors import FOUND_PROBLEMS, CliError


def _date(text: str | None, *, end: bool = False) -> str | None:
    if text is None:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise CliError("dates are written YYYY-MM-DD") from None
    return (day + dt.timedelta(days=1) if end else day).isoformat()


def _listing(row: AttemptRow, dimensions: Iterable[str]) -> str:
    scores = "  ".join(
        f"{d[:4]} {row.scores[d]:3.0f}" if row.scores.get(d) is not None else f"{d[:4]}   –" for d in dimensions
    )
    return (
        f"{short_time(row.started_at)}  {row.scenario_title[:34]:<34}  {outcome_words(row.outcome)[:26]:<26}  "
        f"{row.answers:>2} ans  {scores}  {row.id}"
    )


def run_history(args: argparse.Namespace) -> int:
    practice = Practice()
    rows = open_history(practice).attempts(scenario_id=args.scenario, unfinished=args.unfinished)
    if args.format == "json":
        print(json.dumps([asdict(row) for row in rows], indent=2, ensure_ascii=False))
    elif not rows:
        print("No unfinished rehearsals." if args.unfinished else "No rehearsals yet.")
    else:
        dimensions = practice.dimensions()
        for row in rows:
            print(_listing(row, dimensions))
    return 0


def run_export(args: argparse.Namespace) -> int:
    scope = Scope(args.attempt, _date(args.since), _date(args.until, end=True))
    if args.format == "pdf" and not args.output:
        raise CliError("a PDF needs --output FILE")
    practice = Practice()
    store = open_history(practice)
    if args.attempt and store.attempt(args.attempt) is None:
        raise CliError(f"no rehearsal {args.attempt} (see `counteroffer history`)")
    if args.format == "pdf":
        practice.write_report(store, Path(args.output), scope)
        print(f"Wrote {args.output}", file=sys.stderr)
        return 0
    writers = {"csv": practice.answers_csv, "json": practice.answers_json, "html": practice.report_html}
    text = writers[args.format](store, scope)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def run_import(args: argparse.Namespace) -> int:
    practice = Practice()
    try:
        attempts, answers = practice.import_history(open_history(practice), Path(args.file))
    except (OSError, UnicodeDecodeError) as problem:
        raise CliError(f"can't read {args.file}: {problem}") from None
    except (json.JSONDecodeError, ImportProblem) as problem:
        raise CliError(f"{args.file}: {problem}", FOUND_PROBLEMS) from None
    print(
        f"Imported {plural(attempts, 'rehearsal')} and {plural(answers, 'answer')} (anything already here was skipped)."
    )
    return 0
