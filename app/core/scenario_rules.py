"""Rules that span fields of a scenario: routes, placeholders, loops, reachability."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, Severity, did_you_mean
from .fields import names_in
from .placeholders import NUMBER_FIELDS, STUDENT_PLACEHOLDERS, format_money, scenario_names
from .rubric import check_criteria
from .scenario import DIMENSIONS, Example, Route, Scenario, Turn
from .yamlsource import Document, YamlPath

if TYPE_CHECKING:
    from .profile import Profile
    from .scoring import Score, Scorer

_TURN_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_HINT_TURNS, _HINTS = 1_000, 50  # "did you mean" only among this many turns, for this many mistakes
MAX_EXAMPLE_CHARS = 5_000  # an example answer is something a student might say in one turn
WARN = Severity.WARNING


@dataclass(frozen=True)
class RuleContext:
    """What a scenario may refer to outside itself: rubrics and their dimensions, detector names,
    and (when example answers should be run) the scorer and a profile."""

    rubrics: dict[str, tuple[str, ...]] = field(default_factory=lambda: {"default": DIMENSIONS})
    detectors: tuple[str, ...] | None = None
    scorer: Scorer | None = None
    profile: Profile | None = None
    # Told where each example answer went as it runs: (turn id, example index, branch index or None, route).
    routed: Callable[[str, int, int | None, Route], None] | None = None


def check(scenario: Scenario, doc: Document, context: RuleContext = RuleContext()) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for rule in (
        _turn_ids,
        _rubric,
        _routes,
        _placeholders,
        _conditions,
        _criteria,
        _examples,
        _loops,
        _repeats,
        _unreachable,
        _coaching,
        _run_examples,
    ):
        problems += rule(scenario, doc, context)
    return problems


def _turn_ids(s: Scenario, doc: Document, _: RuleContext) -> list[Diagnostic]:
    return [
        doc.diagnostic(
            ("turns", t),
            f'the turn id "{t}" has characters that are not allowed — use lowercase letters, digits, "-" and "_"',
            key=True,
        )
        for t in s.turns
        if not _TURN_ID.match(t)
    ]


def _dimensions(s: Scenario, context: RuleContext) -> tuple[str, ...]:
    return context.rubrics.get(s.rubric.id, DIMENSIONS)


def _rubric(s: Scenario, doc: Document, context: RuleContext) -> list[Diagnostic]:
    if s.rubric.id not in context.rubrics:
        hint = did_you_mean(s.rubric.id, context.rubrics)
        return [
            doc.diagnostic(
                ("rubric",),
                f'there is no rubric "{s.rubric.id}"{hint} — use one of: {", ".join(sorted(context.rubrics))}',
            )
        ]
    dims = _dimensions(s, context)
    return [
        doc.diagnostic(
            ("rubric", "weights", d),
            f'the rubric "{s.rubric.id}" has no dimension "{d}"'
            f"{did_you_mean(d, dims)} — weights can be set for: "
            f"{', '.join(dims)}",
            key=True,
        )
        for d in s.rubric.weights
        if d not in dims
    ]


def _unknown_turn(doc: Document, s: Scenario, path: YamlPath, turn: str, *, hint: bool = True) -> Diagnostic:
    # a suggestion compares the id with every turn id: only for the first few, so that huge files stay fast
    close = (
        did_you_mean(turn, [t for t in s.turns if _TURN_ID.match(t)]) if hint and len(s.turns) <= _HINT_TURNS else ""
    )
    return doc.diagnostic(
        path,
        f'there is no turn "{turn}"{close} — use one of the ids under `turns:`: {_some(list(s.turns))}',
    )


def _route_paths(s: Scenario) -> Iterator[tuple[str, YamlPath, Route]]:
    """Every route in the scenario with its data path."""
    for tid, turn in s.turns.items():
        for i, branch in enumerate(turn.branches):
            yield tid, ("turns", tid, "branches", i), branch
        yield tid, ("turns", tid, "otherwise"), turn.otherwise


def _routes(s: Scenario, doc: Document, _: RuleContext) -> list[Diagnostic]:
    problems = []
    if s.start is not None and s.start not in s.turns:
        problems.append(_unknown_turn(doc, s, ("start",), s.start))
    for _tid, path, route in _route_paths(s):
        if route.goto is not None and route.goto not in s.turns:
            hint = len(problems) < _HINTS
            problems.append(_unknown_turn(doc, s, path + ("goto",), route.goto, hint=hint))
    return problems


def _texts(s: Scenario) -> Iterator[tuple[YamlPath, str]]:
    """Every text that is spoken or shown, with its data path."""
    for tid, turn in s.turns.items():
        yield ("turns", tid, "say"), turn.say
        for tone in ("cold", "warm"):
            if getattr(turn, tone):
                yield ("turns", tid, tone), getattr(turn, tone)
        for i, line in enumerate(turn.again):
            yield ("turns", tid, "again", i), line
        if turn.direction:
            yield ("turns", tid, "direction"), turn.direction
    for _tid, path, route in _route_paths(s):
        if route.end is not None:
            yield path + ("end", "say"), route.end.say
            for tone in ("cold", "warm"):
                if getattr(route.end, tone):
                    yield path + ("end", tone), getattr(route.end, tone)
    for lever, line in s.levers.items():
        yield ("levers", lever), line


def _placeholders(s: Scenario, doc: Document, _: RuleContext) -> list[Diagnostic]:
    known = scenario_names()
    usable = set(STUDENT_PLACEHOLDERS) | {
        n for n in known if not n.startswith(("offer.", "market.")) or _field_value(s, n) is not None
    }
    problems = []
    for path, text in _texts(s):
        for name in names_in(text):
            if name in usable:
                continue
            if name in known:
                message = (
                    f"{{{name}}} is used but the scenario does not set {name} "
                    f"— add it under `{name.split('.')[0]}:` or reword the line"
                )
            else:
                message = (
                    f"unknown placeholder {{{name}}}{did_you_mean(name, sorted(usable))} "
                    "— placeholders are listed in docs/authoring.md; write {{ and }} for literal braces"
                )
            problems.append(doc.diagnostic(path, message))
    return problems


def _field_value(s: Scenario, name: str) -> object:
    group, _, key = name.partition(".")
    if group in ("offer", "market"):
        return getattr(getattr(s, group), key, None)
    return "student"  # student numbers come from the profile at run time


def _conditions(s: Scenario, doc: Document, context: RuleContext) -> list[Diagnostic]:
    problems = []
    dims = _dimensions(s, context)
    for tid, turn in s.turns.items():
        for i, branch in enumerate(turn.branches):
            path = ("turns", tid, "branches", i, "when")
            for side in ("below", "above"):
                ref = getattr(branch.when.number, side, None) if branch.when.number else None
                if isinstance(ref, str) and (ref not in NUMBER_FIELDS or _field_value(s, ref) is None):
                    problems.append(doc.diagnostic(path + ("number", side), _bad_number_ref(s, ref)))
            for dim in branch.when.score or {}:
                if dim not in dims:
                    problems.append(
                        doc.diagnostic(
                            path + ("score", dim),
                            f'unknown dimension "{dim}"{did_you_mean(dim, dims)} — use one of: {", ".join(dims)}',
                            key=True,
                        )
                    )
    return problems


def _bad_number_ref(s: Scenario, ref: str) -> str:
    if ref in NUMBER_FIELDS:
        return f"{ref} is not set in this scenario — set it, or compare against a number"
    return (
        f'"{ref}" is neither a number nor a field'
        f"{did_you_mean(ref, [f for f in NUMBER_FIELDS if _field_value(s, f) is not None])} "
        f"— use a number or one of: {', '.join(NUMBER_FIELDS)}"
    )


def _examples(s: Scenario, doc: Document, context: RuleContext) -> list[Diagnostic]:
    problems = []
    dims = _dimensions(s, context)
    for tid, turn in s.turns.items():
        gotos = {r.goto for r in turn.routes() if r.goto in s.turns}
        outcomes = {r.end.outcome for r in turn.routes() if r.end}
        for i, example in enumerate(turn.examples):
            if len(example.answer) > MAX_EXAMPLE_CHARS:
                problems.append(
                    doc.diagnostic(
                        ("turns", tid, "examples", i, "answer"),
                        f"this example answer is {len(example.answer):,} characters long, over the "
                        f"{MAX_EXAMPLE_CHARS:,} limit — use a short answer, as a student would say in one turn",
                    )
                )
            path = ("turns", tid, "examples", i, "expect")
            expect = example.expect
            if expect.goto is not None and expect.goto not in gotos:
                problems.append(
                    doc.diagnostic(
                        path + ("goto",),
                        f'turn "{tid}" never goes to "{expect.goto}"'
                        f"{did_you_mean(expect.goto, gotos)} — expect one of its routes: "
                        f"{', '.join(sorted(gotos)) or '(it only ends)'}",
                    )
                )
            if expect.end is not None and expect.end not in outcomes:
                problems.append(
                    doc.diagnostic(
                        path + ("end",),
                        f'turn "{tid}" has no ending "{expect.end}"'
                        f"{did_you_mean(expect.end, outcomes)} — expect one of: "
                        f"{', '.join(sorted(outcomes)) or '(it has no endings)'}",
                    )
                )
            problems += [
                doc.diagnostic(
                    path + ("scores", d),
                    f'unknown dimension "{d}"{did_you_mean(d, dims)} — use one of: {", ".join(dims)}',
                    key=True,
                )
                for d in expect.scores
                if d not in dims
            ]
    return problems


def _criteria(s: Scenario, doc: Document, context: RuleContext) -> list[Diagnostic]:
    if context.detectors is None:
        return []
    found = ((("turns", tid, "criteria", i), c) for tid, turn in s.turns.items() for i, c in enumerate(turn.criteria))
    return check_criteria(found, _dimensions(s, context), context.detectors, doc)


def _run_examples(s: Scenario, doc: Document, context: RuleContext) -> list[Diagnostic]:
    """Each example answer is scored and routed for real; a different route or score is an error."""
    if context.scorer is None:
        return []
    problems = []
    for tid, turn in s.turns.items():
        for i, example in enumerate(turn.examples):
            if len(example.answer) <= MAX_EXAMPLE_CHARS:  # a longer one is reported by _examples
                problems += _run_example(s, tid, turn, i, example, doc, context)
    return problems


def _run_example(
    s: Scenario, tid: str, turn: Turn, i: int, example: Example, doc: Document, context: RuleContext
) -> list[Diagnostic]:
    from .branching import choose_alone, describe
    from .rubric import Goodwill
    from .scoring import AnswerContext

    assert context.scorer is not None  # _run_examples runs examples only when there is a scorer
    score = context.scorer.score(example.answer, AnswerContext(s, turn, context.profile))
    rubric = context.scorer.rubrics.get(s.rubric.id)
    rules = rubric.goodwill if rubric is not None else Goodwill()
    index, route, _ = choose_alone(turn, score, s, rules, context.profile, example.goodwill)
    if context.routed is not None:
        context.routed(tid, i, index, route)
    path = ("turns", tid, "examples", i, "expect")
    where = f'example {i + 1} of turn "{tid}"'
    problems = []
    expected_goto, expected_end = example.expect.goto, example.expect.end
    if (expected_goto is not None and route.goto != expected_goto) or (
        expected_end is not None and (route.end is None or route.end.outcome != expected_end)
    ):
        wanted = f'go to "{expected_goto}"' if expected_goto else f'end with "{expected_end}"'
        taken = f"branch {index + 1}" if index is not None else "`otherwise`"
        problems.append(
            doc.diagnostic(
                path,
                f"{where} {describe(route)} ({taken}), but should {wanted}; "
                f"it {_what_it_did(score, s)} — reword the answer, reorder the "
                "branches or change the expectation",
            )
        )
    for dim, bounds in example.expect.scores.items():
        got = score.dimensions[dim].score if dim in score.dimensions else None
        if got is not None and not bounds.min <= got <= bounds.max:
            problems.append(
                doc.diagnostic(
                    path + ("scores", dim),
                    f"{where} scores {got:g} for {dim}, outside "
                    f"the expected {bounds.min:g}–{bounds.max:g} — see `counteroffer "
                    "score` for why, then adjust the answer or the bounds",
                )
            )
    return problems


def _what_it_did(score: Score, s: Scenario) -> str:
    analysis = score.analysis
    assert analysis is not None  # the example was just scored, so its analysis is there
    did = [
        f"named {', '.join(format_money(a.yearly, s.currency) for a in analysis.amounts)}"
        if analysis.amounts
        else "named no amount"
    ]
    did += [
        label
        for key, label in (
            ("accepted", "accepted the offer"),
            ("asked_for_time", "asked for time"),
            ("asked_question", "asked a question"),
            ("mentioned_priority", "named a priority"),
        )
        if analysis.has(key)
    ]
    return ", ".join(did)


def finishing_turns(s: Scenario) -> set[str]:
    """Turns from which some path reaches an ending (a goto to a missing turn counts: reported elsewhere).

    Linear in the size of the scenario: start from the turns with a route that finishes at once, then walk the
    gotos backwards."""
    came_from: dict[str, list[str]] = {}
    done: set[str] = set()
    todo: list[str] = []
    for tid, turn in s.turns.items():
        for route in turn.routes():
            if route.end is not None or route.goto not in s.turns:
                if tid not in done:
                    done.add(tid)
                    todo.append(tid)
            else:
                assert route.goto is not None  # a route without an ending has a goto
                came_from.setdefault(route.goto, []).append(tid)
    while todo:
        for before in came_from.get(todo.pop(), ()):
            if before not in done:
                done.add(before)
                todo.append(before)
    return done


def reachable(s: Scenario) -> list[str]:
    seen: dict[str, None] = {}
    todo = [s.start_turn]
    while todo:
        tid = todo.pop()
        if tid in s.turns and tid not in seen:
            seen[tid] = None
            todo += [r.goto for r in s.turns[tid].routes() if r.goto]
    return list(seen)


def _some(names: list[str] | tuple[str, ...], limit: int = 12) -> str:
    """A list of names for a message, cut short when long so that a huge scenario gets short messages."""
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _loops(s: Scenario, doc: Document, _: RuleContext) -> list[Diagnostic]:
    finishing = finishing_turns(s)
    stuck = [t for t in s.turns if t not in finishing]
    return [
        doc.diagnostic(
            ("turns", t),
            f'turn "{t}" can never reach an ending: every route from it loops back '
            f"through {_some(stuck)} — give one of them an "
            "`end: {outcome, say}` route",
            key=True,
        )
        for t in stuck
    ]


def _repeats(s: Scenario, doc: Document, _: RuleContext) -> list[Diagnostic]:
    """A turn the call can come back to needs `again:` lines, or the recruiter falls back on "As I said".
    (A loop with no way out is an error reported by _loops.)"""
    finishing = finishing_turns(s)
    return [
        doc.diagnostic(
            ("turns", t),
            f'the call can come back to turn "{t}" (a loop), and it has no `again:` lines — add one or two '
            "ways of saying it again, so the recruiter never repeats a line word for word",
            WARN,
            key=True,
        )
        for t in on_a_loop(s)
        if not s.turns[t].again and t in finishing
    ]


def on_a_loop(s: Scenario) -> list[str]:
    """Turns that lie on a cycle of gotos (strongly connected components, found iteratively: Tarjan)."""
    successors = {t: [r.goto for r in turn.routes() if r.goto in s.turns] for t, turn in s.turns.items()}
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    looping: list[str] = []
    for root in s.turns:
        if root in order:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                order[node] = low[node] = len(order)
                stack.append(node)
                on_stack.add(node)
            nexts = successors[node]
            if i < len(nexts):
                work.append((node, i + 1))
                nxt = nexts[i]
                if nxt not in order:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], order[nxt])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == order[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in successors[node]:
                    looping += component
    on_loop = set(looping)
    return [t for t in s.turns if t in on_loop]


def _unreachable(s: Scenario, doc: Document, _: RuleContext) -> list[Diagnostic]:
    if s.start_turn not in s.turns:
        return []
    reached = set(reachable(s))
    return [
        doc.diagnostic(
            ("turns", t),
            f'turn "{t}" is never reached from the start turn '
            f'"{s.start_turn}" — add a `goto: {t}` route to it, or remove it',
            WARN,
            key=True,
        )
        for t in s.turns
        if t not in reached
    ]


def _coaching(s: Scenario, doc: Document, _: RuleContext) -> list[Diagnostic]:
    return [
        doc.diagnostic(
            ("turns", t),
            f'turn "{t}" has no coaching note — add `coaching:` saying what a strong answer does here',
            WARN,
            key=True,
        )
        for t, turn in s.turns.items()
        if not turn.coaching
    ]
