"""Words every view shares."""

from __future__ import annotations

import pytest

from app.practice import Practice
from app.reports.wording import outcome_words, plural, tips_to_show


def test_plurals_and_outcomes() -> None:
    assert (plural(1, "answer"), plural(3, "answer"), plural(2, "child", "children")) == (
        "1 answer",
        "3 answers",
        "2 children",
    )
    assert outcome_words("got_in_writing") == "got in writing" and outcome_words(None) == "unfinished"


def test_tips_name_what_cost_points_and_skip_extra_points_on_a_dimension_near_the_top() -> None:
    warm = Practice().scorer().score("Hi Sam, thanks so much! Could you share the range? I'm really excited to join.")
    assert warm.dimensions["respect"].score >= 85
    assert all(t.dimension != "respect" for t in tips_to_show(warm) if t.status == "missed")
    rude = Practice().scorer().score("85k or I walk.")
    tips = tips_to_show(rude)
    assert tips[0].status == "triggered" and any(t.dimension == "respect" for t in tips)


@pytest.mark.parametrize(("latency", "duration", "shown"), [(10, 6, "0:16"), (0, 75.4, "1:15"), (None, 9, "0:09")])
def test_timing_words_give_the_time_the_answer_clock_showed(latency: float | None, duration: float, shown: str) -> None:
    from app.core.scenario import AnswerTime
    from app.reports.wording import timing_words

    words = timing_words(latency, duration, AnswerTime(min=15, max=75))
    assert f"sent at {shown} on the clock (aim for 15–75 s)" in words
    assert ("started after" in words) == (latency is not None)
