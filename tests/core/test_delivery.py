"""Measuring a spoken answer from its transcript: onset, speaking time, pace, fillers (with "like", "you know" and
"I mean" only as fillers), pauses, and following the student's edits."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from app.core.delivery import Delivery, Filler, Pause, Transcript, Word, find_fillers, measure


def transcript(
    text: str,
    *,
    start: float = 1.0,
    step: float = 0.4,
    gaps: dict[int, float] | None = None,
    fillers: tuple[int, ...] = (),
    speech: tuple[tuple[float, float], ...] | None = None,
) -> Transcript:
    """Words of `text` (split on spaces) spoken one every `step` seconds from `start`; `gaps` adds a silence before
    word i; the words at `fillers` are marked as recovered fillers. Speech defaults to one segment per run of words
    between gaps."""
    words, at, position = [], start, 0
    for i, body in enumerate(text.split(" ")):
        at += (gaps or {}).get(i, 0.0)
        char_start = text.index(body, position)
        words.append(Word(body, at, at + step * 0.8, char_start, char_start + len(body), 0.9, i in fillers))
        position = char_start + len(body)
        at += step
    if speech is None:
        runs, first = [], words[0].start
        for before, after in zip(words, words[1:], strict=False):
            if after.start - before.end > 1.0:
                runs.append((first, before.end))
                first = after.start
        runs.append((first, words[-1].end))
        speech = tuple(runs)
    return Transcript(text, tuple(words), speech, duration_s=at + 1.0)


def said(text: str) -> list[str]:
    return [f.text for f in find_fillers(text)]


# ---- fillers: real-looking sentences ------------------------------------------------------------------------

NOT_FILLERS = [
    "I like the team a lot.",
    "We would like to start in March.",
    "I'd like to talk about the base salary.",
    "It looks like the offer is below market.",
    "That sounds like a fair start.",
    "Something like this would work for me.",
    "A role like this one usually pays more.",
    "Like I said, the equity matters to me.",
    "Like we discussed on Monday, I can start in June.",
    "Other companies, like Acme, pay more for this role.",
    "It feels like a family here.",
    "I really like what you're building.",
    "I don't like to rush a decision like that.",
    "Do you know when the review happens?",
    "You know the team is growing fast.",
    "As you know, I led the migration last year.",
    "If you know the range, could you share it?",
    "Do you know what I mean?",
    "What I mean is that the equity matters.",
    "I mean it when I say I want this job.",
    "I mean to ask about the bonus too.",
    "Thank you for the offer.",
    "Umbrella insurance and erosion of benefits are on my list.",  # um/er inside words
]

FILLERS = [
    ("Um, so, uh, I was thinking about the offer.", ["Um", "uh"]),
    ("Er, erm, ah, hmm. Let me see.", ["Er", "erm", "ah", "hmm"]),
    ("I was hoping for, like, 95,000.", ["like"]),
    ("I was hoping for like 95k.", ["like"]),
    ("It's like a hundred thousand at most places.", ["like"]),
    ("Like, I think the base is low.", ["Like"]),
    ("We'd really like to close the gap, like maybe at 90.", ["like"]),
    ("I'd like, like, a signing bonus.", ["like"]),
    ("It was um like really close.", ["um", "like"]),
    ("You know, I've shipped three products.", ["You know"]),
    ("I was, you know, hoping for more.", ["you know"]),
    ("The market has moved, you know.", ["you know"]),
    ("I mean, it's a fair offer.", ["I mean"]),
    ("And I mean I've done this for years.", ["I mean"]),
    ("Basically the bonus is actually the key part.", ["Basically", "actually"]),
    ("Umm, uhh, mm.", ["Umm", "uhh", "mm"]),
]


@pytest.mark.parametrize("text", NOT_FILLERS)
def test_meant_words_are_not_fillers(text: str) -> None:
    assert said(text) == []


@pytest.mark.parametrize(("text", "expected"), FILLERS)
def test_fillers_are_found_with_their_spans(text: str, expected: list[str]) -> None:
    found = find_fillers(text)
    assert [f.text for f in found] == expected
    assert all(text[f.char_start : f.char_end] == f.text for f in found)


def test_curly_apostrophes_and_case_do_not_change_the_rules() -> None:
    assert said("I’d like the offer in writing.") == []
    assert said("YOU KNOW, I’M READY.") == ["YOU KNOW"]


def test_a_recovered_filler_counts_even_when_its_text_is_unusual() -> None:
    heard = transcript("Hmmmm I accept", fillers=(0,))
    assert [(f.text, f.char_start, f.char_end) for f in find_fillers(heard.text, heard.words)] == [("Hmmmm", 0, 5)]


def test_a_filler_word_with_punctuation_attached_is_one_filler_over_its_letters() -> None:
    heard = transcript("Um, I accept.", fillers=(0,))
    assert [(f.text, f.start) for f in find_fillers(heard.text, heard.words)] == [("Um", 1.0)]


# ---- figures ------------------------------------------------------------------------------------------------


def test_onset_speaking_time_and_pace() -> None:
    heard = transcript("I was hoping for ninety five thousand dollars for this role", start=0.8, step=0.4)
    delivery = measure(heard)
    assert delivery.onset_s == pytest.approx(0.8)
    assert delivery.speaking_s == pytest.approx(11 * 0.4 - 0.08)  # first word's start to the last word's end
    assert delivery.words == 11
    assert delivery.words_per_minute == pytest.approx(11 * 60 / delivery.speaking_s)
    assert delivery.fillers == () and delivery.pauses == () and not delivery.edited and delivery.heard == ""


def test_onset_comes_from_the_first_voiced_sound_and_the_end_of_the_line() -> None:
    heard = transcript("Thanks for the offer", start=2.0, speech=((1.6, 3.6),))
    assert measure(heard).onset_s == pytest.approx(1.6)
    assert measure(heard, line_end_s=1.0).onset_s == pytest.approx(0.6)
    assert measure(heard, line_end_s=5.0).onset_s == 0.0  # started while the recruiter was still talking


def test_fillers_are_left_out_of_the_pace_and_counted_per_minute() -> None:
    heard = transcript("Um I was uh hoping for more you know", fillers=(0, 3))
    delivery = measure(heard)
    assert [f.text for f in delivery.fillers] == ["Um", "uh", "you know"]
    assert delivery.words == 5  # I was hoping for more
    assert delivery.fillers_per_minute == pytest.approx(3 * 60 / delivery.speaking_s)


def test_silences_between_words_are_pauses_at_the_next_word() -> None:
    heard = transcript("I think we can close the gap at ninety", gaps={3: 2.0, 6: 4.0})
    delivery = measure(heard)
    assert [(round(p.length, 2), heard.text[p.char_at :].split()[0]) for p in delivery.pauses] == [
        (2.08, "can"),
        (4.08, "gap"),
    ]
    assert [p.char_at for p in delivery.long_pauses(3.0)] == [heard.text.index("gap")]


def test_a_gap_with_voice_in_it_is_not_silence() -> None:
    heard = transcript("Could we talk about equity", gaps={2: 2.0}, speech=((1.0, 6.0),))
    assert measure(heard).pauses == ()


def test_nothing_said() -> None:
    delivery = measure(Transcript("", (), (), 4.0))
    assert (delivery.onset_s, delivery.speaking_s, delivery.words_per_minute, delivery.fillers) == (None, 0.0, None, ())
    assert delivery.fillers_per_minute is None


def test_voice_without_words_still_has_an_onset() -> None:
    delivery = measure(Transcript("", (), ((1.2, 1.5),), 3.0))
    assert delivery.onset_s == pytest.approx(1.2) and delivery.words_per_minute is None


# ---- the student's edits ------------------------------------------------------------------------------------


def test_edited_text_moves_kept_fillers_and_drops_removed_ones() -> None:
    heard = transcript("Um I was hoping for like 95k you know", fillers=(0,))
    edited = "I was hoping for like $95k, you know."
    delivery = measure(heard, edited_text=edited)
    assert delivery.edited and delivery.heard == heard.text
    assert [(f.text, edited[f.char_start : f.char_end]) for f in delivery.fillers] == [
        ("like", "like"),
        ("you know", "you know"),
    ]


def test_a_filler_corrected_into_a_word_is_dropped() -> None:
    heard = transcript("I was like ninety", fillers=())
    delivery = measure(heard, edited_text="I was asking ninety")
    assert delivery.fillers == ()


def test_pauses_follow_the_edit() -> None:
    heard = transcript("so we could um close the gap", gaps={5: 3.5}, fillers=(3,))
    edited = "So we could close the gap."
    delivery = measure(heard, edited_text=edited)
    assert [edited[p.char_at :] for p in delivery.pauses] == ["the gap."]


def test_unchanged_text_is_not_an_edit() -> None:
    heard = transcript("Thanks so much")
    assert not measure(heard, edited_text=heard.text).edited


# ---- storage form -------------------------------------------------------------------------------------------


def test_json_round_trip() -> None:
    delivery = Delivery(
        0.84,
        12.5,
        141.6,
        (Filler("um", 1.2, 0, 2), Filler("you know", 5.0, 20, 28)),
        (Pause(3.1, 2.2, 14),),
        True,
        "um what I heard you know",
        {"level": 0.5},
        29,
    )
    assert Delivery.from_json(delivery.to_json()) == delivery


def test_from_json_tolerates_missing_keys() -> None:
    assert Delivery.from_json({"onset_s": None, "speaking_s": 0}) == Delivery(None, 0.0, None)


def test_the_module_is_pure_python() -> None:
    code = "import sys, app.core.delivery, app.core.scoring; print('numpy' in sys.modules, 'PySide6' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]
