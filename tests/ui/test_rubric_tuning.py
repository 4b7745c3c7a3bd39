"""Rubric tuning in the window: the default rubric beside the examples it scores, re-scored as it is edited, class
answers added from a CSV, and saving the user's own copy, which the app then reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shown_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from app import paths
from app.practice import Practice
from app.ui.main_window import MainWindow
from app.ui.studio.rubric_tuning import RubricTuningWindow

BUILT_IN = paths.rubrics() / "default.yaml"


@pytest.fixture
def window(qtbot):
    yield from shown_window(qtbot)


@pytest.fixture
def tuning(qtbot, window: MainWindow):
    tuner = window.studio.tune_rubric()
    assert tuner is not None
    qtbot.waitUntil(lambda: tuner.result is not None)
    yield tuner
    tuner.editor.document().setModified(False)  # no "save changes?" question at the end
    tuner.close()


def replace_text(tuner: RubricTuningWindow, old: str, new: str, after: str) -> None:
    """Select the first `old` after `after` and type `new` over it, as a user would."""
    text = tuner.editor.toPlainText()
    at = text.index(old, text.index(after))
    cursor = QTextCursor(tuner.editor.document())
    cursor.setPosition(at)
    cursor.setPosition(at + len(old), QTextCursor.MoveMode.KeepAnchor)
    tuner.editor.setTextCursor(cursor)
    tuner.editor.textCursor().removeSelectedText()
    for char in new:
        tuner.editor.insertPlainText(char)


def thanked(result) -> bool:
    return any(c.id == "thanks" and c.status == "met" for c in result.before.criteria)


def test_it_opens_on_the_default_rubric_with_every_example_unchanged(tuning: RubricTuningWindow, window) -> None:
    assert tuning.editor.toPlainText() == BUILT_IN.read_text(encoding="utf-8")
    assert "built-in" in tuning.windowTitle()
    examples = sum(len(t.examples) for s in window.library_page.library.scenarios for t in s.turns.values())
    assert len(tuning.result.results) == examples > 40
    assert tuning.summary.text() == f"None of the {examples} answers change."
    assert tuning.problems.texts() == ["No problems: the rubric checks out."]
    assert tuning.model.rowCount() == examples
    headers = [tuning.model.headerData(i, Qt.Orientation.Horizontal) for i in range(tuning.model.columnCount())]
    assert headers == ["Change", "Answer", "From", "Confidence", "Respect", "Value", "Criteria that moved"]


def test_more_points_for_thanks_move_the_answers_that_thank(qtbot, tuning: RubricTuningWindow) -> None:
    replace_text(tuning, "points: learned", "points: 40", after="id: thanks")
    qtbot.waitUntil(lambda: any(r.changed for r in tuning.result.results))
    results = tuning.result.results
    assert all(thanked(r) for r in results if r.changed or r.criteria)
    up = [r for r in results if thanked(r) and r.before.dimensions["respect"].score < 100]
    assert up and all(r.change_in("respect") > 0 and r.change_in("confidence") == 0 for r in up)
    assert tuning.summary.text().startswith(f"{len(up)} of {len(results)} answers change; respect mean +")
    tuning.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    top = tuning.model.index(0, 0)
    assert tuning.model.rows[0].change == max(r.change for r in results) > 0
    assert tuning.model.data(top).startswith("▲ +")
    assert tuning.model.data(top, Qt.ItemDataRole.ForegroundRole) == tuning.model.colours["up"]
    assert "thanks (met): +" in tuning.model.data(tuning.model.index(0, tuning.model.columnCount() - 1))
    tuning.only_changed.setChecked(True)
    assert tuning.model.rowCount() == sum(bool(r.changed or r.criteria) for r in results) >= len(up)
    replace_text(tuning, "points: 40", "points: lots", after="id: thanks")  # broken: listed, results kept
    qtbot.waitUntil(lambda: tuning.result.rubric is None)
    line = tuning.editor.toPlainText()[: tuning.editor.toPlainText().index("points: lots")].count("\n") + 1
    assert tuning.problems.texts()[0].startswith(f"line {line}, column ")
    assert "error(s)" in tuning.summary.text() and tuning.model.rows


def test_class_answers_from_a_csv_join_the_table(qtbot, tuning: RubricTuningWindow, tmp_path: Path) -> None:
    examples = len(tuning.result.results)
    path = tmp_path / "class.csv"
    path.write_text(
        "student,scenario,text\n"
        'Sam,low-offer,"Thank you! Based on my two shipped games, I\'d like £33,000."\n'
        "Kim,,Take it or leave it.\n"
        "Lee,no-such-scenario,Hello\n",
        encoding="utf-8",
    )
    tuning.add_class_answers(path)
    qtbot.waitUntil(lambda: len(tuning.result.results) == examples + 2)
    assert [r.answer.source for r in tuning.result.results[examples:]] == [
        "class.csv row 1 (Sam)",
        "class.csv row 2 (Kim)",
    ]
    assert "left out 1" in tuning.statusBar().currentMessage()
    replace_text(tuning, "points: learned", "points: 40", after="id: thanks")
    qtbot.waitUntil(lambda: tuning.result.results[examples].changed)
    assert not tuning.result.results[examples + 1].changed  # no thanks in "take it or leave it"


def test_saving_writes_the_users_copy_which_the_app_then_reads(qtbot, tuning: RubricTuningWindow, user_home) -> None:
    built_in = BUILT_IN.read_text(encoding="utf-8")
    replace_text(tuning, "points: learned", "points: 40", after="id: thanks")
    qtbot.waitUntil(lambda: any(r.changed for r in tuning.result.results))
    with qtbot.waitSignal(tuning.saved):
        tuning.save()
    target = user_home / "rubrics" / "default.yaml"
    assert target.read_text(encoding="utf-8") == tuning.editor.toPlainText()
    assert BUILT_IN.read_text(encoding="utf-8") == built_in  # never written
    assert not tuning.editor.document().isModified() and "your copy" in tuning.windowTitle()
    thanks = next(c for c in Practice().scorer().rubrics["default"].criteria if c.id == "thanks")
    assert thanks.points == 40  # the scorer was read again
    qtbot.waitUntil(lambda: not any(r.changed for r in tuning.result.results))  # the saved rubric is the new "before"
    replace_text(tuning, "points: 40", "points: 30", after="id: thanks")
    qtbot.waitUntil(lambda: any(r.changed for r in tuning.result.results))
    with qtbot.waitSignal(tuning.saved):
        tuning.save()
    assert "points: 40" in (user_home / "rubrics" / "default.yaml.bak").read_text(encoding="utf-8")
    assert "kept as default.yaml.bak" in tuning.statusBar().currentMessage()
