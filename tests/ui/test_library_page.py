"""The main window lists the built-in scenarios and the user's own (here the fixture scenarios), and shows broken
user files with their diagnostics."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, FIXTURE_SCENARIOS, shown_window
from PySide6.QtCore import QObject, QRect, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTreeWidget, QTreeWidgetItem

from app import paths
from app.paths import Places
from app.ui.library_model import COLUMNS, ScenarioRole, SearchTextRole
from app.ui.main_window import MainWindow
from app.ui.pages.library_page import DiagnosticRole


@pytest.fixture
def window(qtbot, user_scenarios: Path):
    user = Places.default().user_scenarios
    assert user == user_scenarios
    shutil.copy(DATA / "bad" / "wrong-type.yaml", user / "my-draft.yaml")
    yield from shown_window(qtbot)


def visible_titles(window: MainWindow) -> list[str]:
    proxy = window.library_page.proxy
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


def test_window_lists_builtin_and_user_scenarios_with_details(window: MainWindow) -> None:
    page = window.library_page
    builtin = len(list(paths.builtin_scenarios().glob("*.yaml")))
    fixtures = len(list(FIXTURE_SCENARIOS.glob("*.yaml")))
    assert page.proxy.rowCount() == builtin + fixtures  # and the fixture scenarios; not the broken draft
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
    qtbot.keyClicks(page.search, unique_word(page, page.library.get("first-call")))
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


# ---- the problems panel: every message in full, wrapped, at a small window ------------------------------------

SMALL = (1024, 640)


def reload(window: MainWindow, qtbot) -> None:
    with qtbot.waitSignal(window.library_page.loaded):
        window.library_page.reload()


def long_unknown_keys(count: int) -> str:
    """A scenario with `count` misspelt top-level keys: each message lists every key allowed there, so it is long."""
    text = (FIXTURE_SCENARIOS / "first-call.yaml").read_text().replace("id: first-call", "id: many-mistakes")
    return text + "".join(f"sumary_{n}: a typo\n" for n in range(count))


def text_rect(tree: QTreeWidget, item: QTreeWidgetItem) -> QRect:
    """Where the style paints an item's text (after its icon and margins)."""
    index = tree.indexFromItem(item)
    option = QStyleOptionViewItem()
    tree.itemDelegate().initStyleOption(option, index)
    option.rect = tree.visualItemRect(item)
    margin = tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1
    painted = tree.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, tree)
    return painted.adjusted(margin, 0, -margin, 0)


@pytest.mark.parametrize("count", [1, 4])
@pytest.mark.parametrize("size", [SMALL, (800, 600)])
def test_problem_messages_are_shown_in_full_wrapped_to_the_panel(
    window: MainWindow, qtbot, count: int, size: tuple[int, int]
) -> None:
    (Places.default().user_scenarios / "many.yaml").write_text(long_unknown_keys(count))
    window.resize(*size)
    reload(window, qtbot)
    page = window.library_page
    tree = page.problems.tree
    qtbot.waitUntil(lambda: tree.viewport().width() > 0 and page.problems.isVisible())
    assert window.size().width() == size[0]
    assert not tree.horizontalScrollBar().isVisible()
    shown = {tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole): tree.topLevelItem(i) for i in range(2)}
    broken = {f.path: f for f in page.library.broken}
    assert set(shown) == set(broken)
    wrapped = 0
    for path, item in shown.items():
        assert item.childCount() == len(broken[path].diagnostics)
        for n, diagnostic in enumerate(broken[path].diagnostics):
            child = item.child(n)
            assert child.text(0).endswith(diagnostic.message), "the whole message, not a shortened one"
            rect = text_rect(tree, child)
            assert rect.right() <= tree.viewport().width(), "nothing runs off the right edge"
            needed = tree.fontMetrics().boundingRect(
                QRect(0, 0, rect.width(), 100_000), Qt.TextFlag.TextWordWrap, child.text(0)
            )
            assert needed.height() <= rect.height(), (child.text(0), needed, rect)
            wrapped += needed.height() > tree.fontMetrics().height() * 1.5
    assert wrapped >= count, "the long messages take more than one line"
    first = tree.visualItemRect(tree.topLevelItem(0).child(0))
    assert tree.viewport().rect().contains(first), "the panel is tall enough to read a whole message"


# ---- double-click on a problem shows the file at that line ---------------------------------------------------


def double_click(qtbot, tree: QTreeWidget, item: QTreeWidgetItem) -> None:
    """A real double-click: a click, then the second press (QTest's double-click alone is only the second)."""
    qtbot.waitExposed(tree.window())
    tree.scrollToItem(item)
    centre = tree.visualItemRect(item).center()
    with qtbot.waitSignal(tree.itemActivated):
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def open_problem(qtbot, tree: QTreeWidget, item: QTreeWidgetItem):
    double_click(qtbot, tree, item)
    page_problems = tree.parent()
    qtbot.waitUntil(lambda: page_problems.viewer is not None)
    viewer = page_problems.viewer
    if viewer.text.document().isEmpty():
        with qtbot.waitSignal(viewer.shown):
            pass
    return viewer


