"""Work the main window hands to worker threads: loading, preloading and reading the history.
Each function runs off the UI thread and returns plain data."""
from __future__ import annotations

from .. import paths


def preload() -> None:
    """Import what a rehearsal needs and load the lexicons and rubrics, on a worker thread while the
    student browses, so starting the first rehearsal doesn't freeze the window."""
    from ..core import session  # noqa: F401
    from ..core.scoring import default_scorer
    from ..storage import recorder, resume  # noqa: F401
    from . import flower_panel, speech  # noqa: F401
    from .pages import debrief_page, rehearsal_page  # noqa: F401

    default_scorer()
    create_enums()


def create_enums() -> None:
    """PySide builds a class's Python enums the first time one is used (QStyle's take ~20 ms):
    do it here, off the UI thread, rather than in the middle of the first rehearsal."""
    from PySide6.QtMultimedia import QMediaPlayer
    from PySide6.QtWidgets import QSizePolicy, QStyle

    for enum in (QStyle.StateFlag, QMediaPlayer.PlaybackState, QSizePolicy.Policy):
        len(enum)


def open_store():
    from ..storage.store import open_default

    store = open_default()
    return store, store.unfinished()


def import_file(store, path: str) -> tuple[int, int]:
    import json
    from pathlib import Path

    from ..storage.exchange import import_json

    return import_json(store, json.loads(Path(path).read_text(encoding="utf-8")))


def stored_view(store, attempt_id: str, library):
    from types import SimpleNamespace

    from ..storage.resume import stored_rehearsal

    attempt = store.attempt(attempt_id)
    scenario = (library.get(attempt["scenario_id"]) if library is not None else None) or SimpleNamespace(
        id=attempt["scenario_id"], title=attempt["scenario_title"], recruiter=SimpleNamespace(name="Recruiter"))
    return stored_rehearsal(store, attempt_id, scenario)


def load_profile_file():
    from ..core.profile import load_profile

    path = paths.profile_file()
    return load_profile(path) if path.exists() else None
