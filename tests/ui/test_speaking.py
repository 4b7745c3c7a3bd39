"""Answering out loud in the real window. The machine has no microphone, so the only fake is the audio's origin:
a WAV file spoken by the real espeak-ng goes through FileSource, which hands out chunks on its own thread exactly
as the microphone source does; the real Listener, the real offline model, scoring and the history do the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import listening_ready, shown_window, spoken_wav
from PySide6.QtCore import Qt

from app.ui.listening import Listening
from app.ui.main_window import MainWindow
from app.ui.microphone import FileSource

pytestmark = [pytest.mark.espeak, pytest.mark.slow]

SAID = "Thank you for the offer. I was hoping for ninety thousand dollars, based on what similar roles pay."
LEAD_S = 1.0  # the silence in the recording before the first word


@pytest.fixture(scope="module")
def answer_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reason = listening_ready()
    if reason:
        pytest.skip(reason)
    return spoken_wav(tmp_path_factory.mktemp("spoken"), "answer.wav", SAID, silence_s=LEAD_S)


@pytest.fixture
def open_window(qtbot, user_scenarios: Path):
    """Opens main windows on a given Listening (None: the computer's own) and closes them after the test."""
    opened = []

    def open_with(listening: Listening | None = None) -> MainWindow:
        opened.append(shown_window(qtbot, listening))
        return next(opened[-1])

    yield open_with
    for window in opened:
        next(window, None)


@pytest.fixture
def spoken(qtbot, open_window, answer_wav: Path):
    """A window whose microphone is `answer_wav`, with speaking ready; yields (window, the sources it opened)."""
    sources: list[FileSource] = []

    def source() -> FileSource:
        sources.append(FileSource(answer_wav, speed=4.0))
        return sources[-1]

    win = open_window(Listening(source))
    qtbot.waitUntil(lambda: win.listening.is_ready, timeout=60_000)
    yield win, sources
    for opened in sources:
        opened.shutdown()


def begin(window: MainWindow, scenario_id: str = "first-call") -> None:
    window.library_page.rehearse.emit(window.library_page.library.get(scenario_id))


def speak(qtbot, window: MainWindow, sources: list[FileSource]) -> list[float]:
    """Hold Space on the microphone button while the file plays; returns the levels the meter was sent."""
    page = window.rehearsal_page
    levels: list[float] = []
    window.listening.level.connect(levels.append)
    qtbot.waitUntil(lambda: page.mic_button.hasFocus() or page.mic_button.isVisible())
    qtbot.keyPress(page.mic_button, Qt.Key.Key_Space)
    assert window.listening.listening
    assert page.answer.isReadOnly(), "the box shows the words as they come, not typing, while listening"
    qtbot.waitUntil(lambda: sources[-1].done, timeout=30_000)
    with qtbot.waitSignal(window.listening.heard, timeout=30_000):
        qtbot.keyRelease(page.mic_button, Qt.Key.Key_Space)
    window.listening.level.disconnect(levels.append)
    return levels


def test_a_spoken_answer_is_transcribed_edited_scored_with_its_delivery_and_kept(qtbot, spoken) -> None:
    window, sources = spoken
    begin(window)
    page = window.rehearsal_page
    assert page.mic_button.isVisible() and page.level_meter.isVisible()
    levels = speak(qtbot, window, sources)
    assert max(levels) > 0.3, "the level meter moved while the student spoke"
    heard = page.answer.toPlainText()
    assert "thank you" in heard.lower() and "90" in heard.replace(",", "").replace("ninety", "90")
    assert not page.answer.isReadOnly() and page.rerecord_button.isVisible()
    recording = page._recording
    assert recording is not None

    page.answer.moveCursor(page.answer.textCursor().MoveOperation.End)
    qtbot.keyClicks(page.answer, " Is there room to move?")  # the student fixes up the transcript
    page.send_button.click()
    qtbot.waitUntil(lambda: page.feedback_area.isVisible(), timeout=20_000)

    record = page.session.records[-1]
    delivery = record.delivery
    assert delivery is not None and delivery.edited and delivery.heard == heard
    assert record.answer.endswith("Is there room to move?")
    waited = recording.started_at - page._line_ended_at  # the line ended before Space went down
    assert delivery.onset_s == pytest.approx(LEAD_S + waited, abs=0.15)
    assert delivery.words_per_minute is not None and 100 < delivery.words_per_minute < 260
    assert record.latency_s == pytest.approx(delivery.onset_s)
    panel = page.feedback.delivery
    assert panel.isVisible()
    figures = panel.figures_text()
    assert figures[0] == f"First word after: {delivery.onset_s:.1f} s"
    assert any(line.startswith("Pace:") for line in figures)
    statuses = {r.id: r.status for r in record.score.criteria}
    assert statuses["spoken-fillers"] != "not_applicable", "the rubric's spoken criteria judged this answer"

    stored = window.store.answers(window.practice._recorders[page.session].attempt_id)
    assert stored[-1].delivery is not None and stored[-1].delivery["edited"] is True
    assert stored[-1].audio is not None and Path(stored[-1].audio).is_file(), "the recording is kept"
    assert panel.replay.isVisible(), "a kept recording can be replayed"
    panel.follow(int(recording.transcript.words[0].start * 1000) + 10)
    assert panel.lit_word() == recording.transcript.words[0].text.strip()

    window.history.delete_recordings(confirm=False)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Deleted 1 recording.")
    assert not Path(stored[-1].audio).exists()
    assert window.store.answers(stored[-1].attempt_id)[-1].audio is None
    assert window.store.answers(stored[-1].attempt_id)[-1].delivery is not None, "the figures stay"


def test_record_again_replaces_the_first_take(qtbot, spoken) -> None:
    window, sources = spoken
    begin(window)
    page = window.rehearsal_page
    speak(qtbot, window, sources)
    first = page._recording
    page.rerecord_button.click()
    assert window.listening.listening and page.answer.toPlainText() == ""
    qtbot.waitUntil(lambda: sources[-1].done, timeout=30_000)
    with qtbot.waitSignal(window.listening.heard, timeout=30_000):
        page.toggle_listening()  # a click on the microphone button stops, as releasing Space does
    assert page._recording is not None and page._recording is not first
    assert len(sources) == 2


def test_hands_free_starts_when_the_line_ends_and_stops_after_a_silence(qtbot, spoken) -> None:
    window, sources = spoken
    window.rehearsal_page.hands_free = True
    with qtbot.waitSignal(window.listening.heard, timeout=60_000):
        begin(window)  # text only here: the line is all there at once, so listening starts now
    page = window.rehearsal_page
    assert "thank you" in page.answer.toPlainText().lower()
    assert sources[-1].done, "it waited for the student to finish before stopping"


def test_without_a_microphone_the_window_says_so_and_typing_works(qtbot, open_window) -> None:
    from app.ui.microphone import has_microphone

    if has_microphone():
        pytest.skip("this computer has a microphone")
    win = open_window()
    qtbot.waitUntil(lambda: win.listening.reason is not None, timeout=20_000)
    begin(win)
    page = win.rehearsal_page
    assert not page.mic_button.isVisible()
    assert "No microphone" in page.voice_state.text() and page.voice_state.isVisible()
    assert page.answer.hasFocus()
    qtbot.keyClicks(page.answer, "Thank you! Could you share the range for this role?")
    page.send_button.click()
    qtbot.waitUntil(lambda: page.feedback_area.isVisible(), timeout=20_000)
    assert page.session.records[-1].delivery is None
    assert not page.feedback.delivery.isVisible()


def test_in_pair_mode_the_microphone_hears_the_candidate_after_the_line(qtbot, spoken) -> None:
    from app.core.pair import PairPlan

    window, sources = spoken
    page = window.pair_page
    library = window.library_page.library
    page.begin(PairPlan(("Ana", "Ben")), library.get("first-call"), list(library.scenarios))
    with qtbot.waitSignal(window.listening.heard, timeout=60_000):
        page.space()  # the recruiter-player has said the line: listening starts, and stops after a pause
        assert window.listening.listening
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 1)
    assert "thank you" in page.said.toPlainText().lower()
    timing = page.timing()
    assert timing.latency_s == pytest.approx(LEAD_S + page._recording.started_at - page.taps.line_end, abs=0.15)
    page.enter()  # compare: the transcript is scored
    qtbot.waitUntil(lambda: page.ways.count() > 0)
    assert page._comparison is not None and page._comparison.answers
    page.enter()
    qtbot.waitUntil(lambda: bool(page.current.moments))
    assert page.current.moments[0].record.delivery is not None


