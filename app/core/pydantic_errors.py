"""Turn pydantic's validation errors into `line:col: what is wrong — how to fix it`."""
from __future__ import annotations

import typing
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, did_you_mean
from .yamlsource import Document, YamlPath

_EXPECT = {  # error type -> (what was expected, how to write it)
    "string_type": ("text", "write words; put them in quotes if they contain a colon"),
    "int_type": ("a whole number", "write digits only, such as 2"),
    "int_parsing": ("a whole number", "write digits only, such as 2"),
    "int_from_float": ("a whole number", "drop the decimals"),
    "float_type": ("a number", "write digits only, such as 85000"),
    "float_parsing": ("a number", "write digits only, such as 85000"),
    "bool_type": ("true or false", "write true or false"),
    "bool_parsing": ("true or false", "write true or false"),
    "list_type": ("a list", "put each item on its own line starting with `- `"),
    "dict_type": ("a mapping", "indent `key: value` lines under it"),
    "model_type": ("a mapping", "indent `key: value` lines under it"),
    "model_attributes_type": ("a mapping", "indent `key: value` lines under it"),
    "date_type": ("a date", "write it as YYYY-MM-DD"),
    "date_parsing": ("a date", "write it as YYYY-MM-DD"),
    "date_from_datetime_inexact": ("a date", "write it as YYYY-MM-DD"),
}
_PATTERN_HINTS = {
    "currency": "use a three-letter currency code such as USD, EUR or GBP",
    "language": "use a language code such as en-us or en-gb",
}
_SLUG_HINT = 'use lowercase letters, digits, "-" and "_" only, such as "low-offer"'

def diagnostics_from(error: ValidationError, doc: Document, model: type[BaseModel]) -> list[Diagnostic]:
    grouped: dict[tuple, list[dict]] = {}
    for item in error.errors(include_url=False):
        path, missing = _data_path(item["loc"], doc.data)
        grouped.setdefault((path, missing), []).append(item)
    return [_diagnostic(doc, model, path, missing, items) for (path, missing), items in grouped.items()]

def _data_path(loc: Iterable, data: Any) -> tuple[YamlPath, str | None]:
    """The part of pydantic's location that indexes the data (union member names are dropped)."""
    path: list = []
    current = data
    loc = list(loc)
    for i, part in enumerate(loc):
        if isinstance(current, dict) and isinstance(part, str) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        elif i == len(loc) - 1 and isinstance(current, dict) and isinstance(part, str):
            return tuple(path), part  # a missing key
        else:
            continue
        path.append(part)
    return tuple(path), None

def label(path: YamlPath) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the file"

def _diagnostic(doc: Document, model: type[BaseModel], path: YamlPath, missing: str | None,
                items: list[dict]) -> Diagnostic:
    first = items[0]
    kind = first["type"]
    if missing is not None and kind == "missing":
        where = f" in {label(path)}" if path else ""
        return doc.diagnostic(path, f'"{missing}" is missing{where} — add a `{missing}:` line here')
    if kind == "extra_forbidden":
        allowed = fields_at(model, path[:-1])
        hint = did_you_mean(path[-1], allowed)
        return doc.diagnostic(path, f'unknown key "{path[-1]}" in {label(path[:-1])}.{hint} '
                                    f'— keys allowed here: {", ".join(allowed)}', key=True)
    return doc.diagnostic(path, f"{label(path)} {_problem(path, items)}")

def _problem(path: YamlPath, items: list[dict]) -> str:
    expected = [_EXPECT[i["type"]] for i in items if i["type"] in _EXPECT]
    value = _show(items[0].get("input"))
    if expected:
        wants = " or ".join(dict.fromkeys(e[0] for e in expected))
        return f"should be {wants}, not {value} — {expected[0][1]}"
    item = next((i for i in items if i["type"] == "value_error"), items[0])
    kind, ctx = item["type"], item.get("ctx", {})
    if kind == "value_error":
        return f"is not valid: {str(ctx.get('error', item['msg']))}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return f"is {value}, but {item['msg'].lower().replace('input should be', 'it should be')} — change the number"
    if kind == "string_pattern_mismatch":
        field = next((p for p in reversed(path) if isinstance(p, str)), "")
        return f"is {value}, which is not allowed here — {_PATTERN_HINTS.get(field, _SLUG_HINT)}"
    if kind == "string_too_short":
        return "is empty — write something here, or remove the line"
    if kind == "too_short":
        return "is empty — give it at least one item"
    if kind == "literal_error":
        return f"is {value}, but it should be {ctx.get('expected')} — use one of those values"
    return f"{item['msg'].lower()} (found {value}) — see docs/authoring.md"

def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "…"

def fields_at(model: type[BaseModel], path: YamlPath) -> tuple[str, ...]:
    """The keys a mapping at this data path may hold, from the model's annotations."""
    current: Any = model
    for part in path:
        current = _step(current, part)
        if current is None:
            return ()
    current = _as_model(current)
    return tuple(current.model_fields) if current else ()

def _unwrap(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin is typing.Union:
        return [x for arg in typing.get_args(tp) for x in _unwrap(arg)]
    return [tp]

def _as_model(tp: Any) -> type[BaseModel] | None:
    return next((t for t in _unwrap(tp) if isinstance(t, type) and issubclass(t, BaseModel)), None)

def _step(tp: Any, part: Any) -> Any:
    for option in _unwrap(tp):
        if isinstance(option, type) and issubclass(option, BaseModel) and part in option.model_fields:
            return option.model_fields[part].annotation
        origin, args = typing.get_origin(option), typing.get_args(option)
        if origin is list and isinstance(part, int):
            return args[0]
        if origin is dict and isinstance(part, str):
            return args[1]
    return None
