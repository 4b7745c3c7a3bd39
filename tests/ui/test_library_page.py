"""The main window lists the built-in scenarios and the user's own (here the fixture scenarios), and shows broken
user files with their diagnostics."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, FIXTURE_SCENARIOS
from PySide6.QtCore import Qt

from app import paths
from app.paths import Places
from app.ui.library_model import ScenarioRole
from app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, user_scenarios: Path) -> MainWindow:
    user = Places.default().user_scenarios
    assert user == user_scenarios
    shutil.copy(DATA / "bad" / "wrong-type.yaml", user / "my-draft.yaml")
    win = MainWindow()
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.library_page.loaded, timeout=10_000):
        win.show()
    return win


def visible_titles(window: MainWindow) -> list[str]:
    proxy = window.library_page.proxy
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


def test_window_lists_builtin_and_user_scenarios_with_details(window: MainWindow) -> None:
    page = window.library_page
    builtin = len(list(paths.builtin_scenarios().glob("*.yaml")))
    assert page.proxy.rowCount() == builtin + 2  # and the two fixture scenarios; not the broken draft
    assert {"Fixture: the first call", "Fixture: the offer call"} <= set(visible_titles(window))
    scenario = page.selected()
    assert scenario is not None and page.details.title.text() == scenario.title
    assert scenario.learning_goals[0] in page.details.goals.text()
    assert "ready" in window.statusBar().currentMessage()


def test_broken_user_scenario_is_shown_with_its_diagnostics(window: MainWindow) -> None:
    tree = window.library_page.problems.tree
    assert window.library_page.problems.isVisibleTo(window)
    item = tree.topLevelItem(0)
    assert item.text(0) == "my-draft.yaml — 1 error"
    assert item.child(0).text(0).startswith("line 6, column 13: error: difficulty should be a whole number")


def test_search_and_difficulty_filter_the_list(window: MainWindow, qtbot) -> None:
    page = window.library_page
    qtbot.keyClicks(page.search, "quillfeather")  # the first-call fixture's company
    assert visible_titles(window) == ["Fixture: the first call"]
    page.search.clear()
    page.level.setCurrentIndex(page.level.findData(3))
    levels = {page.proxy.index(r, 0).data(ScenarioRole).difficulty for r in range(page.proxy.rowCount())}
    assert levels == {3}
    qtbot.keyClicks(page.search, "zzz-no-such-scenario")
    assert page.proxy.rowCount() == 0


def test_reload_picks_up_a_new_user_scenario(window: MainWindow, qtbot) -> None:
    text = (
        (FIXTURE_SCENARIOS / "first-call.yaml")
        .read_text()
        .replace("id: first-call", "id: my-own")
        .replace("Fixture: the first call", "My own practice")
    )
    assert "My own practice" not in visible_titles(window)
    (Places.default().user_scenarios / "mine.yaml").write_text(text)
    with qtbot.waitSignal(window.library_page.loaded, timeout=10_000):
        qtbot.press_shortcut(window, Qt.Key.Key_F5)
    assert "My own practice" in visible_titles(window)


def test_window_layout_is_remembered(qtbot, window: MainWindow) -> None:
    window.resize(720, 520)
    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (720, 520)
