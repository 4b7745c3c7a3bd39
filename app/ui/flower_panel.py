"""The Flower panel: the student's petals, top three priorities and private numbers, beside the rehearsal."""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolBox,
    QVBoxLayout,
    QWidget,
)

from ..core.numbers import parse_amount
from ..core.profile import PETALS, Priority, Profile, ProfileError, load_profile, save_profile
from .widgets.labels import plain_label


class PriorityEditor(QGroupBox):
    def __init__(self, number: int, parent: QWidget | None = None):
        super().__init__(f"Priority {number}", parent)
        self.label = QLineEdit(placeholderText="e.g. mentorship")
        self.why = QLineEdit(placeholderText="why it matters to you")
        self.keywords = QLineEdit(placeholderText="words that count, comma-separated")
        for widget, name in ((self.label, "label"), (self.why, "why"), (self.keywords, "keywords")):
            widget.setAccessibleName(f"Priority {number} {name}")
        form = QFormLayout(self)
        form.addRow("What", self.label)
        form.addRow("Why", self.why)
        form.addRow("Words", self.keywords)

    def value(self) -> Priority | None:
        if not self.label.text().strip():
            return None
        keywords = [k.strip() for k in self.keywords.text().split(",") if k.strip()]
        return Priority(label=self.label.text().strip(), why=self.why.text().strip(), keywords=keywords)

    def fill(self, priority: Priority | None) -> None:
        self.label.setText(priority.label if priority else "")
        self.why.setText(priority.why if priority else "")
        self.keywords.setText(", ".join(priority.keywords) if priority else "")


