"""Combo boxes whose choices change under the user: refilled without losing (or announcing) the current one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtWidgets import QComboBox


def refill(combo: QComboBox, items: Iterable[tuple[str, Any]]) -> None:
    """Replace the (text, data) items, keeping the current choice when it is still offered, else the first;
    no change signals fire."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)
