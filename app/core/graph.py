"""A scenario's turns as a graph, for the authoring studio and `counteroffer graph`: plain data, exported as
Graphviz DOT or JSON.

One node per turn, one per distinct ending outcome (id `end:<outcome>`, as `Route.target` names it) and one per
`goto` naming a turn that doesn't exist (kind "missing"); one edge per branch and per `otherwise`, labelled with
the branch's condition in plain words. Turns never reached from the start, and turns on a loop that can never
reach an ending, are marked. Linear in turns + branches.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any, Literal

from .conditions import OTHERWISE, when_words
from .profile import Profile
from .scenario import Scenario
from .scenario_rules import finishing_turns, on_a_loop, reachable
from .yamlsource import Document

NodeKind = Literal["turn", "ending", "missing"]


@dataclass(frozen=True)
class Node:
    id: str
    kind: NodeKind
    label: str  # the turn id, or the outcome in words
    line: int | None = None  # where the turn (its key) or the first route to the ending is in the YAML
    unreachable: bool = False  # a turn never reached from the start
    exitless_loop: bool = False  # a turn on a loop from which no ending can be reached


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str  # the condition in words, or "otherwise"
    branch: int | None  # the branch's index in its turn; None for `otherwise`
    line: int | None = None


@dataclass(frozen=True)
class Graph:
    scenario_id: str
    start: str
    nodes: list[Node]
    edges: list[Edge]

    @property
    def unreachable(self) -> list[str]:
        return [n.id for n in self.nodes if n.unreachable]

    @property
    def exitless_loops(self) -> list[str]:
        return [n.id for n in self.nodes if n.exitless_loop]

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario_id,
            "start": self.start,
            "nodes": [asdict(n) for n in self.nodes],
            "edges": [asdict(e) for e in self.edges],
            "unreachable": self.unreachable,
            "exitless_loops": self.exitless_loops,
        }

    def json_text(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"

    def to_dot(self) -> str:
        """Graphviz text: turns as boxes (the start one bold, unreachable ones dashed and grey, turns on a loop
        without an exit red), endings as ellipses, missing turns as red octagons."""
        lines = [f"digraph {_quoted(self.scenario_id)} {{", "  rankdir=TB;", "  node [fontname=Helvetica];"]
        for node in self.nodes:
            attrs = {"label": node.label, "shape": _SHAPES[node.kind]}
            if node.id == self.start:
                attrs["penwidth"] = "2"
            if node.unreachable:
                attrs.update(style="dashed", color="grey50", fontcolor="grey50")
            if node.exitless_loop or node.kind == "missing":
                attrs.update(color="red", fontcolor="red")
            lines.append(f"  {_quoted(node.id)} [{_attributes(attrs)}];")
        for edge in self.edges:
            attrs = {"label": edge.label} | ({"style": "dashed"} if edge.branch is None else {})
            lines.append(f"  {_quoted(edge.source)} -> {_quoted(edge.target)} [{_attributes(attrs)}];")
        lines.append("}")
        return "\n".join(lines) + "\n"


_SHAPES: dict[NodeKind, str] = {"turn": "box", "ending": "ellipse", "missing": "octagon"}


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _attributes(attrs: dict[str, str]) -> str:
    return ", ".join(f"{key}={_quoted(value)}" for key, value in attrs.items())


def build_graph(scenario: Scenario, doc: Document | None = None, profile: Profile | None = None) -> Graph:
    """The turn graph; with the scenario's Document, each node and edge carries its YAML line (1-based)."""

    def line(path: tuple[str | int, ...]) -> int | None:
        return doc.where(path, key=True)[0] if doc is not None else None

    reached = set(reachable(scenario)) if scenario.start_turn in scenario.turns else set()
    stuck = set(scenario.turns) - finishing_turns(scenario)
    looping = set(on_a_loop(scenario)) & stuck if stuck else set()
    nodes = [Node(tid, "turn", tid, line(("turns", tid)), tid not in reached, tid in looping) for tid in scenario.turns]
    others: dict[str, Node] = {}
    edges: list[Edge] = []
    for tid, turn in scenario.turns.items():
        for index, route in enumerate(turn.routes()):
            branch = index if index < len(turn.branches) else None
            path = ("turns", tid, "branches", index) if branch is not None else ("turns", tid, "otherwise")
            target = route.target
            if target not in scenario.turns and target not in others:
                outcome = route.end.outcome.replace("_", " ") if route.end is not None else f"{target} (no such turn)"
                others[target] = Node(target, "ending" if route.end is not None else "missing", outcome, line(path))
            label = when_words(turn.branches[branch].when, scenario, profile) if branch is not None else OTHERWISE
            edges.append(Edge(tid, target, label, branch, line(path)))
    return Graph(scenario.id, scenario.start_turn, nodes + list(others.values()), edges)
