"""Branch conditions are judged from the same detections as the score."""

from __future__ import annotations

from app import paths
from app.core.branching import choose, holds, resolve
from app.core.library import load_library, rule_context
from app.core.profile import Profile
from app.core.scenario import When
from app.core.scoring import AnswerContext
from app.practice import Practice

SCENARIOS = {s.id: s for s in load_library([paths.builtin_scenarios()]).scenarios}
EXPECTATIONS = SCENARIOS["salary-expectations"]


def route(text: str, turn: str = "opening", profile: Profile | None = None):
    scenario = EXPECTATIONS
    score = Practice().scorer().score(text, AnswerContext(scenario, scenario.turns[turn], profile))
    return choose(scenario.turns[turn], score, scenario, profile)


def test_branches_are_tried_in_order_then_otherwise() -> None:
    assert route("Maybe 60k?")[1].goto == "low_anchor"  # a number below market.low
    assert route("I'm looking for 85k.")[1].goto == "number_given"
    assert route("Thanks! What range have you budgeted?")[1].goto == "shares_range"
    index, otherwise = route("I'd rather hear more about the role first.")
    assert index is None and otherwise.goto == "asks_again"


def test_field_references_resolve_from_scenario_and_profile() -> None:
    profile = Profile(walk_away=72000)
    assert resolve("market.low", EXPECTATIONS, None) == 68000
    assert resolve("student.walk_away", EXPECTATIONS, profile) == 72000
    assert resolve("student.walk_away", EXPECTATIONS, None) is None
    assert resolve(50000, EXPECTATIONS, None) == 50000


def test_conditions_on_student_numbers_need_a_profile() -> None:
    score = Practice().scorer().score("Could we do 71k?")
    when = When(number={"below": "student.walk_away"})
    assert holds(when, score, EXPECTATIONS, Profile(walk_away=72000))
    assert not holds(when, score, EXPECTATIONS, Profile(walk_away=70000))
    assert not holds(when, score, EXPECTATIONS, None)


def test_phrases_and_scores_and_flags() -> None:
    score = Practice().scorer().score("Thank you! That offer is a joke, take it or leave it.")
    assert holds(When(phrases=["A JOKE"]), score, EXPECTATIONS)
    assert not holds(When(phrases=["joker"]), score, EXPECTATIONS)
    assert holds(When(score={"respect": {"below": 40}}), score, EXPECTATIONS)
    assert not holds(When(score={"respect": {"above": 40}}), score, EXPECTATIONS)
    assert holds(When(accepted=False, asked_question=False), score, EXPECTATIONS)


def test_every_builtin_example_answer_routes_as_expected() -> None:
    library = load_library([paths.builtin_scenarios()], rule_context(Practice().scorer(), run_examples=True))
    assert [str(d) for d in library.diagnostics] == []
    assert sum(len(t.examples) for s in library.scenarios for t in s.turns.values()) >= 12
