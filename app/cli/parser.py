"""The command line's shape: every command and option. Light to import: a command's module (and the
scoring engine, the history) loads only when that command runs, so `counteroffer` alone opens the window fast."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any, NoReturn

from .. import __version__, paths


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counteroffer",
        description="Rehearse salary and offer negotiations before the real call. With no command, opens the app.",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and the data folder, and exit")
    jobs = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")
    for add in (_validate, _score, _rehearse, _transcribe, _history, _schema, _new, _graph, _try, _pack):
        add(jobs)
    return parser


class _VersionAction(argparse.Action):
    """`--version`: the version, then where the user's data lives (looked up only when asked, and printed as is:
    argparse's own version action would re-wrap a long path)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option_string: Any = None
    ) -> NoReturn:
        print(f"counteroffer {__version__}\nData folder: {paths.user_data()}")
        parser.exit()


def _validate(jobs: Any) -> None:
    validate = jobs.add_parser(
        "validate",
        help="check scenario files and folders for mistakes",
        description="Check scenario files (or folders of them) and report every "
        "problem as path:line:col. Exit status 0 means no errors.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="a scenario file or a folder of them")
    validate.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    validate.add_argument("--profile", metavar="FILE", help="a Flower profile to use when running example answers")
    validate.add_argument("--no-examples", action="store_true", help="don't score the scenarios' example answers")
    validate.set_defaults(run="validate:run")


def _score(jobs: Any) -> None:
    score = jobs.add_parser(
        "score",
        help="score an answer, or a class's answers with --batch",
        description="Score one answer and explain every point, or score a CSV/JSONL file of answers with --batch. "
        "With --audio, the answer is a recording: it is transcribed offline, and how it was said (the pause before "
        "it, pace, fillers, long silences) is scored too.",
    )
    score.add_argument("text", nargs="?", help="the answer (omit with --batch or --audio)")
    score.add_argument(
        "--audio",
        metavar="FILE.wav",
        help="score a spoken answer: a WAV recording that starts when the recruiter's line ends",
    )
    score.add_argument(
        "--batch",
        metavar="FILE",
        help='CSV (with a header) or JSONL with a "text" field, and '
        "optional id, student, scenario, turn, latency_s, duration_s",
    )
    score.add_argument("--scenario", metavar="ID", help="score as an answer in this scenario")
    score.add_argument("--turn", metavar="ID", help="the turn it answers (default: the scenario's first)")
    score.add_argument("--profile", metavar="FILE", help="a Flower profile (priorities, target, walk-away)")
    score.add_argument("--latency", type=float, metavar="S", help="seconds before the answer started")
    score.add_argument("--duration", type=float, metavar="S", help="seconds the answer took")
    score.add_argument(
        "--format",
        choices=("text", "json", "jsonl", "csv"),
        help="text or json for one answer (default text); jsonl or csv for --batch (default jsonl)",
    )
    score.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="highlight evidence with colour (default: when the terminal supports it)",
    )
    score.add_argument("--progress", action="store_true", help="always show the progress bar (default: on a terminal)")
    score.set_defaults(run="score:run")


def _rehearse(jobs: Any) -> None:
    rehearse = jobs.add_parser(
        "rehearse",
        help="rehearse a scenario in the terminal",
        description="Rehearse a scenario in the terminal: the recruiter's lines are "
        "printed (and spoken), answers are read one line at a time from "
        "standard input, each answer is scored, and a debrief ends it.",
    )
    rehearse.add_argument("scenario", metavar="SCENARIO_ID", help="the scenario's id (see the library)")
    rehearse.add_argument("--profile", metavar="FILE", help="a Flower profile (priorities, target, walk-away)")
    rehearse.add_argument("--no-voice", action="store_true", help="don't speak the recruiter's lines")
    rehearse.add_argument(
        "--resume",
        action="store_true",
        help="pick up your last unfinished rehearsal of this scenario (answers are replayed)",
    )
    rehearse.add_argument(
        "--format",
        choices=("text", "jsonl"),
        default="text",
        help="text for people; jsonl for one JSON object per turn and a final summary",
    )
    rehearse.add_argument(
        "--answers-from",
        metavar="DIR",
        help="answer out loud from recordings: a folder of WAV files, one per moment, used in order of their "
        "names (01.wav, 02.wav, …; each starts when the recruiter's line ends). A file in which nothing is heard "
        "is skipped; files left over when the conversation ends are listed",
    )
    rehearse.add_argument(
        "--keep-audio",
        action="store_true",
        help="with --answers-from: keep each answer's recording (compressed) in the recordings folder beside "
        "your history",
    )
    rehearse.set_defaults(run="rehearse:run")


def _transcribe(jobs: Any) -> None:
    transcribe = jobs.add_parser(
        "transcribe",
        help="transcribe a spoken answer and measure how it was said",
        description="Transcribe a WAV recording offline and print each word with its timing, then how the answer "
        "was delivered: the pause before it (the recording should start when the recruiter's line ends), words a "
        "minute, fillers (a lower bound: speech-to-text misses some) and long silences.",
    )
    transcribe.add_argument("file", metavar="FILE.wav", help="a WAV recording (any rate, mono or stereo)")
    transcribe.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    transcribe.set_defaults(run="spoken:run_transcribe")