def test_a_missing_speech_model_is_said_in_the_window_and_typing_works(qtbot, open_window, monkeypatch) -> None:
    import app.listening as listening

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise listening.SpeechModelUnavailable("the offline speech model isn't installed (pip install .)")

    monkeypatch.setattr(listening, "load_recogniser", refuse)
    win = open_window(Listening(lambda: FileSource(Path("never-opened.wav"))))  # a source: the model is what's missing
    qtbot.waitUntil(lambda: win.listening.reason is not None, timeout=20_000)
    begin(win)
    page = win.rehearsal_page
    assert "speech model isn't installed" in page.voice_state.text() and not page.mic_button.isVisible()
    assert page.answer.hasFocus() and not page.answer.isReadOnly()


def test_the_microphone_source_says_plainly_when_there_is_no_microphone(qtbot) -> None:
    from app.ui.microphone import MicrophoneSource, has_microphone

    if has_microphone():
        pytest.skip("this computer has a microphone")
    source = MicrophoneSource()
    with qtbot.waitSignal(source.failed, timeout=5_000) as said:
        source.begin()
    assert said.args[0].startswith("No microphone was found")
    source.shutdown()


def test_the_studio_tries_a_spoken_answer_and_only_it_takes_the_words(qtbot, spoken, user_scenarios: Path) -> None:
    window, sources = spoken
    begin(window)  # a rehearsal is open meanwhile: it must not take the studio's recording
    studio = window.studio.open_path(user_scenarios / "first-call.yaml")
    qtbot.waitUntil(lambda: studio.result is not None and studio.try_panel.scenario is not None)
    studio.show_try_panel()
    panel = studio.try_panel
    assert panel.speak_button.isVisible()
    panel.select_turn("opening")
    panel.speak_button.click()
    assert window.listening.listening and window.listening.is_for(panel)
    qtbot.waitUntil(lambda: sources[-1].done, timeout=30_000)
    panel.speak_button.click()
    qtbot.waitUntil(lambda: panel.tried is not None, timeout=30_000)
    assert "thank you" in panel.answer.toPlainText().lower()
    assert panel.tried.answer == panel.answer.toPlainText()
    assert window.rehearsal_page.answer.toPlainText() == "", "the rehearsal page left the studio's words alone"
    studio.editor.document().setModified(False)
    studio.close()
