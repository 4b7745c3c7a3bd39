"""The delivery panel's figures and their colour bands agree with the curriculum's figures and the scoring."""

from __future__ import annotations

import pytest

from app.core.delivery import Delivery, Filler, Pause, Word
from app.ui.widgets.delivery_panel import DeliveryPanel, delivery_figures


def said(onset: float = 1.0, pace: float | None = 140.0, fillers: int = 0, pauses: tuple[Pause, ...] = ()) -> Delivery:
    return Delivery(onset, 30.0, pace, tuple(Filler("um", 2.0 + i, 0, 2) for i in range(fillers)), pauses)


def band(delivery: Delivery, what: str) -> str:
    return next(b for w, _, b in delivery_figures(delivery) if w == what)


@pytest.mark.parametrize(
    ("pace", "expected"),
    [(95.0, "warn"), (105.0, "warn"), (115.0, "good"), (150.0, "good"), (180.0, ""), (200.0, "warn")],
)
def test_pace_is_good_in_the_easy_band_flagged_outside_the_scored_one(pace: float, expected: str) -> None:
    assert band(said(pace=pace), "Pace") == expected


@pytest.mark.parametrize(("onset", "expected"), [(0.8, "good"), (3.0, ""), (7.5, "warn")])
def test_a_long_wait_before_the_first_word_is_flagged(onset: float, expected: str) -> None:
    assert band(said(onset=onset), "First word after") == expected


def test_fillers_say_where_they_were_and_that_the_count_is_a_lower_bound(qtbot) -> None:
    panel = DeliveryPanel()
    qtbot.addWidget(panel)
    panel.show_delivery(said(fillers=3, pauses=(Pause(5.0, 3.4, 10),)))
    text = "\n".join(panel.figures_text())
    assert "3 fillers, 6.0 a minute: “um” at 2.0 s, “um” at 3.0 s, “um” at 4.0 s" in text
    assert "Long pauses: 3.4 s at 5.0 s" in text
    assert "lower bound" in panel.note.text()
    assert not panel.replay.isVisibleTo(panel), "nothing to replay without a kept recording"


def test_nothing_heard_is_said_plainly() -> None:
    assert delivery_figures(Delivery(None, 0.0, None)) == [("Heard", "nothing", "warn")]


def test_the_word_being_played_is_lit(qtbot, tmp_path) -> None:
    panel = DeliveryPanel()
    qtbot.addWidget(panel)
    words = [Word("Thanks", 0.5, 0.9), Word(" for", 0.9, 1.1), Word(" asking", 1.1, 1.6)]
    panel.show_delivery(said(), None, words)
    panel.follow(1000)
    assert panel.lit_word() == "for"
    panel.follow(-1)
    assert panel.lit_word() is None
