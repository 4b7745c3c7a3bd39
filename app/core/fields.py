"""Building blocks shared by every authored-file model: strict mappings and common field types."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Text = Annotated[str, Field(min_length=1)]
Money = Annotated[float, Field(ge=0)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
# A number, or the name of a field that holds one: offer.base, market.low, student.walk_away, ...
NumberOrField = float | str
# `{offer.base}`-style placeholders in authored text (recruiter lines, tips); {{ and }} are literal braces
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def names_in(text: str) -> list[str]:
    """Placeholder names used in a text, in order ({{ and }} are literal braces)."""
    return [m.group(1).strip() for m in PLACEHOLDER.finditer(text) if m.group(1) is not None]


class Strict(BaseModel):
    """Unknown keys are errors (so typos are caught), and loaded data can't be changed by accident."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
