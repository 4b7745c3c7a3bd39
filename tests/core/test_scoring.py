"""Scores explain themselves and know the profile, the scenario and the clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import fixture_scenario

from app import paths
from app.core.lexicon import load_lexicons, pattern_problem
from app.core.profile import Priority, Profile
from app.core.rubric import Criterion
from app.core.scoring import AnswerContext, Timing, load_scorer
from app.core.tokens import Answer
from app.practice import Practice

FIRST_CALL = fixture_scenario("first-call")  # USD, market 60,000 to 80,000; opening answer_time 10-60 s
OFFER_CALL = fixture_scenario("offer-call")  # GBP, offer 30,500, market low 30,000
PROFILE = Profile(
    name="Ana", target=80000, walk_away=70000, priorities=[Priority(label="mentorship", keywords=["mentor", "pairing"])]
)


def results(score):
    return {r.id: r for r in score.criteria}


def test_every_point_traces_to_a_criterion_with_evidence() -> None:
    text = "Um, sorry to ask, but I think maybe 60k would be ok, right? Thank you, I'm excited!"
    score = Practice().scorer().score(text)
    for dim in score.dimensions.values():
        points = sum(r.points for r in score.criteria if r.dimension == dim.id)
        assert dim.score == max(0, min(100, dim.base + points))
    for result in score.criteria:
        if result.status in ("met", "triggered"):
            assert result.evidence and all(text[e.start : e.end] == e.text for e in result.evidence)
            assert result.points != 0
        else:
            assert result.points == 0
        if result.status in ("missed", "triggered"):
            assert result.tip
    found = results(score)
    assert [e.text for e in found["no-hedges"].evidence] == ["I think", "maybe"]
    assert found["thanks"].status == "met" and found["no-apologies"].status == "triggered"


def test_same_answer_gives_the_same_score_every_time() -> None:
    scorer = Practice().scorer()
    text = "Thanks! I was hoping for 85k because of my React projects. How can we close the gap?"
    assert scorer.score(text).to_json() == scorer.score(text).to_json()


def test_profile_numbers_judge_the_answer() -> None:
    scorer = Practice().scorer()
    low = results(scorer.score("Could we do 65k?", AnswerContext(profile=PROFILE)))
    assert low["not-below-walk-away"].status == "triggered"
    assert low["not-below-walk-away"].evidence[0].text == "65k"
    high = results(scorer.score("I'm looking for 82k based on market data.", AnswerContext(profile=PROFILE)))
    assert high["not-below-walk-away"].status == "avoided"
    assert high["reaches-target"].status == "met"
    without = results(scorer.score("Could we do 65k?"))
    assert without["not-below-walk-away"].status == "not_applicable"


def test_accepting_below_walk_away_is_a_severe_miss() -> None:
    scenario = OFFER_CALL
    profile = Profile(walk_away=scenario.offer.base + 5000, target=scenario.offer.base + 10000, currency="GBP")
    turn = scenario.turns[scenario.start_turn]
    score = Practice().scorer().score("Yes, I accept! Thank you!", AnswerContext(scenario, turn, profile))
    found = results(score)
    assert found["no-accepting-below-walk-away"].status == "triggered"
    assert found["no-accepting-below-walk-away"].points == -50
    low_bar = Profile(walk_away=1000, currency="GBP")
    fine = Practice().scorer().score("Yes, I accept! Thank you!", AnswerContext(scenario, turn, low_bar))
    assert results(fine)["no-accepting-below-walk-away"].status == "avoided"
    assert fine.dimensions["value"].score > score.dimensions["value"].score


def test_naming_a_priority_counts_only_with_a_profile() -> None:
    scorer = Practice().scorer()
    text = "Weekly pairing with a senior mentor would help me grow fast."
    assert results(scorer.score(text, AnswerContext(profile=PROFILE)))["names-priority"].status == "met"
    assert results(scorer.score(text))["names-priority"].status == "not_applicable"
    assert (
        results(scorer.score("I don't need a mentor.", AnswerContext(profile=PROFILE)))["names-priority"].status
        == "missed"
    )


def test_counters_are_judged_against_the_offer_and_the_market() -> None:
    scenario = OFFER_CALL  # offer 30,500 GBP; market low 30,000
    turn = scenario.turns[scenario.start_turn]
    score = lambda text: results(Practice().scorer().score(text, AnswerContext(scenario, turn)))  # noqa: E731
    assert score("I was hoping for £32,500.")["counter-in-norm"].status == "met"
    assert score("Could you do £30,800?")["no-haggling"].status == "triggered"
    assert score("Would £28,000 work?")["not-below-market"].status == "triggered"
    assert score("I was hoping for £32,500.")["not-below-market"].status == "avoided"


def test_timing_is_a_light_criterion_and_only_when_known() -> None:
    scenario = FIRST_CALL
    turn = scenario.turns["opening"]  # answer_time 10-60 s
    scorer = Practice().scorer()
    slow = results(
        scorer.score("Thanks! What range did you budget?", AnswerContext(scenario, turn, None, Timing(30, 80)))
    )
    assert slow["thinking-time"].status == "triggered" and slow["thinking-time"].points == -3
    assert slow["not-too-long"].status == "triggered"
    quick = results(
        scorer.score("Thanks! What range did you budget?", AnswerContext(scenario, turn, None, Timing(2, 20)))
    )
    assert quick["thinking-time"].status == "avoided" and quick["not-too-long"].status == "avoided"
    unknown = results(scorer.score("Thanks! What range did you budget?"))
    assert unknown["thinking-time"].status == "not_applicable"


def test_turn_criteria_from_the_scenario_add_to_the_rubric() -> None:
    scenario = FIRST_CALL
    extra = Criterion(
        id="no-number-first",
        dimension="value",
        label="Lets them name a number first",
        detector="named_number",
        effect="penalty",
        points=12,
        tip="Ask for their range first.",
    )
    turn = scenario.turns["opening"].model_copy(update={"criteria": [extra]})
    score = Practice().scorer().score("I'd like 75k.", AnswerContext(scenario, turn))
    assert results(score)["no-number-first"].points == -12


def test_scenario_weights_change_the_overall_score() -> None:
    scenario = FIRST_CALL
    heavy = scenario.model_copy(update={"rubric": scenario.rubric.model_copy(update={"weights": {"respect": 5}})})
    text = "Give me 90k or I walk."
    plain = Practice().scorer().score(text, AnswerContext(scenario, scenario.turns["opening"]))
    weighted = Practice().scorer().score(text, AnswerContext(heavy, heavy.turns["opening"]))
    assert weighted.dimensions["respect"].score == plain.dimensions["respect"].score
    assert weighted.overall < plain.overall


def test_pathological_pattern_gets_a_diagnostic_not_a_frozen_app(tmp_path: Path) -> None:
    assert "takes too long" in pattern_problem(r"(a|aa)+$")
    assert "does not compile" in pattern_problem(r"(unclosed")
    assert pattern_problem(r"\bno worries\b") is None
    folder = tmp_path / "lexicons"
    folder.mkdir()
    (folder / "slow.yaml").write_text('id: slow\nlabel: Slow\npatterns:\n  - regex: "(a|aa)+$"\n')
    loaded = load_lexicons([folder])
    assert "slow" not in loaded.lexicons
    assert [(d.line, d.col) for d in loaded.diagnostics] == [(4, 12)]


def test_user_lexicon_overrides_the_builtin_one(tmp_path: Path) -> None:
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "gratitude.yaml").write_text("id: gratitude\nlabel: Thanks\nentries: [cheers mate]\n")
    scorer = load_scorer((paths.resources(), tmp_path))
    assert scorer.analyse("cheers mate").has("gratitude")
    assert not scorer.analyse("thank you").has("gratitude")


def test_offsets_survive_curly_quotes_and_unicode() -> None:
    text = "I’m sorry to ask — could we do 85k? “maybe” isn’t my word."
    score = Practice().scorer().score(text)
    for result in score.criteria:
        for e in result.evidence:
            assert text[e.start : e.end] == e.text
    assert not Practice().scorer().analyse(text).has("hedges"), "quoted words are not counted"
    assert Answer(text).text == text


@pytest.mark.parametrize("text", ["", "   ", "?!?!", "💸💸💸", "a" * 5000])
def test_odd_answers_still_score(text: str) -> None:
    score = Practice().scorer().score(text)
    assert all(0 <= d.score <= 100 for d in score.dimensions.values())


def test_profile_numbers_only_count_in_their_own_currency() -> None:
    scenario = OFFER_CALL  # GBP
    turn = scenario.turns[scenario.start_turn]
    dollars = Profile(target=80000, walk_away=70000, currency="USD")
    pounds = Profile(target=34000, walk_away=31000, currency="GBP")
    answer = "I was hoping for £30,800."
    assert (
        results(Practice().scorer().score(answer, AnswerContext(scenario, turn, dollars)))["not-below-walk-away"].status
        == "not_applicable"
    )
    assert (
        results(Practice().scorer().score(answer, AnswerContext(scenario, turn, pounds)))["not-below-walk-away"].status
        == "triggered"
    )


def test_accepting_the_first_offer_on_the_spot_costs_confidence_unless_the_turn_makes_it_fair() -> None:
    scorer = Practice().scorer()
    turn = OFFER_CALL.turns["the_offer"]
    eager = results(scorer.score("Oh wow, thank you so much! Yes, I accept", AnswerContext(OFFER_CALL, turn)))
    assert eager["not-on-the-spot"].status == "triggered" and eager["not-on-the-spot"].points == -25
    fair_turn = turn.model_copy(update={"fair_to_accept": True})
    fair = results(scorer.score("Oh wow, thank you so much! Yes, I accept", AnswerContext(OFFER_CALL, fair_turn)))
    assert fair["not-on-the-spot"].status == "avoided"
    with_terms = results(scorer.score("Thank you! I accept if we can make it 33,000.", AnswerContext(OFFER_CALL, turn)))
    assert with_terms["not-on-the-spot"].status != "triggered"


def test_thanks_do_not_soften_an_ultimatum() -> None:
    scorer = Practice().scorer()
    hard = scorer.score("Thanks so much! I absolutely will not pay more than $115. Thank you.")
    plain = scorer.score("I absolutely will not pay more than $115.")
    assert results(hard)["no-ultimatums"].status == "triggered"
    assert all(r.points <= 0 for r in hard.criteria if r.dimension == "respect")
    assert hard.dimensions["respect"].score <= plain.dimensions["respect"].score + 1


def test_respect_follows_the_politeness_people_hear() -> None:
    """Signals people rate as polite raise respect, rude ones lower it, and unlike texts rarely tie."""
    respect = {
        t: Practice().scorer().score(t).dimensions["respect"].score
        for t in (
            "Awesome work! Could you share the budgeted range?",
            "Hi Sam, thanks for the call. Would you be open to 85k?",
            "What's the range.",
            "Please don't send me another lowball.",
            "Stop it please.",
            "Thanks, but 115k or I walk. Appreciate it.",
        )
    }
    polite = [
        respect["Awesome work! Could you share the budgeted range?"],
        respect["Hi Sam, thanks for the call. Would you be open to 85k?"],
    ]
    rude = [
        respect["Please don't send me another lowball."],
        respect["Stop it please."],
        respect["Thanks, but 115k or I walk. Appreciate it."],
    ]
    assert min(polite) > respect["What's the range."] > max(rude)
    assert len(set(respect.values())) == len(respect)
