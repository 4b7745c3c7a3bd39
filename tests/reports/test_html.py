"""Printable HTML reports built from the stored history: escaped text, highlighted evidence, date ranges."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import fixture_scenario

from app.core.session import Session
from app.practice import Practice, Scope
from app.storage.recorder import HistoryRecorder
from app.storage.store import Store

GOOD = "Thanks for asking! Before I name a number, what range have you budgeted for this role?"
HEDGED = "Um, sorry, I think maybe like 50k? I'm not sure."
SCRIPT = '<script>alert("owned")</script> & <b>bold</b>'


class Stamps:
    """The store's clock: one second per write, from a day the test picks."""

    def __init__(self) -> None:
        self.at = datetime(2025, 3, 1, 9, 0)

    def day(self, day: int) -> None:
        self.at = datetime(2025, 3, day, 9, 0)

    def __call__(self) -> str:
        self.at += timedelta(seconds=1)
        return self.at.isoformat(timespec="seconds") + "+00:00"


class Spans(HTMLParser):
    """The text of every highlighted span, by kind ("earned" or "cost")."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, list[str]] = {"earned": [], "cost": []}
        self._open: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "span":
            self._open.append(dict(attrs).get("class"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1] in self.found:
            self.found[self._open[-1]].append(data)


@pytest.fixture
def stamps() -> Stamps:
    return Stamps()


@pytest.fixture
def store(tmp_path: Path, stamps: Stamps) -> Store:
    history = Store(tmp_path / "history.db", now=stamps)
    yield history
    history.close()


def rehearse(store: Store, answers: list[str], retried: str | None = None) -> str:
    """A real rehearsal of the first-call fixture recorded as it happens; `retried` is answered first, then taken
    back."""
    session = Session(fixture_scenario("first-call"), Practice().scorer())
    recorder = HistoryRecorder(store, session)
    session.start()
    if retried is not None:
        session.submit(retried)
        session.retry_from(0)
    for answer in answers:
        if not session.ended:
            session.submit(answer)
    return recorder.attempt_id


def html_report(store: Store, attempt_id: str | None, since: str | None = None, until: str | None = None) -> str:
    return Practice().report_html(store, Scope(attempt_id, since, until))


def spans(report: str) -> dict[str, list[str]]:
    parser = Spans()
    parser.feed(report)
    return parser.found


def test_typed_markup_is_escaped_and_the_page_is_self_contained(store: Store) -> None:
    report = html_report(store, rehearse(store, [f"Thanks! {SCRIPT}", "Okay."]))
    assert "<script" not in report and "<b>bold</b>" not in report
    words_only = re.sub(r"</?span[^>]*>", "", report)  # highlights may cut the answer into pieces
    assert "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in words_only
    assert "<style>" in report and not any(tag in report for tag in ("<link", "src=", "url(", "@import"))


def test_evidence_is_highlighted_green_for_points_earned_and_red_for_points_lost(store: Store) -> None:
    attempt_id = rehearse(store, [HEDGED, GOOD])
    found = spans(html_report(store, attempt_id))
    criteria = [c for answer in store.answers(attempt_id) for c in answer.criteria]
    earned = {e["text"] for c in criteria if c["status"] == "met" for e in c["evidence"]}
    costly = {e["text"] for c in criteria if c["status"] == "triggered" for e in c["evidence"]}
    assert (found["earned"][0], found["cost"][0]) == ("highlighted green", "underlined red")  # the legend
    assert found["cost"][1:] and set(found["cost"][1:]) <= costly
    assert found["earned"][1:] and set(found["earned"][1:]) <= earned
    assert {"Um", "sorry", "I think"} <= set(found["cost"])


def test_each_answer_shows_its_line_scores_timing_tips_and_coaching(store: Store) -> None:
    attempt_id = rehearse(store, [HEDGED])
    answer = store.answers(attempt_id)[0]
    report = html_report(store, attempt_id)
    assert "Fixture: the first call" in report and "Moment 1" in report
    assert answer.line == "Hello there! What salary are you hoping for at Quillfeather Labs?" and answer.line in report
    assert f"<b>Overall</b> {answer.overall:.0f}" in report
    assert "Started after 0 s, answered in 0 s" in report and "What to try next" in report
    assert "Coach: " in report and "Outcome: " in report


def test_retried_answers_are_left_out(store: Store) -> None:
    attempt_id = rehearse(store, [GOOD, "That works, thank you."], retried="Zebra crossing answer.")
    report = html_report(store, attempt_id)
    assert "Zebra crossing" not in report
    assert "budgeted for this role" in report and "Moment 2" in report and "Moment 3" not in report
    assert len(store.answers(attempt_id, include_superseded=True)) == 3


def test_a_range_holds_the_attempts_started_in_it_oldest_first(store: Store, stamps: Stamps) -> None:
    for day, word in ((1, "Aardvark"), (2, "Badger"), (3, "Capybara"), (4, "Dingo")):
        stamps.day(day)
        rehearse(store, [f"{word}, thanks for asking!"])
    middle = html_report(store, None, "2025-03-02T00:00:00+00:00", "2025-03-04T00:00:00+00:00")
    assert "Badger" in middle and "Capybara" in middle and "Aardvark" not in middle and "Dingo" not in middle
    assert middle.index("Badger") < middle.index("Capybara") and "2 rehearsals" in middle
    everything = html_report(store, None, None, None)
    assert all(word in everything for word in ("Aardvark", "Badger", "Capybara", "Dingo"))
    assert "No rehearsals in this period" in html_report(store, None, "2030-01-01T00:00:00+00:00", None)


def test_an_unknown_attempt_is_reported_not_rendered(store: Store) -> None:
    with pytest.raises(LookupError, match="there is no rehearsal no-such-attempt in this history"):
        html_report(store, "no-such-attempt")
