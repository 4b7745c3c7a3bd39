"""Trying an answer at a turn (core/trying.py) and keeping it as an example (core/yamledit.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE_SCENARIOS

from app import paths
from app.core.library import check_text, load_scenario, rule_context
from app.core.scoring import Scorer
from app.core.trying import try_answer
from app.core.yamledit import insert_example, replace_id, set_modeline
from app.practice import Practice

BUILTIN = sorted(paths.builtin_scenarios().glob("*.yaml"))


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Practice().scorer()


@pytest.mark.parametrize("path", BUILTIN, ids=lambda p: p.stem)
def test_every_builtin_example_goes_where_it_expects(path: Path, scorer: Scorer) -> None:
    scenario = load_scenario(path).scenario
    assert scenario is not None
    tried = [
        (tid, example, try_answer(scenario, tid, example.answer, scorer, goodwill=example.goodwill))
        for tid, turn in scenario.turns.items()
        for example in turn.examples
    ]
    assert tried
    for tid, example, result in tried:
        expected = example.expect.goto or f"end:{example.expect.end}"
        assert result.target == expected, (tid, example.answer)
        assert result.example()["expect"] == example.expect.model_dump(exclude_defaults=True)
        taken = [c.index for c in result.checks if c.held][:1]
        assert taken == ([result.branch] if result.branch is not None else [])


def test_a_tried_answer_says_why_and_what_the_recruiter_says(scorer: Scorer) -> None:
    scenario = load_scenario(paths.builtin_scenarios() / "salary-expectations.yaml").scenario
    assert scenario is not None
    tried = try_answer(scenario, "opening", "Thanks! Could you share the range you've budgeted?", scorer)
    assert tried.target == "shares_range" and tried.why == "branch 4: ask a question"
    assert "asked_question" in tried.detections()["flags"]
    assert tried.reply.startswith("Sure! The range for this role is $68,000 to $90,000")
    assert tried.goodwill.before == 60 and tried.goodwill.after > 60
    data = tried.to_json()
    assert data["route"] == {**data["route"], "branch": 3, "goto": "shares_range", "end": None}
    assert tried.example() == {
        "answer": "Thanks! Could you share the range you've budgeted?",
        "expect": {"goto": "shares_range"},
    }
    low = try_answer(scenario, "low_anchor", "Great, thanks!", scorer, goodwill=30)
    assert low.target == "end:anchored_low" and low.reply == "I'll get the paperwork moving. Great chatting!"
    assert low.example() == {"answer": "Great, thanks!", "expect": {"end": "anchored_low"}, "goodwill": 30}


ANSWERS = [
    'Thanks! "Quotes", a colon: and # hash, {braces} & 100% sure\\ — ça va?',
    "Great, thanks!",
    "Line one\nline two\u2028and\ttab",
]


@pytest.mark.parametrize("path", BUILTIN[:4] + sorted(FIXTURE_SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
@pytest.mark.parametrize("answer", ANSWERS)
def test_an_added_example_validates_and_keeps_the_rest_of_the_file(path: Path, answer: str, scorer: Scorer) -> None:
    text = path.read_text(encoding="utf-8")
    context = rule_context(scorer, run_examples=True)
    scenario = check_text(text, str(path), context)[0].scenario
    assert scenario is not None
    for tid in scenario.turns:
        entry = try_answer(scenario, tid, answer, scorer, goodwill=55).example()
        edited = insert_example(text, tid, entry)
        assert [line for line in text.splitlines() if line.lstrip().startswith("#")] == [
            line for line in edited.splitlines() if line.lstrip().startswith("#")
        ]
        assert len(edited.splitlines()) > len(text.splitlines())
        loaded, _ = check_text(edited, str(path), context)
        assert [str(d) for d in loaded.diagnostics if d.severity.value == "error"] == []
        assert loaded.scenario is not None and loaded.scenario.turns[tid].examples[-1].answer == answer


FLOW = """\
# the start
id: flowing
title: Flow
summary: Turns written every way.
difficulty: 1
role: Developer
company: Acme
market: {low: 1, high: 2}
recruiter: {name: Ana, title: Recruiter, persona: Kind.}
turns:
  inline: {say: Hi, coaching: Hi., otherwise: {goto: listed}}
  listed:
    say: A
    coaching: A.   # keep me
    otherwise: {goto: empty}
    examples: []
  empty:
    say: >-
      B, said at length

    coaching: B.
    otherwise: {end: {outcome: done, say: Bye.}}
  # a comment about the last turn
"""


@pytest.mark.parametrize("tid, target", [("inline", "listed"), ("listed", "empty")])
def test_examples_are_added_to_flow_style_turns_and_lists(tid: str, target: str) -> None:
    edited = insert_example(FLOW, tid, {"answer": "Sure.", "expect": {"goto": target}})
    loaded, _ = check_text(edited, "flow.yaml")
    assert loaded.ok and loaded.scenario is not None
    assert [e.answer for e in loaded.scenario.turns[tid].examples] == ["Sure."]
    assert "# keep me" in edited and edited.endswith("  # a comment about the last turn\n")


def test_an_example_goes_at_the_end_of_a_block_turn_before_trailing_comments() -> None:
    edited = insert_example(FLOW, "empty", {"answer": "Okay.", "expect": {"end": "done"}})
    assert edited.endswith(
        "    otherwise: {end: {outcome: done, say: Bye.}}\n"
        "    examples:\n"
        '      - answer: "Okay."\n'
        "        expect: {end: done}\n"
        "  # a comment about the last turn\n"
    )
    with pytest.raises(KeyError):
        insert_example(FLOW, "nowhere", {"answer": "x", "expect": {"end": "done"}})


def test_the_id_and_modeline_are_rewritten_in_place() -> None:
    renamed = set_modeline(replace_id(FLOW, "flowing-2"), "/opt/schema.json")
    assert renamed.splitlines()[:3] == [
        "# yaml-language-server: $schema=/opt/schema.json",
        "# the start",
        "id: flowing-2",
    ]
    again = set_modeline(renamed, "/elsewhere.json")
    assert again.splitlines()[0] == "# yaml-language-server: $schema=/elsewhere.json"
    assert again.splitlines()[1:] == renamed.splitlines()[1:]
