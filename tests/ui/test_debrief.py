"""The debrief: it opens at its title, shows how the recruiter's goodwill moved over the call, and folds the
answers set aside by "Try moment N again" under the latest answer of their moment. Real sessions, real widgets."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import shown_window
from PySide6.QtCore import QPoint, QSize, Qt

from app import paths
from app.core.session import Session, SessionEnded, Summary, TurnRecord, summarise
from app.practice import Practice
from app.ui.main_window import MainWindow
from app.ui.pages.debrief_page import DebriefPage
from tests.conftest import fixture_scenario

LOW = "Maybe like 50k? I'm not sure."
ASKS = "Thanks! What range have you budgeted?"
WORKS = "That works, thank you. Given my testing work, I'd expect the upper half."


@pytest.fixture(scope="module")
def scorer():
    return Practice().scorer()


def session_of(scorer, *steps: str | int) -> Session:
    """A real session of the first-call fixture: strings are answers, an int is "try moment N+1 again"."""
    session = Session(fixture_scenario("first-call"), scorer)
    session.start()
    for step in steps:
        if isinstance(step, int):
            session.retry_from(step)
        else:
            session.submit(step)
    return session


@pytest.fixture
def debrief(qtbot) -> DebriefPage:
    page = DebriefPage()
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    return page


def shown(qtbot, page: DebriefPage, session) -> None:
    with qtbot.waitSignal(page.ready):
        page.show_session(session)


def test_a_retried_moment_shows_its_latest_answer_with_the_earlier_try_folded_under_it(
    qtbot, debrief: DebriefPage, scorer
) -> None:
    session = session_of(scorer, LOW, 0, ASKS, WORKS)
    assert session.ended and [r.answer for r in session.records] == [ASKS, WORKS]
    [earlier] = session.set_aside
    shown(qtbot, debrief, session)
    cards = debrief.turn_cards()
    assert [card.index for card in cards] == [0, 1], "one card per moment"
    first, second = cards
    assert first.record is session.records[0] and ASKS in first.feedback.answer.toPlainText()
    assert second.earlier is None, "nothing was set aside at moment 2"
    tries = first.earlier
    assert tries is not None and tries.toggle.text() == "Earlier tries (1)"
    assert not tries.is_open() and not tries.answers()[0].isVisible(), "folded until asked"
    qtbot.mouseClick(tries.toggle, Qt.MouseButton.LeftButton)
    assert tries.is_open() and tries.answers()[0].isVisible()
    [item] = tries.tries
    assert earlier.answer in item.answer.text()
    for dim in earlier.score.dimensions.values():
        assert f"{dim.label} {dim.score:.0f}" in item.scores.text()
    assert f"Goodwill {earlier.goodwill_step.before} → {earlier.goodwill}" in item.scores.text()
    qtbot.mouseClick(tries.toggle, Qt.MouseButton.LeftButton)
    assert not tries.is_open()


def test_tries_of_moments_the_new_call_never_reached_still_show(qtbot, debrief: DebriefPage, scorer) -> None:
    session = session_of(scorer, LOW, "Okay, thank you.", 0, "I'd like 75k, given my testing work.")
    assert session.ended and len(session.records) == 1 and [r.index for r in session.set_aside] == [0, 1]
    shown(qtbot, debrief, session)
    cards = debrief.turn_cards()
    assert [card.index for card in cards] == [0, 1]
    assert cards[0].earlier is not None and len(cards[0].earlier.tries) == 1
    only_tries = cards[1]
    assert only_tries.record is None and not only_tries.feedback.isVisible()
    assert only_tries.earlier is not None and only_tries.earlier.toggle.text() == "Earlier tries (1)"
    assert "Okay, thank you." in only_tries.earlier.tries[0].answer.text()


def test_goodwill_over_the_call_is_charted_and_each_card_says_how_it_moved(qtbot, debrief: DebriefPage, scorer) -> None:
    session = session_of(scorer, ASKS, WORKS)
    trace = session.summary().goodwill
    assert len(trace) == 3 and trace[1:] == [r.goodwill for r in session.records]
    shown(qtbot, debrief, session)
    chart = debrief.goodwill_chart
    assert chart.isVisible() and debrief.goodwill_heading.isVisible()
    assert chart.values() == trace and chart.labels()[0] == "Start"
    assert str(trace[0]) in chart.accessibleDescription()
    image = chart.grab().toImage()
    ratio = image.devicePixelRatio()
    for index, value in enumerate(trace):
        point = chart.point(index)
        pixel = image.pixelColor(QPoint(round(point.x() * ratio), round(point.y() * ratio)))
        assert pixel.name() == chart.line_colour().name(), f"the point for {value} is drawn where it belongs"
    ys = [chart.point(i).y() for i in range(len(trace))]
    for i in range(len(trace) - 1):
        assert trace[i] == trace[i + 1] or (trace[i] < trace[i + 1]) == (ys[i] > ys[i + 1]), "higher is drawn higher"
    for card, record in zip(debrief.turn_cards(), session.records, strict=True):
        step = record.goodwill_step
        assert card.goodwill.isVisible()
        assert card.goodwill.text().startswith(f"Goodwill {step.before} → {step.after}")
    assert debrief.turn_cards()[0].goodwill.text().startswith(f"Goodwill {trace[0]} → {trace[1]}")


@dataclass
class OldRehearsal:
    """A rehearsal from before goodwill was kept (as the history reads one back)."""

    records: list[TurnRecord]
    ending: SessionEnded | None
    set_aside: list[TurnRecord]
    title: str = "Fixture: the first call"
    recruiter_name: str = "Robin Fixture"
    can_restart: bool = False

    def summary(self) -> Summary:
        return summarise("first-call", self.records, self.ending)


def test_without_goodwill_the_chart_and_card_lines_are_hidden(qtbot, debrief: DebriefPage, scorer) -> None:
    shown(qtbot, debrief, session_of(scorer, ASKS, WORKS))
    assert debrief.goodwill_chart.isVisible()
    session = session_of(scorer, ASKS, WORKS)
    old = OldRehearsal([dataclasses.replace(r, goodwill_step=None) for r in session.records], session.ending, [])
    assert old.summary().goodwill == []
    shown(qtbot, debrief, old)
    assert not debrief.goodwill_chart.isVisible() and not debrief.goodwill_heading.isVisible()
    assert [card.goodwill.isVisible() for card in debrief.turn_cards()] == [False, False]


# ---- through the window ---------------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, qapp, user_scenarios: Path):
    qapp.setStyleSheet((paths.resources() / "styles" / "app.qss").read_text(encoding="utf-8"))
    for win in shown_window(qtbot):
        win.resize(QSize(1024, 640))
        yield win
    qapp.setStyleSheet("")


def play(qtbot, win: MainWindow, answers: list[str], *, retry: int | None = None) -> None:
    page = win.rehearsal_page
    if retry is None:
        win.library_page.rehearse.emit(win.library_page.library.get("first-call"))
    else:
        win.debrief_page.retry.emit(retry)
    with qtbot.waitSignal(page.finished):
        for answer in answers:
            qtbot.waitUntil(lambda: not page.answer.isReadOnly() and page.answer.isVisible())
            qtbot.keyClicks(page.answer, answer)
            page.submit()
            qtbot.waitUntil(lambda: page.feedback_area.isVisible())
            page.submit()
    qtbot.waitUntil(lambda: win.pages.currentWidget() is win.debrief_page)


def test_the_debrief_opens_at_its_title_after_a_long_one_was_scrolled_down(qtbot, window: MainWindow) -> None:
    play(qtbot, window, [LOW, "Okay, thank you."])
    debrief = window.debrief_page
    qtbot.waitUntil(lambda: len(debrief.turn_cards()) == 2)
    bar = debrief.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    assert bar.value() > 0 and not title_in_view(debrief), "scrolled past the title"
    window.show_library()
    play(qtbot, window, [ASKS, WORKS])
    assert title_in_view(debrief), "a new debrief opens at its title"
    qtbot.waitUntil(lambda: len(debrief.turn_cards()) == 2)
    assert title_in_view(debrief) and bar.value() == 0, "and stays there while its cards fill in"


def title_in_view(debrief: DebriefPage) -> bool:
    viewport = debrief.scroll_area.viewport()
    top_left = debrief.title.mapTo(viewport, QPoint(0, 0))
    return debrief.title.isVisible() and viewport.rect().contains(top_left) and top_left.y() >= 0


def test_trying_a_moment_again_from_the_window_keeps_the_first_try_in_the_debrief(qtbot, window: MainWindow) -> None:
    play(qtbot, window, [LOW, "Okay, thank you."])
    play(qtbot, window, [ASKS, WORKS], retry=0)
    debrief = window.debrief_page
    qtbot.waitUntil(lambda: len(debrief.turn_cards()) == 2)
    first = debrief.turn_cards()[0]
    assert first.earlier is not None and first.earlier.toggle.text() == "Earlier tries (1)"
    assert LOW in first.earlier.tries[0].answer.text()
    assert debrief.turn_cards()[1].earlier is not None, "moment 2's first answer was set aside too"
