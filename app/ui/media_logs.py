"""Keeping Qt Multimedia's chatter out of the student's terminal."""

from __future__ import annotations

from PySide6.QtCore import QLoggingCategory

# FFmpeg describes every file it opens ("Input #0, wav, …") and the multimedia library lists the optional
# libraries it didn't find (PipeWire, VA-API): not for a student's terminal in an audio-only app.
# QT_LOGGING_RULES in the environment still overrides these.
QUIET_MEDIA_LOGS = "qt.multimedia.ffmpeg*.info=false\nqt.multimedia.symbolsresolver=false"


def quiet_media_logs() -> None:
    """Call before Qt Multimedia is first imported: some of its messages come as the library loads."""
    QLoggingCategory.setFilterRules(QUIET_MEDIA_LOGS)
