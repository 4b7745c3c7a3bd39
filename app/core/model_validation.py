"""Model validation of a YAML document, with every error as `line:col: what is wrong — how to fix it`.

pydantic stops below a broken value, so cross-field checks would never see a
file with a type error in it. To report *every* problem in one pass, broken
values are swapped for harmless stand-ins and the data validated again; the
checks then run on that repaired model and anything they say about a stand-in
is dropped.
"""

from __future__ import annotations

import copy
import math
import re
import types
import typing
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import annotated_types
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from .diagnostics import Diagnostic, checked_suggestions, did_you_mean
from .yamlsource import Document, YamlPath, YamlProblem, load_bytes, load_file

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

M = typing.TypeVar("M", bound=BaseModel)
Check = Callable[[M, Document], list[Diagnostic]]
# pydantic's errors by where they are in the data: (path, the missing key or None) -> its errors there
Problems = dict[tuple[YamlPath, str | None], list[ErrorDetails]]


def validate(doc: Document, model: type[M], check: Check[M] | None = None) -> tuple[M | None, list[Diagnostic]]:
    """The model (None when the data is invalid) and every diagnostic: model errors, then the checks'.

    Did-you-mean hints only ever name something valid: a name that these checks report as unknown anywhere in the
    file is never suggested, even by a hint given before it was found out (see diagnostics.checked_suggestions)."""
    with checked_suggestions() as take_back:
        result, diagnostics = _validate(doc, model, check)
        return result, take_back(diagnostics)


def _validate(doc: Document, model: type[M], check: Check[M] | None) -> tuple[M | None, list[Diagnostic]]:
    data = doc.data
    patched: list[YamlPath] = []
    diagnostics: list[Diagnostic] = []
    result: M | None = None
    for _round in range(6):
        try:
            result = model.model_validate(data)
            break
        except ValidationError as error:
            problems = _grouped(error, data)
        found = [
            _diagnostic(doc, model, path, missing, items)
            for (path, missing), items in problems.items()
            if not any(path[: len(p)] == p for p in patched)
        ]
        fresh = [d for d in dict.fromkeys(found) if d not in diagnostics]
        diagnostics += fresh
        if not fresh and _round:  # nothing left that patching can fix (say, a rule across the whole model)
            break
        data = copy.deepcopy(data) if data is doc.data else data
        try:
            for path, missing in problems:
                _patch(data, model, path, missing, patched)
        except (LookupError, TypeError):
            break
    if result is not None and _MAYBE_NOT_FINITE.search(doc.text):
        infinite = [
            doc.diagnostic(path, f"{label(path)} is not an ordinary number — write digits, such as 85000")
            for path in _non_finite(result.model_dump(), ())
        ]
        if infinite:  # "1e999" or "inf" written as text turns into a number no rule or report can use
            return None, diagnostics + infinite
    if result is not None and check is not None:
        diagnostics += [d for d in check(result, doc) if not _under_patch(d, doc, patched)]
    return (None if diagnostics and data is not doc.data else result), diagnostics


# text that a number field turns into infinity or not-a-number ("inf", "nan", "1e999"); plain .inf is refused earlier
_MAYBE_NOT_FINITE = re.compile(r"(?i)\binf(?:inity)?\b|\bnan\b|\de\+?\d{3}")


