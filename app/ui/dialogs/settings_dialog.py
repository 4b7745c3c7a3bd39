"""Preferences: the recruiter's voice, speaking rate, mute, when feedback appears, light or dark, and answering
out loud (hands-free, keeping recordings)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...voice.engine import VoiceInfo
from .. import theme
from ..pages.rehearsal_page import AFTER_EACH, AT_END


def voices_in_order(voices: Iterable[VoiceInfo]) -> list[VoiceInfo]:
    """English voices first (any language starting "en"), then the rest; each group by name."""

    def english(info: VoiceInfo) -> bool:
        return any(language.lower().startswith("en") for language in info.languages)

    return sorted(voices, key=lambda info: (not english(info), info.name.casefold(), info.id))


def _as_list(value: object) -> list[object]:
    """A list read back from the settings file: one item comes back as itself, none as an empty string."""
    if isinstance(value, list):
        return value
    return [value] if value else []


@dataclass
class Preferences:
    voice: str = ""  # "" = each recruiter's own voice
    rate: int = 175
    muted: bool = False
    feedback: str = AFTER_EACH
    appearance: str = theme.SYSTEM  # theme.SYSTEM, LIGHT or DARK
    hands_free: bool = False  # answering out loud: voice activity starts and ends the answer (no key)
    keep_audio: bool = True  # keep each spoken answer's recording with the history
    sources: list[str] = field(default_factory=list)  # more scenario folders (a pack, a course's git checkout)

    @classmethod
    def load(cls, settings: QSettings) -> Preferences:
        rate = settings.value("speech/rate", 175)  # an int, or its text when read back from the settings file
        return cls(
            str(settings.value("speech/voice", "")),
            int(rate) if isinstance(rate, (int, str)) else 175,
            settings.value("speech/muted", False) in (True, "true"),
            str(settings.value("rehearsal/feedback", AFTER_EACH)),
            theme.saved_appearance(settings),
            settings.value("listening/hands_free", False) in (True, "true"),
            settings.value("listening/keep_audio", True) in (True, "true"),
            [str(path) for path in _as_list(settings.value("scenarios/sources", []))],
        )

    def save(self, settings: QSettings) -> None:
        settings.setValue("speech/voice", self.voice)
        settings.setValue("speech/rate", self.rate)
        settings.setValue("speech/muted", self.muted)
        settings.setValue("rehearsal/feedback", self.feedback)
        settings.setValue(theme.SETTINGS_KEY, self.appearance)
        settings.setValue("listening/hands_free", self.hands_free)
        settings.setValue("listening/keep_audio", self.keep_audio)
        settings.setValue("scenarios/sources", list(self.sources))


class SettingsDialog(QDialog):
    def __init__(self, preferences: Preferences, voices: list[VoiceInfo], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.voice = QComboBox()
        self.voice.setAccessibleName("Recruiter voice")
        self.voice.addItem("Each recruiter's own voice", "")
        for info in voices_in_order(voices):
            self.voice.addItem(info.name, info.id)
        self.voice.setCurrentIndex(max(0, self.voice.findData(preferences.voice)))
        self.rate = QSpinBox(minimum=80, maximum=400, singleStep=5, suffix=" words a minute")
        self.rate.setValue(preferences.rate)
        self.rate.setAccessibleName("Speaking rate")
        self.muted = QCheckBox("Text only (don't speak the recruiter's lines)")
        self.muted.setChecked(preferences.muted)
        self.feedback = QComboBox()
        self.feedback.setAccessibleName("When to show feedback")
        self.feedback.addItem("After each answer", AFTER_EACH)
        self.feedback.addItem("Only at the end", AT_END)
        self.feedback.setCurrentIndex(max(0, self.feedback.findData(preferences.feedback)))
        self.appearance = QComboBox()
        self.appearance.setAccessibleName("Appearance")
        for choice, words in theme.APPEARANCES.items():
            self.appearance.addItem(words, choice)
        self.appearance.setCurrentIndex(max(0, self.appearance.findData(preferences.appearance)))
        self.hands_free = QCheckBox("Hands-free: start and stop answering out loud by voice alone")
        self.hands_free.setChecked(preferences.hands_free)
        self.keep_audio = QCheckBox("Keep recordings of my spoken answers (on this computer only)")
        self.keep_audio.setChecked(preferences.keep_audio)
        self.sources = SourceList(preferences.sources)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Voice", self.voice)
        form.addRow("Rate", self.rate)
        form.addRow(self.muted)
        form.addRow("Feedback", self.feedback)
        form.addRow("Appearance", self.appearance)
        form.addRow(self.hands_free)
        form.addRow(self.keep_audio)
        form.addRow("Scenario sources", self.sources)
        form.addRow(buttons)

    def preferences(self) -> Preferences:
        return Preferences(
            self.voice.currentData(),
            self.rate.value(),
            self.muted.isChecked(),
            self.feedback.currentData(),
            self.appearance.currentData(),
            self.hands_free.isChecked(),
            self.keep_audio.isChecked(),
            self.sources.folders(),
        )


class SourceList(QWidget):
    """More folders the library reads scenarios from: an unzipped pack, or a course's scenarios kept in git."""

    def __init__(self, folders: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setAccessibleName("Scenario sources")
        self.list.addItems(folders)
        self.list.setMaximumHeight(90)
        self.list.setToolTip("Folders of scenario files read as well as your own: a shared pack, a course repository")
        add, remove = QPushButton("Add folder…"), QPushButton("Remove")
        add.clicked.connect(self._add)
        remove.clicked.connect(lambda: self.list.takeItem(self.list.currentRow()))
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addLayout(buttons)

    def _add(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "A folder of scenarios")
        if folder:
            self.add(folder)

    def add(self, folder: str) -> None:
        if folder not in self.folders():
            self.list.addItem(folder)

    def folders(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]