class FlowerPanel(QDockWidget):
    """Edits save themselves (after a short pause); `changed` carries the new Profile."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Your Flower", parent)
        self.setObjectName("flowerPanel")
        self.profile = Profile()
        self._loading = False
        self._debounce = QTimer(self, singleShot=True, interval=600)
        self._debounce.timeout.connect(self._emit)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(plain_label("Anchor on your own value: what you want most, and your numbers.", "muted"))
        self.name = QLineEdit(placeholderText="Your first name")
        self.name.setAccessibleName("Your name")
        layout.addWidget(self.name)
        self.priorities = [PriorityEditor(i + 1) for i in range(3)]
        for editor in self.priorities:
            layout.addWidget(editor)
        layout.addWidget(self._numbers())
        self.petals: dict[str, QPlainTextEdit] = {}
        toolbox = QToolBox()
        for key, title in PETALS.items():
            edit = QPlainTextEdit(placeholderText="One item per line")
            edit.setAccessibleName(title)
            edit.setTabChangesFocus(True)
            self.petals[key] = edit
            toolbox.addItem(edit, title)
        layout.addWidget(plain_label("The seven petals", "subheading"))
        layout.addWidget(toolbox)
        layout.addLayout(self._file_buttons())
        self.message = plain_label(role="muted")
        layout.addWidget(self.message)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(body)
        self.setWidget(scroll)
        for widget in self._editors():
            widget.textChanged.connect(self._edited)
        self._show_rate()

    def _numbers(self) -> QGroupBox:
        box = QGroupBox("Your numbers (private)")
        self.target = QLineEdit(placeholderText="e.g. 85k", echoMode=QLineEdit.EchoMode.Password)
        self.walk_away = QLineEdit(placeholderText="e.g. 70k", echoMode=QLineEdit.EchoMode.Password)
        self.target.setAccessibleName("Target pay")
        self.walk_away.setAccessibleName("Walk-away pay")
        self.currency = QLineEdit("USD", maxLength=3, placeholderText="USD")
        self.currency.setAccessibleName("Currency of your numbers")
        self.currency.setToolTip("Your numbers are compared only with offers in this currency")
        self.rate = QLineEdit(placeholderText="e.g. 0.79")
        self.rate.setAccessibleName("Conversion rate")
        self.rate.setToolTip("Your own rate, so your numbers count in this scenario's currency")
        self.reveal = QCheckBox("Show numbers")
        self.reveal.toggled.connect(self._reveal)
        self.currency_note = plain_label(role="warning")
        self.currency_note.setAccessibleName("Currency note")
        self._numbers_form = form = QFormLayout(box)
        form.addRow("Target", self.target)
        form.addRow("Walk-away", self.walk_away)
        form.addRow("Currency", self.currency)
        form.addRow("Rate", self.rate)
        form.addRow(self.currency_note)
        form.addRow(self.reveal)
        self._scenario_currency: str | None = None
        return box

    def set_scenario_currency(self, currency: str | None) -> None:
        """The currency of the scenario being rehearsed: the panel offers a rate when the student's numbers are
        in another one, and says when they can't be compared."""
        self._scenario_currency = currency
        self._loading = True
        rate = self.profile.rates.get(currency) if currency else None
        self.rate.setText(f"{rate:g}" if rate is not None else "")
        self._loading = False
        self._show_rate()

    def _show_rate(self) -> None:
        own = self.currency.text().strip().upper() or "USD"
        other = self._scenario_currency
        needed = other is not None and other != own
        self._numbers_form.setRowVisible(self.rate, needed)
        if needed:
            label = self._numbers_form.labelForField(self.rate)
            if isinstance(label, QLabel):
                label.setText(f"1 {own} =")
            self.rate.setPlaceholderText(f"how many {other}")
        try:
            note = self.read().comparison_note(other)
        except ValueError:
            note = None
        self.currency_note.setText(note or "")
        self.currency_note.setVisible(bool(note))

    def _file_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, slot in (("Import…", self.import_file), ("Export…", self.export_file)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        return row

    def _editors(self) -> list[QLineEdit | QPlainTextEdit]:
        priorities = [w for p in self.priorities for w in (p.label, p.why, p.keywords)]
        return [self.name, self.target, self.walk_away, self.currency, self.rate, *self.petals.values(), *priorities]

    def _reveal(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.target.setEchoMode(mode)
        self.walk_away.setEchoMode(mode)

    def set_profile(self, profile: Profile) -> None:
        self._loading = True
        self.profile = profile
        self.name.setText(profile.name)
        for i, editor in enumerate(self.priorities):
            editor.fill(profile.priorities[i] if i < len(profile.priorities) else None)
        self.target.setText(f"{profile.target:,.0f}" if profile.target is not None else "")
        self.walk_away.setText(f"{profile.walk_away:,.0f}" if profile.walk_away is not None else "")
        self.currency.setText(profile.currency)
        rate = profile.rates.get(self._scenario_currency) if self._scenario_currency else None
        self.rate.setText(f"{rate:g}" if rate is not None else "")
        for key, edit in self.petals.items():
            edit.setPlainText("\n".join(profile.petals.get(key, [])))
        self._loading = False
        self._show_rate()

    def read(self) -> Profile:
        """The profile as the fields show it; raises ValueError with a readable message."""
        try:
            target, walk_away = parse_amount(self.target.text()), parse_amount(self.walk_away.text())
        except ValueError:
            raise ValueError("Write your numbers as plain amounts, like 85000 or 85k.") from None
        rates = dict(self.profile.rates)
        other = self._scenario_currency
        if other is not None:
            try:
                rate = float(self.rate.text().replace(",", ".")) if self.rate.text().strip() else None
            except ValueError:
                raise ValueError("Write the rate as a plain number, like 0.79.") from None
            if rate is None:
                rates.pop(other, None)
            else:
                rates[other] = rate
        petals = {
            k: [line.strip() for line in e.toPlainText().splitlines() if line.strip()] for k, e in self.petals.items()
        }
        try:
            return Profile(
                name=self.name.text().strip(),
                target=target,
                walk_away=walk_away,
                currency=self.currency.text().strip().upper() or "USD",
                rates=rates,
                priorities=[p for p in (e.value() for e in self.priorities) if p],
                petals={k: v for k, v in petals.items() if v},
            )
        except ValidationError as error:
            raise ValueError("; ".join(e["msg"].removeprefix("Value error, ") for e in error.errors())) from None

    def _edited(self) -> None:
        if not self._loading:
            self._debounce.start()
            self._show_rate()

    def _emit(self) -> None:
        try:
            self.profile = self.read()
        except ValueError as problem:
            self.message.setText(str(problem))
            return
        self.message.setText("Saved.")
        self.changed.emit(self.profile)

    def flush(self) -> None:
        """Apply a pending edit now (before a rehearsal starts or the window closes)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self._emit()

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a Flower profile", "", "YAML files (*.yaml *.yml)")
        if not path:
            return
        try:
            self.set_profile(load_profile(path))
        except ProfileError as error:
            QMessageBox.warning(self, "That profile has problems", "\n".join(map(str, error.diagnostics)))
            return
        self._emit()

    def export_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export your Flower profile", "my-flower.yaml", "YAML files (*.yaml)"
        )
        if path:
            try:
                save_profile(self.read(), path)
            except (OSError, ValueError) as problem:
                QMessageBox.warning(self, "Couldn't export", str(problem))
