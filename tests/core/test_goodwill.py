"""The recruiter's goodwill, tone variants, answers to levers, no repeated lines, and earlier tries kept."""

from __future__ import annotations

import pytest
from conftest import fixture_scenario

from app.core.goodwill import COLD, WARM, step
from app.core.levers import default_reply, raised
from app.core.scenario import Scenario
from app.core.scenario_rules import on_a_loop
from app.core.scoring import AnswerContext, Timing
from app.core.session import Session
from app.practice import Practice

RUDE = [
    "33,000 or I walk, that's your problem.",
    "This offer is a joke. Pay me properly or forget it.",
    "Whatever. That's shady and you know it, take it or leave it.",
]
HEDGING = [
    "Um, I guess I was maybe hoping for a bit more? Sorry.",
    "I'm not sure, I suppose it might be okay, sort of.",
]
WARM_ANSWERS = [
    "Thank you so much, I'm really excited about the team. Could we find a way to get to £33,000? "
    "My shipped projects and the market data support it.",
    "Thanks, Robin! I'd love to join. How can we close the gap together?",
]


def session(scenario_id: str = "mood-call") -> Session:
    return Session(fixture_scenario(scenario_id), Practice().scorer(), clock=lambda: 0.0)


def first_step(answer: str) -> tuple[int, int]:
    s = session()
    s.start()
    record = s.submit(answer)
    assert record.goodwill_step is not None
    return record.goodwill_step.before, record.goodwill_step.after


@pytest.mark.parametrize("answer", RUDE)
def test_a_rude_answer_leaves_the_recruiter_cold(answer: str) -> None:
    before, after = first_step(answer)
    assert before == 60 and after < COLD


@pytest.mark.parametrize("answer", HEDGING)
def test_a_hedging_answer_leaves_goodwill_about_where_it_was(answer: str) -> None:
    _, after = first_step(answer)
    assert COLD <= after <= WARM


@pytest.mark.parametrize("answer", WARM_ANSWERS)
def test_a_warm_reasoned_answer_wins_goodwill(answer: str) -> None:
    _, after = first_step(answer)
    assert after > 60


def test_each_change_is_named_and_adds_up() -> None:
    scorer = Practice().scorer()
    scenario = fixture_scenario("mood-call")
    score = scorer.score(RUDE[0], AnswerContext(scenario, scenario.turns["offer"]))
    moved = step(scorer.rubrics["default"].goodwill, 60, score)
    labels = [c.label for c in moved.changes]
    assert "gave an ultimatum" in labels and "brushed them off" in labels
    assert moved.after == max(0, min(100, 60 + sum(c.change for c in moved.changes)))


def test_goodwill_never_leaves_0_to_100() -> None:
    s = session()
    s.start()
    s.submit(RUDE[1])  # -> stung
    record = s.submit(RUDE[2])
    assert record.goodwill == 0 or record.goodwill_step is not None and record.goodwill >= 0
    assert all(0 <= value <= 100 for value in s.summary().goodwill)


def test_rude_and_hedging_answers_get_different_replies_and_a_colder_close() -> None:
    rude, hedging = session(), session()
    rude.start(), hedging.start()
    rude.submit(RUDE[0])
    hedging.submit(HEDGING[0])
    assert rude.current is not None and hedging.current is not None
    assert rude.current.turn_id == "stung" and hedging.current.turn_id == "nudge"
    rude.submit("Fine.")
    assert rude.ending is not None and rude.ending.closing_line.startswith("Fine. Let me know by Friday")


def test_a_warm_call_gets_the_warm_close() -> None:
    s = session()
    s.start()
    s.submit(WARM_ANSWERS[0])
    s.submit("Thank you so much, that's wonderful. Yes, I'm happy to accept, and thanks for going to bat for me.")
    assert s.goodwill > WARM and s.ending is not None
    assert s.ending.closing_line == "Lovely talking with you, I'll write it up today."


def test_the_summary_traces_goodwill_from_the_start() -> None:
    s = session()
    s.start()
    first = s.submit(HEDGING[0])
    second = s.submit("£33,000 because of my projects.")
    assert s.summary().goodwill == [60, first.goodwill, second.goodwill]


def test_pushing_again_after_the_recruiter_moved_costs_goodwill() -> None:
    s = session()
    s.start()
    s.submit(WARM_ANSWERS[0])  # -> counter, where they met you halfway
    record = s.submit("Halfway isn't enough, I want £36,000.")
    assert record.goodwill_step is not None
    assert "pushed again after they had moved" in [c.label for c in record.goodwill_step.changes]


# ---- levers ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lever"),
    [
        ("Could I work remote two days a week?", "remote"),
        ("Is there a signing bonus?", "signing_bonus"),
        ("Would a salary review at six months be possible?", "review"),
        ("Is there a learning budget or mentorship?", "learning"),
        ("Could we push the start date to March?", "start_date"),
        ("Do you cover relocation costs?", "relocation"),
    ],
)
def test_levers_are_sorted_by_what_they_are_about(text: str, lever: str) -> None:
    assert raised(Practice().scorer().analyse(text)) == [lever]


def test_a_raised_lever_gets_the_scenarios_answer_once() -> None:
    s = session()
    s.start()
    s.submit("Hmm, I'm not sure yet. Could I work from home two days a week?")
    assert s.current is not None and s.current.text.startswith("Two days a week from home is normal here. ")
    s.submit("And remote days again, is that fine? I'd say £33,000 because of my projects.")
    assert s.current is not None and "Two days a week" not in s.current.text


