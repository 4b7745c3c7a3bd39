"""The history page: past rehearsals in a sortable, filterable table, progress charts, bests and exports."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import fixture_scenario, shown_window
from PySide6.QtCore import QDate, QDateTime, QLocale, Qt

from app.core.session import Session
from app.practice import Practice, Scope
from app.storage.recorder import HistoryRecorder
from app.storage.store import Store
from app.ui import theme
from app.ui.dialogs.export_dialog import ExportDialog, day_bounds
from app.ui.history_model import AttemptIdRole, AttemptTableModel, SortRole, local_time
from app.ui.main_window import MainWindow
from app.ui.pages.history_page import HistoryPage, with_suffix

DIMENSIONS = {"confidence": "Confidence", "respect": "Respect", "value": "Value"}
SCENARIOS = {
    "first-call": fixture_scenario("first-call"),
    "offer-call": fixture_scenario("offer-call"),
    # a third scenario, for a rehearsal started and left without an answer
    "left-early": fixture_scenario("offer-call").model_copy(update={"id": "left-early", "title": "Fixture: left"}),
    "long-title": fixture_scenario("offer-call").model_copy(
        update={"id": "long-title", "title": "Fixture: the offer call where the recruiter wants an answer today"}
    ),
}
ANSWERS = [
    "Thanks for asking! Before I name a number, what range have you budgeted for this role?",
    "Um, sorry, maybe like 50k? I'm not sure.",
    "I'm excited about the team. Given my React projects, I'm looking for 85k.",
    "Okay, thank you.",
    "Yes! I accept!",
    "Thank you so much! Could you send the offer in writing? I'll get back to you by Friday.",
]
PLAYS = 24  # finished rehearsals, alternating two scenarios; plus one started and left without an answer
SCRIPT = "<script>alert('x')</script>"


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def play(store: Store, scenario_id: str, answers: list[str], seconds: float) -> str:
    clock = FakeClock()
    session = Session(SCENARIOS[scenario_id], Practice().scorer(), clock=clock)
    recorder = HistoryRecorder(store, session)
    session.start()
    for answer in answers:
        if not session.ended:
            clock.now += seconds
            session.submit(answer)
    return recorder.attempt_id


@pytest.fixture
def store(tmp_path: Path) -> Store:
    moments = iter(datetime(2025, 3, 1, 9) + timedelta(hours=i) for i in range(10_000))
    history = Store(tmp_path / "history.db", now=lambda: next(moments).isoformat(timespec="seconds") + "+00:00")
    for i in range(PLAYS):
        scenario = ("first-call", "offer-call")[i % 2]
        answers = [(SCRIPT if i == 3 else "") + ANSWERS[i % len(ANSWERS)], ANSWERS[(i * 5 + 1) % len(ANSWERS)]]
        play(history, scenario, answers, seconds=30 + 13 * i)
    history.start_attempt(SCENARIOS["left-early"])  # unfinished, no answers (as an import can bring in)
    yield history
    history.close()


@pytest.fixture
def german(qapp):
    """The reader's locale is German for this test (dates like 01.03.25), then back to what it was."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield QLocale()
    QLocale.setDefault(before)


@pytest.fixture
def page(qtbot, store: Store) -> HistoryPage:
    widget = HistoryPage(Practice(), DIMENSIONS)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.set_store(store)
    return widget


def column(page: HistoryPage, number: int, role: int = Qt.ItemDataRole.DisplayRole) -> list:
    return [page.proxy.index(row, number).data(role) for row in range(page.proxy.rowCount())]


def test_model_and_filter_pass_the_model_tester(qtmodeltester, qtbot, store: Store) -> None:
    model = AttemptTableModel(DIMENSIONS)
    model.set_attempts(store.attempts())
    qtmodeltester.check(model)
    assert model.rowCount() == PLAYS + 1
    page = HistoryPage(Practice(), DIMENSIONS)
    qtbot.addWidget(page)
    page.model.set_attempts(store.attempts())
    page.proxy.set_search("first call")
    qtmodeltester.check(page.proxy)
    assert page.proxy.rowCount() == PLAYS // 2


