"""Loading scenario files and folders: every good file loads, every bad one reports why."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, Severity, has_errors
from .model_validation import load_and_validate, validate_text
from .profile import Profile
from .scenario import Scenario
from .scenario_rules import RuleContext, check
from .scoring import Scorer
from .yamlsource import Document, YamlProblem, load_file

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
    loaded, _doc = _guarded(
        str(path), lambda: load_and_validate(path, Scenario, lambda s, d: check(s, d, rules), what="scenario file")
    )
    loaded.builtin = builtin
    return loaded


def check_text(text: str, name: str, context: RuleContext | None = None) -> tuple[LoadedFile, Document | None]:
    """A scenario being edited, checked as `load_scenario` checks a file (`name`: the path diagnostics show); and
    its Document (None when the text isn't YAML data), which knows where each turn stands."""
    rules = context or RuleContext()
    return _guarded(
        name, lambda: validate_text(text, name, Scenario, lambda s, d: check(s, d, rules), what="scenario file")
    )


def _guarded(
    name: str, load: Callable[[], tuple[Scenario | None, list[Diagnostic], Document | None]]
) -> tuple[LoadedFile, Document | None]:
    try:
        scenario, diagnostics, doc = load()
    except (Exception, RecursionError) as exc:  # noqa: BLE001 - one file, however broken, never stops the others
        message = (
            f"this file could not be checked ({type(exc).__name__}: {str(exc)[:200]}) "
            "— simplify the file, and please report it as a bug in Counteroffer"
        )
        return LoadedFile(name, None, [Diagnostic(name, 1, 1, Severity.ERROR, message)]), None
    return LoadedFile(name, scenario, diagnostics), doc


def scenario_files(paths: Iterable[str | Path]) -> list[Path]:
    """YAML files named directly, plus those found (recursively, sorted) in folders."""
    return find_scenario_files(paths)[0]


def find_scenario_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Diagnostic]]:
    """YAML files named directly, plus those found (recursively, sorted) in folders; and a warning for each
    thing in those folders that was skipped: a subfolder that can't be read, a dangling link, a YAML name that
    is not a regular file."""
    found: list[Path] = []
    problems: list[Diagnostic] = []
    for path in map(Path, paths):
        try:
            is_folder = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError:
            is_folder = False  # loading it as a file says why it can't be read
        if is_folder:
            found += _files_in(path, problems)
        else:
            found.append(path)
    return found, problems


def _files_in(folder: Path, problems: list[Diagnostic]) -> list[Path]:
    def skipped(path: Path | str, why: str) -> None:
        problems.append(Diagnostic(str(path), 1, 1, Severity.WARNING, f"skipped: {why}"))

    def unreadable(error: OSError) -> None:
        skipped(
            error.filename or folder,
            f"the folder can't be read ({error.strerror or error}) — check its permissions, or move it elsewhere",
        )

    found: list[Path] = []
    visited: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(folder, onerror=unreadable, followlinks=True):
        try:
            info = os.stat(root)
        except OSError as error:
            unreadable(error)
            dirs.clear()
            continue
        if (info.st_dev, info.st_ino) in visited:  # a link back up the tree
            dirs.clear()
            continue
        visited.add((info.st_dev, info.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # .git, .github: a course repository's own files
        for name in files:
            path = Path(root, name)
            if path.suffix not in SUFFIXES:
                continue
            try:
                mode = os.stat(path).st_mode
            except OSError as error:
                if os.path.islink(path):
                    skipped(path, "the link points to nothing — fix or remove the link")
                else:
                    skipped(path, f"the file can't be read ({error.strerror or error}) — check its permissions")
                continue
            if stat.S_ISREG(mode):
                found.append(path)
            elif not stat.S_ISDIR(mode):
                skipped(path, "not a regular file (a pipe, device or socket) — scenarios must be files saved on disk")
    return sorted(found)


def load_library(
    paths: Iterable[str | Path], context: RuleContext | None = None, builtin_folder: Path | None = None
) -> Library:
    """Every scenario file under `paths`, checked against what `context` says exists (see `rule_context`)."""
    library = Library()
    files, skipped = find_scenario_files(paths)
    library.files += [LoadedFile(d.path, None, [d]) for d in skipped]
    for path in files:
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
            message = (
                f'the id "{loaded.scenario.id}" is already used by {other.path} '
                "— every scenario in the library needs its own id; rename one of them"
            )
            try:
                loaded.diagnostics.append(load_file(loaded.path).diagnostic(("id",), message))
            except YamlProblem:  # changed since it was loaded
                loaded.diagnostics.append(Diagnostic(loaded.path, 1, 1, Severity.ERROR, message))


def rule_context(scorer: Scorer, *, run_examples: bool = False, profile: Profile | None = None) -> RuleContext:
    """The scorer's rubrics and detectors; with run_examples, also what's needed to score examples."""
    rubrics = {rid: tuple(rubric.dimensions) for rid, rubric in scorer.rubrics.items()}
    return RuleContext(rubrics or RuleContext().rubrics, scorer.detectors, scorer if run_examples else None, profile)
