"""The authoring studio on real files in the user's scenarios folder: live checks with squiggles and a problems
list, the turn graph, trying an answer, adding it as an example, saving atomically, and packs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, shown_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor

from app.core.packs import Manifest
from app.ui.main_window import MainWindow
from app.ui.studio.window import StudioWindow

SOURCE = ROOT / "scenarios" / "salary-expectations.yaml"


@pytest.fixture
def copy_path(user_home: Path) -> Path:
    """A copy of a built-in scenario, under its own id, in the user's scenarios folder."""
    folder = user_home / "scenarios"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "my-copy.yaml"
    path.write_text(SOURCE.read_text(encoding="utf-8").replace("id: salary-expectations", "id: my-copy"), "utf-8")
    return path


@pytest.fixture
def window(qtbot, copy_path: Path):
    yield from shown_window(qtbot)


def open_studio(qtbot, window: MainWindow, path: Path) -> StudioWindow:
    studio = window.studio.open_path(path)
    qtbot.waitUntil(lambda: studio.result is not None)
    return studio


@pytest.fixture
def studio(qtbot, window: MainWindow, copy_path: Path) -> StudioWindow:
    return open_studio(qtbot, window, copy_path)


def line_of(studio: StudioWindow, text: str) -> int:
    """The 1-based number of the first line that holds `text`."""
    return next(i for i, line in enumerate(studio.editor.toPlainText().split("\n"), 1) if text in line)


def put_cursor(studio: StudioWindow, line: int, col: int) -> None:
    block = studio.editor.document().findBlockByNumber(line - 1)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + col - 1)
    studio.editor.setTextCursor(cursor)
    studio.editor.setFocus()


def squiggled_lines(studio: StudioWindow) -> set[int]:
    underline = QTextCharFormat.UnderlineStyle.SpellCheckUnderline
    return {
        s.cursor.blockNumber() + 1 for s in studio.editor.extraSelections() if s.format.underlineStyle() == underline
    }


def test_a_misspelt_key_is_underlined_and_listed_within_a_second_then_clears(qtbot, studio: StudioWindow) -> None:
    assert studio.result.errors == 0
    line = line_of(studio, "    coaching: >-")
    put_cursor(studio, line, len("    coach") + 1)
    qtbot.keyClicks(studio.editor, "x")
    qtbot.waitUntil(lambda: line in squiggled_lines(studio), timeout=1000)
    listed = [text for text in studio.problems.texts() if text.startswith(f"line {line},")]
    assert listed and "coachxing" in listed[0] and "coaching" in listed[0].split("coachxing", 1)[1]  # did you mean
    item = studio.problems.topLevelItem(0)
    studio.problems.itemClicked.emit(item, 0)
    assert studio.editor.textCursor().blockNumber() + 1 == line
    put_cursor(studio, line, len("    coachx") + 1)
    qtbot.keyClick(studio.editor, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: not squiggled_lines(studio) and studio.result.errors == 0, timeout=1000)
    assert studio.problems.texts()[0].startswith("No problems")


def test_the_graph_has_a_node_per_turn_and_an_edge_per_branch(qtbot, studio: StudioWindow) -> None:
    scenario = studio.result.scenario
    view = studio.graph
    assert set(scenario.turns) <= set(view.node_items)
    assert len(view.edge_items) == sum(len(t.branches) + 1 for t in scenario.turns.values())
    endings = {r.end.outcome for t in scenario.turns.values() for r in t.routes() if r.end}
    assert {f"end:{outcome}" for outcome in endings} <= set(view.node_items)
    box = view.node_items["low_anchor"]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(box.rect().center()))
    assert studio.editor.textCursor().blockNumber() + 1 == line_of(studio, "  low_anchor:")


