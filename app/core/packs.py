"""Scenario packs: a class's scenarios in one .zip, to share between instructors and machines.

A pack holds `manifest.json` (format, title, author, version, the scenarios' ids and files) and one
`scenarios/<id>.yaml` per scenario. Importing reads and checks the whole pack first: its size, every member's
name and size (nothing is ever extracted by the names inside the zip), and every scenario with the same checks
as `counteroffer validate`. Only a pack with no errors is copied, and ids already in the library are kept,
replaced or renamed as asked.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .diagnostics import Diagnostic, Severity, has_errors
from .library import check_text
from .scenario_rules import RuleContext
from .yamledit import replace_id
from .yamlsource import MAX_BYTES, YamlProblem, read_limited

PACK_FORMAT = 1
MANIFEST = "manifest.json"
MAX_MEMBERS = 500
MAX_PACK_BYTES = 50_000_000  # every member, uncompressed
MAX_MANIFEST_BYTES = 100_000
_MEMBER = re.compile(r"^scenarios/([a-z0-9][a-z0-9_-]{0,79})\.yaml$")
Policy = Literal["keep", "replace", "rename"]
POLICIES: tuple[Policy, ...] = ("keep", "replace", "rename")


class PackError(Exception):
    """A pack that can't be made or used; `diagnostics` lists every problem found (empty for a single one)."""

    def __init__(self, message: str, diagnostics: Iterable[Diagnostic] = ()):
        super().__init__(message)
        self.diagnostics = list(diagnostics)


@dataclass(frozen=True)
class Manifest:
    title: str
    author: str = ""
    version: str = "1.0"
    scenarios: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "format": PACK_FORMAT,
            "title": self.title,
            "author": self.author,
            "version": self.version,
            "scenarios": [{"id": i, "file": f"scenarios/{i}.yaml"} for i in self.scenarios],
        }


@dataclass(frozen=True)
class Pack:
    manifest: Manifest
    texts: dict[str, str]  # scenario id -> its YAML text


def export_pack(files: Iterable[Path], target: Path, manifest: Manifest, context: RuleContext) -> Manifest:
    """Write the scenario files as a pack; every file must be a valid scenario (PackError lists the problems)."""
    texts: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for path in files:
        try:
            text = read_limited(path).decode("utf-8-sig")
        except (YamlProblem, UnicodeDecodeError) as exc:
            problems += exc.diagnostics if isinstance(exc, YamlProblem) else [_error(str(path), str(exc))]
            continue
        loaded, _ = check_text(text, str(path), context)
        problems += loaded.diagnostics
        if loaded.ok and loaded.scenario is not None:
            if loaded.scenario.id in texts:
                problems.append(_error(str(path), f'a second scenario with the id "{loaded.scenario.id}"'))
            texts[loaded.scenario.id] = text
    if has_errors(problems):
        raise PackError("these scenarios have errors; fix them before making a pack", problems)
    if not texts:
        raise PackError("no scenarios to put in the pack")
    manifest = Manifest(manifest.title, manifest.author, manifest.version, tuple(texts))
    _write_atomically(target, lambda out: _write_zip(out, manifest, texts))
    return manifest


def _write_zip(out: Path, manifest: Manifest, texts: Mapping[str, str]) -> None:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as pack:
        pack.writestr(MANIFEST, json.dumps(manifest.to_json(), indent=2, ensure_ascii=False) + "\n")
        for scenario_id, text in texts.items():
            pack.writestr(f"scenarios/{scenario_id}.yaml", text)


def read_pack(path: Path) -> Pack:
    """The manifest and the scenario texts of a pack, refusing anything odd (PackError): not a zip, too many or
    too large members, names outside `scenarios/<id>.yaml`, a manifest that doesn't match the files."""
    try:
        with zipfile.ZipFile(path) as pack:
            return _read(pack, str(path))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise PackError(f"{path} is not a readable scenario pack ({exc})") from None


def _read(pack: zipfile.ZipFile, name: str) -> Pack:
    members = pack.infolist()
    if len(members) > MAX_MEMBERS + 1:
        raise PackError(f"{name} holds {len(members)} files; a pack holds at most {MAX_MEMBERS} scenarios")
    if sum(m.file_size for m in members) > MAX_PACK_BYTES:
        raise PackError(f"{name} unpacks to more than {MAX_PACK_BYTES // 1_000_000} MB")
    texts: dict[str, str] = {}
    manifest_data: Any = None
    for member in members:
        if member.is_dir():
            continue
        limit = MAX_MANIFEST_BYTES if member.filename == MANIFEST else MAX_BYTES
        match = _MEMBER.match(member.filename)
        if member.filename != MANIFEST and match is None:
            raise PackError(
                f'{name}: unexpected file "{member.filename[:200]}" — a pack holds {MANIFEST} and '
                "scenarios/<id>.yaml only"
            )
        if member.file_size > limit:
            raise PackError(f"{name}: {member.filename} is over the {limit:,}-byte limit")
        with pack.open(member) as source:
            raw = source.read(limit + 1)
        if len(raw) > limit:
            raise PackError(f"{name}: {member.filename} is over the {limit:,}-byte limit")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PackError(f"{name}: {member.filename} is not UTF-8 text") from None
        if match is None:
            manifest_data = _json(text, name)
        else:
            texts[match.group(1)] = text
    manifest = _manifest(manifest_data, name)
    if sorted(manifest.scenarios) != sorted(texts):
        raise PackError(
            f"{name}: the manifest lists {', '.join(manifest.scenarios) or 'nothing'}, but the pack "
            f"holds {', '.join(texts) or 'no scenarios'}"
        )
    return Pack(manifest, texts)


