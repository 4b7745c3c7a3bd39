"""Help → Keyboard shortcuts: every shortcut, read from the window's own actions, so the list can't drift.

The rows come from the menus' QActions (grouped by menu) and from any QShortcut in the window that describes
itself with `setWhatsThis` (grouped by its page's accessible name).
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

Row = tuple[str, str, str]  # group (a menu's title), what it does, the keys


def plain(text: str) -> str:
    """A menu text without its mnemonic marks ("&Reload" → "Reload", "&&" → "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def keys_text(sequences: list[QKeySequence]) -> str:
    return " or ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences if not s.isEmpty())


def _menu_rows(menu: QMenu, group: str) -> list[Row]:
    rows: list[Row] = []
    for action in menu.actions():
        if action.menu() is not None:
            rows += _menu_rows(action.menu(), f"{group} → {plain(action.text())}")  # type: ignore[arg-type]
        elif not action.isSeparator() and keys_text(action.shortcuts()):
            rows.append((group, plain(action.text()), keys_text(action.shortcuts())))
    return rows


def shortcut_rows(window: QMainWindow) -> list[Row]:
    """Every shortcut the window offers: the menus' actions in menu order, then described page shortcuts."""
    rows: list[Row] = []
    for top in window.menuBar().actions():
        if top.menu() is not None:
            rows += _menu_rows(top.menu(), plain(top.text()))  # type: ignore[arg-type]
    for shortcut in window.findChildren(QShortcut):
        keys = keys_text([shortcut.key()])
        if shortcut.whatsThis() and keys:
            page = shortcut.parent()
            group = page.accessibleName() if isinstance(page, QWidget) and page.accessibleName() else "Pages"
            rows.append((group, shortcut.whatsThis(), keys))
    for widget in window.findChildren(QWidget):  # keys a widget handles itself, held down (Space to speak)
        held = widget.property("held_key")
        if held and widget.whatsThis():
            rows.append(("Rehearsing", widget.whatsThis(), f"{held} (hold)"))
    return list(dict.fromkeys(rows))  # once each, in order


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setWindowTitle("Keyboard shortcuts")
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        groups: dict[str, QTreeWidgetItem] = {}
        for group, what, keys in shortcut_rows(window):
            if group not in groups:
                groups[group] = QTreeWidgetItem(self.tree, [group])
                font = groups[group].font(0)
                font.setBold(True)
                groups[group].setFont(0, font)
                groups[group].setFirstColumnSpanned(True)
            QTreeWidgetItem(groups[group], [what, keys])
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)  # the keys take the rest, never cut at the edge
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(480, 460)

    def rows(self) -> list[Row]:
        """What the dialog lists, read back from its tree."""
        rows: list[Row] = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            children = [group.child(i) for i in range(group.childCount())] if group is not None else []
            rows += [(group.text(0), item.text(0), item.text(1)) for item in children if group and item]
        return rows
