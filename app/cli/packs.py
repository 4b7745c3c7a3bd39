"""`counteroffer pack export` and `counteroffer pack import`: scenario packs (.zip) to share a class's scenarios."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.packs import Manifest, PackError
from ..practice import Practice
from .errors import FOUND_PROBLEMS, CliError


def run_export(args: argparse.Namespace) -> int:
    target = Path(args.output)
    if target.suffix.lower() != ".zip":
        raise CliError(f"{target}: a pack is a .zip file")
    manifest = Manifest(args.title or target.stem, args.author or "", args.version)
    try:
        written = Practice().export_pack(args.ids, target, manifest)
    except ValueError as error:
        raise CliError(str(error)) from None
    except PackError as error:
        raise CliError(str(error), FOUND_PROBLEMS, tuple(map(str, error.diagnostics))) from None
    except OSError as error:
        raise CliError(f"can't write {target}: {error.strerror or error} — choose another file with -o") from None
    print(
        f"{target}: {written.title} {written.version}, {len(written.scenarios)} scenarios "
        f"({', '.join(written.scenarios)})"
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    try:
        plan = Practice().import_pack(Path(args.file), args.on_conflict, dry_run=args.dry_run)
    except PackError as error:
        raise CliError(str(error), FOUND_PROBLEMS, tuple(map(str, error.diagnostics))) from None
    except OSError as error:
        raise CliError(f"can't import {args.file}: {error.strerror or error}") from None
    for diagnostic in plan.diagnostics:
        print(diagnostic, file=sys.stderr)
    if not plan.ok:
        raise CliError("the pack has errors (listed above); nothing was imported", FOUND_PROBLEMS)
    title = plan.manifest.title + (f" by {plan.manifest.author}" if plan.manifest.author else "")
    print(f"{title} {plan.manifest.version}" + (" (dry run: nothing written)" if args.dry_run else ""))
    for step in plan.steps:
        where = f" → {step.path}" if step.path is not None else ""
        note = f" ({step.note})" if step.note else ""
        print(f"  {step.action:8} {step.scenario_id}{note}{where}")
    return 0
