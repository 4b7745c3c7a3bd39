"""Try an answer at a turn of the scenario being edited: the way the call goes and why (what was detected, which
branches held), the scores and the recruiter's reply; then keep it as one of the turn's examples, or hear the
turn's line in the recruiter's voice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .. import workers
from ..widgets.combos import refill
from ..widgets.labels import plain_label

if TYPE_CHECKING:
    from ...core.scenario import Scenario
    from ...core.trying import Tried
    from ...practice import Practice
    from ..listening import Listening, Recording


def tried_text(tried: Tried) -> str:
    """Plain text: the route and why, each branch and whether it held, what was detected, scores, the reply."""
    turn = tried.scenario.turns[tried.turn_id]
    lines = [f"Goes to: {tried.target}   ({tried.why})", ""]
    for check in tried.checks:
        mark = "✓" if check.held else "·"
        taken = "   ← taken" if check.index == tried.branch else ""
        lines.append(f"{mark} branch {check.index + 1}: {check.when} → {check.target}{taken}")
    lines.append(f"  otherwise → {turn.otherwise.target}" + ("   ← taken" if tried.branch is None else ""))
    found = tried.detections()
    detected = [f"{flag} (“{'”, “'.join(words)}”)" if words else flag for flag, words in found["flags"].items()]
    if found["asks"]:
        detected.append("asks for " + ", ".join(f"{a:,.0f}" for a in found["asks"]))
    if found["phrases"]:
        detected.append("says " + ", ".join(f"“{p}”" for p in found["phrases"]))
    if found["levers"]:
        detected.append("raises " + ", ".join(found["levers"]))
    lines += ["", "Detected: " + ("; ".join(detected) or "nothing the branches test")]
    score = tried.score
    scores = ", ".join(f"{d.label} {d.score:g}" for d in score.dimensions.values())
    lines.append(f"Scores: {scores} (overall {score.overall:g})")
    lines.append(f"Goodwill: {tried.goodwill.before} → {tried.goodwill.after}")
    lines += ["", f"The recruiter: “{tried.reply}”"]
    return "\n".join(lines)


class TryPanel(QWidget):
    """Pick a turn, type an answer, Try (Ctrl+Enter). `add_example(turn_id, entry)` and `hear(turn_id)` ask the
    studio to act; `status` reports."""

    add_example = Signal(str, object)  # turn id, the examples: entry (a dict)
    hear = Signal(str)  # turn id
    status = Signal(str)

    def __init__(self, practice: Practice, listening: Listening | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.practice = practice
        self.listening = listening
        self.scenario: Scenario | None = None
        self.tried: Tried | None = None
        self._job: workers.Job | None = None
        self.turn = QComboBox()
        self.turn.setAccessibleName("Turn")
        self.turn.currentIndexChanged.connect(self._turn_changed)
        self.hear_button = QPushButton("Hear it")
        self.hear_button.setToolTip("Play this turn's line in the recruiter's voice")
        self.hear_button.clicked.connect(lambda: self.hear.emit(self.turn_id()))
        self.line = plain_label("", "line")
        self.answer = QPlainTextEdit()
        self.answer.setAccessibleName("Answer to try")
        self.answer.setPlaceholderText("Type an answer a student might give, then Try (Ctrl+Enter)")
        self.answer.setMaximumHeight(90)
        self.answer.setTabChangesFocus(True)
        QShortcut(QKeySequence("Ctrl+Return"), self.answer, self.try_it, Qt.ShortcutContext.WidgetShortcut)
        self.try_button = QPushButton("Try (Ctrl+Enter)")
        self.try_button.clicked.connect(self.try_it)
        self.speak_button = QPushButton("Speak an answer")
        self.speak_button.setCheckable(True)
        self.speak_button.setToolTip("Say the answer out loud, then click again: it is transcribed and tried")
        self.speak_button.toggled.connect(self._speak)
        self.speak_button.setVisible(listening is not None and listening.is_ready)
        if listening is not None:
            listening.ready.connect(lambda: self.speak_button.setVisible(True))
            listening.heard.connect(self._heard)
            listening.failed.connect(self._listening_failed)
        self.add_button = QPushButton("Add as example")
        self.add_button.setToolTip("Add this answer, and where it went, to the turn's examples: (undo with Ctrl+Z)")
        self.add_button.setEnabled(False)
        self.add_button.clicked.connect(self._add)
        self.result = QTextBrowser()
        self.result.setAccessibleName("Where the answer goes, and why")
        self.result.setPlaceholderText("Where the answer goes, and why, shows here.")
        top = QHBoxLayout()
        top.addWidget(QLabel("Turn:"))
        top.addWidget(self.turn, 1)
        top.addWidget(self.hear_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.try_button)
        buttons.addWidget(self.speak_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.line)
        layout.addWidget(self.answer)
        layout.addLayout(buttons)
        layout.addWidget(self.result, 1)
        self._spoken: dict[str, str] = {}
        self._enable()

    def _speak(self, on: bool) -> None:
        """Speak an answer: the microphone listens until the button is clicked again, then the words are tried."""
        listening = self.listening
        if listening is None:
            return
        if on:
            if not listening.begin(owner=self):
                self.speak_button.setChecked(False)
                self.status.emit(listening.reason or "The microphone is busy: try again in a moment.")
                return
            self.speak_button.setText("Listening… click to stop")
        elif listening.listening and listening.is_for(self):
            listening.end()
            self.speak_button.setText("Turning it into text…")

    def _heard(self, recording: Recording) -> None:
        if self.listening is None or not self.listening.is_for(self):
            return
        self._speak_done()
        self.answer.setPlainText(recording.transcript.text.strip())
        if self.answer.toPlainText():
            self.try_it()
        else:
            self.status.emit("Nothing was heard: try again, or type the answer.")

    def _listening_failed(self, message: str) -> None:
        if self.listening is not None and self.listening.is_for(self):
            self._speak_done()
            self.status.emit(message)

    def _speak_done(self) -> None:
        self.speak_button.blockSignals(True)
        self.speak_button.setChecked(False)
        self.speak_button.blockSignals(False)
        self.speak_button.setText("Speak an answer")

    def turn_id(self) -> str:
        return str(self.turn.currentData() or "")

    def set_scenario(self, scenario: Scenario | None, spoken: dict[str, str]) -> None:
        """The latest version of the scenario that reads (the turns to pick from follow it)."""
        self.scenario, self._spoken = scenario, spoken
        turns = list(scenario.turns) if scenario is not None else []
        if [self.turn.itemData(i) for i in range(self.turn.count())] != turns:
            refill(self.turn, [(turn, turn) for turn in turns])
        self._turn_changed()
        self._enable()

    def select_turn(self, turn_id: str) -> None:
        index = self.turn.findData(turn_id)
        if index >= 0:
            self.turn.setCurrentIndex(index)

    def _turn_changed(self) -> None:
        self.line.setText(self._spoken.get(self.turn_id(), ""))

    def _enable(self) -> None:
        ready = self.scenario is not None and self._job is None
        self.try_button.setEnabled(ready)
        self.hear_button.setEnabled(self.scenario is not None)

    def try_it(self) -> None:
        scenario, turn_id, answer = self.scenario, self.turn_id(), self.answer.toPlainText().strip()
        if scenario is None or self._job is not None:
            return
        if not answer:
            self.status.emit("Type an answer to try first.")
            return
        if turn_id not in scenario.turns:
            self.status.emit("Pick a turn to answer.")
            return
        practice = self.practice
        self.status.emit(f"Trying the answer at {turn_id}…")
        self._job = workers.start(
            lambda: practice.try_answer(scenario, turn_id, answer),
            self._show,
            self._failed,
            lane="interactive",
            owner=self,
        )
        self._enable()

    def _show(self, tried: Tried) -> None:
        self._job = None
        self.tried = tried
        self.result.setPlainText(tried_text(tried))
        self.add_button.setEnabled(True)
        self.status.emit(f"The answer goes to {tried.target}.")
        self._enable()

    def _failed(self, error: Exception) -> None:
        self._job = None
        self.status.emit(f"Couldn't try that answer: {error}")
        self._enable()

    def _add(self) -> None:
        if self.tried is not None:
            entry: dict[str, Any] = self.tried.example()
            self.add_example.emit(self.tried.turn_id, entry)
