"""Branch conditions are judged from the same detections as the score."""

from __future__ import annotations

from conftest import fixture_scenario

from app import paths
from app.core.branching import choose, holds, resolve
from app.core.library import load_library, rule_context
from app.core.profile import Profile
from app.core.scenario import When
from app.core.scoring import AnswerContext
from app.practice import Practice

FIRST_CALL = fixture_scenario("first-call")  # market 60,000 to 80,000


def route(text: str, turn: str = "opening", profile: Profile | None = None):
    scenario = FIRST_CALL
    score = Practice().scorer().score(text, AnswerContext(scenario, scenario.turns[turn], profile))
    return choose(scenario.turns[turn], score, scenario, profile)


def test_branches_are_tried_in_order_then_otherwise() -> None:
    index, low = route("Maybe 50k?")  # a number below market.low
    assert index == 0 and low.goto == "low_anchor"
    index, in_range = route("I'm looking for 75k. What range do you have?")  # a number and a question: the number
    assert index == 1 and in_range.end.outcome == "anchored_in_range"
    index, question = route("Thanks! What range have you budgeted?")
    assert index == 2 and question.goto == "shares_range"
    index, otherwise = route("I'd rather hear more about the role first.")
    assert index is None and otherwise.goto == "asks_again"


def test_a_turn_without_a_matching_branch_takes_its_otherwise_ending() -> None:
    index, route_taken = route("I'd rather not say yet.", turn="asks_again")
    assert index is None and route_taken.end.outcome == "no_number_shared"
    assert route("Fine, 55k.", turn="asks_again")[1].goto == "low_anchor"


def test_field_references_resolve_from_scenario_and_profile() -> None:
    profile = Profile(walk_away=72000)
    assert resolve("market.low", FIRST_CALL, None) == 60000
    assert resolve("student.walk_away", FIRST_CALL, profile) == 72000
    assert resolve("student.walk_away", FIRST_CALL, None) is None
    assert resolve(50000, FIRST_CALL, None) == 50000
    offer_call = fixture_scenario("offer-call")
    assert resolve("offer.base", offer_call, None) == 30500
    assert resolve("offer.bonus", offer_call, None) is None  # not set in this offer


def test_conditions_on_student_numbers_need_a_profile() -> None:
    score = Practice().scorer().score("Could we do 71k?")
    when = When(number={"below": "student.walk_away"})
    assert holds(when, score, FIRST_CALL, Profile(walk_away=72000))
    assert not holds(when, score, FIRST_CALL, Profile(walk_away=70000))
    assert not holds(when, score, FIRST_CALL, None)


def test_phrases_and_scores_and_flags() -> None:
    score = Practice().scorer().score("Thank you! That offer is a joke, take it or leave it.")
    assert holds(When(phrases=["A JOKE"]), score, FIRST_CALL)
    assert not holds(When(phrases=["joker"]), score, FIRST_CALL)
    assert holds(When(score={"respect": {"below": 40}}), score, FIRST_CALL)
    assert not holds(When(score={"respect": {"above": 40}}), score, FIRST_CALL)
    assert holds(When(accepted=False, asked_question=False), score, FIRST_CALL)


def test_every_builtin_example_answer_routes_as_expected() -> None:
    library = load_library([paths.builtin_scenarios()], rule_context(Practice().scorer(), run_examples=True))
    assert [str(d) for d in library.diagnostics] == []
    assert sum(len(t.examples) for s in library.scenarios for t in s.turns.values()) >= 12


def test_a_number_branch_reacts_to_the_ask_not_to_a_cited_range() -> None:
    """In "An offer below market", citing the market's top end before asking for less is a fair counter."""
    scenario = load_library([paths.builtin_scenarios()]).get("low-offer")
    assert scenario is not None
    turn = scenario.turns[scenario.start_turn]
    text = "Market data puts it between 32,000 and 35,000, so I'd like 33,000."
    score = Practice().scorer().score(text, AnswerContext(scenario, turn))
    _, chosen = choose(turn, score, scenario)
    assert chosen.goto == "fair_counter"
