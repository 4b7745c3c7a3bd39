"""The scenario format as a JSON Schema, for editors (yaml-language-server) and tools."""
from __future__ import annotations

import json

from .scenario import FORMAT_VERSION, Scenario

SCHEMA_ID = "https://counteroffer.app/schema/scenario-v1.json"


def scenario_schema() -> dict:
    schema = Scenario.model_json_schema()
    # `rubric: default` is shorthand for `rubric: {id: default}` (normalised before validation).
    rubric = schema["properties"]["rubric"]
    schema["properties"]["rubric"] = {
        "anyOf": [{"$ref": "#/$defs/RubricChoice"}, schema["$defs"]["RubricChoice"]["properties"]["id"]],
        "description": "A rubric id, or {id, weights}.", "default": rubric.get("default")}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"Counteroffer scenario (format {FORMAT_VERSION})",
        "description": "A rehearsal scenario: the offer, the recruiter and the conversation as a graph of turns. "
                       "See docs/authoring.md.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def schema_text() -> str:
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
