"""The Help menu: keyboard shortcuts read from the window's own actions, and the guides rendered in the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, shown_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCursor, QTextDocument
from PySide6.QtWidgets import QMenu

from app.ui import help as guides
from app.ui.dialogs.shortcuts import ShortcutsDialog, plain, shortcut_rows
from app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, user_scenarios: Path) -> MainWindow:
    yield from shown_window(qtbot)


def menu(window: MainWindow, title: str) -> QMenu:
    return next(a.menu() for a in window.menuBar().actions() if plain(a.text()) == title)


def every_shortcut(window: MainWindow) -> set[tuple[str, str]]:
    """What each of the window's actions does and its first key, found independently of the dialog."""
    return {
        (plain(action.text()), action.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
        for action in window.findChildren(QAction)
        if not action.shortcut().isEmpty() and action.menu() is None
    }


def test_the_help_menu_has_the_shortcuts_the_guides_and_about(window: MainWindow) -> None:
    titles = [plain(a.text()) for a in menu(window, "Help").actions() if not a.isSeparator()]
    assert titles == ["Keyboard shortcuts", "Scoring guide", "Authoring guide", "About Counteroffer"]
    assert "About Counteroffer" not in [plain(a.text()) for a in menu(window, "File").actions()]


def test_the_shortcuts_dialog_lists_every_action_s_keys_from_the_window_itself(qtbot, window: MainWindow) -> None:
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    listed = dialog.rows()
    assert {(what, keys.split(" or ")[0]) for _group, what, keys in listed} >= every_shortcut(window)
    assert any(group == "File" and what == "Preferences…" and "Ctrl+," in keys for group, what, keys in listed)
    assert ("View", "Practice history", "Ctrl+H") in listed and ("Help", "Keyboard shortcuts", "Ctrl+/") in listed
    assert any(what == "Quit" and "Ctrl+Q" in keys for _group, what, keys in listed)  # even without a desktop
    assert [group for group, *_ in listed][:1] == ["File"]  # in menu order
    new = QAction("&Practise small talk", window)  # an action added later shows up without touching the dialog
    new.setShortcut(QKeySequence("Ctrl+Shift+T"))
    menu(window, "View").addAction(new)
    assert ("View", "Practise small talk", "Ctrl+Shift+T") in shortcut_rows(window)


def test_described_page_shortcuts_are_listed_under_their_page(qtbot, window: MainWindow) -> None:
    qtbot.press_shortcut(window.library_page.table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.history_page)
    assert ("Practice history", "Search your rehearsals", "Ctrl+F") in shortcut_rows(window)


def test_ctrl_slash_opens_the_shortcuts_dialog(qtbot, window: MainWindow) -> None:
    qtbot.press_shortcut(window.library_page.table, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(ShortcutsDialog) is not None)
    dialog = window.findChild(ShortcutsDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowTitle() == "Keyboard shortcuts" and len(dialog.rows()) >= len(every_shortcut(window))
    dialog.reject()


def headings(document: QTextDocument) -> list[str]:
    found, block = [], document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel():
            found.append(block.text())
        block = block.next()
    return found


def test_f1_shows_the_scoring_guide_rendered_from_its_markdown(qtbot, window: MainWindow) -> None:
    qtbot.press_shortcut(window.library_page.table, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: "scoring" in window.help.viewers)
    viewer = window.help.viewers["scoring"]
    qtbot.waitUntil(lambda: viewer.browser.toPlainText() != "Opening the guide…")
    assert viewer.isVisible() and viewer.windowTitle() == "How answers are scored"
    source = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    expected = [line.lstrip("#").strip() for line in source.splitlines() if line.startswith("#")]
    assert headings(viewer.browser.document())[:3] == expected[:3]  # "# How answers…" became a heading
    text = viewer.browser.toPlainText()
    assert "**confidence**" not in text and "confidence" in text  # bold rendered, not shown as stars
    cursor = viewer.browser.document().find("confidence")
    assert isinstance(cursor, QTextCursor) and cursor.charFormat().fontWeight() > 500
    assert window.help.show_guide("scoring") is viewer  # asked again: the same window, brought forward


def test_the_authoring_guide_opens_from_the_menu(qtbot, window: MainWindow) -> None:
    action = next(a for a in menu(window, "Help").actions() if plain(a.text()) == "Authoring guide")
    action.trigger()
    viewer = window.help.viewers["authoring"]
    qtbot.waitUntil(lambda: viewer.browser.toPlainText() != "Opening the guide…")
    first = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8").splitlines()[0].lstrip("#").strip()
    assert headings(viewer.browser.document())[0] == first


def test_the_guides_are_found_in_a_checkout() -> None:
    assert guides.docs_folder() == ROOT / "docs"
    assert all(guides.guide_file(name).is_file() for name in guides.GUIDES)


def test_a_missing_guide_says_so_kindly(qtbot, tmp_path: Path) -> None:
    viewer = guides.GuideViewer("authoring", folder=tmp_path)
    qtbot.addWidget(viewer)
    with qtbot.waitSignal(viewer.loaded):
        viewer.show()
    text = viewer.browser.toPlainText()
    assert "didn't come with this copy" in text and "docs/authoring.md" in text


def test_holding_space_to_speak_is_listed(window: MainWindow) -> None:
    page = window.rehearsal_page  # built on first use
    assert ("Rehearsing", page.mic_button.whatsThis(), "Space (hold)") in shortcut_rows(window)
