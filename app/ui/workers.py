"""Run slow work (disk, parsing, scoring) off the UI thread; results come back as data, never widgets.

Work runs on Python thread pools; results reach the UI thread through one long-lived dispatcher
object, so nothing about a job's lifetime depends on Qt objects that may be deleted while it runs.
Scoring has its own lane: the student waiting on an answer never queues behind loading or exports.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)
_lanes: dict[str, ThreadPoolExecutor] = {}
# One thread per lane: background jobs run in the order asked (profile, history, library, preload), and no two
# of them import the same modules at once (pydantic's lazy imports fail under that race).
LANE_THREADS = {"background": 1, "interactive": 1, "listening": 1}  # listening: the speech model, transcripts


class _Dispatcher(QObject):
    """Lives on the UI thread; a worker emits `deliver` and the call happens there."""

    deliver = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._call)

    @Slot(object)
    def _call(self, call: Callable[[], None]) -> None:
        call()


_dispatcher: _Dispatcher | None = None


class Job:
    """A handle on one call: `done` once its result has been handed over (or taken with `wait`)."""

    def __init__(self, future: Future[Any]):
        self.future = future
        self.done = False

    def wait(self) -> Any:
        """Block until the result is there and take it (its callbacks are then skipped); raises its error."""
        self.done = True
        return self.future.result()


def _alive(callback: Callable[..., object], owner: QObject | None = None) -> bool:
    """False when the Qt object a callback belongs to has been deleted meanwhile (a closed window's page):
    the object of a bound method, or the `owner` given for a lambda."""
    return all(
        not isinstance(obj, QObject) or shiboken6.isValid(obj) for obj in (getattr(callback, "__self__", None), owner)
    )


def start(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None] | None = None,
    *,
    lane: str = "background",
    owner: QObject | None = None,
) -> Job:
    """Call `fn` on a worker thread, then `on_done(result)` or `on_error(exception)` on the UI thread
    (the traceback goes to the log); skipped when `owner` (or a bound callback's object) was deleted
    meanwhile. Must be called from the UI thread."""
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
    dispatcher = _dispatcher
    if lane not in _lanes:
        _lanes[lane] = ThreadPoolExecutor(LANE_THREADS[lane], thread_name_prefix=f"counteroffer-{lane}")
    job: Job

    def hand_over(callback: Callable[[Any], None] | None, value: Any) -> None:
        if job.done:
            return
        job.done = True
        if callback is not None and _alive(callback, owner):
            callback(value)

    def run() -> Any:
        try:
            result = fn()
        except Exception as exc:  # handed to the UI as it is; the worker never crashes the app
            log.warning("background job failed", exc_info=True)
            dispatcher.deliver.emit(lambda error=exc: hand_over(on_error, error))
            raise
        dispatcher.deliver.emit(lambda: hand_over(on_done, result))
        return result

    job = Job(_lanes[lane].submit(run))
    return job


class LatestOnly:
    """One job at a time for something asked for again and again (a check while typing, a chart after a filter):
    a request made while one runs waits, replacing any request already waiting, and a result that a newer
    request has made stale is dropped."""

    def __init__(
        self,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        *,
        lane: str = "background",
        owner: QObject | None = None,
    ):
        self._on_done, self._on_error, self._lane, self._owner = on_done, on_error, lane, owner
        self._job: Job | None = None  # kept referenced until its result is handed over
        self._waiting: Callable[[], Any] | None = None

    @property
    def busy(self) -> bool:
        return self._job is not None

    def request(self, fn: Callable[[], Any]) -> None:
        if self._job is not None:
            self._waiting = fn
            return
        self._job = start(fn, self._done, self._failed, lane=self._lane, owner=self._owner)

    def _next(self) -> bool:
        self._job, waiting, self._waiting = None, self._waiting, None
        if waiting is not None:
            self.request(waiting)
        return waiting is not None

    def _done(self, result: Any) -> None:
        if not self._next():
            self._on_done(result)

    def _failed(self, error: Exception) -> None:
        if not self._next():
            self._on_error(error)