def _json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise PackError(f"{name}: {MANIFEST} is not JSON ({exc})") from None


def _manifest(data: Any, name: str) -> Manifest:
    if data is None:
        raise PackError(f"{name} has no {MANIFEST}: it is not a scenario pack")
    if not isinstance(data, dict) or data.get("format") != PACK_FORMAT or not isinstance(data.get("scenarios"), list):
        raise PackError(f"{name}: {MANIFEST} is not a format-{PACK_FORMAT} pack manifest")
    ids = [s.get("id") if isinstance(s, dict) else None for s in data["scenarios"]]
    if not all(isinstance(i, str) for i in ids):
        raise PackError(f"{name}: every scenario in {MANIFEST} needs an id")
    text = {key: str(data.get(key) or "")[:200] for key in ("title", "author", "version")}
    return Manifest(text["title"], text["author"], text["version"], tuple(str(i) for i in ids))


@dataclass(frozen=True)
class Step:
    """What happens to one scenario of the pack."""

    scenario_id: str  # its id in the pack
    action: Literal["add", "keep", "replace", "rename"]
    new_id: str  # the id it gets in the library (the same, unless renamed)
    path: Path | None  # where it is written (None: kept as it is, nothing written)
    note: str = ""


@dataclass
class ImportPlan:
    manifest: Manifest
    steps: list[Step] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # the text to write, by pack id

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    @property
    def conflicts(self) -> list[Step]:
        return [s for s in self.steps if s.action != "add"]


def plan_import(
    pack: Pack,
    folder: Path,
    library: Mapping[str, Path | None],
    policy: Policy,
    context: RuleContext,
) -> ImportPlan:
    """Check every scenario of the pack and decide what happens to each; nothing is written. `library`: the ids
    already there and their files (None for a built-in, which is never replaced: it is renamed instead)."""
    plan = ImportPlan(pack.manifest)
    taken = set(library) | set(pack.texts)
    for pack_id, text in pack.texts.items():
        loaded, _ = check_text(text, f"{pack_id}.yaml (in the pack)", context)
        plan.diagnostics += loaded.diagnostics
        if not loaded.ok or loaded.scenario is None:
            continue
        if loaded.scenario.id != pack_id:
            plan.diagnostics.append(
                _error(
                    f"{pack_id}.yaml (in the pack)",
                    f'the file is named for "{pack_id}" but its id is "{loaded.scenario.id}"',
                )
            )
            continue
        plan.steps.append(_step(pack_id, folder, library, policy, taken))
        step = plan.steps[-1]
        plan.texts[pack_id] = replace_id(text, step.new_id) if step.new_id != pack_id else text
    return plan


def _step(pack_id: str, folder: Path, library: Mapping[str, Path | None], policy: Policy, taken: set[str]) -> Step:
    if pack_id not in library:
        return Step(pack_id, "add", pack_id, _free_name(folder, pack_id))
    existing = library[pack_id]
    if policy == "keep":
        return Step(pack_id, "keep", pack_id, None, "already in the library: kept the one there")
    if policy == "replace" and existing is not None:
        return Step(pack_id, "replace", pack_id, existing, f"replaced {existing}")
    new_id = fresh_id(pack_id, taken)
    taken.add(new_id)
    why = "built-in scenarios can't be replaced: " if policy == "replace" else ""
    return Step(pack_id, "rename", new_id, _free_name(folder, new_id), f"{why}added as {new_id}")


def fresh_id(scenario_id: str, taken: set[str]) -> str:
    """`scenario_id` with the first free number after it: low-offer-2, low-offer-3, …"""
    stem = re.sub(r"-\d+$", "", scenario_id)[:70]
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def _free_name(folder: Path, scenario_id: str) -> Path:
    path, number = folder / f"{scenario_id}.yaml", 2
    while path.exists():
        path, number = folder / f"{scenario_id}-{number}.yaml", number + 1
    return path


def apply_import(plan: ImportPlan, folder: Path) -> list[Step]:
    """Write the planned files (each written whole, then moved into place); PackError when the plan has errors."""
    if not plan.ok:
        raise PackError("the pack has errors; nothing was imported", plan.diagnostics)
    folder.mkdir(parents=True, exist_ok=True)
    for step in plan.steps:
        if step.path is not None:
            write_text_atomically(step.path, plan.texts[step.scenario_id])
    return plan.steps


def write_text_atomically(target: Path, text: str) -> None:
    """Write the whole text beside `target`, then move it into place: a reader never sees half a file."""
    _write_atomically(target, lambda out: out.write_text(text, encoding="utf-8"))


def _write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    handle, temporary = tempfile.mkstemp(prefix=".partial-", suffix=target.suffix, dir=target.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _error(path: str, message: str) -> Diagnostic:
    return Diagnostic(path, 1, 1, Severity.ERROR, message)
