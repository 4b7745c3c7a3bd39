"""Properties of the scorer that must hold for any answer."""

from __future__ import annotations

import yaml
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from app.practice import Practice

SENTENCES = sorted(
    {
        s.strip() + "."
        for a in yaml.safe_load((DATA / "labelled_answers.yaml").read_text())["answers"]
        for s in a["text"].split(".")
        if len(s.split()) >= 2
    }
)
ANSWERS = st.one_of(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6).map(" ".join), st.text(max_size=300))
HEDGES_AND_APOLOGIES = [
    "Sorry to ask.",
    "I guess.",
    "Maybe.",
    "Sorry, I think so.",
    "I'm not sure.",
    "Um, sorry to bother you.",
]
ULTIMATUMS = ["Take it or leave it.", "Match it or I walk.", "That's my final answer."]


def score(text: str):
    return Practice().scorer().score(text)


@settings(max_examples=150, deadline=None)
@given(ANSWERS)
def test_scores_stay_between_0_and_100_and_repeat_exactly(text: str) -> None:
    first = score(text)
    assert all(0 <= d.score <= 100 for d in first.dimensions.values())
    assert score(text).to_json() == first.to_json()


@settings(max_examples=150, deadline=None)
@given(ANSWERS, st.sampled_from(HEDGES_AND_APOLOGIES), st.booleans())
def test_adding_an_apology_or_hedge_never_raises_confidence(text: str, extra: str, before: bool) -> None:
    changed = f"{extra} {text}" if before else f"{text} {extra}"
    assert score(changed).dimensions["confidence"].score <= score(text).dimensions["confidence"].score


@settings(max_examples=150, deadline=None)
@given(ANSWERS, st.sampled_from(ULTIMATUMS), st.booleans())
def test_adding_an_ultimatum_never_raises_respect(text: str, extra: str, before: bool) -> None:
    changed = f"{extra} {text}" if before else f"{text} {extra}"
    assert score(changed).dimensions["respect"].score <= score(text).dimensions["respect"].score
