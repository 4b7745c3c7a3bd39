"""How a spoken answer was said: time to the first word, speaking time, pace against a comfortable band, fillers
and where they were, long pauses, and a replay of the recording with each word lit as it plays."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core.scoring import FILLERS_ALLOWED_PER_MIN, PACE_BAND, SLOW_START_SPOKEN_S
from ...reports.wording import LOWER_BOUND, plural, seconds
from .labels import plain_label

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QMediaPlayer

    from ...core.delivery import Delivery, Word

COMFORTABLE = (110, 165)  # words a minute that sound easy to follow (the curriculum: 100-165, flag under 110)
REPLY_GAP_S = 2.0  # a silence much longer than this before answering reads as reluctance


def _band(value: float, low: float, high: float) -> str:
    """ "good" inside the band, "" (no judgement) outside it."""
    return "good" if low <= value <= high else ""


def delivery_figures(delivery: Delivery) -> list[tuple[str, str, str]]:
    """(what, figure, band) rows for the panel; band is "good", "warn" or "" (no judgement)."""
    rows: list[tuple[str, str, str]] = []
    if delivery.onset_s is None:
        return [("Heard", "nothing", "warn")]
    onset = delivery.onset_s
    timely = "good" if onset <= REPLY_GAP_S else ("" if onset <= SLOW_START_SPOKEN_S else "warn")
    rows.append(("First word after", seconds(onset), timely))
    rows.append(("Speaking time", seconds(delivery.speaking_s), ""))
    pace = delivery.words_per_minute
    if pace is not None:
        rows.append(
            (
                "Pace",
                f"{pace:.0f} words a minute (easy to follow: about {COMFORTABLE[0]}–{COMFORTABLE[1]})",
                "warn" if not PACE_BAND[0] <= pace <= PACE_BAND[1] else _band(pace, *COMFORTABLE),
            )
        )
    per_minute = delivery.fillers_per_minute
    if delivery.fillers:
        where = ", ".join(f"“{f.text}” at {f.start:.1f} s" for f in delivery.fillers[:5])
        more = f" and {len(delivery.fillers) - 5} more" if len(delivery.fillers) > 5 else ""
        rate = f", {per_minute:.1f} a minute" if per_minute is not None else ""
        band = "good" if per_minute is not None and per_minute <= FILLERS_ALLOWED_PER_MIN else "warn"
        rows.append(("Fillers", f"{plural(len(delivery.fillers), 'filler')}{rate}: {where}{more}", band))
    else:
        rows.append(("Fillers", "none heard", "good"))
    long = delivery.long_pauses()
    if long:
        where = ", ".join(f"{p.length:.1f} s at {p.start:.1f} s" for p in long[:4])
        rows.append(("Long pauses", where, "warn"))
    return rows


def words_html(words: list[Word], lit: int | None) -> str:
    """The transcript's words with the one being played (index `lit`) marked."""
    out = []
    for index, word in enumerate(words):
        text = html.escape(word.text.strip())
        out.append(f"<span style='background:#ffd54f; color:#000'>{text}</span>" if index == lit else text)
    return " ".join(out)


class DeliveryPanel(QWidget):
    """Shown under a spoken answer's feedback. `show_delivery` fills it; the replay plays the kept recording
    (when there is one) and lights each word of the transcript as it is heard."""

    replay_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = plain_label("How you said it", "subheading")
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setColumnStretch(1, 1)
        self.note = plain_label(role="muted")
        self.replay = QPushButton("Hear your answer")
        self.replay.setCheckable(True)
        self.replay.setAccessibleName("Play your recorded answer")
        self.replay.toggled.connect(self._toggle_replay)
        self.words = QLabel()
        self.words.setTextFormat(Qt.TextFormat.RichText)  # each word escaped in words_html
        self.words.setWordWrap(True)
        self.words.setAccessibleName("Your words as they play")
        self.words.hide()
        replay_row = QHBoxLayout()
        replay_row.setContentsMargins(0, 0, 0, 0)
        replay_row.addWidget(self.replay)
        replay_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addLayout(self.grid)
        layout.addWidget(self.note)
        layout.addLayout(replay_row)
        layout.addWidget(self.words)
        self.rows: list[tuple[QLabel, QLabel]] = []
        self._audio: Path | None = None
        self._word_list: list[Word] = []
        self._player: QMediaPlayer | None = None
        self._lit: int | None = None

    def show_delivery(self, delivery: Delivery, audio: str | None = None, words: list[Word] | None = None) -> None:
        self.stop()
        for old in (label for pair in self.rows for label in pair):
            self.grid.removeWidget(old)
            old.deleteLater()
        self.rows = []
        for row, (what, figure, band) in enumerate(delivery_figures(delivery)):
            name, value = plain_label(what, "muted"), plain_label(figure)
            name.setWordWrap(False)
            if band:
                value.setProperty("band", band)
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(value, row, 1)
            self.rows.append((name, value))
        notes = [f"Filler counts are {LOWER_BOUND}."]
        if delivery.edited:
            notes.append("You corrected the transcript before sending; the figures are from the recording.")
        self.note.setText(" ".join(notes))
        self._audio = Path(audio) if audio else None
        self._word_list = list(words or [])
        playable = self._audio is not None and self._audio.is_file()
        self.replay.setVisible(playable)
        self.words.setText(words_html(self._word_list, None))
        self.words.setVisible(False)

    def figures_text(self) -> list[str]:
        return [f"{what.text()}: {figure.text()}" for what, figure in self.rows]

    # ---- replay -------------------------------------------------------------------------------------
    def _toggle_replay(self, on: bool) -> None:
        if on:
            self.play()
        else:
            self.stop()

    def play(self) -> None:
        if self._audio is None:
            return
        from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

        if not QMediaDevices.audioOutputs():
            self.replay.setChecked(False)
            self.replay_failed.emit("There is no sound device to play your answer on.")
            return
        if self._player is None:
            self._player = QMediaPlayer(self)
            self._player.setAudioOutput(QAudioOutput(self._player))
            self._player.positionChanged.connect(self.follow)
            self._player.mediaStatusChanged.connect(self._status)
            self._player.errorOccurred.connect(lambda _e, text: self._failed(text))
        self.words.setVisible(bool(self._word_list))
        self.replay.setText("Stop")
        self._player.setSource(QUrl.fromLocalFile(str(self._audio)))
        self._player.play()

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()
        self.replay.blockSignals(True)
        self.replay.setChecked(False)
        self.replay.blockSignals(False)
        self.replay.setText("Hear your answer")
        self.follow(-1)

    def follow(self, position_ms: int) -> None:
        """Light the word being heard at `position_ms` into the recording (-1: none)."""
        seconds = position_ms / 1000
        lit = next(
            (i for i, w in enumerate(self._word_list) if position_ms >= 0 and w.start <= seconds < w.end + 0.05),
            None,
        )
        if lit != self._lit:
            self._lit = lit
            self.words.setText(words_html(self._word_list, lit))

    def lit_word(self) -> str | None:
        return None if self._lit is None else self._word_list[self._lit].text.strip()

    def _status(self, status: QMediaPlayer.MediaStatus) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            self.stop()

    def _failed(self, text: str) -> None:
        self.stop()
        self.replay_failed.emit(f"Your answer couldn't be played: {text}")
