"""File → New scenario…: start from one of the curriculum's fifteen moments, or copy a scenario from the library,
under a new id."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..widgets.labels import plain_label

if TYPE_CHECKING:
    from ...core.scenario import Scenario

ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")


class NewScenarioDialog(QDialog):
    """`choice()` after exec: (id, moment key or None, id to copy or None)."""

    def __init__(self, scenarios: Sequence[Scenario], taken: set[str], parent: QWidget | None = None):
        super().__init__(parent)
        from ...core.skeleton import MOMENTS

        self.setWindowTitle("New scenario")
        self.taken = taken
        self.from_moment = QRadioButton("Start from a curriculum moment")
        self.from_copy = QRadioButton("Copy a scenario from the library")
        group = QButtonGroup(self)
        group.addButton(self.from_moment)
        group.addButton(self.from_copy)
        self.from_moment.setChecked(True)
        self.moment = QComboBox()
        self.moment.setAccessibleName("Curriculum moment")
        for number, moment in enumerate(MOMENTS, 1):
            self.moment.addItem(f"{number}. {moment.title}", moment.key)
        self.copy = QComboBox()
        self.copy.setAccessibleName("Scenario to copy")
        for scenario in sorted(scenarios, key=lambda s: s.title.lower()):
            self.copy.addItem(f"{scenario.title} ({scenario.id})", scenario.id)
        self.from_copy.setEnabled(bool(scenarios))
        self.id = QLineEdit()
        self.id.setAccessibleName("New scenario's id")
        self.id.setPlaceholderText("lowercase letters, digits, - and _")
        self.problem = plain_label("", "notice")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.from_moment)
        form.addRow("Moment:", self.moment)
        form.addRow(self.from_copy)
        form.addRow("Scenario:", self.copy)
        form.addRow("Id:", self.id)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("The new file goes in your scenarios folder and opens in the studio.", "muted"))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for signal in (self.moment.currentIndexChanged, self.copy.currentIndexChanged, group.buttonToggled):
            signal.connect(self._suggest)
        self.id.textEdited.connect(lambda _text: self._validate())
        self._suggested = ""
        self._suggest()

    def _suggest(self) -> None:
        """An id from the choice (my-low-offer, my-low-offer-2, …) until the user types their own."""
        if self.id.text() and self.id.text() != self._suggested:
            self._validate()
            return
        base = f"my-{self.moment.currentData() if self.from_moment.isChecked() else self.copy.currentData()}"
        suggestion, number = base, 2
        while suggestion in self.taken:
            suggestion, number = f"{base}-{number}", number + 1
        self._suggested = suggestion
        self.id.setText(suggestion)
        self.moment.setEnabled(self.from_moment.isChecked())
        self.copy.setEnabled(self.from_copy.isChecked())
        self._validate()

    def _validate(self) -> None:
        text = self.id.text().strip()
        problem = ""
        if not ID.fullmatch(text):
            problem = "An id uses lowercase letters, digits, - and _ (and starts with a letter or digit)."
        elif text in self.taken:
            problem = f"The library already has a scenario “{text}”."
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not problem)

    def choice(self) -> tuple[str, str | None, str | None]:
        if self.from_moment.isChecked():
            return self.id.text().strip(), str(self.moment.currentData()), None
        return self.id.text().strip(), None, str(self.copy.currentData())
