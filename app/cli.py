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
    validate.add_argument("--profile", metavar="FILE", help="a Flower profile to use when running example answers")
    validate.add_argument("--no-examples", action="store_true", help="don't score the scenarios' example answers")
    validate.set_defaults(run=run_validate)

    score = jobs.add_parser("score", help="score an answer, or a class's answers with --batch",
                            description="Score one answer and explain every point, or score a CSV/JSONL file "
                                        "of answers with --batch.")
    score.add_argument("text", nargs="?", help="the answer (omit with --batch)")
    score.add_argument("--batch", metavar="FILE", help='CSV (with a header) or JSONL with a "text" field, and '
                                                       "optional id, student, scenario, turn, latency_s, duration_s")
    score.add_argument("--scenario", metavar="ID", help="score as an answer in this scenario")
    score.add_argument("--turn", metavar="ID", help="the turn it answers (default: the scenario's first)")
    score.add_argument("--profile", metavar="FILE", help="a Flower profile (priorities, target, walk-away)")
    score.add_argument("--latency", type=float, metavar="S", help="seconds before the answer started")
    score.add_argument("--duration", type=float, metavar="S", help="seconds the answer took")
    score.add_argument("--format", choices=("text", "json", "jsonl", "csv"),
                       help="text or json for one answer (default text); jsonl or csv for --batch (default jsonl)")
    score.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="highlight evidence with colour (default: when the terminal supports it)")
    score.add_argument("--progress", action="store_true", help="always show the progress bar (default: on a terminal)")
    score.set_defaults(run=run_score)

    rehearse = jobs.add_parser("rehearse", help="rehearse a scenario in the terminal",
                               description="Rehearse a scenario in the terminal: the recruiter's lines are "
                                           "printed (and spoken), answers are read one line at a time from "
                                           "standard input, each answer is scored, and a debrief ends it.")
    rehearse.add_argument("scenario", metavar="SCENARIO_ID", help="the scenario's id (see the library)")
    rehearse.add_argument("--profile", metavar="FILE", help="a Flower profile (priorities, target, walk-away)")
    rehearse.add_argument("--no-voice", action="store_true", help="don't speak the recruiter's lines")
    rehearse.add_argument("--resume", action="store_true",
                          help="pick up your last unfinished rehearsal of this scenario (answers are replayed)")
    rehearse.add_argument("--format", choices=("text", "jsonl"), default="text",
                          help="text for people; jsonl for one JSON object per turn and a final summary")
    rehearse.set_defaults(run=run_rehearse)

    from .historycli import add_commands

    add_commands(jobs)

    schema = jobs.add_parser("schema", help="print a file format's JSON Schema (for editors)",
                             description="Print the JSON Schema of a file format (scenario, rubric, lexicon "
                                         "or profile), for editor completion and checking.")
    schema.add_argument("kind", nargs="?", default="scenario", choices=("scenario", "rubric", "lexicon", "profile"),
                        help="which format (default: scenario)")
    schema.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of printing")
    schema.set_defaults(run=run_schema)
    return parser


def _fail(job: str, message: str) -> int:
    print(f"counteroffer {job}: {message}", file=sys.stderr)
    return 2


def _profile(args: argparse.Namespace, job: str):
    """The --profile file, or None; prints the problems and returns False when it can't be used."""
    from .core.profile import ProfileError, load_profile

    if not getattr(args, "profile", None):
        return None
    try:
        return load_profile(args.profile)
    except ProfileError as error:
        print("\n".join(map(str, error.diagnostics)), file=sys.stderr)
        _fail(job, "the profile has problems (listed above)")
        return False


def run_validate(args: argparse.Namespace) -> int:
    from .core.checking import validate_paths
    from .core.diagnostics import has_errors, summary_line

    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        return _fail("validate", f"no such file or folder: {', '.join(missing)}")
    profile = _profile(args, "validate")
    if profile is False:
        return 2
    count, diagnostics = validate_paths(args.paths, run_examples=not args.no_examples, profile=profile)
    if args.format == "json":
        print(json.dumps({"files": count, "diagnostics": [d.to_json() for d in diagnostics]},
                         indent=2, ensure_ascii=False))
    else:
        for diagnostic in diagnostics:
            print(diagnostic)
        print(summary_line(diagnostics, count))
    return 1 if has_errors(diagnostics) else 0


def run_score(args: argparse.Namespace) -> int:
    from .scorecli import score_batch, score_one

    if (args.text is None) == (args.batch is None):
        return _fail("score", 'give an answer in quotes, or --batch FILE (see "counteroffer score --help")')
    profile = _profile(args, "score")
    if profile is False:
        return 2
    return (score_batch if args.batch else score_one)(args, profile)


def run_rehearse(args: argparse.Namespace) -> int:
    from .rehearsecli import run
    from .scorecli import library

    profile = _profile(args, "rehearse")
    if profile is False:
        return 2
    return run(args, profile, library())


def run_schema(args: argparse.Namespace) -> int:
    from .core.schema import schema_text

    text = schema_text(args.kind)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
