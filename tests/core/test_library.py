"""Loading the built-in library and folders of mixed good and bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import DATA, FIXTURE_SCENARIOS

from app import paths
from app.core.library import load_library, rule_context
from app.core.placeholders import fill, scenario_values
from app.practice import Practice


def test_builtin_library_loads_with_no_diagnostics() -> None:
    library = load_library([paths.builtin_scenarios()])
    assert [str(d) for d in library.diagnostics] == []
    assert len(library.scenarios) >= 12


def test_builtin_library_covers_the_brief() -> None:
    scenarios = load_library([paths.builtin_scenarios()]).scenarios
    assert {s.difficulty for s in scenarios} == {1, 2, 3}
    assert len({s.company for s in scenarios}) == len(scenarios), "each has its own company"
    assert len({s.recruiter.name for s in scenarios}) == len(scenarios), "each has its own recruiter"
    for s in scenarios:
        assert len(s.turns) >= 3, s.id
        endings = {r.end.outcome for t in s.turns.values() for r in t.routes() if r.end}
        assert len(endings) >= 2, f"{s.id} needs two paths with different endings"


def test_fixture_scenarios_load_cleanly_and_their_examples_route_as_expected() -> None:
    """The engine tests' own scenarios (tests/data/scenarios) are valid, so those tests test the engine."""
    library = load_library([FIXTURE_SCENARIOS], rule_context(Practice().scorer(), run_examples=True))
    assert [str(d) for d in library.diagnostics] == []
    assert sorted(s.id for s in library.scenarios) == sorted(p.stem for p in FIXTURE_SCENARIOS.glob("*.yaml"))


def test_folder_with_good_and_bad_files_loads_every_good_one(tmp_path: Path) -> None:
    shutil.copy(FIXTURE_SCENARIOS / "first-call.yaml", tmp_path / "good.yaml")
    for name in ("empty.yaml", "wrong-type.yaml", "python-tag.yaml"):
        shutil.copy(DATA / "bad" / name, tmp_path / name)
    library = load_library([tmp_path])
    assert [s.id for s in library.scenarios] == ["first-call"]
    assert sorted(Path(f.path).name for f in library.broken) == ["empty.yaml", "python-tag.yaml", "wrong-type.yaml"]


def test_duplicate_ids_across_files_are_reported_on_the_second(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(FIXTURE_SCENARIOS / "first-call.yaml", tmp_path / name)
    library = load_library([tmp_path])
    first, second = library.files
    assert first.ok and not second.ok
    assert "already used by" in second.diagnostics[0].message and str(first.path) in second.diagnostics[0].message


def test_placeholders_are_filled_from_the_scenario_and_the_student() -> None:
    scenario = load_library([FIXTURE_SCENARIOS / "first-call.yaml"]).scenarios[0]
    values = {**scenario_values(scenario), "student.name": "Ana"}
    text = fill("Hi {student.name}! {company} pays {market.low}-{market.high}. {{literal}} {unknown}", values)
    assert text == "Hi Ana! Quillfeather Labs pays $60,000-$80,000. {literal} {unknown}"
    pounds = load_library([FIXTURE_SCENARIOS / "offer-call.yaml"]).scenarios[0]
    assert fill("{offer.base} by {offer.deadline}", scenario_values(pounds)) == "£30,500 by Friday"
