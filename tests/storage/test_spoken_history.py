"""Spoken answers in the history: their delivery and recording are stored, read back, resumed, exported (the
delivery, never the audio), and recordings can be deleted."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import DATA, fixture_scenario

from app.core.delivery import Delivery, Filler, Pause
from app.core.session import Session
from app.practice import Practice
from app.storage.exchange import ImportProblem, export_csv, export_json, import_json
from app.storage.recorder import HistoryRecorder
from app.storage.resume import replay, stored_rehearsal
from app.storage.store import Store

ANSWER = "Um, thanks. I was hoping for, like, 55,000 based on my research."
DELIVERY = Delivery(
    1.2,
    20.0,
    150.0,
    (Filler("Um", 0.4, 0, 2), Filler("like", 6.0, 30, 34)),
    (Pause(8.0, 3.5, 36),),
    True,
    "Um thanks I was hoping for like 55000 based on my research",
    words=48,
)


def spoken_rehearsal(store: Store, audio: str | None = None) -> tuple[Session, HistoryRecorder]:
    session = Session(fixture_scenario("first-call"), Practice().scorer())
    recorder = HistoryRecorder(store, session)
    session.start()
    session.submit(ANSWER, delivery=DELIVERY, audio=audio)
    session.submit("Okay, thank you.")
    return session, recorder


def test_the_new_columns_come_from_their_own_migration(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    shutil.copy(DATA / "history-v1.db", path)
    store = Store(path)
    columns = {row[1] for row in store.conn.execute("PRAGMA table_info(answer)")}
    assert {"delivery", "audio"} <= columns
    [attempt] = store.attempts()
    assert all(a.delivery is None and a.audio is None and a.spoken is None for a in store.answers(attempt.id))


def test_delivery_and_recording_are_stored_and_read_back(tmp_path: Path) -> None:
    store = Store(tmp_path / "history.db")
    recording = tmp_path / "recordings" / "x" / "moment-1-try-1.ogg"
    session, recorder = spoken_rehearsal(store, str(recording))
    [first, second] = store.answers(recorder.attempt_id)
    assert first.spoken == DELIVERY and first.audio == str(recording)
    assert store.conn.execute("SELECT audio FROM answer WHERE id = ?", (first.id,)).fetchone()[0] == (
        "recordings/x/moment-1-try-1.ogg"  # relative to the history's folder, so a moved data folder keeps it
    )
    assert second.spoken is None and second.audio is None
    view = stored_rehearsal(store, recorder.attempt_id, None)
    assert view.records[0].delivery == DELIVERY and view.records[0].audio == str(recording)
    assert view.records[0].score.to_json()["criteria"] == session.records[0].score.to_json()["criteria"]


def test_resuming_replays_a_spoken_answer_with_its_delivery(tmp_path: Path) -> None:
    store = Store(tmp_path / "history.db")
    session = Session(fixture_scenario("first-call"), Practice().scorer())
    recorder = HistoryRecorder(store, session)
    session.start()
    original = session.submit(ANSWER, delivery=DELIVERY)
    again = Session(fixture_scenario("first-call"), Practice().scorer())
    again.start()
    assert replay(store, recorder.attempt_id, again) == 1
    assert again.records[0].delivery == DELIVERY
    assert again.records[0].score.to_json() == original.score.to_json()


def test_the_recorder_knows_each_answers_row_and_try(tmp_path: Path) -> None:
    store = Store(tmp_path / "history.db")
    session, recorder = spoken_rehearsal(store)
    first = session.records[0]
    assert recorder.answer_id(first) == store.answers(recorder.attempt_id)[0].id
    assert recorder.try_number(first) == 1
    session.retry_from(0)
    retried = session.submit(ANSWER, delivery=DELIVERY)
    assert recorder.try_number(retried) == 2


def test_delete_recordings_removes_the_files_and_clears_the_paths(tmp_path: Path) -> None:
    store = Store(tmp_path / "history.db")
    folder = tmp_path / "recordings" / "attempt"
    folder.mkdir(parents=True)
    kept = folder / "moment-1-try-1.ogg"
    kept.write_bytes(b"OggS")
    stray = folder / "moment-2-try-1.ogg"  # saved, but its answer never reached the history
    stray.write_bytes(b"OggS")
    _, recorder = spoken_rehearsal(store, str(kept))
    assert store.delete_recordings() == 2
    assert not kept.exists() and not stray.exists() and not folder.exists()
    assert all(a.audio is None for a in store.answers(recorder.attempt_id))
    assert store.answers(recorder.attempt_id)[0].spoken == DELIVERY  # the transcript and figures stay
    assert store.delete_recordings() == 0


def test_exports_carry_the_delivery_but_not_the_audio(tmp_path: Path) -> None:
    store = Store(tmp_path / "history.db")
    _, recorder = spoken_rehearsal(store, str(tmp_path / "recordings" / "a.ogg"))
    data = export_json(store)
    [spoken, typed] = data["attempts"][0]["answers"]
    assert spoken["delivery"] == DELIVERY.to_json() and "audio" not in spoken
    assert "delivery" not in typed
    other = Store(tmp_path / "other.db")
    assert import_json(other, json.loads(json.dumps(data))) == (1, 2)
    [back, _] = other.answers(recorder.attempt_id)
    assert back.spoken == DELIVERY and back.audio is None


def test_an_import_with_a_damaged_delivery_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "history.db")
    spoken_rehearsal(store)
    data = export_json(store)
    data["attempts"][0]["answers"][0]["delivery"] = {"fillers": [{"text": "um"}]}
    with pytest.raises(ImportProblem, match=r"answers\[0\]\.delivery"):
        import_json(Store(tmp_path / "other.db"), data)


def test_csv_has_the_delivery_columns(tmp_path: Path) -> None:
    store = Store(tmp_path / "history.db")
    spoken_rehearsal(store)
    rows = list(csv.DictReader(io.StringIO(export_csv(store, ["confidence", "respect", "value"]))))
    assert {k: rows[0][k] for k in ("onset_s", "speaking_s", "words_per_minute", "fillers")} == {
        "onset_s": "1.2",
        "speaking_s": "20.0",
        "words_per_minute": "150",
        "fillers": "2",
    }
    assert (rows[0]["fillers_per_minute"], rows[0]["long_pauses"], rows[0]["transcript_edited"]) == ("6.0", "1", "yes")
    assert [rows[1][k] for k in ("onset_s", "fillers", "transcript_edited")] == ["", "", ""]


def test_progress_charts_the_spoken_answers_onset_and_fillers_a_minute(tmp_path: Path) -> None:
    from app.storage.store import FILLERS, ONSET

    store = Store(tmp_path / "history.db")
    assert store.progress(ONSET) == [] and store.progress(FILLERS) == []
    spoken_rehearsal(store)  # one spoken answer and one typed one
    typed = Session(fixture_scenario("first-call"), Practice().scorer())
    HistoryRecorder(store, typed)
    typed.start()
    typed.submit("Thanks! What range do you have in mind?")
    [(_, onset)] = store.progress(ONSET)
    [(_, fillers)] = store.progress(FILLERS)
    assert onset == pytest.approx(DELIVERY.onset_s)  # the typed answer and rehearsal don't count
    assert fillers == pytest.approx(len(DELIVERY.fillers) * 60 / DELIVERY.speaking_s)
