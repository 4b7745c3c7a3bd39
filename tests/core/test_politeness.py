"""The politeness strategies (app.core.politeness): each fires on clear cases and not on close look-alikes, its
evidence points at the words, quoted words never count, and the tone is VADER's compound score."""

from __future__ import annotations

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from app.core.politeness import FEATURES, feature_values, signals, tone_value
from app.core.tokens import Answer

# feature -> (answers that show it, close answers that don't)
CASES: dict[str, tuple[list[str], list[str]]] = {
    "thanks": (
        ["Thank you for the offer.", "I really appreciate the flexibility.", "Thanks!"],
        ["No thanks, I'll pass.", "I don't appreciate being rushed.", "That's the number we think is fair."],
    ),
    "apology": (
        ["Sorry, I need a moment.", "I apologize for the delay.", "Excuse me, one more question."],
        ["I'm not sorry I asked.", "You should apologize.", "Excuse the delay."],
    ),
    "please": (
        ["Could you please send it over?", "Send it over, please."],
        ["Please send it over.", "I'm pleased with the offer."],
    ),
    "please_start": (
        ["Please send it over.", "Thanks. Please confirm the start date."],
        ["Could you please send it over?", "Send it over, please."],
    ),
    "greeting": (
        ["Hi, thanks for calling.", "Hello Dana. I have a question.", "Good morning, thanks for meeting."],
        ["I said hello to the team.", "Good work on the offer.", "This is a high number."],
    ),
    "deference": (
        ["Great point about the bonus.", "Nice, that helps.", "Interesting. Tell me more."],
        ["That's a great point.", "Good morning, everyone.", "It would be nice to have more."],
    ),
    "by_the_way": (
        ["By the way, is parking included?", "Is parking included, btw?"],
        ["I went by the office.", "That's the way it goes."],
    ),
    "direct_question": (
        ["What is the budget for this role?", "How flexible is the start date?", "So why is it lower?"],
        ["I wonder what you think.", "What a great offer!", "I'll ask how flexible it is."],
    ),
    "direct_start": (
        ["So is that final?", "But that's too low.", "And the bonus?"],
        ["It's lower, but fine.", "I asked so you would know.", "Salary and bonus matter."],
    ),
    "could_would_you": (
        ["Would you consider 90k?", "Could you do 90k?", "I was wondering if you could go higher."],
        ["You could do 90k.", "I would do it.", "Can you do 90k?"],
    ),
    "can_will_you": (
        ["Can you do 90k?", "Will you match it?"],
        ["You can do better.", "I will think about it.", "Could you do 90k?"],
    ),
    "first_person_start": (
        ["I want 90k.", "My research says 95k.", "Thanks. I'm excited."],
        ["Honestly, I want 90k.", "Me too.", "It's mine."],
    ),
    "first_person_plural": (
        ["We both want this to work.", "Let's find a number.", "Can you tell us more?"],
        ["Take the bus.", "Wednesday works.", "I want this to work."],
    ),
    "first_person": (
        ["The offer is low for me.", "Honestly, I want 90k.", "That's my number."],
        ["I want 90k.", "My research says 95k.", "The mine closed."],
    ),
    "second_person": (
        ["Thanks for your help.", "What do you think?", "Is that yours?"],
        ["You have been generous.", "Your offer is fair.", "The youth team."],
    ),
    "second_person_start": (
        ["You have been generous.", "Your offer is fair.", "Thanks. You're right."],
        ["Thanks for your help.", "Thank you.", "Young teams move fast."],
    ),
    "hedge_words": (
        ["I think 90k is fair.", "Maybe we could meet halfway.", "It's kind of low.", "May I ask about equity?"],
        ["What do you think?", "What kind of bonus is it?", "The start date in May works.", "90k is fair."],
    ),
    "factuality": (
        ["In fact, the market pays more.", "Actually, I'd prefer remote.", "Honestly, that's low."],
        ["I really appreciate it.", "The facts are clear.", "That's low."],
    ),
    "positive_words": (
        ["This is a wonderful opportunity.", "That's not bad at all.", "No problem."],
        ["That's not great.", "What kind of role is it?", "The role starts in June."],
    ),
    "negative_words": (
        ["That would be terrible.", "That's not great.", "No."],
        ["No problem at all.", "That's not bad at all.", "No thanks."],
    ),
}


def fired(text: str, feature: str) -> list[str]:
    return [e.text for e in signals(Answer(text))[feature]]


def test_features_are_the_papers_strategies_in_order() -> None:
    assert FEATURES[:3] == ("thanks", "apology", "please") and FEATURES[-1] == "tone" and len(FEATURES) == 21
    assert set(CASES) == set(FEATURES) - {"tone"}


@pytest.mark.parametrize(
    ("feature", "text"), [(f, t) for f, (pos, _) in CASES.items() for t in pos], ids=lambda v: str(v)[:40]
)
def test_feature_fires(feature: str, text: str) -> None:
    assert fired(text, feature), f"{feature} should fire on {text!r}"
    assert feature_values(Answer(text))[feature] == 1.0


