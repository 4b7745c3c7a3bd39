"""Answers written to break the scorer: absurd figures, huge or pathological text, slow authored patterns,
control characters. Everything runs through the real scorer and matcher."""

from __future__ import annotations

import json
import math
import time

import pytest

from app import paths
from app.core.lexicon import PATTERNS_BUDGET_S, Lexicon, Matcher, Pattern, run_pattern
from app.core.numbers import MAX_YEARLY, money, parse_amount, percents
from app.core.scoring import MAX_ANSWER_CHARS, AnswerTooLong, load_scorer
from app.core.tokens import Answer
from app.reports.text import printable, text_report

SCORER = load_scorer((paths.resources(),))


def strict_json(value: object) -> object:
    """Round-trip through JSON that refuses NaN and Infinity, as the command line prints it."""
    return json.loads(json.dumps(value, allow_nan=False))


@pytest.mark.parametrize(
    "text",
    [
        "I want 1e400 dollars",
        "99999999999999999999999k",
        "I'd like $" + "9" * 400 + " a year",
        "Pay me 9" + "9" * 330 + " an hour",
        "Could we do $1e308 a month?",
        "A raise of " + "9" * 400 + "%?",
    ],
)
def test_absurd_amounts_are_not_money_and_the_score_is_valid_json(text: str) -> None:
    assert all(0 < a.yearly <= MAX_YEARLY for a in money(text))
    assert all(math.isfinite(float(p.value)) for p in percents(text))
    report = SCORER.score(text).to_json()
    assert strict_json(report) == report
    assert all(math.isfinite(v) and v <= MAX_YEARLY for v in report["amounts"] + report["asks"])


@pytest.mark.parametrize("text", ["I want −5k", "I want -5k", "Could we do -$80,000?", "I'd say −$80k", "$-85k"])
def test_negative_amounts_are_not_asks(text: str) -> None:
    assert money(text) == []
    assert SCORER.analyse(text).asks == []


def test_scientific_notation_is_read_as_a_number() -> None:
    assert [a.yearly for a in money("Could we do $1e5?")] == [100000.0]
    assert [a.yearly for a in money("$1e9 please")] == [1e9]
    assert money("$1e10 please") == []  # over the cap


def test_a_typed_amount_that_is_infinite_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_amount("1e400")


def test_an_answer_over_the_limit_is_refused_with_a_readable_message() -> None:
    SCORER.score("a" * MAX_ANSWER_CHARS)  # exactly at the limit is fine
    with pytest.raises(AnswerTooLong) as refused:
        SCORER.score("a" * (MAX_ANSWER_CHARS + 1))
    assert "too long" in str(refused.value) and f"{MAX_ANSWER_CHARS:,}" in str(refused.value)
    assert isinstance(refused.value, ValueError)


@pytest.mark.parametrize(
    "unit",
    [
        "\n",
        "-",
        "(",
        ",",
        "so , ",
        "Um. ",
        "1 ",
        "Thanks! I was hoping for 85k. ",
        '"ok" ',  # many quotes
        "not good " * 3,  # one very long sentence for VADER
        "85k ",  # many figures in one sentence
    ],
)
def test_long_pathological_answers_score_in_linear_time(unit: str) -> None:
    small = (unit * (2000 // len(unit) + 1))[:2000]
    large = (unit * (MAX_ANSWER_CHARS // len(unit) + 1))[:MAX_ANSWER_CHARS]
    SCORER.score(small)
    began = time.perf_counter()
    SCORER.score(small)
    small_s = time.perf_counter() - began
    began = time.perf_counter()
    SCORER.score(large)
    large_s = time.perf_counter() - began
    # ten times the text: linear takes about ten times as long, quadratic about a hundred
    assert large_s < max(2.0, 30 * small_s), f"{large_s:.3f} s for {len(large)} characters of {unit!r}"


def slow_lexicon(count: int) -> Lexicon:
    # nested repeats backtrack on a run of a's with no b: each one alone runs until its own time limit
    return Lexicon(
        id="slow", label="Slow", patterns=[Pattern(regex=f"(?:a|aa){{1,30}}(?:a|aa)*b{i}") for i in range(count)]
    )


def test_slow_authored_patterns_share_one_time_budget_and_the_skip_is_noted() -> None:
    matcher = Matcher()
    matcher.add(slow_lexicon(40))
    notes: list[str] = []
    began = time.perf_counter()
    matcher.find(Answer("a" * 3000 + " " + "a" * 3000), notes=notes)
    elapsed = time.perf_counter() - began
    assert elapsed < PATTERNS_BUDGET_S * 6, elapsed
    assert notes and any("skipped" in note for note in notes)


def test_a_fast_pattern_still_matches_and_leaves_no_note() -> None:
    matcher = Matcher()
    matcher.add(Lexicon(id="quick", label="Quick", patterns=[Pattern(regex=r"\bsalary\b")]))
    notes: list[str] = []
    hits = matcher.find(Answer("What is the salary?"), notes=notes)
    assert [h.text for h in hits["quick"]] == ["salary"] and notes == []
    assert run_pattern(matcher.patterns[0][1], "salary") == [(0, 6)]


def test_printable_escapes_control_characters_but_keeps_lines() -> None:
    hostile = "Hi\x1b[2J\x1b]0;pwned\x07 there\rX\x9b31m\u202eevil\nnext\tline"
    shown = printable(hostile)
    assert not any(ch in shown for ch in "\x1b\x07\r\x9b\u202e")
    assert "\\x1b[2J" in shown and "\n" in shown and "\t" in shown


def test_text_report_never_prints_an_answers_control_characters() -> None:
    text = "Thank you!\x1b[31m Could we do 85k?\r\x07 I mean it."
    for colour in (False, True):
        out = text_report(text, SCORER.score(text), colour=colour)
        assert "\r" not in out and "\x07" not in out
        assert "\x1b[31m Could" not in out and "\\x1b[31m" in out


def test_skipped_patterns_show_in_the_score_json_and_the_text_report() -> None:
    from app.core.lexicon import LexiconSet
    from app.core.scoring import Scorer

    matcher = Matcher()
    for lexicon in SCORER.lexicons.lexicons.values():
        matcher.add(lexicon)
    slow = slow_lexicon(30)
    matcher.add(slow)
    scorer = Scorer(LexiconSet({**SCORER.lexicons.lexicons, "slow": slow}, [], matcher), SCORER.rubrics)
    text = "Thanks! Could we do 85k? " + "a" * 3000
    began = time.perf_counter()
    score = scorer.score(text)
    assert time.perf_counter() - began < 1.0
    report = strict_json(score.to_json())
    assert isinstance(report, dict) and any("skipped" in note for note in report["notes"])
    assert "Note: " in text_report(text, score)
    assert "notes" not in SCORER.score(text).to_json()  # the built-in lexicons have no slow patterns
