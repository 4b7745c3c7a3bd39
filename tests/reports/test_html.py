"""Printable HTML reports built from the stored history: escaped text, highlighted evidence, date ranges, every
try of a moment, dates in the reader's locale and the progress charts."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import fixture_scenario
from PySide6.QtCore import QLocale

from app.core.session import Session
from app.practice import Practice, Scope
from app.reports.html import attempt_html, esc
from app.reports.wording import timing_words
from app.storage.recorder import HistoryRecorder
from app.storage.store import LATENCY, Store

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
    timing = timing_words(answer.latency_s, answer.duration_s)
    assert timing and timing.capitalize() in report and "What to try next" in report
    assert "Coach: " in report and "Outcome: " in report


def test_every_try_is_shown_the_latest_first_then_the_earlier_ones_numbered_by_when_they_were_given(
    store: Store,
) -> None:
    """Moment 1 tried three times (each earlier run reaching moment 2 too): the latest answer of each moment, then
    its earlier tries, each numbered in the order it was given, with its answer and scores."""
    session = Session(fixture_scenario("first-call"), Practice().scorer())
    recorder = HistoryRecorder(store, session)
    session.start()
    for first, second in (("Maybe like 50k? I'm not sure.", "Okay fine."), ("Zebra crossing answer.", "Yak herding.")):
        session.submit(first)
        session.submit(second)
        session.retry_from(0)
    session.submit(GOOD)
    session.submit("That works, thank you.")
    attempt_id = recorder.attempt_id
    every = store.answers(attempt_id, include_superseded=True)
    assert len(every) == 6 and sum(a.superseded for a in every) == 4
    report = attempt_html(store.attempt(attempt_id), every)
    words = re.sub(r"</?span[^>]*>", "", report)
    assert "2 answers, 4 earlier tries" in words
    order = [
        "Moment 1 · Try 3, your latest",
        "budgeted for this role",
        "Earlier try 1 · Moment 1",
        "Maybe like 50k?",
        "Earlier try 2 · Moment 1",
        "Zebra crossing answer.",
        "Moment 2 · Try 3, your latest",
        "That works, thank you.",
        "Earlier try 1 · Moment 2",
        "Okay fine.",
        "Earlier try 2 · Moment 2",
        "Yak herding.",
    ]
    places = [words.index(text) for text in order]
    assert places == sorted(places)
    tries = re.findall(r'<div class="try">(.*?)</div>', words)
    earlier = [a for a in every if a.superseded]
    assert len(tries) == len(earlier) == 4
    latest_line = {a.position: a.line for a in every if not a.superseded}
    for block, answer in zip(tries, sorted(earlier, key=lambda a: (a.position, a.created_at)), strict=True):
        assert esc(answer.answer) in block and f"<b>Overall</b> {answer.overall:.0f}" in block
        # the recruiter's line is repeated only where the earlier run heard another one (here at moment 2)
        assert (esc(answer.line) in block) == (answer.line != latest_line[answer.position]) == (answer.position == 1)


def test_a_moment_the_latest_run_did_not_reach_again_still_shows_its_tries(store: Store) -> None:
    session = Session(fixture_scenario("first-call"), Practice().scorer())
    recorder = HistoryRecorder(store, session)
    session.start()
    session.submit("Zebra crossing answer.")
    session.submit("Yak herding.")
    session.retry_from(0)
    session.submit("I would like 75k for this role.")  # names a number in the range: the call ends here
    assert session.ended
    report = attempt_html(
        store.attempt(recorder.attempt_id), store.answers(recorder.attempt_id, include_superseded=True)
    )
    words = re.sub(r"</?span[^>]*>", "", report)
    assert "Moment 1 · Try 2, your latest" in words and "Earlier try 1 · Moment 1" in words
    assert "your conversation didn't get this far again" in words
    assert words.index("Moment 2") < words.index("Earlier try 1 · Moment 2") < words.index("Yak herding.")
    assert "1 answer, 2 earlier tries" in words


def test_the_applications_report_carries_every_try(store: Store) -> None:
    attempt_id = rehearse(store, [GOOD, "That works, thank you."], retried="Zebra crossing answer.")
    report = html_report(store, attempt_id)  # what the application passes in: every try
    assert "Zebra crossing" in report and "Earlier try 1" in report
    assert report.index("budgeted for this role") < report.index("Zebra crossing")


@pytest.fixture
def locale() -> QLocale:
    """Set QLocale's default for the test (as the system's locale would), and put it back after."""
    before = QLocale()
    yield before
    QLocale.setDefault(before)


def test_dates_are_written_as_the_readers_locale_writes_them(store: Store, stamps: Stamps, locale: QLocale) -> None:
    stamps.day(3)
    attempt_id = rehearse(store, [GOOD])
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    german = html_report(store, attempt_id)
    assert "3. März 2025" in german and "March" not in german
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    american = html_report(store, attempt_id)
    assert "March 3, 2025" in american and "3 March" not in american
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    british = html_report(store, None)
    assert "1 rehearsal on Monday, 3 March 2025" in british and "March 3" not in british


TITLE = re.compile(r"<title>([^<]+), rehearsal (\d+): (\d+)( s)?</title>")


def test_the_progress_charts_show_the_figures_of_the_history_page(store: Store, stamps: Stamps) -> None:
    for day, answers in enumerate(([HEDGED, "Okay."], [GOOD, "That works, thank you."], ["85k or I walk."]), 1):
        stamps.day(day)
        rehearse(store, answers)
    report = html_report(store, None)
    assert report.count("<svg") == 2 and "How your scores changed" in report
    drawn = {(label, int(number)): int(value) for label, number, value, _ in TITLE.findall(report)}
    labels = {key: dim["label"] for a in store.answers(store.attempts()[0].id) for key, dim in a.dimensions.items()}
    expected = {
        (label, number): round(value)
        for key, label in labels.items()
        for number, (_, value) in enumerate(store.progress(key), 1)
    }
    expected |= {
        ("Seconds before you started answering", number): round(value)
        for number, (_, value) in enumerate(store.progress(LATENCY), 1)
    }
    assert len(expected) == 3 * (len(labels) + 1) and drawn == expected
    assert len({v for (label, _), v in drawn.items() if label in labels.values()}) > 2  # the lines do move


def test_one_rehearsals_report_charts_the_progress_it_is_given_and_marks_itself(store: Store, stamps: Stamps) -> None:
    ids = []
    for day in (1, 2, 3):
        stamps.day(day)
        ids.append(rehearse(store, [GOOD]))
    attempt = store.attempt(ids[1])
    progress = {key: store.progress(key) for key in (*attempt.scores, LATENCY)}
    report = attempt_html(attempt, store.answers(attempt.id), progress)
    assert "This rehearsal" in report and len(TITLE.findall(report)) == 3 * len(progress)
    mark = re.search(r'<line x1="([\d.]+)"[^>]*stroke-dasharray="3 3"', report)
    middle = re.findall(r'<circle cx="([\d.]+)"', report)[1]
    assert mark is not None and mark.group(1) == middle  # the mark stands on the second of three rehearsals
    assert "<svg" not in attempt_html(attempt, store.answers(attempt.id))  # no figures given, no charts
    first = store.attempt(ids[0])
    alone = attempt_html(first, store.answers(first.id), {key: store.progress(key)[:1] for key in progress})
    assert "<svg" not in alone and "once there are two or more rehearsals to compare" in alone


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