def test_every_attempt_is_listed_newest_first_with_readable_cells(page: HistoryPage, store: Store) -> None:
    attempts = store.attempts()
    assert page.proxy.rowCount() == PLAYS + 1
    assert column(page, 0, AttemptIdRole) == [a.id for a in attempts]
    first = [page.proxy.index(0, c).data() for c in range(8)]
    assert first[1:4] == ["Fixture: left", "unfinished", "—"] and first[6:] == ["0", "—"]
    assert "_" not in "".join(column(page, 2))
    tips = [page.proxy.index(0, c).data(Qt.ItemDataRole.ToolTipRole) for c in range(3)]
    assert tips == [local_time(attempts[0].started_at, long=True), "Fixture: left", "unfinished"]
    assert all(text.count(":") == 1 for text in column(page, 7)[1:])
    assert "Personal bests" in page.bests.text() and "Confidence" in page.bests.text()


def test_score_and_time_columns_sort_numerically_keeping_the_selection(page: HistoryPage) -> None:
    page.table.selectRow(5)
    chosen = page.selected_id()
    for number in (3, 7):  # Confidence; Total time ("9:30" sorts before "10:05")
        page.table.sortByColumn(number, Qt.SortOrder.AscendingOrder)
        keys = column(page, number, SortRole)
        assert keys == sorted(keys) and all(isinstance(k, float) for k in keys)
        assert column(page, number)[0] == "—"  # the attempt without answers comes first
    seconds = [int(m) * 60 + int(s) for m, s in (text.split(":") for text in column(page, 7)[1:])]
    assert seconds == sorted(seconds) and seconds[0] < 600 <= seconds[-1]  # "10:05" after "9:30"
    assert page.selected_id() == chosen
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert column(page, 0, AttemptIdRole) == [a.id for a in page.store.attempts()]  # newest first again


def test_search_and_scenario_filters(page: HistoryPage, qtbot, store: Store) -> None:
    qtbot.keyClicks(page.search, "offer call")
    assert set(column(page, 1)) == {"Fixture: the offer call"} and page.proxy.rowCount() == PLAYS // 2
    page.search.clear()
    qtbot.keyClicks(page.search, "unfinished")
    assert set(column(page, 2)) == {"unfinished"}
    assert sorted(column(page, 0, AttemptIdRole)) == sorted(a.id for a in store.attempts() if a.outcome is None)
    page.search.clear()
    page.scenario.setCurrentIndex(page.scenario.findData("first-call"))
    assert set(column(page, 1)) == {"Fixture: the first call"}
    assert page.proxy.rowCount() == PLAYS // 2


def test_charts_have_a_line_per_dimension_and_follow_the_chosen_scenario(page: HistoryPage, qtbot) -> None:
    assert [s.name() for s in page.charts.series.values()] == ["Confidence", "Respect", "Value"]
    assert {s.count() for s in page.charts.series.values()} == {PLAYS}  # attempts with answers
    assert page.charts.latency.count() == PLAYS
    assert all(0 <= p.y() <= 100 for s in page.charts.series.values() for p in s.points())
    with qtbot.waitSignal(page.loaded):
        page.chart_scenario.setCurrentIndex(page.chart_scenario.findData("offer-call"))
    assert {s.count() for s in page.charts.series.values()} == {PLAYS // 2}


def test_double_click_or_enter_opens_the_attempt(page: HistoryPage, qtbot) -> None:
    page.show()
    qtbot.waitExposed(page)
    index = page.proxy.index(2, 1)
    where = page.table.visualRect(index).center()
    with qtbot.waitSignal(page.open_attempt) as opened:  # a real double-click: a click, then the second press
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened.args == [index.data(AttemptIdRole)]
    page.table.setCurrentIndex(page.proxy.index(4, 0))
    with qtbot.waitSignal(page.open_attempt) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [page.proxy.index(4, 0).data(AttemptIdRole)]
    assert page.open_button.isEnabled() and page.selected_id() == opened.args[0]


def test_an_attempt_exports_as_pdf(page: HistoryPage, qtbot, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    with qtbot.waitSignal(page.exported, timeout=20_000):
        page.export_report(target, Scope(attempt_id=page.proxy.index(1, 0).data(AttemptIdRole)))
    assert target.read_bytes().startswith(b"%PDF")


def test_all_attempts_export_as_escaped_html(page: HistoryPage, qtbot, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    with qtbot.waitSignal(page.exported, timeout=20_000):
        page.export_report(target, Scope())
    text = target.read_text(encoding="utf-8")
    words_only = re.sub(r"</?span[^>]*>", "", text)  # highlights may cut an answer into pieces
    assert "<script" not in text and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in words_only
    assert text.count('<div class="attempt">') == PLAYS + 1


def test_answers_export_as_csv_or_json_for_a_date_range(page: HistoryPage, qtbot, tmp_path: Path, store: Store) -> None:
    since, until = day_bounds(date(2025, 3, 1), date(2025, 3, 1))
    wanted = store.attempts(since=since, until=until)
    assert 0 < len(wanted) < PLAYS
    with qtbot.waitSignal(page.exported, timeout=10_000):
        page.export_answers(tmp_path / "answers.csv", Scope(None, since, until))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "answers.csv").read_text(encoding="utf-8"))))
    assert len(rows) == sum(a.answers for a in wanted)
    with qtbot.waitSignal(page.exported, timeout=10_000):
        page.export_answers(tmp_path / "answers.json", Scope(None, since, until))
    exported = json.loads((tmp_path / "answers.json").read_text(encoding="utf-8"))
    assert {a["id"] for a in exported["attempts"]} == {a.id for a in wanted}


