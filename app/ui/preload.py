"""Loading what a rehearsal needs before the student asks for it, on a worker thread while they browse,
so starting the first rehearsal doesn't freeze the window."""

from __future__ import annotations

from ..practice import Practice


def preload(practice: Practice) -> None:
    """Import the rehearsal's modules and load the lexicons and rubrics."""
    from ..core import session  # noqa: F401
    from ..storage import recorder, resume  # noqa: F401
    from . import flower_panel, speech  # noqa: F401
    from .pages import debrief_page, rehearsal_page  # noqa: F401

    practice.scorer()
    create_enums()


def create_enums() -> None:
    """PySide builds a class's Python enums the first time one is used (QStyle's take ~20 ms):
    do it here, off the UI thread, rather than in the middle of the first rehearsal."""
    from PySide6.QtMultimedia import QMediaPlayer
    from PySide6.QtWidgets import QSizePolicy, QStyle

    for enum in (QStyle.StateFlag, QMediaPlayer.PlaybackState, QSizePolicy.Policy):
        len(enum)
