"""Opening the history file: WAL mode, a schema version (PRAGMA user_version) brought up to date by
numbered migrations after a backup copy, a damaged file moved aside for a fresh one, and a folder that
can't be written falling back to memory (the store says so, and keeps answers while the app is open)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from .migrations import MIGRATIONS

SCHEMA_VERSION = len(MIGRATIONS)


def open_connection(path: Path | None, notices: list[str]) -> sqlite3.Connection:
    """A connection to the history at `path` (None: in memory), up to date; what a student should know
    about it (moved aside, not saved) is appended to `notices`."""
    if path is None:
        return _prepare(_connect(":memory:"), None)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return _prepare(_connect(str(path)), path)
    except sqlite3.DatabaseError as error:
        if _is_damage(error):
            return _start_over(path, error, notices)
        return _in_memory(f"your practice history can't be opened ({error})", notices)
    except OSError as error:
        return _in_memory(f"the history folder can't be used ({error.strerror or error})", notices)


def _connect(target: str) -> sqlite3.Connection:
    conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None, timeout=5)
    conn.row_factory = sqlite3.Row
    return conn


def _prepare(conn: sqlite3.Connection, path: Path | None) -> sqlite3.Connection:
    version = conn.execute("PRAGMA user_version").fetchone()[0]  # fails here on a damaged file
    if path is not None:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(f"this history was written by a newer Counteroffer (schema {version})")
    if version < SCHEMA_VERSION:
        if version > 0 and path is not None:
            _backup(path, conn, version)
        _migrate(conn, version)
    return conn


def _backup(path: Path, conn: sqlite3.Connection, version: int) -> None:
    target = path.with_name(f"{path.name}.v{version}.bak")
    copy = sqlite3.connect(str(target))
    with copy:
        conn.backup(copy)
    copy.close()


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    for number in range(version, SCHEMA_VERSION):
        conn.executescript(f"BEGIN;\n{MIGRATIONS[number]}\nPRAGMA user_version={number + 1};\nCOMMIT;")


def _start_over(path: Path, error: Exception, notices: list[str]) -> sqlite3.Connection:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            shutil.move(str(source), f"{aside}{suffix}")
    notices.append(
        f"Your practice history file was damaged ({error}). It was moved aside to "
        f"{aside.name} and a fresh history was started."
    )
    return _prepare(_connect(str(path)), path)


def _in_memory(why: str, notices: list[str]) -> sqlite3.Connection:
    notices.append(f"Note: {why}. Answers are kept while the app is open but won't be saved.")
    return _prepare(_connect(":memory:"), None)


def _is_damage(error: Exception) -> bool:
    text = str(error).lower()
    return any(s in text for s in ("not a database", "malformed", "corrupt", "file is encrypted"))
