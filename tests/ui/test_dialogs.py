"""Preferences, the first-run guide and the folder dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ui import theme
from app.ui.dialogs.first_run import FirstRunGuide
from app.ui.dialogs.folder_dialog import FolderDialog
from app.ui.dialogs.settings_dialog import Preferences, SettingsDialog
from app.ui.main_window import settings
from app.voice.engine import VoiceInfo


def test_preferences_round_trip_through_the_dialog_and_settings(qtbot) -> None:
    voices = [VoiceInfo("gmw/en-gb-x-rp", "English (Received Pronunciation)", ("en-gb",), None)]
    dialog = SettingsDialog(Preferences(), voices)
    qtbot.addWidget(dialog)
    dialog.voice.setCurrentIndex(1)
    dialog.rate.setValue(150)
    dialog.muted.setChecked(True)
    dialog.feedback.setCurrentIndex(dialog.feedback.findData("at_end"))
    chosen = dialog.preferences()
    chosen.save(settings())
    assert Preferences.load(settings()) == Preferences("gmw/en-gb-x-rp", 150, True, "at_end")


def test_answering_out_loud_preferences_default_to_held_key_and_kept_recordings(qtbot) -> None:
    assert (Preferences.load(settings()).hands_free, Preferences.load(settings()).keep_audio) == (False, True)
    dialog = SettingsDialog(Preferences.load(settings()), [])
    qtbot.addWidget(dialog)
    dialog.hands_free.setChecked(True)
    dialog.keep_audio.setChecked(False)
    dialog.preferences().save(settings())
    loaded = Preferences.load(settings())
    assert (loaded.hands_free, loaded.keep_audio) == (True, False)


def test_appearance_is_offered_and_saved(qtbot) -> None:
    assert Preferences.load(settings()).appearance == theme.SYSTEM  # nothing chosen yet: follow the computer
    dialog = SettingsDialog(Preferences(), [])
    qtbot.addWidget(dialog)
    offered = [dialog.appearance.itemText(i) for i in range(dialog.appearance.count())]
    assert offered == ["Same as my computer", "Light", "Dark"] and dialog.appearance.currentData() == theme.SYSTEM
    dialog.appearance.setCurrentIndex(dialog.appearance.findData(theme.DARK))
    dialog.preferences().save(settings())
    assert Preferences.load(settings()).appearance == theme.DARK
    again = SettingsDialog(Preferences.load(settings()), [])
    qtbot.addWidget(again)
    assert again.appearance.currentText() == "Dark"
    stored = settings()
    stored.setValue(theme.SETTINGS_KEY, "sepia")  # a hand-edited file
    assert Preferences.load(stored).appearance == theme.SYSTEM


def test_voices_are_listed_english_first_each_group_by_name(qtbot) -> None:
    voices = [
        VoiceInfo("roa/fr", "French (France)", ("fr-fr",), None),
        VoiceInfo("gmw/en-us", "English (America)", ("en-us",), None),
        VoiceInfo("gmw/de", "German", ("de",), None),
        VoiceInfo("gmw/en-gb-scotland", "English (Scotland)", ("en-gb-scotland", "en"), None),
        VoiceInfo("gmw/en-gb-x-rp", "english (Received Pronunciation)", ("EN-GB",), None),
        VoiceInfo("art/eo", "Esperanto", ("eo",), None),  # starts with "e", not "en"
    ]
    dialog = SettingsDialog(Preferences(), voices)
    qtbot.addWidget(dialog)
    listed = [dialog.voice.itemText(i) for i in range(dialog.voice.count())]
    assert listed == [
        "Each recruiter's own voice",
        "English (America)",
        "english (Received Pronunciation)",
        "English (Scotland)",
        "Esperanto",
        "French (France)",
        "German",
    ]
    dialog.voice.setCurrentIndex(listed.index("German"))
    assert dialog.preferences().voice == "gmw/de"  # each name still picks its own voice


def test_the_folder_dialog_shows_the_path_selected_with_a_copy_button(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "my scenarios"
    dialog = FolderDialog(folder, "Your scenarios folder", "Here it is.")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.path.text() == str(folder) and dialog.path.selectedText() == str(folder)
    assert dialog.path.isReadOnly() and dialog.path.width() >= dialog.path.fontMetrics().horizontalAdvance(str(folder))
    QApplication.clipboard().setText("something else")
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == str(folder) and dialog.copy_button.text() == "Copied"


def test_first_run_guide_builds_a_profile(qtbot) -> None:
    guide = FirstRunGuide()
    qtbot.addWidget(guide)
    qtbot.keyClicks(guide.name, "Sam")
    qtbot.keyClicks(guide.priorities[0], "mentorship")
    qtbot.keyClicks(guide.priorities[2], "staying in Colorado")
    qtbot.keyClicks(guide.target, "$85,000")
    qtbot.keyClicks(guide.walk_away, "70k")
    profile = guide.profile()
    assert profile.name == "Sam" and [p.label for p in profile.priorities] == ["mentorship", "staying in Colorado"]
    assert (profile.target, profile.walk_away) == (85000, 70000)
    assert guide.target.echoMode() == guide.target.EchoMode.Password


def test_scenario_sources_are_kept_in_the_preferences(qtbot, tmp_path) -> None:
    dialog = SettingsDialog(Preferences.load(settings()), [])
    qtbot.addWidget(dialog)
    dialog.sources.add(str(tmp_path / "course"))
    dialog.sources.add(str(tmp_path / "course"))  # once only
    dialog.sources.add(str(tmp_path / "pack"))
    dialog.preferences().save(settings())
    assert Preferences.load(settings()).sources == [str(tmp_path / "course"), str(tmp_path / "pack")]
    dialog.sources.list.setCurrentRow(0)
    dialog.sources.list.takeItem(0)
    dialog.preferences().save(settings())
    assert Preferences.load(settings()).sources == [str(tmp_path / "pack")]
