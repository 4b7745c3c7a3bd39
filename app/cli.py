"""Command-line jobs: `counteroffer validate`, `counteroffer schema`, ..."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counteroffer",
        description="Rehearse salary and offer negotiations before the real call. "
                    "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"counteroffer {__version__}")
    jobs = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")

    validate = jobs.add_parser("validate", help="check scenario files and folders for mistakes",
                               description="Check scenario files (or folders of them) and report every "
                                           "problem as path:line:col. Exit status 0 means no errors.")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="a scenario file or a folder of them")
    validate.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    validate.set_defaults(run=run_validate)

    schema = jobs.add_parser("schema", help="print a file format's JSON Schema (for editors)",
                             description="Print the JSON Schema of a file format (scenario, rubric, lexicon "
                                         "or profile), for editor completion and checking.")
    schema.add_argument("kind", nargs="?", default="scenario", choices=("scenario", "rubric", "lexicon", "profile"),
                        help="which format (default: scenario)")
    schema.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of printing")
    schema.set_defaults(run=run_schema)
    return parser


def run_validate(args: argparse.Namespace) -> int:
    from .core.diagnostics import has_errors, summary_line
    from .core.library import load_library

    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"counteroffer validate: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    library = load_library(args.paths)
    diagnostics = library.diagnostics
    if args.format == "json":
        print(json.dumps({"files": len(library.files), "diagnostics": [d.to_json() for d in diagnostics]},
                         indent=2, ensure_ascii=False))
    else:
        for diagnostic in diagnostics:
            print(diagnostic)
        print(summary_line(diagnostics, len(library.files)))
    return 1 if has_errors(diagnostics) else 0


def run_schema(args: argparse.Namespace) -> int:
    from .core.schema import schema_text

    text = schema_text(args.kind)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
