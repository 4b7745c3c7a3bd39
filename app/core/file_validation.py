"""Checking authored files of any kind (`counteroffer validate`): scenarios, lexicons, rubrics, profiles."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .diagnostics import Diagnostic, Severity
from .learned import load_weights
from .lexicon import load_lexicon
from .library import find_scenario_files, load_library, rule_context
from .model_validation import load_and_validate
from .profile import Profile
from .rubric import load_rubric
from .scoring import Scorer
from .yamlsource import YamlProblem, load_text, read_limited

# a key at the start of a line is a top-level key (a quick look that spares parsing a big file twice)
_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)", re.MULTILINE)
_KIND_BY_FOLDER = {"lexicons": "lexicon", "rubrics": "rubric", "profiles": "profile", "models": "model"}


def kind_of(path: Path) -> str:
    """What an authored file is, from its folder or, failing that, its top-level keys."""
    if path.parent.name in _KIND_BY_FOLDER:
        return _KIND_BY_FOLDER[path.parent.name]
    try:
        text = read_limited(path).decode("utf-8-sig")
        keys = set(_TOP_LEVEL_KEY.findall(text)) or set(load_text(text, str(path)).data)
    except (YamlProblem, UnicodeDecodeError):
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
    files, skipped = find_scenario_files(paths)
    scenarios, diagnostics = [], list(scorer.diagnostics) + skipped
    for path in files:
        try:
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
        except (Exception, RecursionError) as exc:  # noqa: BLE001 - one broken file never stops the others
            message = (
                f"this file could not be checked ({type(exc).__name__}: {str(exc)[:200]}) "
                "— simplify the file, and please report it as a bug in Counteroffer"
            )
            diagnostics.append(Diagnostic(str(path), 1, 1, Severity.ERROR, message))
    library = load_library(scenarios, rule_context(scorer, run_examples=run_examples, profile=profile))
    diagnostics += library.diagnostics
    return len(files), list(dict.fromkeys(diagnostics))
