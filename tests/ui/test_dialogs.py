"""Preferences and the first-run guide."""

from __future__ import annotations

from app.ui.dialogs.first_run import FirstRunGuide
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
