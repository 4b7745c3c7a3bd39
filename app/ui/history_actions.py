"""The window's practice history: opening it in the background, and the File menu's import and restore-from-backup.

The window owns one `HistoryActions` and gives it what it needs as callables (where to show a status message,
how to stop a rehearsal before a restore, the history page if it is built), so this module knows nothing of the
window itself. Every disk step runs on a worker thread; results come back here on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ..practice import Practice
from ..reports.wording import plural
from . import workers

if TYPE_CHECKING:
    from ..storage.store import AttemptRow, Store
    from .pages.history_page import HistoryPage


def open_history(practice: Practice) -> tuple[Store, list[AttemptRow]]:
    """The history and its interrupted rehearsals (on a worker thread at start-up)."""
    store = practice.open_history()
    return store, store.unfinished()


class HistoryActions(QObject):
    notice = Signal(str)  # something the student should know about the history (from any thread)

    def __init__(
        self,
        window: QWidget,
        practice: Practice,
        *,
        status: Callable[[str], None],
        stop_rehearsal: Callable[[], None],
        history_page: Callable[[], HistoryPage | None],
        unfinished: Callable[[AttemptRow], None],
    ):
        """`unfinished` is offered the newest interrupted rehearsal found when the history opens."""
        super().__init__(window)
        self.window, self.practice = window, practice
        self._status, self._stop_rehearsal, self._history_page = status, stop_rehearsal, history_page
        self._unfinished = unfinished
        self._store: Store | None = None
        self._job: workers.Job | None = None
        self.notice.connect(self._show_notice)

    # ---- opening ------------------------------------------------------------
    def open_in_background(self) -> None:
        practice = self.practice
        self._job = workers.start(lambda: open_history(practice), self._opened, self.failed)

    @property
    def store(self) -> Store:
        """The practice history (opened in the background at start-up; here at once if asked before).
        Asked while the background open is under way, it waits for that one: never two connections."""
        if self._store is None and self._job is not None:
            try:
                self._opened(self._job.wait())
            except Exception as error:  # noqa: BLE001 - shown, then opened here instead
                self.failed(error)
        if self._store is None:
            self._opened((self.practice.open_history(), []))
        assert self._store is not None
        return self._store

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def _opened(self, result: tuple[Store, list[AttemptRow]]) -> None:
        store, unfinished = result
        if self._store is not None:  # already opened on demand
            store.close()
            return
        self._store = store
        for notice in store.notices:
            self._show_notice(notice)
        store.listeners.append(self.notice.emit)  # later ones (a refused write) come from worker threads
        if unfinished:
            self._unfinished(unfinished[0])

    def _show_notice(self, notice: str) -> None:
        QMessageBox.warning(self.window, "Your practice history", notice)

    def failed(self, error: Exception) -> None:
        """Reading the history went wrong: said in the status bar (the window carries on without it)."""
        self._status(f"Your practice history could not be opened: {error}")

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    # ---- File → Import history… -----------------------------------------------
    def import_history(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self.window, "Import practice history", "", "History exports (*.json)")
        if path:
            store, practice = self.store, self.practice
            workers.start(lambda: practice.import_history(store, Path(path)), self._imported, self._import_failed)

    def _imported(self, counts: tuple[int, int]) -> None:
        attempts, answers = counts
        self._status(
            f"Imported {plural(attempts, 'rehearsal')} and {plural(answers, 'answer')}; "
            "anything already here was skipped."
        )
        page = self._history_page()
        if page is not None:
            page.refresh()

    def _import_failed(self, error: Exception) -> None:
        QMessageBox.warning(self.window, "Couldn't import", str(error))

    # ---- File → Restore history from backup… ------------------------------------
    def restore_history(self) -> None:
        """Pick one of the daily backups; the current file is kept."""
        from PySide6.QtWidgets import QInputDialog

        backups = self.practice.history_backups()
        if not backups:
            QMessageBox.information(
                self.window, "Restore history", "There are no backups of your practice history yet."
            )
            return
        names = [backup.name for backup in backups]
        name, ok = QInputDialog.getItem(
            self.window, "Restore history", "Put this backup in place of your practice history:", names, 0, False
        )
        if not ok:
            return
        backup = backups[names.index(name)]
        self._stop_rehearsal()
        store, practice = self.store, self.practice
        self._store = None
        self._job = None
        workers.start(lambda: practice.restore_history(store, backup), self._restored, self._restore_failed)

    def _restored(self, result: tuple[Store, Path]) -> None:
        store, aside = result
        self._opened((store, []))
        self._status(f"History restored; the one it replaced was kept as {aside.name}.")
        page = self._history_page()
        if page is not None:
            page.set_store(store)
            page.refresh()

    def _restore_failed(self, error: Exception) -> None:
        QMessageBox.warning(self.window, "Couldn't restore the history", str(error))

    # ---- File → Delete recordings… -------------------------------------------------
    def delete_recordings(self, *, confirm: bool = True) -> None:
        """Delete every kept recording of a spoken answer; the answers, transcripts and figures stay."""
        if confirm:
            answer = QMessageBox.question(
                self.window,
                "Delete recordings",
                "Delete the recordings of all your spoken answers? Your answers as text, their scores and the "
                "delivery figures stay in your history. This can't be undone.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        store, practice = self.store, self.practice
        workers.start(lambda: practice.delete_recordings(store), self._recordings_deleted, self._delete_failed)

    def _recordings_deleted(self, count: int) -> None:
        self._status(f"Deleted {plural(count, 'recording')}." if count else "There were no recordings to delete.")

    def _delete_failed(self, error: Exception) -> None:
        QMessageBox.warning(self.window, "Couldn't delete the recordings", str(error))
