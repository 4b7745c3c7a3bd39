"""A spoken answer's delivery in one sentence, the same in the terminal, the reports and the window."""

from __future__ import annotations

from pathlib import Path

from conftest import fixture_scenario

from app.core import delivery as core_delivery
from app.core.delivery import Delivery, Filler, Pause
from app.core.session import Session
from app.practice import Practice
from app.reports import wording
from app.reports.html import attempt_html
from app.reports.text import text_report
from app.reports.wording import delivery_words
from app.storage.recorder import HistoryRecorder
from app.storage.store import Store

SPOKEN = Delivery(
    0.84,
    25.0,
    142.4,
    (Filler("Um", 0.9, 0, 2), Filler("you know", 4.0, 20, 28), Filler("um", 9.0, 40, 42)),
    (Pause(3.0, 1.6, 30), Pause(12.0, 3.2, 50)),
)


def test_the_sentence_names_the_onset_pace_pauses_and_fillers_with_the_caveat() -> None:
    assert delivery_words(SPOKEN) == (
        "Spoken: started after 0.8 s, 142 words a minute, 1 long pause, 3 fillers (um, you know) — a lower bound, "
        "as recordings miss some"
    )


def test_no_fillers_still_says_the_count_is_a_lower_bound() -> None:
    plain = Delivery(1.5, 10.0, 120.0, edited=True, heard="what was heard")
    assert delivery_words(plain) == (
        "Spoken: started after 1.5 s, 120 words a minute, no fillers heard (a lower bound, as recordings miss some)"
        " · you corrected the transcript"
    )


def test_nothing_heard() -> None:
    assert delivery_words(Delivery(None, 0.0, None)) == "Spoken: nothing was heard"


def test_wording_agrees_with_the_core_on_what_a_long_pause_is() -> None:
    assert wording.LONG_PAUSE_S == core_delivery.LONG_PAUSE_S


def test_the_terminal_report_shows_it_under_the_answer() -> None:
    text = "Um, thanks. Could you share the range?"
    score = Practice().scorer().score(text)
    report = text_report(text, score, delivery=SPOKEN)
    assert "  " + delivery_words(SPOKEN) in report.splitlines()
    assert "Spoken:" not in text_report(text, score)


def test_the_html_report_shows_it_and_what_was_heard_before_corrections(tmp_path: Path) -> None:
    store = Store(tmp_path / "history.db")
    session = Session(fixture_scenario("first-call"), Practice().scorer())
    recorder = HistoryRecorder(store, session)
    session.start()
    edited = Delivery(0.84, 25.0, 142.4, edited=True, heard="I'd rather <hear> more")
    session.submit("I'd rather hear more about the role first.", delivery=edited)
    attempt = store.attempt(recorder.attempt_id)
    page = attempt_html(attempt, store.answers(attempt.id, include_superseded=True))
    assert "Spoken: started after 0.8 s, 142 words a minute" in page
    assert "Heard before your corrections: “I&#x27;d rather &lt;hear&gt; more”" in page
