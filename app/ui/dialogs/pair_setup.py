"""Practise with a partner: both names, who plays the recruiter first, the scenario, and a fist-to-five."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from ...core.pair import FIST_QUESTION, PairPlan
from ...core.scenario import Scenario
from ..widgets.labels import plain_label


@dataclass
class PairSetup:
    plan: PairPlan
    scenario: Scenario


def fist_spin(name: str) -> QSpinBox:
    spin = QSpinBox(minimum=0, maximum=5)
    spin.setValue(3)
    spin.setAccessibleName(f"Fist to five: {name}")
    spin.setToolTip("0 = a fist (not at all), 5 = all five fingers (completely)")
    return spin


class FistDialog(QDialog):
    """The fist-to-five for both students (before the session, and again after it)."""

    def __init__(self, names: tuple[str, str], title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.names = names
        self.spins = {name: fist_spin(name) for name in names}
        form = QFormLayout(self)
        form.addRow(plain_label(f"{FIST_QUESTION} Hold up 0 (a fist) to 5 fingers.", "muted"))
        for name, spin in self.spins.items():
            form.addRow(name, spin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, int]:
        return {name: spin.value() for name, spin in self.spins.items()}


class PairSetupDialog(QDialog):
    """Names (remembered for the session), who plays the recruiter first, the scenario, and a fist-to-five."""

    def __init__(
        self,
        scenarios: list[Scenario],
        chosen: Scenario | None,
        names: tuple[str, str] = ("", ""),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Practise with a partner")
        self.first = QLineEdit(names[0], placeholderText="First student's name")
        self.first.setAccessibleName("First student's name")
        self.second = QLineEdit(names[1], placeholderText="Second student's name")
        self.second.setAccessibleName("Second student's name")
        self.recruiter = QComboBox()
        self.recruiter.setAccessibleName("Plays the recruiter first")
        self.scenario = QComboBox()
        self.scenario.setAccessibleName("Scenario")
        for scenario in scenarios:
            self.scenario.addItem(scenario.title, scenario.id)
        if chosen is not None:
            self.scenario.setCurrentIndex(max(0, self.scenario.findData(chosen.id)))
        self._scenarios = {s.id: s for s in scenarios}
        self.fists = (fist_spin("first student"), fist_spin("second student"))
        for edit in (self.first, self.second):
            edit.textChanged.connect(self._names_changed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(
            plain_label(
                "One of you plays the recruiter from the script on this screen; the other answers out loud. "
                "Then you swap.",
                "muted",
            )
        )
        form.addRow("First student", self.first)
        form.addRow("Second student", self.second)
        form.addRow("Plays the recruiter first", self.recruiter)
        form.addRow("Scenario", self.scenario)
        form.addRow(plain_label(f"Fist to five — {FIST_QUESTION}", "muted"))
        self.fist_labels = (plain_label(), plain_label())
        for label, spin in zip(self.fist_labels, self.fists, strict=True):
            form.addRow(label, spin)
        form.addRow(self.buttons)
        self._names_changed()

    def names(self) -> tuple[str, str]:
        return self.first.text().strip() or "Student A", self.second.text().strip() or "Student B"

    def _names_changed(self) -> None:
        names = self.names()
        index = self.recruiter.currentIndex()
        self.recruiter.clear()
        self.recruiter.addItems(list(names))
        self.recruiter.setCurrentIndex(max(0, index))
        for label, name in zip(self.fist_labels, names, strict=True):
            label.setText(name)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(names[0].casefold() != names[1].casefold() and self.scenario.count() > 0)

    def setup(self) -> PairSetup:
        names = self.names()
        plan = PairPlan(
            names,
            recruiter_first=self.recruiter.currentIndex(),
            fist_before={name: spin.value() for name, spin in zip(names, self.fists, strict=True)},
        )
        return PairSetup(plan, self._scenarios[self.scenario.currentData()])
