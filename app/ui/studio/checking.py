"""One check of the text being edited, on a worker thread: diagnostics (example answers run too), the turn graph
and the words to complete. Plain Python: no Qt here."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ...core.diagnostics import Diagnostic
    from ...core.graph import Graph
    from ...core.scenario import Route, Scenario
    from ...core.yamlsource import Document
    from ...practice import Practice

CONDITIONS = ("named_number", "number", "accepted", "asked_for_time", "asked_question", "mentioned_priority")


@dataclass(frozen=True)
class ExampleRun:
    """One example answer run through its turn: where it was meant to go and where it went."""

    turn_id: str
    number: int  # 1-based, within its turn
    answer: str
    expected: str  # a turn id, end:<outcome>, or "" when only scores are expected
    went: str  # a turn id or end:<outcome>
    why: str  # "branch 2: name a number …" or "otherwise"

    @property
    def ok(self) -> bool:
        return not self.expected or self.expected == self.went


@dataclass(frozen=True)
class Checked:
    """What one check found. `scenario` and `graph` are None when the text isn't a scenario at all (YAML or
    schema errors); the studio then keeps showing the last graph it had."""

    diagnostics: list[Diagnostic]
    scenario: Scenario | None
    graph: Graph | None
    spoken: dict[str, str] = field(default_factory=dict)  # turn id -> its line with the placeholders filled in
    words: list[str] = field(default_factory=list)  # for completion
    examples: list[ExampleRun] = field(default_factory=list)  # every example answer, as it went this time

    @property
    def errors(self) -> int:
        return sum(d.severity.value == "error" for d in self.diagnostics)


def check(practice: Practice, text: str, name: str) -> Checked:
    """Validate `text` as `counteroffer validate` would, and build its graph when it is a scenario. The example
    answers the validation runs are noted on the way, for the ✓/✗ list."""
    from ...core.graph import build_graph
    from ...core.session import Session

    routes: dict[tuple[str, int], tuple[int | None, Route]] = {}
    loaded, doc = practice.check_scenario_text(text, name, lambda t, i, b, r: routes.__setitem__((t, i), (b, r)))
    scenario = loaded.scenario if loaded.scenario is not None else _shape_only(doc)
    if scenario is None:
        return Checked(loaded.diagnostics, None, None, words=completion_words(()))
    graph = build_graph(scenario, doc)
    session = Session(scenario, practice.scorer())
    spoken = {turn_id: session.fill(turn.say) for turn_id, turn in scenario.turns.items()}
    words = completion_words(tuple(scenario.turns))
    return Checked(loaded.diagnostics, scenario, graph, spoken, words, example_runs(scenario, routes))


def example_runs(scenario: Scenario, routes: dict[tuple[str, int], tuple[int | None, Route]]) -> list[ExampleRun]:
    """The studio's ✓/✗ list, from where the validation's run of each example went (an example too long to run
    is left out: the problems say why). Score bounds are checked with the diagnostics; this is about the route."""
    from ...core.conditions import taken_words, when_words

    runs = []
    for turn_id, turn in scenario.turns.items():
        whens = [when_words(branch.when, scenario) for branch in turn.branches]
        for index, example in enumerate(turn.examples):
            if (turn_id, index) not in routes:
                continue
            branch, route = routes[turn_id, index]
            expect = example.expect
            expected = expect.goto or (f"end:{expect.end}" if expect.end else "")
            runs.append(
                ExampleRun(turn_id, index + 1, example.answer, expected, route.target, taken_words(branch, whens))
            )
    return runs


def _shape_only(doc: Document | None) -> Scenario | None:
    """The scenario when only the rules across its fields failed (a goto to no turn, a loop with no way out, an
    example going elsewhere): its graph shows those problems. None when it isn't a scenario's shape at all."""
    from pydantic import ValidationError

    from ...core.scenario import Scenario

    if doc is None:
        return None
    try:
        return Scenario.model_validate(doc.data)
    except (ValidationError, ValueError, TypeError):
        return None


def completion_words(turn_ids: tuple[str, ...]) -> list[str]:
    return sorted(set(_static_words()) | set(turn_ids))


@functools.cache
def _static_words() -> tuple[str, ...]:
    """The schema's keys, condition names, number fields, levers and `{placeholders}`."""
    from ...core.placeholders import NUMBER_FIELDS, scenario_names
    from ...core.scenario import LEVERS
    from ...core.schema import schema_for

    keys: set[str] = set()
    _keys_in(schema_for("scenario"), keys)
    placeholders = {f"{{{name}}}" for name in scenario_names()}
    return tuple(keys | set(CONDITIONS) | set(NUMBER_FIELDS) | set(LEVERS) | placeholders)


def _keys_in(schema: Any, keys: set[str]) -> None:
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                keys.update(k for k in value if not k.startswith("$"))
            _keys_in(value, keys)
    elif isinstance(schema, list):
        for item in schema:
            _keys_in(item, keys)
