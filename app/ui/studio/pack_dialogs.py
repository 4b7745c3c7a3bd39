"""Scenario packs from the File menu: which of your scenarios to export (with a title, author and version), and
what to do with each id of an imported pack that is already in the library."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..widgets.labels import plain_label

if TYPE_CHECKING:
    from ...core.packs import Manifest, Policy, Step
    from ...core.scenario import Scenario


class ExportPackDialog(QDialog):
    """Tick scenarios, give the pack a title, author and version."""

    def __init__(self, scenarios: Sequence[Scenario], chosen: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export a scenario pack")
        self.list = QListWidget()
        self.list.setAccessibleName("Scenarios in the pack")
        for scenario in scenarios:
            item = QListWidgetItem(f"{scenario.title} ({scenario.id})")
            item.setData(Qt.ItemDataRole.UserRole, scenario.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if scenario.id == chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.title = QLineEdit(placeholderText="e.g. Week 3: the offer call")
        self.author = QLineEdit()
        self.version = QLineEdit("1.0")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Save)
        form = QFormLayout()
        form.addRow("Title:", self.title)
        form.addRow("Author:", self.author)
        form.addRow("Version:", self.version)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("Your scenarios to put in the pack (a .zip others can import):"))
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.list.itemChanged.connect(lambda _item: self._enable())
        self.title.textChanged.connect(lambda _text: self._enable())
        self._enable()

    def chosen(self) -> list[str]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item is not None and item.checkState() == Qt.CheckState.Checked
        ]

    def _enable(self) -> None:
        if self.ok is not None:
            self.ok.setEnabled(bool(self.chosen()) and bool(self.title.text().strip()))

    def manifest(self) -> Manifest:
        from ...core.packs import Manifest

        return Manifest(self.title.text().strip(), self.author.text().strip(), self.version.text().strip() or "1.0")


CHOICES: dict[str, str] = {
    "keep": "Keep the one in my library (skip the pack's)",
    "replace": "Replace mine with the pack's",
    "rename": "Add the pack's under a new id",
}


class ConflictDialog(QDialog):
    """One row per id the pack shares with the library: keep, replace (not for a built-in) or rename."""

    def __init__(
        self, title: str, conflicts: Sequence[Step], replaceable: Mapping[str, bool], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle("Already in your library")
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        for step in conflicts:
            combo = QComboBox()
            combo.setAccessibleName(f"What to do with {step.scenario_id}")
            for policy, words in CHOICES.items():
                if policy != "replace" or replaceable.get(step.scenario_id, False):
                    combo.addItem(words, policy)
            self.combos[step.scenario_id] = combo
            form.addRow(f"{step.scenario_id}:", combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(f"The pack “{title}” has scenarios whose ids your library already has. For each one:")
        )
        layout.addLayout(form)
        layout.addWidget(buttons)

    def choices(self) -> dict[str, Policy]:
        return {scenario_id: combo.currentData() for scenario_id, combo in self.combos.items()}
