"""`counteroffer new`, `graph`, `try` and `pack`, run in-process through main() with a fresh user folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import paths
from app.cli import main


def test_new_writes_a_valid_skeleton_into_the_user_folder(user_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "my-deadline", "--from", "exploding-deadline"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == user_home / "scenarios" / "my-deadline.yaml"
    schema = path.read_text(encoding="utf-8").splitlines()[0].split("$schema=")[1]
    assert Path(schema).is_absolute() and Path(schema).samefile(paths.schema_file())
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.endswith("1 file checked: 0 errors, 0 warnings\n")
    assert main(["new", "my-deadline", "--from", "2"]) == 2
    assert "already has" in capsys.readouterr().err


def test_new_copies_a_scenario_under_a_new_id(user_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "my-pto", "--copy", "benefits-pto"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert "\nid: my-pto\n" in path.read_text(encoding="utf-8")
    assert main(["new", "bad id", "--copy", "benefits-pto"]) == 2
    assert main(["new", "other", "--copy", "no-such"]) == 2


def test_graph_prints_dot_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "salary-expectations"]) == 0
    dot = capsys.readouterr().out
    assert dot.startswith('digraph "salary-expectations" {') and '"opening" -> "shares_range"' in dot
    assert main(["graph", "salary-expectations", "--format", "json"]) == 0
    graph = json.loads(capsys.readouterr().out)
    assert graph["start"] == "opening" and graph["unreachable"] == []
    assert main(["graph", "no-such"]) == 2


def test_try_shows_the_route_detections_and_scores(capsys: pytest.CaptureFixture[str]) -> None:
    answer = "Thanks! Could you share the range you've budgeted?"
    assert main(["try", "salary-expectations", "opening", answer]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Route: branch 4: ask a question → shares_range")
    assert "Detected: asked_question" in out and "Scores: " in out and "Recruiter: Sure!" in out
    assert main(["try", "salary-expectations", "opening", answer, "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["route"]["goto"] == "shares_range" and result["example"]["expect"] == {"goto": "shares_range"}
    assert set(result["score"]["dimensions"]) == {"confidence", "respect", "value"}
    assert main(["try", "salary-expectations", "nowhere", answer]) == 2


def test_pack_export_then_import_with_each_policy(
    user_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "week-one", "--from", "1"]) == 0
    pack = tmp_path / "class.zip"
    assert main(["pack", "export", "week-one", "low-offer", "-o", str(pack), "--title", "Class", "--author", "K"]) == 0
    capsys.readouterr()
    assert main(["pack", "import", str(pack)]) == 0
    out = capsys.readouterr().out
    assert "keep     week-one" in out and "keep     low-offer" in out
    assert main(["pack", "import", str(pack), "--on-conflict", "rename"]) == 0
    assert "rename   week-one (added as week-one-2)" in capsys.readouterr().out
    assert main(["pack", "import", str(pack), "--on-conflict", "replace"]) == 0
    out = capsys.readouterr().out
    assert "replace  week-one" in out and "built-in scenarios can't be replaced: added as low-offer-3" in out
    folder = user_home / "scenarios"
    assert sorted(p.name for p in folder.glob("*.yaml")) == [
        "low-offer-2.yaml",
        "low-offer-3.yaml",
        "week-one-2.yaml",
        "week-one.yaml",
    ]
    assert main(["validate", str(folder)]) == 0


def test_pack_import_of_a_broken_pack_writes_nothing(user_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = user_home / "not-a-pack.zip"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("nope")
    assert main(["pack", "import", str(bad)]) == 1
    assert "not a readable scenario pack" in capsys.readouterr().err
    assert not (user_home / "scenarios").exists()
