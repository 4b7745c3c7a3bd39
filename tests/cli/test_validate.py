"""`counteroffer validate`: every problem in scenario files as path:line:col, run in-process through main()."""

from __future__ import annotations

import json

import pytest
from conftest import DATA, FIXTURE_SCENARIOS, ROOT

from app.cli import main

BAD = DATA / "bad"


def test_validate_builtin_scenarios_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(ROOT / "scenarios")]) == 0
    out, err = capsys.readouterr()
    assert out.strip().endswith("0 errors, 0 warnings") and err == ""


def test_validate_bad_folder_lists_every_problem_and_exits_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BAD)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert any(line.startswith(str(BAD / "python-tag.yaml") + ":3:8: error:") for line in lines)
    assert f"{BAD / 'wrong-type.yaml'}:6:13: error: difficulty should be a whole number, not 'hard'" in out
    assert lines[-1].startswith(f"{len(list(BAD.glob('*.yaml')))} files checked: ")
    assert "errors" in lines[-1] and err == ""


def test_validate_json_format_is_machine_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "json", str(BAD / "wrong-type.yaml")]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["files"] == 1
    [diagnostic] = report["diagnostics"]
    assert diagnostic == {
        **diagnostic,
        "path": str(BAD / "wrong-type.yaml"),
        "line": 6,
        "col": 13,
        "severity": "error",
    }
    assert diagnostic["message"].startswith("difficulty should be a whole number")


def test_validate_runs_example_answers_unless_told_not_to(capsys: pytest.CaptureFixture[str]) -> None:
    bad = BAD / "example-wrong-route.yaml"
    assert main(["validate", str(bad)]) == 1
    assert 'example 1 of turn "opening"' in capsys.readouterr().out
    assert main(["validate", "--no-examples", str(bad)]) == 0
    assert capsys.readouterr().out.strip().endswith("0 errors, 0 warnings")


def test_validate_a_folder_of_good_files_counts_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FIXTURE_SCENARIOS)]) == 0
    count = len(list(FIXTURE_SCENARIOS.glob("*.yaml")))
    assert capsys.readouterr().out == f"{count} files checked: 0 errors, 0 warnings\n"
