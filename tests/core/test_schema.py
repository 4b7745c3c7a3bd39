"""The published JSON Schema: in sync with the models, accepts the library, rejects what it can express."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import DATA

from app import paths
from app.core.schema import KINDS, schema_for, schema_text

VALIDATOR = jsonschema.Draft202012Validator(schema_for("scenario"))


@pytest.mark.parametrize("kind", KINDS)
def test_schema_file_is_in_sync_with_the_models(kind: str) -> None:
    assert paths.schema_file(kind).read_text(encoding="utf-8") == schema_text(kind), (
        f"run: .venv/bin/python -m app schema {kind} -o resources/schema/{kind}.schema.json"
    )


@pytest.mark.parametrize("kind,folder", [("rubric", "rubrics"), ("lexicon", "lexicons")])
def test_schema_accepts_shipped_rubrics_and_lexicons(kind: str, folder: str) -> None:
    validator = jsonschema.Draft202012Validator(schema_for(kind))
    for path in sorted((paths.resources() / folder).glob("*.yaml")):
        assert list(validator.iter_errors(yaml.safe_load(path.read_text()))) == [], path.name


@pytest.mark.parametrize("path", sorted(paths.builtin_scenarios().glob("*.yaml")), ids=lambda p: p.stem)
def test_schema_accepts_builtin_scenario(path: Path) -> None:
    data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))  # dates as text, like JSON
    assert list(VALIDATOR.iter_errors(data)) == []


@pytest.mark.parametrize(
    "name,where,rule",
    [
        ("wrong-type", ["difficulty"], "type"),
        ("missing-field", [], "required"),
        ("unknown-key", ["turns", "opening"], "additionalProperties"),
        ("not-mapping", [], "type"),
    ],
)
def test_schema_rejects_bad_file_for_its_mistake(name: str, where: list, rule: str) -> None:
    data = yaml.safe_load((DATA / "bad" / f"{name}.yaml").read_text())
    assert [(list(e.absolute_path), e.validator) for e in VALIDATOR.iter_errors(data)] == [(where, rule)]
