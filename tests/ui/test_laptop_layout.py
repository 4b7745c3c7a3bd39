"""The rehearsal page on a laptop screen, through the real window (Flower panel open): once an answer is scored,
the bars and tips get the room. At 1280×720 every bar and tip is in view without scrolling; at 1024×640 the bars
are in view and every tip is reachable by scrolling the feedback alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QWidget

from app import paths
from app.reports.wording import tips_to_show
from app.ui.main_window import MainWindow
from app.ui.speech import SpeechService
from tests.conftest import FIXTURE_SCENARIOS

LAPTOP, SMALL = QSize(1280, 720), QSize(1024, 640)
# Longer than any shipped line and persona: the worst case the layout has to hold.
LONG_LINE = (
    "Right then, good news from our side. We would like you to join Quillfeather Labs as a Test Engineer on the "
    "platform team, starting next month, with twenty-five days of holiday, the company pension and a learning "
    "budget. Before I write anything down, what salary were you hoping for?"
)
LONG_PERSONA = (
    "Brisk and friendly, with a dry sense of humour. Careful with the budget and quick to notice hedging; "
    "respects a number that comes with a reason and goes quiet at anything that sounds like an ultimatum."
)
HEDGING = "Um, sorry, I guess maybe like 50k? I'm not sure, honestly, whatever works for you is fine I think."
LONG_ANSWER = " ".join(
    [
        "Thank you so much, I'm really excited about the team and the platform work.",
        "I hope for the upper half of your range, as my testing work on two open source projects caught real bugs.",
        "Could you share the range you have budgeted for the role?",
        "Mentoring and pairing with senior engineers would matter a lot to me as well.",
    ]
    * 2
)


@pytest.fixture
def laptop_call(user_scenarios: Path) -> str:
    """The first-call fixture with a long opening line and persona, as a scenario of its own."""
    text = (FIXTURE_SCENARIOS / "first-call.yaml").read_text(encoding="utf-8")
    text = text.replace("id: first-call", "id: laptop-call").replace("Fixture: the first call", "Laptop call")
    text = text.replace("persona: Brisk and friendly.", f"persona: {LONG_PERSONA}")
    text = text.replace("say: Hello {student.name}! What salary are you hoping for at {company}?", f"say: {LONG_LINE}")
    assert LONG_LINE in text and LONG_PERSONA in text
    (user_scenarios / "laptop-call.yaml").write_text(text, encoding="utf-8")
    return "laptop-call"


@pytest.fixture
def sized_window(qtbot, qapp, user_scenarios: Path):
    """The window as the app styles it (app.qss: big headings, padded lines), at a given size."""
    windows: list[MainWindow] = []
    qapp.setStyleSheet((paths.resources() / "styles" / "app.qss").read_text(encoding="utf-8"))  # the sizes

    def open_at(size: QSize) -> MainWindow:
        win = MainWindow(speech=SpeechService(paths.user_cache() / "speech", enabled=False))
        qtbot.addWidget(win)
        windows.append(win)
        with qtbot.waitSignal(win.library_page.loaded, timeout=10_000):
            win.show()
        win.resize(size)
        return win

    yield open_at
    for win in windows:
        win.close()
    qapp.setStyleSheet("")


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def in_view(widget: QWidget, viewport: QWidget) -> bool:
    """Shown whole: inside the scroll area's viewport, which is itself inside the window."""
    window = viewport.window()
    return (
        widget.isVisible()
        and viewport.rect().contains(rect_in(widget, viewport))
        and window.rect().contains(rect_in(viewport, window))
    )


def answer_at(qtbot, win: MainWindow, size: QSize, scenario_id: str, answer: str):
    page = win.rehearsal_page
    win.library_page.rehearse.emit(win.library_page.library.get(scenario_id))
    qtbot.waitUntil(lambda: win.size() == size and page.session is not None and not page.answer.isReadOnly())
    assert win.size() == size, "nothing on the page needs a bigger window"
    qtbot.keyClicks(page.answer, answer)
    page.submit()
    settled(qtbot, page)
    return page


