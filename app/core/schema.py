"""The authored file formats as JSON Schemas, for editors (yaml-language-server) and tools."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from .lexicon import Lexicon
from .profile import Profile
from .rubric import Rubric
from .scenario import FORMAT_VERSION, Scenario

KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "scenario": (
        Scenario,
        f"Counteroffer scenario (format {FORMAT_VERSION}): the offer, the recruiter and the "
        "conversation as a graph of turns. See docs/authoring.md.",
    ),
    "rubric": (Rubric, "Counteroffer rubric: dimensions and the criteria that score them. See docs/scoring.md."),
    "lexicon": (Lexicon, "Counteroffer lexicon: phrases a detector looks for. See docs/scoring.md."),
    "profile": (Profile, "Counteroffer Flower Exercise profile: petals, top priorities, target and walk-away."),
}


def schema_for(kind: str = "scenario") -> dict[str, Any]:
    model, description = KINDS[kind]
    schema = model.model_json_schema()
    if kind == "scenario":  # `rubric: default` is shorthand for `rubric: {id: default}`
        rubric = schema["properties"]["rubric"]
        schema["properties"]["rubric"] = {
            "anyOf": [{"$ref": "#/$defs/RubricChoice"}, schema["$defs"]["RubricChoice"]["properties"]["id"]],
            "description": "A rubric id, or {id, weights}.",
            "default": rubric.get("default"),
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://counteroffer.app/schema/{kind}-v1.json",
        "title": model.__name__,
        "description": description,
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def schema_text(kind: str = "scenario") -> str:
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"
