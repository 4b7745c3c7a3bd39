"""Spoken answers feed the confidence dimension (fillers a minute, long silences, pace, the pause before speaking);
typed answers score exactly as before."""

from __future__ import annotations

import pytest
from conftest import fixture_scenario

from app.core.delivery import Delivery, Filler, Pause
from app.core.scoring import SPOKEN_DETECTORS, AnswerContext, Score, Timing
from app.core.session import Session, TurnRecord
from app.practice import Practice

TEXT = "Um, thanks for the offer. I was hoping for, you know, 85,000, based on my research."


def result(score: Score, criterion: str):  # noqa: ANN201 - a CriterionResult
    return next(r for r in score.criteria if r.id == criterion)


def spoken(
    fillers: int = 0,
    speaking_s: float = 30.0,
    wpm: float | None = 140.0,
    pauses: tuple[Pause, ...] = (),
    onset: float | None = 1.0,
    words: int = 70,
) -> Delivery:
    know = TEXT.index("you know")
    spans = [(0, 2), (know, know + 8)] * 10
    return Delivery(
        onset,
        speaking_s,
        wpm,
        tuple(Filler(TEXT[s:e], 1.0, s, e) for s, e in spans[:fillers]),
        pauses,
        words=words,
    )


@pytest.fixture(scope="module")
def scorer():  # noqa: ANN201
    return Practice().scorer()


def test_typed_answers_score_as_before(scorer) -> None:  # noqa: ANN001
    typed = scorer.score(TEXT, AnswerContext(timing=Timing(3.0, 20.0)))
    for criterion in ("spoken-fillers", "short-silences", "not-rushed", "not-dragging"):
        assert result(typed, criterion).status == "not_applicable"
    assert result(typed, "no-fillers").status == "triggered"  # the text's fillers count as they always did
    assert all(typed.analysis.facts[name] is None for name in SPOKEN_DETECTORS if name != "spoken_answer")
    assert (
        typed.to_json()["criteria"] == scorer.score(TEXT, AnswerContext(timing=Timing(3.0, 20.0))).to_json()["criteria"]
    )


def test_a_spoken_answer_counts_fillers_by_the_minute_not_the_text_lexicon(scorer) -> None:  # noqa: ANN001
    few = scorer.score(TEXT, AnswerContext(delivery=spoken(fillers=1, speaking_s=60.0)))
    assert result(few, "no-fillers").status == "not_applicable"
    assert result(few, "spoken-fillers").status == "avoided"  # one a minute is ordinary speech
    many = scorer.score(TEXT, AnswerContext(delivery=spoken(fillers=2, speaking_s=20.0)))  # 6 a minute
    fillers = result(many, "spoken-fillers")
    assert fillers.status == "triggered" and fillers.points == -8  # (6 - 2) / 3 -> 2 hits of 4
    assert [e.text for e in fillers.evidence] == ["Um", "you know"]
    assert "“Um” and “you know”" in fillers.tip and "a few more" in fillers.tip
    worst = scorer.score(TEXT, AnswerContext(delivery=spoken(fillers=20, speaking_s=30.0)))
    assert result(worst, "spoken-fillers").points == -12  # at most three hits
    one_short = scorer.score(TEXT, AnswerContext(delivery=spoken(fillers=1, speaking_s=5.0)))
    assert result(one_short, "spoken-fillers").points == -4  # never more hits than fillers


def test_long_silences_cost_a_little_each(scorer) -> None:  # noqa: ANN001
    pauses = (Pause(2.0, 1.8, 10), Pause(5.0, 3.4, 30), Pause(9.0, 6.0, 40))
    score = scorer.score(TEXT, AnswerContext(delivery=spoken(pauses=pauses)))
    silences = result(score, "short-silences")
    assert silences.status == "triggered" and silences.points == -4
    assert [(e.start, e.end, e.text) for e in silences.evidence] == [
        (30, 30, "3.4 s silence"),
        (40, 40, "6.0 s silence"),
    ]


@pytest.mark.parametrize(
    ("wpm", "fast", "slow"),
    [(140.0, "avoided", "avoided"), (205.0, "triggered", "avoided"), (95.0, "avoided", "triggered")],
)
def test_pace_outside_the_comfortable_band(scorer, wpm: float, fast: str, slow: str) -> None:  # noqa: ANN001
    score = scorer.score(TEXT, AnswerContext(delivery=spoken(wpm=wpm)))
    assert (result(score, "not-rushed").status, result(score, "not-dragging").status) == (fast, slow)


def test_pace_needs_enough_speech_to_judge(scorer) -> None:  # noqa: ANN001
    score = scorer.score("Yes.", AnswerContext(delivery=spoken(wpm=250.0, speaking_s=2.0, words=1)))
    assert result(score, "not-rushed").status == "not_applicable"


def test_a_spoken_answer_starts_slowly_sooner_than_a_typed_one(scorer) -> None:  # noqa: ANN001
    spoken_late = scorer.score(TEXT, AnswerContext(timing=Timing(7.0, 20.0), delivery=spoken(onset=7.0)))
    typed_late = scorer.score(TEXT, AnswerContext(timing=Timing(7.0, 20.0)))
    assert result(spoken_late, "thinking-time").status == "triggered"
    assert result(typed_late, "thinking-time").status == "avoided"


# ---- the session --------------------------------------------------------------------------------------------


def test_submit_with_a_delivery_times_the_answer_from_the_recording(scorer) -> None:  # noqa: ANN001
    session = Session(fixture_scenario("first-call"), scorer, clock=lambda: 100.0)
    session.start()
    delivery = spoken(fillers=2, speaking_s=20.0, onset=0.8)
    record = session.submit(TEXT, delivery=delivery, audio="recordings/a/moment-1-try-1.ogg")
    assert record.delivery is delivery and record.audio == "recordings/a/moment-1-try-1.ogg"
    assert (record.latency_s, record.duration_s) == (0.8, 20.0)
    assert result(record.score, "spoken-fillers").status == "triggered"
    data = record.to_json()
    assert data["delivery"] == delivery.to_json() and data["audio"] == "recordings/a/moment-1-try-1.ogg"


def test_a_typed_record_has_no_delivery_in_its_json(scorer) -> None:  # noqa: ANN001
    session = Session(fixture_scenario("first-call"), scorer, clock=lambda: 5.0)
    session.start()
    record = session.submit("Could you share the range?")
    assert record.delivery is None and record.audio is None
    assert "delivery" not in record.to_json() and "audio" not in record.to_json()


def test_turn_records_keep_their_positional_order(scorer) -> None:  # noqa: ANN001
    score = scorer.score("Hi")
    record = TurnRecord(0, "t", "line", "Hi", score, None, None, "done", None, None, 1.0, 2.0, 3.0)
    assert (record.goodwill_step, record.delivery, record.audio) == (None, None, None)
