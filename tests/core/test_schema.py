"""The published JSON Schema: in sync with the models, accepts the library, rejects what it can express."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from app import paths
from app.core.schema import scenario_schema, schema_text
from conftest import DATA

VALIDATOR = jsonschema.Draft202012Validator(scenario_schema())


def test_schema_file_is_in_sync_with_the_models() -> None:
    assert paths.schema_file().read_text(encoding="utf-8") == schema_text(), \
        "run: .venv/bin/python -m app schema -o resources/schema/scenario.schema.json"


@pytest.mark.parametrize("path", sorted(paths.builtin_scenarios().glob("*.yaml")), ids=lambda p: p.stem)
def test_schema_accepts_builtin_scenario(path: Path) -> None:
    data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))  # dates as text, like JSON
    assert list(VALIDATOR.iter_errors(data)) == []


@pytest.mark.parametrize("name", ["wrong-type", "missing-field", "unknown-key", "not-mapping"])
def test_schema_rejects_bad_file(name: str) -> None:
    data = yaml.safe_load((DATA / "bad" / f"{name}.yaml").read_text())
    assert list(VALIDATOR.iter_errors(data)) != []