def settled(qtbot, page) -> None:
    """Feedback is showing and laid out (layouts settle on the event loop's next turns)."""
    qtbot.waitUntil(lambda: page.feedback_area.isVisible())
    qtbot.waitUntil(lambda: page.feedback.bars.bars and all(b.width() > 100 for b in page.feedback.bars.bars.values()))
    qtbot.wait(50)


@pytest.mark.parametrize("size", [LAPTOP, SMALL], ids=["1280x720", "1024x640"])
def test_after_an_answer_the_bars_are_in_view_and_every_tip_can_be_read(
    qtbot, sized_window, laptop_call: str, size: QSize
) -> None:
    win = sized_window(size)
    page = answer_at(qtbot, win, size, laptop_call, HEDGING)
    feedback, area = page.feedback, page.feedback_area
    viewport = area.viewport()
    assert not page.answer.isVisible(), "the typing box gives way to the feedback"
    assert feedback.answer.isVisible() and HEDGING.split(",")[0] in feedback.answer.toPlainText()
    tips = feedback.tip_labels
    record = page.session.records[-1]
    assert len(tips) == len(tips_to_show(record.score)) >= 2, feedback.tips_text()  # as many as a feedback gets
    assert len(feedback.bars.bars) == 3
    assert area.verticalScrollBar().value() == 0
    for bar in feedback.bars.bars.values():
        assert in_view(bar, viewport), f"{bar.accessibleName()} bar is cut off at {size}"
    assert in_view(page.send_button, win), "Continue is on screen"
    if size == LAPTOP:
        for tip in tips:
            assert in_view(tip, viewport), f"tip cut off at {size}: {tip.text()}"
        assert in_view(feedback.coaching, viewport)
    else:
        for tip in tips:
            area.ensureWidgetVisible(tip, 0, 0)
            assert in_view(tip, viewport), f"tip out of reach at {size}: {tip.text()}"
        area.verticalScrollBar().setValue(0)
        assert all(in_view(bar, viewport) for bar in feedback.bars.bars.values())


def test_a_long_answer_shows_a_few_lines_and_opens_on_request(qtbot, sized_window, laptop_call: str) -> None:
    win = sized_window(SMALL)
    page = answer_at(qtbot, win, SMALL, laptop_call, LONG_ANSWER)
    answer = page.feedback.answer
    assert answer.line_count() > 3
    assert answer.expand.isVisible() and not answer.is_expanded()
    assert answer.height() == answer.collapsed_height() < answer.full_height()
    for bar in page.feedback.bars.bars.values():
        assert in_view(bar, page.feedback_area.viewport())
    qtbot.mouseClick(answer.expand, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: answer.height() == answer.full_height())
    assert answer.is_expanded() and answer.expand.text() == "Show less of the answer"
    qtbot.mouseClick(answer.expand, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: answer.height() == answer.collapsed_height())
    assert not answer.is_expanded()
    answer.setFocus()
    for result in answer.results:  # Tab from highlight to highlight, past the lines shown
        qtbot.keyClick(answer, Qt.Key.Key_Tab)
        assert answer.focused_result() is result
    assert answer.is_expanded(), "the keyboard went past the lines shown, so the whole answer opened"
    assert answer.height() == answer.full_height()


def test_each_answers_feedback_opens_at_its_top(qtbot, sized_window, laptop_call: str) -> None:
    win = sized_window(SMALL)
    page = answer_at(qtbot, win, SMALL, laptop_call, LONG_ANSWER)
    page.feedback.answer.set_expanded(True)  # the whole answer: more than 1024×640 holds
    bar = page.feedback_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    assert bar.value() > 0
    page.submit()  # continue to the next moment
    qtbot.waitUntil(lambda: not page.answer.isReadOnly() and page.answer.isVisible())
    qtbot.keyClicks(page.answer, "Okay, sorry, I guess that is fine.")
    page.submit()
    settled(qtbot, page)
    assert bar.value() == 0
    assert all(in_view(b, page.feedback_area.viewport()) for b in page.feedback.bars.bars.values())
