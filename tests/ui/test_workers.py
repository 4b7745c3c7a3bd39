"""Background jobs: results arrive on the UI thread, scoring never waits behind loading, closed pages are skipped."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QObject

from app.ui import workers


def test_the_result_arrives_on_the_ui_thread(qtbot) -> None:
    seen = []
    workers.start(lambda: threading.get_ident(), lambda worker: seen.append((worker, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    worker, delivered_on = seen[0]
    assert worker != threading.get_ident()
    assert delivered_on == threading.get_ident()


def test_an_error_arrives_as_the_exception_and_the_result_is_not_delivered(qtbot) -> None:
    results, errors = [], []

    def broken():
        raise ValueError("the file was empty")

    workers.start(broken, results.append, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "the file was empty"
    assert results == []


def test_an_answer_is_scored_while_the_background_lane_is_busy(qtbot) -> None:
    release = threading.Event()
    busy = [workers.start(lambda: release.wait(30), lambda _r: None) for _ in range(workers.LANE_THREADS["background"])]
    scored = []
    try:
        workers.start(lambda: "scored", scored.append, lane="interactive")
        qtbot.waitUntil(lambda: bool(scored), timeout=10_000)
        assert scored == ["scored"]
        assert not any(job.done for job in busy), "the background jobs were still running"
    finally:
        release.set()
    qtbot.waitUntil(lambda: all(job.done for job in busy), timeout=10_000)


class Page(QObject):
    """Stands in for a window page: a Qt object whose method is a job's callback."""

    def __init__(self, seen: list) -> None:
        super().__init__()
        self.seen = seen

    def show_result(self, value: object) -> None:
        self.seen.append(value)


def test_a_page_closed_while_its_job_ran_is_not_called(qtbot) -> None:
    release = threading.Event()
    seen: list = []
    page = Page(seen)
    job = workers.start(lambda: release.wait(30) and "late", page.show_result)
    page.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(page), timeout=10_000)
    release.set()
    qtbot.waitUntil(lambda: job.done, timeout=10_000)  # handed over: the callback was called or skipped by now
    assert job.future.result() == "late"
    assert seen == [], "the closed page's method was not called"


def test_a_lambda_callback_is_skipped_when_its_owner_was_closed(qtbot) -> None:
    release = threading.Event()
    seen: list = []
    page = Page(seen)
    job = workers.start(lambda: release.wait(30) and "late", lambda result: page.show_result(result), owner=page)
    page.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(page), timeout=10_000)
    release.set()
    qtbot.waitUntil(lambda: job.done, timeout=10_000)
    assert seen == [], "the lambda for the closed page was not called"


def test_waiting_takes_the_result_and_the_callback_is_skipped(qtbot) -> None:
    called, later = [], []
    job = workers.start(lambda: 42, called.append)
    assert job.wait() == 42
    # The hand-over of the first job was queued to the UI thread before the next job in the same lane even
    # started, so once the next one's result has arrived the first one's has been dealt with.
    workers.start(lambda: "next", later.append)
    qtbot.waitUntil(lambda: later == ["next"], timeout=10_000)
    assert called == []


def test_waiting_on_a_failed_job_raises_its_error() -> None:
    job = workers.start(lambda: 1 / 0, lambda _r: None)
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        job.wait()


def test_background_jobs_run_one_at_a_time_in_the_order_asked(qtbot) -> None:
    """Start-up loads the profile, the history and the library in the background; two at once could import
    the same modules on two threads, which pydantic's lazy imports don't survive."""
    release = threading.Event()
    ran: list[tuple[str, int]] = []

    def job(name: str):
        def run():
            if name == "profile":
                release.wait(30)  # the others are asked for while this one still runs
            ran.append((name, threading.get_ident()))
            return name

        return run

    log: list[str] = []
    jobs = [workers.start(job(name), log.append) for name in ("profile", "history", "library", "preload")]
    release.set()
    qtbot.waitUntil(lambda: all(j.done for j in jobs))
    assert log == ["profile", "history", "library", "preload"]
    assert [name for name, _ in ran] == log
    threads = {ident for _, ident in ran}
    assert len(threads) == 1, "one thread ran them all, so no two ran at once"
    assert threads != {threading.get_ident()}
