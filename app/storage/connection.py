"""Opening the history file: WAL mode, a schema version (PRAGMA user_version) brought up to date by
numbered migrations after a backup copy, a damaged file moved aside for a fresh one, a leftover WAL file
checked before SQLite may apply it, a read-only folder opened read-only, and a folder that can't be used
at all falling back to memory (the store says so, and keeps answers while the app is open)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .migrations import MIGRATIONS

SCHEMA_VERSION = len(MIGRATIONS)
BUSY_TIMEOUT_S = 5.0
DAILY_BACKUPS_KEPT = 7
WAL_BACKUPS_KEPT = 3
_WAL_MAGIC = (0x377F0682, 0x377F0683)
_WAL_VERSION = 3007000

# Paths this process has open: SQLite's POSIX locks would be dropped if we opened and closed one of its files.
_open_here: dict[str, int] = {}
_open_here_lock = threading.Lock()


@dataclass
class Opened:
    """A connection and what kind it is: on disk and writable, on disk but read-only, or in memory."""

    conn: sqlite3.Connection
    on_disk: bool
    read_only: bool = False


def open_history(path: Path | None, notices: list[str]) -> Opened:
    if path is None:
        return Opened(_prepare(_connect(":memory:"), None), on_disk=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return _in_memory(f"the history folder can't be used ({error.strerror or error})", notices)
    if not _writable(path):
        return _read_only(path, notices)
    try:
        with _opening(path):
            _check_leftover_wal(path, notices)
            opened = Opened(_prepare_patiently(path), on_disk=True)
        remember_open(path)
        return opened
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            return Opened(start_over(path, error, notices), on_disk=True)
        return _in_memory(f"your practice history can't be opened ({error})", notices)
    except OSError as error:
        return _in_memory(f"the history folder can't be used ({error.strerror or error})", notices)


@contextlib.contextmanager
def _opening(path: Path) -> Iterator[None]:
    """Only one Counteroffer at a time creates, migrates or checks the history: an flock on history.db.lock
    (a file of its own, so SQLite's locks on the history are never disturbed), waited for up to a few seconds.
    Inside, creation and migration also run in BEGIN IMMEDIATE (see _migrate) for any other SQLite client."""
    if sys.platform == "win32":
        yield
        return
    import fcntl

    try:
        handle = open(path.with_name(path.name + ".lock"), "a+b")  # noqa: SIM115 - held across the yield
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + 2 * BUSY_TIMEOUT_S
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline:
                    break  # go on without it: SQLite's own locking still applies
                time.sleep(0.05)
        yield
    finally:
        handle.close()  # releases the flock


def remember_open(path: Path) -> None:
    with _open_here_lock:
        _open_here[str(path)] = _open_here.get(str(path), 0) + 1


def forget_open(path: Path) -> None:
    with _open_here_lock:
        left = _open_here.get(str(path), 0) - 1
        if left > 0:
            _open_here[str(path)] = left
        else:
            _open_here.pop(str(path), None)


def _writable(path: Path) -> bool:
    if not os.access(path.parent, os.W_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def _connect(target: str, uri: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None, timeout=BUSY_TIMEOUT_S, uri=uri)
    conn.row_factory = sqlite3.Row
    return conn


def _prepare_patiently(path: Path) -> sqlite3.Connection:
    """_prepare, tried again when another process holds a lock SQLite wouldn't wait for (changing the journal
    mode of a file another connection is creating)."""
    deadline = time.monotonic() + 2 * BUSY_TIMEOUT_S
    while True:
        conn = _connect(str(path))
        try:
            return _prepare(conn, path)
        except sqlite3.OperationalError as error:
            conn.close()
            if "locked" not in str(error).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _prepare(conn: sqlite3.Connection, path: Path | None) -> sqlite3.Connection:
    """Up to date, checked. Creating and migrating happen inside BEGIN IMMEDIATE with the version read again
    there, so two processes opening a new history at once don't both create its tables."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]  # fails here on a damaged file
    if path is not None:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed ({check})")
    conn.execute("PRAGMA foreign_keys=ON")
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(f"this history was written by a newer Counteroffer (schema {version})")
    if version < SCHEMA_VERSION:
        if version > 0 and path is not None:
            _backup(conn, path.with_name(f"{path.name}.v{version}.bak"))
        _migrate(conn)
    if path is not None:
        daily_backup(conn, path)
    return conn


