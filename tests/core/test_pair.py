"""Pair role-play rules: the peer checklist from the rubric, the app's answers to it, disagreements, tapped
timing, roles that swap, and the recruiter-player's branch choice."""

from __future__ import annotations

import pytest
from conftest import fixture_scenario

from app.core.pair import MAX_QUESTIONS, AnswerTaps, PairPlan, PeerMark, app_answers, checklist, compare, to_five
from app.core.session import Session
from app.practice import Practice


@pytest.fixture(scope="module")
def scorer():
    return Practice().scorer()


def test_every_criterion_of_the_default_rubric_has_a_peer_question(scorer) -> None:
    rubric = scorer.rubrics["default"]
    missing = [c.id for c in rubric.criteria if not c.ask]
    assert missing == [], "each criterion needs an `ask:` question for the peer checklist"
    questions = checklist(rubric.criteria)
    assert 6 <= len(questions) <= MAX_QUESTIONS
    assert all(q.text.endswith("?") for q in questions)
    effects = [q.effect for q in questions]
    assert effects == sorted(effects, key=lambda e: e == "penalty"), "rewards first, then penalties"
    for question in questions:  # a penalty question holds rewards only when they are learned (they can count against)
        members = [c for c in rubric.criteria if c.ask == question.text]
        assert all(c.effect == question.effect or c.points == "learned" for c in members), question.text


@pytest.mark.parametrize(
    ("answer", "yes", "no"),
    [
        ("Thank you so much! Could you share the range you have budgeted?", ["Thanked you"], ["Made a demand"]),
        ("Um, sorry, I guess maybe 60k? I'm not sure.", ["Hedged"], ["Thanked you"]),
        ("Okay.", ["said too little"], ["Thanked you", "sharp", "Made a demand"]),
        ("Give me 90k or I walk. That's your problem, not mine.", ["Made a demand", "sharp"], ["Thanked you"]),
    ],
)
def test_the_app_answers_the_checklist_as_a_person_would(scorer, answer: str, yes: list[str], no: list[str]) -> None:
    scenario = fixture_scenario("first-call")
    session = Session(scenario, scorer)
    session.start()
    questions = checklist(scorer.rubrics["default"].criteria)
    record = session.submit(answer)
    said = app_answers(questions, record.score)

    def answered(part: str) -> bool | None:
        return next(v for q, v in said.items() if part in q)

    assert all(answered(part) is True for part in yes), said
    assert all(answered(part) is not True for part in no), said


def test_disagreements_name_the_questions_and_ratings_that_differ(scorer) -> None:
    scenario = fixture_scenario("first-call")
    session = Session(scenario, scorer)
    session.start()
    questions = checklist(scorer.rubrics["default"].criteria)
    record = session.submit("Thank you so much! Could you share the range you have budgeted?")
    thanked = next(q.text for q in questions if q.text.startswith("Thanked you"))
    mark = PeerMark({thanked: False}, confidence=1, respect=to_five(record.score.dimensions["respect"].score))
    comparison = compare(questions, mark, record.score)
    assert comparison.answers[thanked] == (False, True)
    assert thanked in comparison.disagreements
    assert ("confidence" in comparison.disagreements) == (to_five(record.score.dimensions["confidence"].score) >= 3)
    assert "respect" not in comparison.disagreements
    assert PeerMark.from_json(mark.to_json()) == mark


def test_to_five_bands() -> None:
    assert [to_five(s) for s in (0, 19.9, 20, 59, 79.9, 80, 100)] == [1, 1, 2, 3, 4, 5, 5]


def test_taps_time_the_answer_with_an_injected_clock() -> None:
    now = [10.0]
    taps = AnswerTaps(lambda: now[0])
    assert taps.stage == "line"
    now[0] = 12.0
    assert taps.tap() == "waiting"  # the line is said
    now[0] = 14.5
    assert taps.tap() == "answering"
    now[0] = 20.0
    assert taps.tap() == "done"
    timing = taps.timing()
    assert (timing.latency_s, timing.duration_s) == (2.5, 5.5)


def test_roles_swap_each_round_and_players_are_kept() -> None:
    plan = PairPlan(("Ana", "Ben"), recruiter_first=1, fist_before={"Ana": 2, "Ben": 3})
    first, second = plan.next_round("first-call"), plan.next_round("offer-call")
    assert (first.candidate, first.recruiter) == ("Ana", "Ben")
    assert (second.candidate, second.recruiter) == ("Ben", "Ana")
    assert plan.players(first)["fist_before"] == {"Ana": 2, "Ben": 3}


def test_the_recruiter_player_s_choice_overrides_the_suggestion(scorer) -> None:
    scenario = fixture_scenario("first-call")
    session = Session(scenario, scorer)
    session.start()
    answer = "Maybe like 50k? I'm not sure."
    suggested = session.suggest(answer)
    assert suggested is not None and scenario.turns["opening"].branches[suggested].goto == "low_anchor"
    record = session.submit(answer, chosen=None, peer=PeerMark(confidence=2).to_json())
    assert record.branch is None and record.goto == scenario.turns["opening"].otherwise.goto
    assert record.peer is not None and record.peer["confidence"] == 2
