"""Checking authored files of any kind (`counteroffer validate`): scenarios, lexicons, rubrics, profiles."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .diagnostics import Diagnostic
from .learned import load_weights
from .lexicon import load_lexicon
from .library import load_library, rule_context, scenario_files
from .model_validation import load_and_validate
from .profile import Profile
from .rubric import load_rubric
from .scoring import Scorer
from .yamlsource import YamlProblem, load_file

_KIND_BY_FOLDER = {"lexicons": "lexicon", "rubrics": "rubric", "profiles": "profile", "models": "model"}


def kind_of(path: Path) -> str:
    """What an authored file is, from its folder or, failing that, its top-level keys."""
    if path.parent.name in _KIND_BY_FOLDER:
        return _KIND_BY_FOLDER[path.parent.name]
    try:
        keys = set(load_file(path).data)
    except YamlProblem:
        return "scenario"  # reported by the scenario loader
    if "turns" in keys:
        return "scenario"
    if "dimensions" in keys or "criteria" in keys:
        return "rubric"
    if keys & {"entries", "patterns"}:
        return "lexicon"
    if {"weights", "intercept"} <= keys:
        return "model"
    if keys & {"priorities", "petals", "walk_away"}:
        return "profile"
    return "scenario"


def validate_paths(
    paths: Iterable[str | Path], scorer: Scorer, *, run_examples: bool = True, profile: Profile | None = None
) -> tuple[int, list[Diagnostic]]:
    """How many files were checked, and every diagnostic (including problems in the lexicons and rubrics
    the scorer uses, since examples are scored with them)."""
    files = scenario_files(paths)
    scenarios, diagnostics = [], list(scorer.diagnostics)
    for path in files:
        kind = kind_of(path)
        if kind == "lexicon":
            diagnostics += load_lexicon(path)[1]
        elif kind == "rubric":
            diagnostics += load_rubric(path, scorer.detectors)[1]
        elif kind == "model":
            diagnostics += load_weights(path)[1]
        elif kind == "profile":
            diagnostics += load_and_validate(path, Profile, what="profile file")[1]
        else:
            scenarios.append(path)
    library = load_library(scenarios, rule_context(scorer, run_examples=run_examples, profile=profile))
    diagnostics += library.diagnostics
    return len(files), list(dict.fromkeys(diagnostics))
