"""Whole rehearsals through the real window: typed answers, branches, feedback and the debrief. The window plays
the fixture scenarios (tests/data/scenarios) from the user's scenarios folder."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app import paths
from app.core.profile import Profile, load_profile
from app.paths import Places
from app.ui.main_window import MainWindow
from app.ui.speech import NO_SOUND_DEVICE, SpeechService, has_sound_device
from app.ui.widgets.feedback import criterion_text

PATHS = {
    ("first-call", "anchored_low"): ["Maybe like 50k? I'm not sure.", "Okay, thank you."],
    ("first-call", "learned_range"): [
        "Thanks for asking! Before I name a number, what range have you budgeted for this role?",
        "That works, thank you. Given my React projects, I'd expect the upper half.",
    ],
    ("offer-call", "accepted_on_the_spot"): ["Thank you! Yes, I accept!"],
    ("offer-call", "countered"): [
        "Thank you so much, I'm really excited about the team. I was hoping for £32,500 given my SQL work.",
        "Flexible hours would matter a lot to me too.",
    ],
}


@pytest.fixture
def open_window(qtbot, user_scenarios: Path):
    """Opens main windows on a given speech service and closes them (stopping speech threads) afterwards."""
    windows: list[MainWindow] = []

    def open_with(speech: SpeechService) -> MainWindow:
        win = MainWindow(speech=speech)
        qtbot.addWidget(win)
        windows.append(win)
        with qtbot.waitSignal(win.library_page.loaded, timeout=10_000):
            win.show()
        return win

    yield open_with
    for win in windows:
        win.close()


@pytest.fixture
def window(open_window) -> MainWindow:
    return open_window(SpeechService(paths.user_cache() / "speech", enabled=False))


def press_ctrl_enter(qtbot, window: MainWindow) -> None:
    qtbot.press_shortcut(window.rehearsal_page.answer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def play(qtbot, window: MainWindow, scenario_id: str, answers: list[str]) -> None:
    page = window.rehearsal_page
    window.library_page.rehearse.emit(window.library_page.library.get(scenario_id))
    assert window.pages.currentWidget() is page
    with qtbot.waitSignal(page.finished, timeout=20_000):
        for answer in answers:
            qtbot.waitUntil(lambda: not page.answer.isReadOnly() and page.session.current is not None)
            page.answer.setFocus()
            qtbot.keyClicks(page.answer, answer)
            press_ctrl_enter(qtbot, window)
            qtbot.waitUntil(lambda: page.feedback_area.isVisible())
            assert page.feedback.bars.bars, "scores are shown after each answer"
            press_ctrl_enter(qtbot, window)  # continue


@pytest.mark.parametrize("scenario_id,outcome", list(PATHS), ids=[f"{s}-{o}" for s, o in PATHS])
def test_a_scenario_plays_to_its_ending_and_the_debrief_explains_it(qtbot, window, scenario_id, outcome) -> None:
    answers = PATHS[scenario_id, outcome]
    play(qtbot, window, scenario_id, answers)
    session = window.rehearsal_page.session
    assert session.ending.outcome == outcome
    debrief = window.debrief_page
    assert window.pages.currentWidget() is debrief
    assert debrief.title.text().endswith(outcome.replace("_", " ").capitalize())
    qtbot.waitUntil(lambda: debrief.card_count() == len(answers))  # cards are added one per event-loop turn
    first_card = debrief.cards.itemAt(0).widget()
    html = first_card.feedback.answer.toHtml()
    assert 'href="criterion:0"' in html
    scores = [bar.value() for bar in first_card.feedback.bars.bars.values()]
    assert scores == [round(d.score) for d in session.records[0].score.dimensions.values()]


def test_answers_are_shown_as_plain_text_never_html(qtbot, window) -> None:
    play(qtbot, window, "first-call", ["<b>Maybe</b> 50k? <script>x</script>", "Okay, thanks."])
    qtbot.waitUntil(lambda: window.debrief_page.card_count() == 2)
    card = window.debrief_page.cards.itemAt(0).widget()
    assert "&lt;b&gt;" in card.feedback.answer.toHtml()
    assert "<script>" not in card.feedback.answer.toHtml()


def test_feedback_at_the_end_only_moves_straight_on(qtbot, window) -> None:
    window.rehearsal_page.feedback_mode = "at_end"
    page = window.rehearsal_page
    window.library_page.rehearse.emit(window.library_page.library.get("first-call"))
    qtbot.keyClicks(page.answer, "Maybe like 50k? I'm not sure.")
    press_ctrl_enter(qtbot, window)
    qtbot.waitUntil(lambda: page.session.current is not None and page.session.current.turn_id == "low_anchor")
    assert not page.feedback_area.isVisible()


def test_retry_from_the_debrief_goes_back_to_that_moment(qtbot, window) -> None:
    play(qtbot, window, "first-call", PATHS["first-call", "anchored_low"])
    window.debrief_page.retry.emit(0)
    page = window.rehearsal_page
    assert window.pages.currentWidget() is page
    assert page.session.current.turn_id == "opening" and page.session.records == []
    play_rest = PATHS["first-call", "learned_range"]
    # The send button, not Ctrl+Enter: Qt's offscreen platform can take the window's activation away while the
    # debrief fills in, and gives it back only through a window manager (Ctrl+Enter is tested above).
    with qtbot.waitSignal(page.finished, timeout=20_000):
        for answer in play_rest:
            qtbot.waitUntil(lambda: not page.answer.isReadOnly())
            qtbot.keyClicks(page.answer, answer)
            qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: page.feedback_area.isVisible())
            qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    assert page.session.ending.outcome == "learned_range"


def test_without_a_sound_device_the_window_says_so_and_the_clock_starts_with_the_line(qtbot, open_window) -> None:
    if has_sound_device():
        pytest.skip("this computer has a sound device")
    speech = SpeechService(paths.user_cache() / "speech")  # the real check: this machine has no sound card
    win = open_window(speech)
    page = win.rehearsal_page
    win.library_page.rehearse.emit(win.library_page.library.get("first-call"))
    assert page.notice.isVisible() and page.notice.text() == NO_SOUND_DEVICE
    session = page.session
    assert session.answer_clock_started is not None, "text only: the clock starts as the line is shown"
    assert session.answer_clock_started - session.line_presented < 0.2
    assert not page.speaking_indicator.isVisible() and not page.voice_bar.isVisible()
    qtbot.waitUntil(lambda: page.clock.property("state") == "running")
    qtbot.keyClicks(page.answer, "Thanks! What range have you budgeted?")
    press_ctrl_enter(qtbot, win)
    qtbot.waitUntil(lambda: page.feedback_area.isVisible())
    assert session.records[0].goto == "shares_range"
    assert not page.notice.isVisible(), "the feedback gets the room"
    press_ctrl_enter(qtbot, win)
    qtbot.waitUntil(lambda: not page.feedback_area.isVisible())
    assert page.notice.isVisible() and session.answer_clock_started is not None


def test_without_a_speech_engine_the_notice_says_what_to_install_and_the_clock_does_not_wait(
    qtbot, open_window
) -> None:
    def broken_engine():
        raise RuntimeError("This means you probably do not have eSpeak or eSpeak-ng installed!")

    speech = SpeechService(paths.user_cache() / "speech", engine_factory=broken_engine, sound_device=lambda: True)
    win = open_window(speech)
    page = win.rehearsal_page
    page.words_per_minute = 20  # the old "reading time" for this line would have been many seconds
    win.library_page.rehearse.emit(win.library_page.library.get("first-call"))
    qtbot.waitUntil(lambda: page.notice.isVisible())
    assert "text only" in page.notice.text() and "espeak" in page.notice.text().lower()
    qtbot.waitUntil(lambda: page.session.answer_clock_started is not None)
    assert page.session.answer_clock_started - page.session.line_presented < 1.0
    assert not page.speaking_indicator.isVisible()
    qtbot.keyClicks(page.answer, "Thanks! What range have you budgeted?")
    press_ctrl_enter(qtbot, win)
    qtbot.waitUntil(lambda: page.feedback_area.isVisible())
    assert page.session.records[0].goto == "shares_range"


def test_tab_to_a_highlight_explains_it_at_once(qtbot, window) -> None:
    page = window.rehearsal_page
    window.library_page.rehearse.emit(window.library_page.library.get("first-call"))
    qtbot.keyClicks(page.answer, "Thanks for asking! Maybe like 50k? What range have you budgeted?")
    press_ctrl_enter(qtbot, window)
    qtbot.waitUntil(lambda: page.feedback_area.isVisible())
    answer = page.feedback.answer
    assert len(answer.results) >= 2
    before = answer.details.text()
    assert page.send_button.hasFocus()  # "Continue"
    seen: list[str] = []
    for result in answer.results[:2]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is answer and not answer.textCursor().hasSelection():
            qtbot.keyClick(answer, Qt.Key.Key_Tab)  # the first Tab lands on the answer, the next on a highlight
        assert answer.hasFocus()
        assert answer.focused_result() is result
        assert answer.details.text() == criterion_text(result) != before, "explained on focus, without Enter"
        seen.append(answer.details.text())
    assert seen[0] != seen[1]
    qtbot.keyClick(answer, Qt.Key.Key_Backtab)
    assert answer.details.text() == seen[0], "Shift+Tab goes back and explains that one again"


def test_flower_panel_edits_save_to_the_profile_and_reach_the_next_rehearsal(qtbot, window) -> None:
    flower = window.flower
    flower.show()
    qtbot.keyClicks(flower.name, "Ana")
    qtbot.keyClicks(flower.priorities[0].label, "mentorship")
    qtbot.keyClicks(flower.priorities[0].keywords, "mentor, pairing")
    qtbot.keyClicks(flower.walk_away, "70k")
    qtbot.keyClicks(flower.target, "80k")
    assert flower.target.echoMode() == flower.target.EchoMode.Password
    qtbot.waitUntil(
        lambda: Places.default().profile_file.exists() and load_profile(Places.default().profile_file).target == 80000
    )
    saved = load_profile(Places.default().profile_file)
    assert saved.name == "Ana" and saved.priorities[0].keywords == ["mentor", "pairing"]
    window.library_page.rehearse.emit(window.library_page.library.get("first-call"))
    page = window.rehearsal_page
    assert page.line.text() == "Hello Ana! What salary are you hoping for at Quillfeather Labs?"
    qtbot.keyClicks(page.answer, "Could we do 65k? Pairing with a mentor matters to me.")
    press_ctrl_enter(qtbot, window)
    qtbot.waitUntil(lambda: page.feedback_area.isVisible())
    statuses = {r.id: r.status for r in page.session.records[0].score.criteria}
    assert statuses["not-below-walk-away"] == "triggered" and statuses["names-priority"] == "met"


@pytest.mark.slow
@pytest.mark.espeak
def test_real_speech_shows_speaking_and_starts_the_clock_only_when_the_recruiter_has_finished(
    qtbot, open_window
) -> None:
    cache = paths.user_cache() / "speech"
    speech = SpeechService(cache, sound_device=lambda: True)  # plays silently in real time on this machine
    speech.set_rate(320)
    win = open_window(speech)
    win.rehearsal_page.words_per_minute = 320
    page = win.rehearsal_page
    keys: list[str] = []
    speech.prepared.connect(keys.append)  # the line spoken now is asked for before the ones that may follow
    with qtbot.waitSignal(speech.speaking, timeout=30_000):
        win.library_page.rehearse.emit(win.library_page.library.get("first-call"))
    assert page.session.answer_clock_started is None, "no clock while the recruiter speaks"
    assert page.clock.property("state") == "waiting"
    indicator = page.speaking_indicator
    assert indicator.isVisible() and indicator.label.text() == "Speaking…" and page.stop_button.isEnabled()
    assert not page.notice.isVisible()
    qtbot.waitUntil(lambda: indicator.share() > 0.2, timeout=10_000)  # it moves while the line plays
    shares = [indicator.share()]
    qtbot.waitUntil(lambda: indicator.share() > shares[0] or not indicator.isVisible(), timeout=10_000)
    with qtbot.waitSignal(speech.finished, timeout=30_000):
        pass
    assert not indicator.isVisible() and not page.stop_button.isEnabled()
    assert page.session.answer_clock_started is not None
    with wave.open(str(cache / f"{keys[0]}.wav")) as wav:
        line_seconds = wav.getnframes() / wav.getframerate()
    spoken_for = page.session.answer_clock_started - page.session.line_presented
    assert line_seconds > 1.0 and spoken_for > 0.7 * line_seconds, "the clock started after the line was spoken"
    qtbot.waitUntil(lambda: page.clock.property("state") == "running")


def test_every_answer_through_the_window_is_in_the_history(qtbot, window) -> None:
    play(qtbot, window, "first-call", PATHS["first-call", "anchored_low"])
    [attempt] = window.store.attempts()
    assert attempt.outcome == "anchored_low" and attempt.answers == 2
    assert [a.answer for a in window.store.answers(attempt.id)] == PATHS["first-call", "anchored_low"]


def test_an_interrupted_rehearsal_resumes_where_it_stopped_and_can_be_reviewed(qtbot, window) -> None:
    page = window.rehearsal_page
    window.library_page.rehearse.emit(window.library_page.library.get("first-call"))
    qtbot.keyClicks(page.answer, "Maybe like 50k? I'm not sure.")
    press_ctrl_enter(qtbot, window)
    qtbot.waitUntil(lambda: page.feedback_area.isVisible())
    [attempt] = window.store.unfinished()  # as if the app had been closed here
    window.resume_attempt(attempt.id, attempt.scenario_id)
    qtbot.waitUntil(
        lambda: (
            page.session is not None
            and page.session.records
            and page.session.current.turn_id == "low_anchor"
            and not page.feedback_area.isVisible()
        )
    )
    assert page.line.text() == "Wonderful, that fits our budget nicely."
    window.review_stored(attempt.id)
    qtbot.waitUntil(
        lambda: window.pages.currentWidget() is window.debrief_page and window.debrief_page.card_count() == 1
    )
    assert window.debrief_page.title.text().endswith("Stopped before the end")


def test_the_next_start_offers_an_interrupted_rehearsal_and_resume_carries_on(qtbot, window, user_home) -> None:
    page = window.rehearsal_page
    window.library_page.rehearse.emit(window.library_page.library.get("first-call"))
    qtbot.keyClicks(page.answer, "Maybe like 50k? I'm not sure.")
    press_ctrl_enter(qtbot, window)
    qtbot.waitUntil(lambda: page.feedback_area.isVisible())
    window.close()  # the student quits halfway

    offers: list[str] = []

    def answer_the_offer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer_the_offer)
            return
        offers.append(box.text())
        next(b for b in box.buttons() if b.text() == "Resume").click()

    QTimer.singleShot(0, answer_the_offer)
    again = MainWindow(speech=SpeechService(paths.user_cache() / "speech", enabled=False), offer_resume=True)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(
        lambda: (
            again._rehearsal_page is not None
            and again.rehearsal_page.session is not None
            and again.pages.currentWidget() is again.rehearsal_page
        )
    )
    assert len(offers) == 1 and "stopped after 1 answer" in offers[0]
    resumed = again.rehearsal_page.session
    assert [r.answer for r in resumed.records] == ["Maybe like 50k? I'm not sure."]
    assert resumed.current.turn_id == "low_anchor"
    again.close()


def test_a_scenario_in_another_currency_says_so_beside_the_students_numbers(qtbot, window) -> None:
    window.profile = Profile(target=45_000, walk_away=40_000, currency="USD")
    window.flower.set_profile(window.profile)
    scenario = window.library_page.library.get("mood-call")  # a GBP scenario
    assert scenario is not None and scenario.currency == "GBP"
    window.library_page.rehearse.emit(scenario)
    note = window.flower.currency_note
    qtbot.waitUntil(note.isVisible)
    assert "USD" in note.text() and "GBP" in note.text() and window.flower.rate.isVisible()
