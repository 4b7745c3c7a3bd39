"""The turn graph (core/graph.py): a node per turn and per ending, an edge per branch and per `otherwise`, and the
turns an author must fix marked."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml

from app import paths
from app.core.graph import build_graph
from app.core.library import check_text
from app.core.scenario import Scenario

BUILTIN = sorted(paths.builtin_scenarios().glob("*.yaml"))


@pytest.mark.parametrize("path", BUILTIN, ids=lambda p: p.stem)
def test_every_turn_is_a_node_and_every_route_an_edge(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    loaded, doc = check_text(text, str(path))
    assert loaded.scenario is not None
    scenario = loaded.scenario
    graph = build_graph(scenario, doc)
    turns = [n for n in graph.nodes if n.kind == "turn"]
    assert [n.id for n in turns] == list(scenario.turns)
    assert len(graph.edges) == sum(len(t.branches) + 1 for t in scenario.turns.values())
    outcomes = {r.end.outcome for t in scenario.turns.values() for r in t.routes() if r.end}
    assert {n.id for n in graph.nodes if n.kind == "ending"} == {f"end:{o}" for o in outcomes}
    assert graph.unreachable == [] and graph.exitless_loops == []
    lines = text.splitlines()
    assert all(n.line and lines[n.line - 1].strip().startswith(f"{n.id}:") for n in turns)
    assert all(e.label for e in graph.edges)


LOOPY = """\
id: loopy
title: Loops
summary: A scenario with a stray turn and a loop with no way out.
difficulty: 1
role: Developer
company: Acme
market: {low: 1, high: 2}
recruiter: {name: Ana, title: Recruiter, persona: Kind.}
turns:
  opening:
    say: Hello?
    coaching: Say hi.
    branches:
      - when: {asked_question: true}
        goto: round_a
    otherwise: {end: {outcome: done, say: Bye.}}
  round_a:
    say: A
    coaching: A.
    otherwise: {goto: round_b}
  round_b:
    say: B
    coaching: B.
    otherwise: {goto: round_a}
  stray:
    say: Nobody comes here.
    coaching: None.
    otherwise: {end: {outcome: done, say: Bye.}}
"""


def test_unreachable_turns_and_loops_without_exit_are_marked() -> None:
    scenario = Scenario.model_validate(yaml.safe_load(LOOPY))
    graph = build_graph(scenario)
    assert graph.unreachable == ["stray"]
    assert graph.exitless_loops == ["round_a", "round_b"]
    assert [e.label for e in graph.edges if e.source == "opening"] == ["ask a question", "otherwise"]
    dot = graph.to_dot()
    assert dot.startswith('digraph "loopy" {') and '"stray" [label="stray", shape="box", style="dashed"' in dot
    assert '"opening" -> "round_a" [label="ask a question"];' in dot
    data = json.loads(graph.json_text())
    assert data["start"] == "opening" and data["exitless_loops"] == ["round_a", "round_b"]
    assert {n["id"] for n in data["nodes"]} == {"opening", "round_a", "round_b", "stray", "end:done"}


def test_a_goto_to_a_missing_turn_is_a_missing_node() -> None:
    scenario = Scenario.model_validate(yaml.safe_load(LOOPY.replace("goto: round_b", "goto: nowhere")))
    graph = build_graph(scenario)
    assert [n.id for n in graph.nodes if n.kind == "missing"] == ["nowhere"]


def test_ten_thousand_turns_build_in_linear_time() -> None:
    def chain(n: int) -> Scenario:
        turns = {f"t{i}": {"say": "x", "otherwise": {"goto": f"t{i + 1}"}} for i in range(n)}
        turns[f"t{n}"] = {"say": "x", "otherwise": {"end": {"outcome": "done", "say": "Bye."}}}
        base = yaml.safe_load(LOOPY)
        return Scenario.model_validate({**base, "turns": turns, "start": "t0"})

    def timed(n: int) -> float:
        """Best of three, so a busy machine's pause doesn't count."""
        scenario = chain(n)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            graph = build_graph(scenario)
            best = min(best, time.perf_counter() - start)
        assert len(graph.edges) == n + 1
        return best

    assert timed(10_000) < 25 * max(timed(1_000), 1e-3)  # ten times the turns: about ten times the time
