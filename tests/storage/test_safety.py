"""No answer lost silently, no false success: locked, full, damaged, foreign-WAL and concurrently created histories,
on real SQLite files (and real processes where the case is about processes)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, fixture_scenario, record_rehearsal

from app.core.session import Session
from app.practice import Practice
from app.storage.connection import SCHEMA_VERSION, backups, daily_backup, restore_backup
from app.storage.exchange import ImportProblem, export_json, import_json
from app.storage.recorder import HistoryRecorder
from app.storage.store import HistoryReadOnly, Store

SCENARIO = fixture_scenario("first-call")
ANSWERS = ["I'd rather hear more about the role first.", "Fine, 55k.", "Okay, thank you."]


def stored_answers(path: Path) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        return [r[0] for r in conn.execute("SELECT answer FROM answer ORDER BY created_at, position")]
    finally:
        conn.close()


def test_a_locked_history_says_so_keeps_the_answers_and_saves_them_when_free(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    store = Store(path)
    other = sqlite3.connect(str(path), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    store.conn.execute("PRAGMA busy_timeout=100")
    record_rehearsal(store, ANSWERS[:2])
    assert store.unsaved_answers == 2
    assert any("another Counteroffer is using your history" in n for n in store.notices)
    assert (tmp_path / "history.db.pending.jsonl").exists()
    other.execute("COMMIT")
    assert store.flush() and store.unsaved == 0
    assert store.notices[-1] == "The answers that were kept are saved in your history now."
    assert stored_answers(path) == ANSWERS[:2]
    assert not (tmp_path / "history.db.pending.jsonl").exists()


def test_a_refused_write_is_kept_in_a_side_file_and_replayed_after_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    store = Store(path)
    record_rehearsal(store, ANSWERS[:1])
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count={pages}")  # the disk is full
    told: list[str] = []
    store.listeners.append(told.append)
    record_rehearsal(store, [answer * 400 for answer in ANSWERS[1:]])  # a new attempt: it needs new pages
    assert store.unsaved_answers >= 1 and any("disk refused" in n for n in told)
    side = tmp_path / "history.db.pending.jsonl"
    assert len(side.read_text().splitlines()) == store.unsaved
    # the app crashes here (the store is never closed); the next open replays the side file
    again = Store(path)
    assert again.unsaved == 0 and not side.exists()
    assert len(stored_answers(path)) == 1 + store.unsaved_answers
    assert any("saved now" in n for n in again.notices)


def test_text_that_is_not_utf8_is_stored_not_lost(tmp_path: Path) -> None:
    store = Store(tmp_path / "history.db")
    record_rehearsal(store, ["Maybe 50k \udcff\udcfe?"])
    [answer] = stored_answers(tmp_path / "history.db")
    assert answer.startswith("Maybe 50k") and "\ufffd" in answer


def _history_with_wal(folder: Path, answers: list[str]) -> Path:
    """A history whose last rehearsal is only in its -wal (copied while open: as after a crash)."""
    folder.mkdir()
    path = folder / "history.db"
    store = Store(path)
    record_rehearsal(store, answers[:1])
    store.close()
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    record_rehearsal(Store(path), answers[1:])
    snapshot = folder / "snapshot"
    snapshot.mkdir()
    shutil.copyfile(path, snapshot / "history.db")
    shutil.copyfile(f"{path}-wal", snapshot / "history.db-wal")
    conn.close()
    return snapshot / "history.db"


def test_a_foreign_wal_is_backed_up_and_moved_aside_not_applied(tmp_path: Path) -> None:
    mine = _history_with_wal(tmp_path / "mine", ["Maybe like 50k?", "Okay."])
    theirs = _history_with_wal(tmp_path / "theirs", ["Thanks! What range?", "Fine, 55k.", "Okay, thank you."])
    shutil.copyfile(f"{theirs}-wal", f"{mine}-wal")  # a WAL copied from another machine
    store = Store(mine)
    assert any("doesn't belong" in n for n in store.notices)
    assert "Maybe like 50k?" in [a.answer for attempt in store.attempts() for a in store.answers(attempt.id)]
    assert list(mine.parent.glob("history.db.before-wal-*-wal")) and list(mine.parent.glob("history.db.wal-aside-*"))


def test_a_wal_left_by_a_crash_is_applied(tmp_path: Path) -> None:
    mine = _history_with_wal(tmp_path / "mine", ["Maybe like 50k?", "Okay."])
    store = Store(mine)
    assert store.notices == []
    answers = [a.answer for attempt in store.attempts() for a in store.answers(attempt.id)]
    assert sorted(answers) == ["Maybe like 50k?", "Okay."]
    assert list(mine.parent.glob("history.db.before-wal-*"))  # copied before SQLite applied it


def test_several_processes_creating_the_history_at_once_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    start = time.time() + 1.5
    script = (
        "import sys, time\n"
        "from app.storage.store import Store\n"
        f"time.sleep(max(0, {start} - time.time()))\n"
        "store = Store(__import__('pathlib').Path(sys.argv[1]))\n"
        "assert not store.notices, store.notices\n"
        "store._write('INSERT INTO attempt (id, scenario_id, scenario_title, scenario_hash, started_at) "
        "VALUES (?, ?, ?, ?, ?)', (sys.argv[2], 's', 't', 'h', 'now'))\n"
        "assert store.unsaved == 0\n"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", script, str(path), f"a{n}"], cwd=ROOT, stderr=subprocess.PIPE)
        for n in range(6)
    ]
    errors = [p.communicate(timeout=60)[1].decode() for p in processes]
    assert [p.returncode for p in processes] == [0] * 6, errors
    store = Store(path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert sorted(a.id for a in store.attempts()) == [f"a{n}" for n in range(6)]


def _damage_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for at in range(page + 8, len(data) - page, page):
        data[at : at + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))


def test_damage_in_the_middle_is_found_at_open_and_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    store = Store(path)
    for _ in range(3):
        record_rehearsal(store, [answer * 50 for answer in ANSWERS])
    store.close()
    _damage_middle(path)
    again = Store(path)
    assert any("damaged" in n and "moved aside" in n for n in again.notices)
    assert again.attempts() == [] and list(tmp_path.glob("history.db.damaged-*"))
    record_rehearsal(again, ANSWERS[:1])
    assert len(again.attempts()) == 1


def test_damage_found_while_open_keeps_this_sessions_answers(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    store = Store(path)
    session = Session(SCENARIO, Practice().scorer())
    HistoryRecorder(store, session)
    session.start()
    session.submit(ANSWERS[0] * 200)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _damage_middle(path)
    store.conn.execute("PRAGMA cache_size=0")
    session.submit(ANSWERS[1])
    answers = [a.answer for attempt in store.attempts() for a in store.answers(attempt.id)]
    assert answers == [ANSWERS[0] * 200, ANSWERS[1]]
    assert any("damaged" in n for n in store.notices) and list(tmp_path.glob("history.db.damaged-*"))


def test_daily_backups_rotate_and_one_can_be_restored(tmp_path: Path) -> None:
    import datetime as dt

    path = tmp_path / "history.db"
    store = Store(path)
    record_rehearsal(store, ANSWERS[:1])
    for day in range(10):
        daily_backup(store.conn, path, dt.date(2026, 1, 1) + dt.timedelta(days=day))
    kept = backups(path)
    assert len(kept) == 7 and kept[0].name == "history.db.backup-2026-01-10"
    record_rehearsal(store, ANSWERS[1:2])
    store.close()
    aside = restore_backup(path, kept[0])
    assert aside.exists() and len(stored_answers(path)) == 1


def test_a_wrong_export_is_rejected_with_the_path_of_the_bad_field_and_nothing_written(tmp_path: Path) -> None:
    laptop, home = Store(tmp_path / "laptop.db"), Store(tmp_path / "home.db")
    for _ in range(4):
        record_rehearsal(laptop, ANSWERS[:2])
    data = json.loads(json.dumps(export_json(laptop)))
    data["attempts"][3]["answers"][0]["dimensions"] = ["not", "a", "mapping"]
    with pytest.raises(ImportProblem, match=r"attempts\[3\]\.answers\[0\]\.dimensions: "):
        import_json(home, data)
    data = json.loads(json.dumps(export_json(laptop)))
    data["attempts"][2]["started_at"] = 20260101
    with pytest.raises(ImportProblem, match=r"attempts\[2\]\.started_at: "):
        import_json(home, data)
    assert home.attempts() == []


def test_ids_that_differ_only_in_case_are_imported_once(tmp_path: Path) -> None:
    laptop, home = Store(tmp_path / "laptop.db"), Store(tmp_path / "home.db")
    record_rehearsal(laptop, ANSWERS[:2])
    data = json.loads(json.dumps(export_json(laptop)))
    assert import_json(home, data) == (1, 2)
    shouting = json.loads(json.dumps(data).replace(data["attempts"][0]["id"], data["attempts"][0]["id"].upper()))
    for answer in shouting["attempts"][0]["answers"]:
        answer["id"] = answer["id"].upper()
    assert import_json(home, shouting) == (0, 0)
    both = {**data, "attempts": data["attempts"] + shouting["attempts"]}
    assert import_json(Store(tmp_path / "other.db"), both) == (1, 2)


def test_an_import_into_a_locked_history_refuses_loudly_and_writes_nothing(tmp_path: Path) -> None:
    laptop, home = Store(tmp_path / "laptop.db"), Store(tmp_path / "home.db")
    record_rehearsal(laptop, ANSWERS[:2])
    other = sqlite3.connect(str(tmp_path / "home.db"), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    home.conn.execute("PRAGMA busy_timeout=100")
    with pytest.raises(HistoryReadOnly, match="another Counteroffer is using it"):
        import_json(home, json.loads(json.dumps(export_json(laptop))))
    other.execute("ROLLBACK")
    assert home.attempts() == []