def _history(jobs: Any) -> None:
    history = jobs.add_parser(
        "history",
        help="list your practice history",
        description="List rehearsals from your practice history, newest first.",
    )
    history.add_argument("--scenario", metavar="ID", help="only this scenario")
    history.add_argument("--unfinished", action="store_true", help="only rehearsals that were interrupted")
    history.add_argument(
        "--restore", nargs="?", const="", metavar="BACKUP", help="list the daily backups, or put one back"
    )
    history.add_argument("--format", choices=("text", "json"), default="text")
    history.set_defaults(run="history:run_history")

    export = jobs.add_parser(
        "export",
        help="export history as CSV, JSON, HTML or PDF",
        description="Export answers for a gradebook (csv), for another machine (json, which "
        "`counteroffer import` merges), or as a printable report (html, pdf).",
    )
    export.add_argument("--format", choices=("csv", "json", "html", "pdf"), default="csv")
    export.add_argument("--attempt", metavar="ID", help="one rehearsal (see `counteroffer history`)")
    export.add_argument("--from", dest="since", metavar="YYYY-MM-DD", help="from this date")
    export.add_argument("--to", dest="until", metavar="YYYY-MM-DD", help="up to and including this date")
    export.add_argument("--output", "-o", metavar="FILE", help="write here (required for pdf)")
    export.set_defaults(run="history:run_export")

    merge = jobs.add_parser(
        "import",
        help="merge another machine's JSON export into your history",
        description="Merge a JSON export into your history; rehearsals already here are skipped.",
    )
    merge.add_argument("file", metavar="FILE")
    merge.set_defaults(run="history:run_import")


def _schema(jobs: Any) -> None:
    schema = jobs.add_parser(
        "schema",
        help="print a file format's JSON Schema (for editors)",
        description="Print the JSON Schema of a file format (scenario, rubric, lexicon "
        "or profile), for editor completion and checking.",
    )
    schema.add_argument(
        "kind",
        nargs="?",
        default="scenario",
        choices=("scenario", "rubric", "lexicon", "profile"),
        help="which format (default: scenario)",
    )
    schema.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of printing")
    schema.set_defaults(run="schema:run")


def _new(jobs: Any) -> None:
    new = jobs.add_parser(
        "new",
        help="start a new scenario in your scenarios folder",
        description="Write a new scenario into your scenarios folder: a short, commented skeleton for one of the "
        "curriculum's fifteen recruiter moments (--from; `--from list` lists them), or a copy of a scenario "
        "in the library under the new id (--copy). Prints the new file's path.",
    )
    new.add_argument("id", metavar="ID", help="the new scenario's id: lowercase letters, digits, - and _")
    new.add_argument("--from", dest="moment", metavar="MOMENT", help="a moment's number (1-15) or name, or `list`")
    new.add_argument("--copy", metavar="ID", help="copy this scenario instead")
    new.set_defaults(run="studio:run_new")


def _graph(jobs: Any) -> None:
    graph = jobs.add_parser(
        "graph",
        help="print a scenario's turns as a graph (Graphviz DOT or JSON)",
        description="Print a scenario's turn graph: a node per turn and per ending, an edge per branch and per "
        "`otherwise`, labelled with its condition; turns never reached and loops with no way out are marked. "
        "DOT draws with Graphviz: counteroffer graph ID | dot -Tsvg > graph.svg",
    )
    graph.add_argument("id", metavar="ID", help="the scenario's id")
    graph.add_argument("--format", choices=("dot", "json"), default="dot", help="output format (default: dot)")
    graph.set_defaults(run="studio:run_graph")


def _try(jobs: Any) -> None:
    tryer = jobs.add_parser(
        "try",
        help="try an answer at one turn of a scenario",
        description="Score an answer at one turn of a scenario and show where the call goes and why: each "
        "branch's condition and whether it holds, what was detected, the scores with their evidence, how the "
        "recruiter's goodwill moves and what they say next. --format json adds the answer as an `examples:` entry.",
    )
    tryer.add_argument("id", metavar="ID", help="the scenario's id")
    tryer.add_argument("turn", metavar="TURN", help="the turn's id")
    tryer.add_argument("answer", metavar="ANSWER", help="the answer, in quotes")
    tryer.add_argument("--goodwill", type=int, metavar="N", help="the recruiter's goodwill before it (0-100)")
    tryer.add_argument("--profile", metavar="FILE", help="a Flower profile (priorities, target, walk-away)")
    tryer.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    tryer.set_defaults(run="studio:run_try")


def _pack(jobs: Any) -> None:
    pack = jobs.add_parser(
        "pack",
        help="share scenarios as a pack (.zip): export or import",
        description="Scenario packs: a .zip of scenario files with a manifest, to share a class's scenarios.",
    )
    jobs_of_pack = pack.add_subparsers(dest="pack_command", title="pack commands", metavar="JOB", required=True)
    export = jobs_of_pack.add_parser(
        "export",
        help="write scenarios into a pack",
        description="Write the scenarios with these ids (each must have no errors) into a pack.",
    )
    export.add_argument("ids", nargs="+", metavar="ID", help="a scenario's id")
    export.add_argument("--output", "-o", required=True, metavar="FILE.zip", help="the pack to write")
    export.add_argument("--title", help="the pack's title (default: the file's name)")
    export.add_argument("--author", help="who made it")
    export.add_argument("--version", default="1.0", help="the pack's version (default: 1.0)")
    export.set_defaults(run="packs:run_export")
    merge = jobs_of_pack.add_parser(
        "import",
        help="copy a pack's scenarios into your scenarios folder",
        description="Check every scenario in a pack, then (only when none has errors) copy them into your "
        "scenarios folder. A scenario whose id is already in the library is kept (the one there stays), replaced "
        "(your own files only) or renamed (a fresh id, written into its `id:` line).",
    )
    merge.add_argument("file", metavar="FILE.zip")
    merge.add_argument(
        "--on-conflict", choices=("keep", "replace", "rename"), default="keep", help="for an id already in the library"
    )
    merge.add_argument("--dry-run", action="store_true", help="check and report, but write nothing")
    merge.set_defaults(run="packs:run_import")