def _non_finite(value: Any, path: YamlPath) -> Iterable[YamlPath]:
    if isinstance(value, float):
        if not math.isfinite(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _non_finite(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _non_finite(item, path + (i,))


def load_and_validate(
    path: str | Path, model: type[M], check: Check[M] | None = None, *, what: str
) -> tuple[M | None, list[Diagnostic], Document | None]:
    """Read, parse and validate one authored file; the model is None when it has errors."""
    try:
        doc = load_file(path, what=what)
    except YamlProblem as problem:
        return None, problem.diagnostics, None
    return _checked(doc, model, check)


def validate_text(
    text: str, name: str, model: type[M], check: Check[M] | None = None, *, what: str
) -> tuple[M | None, list[Diagnostic], Document | None]:
    """As load_and_validate, for text being edited (`name` is the path shown in diagnostics)."""
    try:
        doc = load_bytes(text.encode("utf-8", "surrogatepass"), name, what=what)
    except YamlProblem as problem:
        return None, problem.diagnostics, None
    return _checked(doc, model, check)


def _checked(doc: Document, model: type[M], check: Check[M] | None) -> tuple[M | None, list[Diagnostic], Document]:
    result, diagnostics = validate(doc, model, check)
    diagnostics.sort(key=lambda d: (d.line, d.col))
    if any(d.severity.value == "error" for d in diagnostics):
        result = None
    return result, diagnostics, doc


def _grouped(error: ValidationError, data: Any) -> Problems:
    grouped: Problems = {}
    for item in error.errors(include_url=False):
        grouped.setdefault(_data_path(item["loc"], data), []).append(item)
    return grouped


def _patch(data: Any, model: type[BaseModel], path: YamlPath, missing: str | None, patched: list[YamlPath]) -> None:
    parent = data
    for part in path[:-1] if missing is None else path:
        parent = parent[part]
    if missing is not None:
        parent[missing] = stand_in(_field_type(model, path + (missing,)))
        patched.append(path + (missing,))
    elif not path:
        return
    elif isinstance(parent, dict) and path[-1] not in fields_at(model, path[:-1]) and _is_model(model, path[:-1]):
        del parent[path[-1]]  # an unknown key
    else:
        parent[path[-1]] = stand_in(_field_type(model, path))
        patched.append(path)


def _under_patch(diagnostic: Diagnostic, doc: Document, patched: list[YamlPath]) -> bool:
    return any((diagnostic.line, diagnostic.col) in (doc.where(p), doc.where(p, key=True)) for p in patched)


def stand_in(field: Any) -> Any:
    """A small value that passes validation for this field's type (pydantic FieldInfo or type)."""
    if isinstance(field, FieldInfo) and not field.is_required():
        return field.get_default(call_default_factory=True)
    metadata = getattr(field, "metadata", [])
    tp = getattr(field, "annotation", field)
    options = _unwrap(tp)
    if type(None) in options:
        return None
    for item in metadata + [
        m for o in [tp] if typing.get_origin(o) is typing.Annotated for m in typing.get_args(o)[1:]
    ]:
        if isinstance(item, annotated_types.Ge):
            return item.ge
        if isinstance(item, annotated_types.Gt) and isinstance(item.gt, (int, float)):
            return item.gt + 1
    option = options[0]
    if isinstance(option, type) and issubclass(option, BaseModel):
        fixed = getattr(option, "STAND_IN", None)
        return dict(fixed) if fixed else {n: stand_in(f) for n, f in option.model_fields.items() if f.is_required()}
    if typing.get_origin(option) is typing.Literal:
        return typing.get_args(option)[0]
    return {list: [], dict: {}, str: "x", int: 0, float: 0.0, bool: False}.get(typing.get_origin(option) or option, "x")


def _field_type(model: type[BaseModel], path: YamlPath) -> Any:
    parent = _as_model(_type_at(model, path[:-1])) if path else None
    if parent is not None and path[-1] in parent.model_fields:
        return parent.model_fields[path[-1]]
    return _type_at(model, path)


def _is_model(model: type[BaseModel], path: YamlPath) -> bool:
    return _as_model(_type_at(model, path)) is not None


def _data_path(loc: Iterable[str | int], data: Any) -> tuple[YamlPath, str | None]:
    """The part of pydantic's location that indexes the data (union member names are dropped)."""
    path: list[str | int] = []
    current = data
    loc = list(loc)
    for i, part in enumerate(loc):
        in_mapping = isinstance(current, dict) and isinstance(part, str) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_mapping or in_list:
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
    return text or "the top level"


def _diagnostic(
    doc: Document, model: type[BaseModel], path: YamlPath, missing: str | None, items: list[ErrorDetails]
) -> Diagnostic:
    first = items[0]
    kind = first["type"]
    if missing is not None and kind == "missing":
        where = f" in {label(path)}" if path else ""
        return doc.diagnostic(path, f'"{missing}" is missing{where} — add a `{missing}:` line here')
    if kind == "extra_forbidden":
        allowed = fields_at(model, path[:-1])
        hint = did_you_mean(str(path[-1]), allowed)
        return doc.diagnostic(
            path,
            f'unknown key "{path[-1]}" in {label(path[:-1])}{hint} — keys allowed here: {", ".join(allowed)}',
            key=True,
        )
    return doc.diagnostic(path, f"{label(path)} {_problem(path, items)}")


def _problem(path: YamlPath, items: list[ErrorDetails]) -> str:
    expected = [_EXPECT[i["type"]] for i in items if i["type"] in _EXPECT]
    value = _show(items[0].get("input"))
    if expected:
        wants = " or ".join(dict.fromkeys(e[0] for e in expected))
        return f"should be {wants}, not {value} — {expected[0][1]}"
    item = next((i for i in items if i["type"] == "value_error"), items[0])
    kind, ctx = item["type"], item.get("ctx", {})
    if kind == "value_error":
        why = str(ctx.get("error", item["msg"]))
        return f"is not valid: {why}" + (
            "" if " — " in why else " — change it as the message says (see docs/authoring.md)"
        )
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
    current = _as_model(_type_at(model, path))
    return tuple(current.model_fields) if current else ()


def _type_at(model: type[BaseModel], path: YamlPath) -> Any:
    current: Any = model
    for part in path:
        current = _step(current, part)
        if current is None:
            return None
    return current


def _unwrap(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):  # Optional[X] and X | None alike
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
