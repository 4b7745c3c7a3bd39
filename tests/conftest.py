"""Shared test set-up: Qt offscreen, and every test gets its own empty user folder."""
from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def user_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Points the app's data folder (settings, user scenarios, logs) at a fresh temporary folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("COUNTEROFFER_HOME", str(home))
    return home
