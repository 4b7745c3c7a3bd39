"""Rehearsing: the recruiter speaks, the student answers against the clock, feedback follows.

Laid out for a laptop screen (1280×720 down to 1024×640): once an answer is sent, the box it was typed in gives
way to the feedback, which shows the answer compactly (highlighted, a few lines, expandable) under the score bars,
so the bars, tips and coach's note get the room.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...core.session import Session, TurnRecord
from ...voice.engine import estimated_seconds
from .. import theme, workers
from ..widgets.feedback import FeedbackView
from ..widgets.labels import plain_label
from ..widgets.level_meter import LevelMeter
from ..widgets.speaking_indicator import SpeakingIndicator

if TYPE_CHECKING:
    from ...core.scenario import AnswerTime
    from ..listening import Listening, Recording
    from ..speech import SpeechService

KeepRecording = Callable[[Session, TurnRecord, Any], None]
SPEAK_BUTTON = "Speak (hold Space)"
SPEAK_HINT = "Hold Space (or click Speak) and answer out loud, or type below."

AFTER_EACH, AT_END = "after_each", "at_end"


def clock_text(seconds: float, window: AnswerTime | None) -> str:
    text = f"{int(seconds) // 60}:{int(seconds) % 60:02d}"
    return f"{text}  (aim for {window.min:g}–{window.max:g} s)" if window else text


class RehearsalPage(QWidget):
    finished = Signal(object)  # the Session, once it has ended or the student stops
    status = Signal(str)

    def __init__(self, speech: SpeechService, listening: Listening | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.speech = speech
        self.listening = listening
        self.hands_free = False  # Preferences: voice activity starts and ends the answer, no key needed
        self.keep_recording: KeepRecording | None = None  # keeps a spoken answer's audio with the history
        self._recording: Recording | None = None  # the spoken answer in the box, until it is sent or re-recorded
        self._line_ended_at: float | None = None  # time.monotonic() when the recruiter's line ended
        self.session: Session | None = None
        self.feedback_mode = AFTER_EACH
        self.words_per_minute = 175
        self._job: workers.Job | None = None
        self.muted = False
        self._waiting_to_continue = False
        self._speaking_line = False  # the line on show is being spoken: its end starts the answer clock
        self._tick = QTimer(self, interval=200)
        self._tick.timeout.connect(self._update_clock)
        self._build()
        speech.speaking.connect(self.speaking_indicator.playing)
        speech.progress.connect(self.speaking_indicator.position)
        speech.finished.connect(self._speech_finished)
        speech.unavailable.connect(self._speech_unavailable)
        if speech.is_available() is False:  # it said so before this page existed
            self._speech_unavailable(speech.unavailable_message() or "")
        if listening is not None:
            listening.ready.connect(self._show_voice_state)
            listening.unavailable.connect(self._show_voice_state)
            listening.started.connect(self._listening_started)
            listening.partial.connect(self._partial)
            listening.level.connect(self.level_meter.set_level)
            listening.heard.connect(self._heard)
            listening.failed.connect(self._listening_failed)
        self._show_voice_state()

    def _build(self) -> None:
        self.recruiter = plain_label(role="heading")
        self.persona = plain_label(role="muted")
        self.progress = plain_label(role="muted")
        self.progress.setWordWrap(False)  # one line, so it keeps its place when the persona steps aside
        self.clock = QLabel("0:00")
        self.clock.setAccessibleName("Answer clock")
        self.clock.setProperty("role", "clock")
        self.line = plain_label(role="line")
        self.line.setAccessibleName("What the recruiter says")
        self.notice = plain_label(role="notice")
        self.notice.hide()
        self.replay_button = QPushButton("Replay (Ctrl+R)")
        self.replay_button.clicked.connect(self.replay)
        self.stop_button = QPushButton("Stop speaking (Esc)")
        self.stop_button.clicked.connect(self.speech.stop)
        self.stop_button.setEnabled(False)
        self.speaking_indicator = SpeakingIndicator()
        self.answer = QPlainTextEdit()
        self.answer.setAccessibleName("Your answer")
        self.answer.setPlaceholderText("Type your answer… (Ctrl+Enter to send)")
        self.answer.textChanged.connect(self._typed)
        self.send_button = QPushButton("Send answer (Ctrl+Enter)")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.submit)
        self.end_button = QPushButton("End rehearsal")
        self.end_button.clicked.connect(self.stop)
        self.mic_button = QPushButton(SPEAK_BUTTON)
        self.mic_button.setAccessibleName("Answer out loud")
        self.mic_button.setToolTip("Hold Space, or click to start and click again to stop")
        self.mic_button.clicked.connect(self.toggle_listening)
        self.mic_button.installEventFilter(self)
        self.mic_button.setProperty("held_key", "Space")  # listed under Help → Keyboard shortcuts
        self.mic_button.setWhatsThis("Answer out loud (when the microphone button has the focus)")
        self.level_meter = LevelMeter()
        self.voice_state = plain_label(role="muted")
        self.voice_state.setAccessibleName("Microphone")
        self.rerecord_button = QPushButton("Record again")
        self.rerecord_button.clicked.connect(self.record_again)
        self.feedback = FeedbackView()
        self.feedback.delivery.replay_failed.connect(self.status)
        self.feedback_area = QScrollArea(widgetResizable=True)
        self.feedback_area.setAccessibleName("Feedback on your answer")
        self.feedback_area.setFrameShape(QFrame.Shape.NoFrame)
        self.feedback_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.feedback_area.setWidget(self.feedback)
        self.feedback_area.hide()
        for keys, slot, what in (
            (QKeySequence("Ctrl+Return"), self.submit, "Send your answer"),
            (QKeySequence("Ctrl+Enter"), self.submit, ""),  # the keypad's Enter: the same as Ctrl+Return
            (QKeySequence("Ctrl+R"), self.replay, "Hear the recruiter's line again"),
            (QKeySequence("Esc"), self.speech.stop, "Stop the recruiter speaking"),
        ):
            shortcut = QShortcut(keys, self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            if what:
                shortcut.setWhatsThis(what)

        top = QHBoxLayout()
        who = QVBoxLayout()
        who.addWidget(self.recruiter)
        who.addWidget(self.persona)
        top.addLayout(who, 1)
        side = QVBoxLayout()
        side.addWidget(self.progress, alignment=Qt.AlignmentFlag.AlignRight)
        side.addWidget(self.clock, alignment=Qt.AlignmentFlag.AlignRight)
        top.addLayout(side)
        self.voice_bar = QWidget()
        voice_row = QHBoxLayout(self.voice_bar)
        voice_row.setContentsMargins(0, 0, 0, 0)
        voice_row.addWidget(self.replay_button)
        voice_row.addWidget(self.stop_button)
        voice_row.addSpacing(8)
        voice_row.addWidget(self.speaking_indicator)
        voice_row.addStretch(1)
        self.mic_bar = QWidget()
        mic_row = QHBoxLayout(self.mic_bar)
        mic_row.setContentsMargins(0, 0, 0, 0)
        mic_row.addWidget(self.mic_button)
        mic_row.addWidget(self.level_meter)
        mic_row.addWidget(self.voice_state, 1)
        mic_row.addWidget(self.rerecord_button)
        send_row = QHBoxLayout()
        send_row.addWidget(self.end_button)
        send_row.addStretch(1)
        send_row.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.line)
        layout.addWidget(self.voice_bar)
        layout.addWidget(self.mic_bar)
        layout.addWidget(self.answer, 1)
        layout.addWidget(self.feedback_area, 1)
        layout.addLayout(send_row)
        QWidget.setTabOrder(self.send_button, self.feedback.answer)  # after Continue: into the highlights

    # ---- flow -------------------------------------------------------------
    def _active(self) -> Session:
        """The rehearsal on the page: the steps below only run while there is one."""
        if self.session is None:
            raise RuntimeError("no rehearsal is showing")
        return self.session

    def start(self, session: Session) -> None:
        self.resume(session, started=False)

    def resume(self, session: Session, *, started: bool = True) -> None:
        """Show a session; one that is already under way (resumed from the history) carries on where it is."""
        self.stop_quietly()
        self.session = session
        scenario = session.scenario
        self.recruiter.setText(f"{scenario.recruiter.name} · {scenario.recruiter.title}, {scenario.company}")
        self.persona.setText(scenario.recruiter.persona)
        self._show_feedback(False)
        if not started:
            session.start()
        if session.ended:
            self._finish()
        else:
            self._show_line()

    def _show_line(self) -> None:
        session = self._active()
        line = session.current
        if line is None:
            raise RuntimeError("the rehearsal has no line to show")
        self._waiting_to_continue = False
        self._forget_recording()
        self._line_ended_at = None
        self._show_feedback(False)
        self.progress.setText(f"Moment {line.index + 1} · {session.scenario.title}")
        self.line.setText(line.text)
        self.answer.blockSignals(True)
        self.answer.clear()
        self.answer.blockSignals(False)
        self.answer.setReadOnly(False)
        self.send_button.setText("Send answer (Ctrl+Enter)")
        self.send_button.setEnabled(True)
        self.clock.setText(clock_text(0, line.answer_time))
        self.clock.setProperty("state", "waiting")
        theme.restyle(self.clock)
        self._speak(line.text)
        self._prepare_next_lines()
        (self.mic_button if self._can_speak() else self.answer).setFocus()
        self._tick.start()

    def _text_only(self) -> bool:
        return self.muted or self.speech.is_available() is False

    def _speak(self, text: str) -> None:
        """Speak the line, and start the answer clock when it has been said. As text only (no sound device,
        no speech engine, or muted) the line is all there at once, so the clock starts now."""
        self._speaking_line = False
        if self._text_only():
            self.speaking_indicator.stop()
            self._start_clock()
            return
        self.speech.speak(text, *self._voice_hints())  # may end a line still playing: not this one
        self._speaking_line = True
        self._show_speaking(text)

    def _show_speaking(self, text: str) -> None:
        self.speaking_indicator.start(estimated_seconds(text, self.words_per_minute))
        self.stop_button.setEnabled(True)

    def _voice_hints(self) -> tuple[str, str]:
        voice = self._active().scenario.recruiter.voice
        return voice.language, voice.gender

    def _prepare_next_lines(self) -> None:
        """Synthesise the lines that may come next while the student is still answering."""
        session = self._active()
        for route in session.turn.routes():
            if route.goto:
                self.speech.prepare(session.fill(session.scenario.turns[route.goto].say), *self._voice_hints())

    def _speech_finished(self) -> None:
        self.speaking_indicator.stop()
        self.stop_button.setEnabled(False)
        if self._speaking_line:
            self._speaking_line = False
            self._start_clock()

    def _start_clock(self) -> None:
        if self.session is not None and self.session.current is not None:
            self.session.line_finished()
            self._line_ended_at = time.monotonic()
            self._update_clock()
            if self.hands_free and self._can_speak() and not self._waiting_to_continue:
                self.start_listening()

    def _typed(self) -> None:
        if self.session is not None and self.session.current is not None and not self._waiting_to_continue:
            self.session.keystroke()

    def _update_clock(self) -> None:
        if self.session is None or self.session.current is None or self._waiting_to_continue:
            return
        elapsed = self.session.elapsed()
        window = self.session.current.answer_time
        self.clock.setText(clock_text(elapsed, window))
        state = (
            "waiting"
            if self.session.answer_clock_started is None
            else ("over" if window and elapsed > window.max else "running")
        )
        if self.clock.property("state") != state:
            self.clock.setProperty("state", state)
            theme.restyle(self.clock)

    def submit(self) -> None:
        """Ctrl+Enter: send the answer (or, while feedback is showing, carry on)."""
        if self.session is None or self._job is not None:
            return
        if self._waiting_to_continue:
            self._continue()
            return
        if self.listening is not None and self.listening.busy:
            self.status.emit("Finishing what you said: send again once your words are in the box.")
            self.stop_listening()
            return
        text = self.answer.toPlainText().strip()
        if not text or self.session.current is None:
            self.status.emit("Say or type an answer first — even a short one.")
            return
        self.speech.stop()
        self.send_button.setEnabled(False)
        self.answer.setReadOnly(True)
        self._tick.stop()
        session, recording, keep = self.session, self._recording, self.keep_recording
        if recording is None:
            self._job = workers.start(lambda: session.submit(text), self._scored, self._failed, lane="interactive")
            return
        line_ended_at, words = self._line_ended_at, list(recording.transcript.words)

        def submit_spoken() -> tuple[TurnRecord, list[Any]]:
            delivery = recording.delivery(line_ended_at, edited_text=text)
            record = session.submit(text, delivery=delivery)
            if keep is not None:
                keep(session, record, recording.samples)
            return record, words

        self._job = workers.start(submit_spoken, self._scored_spoken, self._failed, lane="interactive")

    def _scored_spoken(self, result: tuple[TurnRecord, list[Any]]) -> None:
        self._scored(*result)

    def _scored(self, record: TurnRecord, words: list[Any] | None = None) -> None:
        self._job = None
        self._forget_recording()
        self.status.emit("Scored: " + ", ".join(f"{d.label} {d.score:.0f}" for d in record.score.dimensions.values()))
        if self.feedback_mode == AFTER_EACH:
            # Filled while hidden; shown on the next timer turn, so filling it and laying it out never add up to one
            # long freeze.
            self.feedback.show_record(record, words)
            self._waiting_to_continue = True
            self.send_button.setText("Continue (Ctrl+Enter)")
            self.send_button.setEnabled(True)
            self.send_button.setFocus()
            QTimer.singleShot(1, self, lambda: self._show_feedback(True) if self._waiting_to_continue else None)
            return
        self._continue()

    def _failed(self, error: Exception) -> None:
        self._job = None
        self.answer.setReadOnly(False)
        self.send_button.setEnabled(True)
        self.status.emit(f"That answer couldn't be scored: {error}")

    def _show_feedback(self, shown: bool) -> None:
        """Feedback takes the answer box's place (the answer is in it, highlighted), and the persona and the
        voice buttons step aside: on a laptop screen the bars, tips and coach's note need the height."""
        self.answer.setVisible(not shown)
        self.mic_bar.setVisible(not shown and self._voice_shown())
        self.persona.setVisible(not shown)
        self.voice_bar.setVisible(not shown and not self._text_only())
        self.notice.setVisible(bool(self.notice.text()) and not shown)
        self.line.setProperty("role", "line-small" if shown else "line")
        theme.restyle(self.line)
        self.feedback_area.setVisible(shown)
        if shown:
            self.feedback_area.verticalScrollBar().setValue(0)  # each answer's feedback opens at its top

    def _continue(self) -> None:
        if self._active().ended:
            self._finish()  # the page gives way to the debrief as it is: `start` lays it out afresh next time
        else:
            self._show_line()

    def _finish(self) -> None:
        self._tick.stop()
        session = self._active()
        ending = session.ending
        if ending is not None and not self._text_only():
            self._speaking_line = False
            self.speech.speak(ending.closing_line, *self._voice_hints())
        self.finished.emit(session)

    def replay(self) -> None:
        """Say the line again (Ctrl+R): only while it is the one on show, not under an answer's feedback."""
        if self._waiting_to_continue or self._text_only():
            return
        if self.session is not None and self.session.current is not None:
            self.speech.replay()
            self._show_speaking(self.session.current.text)

    def stop(self) -> None:
        """End the rehearsal early; the answers so far still get a debrief."""
        if self.session is None:
            return
        self._forget_recording()
        self._speaking_line = False
        self.speech.stop()
        self._tick.stop()
        self.finished.emit(self.session)

    def stop_quietly(self) -> None:
        """Silence and stop the clock without a debrief (leaving the page or closing the window)."""
        self._forget_recording()
        self._speaking_line = False
        self._tick.stop()
        self.speech.stop()
        self.speaking_indicator.stop()

    def retry_from(self, index: int) -> None:
        self._active().retry_from(index)
        self._show_line()

    def _speech_unavailable(self, message: str) -> None:
        """Say in the window why the lines are text only; a line waiting to be spoken is shown as text now."""
        self.notice.setText(message or "The recruiter's lines are shown as text.")
        self.notice.setVisible(not self._waiting_to_continue)
        self.replay_button.setEnabled(False)
        self.stop_button.setEnabled(False)
        self.speaking_indicator.stop()
        self.voice_bar.hide()  # nothing to replay or stop: the room goes to the answer

    # ---- answering out loud -----------------------------------------------------------------------------
    def _can_speak(self) -> bool:
        return self.listening is not None and self.listening.is_ready

    def _voice_shown(self) -> bool:
        """The microphone row shows while speaking is possible, or loading, or to say why it isn't."""
        return self.listening is not None

    def _show_voice_state(self, _reason: str = "") -> None:
        listening = self.listening
        ready = self._can_speak()
        self.mic_button.setVisible(ready)
        self.level_meter.setVisible(ready)
        self.rerecord_button.setVisible(False)
        self.mic_bar.setVisible(self._voice_shown() and not self._waiting_to_continue)
        if listening is None:
            return
        if ready:
            self.voice_state.setProperty("role", "muted")
            self.voice_state.setText(SPEAK_HINT)
            self.answer.setPlaceholderText("Or type your answer… (Ctrl+Enter to send)")
            idle = self.session is not None and not self._waiting_to_continue and not self.answer.toPlainText()
            if idle and self.answer.hasFocus():
                self.mic_button.setFocus()
        else:
            self.voice_state.setText(listening.reason or "Getting the microphone ready… (type meanwhile)")
        theme.restyle(self.voice_state)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Space held on the microphone button: speak while it is down."""
        if watched is self.mic_button and event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            key = event if isinstance(event, QKeyEvent) else None
            if key is not None and key.key() == Qt.Key.Key_Space:
                if not key.isAutoRepeat():
                    if event.type() == QEvent.Type.KeyPress:
                        self.start_listening()
                    else:
                        self.stop_listening()
                return True
        return super().eventFilter(watched, event)

    def toggle_listening(self) -> None:
        if self.listening is not None and self.listening.listening:
            self.stop_listening()
        else:
            self.start_listening()

    def start_listening(self) -> None:
        listening = self.listening
        if listening is None or self.session is None or self.session.current is None or self._job is not None:
            return
        if self._waiting_to_continue or listening.busy:
            return
        if not listening.is_ready:
            self.status.emit(listening.reason or "The microphone isn't ready yet: type your answer meanwhile.")
            return
        self.speech.stop()  # talking over the recruiter ends their line
        self._recording = None
        if listening.begin(hands_free=self.hands_free, owner=self):
            self.answer.setReadOnly(True)

    def stop_listening(self) -> None:
        if self.listening is not None and self.listening.listening:
            self.listening.end()
            self.voice_state.setText("Turning what you said into text…")

    def record_again(self) -> None:
        """Throw away the spoken answer in the box and listen afresh."""
        self._forget_recording()
        self.start_listening()

    def _forget_recording(self) -> None:
        if self.listening is not None and self.listening.busy:
            self.listening.cancel()
        if self._recording is not None or self.answer.isReadOnly():
            self._recording = None
            self.answer.setReadOnly(False)
            self.answer.blockSignals(True)
            self.answer.clear()
            self.answer.blockSignals(False)
        self.level_meter.set_level(0.0)
        self._show_voice_state()

    def _listening_started(self) -> None:
        if self.listening is None or not self.listening.is_for(self):
            return
        self.mic_button.setText("Listening… (release Space)")
        self.voice_state.setProperty("role", "listening")
        self.voice_state.setText("Listening… your words appear below as you speak.")
        theme.restyle(self.voice_state)
        self.rerecord_button.hide()

    def _partial(self, text: str) -> None:
        if self.listening is not None and self.listening.busy and self.listening.is_for(self):
            self.answer.blockSignals(True)
            self.answer.setPlainText(text)
            self.answer.blockSignals(False)

    def _heard(self, recording: Recording) -> None:
        if self.listening is None or not self.listening.is_for(self):
            return  # another part of the app asked for this recording
        self.mic_button.setText(SPEAK_BUTTON)
        self.voice_state.setProperty("role", "muted")
        theme.restyle(self.voice_state)
        if self.session is None or self.session.current is None or self._waiting_to_continue:
            return
        text = recording.transcript.text.strip()
        self.answer.setReadOnly(False)
        self.answer.blockSignals(True)
        self.answer.setPlainText(text)
        self.answer.blockSignals(False)
        if not text:
            self.voice_state.setText("Nothing was heard. Try again (hold Space), or type your answer.")
            self.mic_button.setFocus()
            return
        self._recording = recording
        self.voice_state.setText("Fix any misheard words, then send (Ctrl+Enter) — or record again.")
        self.rerecord_button.show()
        self.answer.setFocus()
        self.answer.moveCursor(self.answer.textCursor().MoveOperation.End)

    def _listening_failed(self, message: str) -> None:
        if self.listening is None or not self.listening.is_for(self):
            return
        self.mic_button.setText(SPEAK_BUTTON)
        self.answer.setReadOnly(False)
        self.voice_state.setProperty("role", "muted")
        self.voice_state.setText(message)
        theme.restyle(self.voice_state)
        self.status.emit(message)
