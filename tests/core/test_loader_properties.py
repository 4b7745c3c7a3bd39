"""Whatever happens to a scenario document, the loader answers with a scenario or diagnostics."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import FIXTURE_SCENARIOS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.diagnostics import Diagnostic
from app.core.model_validation import validate
from app.core.scenario import Scenario
from app.core.scenario_rules import check
from app.core.yamlsource import YamlProblem, load_text

SOURCE = (FIXTURE_SCENARIOS / "first-call.yaml").read_text()
ORIGINAL = yaml.safe_load(SOURCE)
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
)


def paths_in(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths_in(value, prefix + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths_in(value, prefix + (i,))


ALL_PATHS = [p for p in paths_in(ORIGINAL) if p]


def mutate(data, path, action, value):
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if action == "delete":
        del parent[path[-1]]
    elif action == "replace":
        parent[path[-1]] = value
    elif action == "rename" and isinstance(parent, dict):
        parent[f"{path[-1]}x"] = parent.pop(path[-1])


def load(text: str) -> tuple[Scenario | None, list[Diagnostic]]:
    try:
        doc = load_text(text, "mutated.yaml")
    except YamlProblem as problem:
        return None, problem.diagnostics
    return validate(doc, Scenario, check)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(ALL_PATHS), st.sampled_from(["delete", "replace", "rename"]), ODD_VALUES),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_documents_give_a_scenario_or_diagnostics(mutations) -> None:
    data = yaml.safe_load(SOURCE)
    for path, action, value in mutations:
        try:
            mutate(data, path, action, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    scenario, diagnostics = load(yaml.safe_dump(data, allow_unicode=True))
    assert scenario is not None or diagnostics
    assert all(isinstance(d, Diagnostic) and d.line >= 1 and d.col >= 1 for d in diagnostics)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(SOURCE)), st.text(max_size=20))
def test_truncated_or_spliced_text_gives_a_scenario_or_diagnostics(cut, junk) -> None:
    scenario, diagnostics = load(SOURCE[:cut] + junk)
    assert scenario is not None or diagnostics


HOSTILE_PIECES = st.sampled_from(
    [
        '!!bool "maybe" ',
        '!!timestamp "notadate" ',
        '!!int "x" ',
        "!!float ",
        '!!null "x" ',
        "!!binary aGk= ",
        "!custom ",
        "&a ",
        "*a ",
        "? !!int 1\n: ",
        "[" * 100,
        "{a: " * 80,
        "- " * 80,
        ".inf ",
        '"1e999" ',
        "<<: *a\n",
        "\t",
        "\x00",
        "\ufeff",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(SOURCE)), HOSTILE_PIECES), min_size=1, max_size=4))
def test_hostile_pieces_anywhere_give_a_scenario_or_diagnostics(splices) -> None:
    """Tags, anchors, deep nesting and odd numbers spliced in anywhere: never a traceback (KeyError,
    AttributeError, RecursionError ...), always a scenario or diagnostics with a way to fix them."""
    text = SOURCE
    for at, piece in sorted(splices, reverse=True):
        text = text[:at] + piece + text[at:]
    scenario, diagnostics = load(text)
    assert scenario is not None or diagnostics
    assert all(d.line >= 1 and d.col >= 1 and " — " in d.message for d in diagnostics), diagnostics


QUOTED_SPANS = [(m.start(), m.end()) for m in re.finditer(r'"[^"\n]*"', SOURCE)]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(QUOTED_SPANS), st.data())
def test_text_cut_inside_a_quote_is_reported_at_that_quote(span: tuple[int, int], data: st.DataObject) -> None:
    """Cut the file (or drop the closing quote) anywhere inside a quoted value: the one diagnostic points at its
    opening quote, whatever follows, and says how to close it."""
    start, end = span
    cut = data.draw(st.integers(start + 1, end - 1))
    line = SOURCE.count("\n", 0, start) + 1
    col = start - (SOURCE.rfind("\n", 0, start) + 1) + 1
    for text in (SOURCE[:cut], SOURCE[: end - 1] + SOURCE[end:]):
        scenario, diagnostics = load(text)
        spots = [(d.line, d.col) for d in diagnostics]
        assert scenario is None and spots == [(line, col)], (text[start:end], diagnostics)
        assert 'add the closing "' in diagnostics[0].message
