"""The window's menu bar: every action, its keys and what it calls (Help → Keyboard shortcuts lists these)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from .main_window import MainWindow

PREFERENCES_KEYS = "Ctrl+,"  # where the platform has no standard Preferences key (Linux, Windows)
# Quit's standard key comes from the desktop's theme: none on a Linux session without one, hence "Ctrl+Q" too.
Keys = str | QKeySequence.StandardKey | list[QKeySequence] | None


def shortcuts_for(standard: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    """The platform's keys for a standard action, then `fallback` when it isn't one of them (so the menu shows a
    shortcut, and it works, where the platform has none)."""
    keys = QKeySequence.keyBindings(standard)
    extra = QKeySequence(fallback)
    return keys if extra in keys else [*keys, extra]


def add_action(menu: QMenu, owner: QObject, text: str, slot: Callable[[], object], keys: Keys = None) -> QAction:
    action = QAction(text, owner)
    if isinstance(keys, list):
        action.setShortcuts(keys)
    elif keys is not None:
        action.setShortcut(QKeySequence(keys))
    action.triggered.connect(lambda *_: slot())
    menu.addAction(action)
    return action


@dataclass(frozen=True)
class Menus:
    preferences: QAction
    flower: QAction  # checked while the Flower panel shows


def build_menus(window: MainWindow) -> Menus:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")

    def add(menu: QMenu, text: str, slot: Callable[[], object], keys: Keys = None) -> QAction:
        return add_action(menu, window, text, slot, keys)

    add(file_menu, "&New scenario…", lambda: window.studio.new_scenario(), "Ctrl+N")
    add(file_menu, "Open in &studio…", lambda: window.studio.open_selected(), "Ctrl+E")
    add(file_menu, "&Tune a rubric…", lambda: window.studio.tune_rubric())
    add(file_menu, "E&xport scenario pack…", lambda: window.studio.export_pack())
    add(file_menu, "Import scenario pac&k…", lambda: window.studio.import_pack())
    file_menu.addSeparator()
    add(file_menu, "Practise with a &partner…", window.practise_with_partner, "Ctrl+Shift+P")
    add(file_menu, "&Reload scenarios", lambda: window.library_page.reload(), QKeySequence.StandardKey.Refresh)
    add(file_menu, "&Open my scenarios folder", window.open_scenarios_folder, "Ctrl+Shift+O")
    file_menu.addSeparator()
    add(file_menu, "&Import history…", window.history.import_history, "Ctrl+Shift+I")
    add(file_menu, "Restore history from &backup…", window.history.restore_history)
    add(file_menu, "&Delete recordings…", window.history.delete_recordings)
    file_menu.addSeparator()
    keys = shortcuts_for(QKeySequence.StandardKey.Preferences, PREFERENCES_KEYS)
    preferences = add(file_menu, "&Preferences…", window.edit_preferences, keys)
    file_menu.addSeparator()
    add(file_menu, "&Quit", window.close, shortcuts_for(QKeySequence.StandardKey.Quit, "Ctrl+Q"))
    view = bar.addMenu("&View")
    add(view, "Scenario &library", window.show_library, "Ctrl+L")
    add(view, "Practice &history", window.show_history, "Ctrl+H")
    flower = add(view, "Your &Flower panel", window.toggle_flower, "F6")
    flower.setCheckable(True)
    add(view, "&Candidate window (second screen)", window.toggle_candidate_window, "Ctrl+Shift+W")
    window.help.fill(bar.addMenu("&Help"))
    return Menus(preferences, flower)
