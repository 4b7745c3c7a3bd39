"""`counteroffer history`, `export` and `import`: the practice history from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import sys
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from ..practice import Practice, Scope
from ..reports.text import printable
from ..reports.wording import outcome_words, plural, short_time
from ..storage.exchange import ImportProblem
from ..storage.store import AttemptRow, HistoryReadOnly
from .common import open_history, readable_history, write_output
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
        f"{short_time(row.started_at)}  {printable(row.scenario_title)[:34]:<34}  "
        f"{printable(outcome_words(row.outcome))[:26]:<26}  {row.answers:>2} ans  {scores}  {printable(row.id)}"
    )


def run_history(args: argparse.Namespace) -> int:
    practice = Practice()
    restore = getattr(args, "restore", None)  # --restore [BACKUP] (nargs="?", const="")
    if restore is not None:
        return _restore(practice, str(restore) if restore is not True else "")
    rows = readable_history(practice).attempts(scenario_id=args.scenario, unfinished=args.unfinished)
    if args.format == "json":
        print(json.dumps([asdict(row) for row in rows], indent=2, ensure_ascii=False))
    elif not rows:
        print("No unfinished rehearsals." if args.unfinished else "No rehearsals yet.")
    else:
        dimensions = practice.dimensions()
        for row in rows:
            print(_listing(row, dimensions))
    return 0


def _restore(practice: Practice, choice: str) -> int:
    """Without a backup: list the daily backups. With one (a name from the list, or a path): put it in place of
    the history, keeping the current file beside it."""
    available = practice.history_backups()
    if not choice:
        if not available:
            print("No backups of your practice history yet (one is made each day it is opened).")
        for backup in available:
            print(printable(backup.name))
        return 0
    named = {backup.name: backup for backup in available}
    backup = named.get(choice) or Path(choice)
    if not backup.is_file():
        raise CliError(f"no backup {choice} (see `counteroffer history --restore`)")
    try:
        store, aside = practice.restore_history(None, backup)
    except (OSError, sqlite3.DatabaseError) as problem:
        raise CliError(f"can't restore {choice}: {problem}", FOUND_PROBLEMS) from None
    print(
        f"Restored {backup.name}: {plural(len(store.attempts()), 'rehearsal')}. "
        f"The history it replaced was kept as {aside.name}."
    )
    store.close()
    return 0


def run_export(args: argparse.Namespace) -> int:
    scope = Scope(args.attempt, _date(args.since), _date(args.until, end=True))
    if args.format == "pdf" and not args.output:
        raise CliError("a PDF needs --output FILE")
    practice = Practice()
    store = readable_history(practice)
    if args.attempt and store.attempt(args.attempt) is None:
        raise CliError(f"no rehearsal {args.attempt} (see `counteroffer history`)")
    if args.format == "pdf":
        write_output(Path(args.output), lambda path: practice.write_report(store, path, scope))
        print(f"Wrote {args.output}", file=sys.stderr)
        return 0
    writers = {"csv": practice.answers_csv, "json": practice.answers_json, "html": practice.report_html}
    text = writers[args.format](store, scope)
    if args.output:
        write_output(Path(args.output), lambda path: path.write_text(text, encoding="utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def run_import(args: argparse.Namespace) -> int:
    practice = Practice()
    try:
        attempts, answers = practice.import_history(open_history(practice), Path(args.file))
    except HistoryReadOnly as problem:
        raise CliError(str(problem), FOUND_PROBLEMS) from None
    except (OSError, UnicodeDecodeError) as problem:
        raise CliError(f"can't read {args.file}: {problem}") from None
    except (json.JSONDecodeError, ImportProblem) as problem:
        raise CliError(f"{args.file}: {problem}", FOUND_PROBLEMS) from None
    print(
        f"Imported {plural(attempts, 'rehearsal')} and {plural(answers, 'answer')} (anything already here was skipped)."
    )
    return 0
