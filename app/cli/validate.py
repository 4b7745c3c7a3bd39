"""`counteroffer validate`: every problem in scenario, rubric, lexicon and profile files, as path:line:col."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..core.diagnostics import has_errors, summary_line
from ..practice import Practice
from .common import profile_option
from .errors import FOUND_PROBLEMS, CliError


def run(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        raise CliError(f"no such file or folder: {', '.join(missing)}")
    count, diagnostics = Practice().validate(
        args.paths, run_examples=not args.no_examples, profile=profile_option(args)
    )
    if args.format == "json":
        report = {"files": count, "diagnostics": [d.to_json() for d in diagnostics]}
        try:
            print(json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False))
        except ValueError as exc:  # NaN or Infinity would not be JSON: say so rather than print it
            raise CliError(f"the report can't be written as JSON ({exc})") from None
    else:
        for diagnostic in diagnostics:
            print(diagnostic)
        print(summary_line(diagnostics, count))
    return FOUND_PROBLEMS if has_errors(diagnostics) else 0
