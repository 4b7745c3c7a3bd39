"""`counteroffer history`, `export` and `import`: the practice history from the command line."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Optional

from .storage.exchange import ImportProblem, export_csv, export_json, import_json
from .storage.store import Store, open_default


def add_commands(jobs) -> None:
    history = jobs.add_parser("history", help="list your practice history",
                              description="List rehearsals from your practice history, newest first.")
    history.add_argument("--scenario", metavar="ID", help="only this scenario")
    history.add_argument("--unfinished", action="store_true", help="only rehearsals that were interrupted")
    history.add_argument("--format", choices=("text", "json"), default="text")
    history.set_defaults(run=run_history)

    export = jobs.add_parser("export", help="export history as CSV, JSON, HTML or PDF",
                             description="Export answers for a gradebook (csv), for another machine (json, which "
                                         "`counteroffer import` merges), or as a printable report (html, pdf).")
    export.add_argument("--format", choices=("csv", "json", "html", "pdf"), default="csv")
    export.add_argument("--attempt", metavar="ID", help="one rehearsal (see `counteroffer history`)")
    export.add_argument("--from", dest="since", metavar="YYYY-MM-DD", help="from this date")
    export.add_argument("--to", dest="until", metavar="YYYY-MM-DD", help="up to and including this date")
    export.add_argument("--output", "-o", metavar="FILE", help="write here (required for pdf)")
    export.set_defaults(run=run_export)

    merge = jobs.add_parser("import", help="merge another machine's JSON export into your history",
                            description="Merge a JSON export into your history; rehearsals already here are skipped.")
    merge.add_argument("file", metavar="FILE")
    merge.set_defaults(run=run_import)


def _store() -> Store:
    store = open_default()
    for notice in store.notices:
        print(notice, file=sys.stderr)
    return store


def _date(text: Optional[str], *, end: bool = False) -> Optional[str]:
    if text is None:
        return None
    day = dt.date.fromisoformat(text)
    return (day + dt.timedelta(days=1) if end else day).isoformat()


def run_history(args: argparse.Namespace) -> int:
    store = _store()
    rows = store.attempts(scenario_id=args.scenario, unfinished=args.unfinished)
    if args.format == "json":
        print(json.dumps([row.__dict__ for row in rows], indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("No rehearsals yet." if not args.unfinished else "No unfinished rehearsals.")
        return 0
    for row in rows:
        scores = "  ".join(f"{k[:4]} {v:3.0f}" if v is not None else f"{k[:4]}   –" for k, v in row.scores.items())
        outcome = (row.outcome or "unfinished").replace("_", " ")
        print(f"{row.started_at[:16].replace('T', ' ')}  {row.scenario_title[:34]:<34}  {outcome[:26]:<26}  "
              f"{row.answers:>2} ans  {scores}  {row.id}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    try:
        since, until = _date(args.since), _date(args.until, end=True)
    except ValueError:
        print("counteroffer export: dates are written YYYY-MM-DD", file=sys.stderr)
        return 2
    if args.format == "pdf" and not args.output:
        print("counteroffer export: a PDF needs --output FILE", file=sys.stderr)
        return 2
    store = _store()
    if args.attempt and store.attempt(args.attempt) is None:
        print(f"counteroffer export: no rehearsal {args.attempt} (see `counteroffer history`)", file=sys.stderr)
        return 2
    if args.format == "pdf":
        return _export_pdf(store, args, since, until)
    if args.format == "csv":
        text = export_csv(store, since, until, args.attempt)
    elif args.format == "json":
        text = json.dumps(export_json(store, since, until, args.attempt), indent=2, ensure_ascii=False) + "\n"
    else:
        text = _html(store, args.attempt, since, until)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _html(store: Store, attempt: Optional[str], since: Optional[str], until: Optional[str]) -> str:
    from .core.report_html import attempt_html, range_html

    return attempt_html(store, attempt) if attempt else range_html(store, since, until)


def _export_pdf(store: Store, args: argparse.Namespace, since: Optional[str], until: Optional[str]) -> int:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from .ui.pdf import write_pdf

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs it for fonts
    write_pdf(_html(store, args.attempt, since, until), Path(args.output))
    print(f"Wrote {args.output}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    try:
        data = json.loads(Path(args.file).read_text(encoding="utf-8"))
        attempts, answers = import_json(_store(), data)
    except (OSError, UnicodeDecodeError) as problem:
        print(f"counteroffer import: can't read {args.file}: {problem}", file=sys.stderr)
        return 2
    except (json.JSONDecodeError, ImportProblem) as problem:
        print(f"counteroffer import: {args.file}: {problem}", file=sys.stderr)
        return 1
    print(f"Imported {attempts} rehearsal{'s' * (attempts != 1)} and {answers} answer{'s' * (answers != 1)} "
          "(anything already here was skipped).")
    return 0
