"""Authoring from the terminal: `counteroffer new`, `counteroffer graph` and `counteroffer try` (the authoring
studio's jobs, without the window)."""

from __future__ import annotations

import argparse
import json
import sys

from ..core.library import LoadedFile
from ..core.placeholders import format_money
from ..core.scoring import AnswerTooLong
from ..core.skeleton import MOMENTS
from ..core.trying import Tried
from ..practice import Practice
from ..reports.text import printable
from .common import profile_option
from .errors import CliError


def run_new(args: argparse.Namespace) -> int:
    if args.moment is not None and args.copy is not None:
        raise CliError("give --from MOMENT or --copy ID, not both")
    if args.moment == "list":
        for number, moment in enumerate(MOMENTS, 1):
            print(f"{number:2}  {moment.key:22} {moment.title}")
        return 0
    try:
        path = Practice().new_scenario(args.id, moment=args.moment, copy_of=args.copy)
    except ValueError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"can't write the new scenario: {error.strerror or error}") from None
    print(path)
    print(f'Edit it, then check it with: counteroffer validate "{path}"', file=sys.stderr)
    return 0


def _scenario(practice: Practice, scenario_id: str) -> LoadedFile:
    loaded = practice.scenario_file(scenario_id)
    if loaded is None or loaded.scenario is None:
        raise CliError(f'no scenario "{scenario_id}" (see the library, or "counteroffer validate" for broken files)')
    return loaded


def run_graph(args: argparse.Namespace) -> int:
    practice = Practice()
    graph = practice.scenario_graph(_scenario(practice, args.id))
    sys.stdout.write(graph.json_text() if args.format == "json" else graph.to_dot())
    return 0


def run_try(args: argparse.Namespace) -> int:
    practice = Practice()
    scenario = _scenario(practice, args.id).scenario
    assert scenario is not None  # _scenario returns good files only
    if args.turn not in scenario.turns:
        raise CliError(
            f'scenario "{scenario.id}" has no turn "{args.turn}"; its turns are: {", ".join(scenario.turns)}'
        )
    if args.goodwill is not None and not 0 <= args.goodwill <= 100:
        raise CliError("--goodwill is a number from 0 to 100")
    try:
        tried = practice.try_answer(
            scenario, args.turn, args.answer, goodwill=args.goodwill, profile=profile_option(args)
        )
    except AnswerTooLong as error:
        raise CliError(str(error)) from None
    if args.format == "json":
        print(json.dumps({**tried.to_json(), "example": tried.example()}, indent=2, ensure_ascii=False))
        return 0
    print(printable(_tried_text(tried)))
    return 0


def _tried_text(tried: Tried) -> str:
    """Where the answer goes and why, what was detected, the scores with their evidence, goodwill, the reply."""
    otherwise = tried.scenario.turns[tried.turn_id].otherwise.target
    lines = [f"Route: {tried.why} → {tried.target}"]
    lines += [
        f"  {'✓' if c.held else '·'} branch {c.index + 1}: {c.when} → {c.target}"
        + ("  (taken)" if c.index == tried.branch else "")
        for c in tried.checks
    ]
    lines.append(f"    otherwise → {otherwise}" + ("  (taken)" if tried.branch is None else ""))
    found = tried.detections()
    detected = [f"{flag} ({', '.join(words)})" for flag, words in found["flags"].items()]
    if found["asks"]:
        detected.append("asks for " + ", ".join(format_money(a, tried.scenario.currency) for a in found["asks"]))
    if found["phrases"]:
        detected.append("says " + ", ".join(f"“{p}”" for p in found["phrases"]))
    if found["levers"]:
        detected.append("raises " + ", ".join(found["levers"]))
    lines.append("Detected: " + ("; ".join(detected) or "nothing the branches test"))
    score = tried.score
    lines.append(
        "Scores: "
        + ", ".join(f"{d.label} {d.score:g}" for d in score.dimensions.values())
        + f" (overall {score.overall:g})"
    )
    for c in score.criteria:
        if c.points:
            evidence = ", ".join(f"“{e.text}”" for e in c.evidence)
            lines.append(f"  {c.points:+g} {c.label}" + (f": {evidence}" if evidence else ""))
    moved = tried.goodwill
    changes = ", ".join(f"{c.label} {c.change:+d}" for c in moved.changes)
    lines.append(f"Goodwill: {moved.before} → {moved.after}" + (f" ({changes})" if changes else ""))
    lines.append(f"Recruiter: {tried.reply}")
    return "\n".join(lines)
