"""Guards against a Qt-binding bug seen with PySide6 6.12.0 on Python 3.11: calls into Qt dropped references
to None/True/False until the interpreter freed them and the app aborted after a few thousand events."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel


def test_qt_calls_keep_the_reference_counts_of_none_true_and_false(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = [sys.getrefcount(x) for x in (None, True, False)]
    for _ in range(2000):
        QApplication.processEvents()
        label.setVisible(False)
        label.isVisible()
    after = [sys.getrefcount(x) for x in (None, True, False)]
    assert all(a >= b - 50 for a, b in zip(after, before, strict=False)), (before, after)
