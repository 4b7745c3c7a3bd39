"""The practice history: durable, migratable, recoverable, mergeable."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, ROOT, fixture_scenario, record_rehearsal

from app.core.session import Session
from app.practice import Practice
from app.storage.connection import SCHEMA_VERSION
from app.storage.exchange import export_csv, export_json, import_json
from app.storage.recorder import HistoryRecorder
from app.storage.resume import replay, stored_rehearsal
from app.storage.store import Store

SCENARIO = fixture_scenario("first-call")


def test_each_answer_is_committed_when_scored(tmp_path: Path) -> None:
    store = Store(tmp_path / "history.db")
    record_rehearsal(store, ["I'd rather hear more about the role first."])
    other = Store(tmp_path / "history.db")  # a second connection sees it: it is on disk
    [attempt] = other.unfinished()
    assert attempt.answers == 1 and attempt.outcome is None
    assert other.answers(attempt.id)[0].turn_id == "opening"


@pytest.mark.slow
def test_killed_terminal_rehearsal_loses_no_answer_and_is_offered_for_resume(
    user_home: Path, user_scenarios: Path
) -> None:
    env = {**os.environ, "COUNTEROFFER_HOME": str(user_home)}
    command = [sys.executable, "-m", "app", "rehearse", "first-call", "--no-voice", "--format", "jsonl"]
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env
    )
    answers = ["I'd rather hear more about the role first.", "Fine, 55k."]  # to asks_again, then low_anchor
    try:
        for answer in answers:
            process.stdin.write(answer + "\n")
            process.stdin.flush()
            assert json.loads(process.stdout.readline())["type"] == "turn"  # scored (and so committed)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    store = Store(user_home / "history.db")
    [attempt] = store.unfinished()
    assert [a.answer for a in store.answers(attempt.id)] == answers
    offer = subprocess.run(command, input="", capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert "unfinished rehearsal of this scenario" in offer.stderr and "--resume" in offer.stderr
    resumed = subprocess.run(
        command + ["--resume"],
        input="Okay, thank you.\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert "2 answers replayed" in resumed.stderr
    summary = json.loads(resumed.stdout.splitlines()[-1])
    assert summary["turns"] == 3 and summary["outcome"] == "anchored_low"


def test_resume_replays_the_same_path(tmp_path: Path) -> None:
    store = Store(tmp_path / "history.db")
    first = record_rehearsal(store, ["Maybe like 50k? I'm not sure."])
    [attempt] = store.unfinished()
    session = Session(SCENARIO, Practice().scorer())
    session.start()
    assert replay(store, attempt.id, session) == 1
    assert session.current.turn_id == first.current.turn_id == "low_anchor"


def test_migrates_a_version_1_history_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    shutil.copy(DATA / "history-v1.db", path)
    store = Store(path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert (tmp_path / "history.db.v1.bak").exists()
    [attempt] = store.attempts()
    assert attempt.scores == {"confidence": 55.0, "respect": 66.0, "value": 32.0}
    assert store.progress("confidence") == [("2026-10-01T10:00:00+00:00", 55.0)]
    view = stored_rehearsal(store, attempt.id, None)  # read back as stored, without the scenario it came from
    assert view.records[0].score.criteria[0].evidence[0].text == "Maybe"
    assert view.ending.outcome == "anchored_low"


def test_a_damaged_file_is_moved_aside_and_a_fresh_history_started(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    path.write_bytes(b"this is not a database" * 100)
    store = Store(path)
    assert "damaged" in store.notices[0] and "moved aside" in store.notices[0]
    assert list(tmp_path.glob("history.db.damaged-*"))
    record_rehearsal(store, ["Thanks! What range have you budgeted?"])
    assert len(store.attempts()) == 1


def test_an_unwritable_folder_keeps_answers_in_memory_with_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    store = Store(blocker / "history.db")
    assert "won't be saved" in store.notices[0]
    record_rehearsal(store, ["Thanks! What range have you budgeted?"])
    assert store.attempts()[0].answers == 1


def test_a_failed_write_is_kept_and_saved_when_the_disk_allows(tmp_path: Path) -> None:
    store = Store(tmp_path / "history.db")
    session = Session(SCENARIO, Practice().scorer())
    HistoryRecorder(store, session)
    session.start()
    store.conn.execute("PRAGMA query_only = ON")  # the disk refuses writes, as when full or read-only
    session.submit("I'd rather hear more about the role first.")
    assert store.unsaved == 2 and "can't be saved right now" in store.notices[-1]  # the attempt row and the answer
    store.conn.execute("PRAGMA query_only = OFF")
    session.submit("I'm looking for 85k.")
    assert store.unsaved == 0
    assert [a.position for a in store.answers(store.attempts()[0].id)] == [0, 1]


def test_export_then_import_merges_without_duplicates(tmp_path: Path) -> None:
    laptop, home = Store(tmp_path / "laptop.db"), Store(tmp_path / "home.db")
    record_rehearsal(laptop, ["Maybe like 50k? I'm not sure.", "Okay, thank you."])
    record_rehearsal(home, ["Thanks! What range have you budgeted?"])
    data = json.loads(json.dumps(export_json(laptop)))
    assert import_json(home, data) == (1, 2)
    assert import_json(home, data) == (0, 0)
    assert len(home.attempts()) == 2
    assert export_json(home, attempt_id=laptop.attempts()[0].id) == export_json(laptop)


def test_csv_export_has_a_row_per_answer_and_a_column_per_dimension(tmp_path: Path) -> None:
    store = Store(tmp_path / "history.db")
    record_rehearsal(store, ["Maybe like 50k? I'm not sure.", "Okay, thank you."])
    lines = export_csv(store, ["confidence", "respect", "value"]).splitlines()
    assert lines[0].endswith(
        "confidence,respect,value,goodwill,onset_s,speaking_s,words_per_minute,fillers,fillers_per_minute,"
        "long_pauses,transcript_edited,mode,candidate,recruiter_player,peer_confidence,peer_respect,peer_ticked"
    )
    assert len(lines) == 3


def test_retried_answers_leave_the_debrief_but_stay_in_the_history(tmp_path: Path) -> None:
    store = Store(tmp_path / "history.db")
    session = record_rehearsal(store, ["Maybe like 50k? I'm not sure."])
    session.retry_from(0)
    session.submit("Thanks! What range have you budgeted?")
    attempt = store.attempts()[0]
    assert [a.answer for a in store.answers(attempt.id)] == ["Thanks! What range have you budgeted?"]
    assert len(store.answers(attempt.id, include_superseded=True)) == 2
