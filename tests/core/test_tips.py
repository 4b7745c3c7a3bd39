"""Tips that fit: at most three, the most points at stake first, right for the moment, quoting what the student
wrote, with example amounts in the scenario's currency and scale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import fixture_scenario

from app.core.rubric import load_rubric
from app.core.scoring import AnswerContext, Score, example_values
from app.practice import Practice
from app.reports.wording import MAX_TIPS, tips_to_show


def score(answer: str, turn: str = "offer", scenario_id: str = "mood-call") -> Score:
    scenario = fixture_scenario(scenario_id)
    return Practice().scorer().score(answer, AnswerContext(scenario, scenario.turns[turn]))


def stake(result) -> float:  # type: ignore[no-untyped-def]
    return abs(result.points) if result.status == "triggered" else abs(result.possible)


@pytest.mark.parametrize(
    "answer",
    [
        "Whatever. 33,000 or I walk, that's your problem. Honestly this is a joke, I need more, right?",
        "Um, sorry, I guess maybe I was just hoping for a bit more? I'm no expert, but, like, does that make sense?",
        "ok",
    ],
)
def test_at_most_three_tips_with_the_most_at_stake_first(answer: str) -> None:
    result = score(answer)
    tips = tips_to_show(result)
    assert 1 <= len(tips) <= MAX_TIPS
    stakes = [stake(t) for t in tips]
    assert stakes == sorted(stakes, reverse=True)
    left_out = [r for r in result.criteria if r.status == "triggered" and r not in tips]
    assert all(stake(r) <= stakes[-1] for r in left_out)


@pytest.mark.parametrize("turn", ["counter", "stung"])  # a closing turn: every route ends the call
def test_opening_tips_are_not_suggested_later_in_the_call(turn: str) -> None:
    result = score("Okay, that works.", turn)
    statuses = {r.id: r.status for r in result.criteria}
    assert statuses["thanks"] == statuses["enthusiasm"] == "not_applicable"
    assert not any("thank-you" in t.tip or "want the job" in t.tip for t in tips_to_show(result))


def test_the_first_turn_still_suggests_a_thank_you() -> None:
    statuses = {r.id: r.status for r in score("Okay, that works.").criteria}
    assert statuses["thanks"] == "missed"


def test_a_thank_you_later_in_the_call_still_counts() -> None:
    met = {r.id: r.status for r in score("Thank you, that works for me.", "counter").criteria}
    assert met["thanks"] == "met"


@pytest.mark.parametrize(
    ("answer", "criterion", "quoted", "absent"),
    [
        ("That's your problem, not mine.", "not-dismissive", "that's your problem", "Whatever"),
        ("Whatever, fine by me.", "not-dismissive", "Whatever", "lol"),
        ("This whole offer feels shady.", "no-digs", "shady", "insulting"),
        ("I need 33,000.", "asks-not-demands", "I need", "you have to"),
    ],
)
def test_a_penalty_tip_quotes_the_words_that_triggered_it(
    answer: str, criterion: str, quoted: str, absent: str
) -> None:
    result = next(r for r in score(answer).criteria if r.id == criterion)
    assert result.status == "triggered"
    assert quoted.lower() in result.tip.lower() and absent.lower() not in result.tip.lower()
    assert any(quoted.lower() in e.text.lower() for e in result.evidence)  # highlighted in the answer too


@pytest.mark.parametrize(("scenario_id", "symbol"), [("mood-call", "£"), ("first-call", "$")])
def test_example_amounts_are_in_the_scenarios_currency_and_scale(scenario_id: str, symbol: str) -> None:
    scenario = fixture_scenario(scenario_id)
    anchor = scenario.offer.base or scenario.market.mid
    assert anchor is not None
    values = example_values(scenario)
    for text in values.values():
        assert text.startswith(symbol)
        amount = float(re.sub(r"[^\d.]", "", text))
        assert 1.0 < amount / anchor < 1.15
    result = score("I think maybe £33,000?", scenario_id=scenario_id, turn=scenario.start_turn)
    tips = " ".join(r.tip for r in result.criteria)
    assert "85k" not in tips and "80k" not in tips and "{" not in tips


def test_a_rubric_tip_with_an_unknown_placeholder_is_reported(tmp_path: Path) -> None:
    source = (Path(__file__).parents[2] / "resources" / "rubrics" / "default.yaml").read_text()
    path = tmp_path / "default.yaml"
    path.write_text(source.replace("Could we get to {example.ask}?", "Could we get to {example.ammount}?"))
    _, problems = load_rubric(path, Practice().scorer().detectors)
    assert any("unknown placeholder {example.ammount}" in p.message and "example.low" in p.message for p in problems)


# ---- the student's numbers in another currency ------------------------------------------------------------------


def test_numbers_in_another_currency_are_compared_at_the_students_rate() -> None:
    from app.core.profile import Profile

    scenario = fixture_scenario("mood-call")  # GBP, offer £31,000
    in_dollars = Profile(target=45_000, walk_away=40_000, currency="USD")
    assert in_dollars.numbers_in("GBP") == (None, None)
    note = in_dollars.comparison_note("GBP")
    assert note is not None and "USD" in note and "GBP" in note
    result = (
        Practice().scorer().score("I'd like £30,000.", AnswerContext(scenario, scenario.turns["offer"], in_dollars))
    )
    assert result.analysis is not None and note in result.analysis.notes
    assert {r.id: r.status for r in result.criteria}["not-below-walk-away"] == "not_applicable"

    converted = in_dollars.model_copy(update={"rates": {"GBP": 0.8}})
    assert converted.numbers_in("GBP") == (36_000, 32_000) and converted.comparison_note("GBP") is None
    result = Practice().scorer().score("I'd like £30,000.", AnswerContext(scenario, scenario.turns["offer"], converted))
    assert {r.id: r.status for r in result.criteria}["not-below-walk-away"] == "triggered"
    assert result.analysis is not None and not result.analysis.notes