def scenario_with_a_quote_left_open(at_line: int) -> tuple[str, int]:
    """The first-call fixture with `at_line - 1` comment lines above it and the summary's closing quote dropped;
    returns the text and the summary's line."""
    text = "".join(f"# note {n}\n" for n in range(at_line - 1)) + (FIXTURE_SCENARIOS / "first-call.yaml").read_text()
    text = text.replace("id: first-call", "id: open-quote").replace('first call."', "first call.")
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("summary:"))) + 1
    return text, line


@pytest.mark.parametrize("above", [1, 40, 300])
def test_double_click_on_a_problem_shows_the_file_at_its_line_and_column(window: MainWindow, qtbot, above: int) -> None:
    text, line = scenario_with_a_quote_left_open(above)
    path = Places.default().user_scenarios / "open-quote.yaml"
    path.write_text(text)
    window.resize(*SMALL)
    reload(window, qtbot)
    problems = window.library_page.problems
    item = next(
        problems.tree.topLevelItem(i).child(0)
        for i in range(problems.tree.topLevelItemCount())
        if problems.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == str(path)
    )
    diagnostic = item.data(0, DiagnosticRole)
    assert (diagnostic.line, diagnostic.col) == (line, 10)
    viewer = open_problem(qtbot, problems.tree, item)
    assert viewer.isVisible() and diagnostic.message in viewer.message.text()
    assert viewer.text.isReadOnly() and viewer.text.toPlainText() == text.rstrip("\n") + "\n"
    cursor = viewer.text.textCursor()
    assert (cursor.blockNumber() + 1, cursor.positionInBlock() + 1) == (line, 10)
    [highlight] = viewer.text.extraSelections()
    assert highlight.cursor.blockNumber() + 1 == line
    assert viewer.text.viewport().rect().contains(viewer.text.cursorRect()), "the problem line is in view"
    assert (viewer.text.verticalScrollBar().value() > 0) == (line > 40), "scrolled only when it has to be"
    assert viewer.text.gutter.width() >= viewer.text.fontMetrics().horizontalAdvance(str(line))
    qtbot.keyClick(viewer.text, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: problems.viewer is None)


