"""Branch conditions in plain words, with the scenario's own numbers filled in."""

from __future__ import annotations

from conftest import fixture_scenario

from app.core.conditions import amount_words, branch_sentence, route_words, when_words
from app.core.profile import Profile
from app.core.scenario import When


def test_every_kind_of_condition_reads_as_a_sentence() -> None:
    scenario = fixture_scenario("first-call")
    when = When.model_validate(
        {
            "named_number": True,
            "number": {"above": "market.low", "below": 90000},
            "asked_question": False,
            "phrases": ["a joke"],
            "asked_about": ["remote"],
            "score": {"respect": {"below": 40}},
            "goodwill": {"above": 70},
        }
    )
    assert when_words(when, scenario) == (
        "don't ask a question and name a number above the bottom of the market range ($60,000) and below $90,000 "
        "and say “a joke” and ask about working from home and score below 40 on respect and leave you with "
        "goodwill above 70"
    )


def test_the_student_s_numbers_are_shown_when_the_profile_has_them() -> None:
    scenario = fixture_scenario("first-call")
    assert amount_words("student.target", scenario) == "their target"
    profile = Profile(target=75000, walk_away=65000, currency=scenario.currency)
    assert amount_words("student.target", scenario, profile) == "their target ($75,000)"


def test_every_branch_of_the_fixture_scenarios_has_a_sentence_and_a_destination() -> None:
    for scenario_id in ("first-call", "offer-call", "mood-call"):
        scenario = fixture_scenario(scenario_id)
        for turn in scenario.turns.values():
            for branch in turn.branches:
                sentence = branch_sentence(branch, scenario)
                assert sentence.startswith("If they ") and len(sentence) > len("If they ") + 3
                words = route_words(branch)
                assert words in scenario.turns if branch.goto else words.startswith("the call ends (")
