"""A full pair role-play through the real window, on one laptop with no microphone: names and fist-to-five, the
recruiter's script (stage direction, branch sentences, coaching behind a toggle), Space taps timed with an injected
clock, the partner's checklist by number keys with the app's view beside it, the branch choice, a swap onto a
second scenario, the pair debrief, the stored rounds and the candidate window following along."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import shown_window
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox

from app.ui.dialogs.pair_setup import PairSetupDialog
from app.ui.main_window import MainWindow

FIRST_ANSWER = "Thank you, Callum, I'm excited to join. Based on my Unity portfolio I was hoping for £33,000."


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:
    yield from shown_window(qtbot)


def fill_setup(qtbot, window: MainWindow) -> None:
    """Answers the setup dialog once it opens: Ana and Ben, Ben plays the recruiter first, low-offer, fists 2 and 4."""

    def answer() -> None:
        dialog = window.findChild(PairSetupDialog)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, answer)
            return
        dialog.first.setText("Ana")
        dialog.second.setText("Ben")
        dialog.recruiter.setCurrentIndex(1)
        dialog.scenario.setCurrentIndex(dialog.scenario.findData("low-offer"))
        dialog.fists[0].setValue(2)
        dialog.fists[1].setValue(4)
        dialog.accept()

    QTimer.singleShot(0, answer)


def press(qtbot, window: MainWindow, key: Qt.Key) -> None:
    qtbot.press_shortcut(window.pair_page, key)


def play_moment(qtbot, window: MainWindow, now: list[float], said: str = "") -> None:
    page = window.pair_page
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 0 and page._job is None)
    press(qtbot, window, Qt.Key.Key_Space)  # the line is said: the clock starts
    now[0] += 2.0
    press(qtbot, window, Qt.Key.Key_Space)  # they start
    now[0] += 6.5
    if said:
        page.said.setPlainText(said)
    page.setFocus()
    press(qtbot, window, Qt.Key.Key_Space)  # they stop
    assert page.steps.currentIndex() == 1, "the checklist follows the answer"
    for start in ("Thanked you", "Hedged"):  # the number key shown beside each question ticks it
        index = next(i for i, q in enumerate(page.questions) if q.text.startswith(start))
        assert page.checks[index].text().startswith(f"{(index + 1) % 10}.")
        press(qtbot, window, Qt.Key(Qt.Key.Key_0 + (index + 1) % 10))
    page.confidence.set_value(4)
    page.respect.set_value(5)
    press(qtbot, window, Qt.Key.Key_Return)  # compare
    qtbot.waitUntil(lambda: page.ways.count() > 0)
    ending = next((i for i in range(page.ways.count()) if "the call ends" in page.ways.item(i).text()), None)
    if not said and ending is not None:
        page.ways.setCurrentRow(ending)  # the recruiter-player picks another way than the one pre-selected
    press(qtbot, window, Qt.Key.Key_Return)  # go on


def test_a_pair_session_on_two_scenarios_is_scripted_timed_marked_swapped_debriefed_and_stored(
    qtbot, window: MainWindow
) -> None:
    now = [1000.0]
    page = window.pair_page
    page.clock = lambda: now[0]
    window.toggle_candidate_window()
    candidate = window._candidate_window
    assert candidate is not None and candidate.isVisible()
    shown: list[tuple[str, str]] = []  # what the candidate window was told, in order
    page.mirror.connect(lambda what, text: shown.append((what, text)))

    window.flower.show()
    fill_setup(qtbot, window)
    window.practise_with_partner()
    assert window.pages.currentWidget() is page
    assert not window.flower.isVisible(), "one student's Flower numbers are not shown to their partner"
    plan = page.plan
    assert plan is not None and plan.names == ("Ana", "Ben") and plan.fist_before == {"Ana": 2, "Ben": 4}

    # the recruiter's script
    assert page.heading.text().startswith("Round 1 · Ben plays Callum")
    assert "Ana" in page.roles.text() and "£30,500" in page.line.text()
    assert page.direction.isVisible() and page.direction.text().startswith("Stage direction: ")
    assert "If they name a number above £34,500 → " in page.listen_for.text()
    assert "Otherwise → " in page.listen_for.text()
    assert not page.coaching.isVisible()
    qtbot.press_shortcut(page, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert page.coaching.isVisible() and page.coaching.text().startswith("Coach: ")
    assert candidate.line.text() == page.current.session.current.text  # the candidate sees only the line

    # moment 1: timed by taps, marked, compared with the app, the suggested way taken
    play_moment(qtbot, window, now, FIRST_ANSWER)
    qtbot.waitUntil(lambda: len(page.current.moments) == 1)
    first = page.current.moments[0]
    assert (first.record.latency_s, first.record.duration_s) == (2.0, 6.5)
    assert first.mark.confidence == 4 and sum(first.mark.checks.values()) == 2
    assert first.comparison is not None and first.comparison.answers
    assert first.record.branch == page.suggested, "Enter took the way the app suggested"
    assert "Hedged, apologised, or filled with “um”?" in first.comparison.disagreements, "they ticked a hedge"
    assert any(what == "feedback" and text.startswith("The app's view") for what, text in shown)
    assert candidate.line.text() == page.current.session.current.text, "it follows on to the next line"

    # the rest of round 1 without a transcript: the recruiter-player picks the way
    while not page.current.session.ended:
        play_moment(qtbot, window, now)
        qtbot.waitUntil(lambda: page._job is None)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2)
    assert page.round_result.text().startswith("Ana's call ended")

    # swap onto another scenario
    page.next_scenario.setCurrentIndex(page.next_scenario.findText("The expectations question"))
    page.swap_button.click()
    assert page.heading.text().startswith("Round 2 · Ana plays")
    while not page.current.session.ended:
        play_moment(qtbot, window, now)
        qtbot.waitUntil(lambda: page._job is None)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2)

    page.finish({"Ana": 4, "Ben": 5})
    assert page.steps.currentIndex() == 3
    assert page.fists.text() == "Fist to five, before → after: Ana 2 → 4 · Ben 4 → 5"
    grid_text = [
        page.debrief_grid.itemAt(i).widget().text()
        for i in range(page.debrief_grid.count())
        if page.debrief_grid.itemAt(i).widget() is not None
    ]
    assert any(t.startswith("Ana answered, Ben played the recruiter") for t in grid_text)
    assert any(t.startswith("Ben answered, Ana played the recruiter") for t in grid_text)
    assert "started after 2.0 s, spoke 6.5 s" in grid_text

    # stored: mode, names, roles, marks, fist-to-five
    store = window.store
    qtbot.waitUntil(lambda: all(a.players and a.players.get("fist_after") for a in store.attempts()))
    rounds = store.attempts()
    assert {(a.mode, a.players["candidate"], a.players["recruiter"]) for a in rounds} == {
        ("pair", "Ana", "Ben"),
        ("pair", "Ben", "Ana"),
    }
    assert all(a.players["fist_after"] == {"Ana": 4, "Ben": 5} for a in rounds)
    answers = store.answers(next(a.id for a in rounds if a.players["candidate"] == "Ana"))
    assert answers[0].peer is not None and answers[0].peer["confidence"] == 4
    assert store.attempts(student="Ben") and store.students() == ["Ana", "Ben"]
    candidate.close()


def test_the_history_filters_by_student(qtbot, window: MainWindow) -> None:
    from conftest import fixture_scenario

    from app.core.pair import PairPlan

    plan = PairPlan(("Cleo", "Dev"))
    for _ in range(2):
        round_ = plan.next_round("first-call")
        session = window.practice.start_rehearsal(
            fixture_scenario("first-call"), None, window.store, players=plan.players(round_)
        )
        session.start()
        session.submit("Thanks! What range have you budgeted?")
    window.show_history()
    history = window.history_page
    qtbot.waitUntil(lambda: history.model.rowCount() == 2)
    assert history.student.isVisible()
    assert [history.student.itemText(i) for i in range(history.student.count())] == ["Every student", "Cleo", "Dev"]
    history.student.setCurrentIndex(history.student.findData("Cleo"))
    assert history.proxy.rowCount() == 2  # Cleo answered once and played the recruiter once
    history.search.setText("dev")
    assert history.proxy.rowCount() == 2


def test_the_setup_needs_two_different_names(qtbot, window: MainWindow) -> None:
    library = window.library_page.library
    dialog = PairSetupDialog(list(library.scenarios), None)
    qtbot.addWidget(dialog)
    dialog.first.setText("Ana")
    dialog.second.setText("ana")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.second.setText("Ben")
    assert ok.isEnabled() and [dialog.recruiter.itemText(i) for i in range(2)] == ["Ana", "Ben"]


def test_feedback_on_an_answer_nobody_transcribed_says_so(qtbot) -> None:
    from conftest import fixture_scenario

    from app.core.session import Session
    from app.practice import Practice
    from app.reports.wording import NOT_TRANSCRIBED
    from app.ui.widgets.feedback import FeedbackView

    session = Session(fixture_scenario("first-call"), Practice().scorer())
    session.start()
    record = session.submit("", chosen=None)
    view = FeedbackView()
    qtbot.addWidget(view)
    view.show_record(record)
    assert view.answer.toPlainText() == NOT_TRANSCRIBED