def test_the_export_dialog_offers_the_selection_or_a_date_range(qtbot) -> None:
    dialog = ExportDialog("Export report", True, QDate(2025, 3, 1))
    qtbot.addWidget(dialog)
    assert dialog.scope("chosen-id") == Scope(attempt_id="chosen-id")
    assert not dialog.first.isEnabled()
    dialog.between.setChecked(True)
    assert dialog.first.isEnabled() and dialog.last.isEnabled()
    dialog.last.setDate(QDate(2025, 3, 2))
    assert dialog.scope("chosen-id") == Scope(None, *day_bounds(date(2025, 3, 1), date(2025, 3, 2)))
    since, until = day_bounds(date(2025, 3, 2), date(2025, 3, 1))  # either order
    assert datetime.fromisoformat(until) - datetime.fromisoformat(since) == timedelta(days=2)
    assert with_suffix("/tmp/report", "PDF document (*.pdf)") == Path("/tmp/report.pdf")
    nothing_selected = ExportDialog("Export answers", False, QDate(2025, 3, 1))
    qtbot.addWidget(nothing_selected)
    assert not nothing_selected.selected.isEnabled() and nothing_selected.between.isChecked()


def test_dates_are_in_the_reader_s_locale(german: QLocale, store: Store, qtbot) -> None:
    page = HistoryPage(Practice(), DIMENSIONS)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded):
        page.set_store(store)
    attempts = store.attempts()
    shown = column(page, 0)
    for attempt, text in zip(attempts, shown, strict=True):
        moment = QDateTime.fromString(attempt.started_at, Qt.DateFormat.ISODate).toLocalTime()
        assert text == german.toString(moment, QLocale.FormatType.ShortFormat)
        assert moment.date().toString("dd.MM.yy") in text  # German order, not "1 Mar 2025"
    tip = page.proxy.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert german.monthName(QDateTime.fromString(attempts[0].started_at, Qt.DateFormat.ISODate).date().month()) in tip
    qtbot.keyClicks(page.search, shown[-1].split()[0])  # the date as it is shown finds the rehearsal
    assert page.proxy.rowCount() >= 1 and attempts[-1].id in column(page, 0, AttemptIdRole)


def test_the_export_dialog_shows_dates_in_the_reader_s_locale_with_the_whole_year(german: QLocale, qtbot) -> None:
    dialog = ExportDialog("Export report", False, QDate(2025, 3, 1))
    qtbot.addWidget(dialog)
    assert dialog.first.text() == "01.03.2025"
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    american = ExportDialog("Export report", False, QDate(2025, 3, 1))
    qtbot.addWidget(american)
    assert american.first.text() == "3/1/2025"
    american.first.setDate(QDate(2024, 12, 31))
    assert american.first.text() == "12/31/2024" and american.scope(None).since.startswith("2024-12-3")


@pytest.fixture
def window_with_history(qtbot, qapp, user_scenarios: Path, user_home: Path):
    """The real window, with thirty rehearsals in the student's own history, the oldest (last in the table, off
    screen) of a long-titled scenario, in the app's real stylesheet (its cell padding counts)."""
    moments = iter(datetime(2025, 3, 1, 9) + timedelta(hours=i) for i in range(1000))
    history = Store(user_home / "history.db", now=lambda: next(moments).isoformat(timespec="seconds") + "+00:00")
    for i in range(30):
        play(history, "long-title" if i == 0 else "first-call", ANSWERS[i % 4 : i % 4 + 2], seconds=30)
    history.close()
    style = qapp.styleSheet()
    theme.apply(qapp, theme.SYSTEM)
    yield from shown_window(qtbot)
    qapp.processEvents()  # two style sheets set back to back, with no event between, can crash Qt
    qapp.setStyleSheet(style)