@pytest.mark.parametrize(
    ("feature", "text"), [(f, t) for f, (_, neg) in CASES.items() for t in neg], ids=lambda v: str(v)[:40]
)
def test_feature_does_not_fire(feature: str, text: str) -> None:
    assert fired(text, feature) == [], f"{feature} should not fire on {text!r}"
    assert feature_values(Answer(text))[feature] == 0.0


def test_every_feature_is_reported_and_values_are_binary_but_tone() -> None:
    answer = Answer("Hi! Could you please tell me more? I think we're close, and honestly it's a great offer.")
    found = signals(answer)
    values = feature_values(answer)
    assert list(found) == list(FEATURES) == list(values)
    assert all(values[name] in (0.0, 1.0) for name in FEATURES if name != "tone")
    assert values["tone"] == tone_value(answer) > 0


def test_evidence_offsets_point_at_the_words() -> None:
    text = "Hi Dana, thanks! Could you maybe go to 90k? By the way, please don’t rush."
    answer = Answer(text)
    found = signals(answer)
    for evidence in (e for items in found.values() for e in items):
        assert text[evidence.start : evidence.end] == evidence.text
    assert [(e.start, e.text) for e in found["could_would_you"]] == [(17, "Could you")]
    assert [e.text for e in found["by_the_way"]] == ["By the way"]
    assert [e.text for e in found["please"]] == ["please"]  # after "By the way," it isn't sentence-initial
    assert [e.text for e in found["thanks"]] == ["thanks"]
    assert [e.text for e in found["greeting"]] == ["Hi"]
    assert [e.text for e in found["hedge_words"]] == ["maybe"]
    found = signals(Answer("Thank you. I was wondering if you could go higher."))
    assert [e.text for e in found["thanks"]] == ["Thank you"]
    assert [e.text for e in found["could_would_you"]] == ["if you could"]


def test_curly_apostrophes_still_negate() -> None:
    found = signals(Answer("I don’t appreciate being rushed."))
    assert found["thanks"] == [] and [e.text for e in found["negative_words"]] == ["appreciate"]


@pytest.mark.parametrize(
    "text",
    [
        'He said "that\'s a terrible offer" and left.',
        "They said “thanks but no thanks” to the last one.",
        'The answer "I\'m not sure, sorry" is what not to say.',
        'Their ad says "Please apply" and "could you start Monday".',
    ],
)
def test_quoted_words_never_count(text: str) -> None:
    found = signals(Answer(text))
    quoted = {"thanks", "apology", "please", "please_start", "could_would_you", "hedge_words", "negative_words"}
    assert {name for name in quoted if found[name]} == set()
    assert tone_value(Answer(text)) == 0.0


def test_a_negated_positive_word_counts_as_negative_and_the_reverse() -> None:
    found = signals(Answer("That's not fair, and it isn't a good offer."))
    assert [e.text for e in found["negative_words"]] == ["fair", "good"]
    assert found["positive_words"] == []
    found = signals(Answer("That's not a bad offer. No problem."))
    assert [e.text for e in found["positive_words"]] == ["bad", "problem"]
    assert found["negative_words"] == []


def test_negation_stops_at_the_clause() -> None:
    found = signals(Answer("Not yet, great team though."))
    assert [e.text for e in found["positive_words"]] == ["great"]


def test_strategy_words_are_not_also_positive_words() -> None:
    found = signals(Answer("Thanks, please send it."))
    assert found["thanks"] and found["please"] and found["positive_words"] == []


@pytest.mark.parametrize(
    "text",
    [
        "VADER is smart, handsome, and funny.",
        "VADER is VERY SMART, handsome, and FUNNY!!!",
        "VADER is not smart, handsome, nor funny.",
        "At least it isn't a horrible book.",
        "The book was only kind of good.",
        "The plot was good, but the characters are uncompelling and the dialog is not great.",
        "Make sure you :) or :D today!",
        "Not bad at all",
        "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    ],
)
def test_the_tone_of_one_sentence_is_vaders_compound(text: str) -> None:
    expected = SentimentIntensityAnalyzer().polarity_scores(text)["compound"]
    assert tone_value(Answer(text)) == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize(
    "text",
    [
        "Today only kinda sux! But I'll get by, lol",
        "I never so loved a job offer. Without doubt the best?? Yeah right.",
    ],
)
def test_a_longer_answer_is_scored_sentence_by_sentence_and_keeps_vaders_direction(text: str) -> None:
    whole = SentimentIntensityAnalyzer().polarity_scores(text)["compound"]
    tone = tone_value(Answer(text))
    assert (tone > 0) == (whole > 0) and abs(tone - whole) < 0.35


def test_no_words_means_a_neutral_tone() -> None:
    assert tone_value(Answer("")) == 0.0


def test_tone_evidence_is_the_words_that_carry_valence() -> None:
    answer = Answer("Thanks, that's a fair offer but the deadline is awful.")
    assert [e.text for e in signals(answer)["tone"]] == ["Thanks", "fair", "awful"]
    assert tone_value(Answer("The start date is June 5.")) == 0.0
