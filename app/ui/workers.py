"""Run slow work (disk, parsing, scoring) off the UI thread; results come back as data, never widgets."""
from __future__ import annotations

import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    """One function call on the thread pool. Connect to `signals` before `start()`."""

    def __init__(self, fn: Callable[[], Any]):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self.done = False  # set on the UI thread once the result has been delivered

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the UI as text; the worker never crashes the app
            self.signals.failed.emit(f"{exc}\n\n{traceback.format_exc()}")
        else:
            self.signals.finished.emit(result)


def start(fn: Callable[[], Any], on_done: Callable[[Any], None],
          on_error: Callable[[str], None] | None = None) -> Job:
    job = Job(fn)
    job.setAutoDelete(False)  # the caller keeps it until its signals have fired
    job.signals.finished.connect(on_done)
    if on_error is not None:
        job.signals.failed.connect(on_error)
    for signal in (job.signals.finished, job.signals.failed):  # connected last: runs after the caller's slot
        signal.connect(lambda *_: setattr(job, "done", True))
    QThreadPool.globalInstance().start(job)
    return job
