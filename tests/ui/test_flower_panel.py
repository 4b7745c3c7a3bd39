"""The Flower panel's numbers in a scenario with another currency: a visible note, and a rate the student sets."""

from __future__ import annotations

from app.core.profile import Profile
from app.ui.flower_panel import FlowerPanel


def test_numbers_in_another_currency_show_a_note_until_the_student_sets_a_rate(qtbot) -> None:
    panel = FlowerPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_profile(Profile(target=45_000, walk_away=40_000, currency="USD"))
    saved: list[Profile] = []
    panel.changed.connect(saved.append)

    panel.set_scenario_currency("USD")
    assert not panel.currency_note.isVisible() and not panel.rate.isVisible()

    panel.set_scenario_currency("GBP")
    assert panel.rate.isVisible() and panel.currency_note.isVisible()
    assert "USD" in panel.currency_note.text() and "GBP" in panel.currency_note.text()

    qtbot.keyClicks(panel.rate, "0.8")
    qtbot.waitUntil(lambda: bool(saved), timeout=3000)
    assert saved[-1].rates == {"GBP": 0.8} and saved[-1].numbers_in("GBP") == (36_000, 32_000)
    assert not panel.currency_note.isVisible()

    panel.set_scenario_currency("EUR")  # a rate per currency: EUR has none yet
    assert panel.rate.text() == "" and panel.currency_note.isVisible() and "EUR" in panel.currency_note.text()
    panel.set_scenario_currency("GBP")
    assert panel.rate.text() == "0.8"


def test_a_rate_that_is_not_a_number_is_a_message_not_a_change(qtbot) -> None:
    panel = FlowerPanel()
    qtbot.addWidget(panel)
    panel.set_profile(Profile(target=45_000, currency="USD"))
    panel.set_scenario_currency("GBP")
    qtbot.keyClicks(panel.rate, "abc")
    panel.flush()
    assert "rate" in panel.message.text() and panel.profile.rates == {}