def test_unreachable_turns_and_loops_without_a_way_out_are_marked(qtbot, studio: StudioWindow) -> None:
    cursor = QTextCursor(studio.editor.document())
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText(
        "\n  spare:\n    say: Nobody gets here.\n    coaching: Unused.\n"
        "    otherwise: {end: {outcome: spared, say: Bye.}}\n"
        "  orphan:\n    say: Nor here.\n    coaching: Unused.\n    otherwise: {goto: circling}\n"
        "  circling:\n    say: Round we go.\n    coaching: Unused.\n    otherwise: {goto: orphan}\n"
    )
    qtbot.waitUntil(lambda: "orphan" in studio.graph.node_items)
    view = studio.graph
    spare, circling, opening = (view.node_items[t].pen() for t in ("spare", "circling", "opening"))
    assert spare.style() == Qt.PenStyle.DashLine and spare.color() == view.colours["unreachable"]
    assert circling.color() == view.colours["stuck"]
    assert opening.style() == Qt.PenStyle.SolidLine and opening.color() not in view.colours.values()
    assert any("no way out" in text or "loop" in text for text in studio.problems.texts())


def test_broken_yaml_keeps_the_last_good_graph(qtbot, studio: StudioWindow) -> None:
    nodes = set(studio.graph.node_items)
    put_cursor(studio, line_of(studio, "title:"), 1)
    qtbot.keyClicks(studio.editor, '"')
    qtbot.waitUntil(lambda: studio.result.scenario is None)
    assert set(studio.graph.node_items) == nodes and studio.graph_note.isVisibleTo(studio)


def try_answer(qtbot, studio: StudioWindow, turn: str, answer: str):
    panel = studio.try_panel
    studio.show_try_panel()
    panel.select_turn(turn)
    panel.answer.setPlainText(answer)
    panel.tried = None
    panel.try_button.click()
    qtbot.waitUntil(lambda: panel.tried is not None)
    return panel.tried


def test_trying_an_answer_routes_as_the_scenario_s_own_examples_expect(qtbot, studio: StudioWindow) -> None:
    turn = studio.result.scenario.turns["opening"]
    for example in turn.examples:
        tried = try_answer(qtbot, studio, "opening", example.answer)
        expected = example.expect.goto or f"end:{example.expect.end}"
        assert tried.target == expected
        shown = studio.try_panel.result.toPlainText()
        assert f"Goes to: {expected}" in shown and "The recruiter:" in shown and "Scores:" in shown


def test_adding_a_tried_answer_as_an_example_keeps_the_file_valid(qtbot, studio: StudioWindow) -> None:
    before = studio.editor.toPlainText()
    answer = "Thanks so much! What range did the team have in mind for this role?"
    tried = try_answer(qtbot, studio, "opening", answer)
    studio.try_panel.add_button.click()
    qtbot.waitUntil(lambda: answer in studio.editor.toPlainText())
    qtbot.waitUntil(
        lambda: (
            studio.result.scenario is not None
            and any(e.answer == answer for e in studio.result.scenario.turns["opening"].examples)
        )
    )
    assert studio.result.errors == 0
    added = studio.result.scenario.turns["opening"].examples[-1]
    assert (added.expect.goto or f"end:{added.expect.end}") == tried.target
    studio.editor.undo()  # one edit, taken back at once
    assert studio.editor.toPlainText() == before


