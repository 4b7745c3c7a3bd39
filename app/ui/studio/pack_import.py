"""Importing a pack with a choice per conflicting id (keep, replace or rename), on a worker thread. Plain Python.

Practice.import_pack plans a whole pack under one policy; here one dry-run plan per policy asked for is made and
each scenario's step (and text) is taken from the plan of the policy chosen for it, then written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from ...core.packs import ImportPlan, Policy, Step
    from ...practice import Practice


def plan(practice: Practice, path: Path) -> tuple[ImportPlan, dict[str, bool]]:
    """The pack checked (nothing written) and, for each conflicting id, whether it may be replaced (a built-in
    scenario can't be)."""
    kept = practice.import_pack(path, "keep", dry_run=True)
    if not kept.ok or not kept.conflicts:
        return kept, {}
    replacing = practice.import_pack(path, "replace", dry_run=True)
    replaceable = {s.scenario_id: s.action == "replace" for s in replacing.steps if s.action != "add"}
    return kept, replaceable


def apply(practice: Practice, path: Path, choices: Mapping[str, Policy]) -> list[Step]:
    """Import the pack, each conflicting id handled as `choices` says (keep when not named)."""
    from ...core.packs import ImportPlan, apply_import

    policies = {"keep", *choices.values()}
    plans = {policy: practice.import_pack(path, policy, dry_run=True) for policy in sorted(policies)}
    first = plans["keep"]
    combined = ImportPlan(first.manifest, diagnostics=list(first.diagnostics))
    for step in first.steps:
        chosen = plans[choices.get(step.scenario_id, "keep")]
        picked = next(s for s in chosen.steps if s.scenario_id == step.scenario_id)
        combined.steps.append(picked)
        combined.texts[step.scenario_id] = chosen.texts[step.scenario_id]
    return apply_import(combined, practice.places.user_scenarios)