def test_a_lever_without_a_written_answer_still_gets_one() -> None:
    s = session()
    s.start()
    s.submit("Hmm, okay. Is there a signing bonus?")
    assert s.current is not None and s.current.text.startswith(default_reply("signing_bonus"))


def test_a_branch_written_for_the_lever_answers_it_itself() -> None:
    s = session()
    s.start()
    s.submit("Thank you! Could we talk about a review at six months?")
    assert s.current is not None and s.current.turn_id == "review_talk"
    assert s.current.text == "A review is fine. Anything else?"


# ---- no repeated lines -----------------------------------------------------------------------------------------


def test_coming_back_to_a_turn_uses_its_again_lines_then_a_recap() -> None:
    s = session()
    s.start()
    said = [s.current.text if s.current else ""]
    for _ in range(4):
        s.submit("Hmm, I'm not sure.")
        assert s.current is not None
        said.append(s.current.text)
    assert len(set(said)) == len(said), said
    assert said[2:4] == ["So, is there a figure you have in mind?", "One more time then, what figure works for you?"]
    assert said[4].startswith("As I said: ")


def test_validate_warns_about_a_loop_without_again_lines(tmp_path) -> None:
    from app.core.file_validation import validate_paths

    text = (
        (__import__("pathlib").Path(__file__).parents[1] / "data" / "scenarios" / "mood-call.yaml").read_text()
    ).replace(
        "    again:\n      - So, is there a figure you have in mind?\n"
        "      - One more time then, what figure works for you?\n",
        "",
    )
    path = tmp_path / "mood-call.yaml"
    path.write_text(text)
    _, diagnostics = validate_paths([path], Practice().scorer())
    loops = [d for d in diagnostics if "come back to turn" in d.message]
    assert [(d.severity.value, d.line) for d in loops] == [("warning", 49)]
    assert '"nudge"' in loops[0].message


def _graph(edges: dict[str, list[str]]) -> Scenario:
    base = fixture_scenario("mood-call").model_dump(exclude={"turns", "start"})

    def turn(targets: list[str]) -> dict[str, object]:
        routes = [{"when": {"named_number": True}, "goto": t} for t in targets]
        return {"say": "Hi", "branches": routes, "otherwise": {"end": {"outcome": "done", "say": "Bye"}}}

    return Scenario.model_validate({**base, "turns": {tid: turn(targets) for tid, targets in edges.items()}})


@pytest.mark.parametrize(
    ("edges", "looping"),
    [
        ({"a": ["b"], "b": ["c"], "c": []}, []),
        ({"a": ["a"], "b": []}, ["a"]),
        ({"a": ["b"], "b": ["c"], "c": ["a", "d"], "d": []}, ["a", "b", "c"]),
        ({"a": ["b", "d"], "b": ["c"], "c": ["b"], "d": ["e"], "e": ["d", "a"]}, ["a", "b", "c", "d", "e"]),
        ({"a": ["b", "c"], "b": ["c"], "c": ["d"], "d": ["c"]}, ["c", "d"]),
    ],
)
def test_turns_on_a_loop_are_found(edges: dict[str, list[str]], looping: list[str]) -> None:
    assert on_a_loop(_graph(edges)) == looping


def test_finding_loops_in_a_long_chain_is_linear() -> None:
    import time

    chain = {f"t{i}": [f"t{i + 1}"] for i in range(20_000)} | {"t20000": ["t0"]}
    started = time.perf_counter()
    assert len(on_a_loop(_graph(chain))) == 20_001
    assert time.perf_counter() - started < 5


# ---- earlier tries -----------------------------------------------------------------------------------------------


def test_trying_a_moment_again_keeps_the_first_try_and_restores_goodwill() -> None:
    s = session()
    s.start()
    first = s.submit(RUDE[0])
    assert s.goodwill < COLD
    s.retry_from(0)
    assert s.goodwill == 60 and s.set_aside == [first] and s.records == []
    assert s.current is not None and s.current.text == first.line  # the moment is replayed as it was
    again = s.submit(WARM_ANSWERS[0])
    assert again.goodwill_step is not None and again.goodwill_step.before == 60


# ---- timing ----------------------------------------------------------------------------------------------------


def _score(answer: str, timing: Timing) -> dict[str, str]:
    scenario = fixture_scenario("mood-call")
    score = Practice().scorer().score(answer, AnswerContext(scenario, scenario.turns["offer"], None, timing))
    return {r.id: r.status for r in score.criteria}


@pytest.mark.parametrize(("latency", "duration"), [(10, 6), (3, 9), (0, 12)])
def test_time_limits_use_the_clock_the_student_saw(latency: float, duration: float) -> None:
    # the moment asks for 10-60 s; the clock showed latency + duration, inside it
    assert _score("Okay.", Timing(latency, duration))["not-too-short"] == "avoided"


@pytest.mark.parametrize(
    "answer",
    ["Thanks! Why is the offer set there?", "I'd like £33,000 because of my projects.", "Could I have until Monday?"],
)
def test_a_quick_answer_with_a_reason_or_a_question_is_never_too_short(answer: str) -> None:
    assert _score(answer, Timing(1, 2))["not-too-short"] == "avoided"


def test_a_quick_answer_with_nothing_to_work_with_is_too_short() -> None:
    assert _score("Okay fine.", Timing(1, 2))["not-too-short"] == "triggered"
    assert _score("Okay fine.", Timing(1, 90))["not-too-long"] == "triggered"