def _backup(conn: sqlite3.Connection, target: Path) -> None:
    copy = sqlite3.connect(str(target))
    try:
        conn.backup(copy)
    finally:
        copy.close()


def _migrate(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have done it
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version={number + 1}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


# ---- rotating backups -------------------------------------------------------------
def backups(path: Path) -> list[Path]:
    """The daily backups of the history at `path`, newest first."""
    return sorted(path.parent.glob(f"{path.name}.backup-????-??-??"), reverse=True)


def daily_backup(conn: sqlite3.Connection, path: Path, today: date | None = None) -> None:
    """One copy a day (sqlite3's backup API, so it is consistent), the last DAILY_BACKUPS_KEPT kept."""
    target = path.with_name(f"{path.name}.backup-{(today or date.today()).isoformat()}")
    if target.exists():
        return
    try:
        if conn.execute("SELECT COUNT(*) FROM attempt").fetchone()[0] == 0:
            return  # nothing worth a copy yet
        partial = target.with_name(target.name + ".partial")
        _backup(conn, partial)
        os.replace(partial, target)
        for old in backups(path)[DAILY_BACKUPS_KEPT:]:
            old.unlink(missing_ok=True)
    except (OSError, sqlite3.Error):
        pass  # a backup that can't be made doesn't stop the history from opening


def restore_backup(path: Path, backup: Path) -> Path:
    """Put `backup` in place of the history at `path` (closed); the current file is kept as
    history.db.before-restore-<stamp>. Returns where the current file went."""
    check = sqlite3.connect(_uri(backup, "mode=ro"), uri=True)
    try:
        if check.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError(f"{backup.name} is damaged")
    finally:
        check.close()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.before-restore-{stamp}")
    if path.exists():
        current = sqlite3.connect(str(path))
        try:
            _backup(current, aside)
        finally:
            current.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    partial = path.with_name(path.name + ".restoring")
    shutil.copyfile(backup, partial)
    os.replace(partial, path)
    return aside


# ---- a WAL file left beside the history ----------------------------------------------
def _check_leftover_wal(path: Path, notices: list[str]) -> None:
    """The rule for a -wal file found before the first open (SQLite would apply it to the history):

    - If this process or another one has the history open, the WAL is live: leave it alone.
    - Otherwise it was left by a crash, or copied from somewhere else. Both files are first copied to
      history.db.before-wal-<stamp>(-wal), so whatever happens next can be undone.
    - If its header isn't a valid WAL for this file (magic, version, page size) or the history isn't in
      WAL mode, it is moved aside unapplied (history.db.wal-aside-<stamp>) and the student is told.
    - Otherwise it is applied to a scratch copy first: if any attempt or answer that the history holds
      without it would disappear with it, it is a foreign WAL and is moved aside unapplied (and the
      student told); if it only adds to the history (a crash's last answers), SQLite applies it.
    """
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if not path.exists() or not wal.exists() or wal.stat().st_size == 0:
        return
    with _open_here_lock:
        if str(path) in _open_here or _in_use_elsewhere(path):
            return
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    before = path.with_name(f"{path.name}.before-wal-{stamp}")
    shutil.copyfile(path, before)
    shutil.copyfile(wal, f"{before}-wal")
    for old in sorted(path.parent.glob(f"{path.name}.before-wal-*[0-9]"), reverse=True)[WAL_BACKUPS_KEPT:]:
        old.unlink(missing_ok=True)
        Path(f"{old}-wal").unlink(missing_ok=True)
    problem = _wal_header_problem(path, wal) or _wal_loses_data(path, wal)
    if problem is None:
        return
    aside = path.with_name(f"{path.name}.wal-aside-{stamp}")
    shutil.move(str(wal), f"{aside}-wal")
    shm.unlink(missing_ok=True)
    notices.append(
        f"A leftover change file beside your practice history ({wal.name}) doesn't belong to it ({problem}). "
        f"It was not applied and was moved aside to {aside.name}-wal; your history is unchanged."
    )


def _in_use_elsewhere(path: Path) -> bool:
    """Whether another process holds a lock on the history (SQLite's shared locks while it is open)."""
    if sys.platform == "win32":
        return True  # can't tell without disturbing SQLite's locks: treat the WAL as live
    import fcntl

    try:
        with open(path, "rb+") as handle:
            try:
                fcntl.lockf(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB, 510, 0x40000002)
            except OSError:
                return True
            fcntl.lockf(handle.fileno(), fcntl.LOCK_UN, 510, 0x40000002)
            return False
    except OSError:
        return True


def _wal_header_problem(path: Path, wal: Path) -> str | None:
    with open(path, "rb") as handle:
        db_header = handle.read(100)
    with open(wal, "rb") as handle:
        wal_header = handle.read(32)
    if len(db_header) < 100 or len(wal_header) < 32:
        return "too short"
    page_size = struct.unpack(">H", db_header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if db_header[18] != 2 or db_header[19] != 2:
        return "the history isn't in WAL mode"
    magic, version, wal_page_size = struct.unpack(">III", wal_header[:12])
    if magic not in _WAL_MAGIC or version != _WAL_VERSION:
        return "not a WAL file"
    if wal_page_size != page_size:
        return f"page size {wal_page_size}, the history's is {page_size}"
    return None


def _ids(db: Path) -> set[str]:
    conn = sqlite3.connect(str(db))
    try:
        rows = conn.execute("SELECT 'a' || id FROM attempt UNION ALL SELECT 'n' || id FROM answer").fetchall()
        return {row[0] for row in rows}
    except sqlite3.DatabaseError:
        return set()
    finally:
        conn.close()


def _wal_loses_data(path: Path, wal: Path) -> str | None:
    with tempfile.TemporaryDirectory(prefix="counteroffer-wal-") as scratch:
        alone, applied = Path(scratch) / "alone.db", Path(scratch) / "applied.db"
        shutil.copyfile(path, alone)
        shutil.copyfile(path, applied)
        shutil.copyfile(wal, f"{applied}-wal")
        without, with_wal = _ids(alone), _ids(applied)
        if not without <= with_wal:
            return f"applying it would remove {len(without - with_wal)} saved rehearsals or answers"
    return None


# ---- recovery -------------------------------------------------------------------------
def start_over(path: Path, error: Exception, notices: list[str]) -> sqlite3.Connection:
    """Move a damaged history (and its -wal, -shm) aside as history.db.damaged-<stamp>, start a fresh one."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            shutil.move(str(source), f"{aside}{suffix}")
    notices.append(
        f"Your practice history file was damaged ({error}). It was moved aside to "
        f"{aside.name} and a fresh history was started."
    )
    conn = _prepare(_connect(str(path)), path)
    remember_open(path)
    return conn


def _read_only(path: Path, notices: list[str]) -> Opened:
    if not path.exists():
        return _in_memory("the history folder is read-only, so there is no history to open", notices)
    for target in (_uri(path, "mode=ro"), _uri(path, "immutable=1")):
        try:
            conn = _connect(target, uri=True)
            conn.execute("SELECT COUNT(*) FROM attempt").fetchone()
        except sqlite3.DatabaseError:
            continue
        notices.append(
            "Your practice history is read-only (its folder or file can't be written): you can look at it, "
            "but new answers and imports can't be saved to it."
        )
        return Opened(conn, on_disk=True, read_only=True)
    return _in_memory("your practice history is read-only and can't be read", notices)


def _in_memory(why: str, notices: list[str]) -> Opened:
    notices.append(f"Note: {why}. Answers are kept while the app is open but won't be saved.")
    return Opened(_prepare(_connect(":memory:"), None), on_disk=False)


def _uri(path: Path, query: str) -> str:
    """A file: URI for SQLite, with any ? or # in the path escaped."""
    return f"{path.resolve().as_uri()}?{query}"


def is_damage(error: Exception) -> bool:
    text = str(error).lower()
    return any(s in text for s in ("not a database", "malformed", "corrupt", "file is encrypted"))