class _Opened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_file_viewer_opens_the_file_in_the_editor_and_copies_its_path(window: MainWindow, qtbot) -> None:
    tree = window.library_page.problems.tree
    item = tree.topLevelItem(0).child(0)
    viewer = open_problem(qtbot, tree, item)
    path = item.data(0, Qt.ItemDataRole.UserRole)
    assert viewer.windowTitle().startswith(Path(path).name)
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        qtbot.mouseClick(viewer.open_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opened.urls == [QUrl.fromLocalFile(path)]
    qtbot.mouseClick(viewer.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == path
    viewer.reject()


def test_a_file_that_went_missing_is_said_not_crashed_on(window: MainWindow, qtbot) -> None:
    tree = window.library_page.problems.tree
    item = tree.topLevelItem(0).child(0)
    Path(item.data(0, Qt.ItemDataRole.UserRole)).unlink()
    double_click(qtbot, tree, item)
    viewer = window.library_page.problems.viewer
    with qtbot.waitSignal(viewer.failed):
        pass
    assert viewer.note.isVisible() and "can't be shown" in viewer.note.text()


# ---- Enter in the search field starts a rehearsal ------------------------------------------------------------


def unique_word(page, scenario) -> str:
    """Search words (from the scenario's own title, summary, company, tags and goals) that only it matches: the
    rarest first, added until no other scenario holds them all."""
    texts = {
        page.model.index(r, 0).data(ScenarioRole).id: page.model.index(r, 0).data(SearchTextRole)
        for r in range(page.model.rowCount())
    }
    own = texts.pop(scenario.id)
    words = sorted(
        {w.strip(".,;:!?()'\"") for w in own.split()} - {""}, key=lambda w: sum(w in t for t in texts.values())
    )
    chosen: list[str] = []
    for word in words:
        chosen.append(word)
        if not any(all(c in t for c in chosen) for t in texts.values()):
            return " ".join(chosen)
    pytest.skip(f"no search picks out {scenario.id} alone")


def test_enter_in_search_starts_the_only_matching_scenario_whichever_it_is(window: MainWindow, qtbot) -> None:
    page = window.library_page
    page.rehearse.disconnect()  # only the signal matters here; the next test starts a real rehearsal
    tried = 0
    for scenario in page.library.scenarios:
        word = unique_word(page, scenario)
        page.search.clear()
        qtbot.keyClicks(page.search, word)
        assert page.proxy.rowCount() == 1, word
        page.table.clearSelection()
        with qtbot.waitSignal(page.rehearse) as started:
            qtbot.keyClick(page.search, Qt.Key.Key_Return)
        assert started.args[0].id == scenario.id, word
        tried += 1
    assert tried >= 5


def test_enter_in_search_starts_the_rehearsal_in_the_window(window: MainWindow, qtbot) -> None:
    page = window.library_page
    qtbot.keyClicks(page.search, unique_word(page, page.library.get("first-call")))
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.rehearsal_page)
    assert window.rehearsal_page.session.scenario.id == "first-call"


def test_enter_with_several_matches_starts_the_selected_one_and_with_none_does_nothing(
    window: MainWindow, qtbot
) -> None:
    page = window.library_page
    page.rehearse.disconnect()
    qtbot.keyClicks(page.search, "fixture")
    assert page.proxy.rowCount() == len(list(FIXTURE_SCENARIOS.glob("*.yaml"))) >= 2
    for row in (1, 0):
        page.table.selectRow(row)
        chosen = page.selected()
        with qtbot.waitSignal(page.rehearse) as started:
            qtbot.keyClick(page.search, Qt.Key.Key_Return)
        assert started.args[0] is chosen
    page.table.clearSelection()
    with qtbot.assertNotEmitted(page.rehearse):
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert "match" in window.statusBar().currentMessage()
    page.search.clear()
    qtbot.keyClicks(page.search, "zzz-no-such-scenario")
    with qtbot.assertNotEmitted(page.rehearse):
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert "No scenario matches" in window.statusBar().currentMessage()


# ---- titles and tags are never cut short ----------------------------------------------------------------------

LONG_TITLE = "A very long title for a practice call about relocation support, signing bonuses and start dates"


@pytest.mark.parametrize("size", [SMALL, (1280, 800)])
def test_titles_and_tags_are_fully_readable(window: MainWindow, qtbot, size: tuple[int, int]) -> None:
    text = (FIXTURE_SCENARIOS / "offer-call.yaml").read_text().replace("id: offer-call", "id: long-title")
    title_line = next(x for x in text.splitlines() if x.startswith("title:"))
    (Places.default().user_scenarios / "long.yaml").write_text(text.replace(title_line, f"title: {LONG_TITLE}"))
    window.resize(*size)
    reload(window, qtbot)
    page = window.library_page
    table = page.table
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    metrics = table.fontMetrics()
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    titles = []
    for row in range(page.proxy.rowCount()):
        for column in (COLUMNS.index("Title"), COLUMNS.index("Tags")):
            index = page.proxy.index(row, column)
            rect = table.visualRect(index)
            space = rect.adjusted(margin, 0, -margin, 0)
            assert rect.right() <= table.viewport().width(), "the column is inside the table"
            text_shown = index.data()
            needed = metrics.boundingRect(QRect(0, 0, space.width(), 100_000), Qt.TextFlag.TextWordWrap, text_shown)
            assert needed.width() <= space.width() and needed.height() <= space.height(), (text_shown, needed, space)
            if column == 0:
                titles.append((text_shown, metrics.horizontalAdvance(text_shown) <= space.width()))
    assert LONG_TITLE in dict(titles)
    on_one_line = [title for title, fits in titles if fits]
    assert len(on_one_line) >= len(titles) - 1, "only a title longer than the table allows wraps"


def test_up_and_down_in_search_pick_among_several_matches_for_enter(window: MainWindow, qtbot) -> None:
    page = window.library_page
    page.rehearse.disconnect()
    qtbot.keyClicks(page.search, "fixture")
    count = page.proxy.rowCount()
    assert count >= 2
    page.table.clearSelection()
    titles = [page.proxy.index(row, 0).data() for row in range(count)]
    for key, expected in [(Qt.Key.Key_Down, 0), (Qt.Key.Key_Down, 1), (Qt.Key.Key_Up, 0), (Qt.Key.Key_Up, 0)]:
        qtbot.keyClick(page.search, key)
        assert page.selected().title == titles[expected]
    for _ in range(count + 2):
        qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.selected().title == titles[-1], "stops at the last match"
    with qtbot.waitSignal(page.rehearse) as started:
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert started.args[0].title == titles[-1]
    assert page.search.text() == "fixture", "the search is kept"


def test_a_scenario_source_folder_joins_the_library_and_its_git_folder_is_skipped(qtbot, tmp_path) -> None:
    import shutil

    from app.ui.main_window import settings

    course = tmp_path / "course-repo"
    (course / "week1").mkdir(parents=True)
    (course / ".git").mkdir()
    (course / ".git" / "broken.yaml").write_text("not: [a scenario")
    shutil.copy(FIXTURE_SCENARIOS / "mood-call.yaml", course / "week1" / "mood-call.yaml")
    stored = settings()
    stored.setValue("scenarios/sources", [str(course)])
    stored.sync()
    opened = shown_window(qtbot)
    library = next(opened).library_page.library
    assert library.get("mood-call") is not None, "the source's scenario is in the library"
    assert not [f for f in library.files if ".git" in str(f.path)], "a repository's own folder is not read"
    next(opened, None)
