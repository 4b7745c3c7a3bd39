"""`counteroffer schema`: a file format's JSON Schema, printed or written to a file (in-process through main()).
Named test_schema_command so it doesn't clash with tests/core/test_schema.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.core.schema import schema_text


def test_schema_prints_the_scenario_schema_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out, err = capsys.readouterr()
    assert out == schema_text("scenario") and err == ""
    schema = json.loads(out)
    assert schema["$schema"].startswith("https://json-schema.org/") and "turns" in schema["properties"]


def test_schema_writes_the_chosen_kind_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "profile.schema.json"
    assert main(["schema", "profile", "-o", str(target)]) == 0
    assert capsys.readouterr() == ("", "")
    assert target.read_text(encoding="utf-8") == schema_text("profile")
    assert "walk_away" in json.loads(target.read_text(encoding="utf-8"))["properties"]
