"""Preferences: the recruiter's voice, speaking rate, mute, when feedback appears, and light or dark."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

from ...voice.engine import VoiceInfo
from .. import theme
from ..pages.rehearsal_page import AFTER_EACH, AT_END


def voices_in_order(voices: Iterable[VoiceInfo]) -> list[VoiceInfo]:
    """English voices first (any language starting "en"), then the rest; each group by name."""

    def english(info: VoiceInfo) -> bool:
        return any(language.lower().startswith("en") for language in info.languages)

    return sorted(voices, key=lambda info: (not english(info), info.name.casefold(), info.id))


@dataclass
class Preferences:
    voice: str = ""  # "" = each recruiter's own voice
    rate: int = 175
    muted: bool = False
    feedback: str = AFTER_EACH
    appearance: str = theme.SYSTEM  # theme.SYSTEM, LIGHT or DARK

    @classmethod
    def load(cls, settings: QSettings) -> Preferences:
        rate = settings.value("speech/rate", 175)  # an int, or its text when read back from the settings file
        return cls(
            str(settings.value("speech/voice", "")),
            int(rate) if isinstance(rate, (int, str)) else 175,
            settings.value("speech/muted", False) in (True, "true"),
            str(settings.value("rehearsal/feedback", AFTER_EACH)),
            theme.saved_appearance(settings),
        )

    def save(self, settings: QSettings) -> None:
        settings.setValue("speech/voice", self.voice)
        settings.setValue("speech/rate", self.rate)
        settings.setValue("speech/muted", self.muted)
        settings.setValue("rehearsal/feedback", self.feedback)
        settings.setValue(theme.SETTINGS_KEY, self.appearance)


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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Voice", self.voice)
        form.addRow("Rate", self.rate)
        form.addRow(self.muted)
        form.addRow("Feedback", self.feedback)
        form.addRow("Appearance", self.appearance)
        form.addRow(buttons)

    def preferences(self) -> Preferences:
        return Preferences(
            self.voice.currentData(),
            self.rate.value(),
            self.muted.isChecked(),
            self.feedback.currentData(),
            self.appearance.currentData(),
        )