def test_save_is_atomic_keeps_a_backup_and_reloads_the_library(
    qtbot, window: MainWindow, studio: StudioWindow, copy_path: Path
) -> None:
    original = copy_path.read_text(encoding="utf-8")
    put_cursor(studio, line_of(studio, "title:"), len("title: ") + 2)
    qtbot.keyClicks(studio.editor, "My ")
    assert studio.isWindowModified()
    with qtbot.waitSignal(window.library_page.loaded):
        qtbot.press_shortcut(studio.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert copy_path.read_text(encoding="utf-8") == studio.editor.toPlainText()
    assert (copy_path.parent / "my-copy.yaml.bak").read_text(encoding="utf-8") == original
    assert not list(copy_path.parent.glob(".saving-*"))
    assert window.library_page.library.get("my-copy").title.startswith("My ")
    assert not studio.isWindowModified()
    assert "previous version is kept" in studio.statusBar().currentMessage()


def test_hear_it_says_when_speech_is_unavailable(qtbot, studio: StudioWindow) -> None:
    studio.try_panel.select_turn("opening")
    studio.try_panel.hear_button.click()
    assert "Speech isn't available" in studio.statusBar().currentMessage()


def test_a_new_scenario_from_a_curriculum_moment_opens_valid(qtbot, window: MainWindow, user_home: Path) -> None:
    with qtbot.waitSignal(window.library_page.loaded):
        window.studio.create("my-low-offer", "low-offer", None)
    path = (user_home / "scenarios" / "my-low-offer.yaml").resolve()
    studio = window.studio.windows[path]
    qtbot.waitUntil(lambda: studio.result is not None)
    assert studio.result.errors == 0 and "opening" in studio.graph.node_items
    assert window.library_page.library.get("my-low-offer") is not None


def test_pack_export_then_import_round_trips_with_a_conflict(
    qtbot, window: MainWindow, copy_path: Path, tmp_path: Path, monkeypatch
) -> None:
    actions = window.studio
    target = tmp_path / "week-3.zip"
    with qtbot.waitSignal(actions.exported):
        actions.export_to(["my-copy"], target, Manifest("Week 3", "Ms K", "1.2"))
    with zipfile.ZipFile(target) as pack:
        assert sorted(pack.namelist()) == ["manifest.json", "scenarios/my-copy.yaml"]
    asked = []

    def ask(title, conflicts, replaceable):
        asked.append((title, [s.scenario_id for s in conflicts], replaceable))
        return {"my-copy": "rename"}

    monkeypatch.setattr(actions, "ask_conflicts", ask)
    with qtbot.waitSignal(actions.imported) as imported, qtbot.waitSignal(window.library_page.loaded):
        actions.import_from(target)
    assert asked == [("Week 3", ["my-copy"], {"my-copy": True})]
    [step] = imported.args[0]
    assert (step.action, step.new_id) == ("rename", "my-copy-2")
    assert window.library_page.library.get("my-copy-2") is not None
    assert window.library_page.library.get("my-copy") is not None  # the original is untouched


def test_every_example_is_listed_with_a_tick_or_a_cross_and_where_it_went(qtbot, studio: StudioWindow) -> None:
    examples = studio.result.scenario.turns["opening"].examples
    runs = [run for run in studio.result.examples if run.turn_id == "opening"]
    assert len(runs) == len(examples) and all(run.ok for run in studio.result.examples)
    assert studio.examples.item(0).text().startswith("✓  opening #1: “")
    text = studio.editor.toPlainText().replace("expect: {goto: cools}", "expect: {goto: low_anchor}", 1)
    studio.editor.setPlainText(text)  # an example now expects the wrong turn
    qtbot.waitUntil(lambda: any(not run.ok for run in studio.result.examples), timeout=5000)
    failing = [studio.examples.item(i).text() for i in range(studio.examples.count())]
    assert any(t.startswith("✗") and t.endswith("— expected low_anchor") for t in failing)
    assert studio.tabs.tabText(studio.tabs.indexOf(studio.examples)) == "Examples (1 ✗)"


def test_closing_the_app_asks_about_unsaved_studio_edits_first(
    qtbot, window: MainWindow, studio: StudioWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    studio.editor.insertPlainText("# a note\n")
    assert studio.isWindowModified()
    asked: list[str] = []

    def cancel(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)  # the student cancels: nothing closes
    assert not window.close()
    assert asked and window.isVisible() and studio.isVisible()
    studio.editor.document().setModified(False)
    assert window.close()


def test_the_studio_lists_its_own_keyboard_shortcuts(studio: StudioWindow) -> None:
    from app.ui.dialogs.shortcuts import shortcut_rows

    rows = shortcut_rows(studio)
    assert ("Edit", "Next problem", "F8") in rows
    assert ("Turn", "Try an answer", "Ctrl+T") in rows
    assert any(group == "Help" and keys == "Ctrl+/" for group, _what, keys in rows)
