"""Loading scenario files and folders: every good file loads, every bad one reports why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, has_errors
from .model_validation import load_and_validate
from .profile import Profile
from .scenario import Scenario
from .scenario_rules import RuleContext, check
from .scoring import Scorer
from .yamlsource import load_file

SUFFIXES = (".yaml", ".yml")


@dataclass
class LoadedFile:
    path: str
    scenario: Scenario | None
    diagnostics: list[Diagnostic]
    builtin: bool = False

    @property
    def ok(self) -> bool:
        return self.scenario is not None and not has_errors(self.diagnostics)


@dataclass
class Library:
    files: list[LoadedFile] = field(default_factory=list)

    @property
    def scenarios(self) -> list[Scenario]:
        return [f.scenario for f in self.files if f.ok and f.scenario is not None]

    @property
    def broken(self) -> list[LoadedFile]:
        return [f for f in self.files if not f.ok]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for f in self.files for d in f.diagnostics]

    def get(self, scenario_id: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.id == scenario_id), None)


def load_scenario(path: str | Path, context: RuleContext | None = None, *, builtin: bool = False) -> LoadedFile:
    rules = context or RuleContext()
    scenario, diagnostics, _doc = load_and_validate(
        path, Scenario, lambda s, d: check(s, d, rules), what="scenario file"
    )
    return LoadedFile(str(path), scenario, diagnostics, builtin)


def scenario_files(paths: Iterable[str | Path]) -> list[Path]:
    """YAML files named directly, plus those found (recursively, sorted) in folders."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        else:
            found.append(path)
    return found


def load_library(
    paths: Iterable[str | Path], context: RuleContext | None = None, builtin_folder: Path | None = None
) -> Library:
    """Every scenario file under `paths`, checked against what `context` says exists (see `rule_context`)."""
    library = Library()
    for path in scenario_files(paths):
        builtin = builtin_folder is not None and builtin_folder in path.parents
        library.files.append(load_scenario(path, context, builtin=builtin))
    _flag_duplicate_ids(library)
    return library


def _flag_duplicate_ids(library: Library) -> None:
    first_seen: dict[str, LoadedFile] = {}
    for loaded in library.files:
        if loaded.scenario is None:
            continue
        other = first_seen.setdefault(loaded.scenario.id, loaded)
        if other is not loaded:
            loaded.diagnostics.append(
                load_file(loaded.path).diagnostic(
                    ("id",),
                    f'the id "{loaded.scenario.id}" is already used by {other.path} '
                    "— every scenario in the library needs its own id; rename one of them",
                )
            )


def rule_context(scorer: Scorer, *, run_examples: bool = False, profile: Profile | None = None) -> RuleContext:
    """The scorer's rubrics and detectors; with run_examples, also what's needed to score examples."""
    rubrics = {rid: tuple(rubric.dimensions) for rid, rubric in scorer.rubrics.items()}
    return RuleContext(rubrics or RuleContext().rubrics, scorer.detectors, scorer if run_examples else None, profile)
