"""Rubric tuning: an edited rubric re-scores a set of answers, and only what the edit touches moves."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import FIXTURE_SCENARIOS, fixture_scenario

from app import paths
from app.core.batch import BatchError
from app.core.library import load_library
from app.core.scoring import AnswerContext, load_scorer
from app.core.tuning import Answer, class_answers, example_answers, score_answers, tune

RUBRIC = paths.rubrics() / "default.yaml"
SCORER = load_scorer((paths.resources(),))
FIRST_CALL = fixture_scenario("first-call")
OPENING = FIRST_CALL.turns[FIRST_CALL.start_turn]
TYPED = [
    "Thank you so much! Based on my two shipped projects, I'd like 85,000.",
    "Thanks for the offer. Market data for this role says 90k, so I'm looking for 88,000.",
    "Um, sorry, I guess that's fine? Maybe I could just accept it.",
    "Take it or leave it: 95k or I walk.",
    "Hi Sam, thanks! My portfolio shows I can lead the project, so could we talk about 82k?",
    "I'm really excited about the team. What range have you budgeted?",
    "Because I have led three launches, I'd like a base of 84,000 and a review at six months.",
    "That's fine.",
]


def answers() -> list[Answer]:
    typed = [Answer(text, source=f"typed {i}") for i, text in enumerate(TYPED, 1)]
    at_turn = [Answer(text, AnswerContext(FIRST_CALL, OPENING), FIRST_CALL.start_turn) for text in TYPED[:4]]
    return typed + at_turn + example_answers([FIRST_CALL, fixture_scenario("mood-call")], "default")


def edited(old: str, new: str, after: str = "") -> str:
    """The default rubric with the first `old` after `after` replaced."""
    text = RUBRIC.read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old) :]


@pytest.fixture(scope="module")
def scored():
    found, problems = score_answers(SCORER, answers())
    assert problems == []
    return found


def test_the_unedited_rubric_changes_nothing(scored) -> None:
    tuning = tune(RUBRIC.read_text(encoding="utf-8"), RUBRIC, SCORER, scored)
    assert tuning.errors == 0 and len(tuning.results) == len(scored)
    assert not any(r.changed or r.criteria for r in tuning.results)
    assert tuning.summary() == f"None of the {len(scored)} answers change."


def test_more_points_for_a_criterion_move_exactly_the_answers_where_it_fired(scored) -> None:
    rubric = SCORER.rubrics["default"]
    criterion = next(c for c in rubric.criteria if c.id == "backs-it-up")
    assert criterion.points == 6 and criterion.dimension == "confidence" and criterion.effect == "reward"
    tuning = tune(edited("points: 6", "points: 10", after="id: backs-it-up"), RUBRIC, SCORER, scored)
    assert tuning.errors == 0
    fired = 0
    for result in tuning.results:
        before = next(c for c in result.before.criteria if c.id == "backs-it-up")
        if before.status == "met":
            fired += 1
            raw = rubric.dimensions["confidence"].base + sum(
                c.points for c in result.before.criteria if c.dimension == "confidence"
            )
            expected = round(min(100.0, max(0.0, raw + 4)), 1) - result.before.dimensions["confidence"].score
            assert result.change_in("confidence") == pytest.approx(expected), result.answer.text
            assert [str(c) for c in result.criteria] == ["backs-it-up (met): +6 → +10"]
        else:
            assert not result.changed and result.criteria == (), result.answer.text
        assert result.change_in("respect") == 0 and result.change_in("value") == 0
    assert fired >= 3  # the answers with a reason
    moved = [r for r in tuning.results if r.changed]
    assert moved and all(r.change > 0 for r in moved)
    mean = tuning.mean_change("confidence")
    assert mean > 0
    assert tuning.summary() == f"{len(moved)} of {len(scored)} answers change; confidence mean +{mean:.1f}"


def test_a_penalty_worth_more_costs_more_where_it_was_triggered(scored) -> None:
    tuning = tune(edited("points: 5", "points: 12", after="id: no-hedges"), RUBRIC, SCORER, scored)
    hedged = [
        r for r in tuning.results if any(c.id == "no-hedges" and c.status == "triggered" for c in r.before.criteria)
    ]
    assert hedged and all(r.change_in("confidence") <= 0 for r in hedged)  # a score already at 0 stays there
    assert any(r.change_in("confidence") < 0 for r in hedged)
    assert all(not r.changed for r in tuning.results if r not in hedged)


def test_a_broken_edit_gives_a_file_line_problem_and_no_results(scored) -> None:
    text = edited("points: 6", "points: six", after="id: backs-it-up")
    line = text[: text.index("points: six")].count("\n") + 1
    tuning = tune(text, RUBRIC, SCORER, scored)
    assert tuning.rubric is None and tuning.results == []
    assert [(d.path, d.line) for d in tuning.diagnostics] == [(str(RUBRIC), line)]
    assert str(tuning.diagnostics[0]).startswith(f"{RUBRIC}:{line}:")
    assert "error(s)" in tuning.summary()


def test_the_loaders_own_checks_apply_to_the_edit(scored) -> None:
    for old, new, wrong in [
        ("detector: reasons", "detector: reasonz", 'unknown detector "reasonz"'),
        ("id: default", "id: mine", "differs from its file name"),
        ("model: respect", "model: respekt", 'no learned weights "respekt"'),
        ("criteria:\n", "criteria:\n  - just text\n", "should be a mapping"),
    ]:
        tuning = tune(edited(old, new), RUBRIC, SCORER, scored)
        assert tuning.results == [] and any(wrong in d.message for d in tuning.diagnostics), (new, tuning.diagnostics)


def test_wording_only_changes_change_no_scores(scored) -> None:
    text = edited("tip: Open with a thank-you.", "tip: Start with thanks.", after="id: thanks")
    text = text.replace("label: Thanks the recruiter", "label: Says thank you")
    tuning = tune(text, RUBRIC, SCORER, scored)
    assert tuning.errors == 0
    assert not any(r.changed or r.criteria for r in tuning.results)
    thanked = [r for r in tuning.results if any(c.id == "thanks" and c.status == "met" for c in r.after.criteria)]
    assert thanked and all(
        next(c for c in r.after.criteria if c.id == "thanks").label == "Says thank you" for r in thanked
    )


def test_class_answers_are_read_as_the_batch_command_reads_them(tmp_path: Path) -> None:
    library = load_library([FIXTURE_SCENARIOS])
    path = tmp_path / "class.csv"
    path.write_text(
        "id,student,scenario,turn,text\n"
        '1,Sam,first-call,,"Thanks! I\'d like 85,000 because I shipped two games."\n'
        "2,Kim,no-such-scenario,,Hello\n"
        "3,Lee,,,\n"
        "4,,,,Take it or leave it.\n",
        encoding="utf-8",
    )
    found, problems = class_answers(path, library)
    assert [a.source for a in found] == ["class.csv row 1 (Sam)", "class.csv row 4"]
    assert found[0].where == f"first-call · {FIRST_CALL.start_turn}" and found[1].where == ""
    assert problems == [
        'row 2: unknown scenario "no-such-scenario"',
        'row 3: no answer text (the "text" field is empty or missing)',
    ]
    jsonl = tmp_path / "class.jsonl"
    jsonl.write_text('{"text": "Thank you!", "student": "Ana"}\nnot json\n', encoding="utf-8")
    found, problems = class_answers(jsonl, library)
    assert [a.text for a in found] == ["Thank you!"] and problems[0].startswith("row 2: line 2 is not valid JSON")
    headless = tmp_path / "headless.csv"
    headless.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(BatchError):
        class_answers(headless, library)


def test_sixty_answers_rescore_in_well_under_a_second(scored) -> None:
    sixty = (scored * 6)[:60]
    text = edited("points: 6", "points: 10", after="id: backs-it-up")
    tune(text, RUBRIC, SCORER, sixty)  # warm
    start = time.perf_counter()
    tuning = tune(text, RUBRIC, SCORER, sixty)
    elapsed = time.perf_counter() - start
    assert len(tuning.results) == 60
    assert elapsed < 1.0  # a generous bound: the figure itself is measured, and reported, by the run below
    print(f"re-scored 60 answers in {elapsed * 1000:.0f} ms")
