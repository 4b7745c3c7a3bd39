"""A short first-run guide: name, top three priorities, and the two private numbers."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from ...core.numbers import parse_amount
from ...core.profile import Priority, Profile
from ..widgets.labels import plain_label

INTRO = (
    "Welcome to Counteroffer. Before your first rehearsal, jot down what you want from your first "
    "developer job. The Flower Exercise helps: of the seven petals, pick the three things that matter "
    "most. You can change all of this later in the Flower panel (F6)."
)


class FirstRunGuide(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Welcome to Counteroffer")
        self.name = QLineEdit(placeholderText="Your first name")
        self.priorities = [
            QLineEdit(placeholderText=example)
            for example in (
                "e.g. mentorship from a senior developer",
                "e.g. a team of 20–40 people",
                "e.g. staying in Colorado",
            )
        ]
        self.target = QLineEdit(placeholderText="the pay you're aiming for, e.g. 85k")
        self.walk_away = QLineEdit(placeholderText="the least you'd accept, e.g. 70k")
        for widget in (self.target, self.walk_away):
            widget.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("Name", self.name)
        for i, edit in enumerate(self.priorities):
            edit.setAccessibleName(f"Priority {i + 1}")
            form.addRow(f"Priority {i + 1}", edit)
        form.addRow("Target (private)", self.target)
        form.addRow("Walk-away (private)", self.walk_away)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Skip for now")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(INTRO))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def profile(self) -> Profile:
        def number(edit: QLineEdit) -> float | None:
            try:
                return parse_amount(edit.text())
            except ValueError:
                return None

        target, walk_away = number(self.target), number(self.walk_away)
        if target is not None and walk_away is not None and walk_away > target:
            target, walk_away = walk_away, target
        return Profile(
            name=self.name.text().strip(),
            target=target,
            walk_away=walk_away,
            priorities=[Priority(label=e.text().strip()) for e in self.priorities if e.text().strip()],
        )
