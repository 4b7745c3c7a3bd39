"""Scenario packs (core/packs.py): export, then import with every conflict policy; nothing unsafe gets in."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURE_SCENARIOS

from app.core.library import load_library
from app.core.packs import Manifest, PackError, apply_import, export_pack, plan_import, read_pack
from app.core.scenario_rules import RuleContext

FILES = [FIXTURE_SCENARIOS / "first-call.yaml", FIXTURE_SCENARIOS / "offer-call.yaml"]
CONTEXT = RuleContext()


def ids_in(folder: Path) -> dict[str, Path | None]:
    return {s.id: Path(f.path) for f in load_library([folder]).files if (s := f.scenario)}


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    target = tmp_path / "week-3.zip"
    manifest = export_pack(FILES, target, Manifest("Week 3", "Ms K", "2.1"), CONTEXT)
    assert manifest.scenarios == ("first-call", "offer-call")
    return target


def test_a_pack_round_trips_into_an_empty_folder(pack: Path, tmp_path: Path) -> None:
    read = read_pack(pack)
    assert (read.manifest.title, read.manifest.author, read.manifest.version) == ("Week 3", "Ms K", "2.1")
    folder = tmp_path / "mine"
    plan = plan_import(read, folder, {}, "keep", CONTEXT)
    assert plan.ok and [s.action for s in plan.steps] == ["add", "add"]
    apply_import(plan, folder)
    for path in FILES:
        assert (folder / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "policy, action, ids",
    [
        ("keep", "keep", {"first-call", "offer-call"}),
        ("replace", "replace", {"first-call", "offer-call"}),
        ("rename", "rename", {"first-call", "offer-call", "first-call-2", "offer-call-2"}),
    ],
)
def test_an_id_already_there_is_kept_replaced_or_renamed(
    pack: Path, tmp_path: Path, policy: str, action: str, ids: set[str]
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "first-call.yaml").write_text(
        (FIXTURE_SCENARIOS / "first-call.yaml").read_text(encoding="utf-8").replace('title: "', 'title: "Mine: ', 1),
        encoding="utf-8",
    )
    (folder / "other.yaml").write_text((FIXTURE_SCENARIOS / "offer-call.yaml").read_text(encoding="utf-8"))
    plan = plan_import(read_pack(pack), folder, ids_in(folder), policy, CONTEXT)  # type: ignore[arg-type]
    assert plan.ok and [s.action for s in plan.conflicts] == [action, action]
    apply_import(plan, folder)
    library = load_library([folder])
    assert {s.id for s in library.scenarios} == ids and not library.broken
    mine = (folder / "first-call.yaml").read_text(encoding="utf-8")
    assert ("Mine: " in mine) == (policy != "replace")
    if policy == "rename":
        assert "\nid: first-call-2\n" in (folder / "first-call-2.yaml").read_text(encoding="utf-8")


def test_a_builtin_is_never_replaced(pack: Path, tmp_path: Path) -> None:
    plan = plan_import(read_pack(pack), tmp_path, {"first-call": None}, "replace", CONTEXT)
    [step] = plan.conflicts
    assert (step.action, step.new_id) == ("rename", "first-call-2")


def test_a_pack_with_a_broken_scenario_copies_nothing(tmp_path: Path) -> None:
    target = tmp_path / "bad.zip"
    good = FILES[0].read_text(encoding="utf-8")
    write_zip(target, {"scenarios/first-call.yaml": good, "scenarios/broken.yaml": "id: broken\nturns: 3\n"})
    plan = plan_import(read_pack(target), tmp_path / "mine", {}, "keep", CONTEXT)
    assert not plan.ok
    with pytest.raises(PackError):
        apply_import(plan, tmp_path / "mine")
    assert not (tmp_path / "mine").exists()


def write_zip(target: Path, members: dict[str, str | bytes]) -> None:
    names = [n.removeprefix("scenarios/").removesuffix(".yaml") for n in members if n.startswith("scenarios/")]
    manifest = {"format": 1, "title": "t", "scenarios": [{"id": n} for n in names]}
    with zipfile.ZipFile(target, "w") as pack:
        pack.writestr("manifest.json", json.dumps(manifest))
        for name, data in members.items():
            pack.writestr(name, data)


@pytest.mark.parametrize(
    "name", ["../evil.yaml", "scenarios/../../evil.yaml", "/etc/evil.yaml", "scenarios/Evil.yaml", "run.sh"]
)
def test_members_outside_scenarios_are_refused(tmp_path: Path, name: str) -> None:
    target = tmp_path / "slip.zip"
    write_zip(target, {name: "id: evil\n"})
    with pytest.raises(PackError, match="unexpected file"):
        read_pack(target)


def test_huge_members_and_non_zips_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "huge.zip"
    write_zip(target, {"scenarios/huge.yaml": b"#" * 2_000_000})
    with pytest.raises(PackError, match="limit"):
        read_pack(target)
    (tmp_path / "not.zip").write_text("hello")
    with pytest.raises(PackError, match="not a readable"):
        read_pack(tmp_path / "not.zip")


def test_export_refuses_a_scenario_with_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: x\n", encoding="utf-8")
    with pytest.raises(PackError) as caught:
        export_pack([bad], tmp_path / "out.zip", Manifest("x"), CONTEXT)
    assert caught.value.diagnostics and not (tmp_path / "out.zip").exists()