def assert_key_columns_in_full(page: HistoryPage) -> None:
    """Date, scenario and outcome: every row's text fits its column (on screen or scrolled away), and the
    three columns are in view; the charts are beside the table or a tab away."""
    table, header = page.table, page.table.horizontalHeader()
    grid = 1 if table.showGrid() else 0
    for number in (0, 1, 2):
        rows = range(page.proxy.rowCount())
        needed = max(table.sizeHintForIndex(page.proxy.index(row, number)).width() for row in rows) + grid
        assert header.sectionSize(number) >= needed, header.model().headerData(number, Qt.Orientation.Horizontal)
        assert header.sectionViewportPosition(number) + header.sectionSize(number) <= table.viewport().width()
    if page.tabs.isVisible():
        assert [page.tabs.tabText(i) for i in range(2)] == ["Rehearsals", "Progress"]
        assert page.tabs.widget(1).isAncestorOf(page.charts)
    else:
        assert page.charts.isVisible() and page.charts.width() >= page.charts.minimumWidth()


@pytest.mark.parametrize("flower", [False, True])
def test_at_1024_by_640_the_date_title_and_outcome_are_never_cut_short(
    qtbot, window_with_history: MainWindow, flower: bool
) -> None:
    window = window_with_history
    window.resize(1024, 640)
    window.flower.setVisible(flower)
    window.show_history()
    page = window.history_page
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 30)
    qtbot.waitUntil(lambda: window.size().width() == 1024 and page.table.isVisible())
    qtbot.wait(50)  # one layout pass at this size
    table = page.table
    assert column(page, 1)[-1] == "Fixture: the offer call where the recruiter wants an answer today"
    assert table.rowAt(table.viewport().height() - 1) < 29  # its row is off screen, below
    assert_key_columns_in_full(page)
    window.flower.setVisible(not flower)  # the Flower panel opens or closes: still in full
    qtbot.wait(50)
    page.tabs.setCurrentIndex(0)
    qtbot.waitUntil(table.isVisible)
    assert_key_columns_in_full(page)


def test_the_charts_are_beside_the_table_when_there_is_room_and_a_tab_away_when_not(
    qtbot, window_with_history: MainWindow
) -> None:
    window = window_with_history
    window.flower.setVisible(False)
    window.resize(1600, 800)
    window.show_history()
    page = window.history_page
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 30 and page.charts.isVisible())
    assert not page.tabs.isVisible() and page.table.isVisible()  # side by side
    assert_key_columns_in_full(page)
    window.resize(900, 640)
    qtbot.waitUntil(page.tabs.isVisible)
    assert page.table.isVisible() and not page.charts.isVisible()  # the Rehearsals tab
    page.tabs.setCurrentIndex(1)
    assert page.charts.isVisible() and page.charts.scores_view.height() >= 220
    page.tabs.setCurrentIndex(0)
    assert_key_columns_in_full(page)
    window.resize(1600, 800)
    qtbot.waitUntil(lambda: not page.tabs.isVisible())
    assert page.table.isVisible() and page.charts.isVisible()


def test_spoken_answers_add_a_chart_of_onset_and_fillers(page: HistoryPage, qtbot, store: Store) -> None:
    from app.core.delivery import Delivery, Filler

    assert not page.charts.voice_view.isVisibleTo(page), "no spoken answers yet: no chart for them"
    session = Session(SCENARIOS["first-call"], Practice().scorer())
    HistoryRecorder(store, session)
    session.start()
    said = Delivery(2.5, 30.0, 140.0, (Filler("um", 1.0, 0, 2), Filler("uh", 9.0, 10, 12), Filler("um", 20, 20, 22)))
    session.submit("um I hope uh for um 75,000", delivery=said)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    assert page.charts.voice_view.isVisibleTo(page)
    assert [(p.x(), p.y()) for p in page.charts.onset.points()] == [(1, 2.5)]
    assert [(p.x(), p.y()) for p in page.charts.fillers.points()] == [(1, pytest.approx(6.0))]
