"""The application layer (app/practice.py) with every file where its `Places` says: here, all under tmp_path, with
the first-call fixture as the only "built-in" scenario."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import DATA, FIXTURE_SCENARIOS

from app import paths
from app.core.profile import Priority, Profile
from app.core.session import SessionEnded
from app.paths import Places
from app.practice import Practice, Scope
from app.storage.exchange import ImportProblem
from app.storage.store import Store

LOW_PATH = ["I'd rather hear more about the role first.", "Fine, 55k.", "Okay, thank you."]  # to anchored_low
RANGE_PATH = ["Thanks! What range have you budgeted?", "That works, thank you."]  # to learned_range


@pytest.fixture
def places(tmp_path: Path) -> Places:
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    shutil.copy(FIXTURE_SCENARIOS / "first-call.yaml", builtin)
    return Places(builtin, paths.resources(), tmp_path / "user", tmp_path / "cache")


@pytest.fixture
def practice(places: Places) -> Practice:
    return Practice(places)


@pytest.fixture
def store(practice: Practice) -> Store:
    history = practice.open_history()
    yield history
    history.close()


def rehearse(practice: Practice, store: Store, answers: list[str]) -> str:
    session = practice.start_rehearsal(practice.load_library().get("first-call"), None, store)
    session.start()
    for answer in answers:
        session.submit(answer)
    [attempt] = [a for a in store.attempts() if [r.answer for r in store.answers(a.id)] == answers]
    return attempt.id


def test_the_library_adds_the_users_scenarios_folder_once_there_is_one(practice: Practice, places: Places) -> None:
    assert practice.scenario_folders() == [places.builtin_scenarios]
    assert [s.id for s in practice.load_library().scenarios] == ["first-call"]
    places.user_scenarios.mkdir(parents=True)
    shutil.copy(FIXTURE_SCENARIOS / "offer-call.yaml", places.user_scenarios)
    shutil.copy(DATA / "bad" / "wrong-type.yaml", places.user_scenarios / "draft.yaml")
    library = practice.load_library()
    assert practice.scenario_folders() == [places.builtin_scenarios, places.user_scenarios]
    assert sorted(s.id for s in library.scenarios) == ["first-call", "offer-call"]
    assert [Path(f.path).name for f in library.broken] == ["draft.yaml"]
    assert {Path(f.path).name: f.builtin for f in library.files} == {
        "first-call.yaml": True,
        "offer-call.yaml": False,
        "draft.yaml": False,
    }


def test_the_profile_lives_in_the_user_folder(practice: Practice, places: Places) -> None:
    assert practice.load_profile() is None
    profile = Profile(name="Ana", target=80000, priorities=[Priority(label="mentorship")])
    practice.save_profile(profile)
    assert places.profile_file.is_file()
    assert practice.load_profile() == profile


def test_the_users_own_lexicons_take_precedence(practice: Practice, places: Places) -> None:
    """The scorer is read once per process and set of folders, so the user's lexicon is written first."""
    lexicons = places.user_data / "lexicons"
    lexicons.mkdir(parents=True)
    (lexicons / "gratitude.yaml").write_text("id: gratitude\nlabel: Thanks\nentries: [ta muchly]\n")
    assert practice.scorer().analyse("ta muchly").has("gratitude")
    assert not practice.scorer().analyse("thank you").has("gratitude"), "the user's list replaces the built-in one"
    assert not Practice().scorer().analyse("ta muchly").has("gratitude"), "another user folder: the built-in list"
    assert practice.dimensions() == {"confidence": "Confidence", "respect": "Respect", "value": "Value"}


def test_validate_checks_the_given_files_and_folders(practice: Practice) -> None:
    count, diagnostics = practice.validate([DATA / "bad" / "wrong-type.yaml", FIXTURE_SCENARIOS])
    assert count == 1 + len(list(FIXTURE_SCENARIOS.glob("*.yaml")))
    assert [(Path(d.path).name, d.line, d.col) for d in diagnostics] == [("wrong-type.yaml", 6, 13)]


def test_start_records_every_answer_resume_carries_on_and_review_reads_it_back(
    practice: Practice, places: Places, store: Store
) -> None:
    library = practice.load_library()
    scenario = library.get("first-call")
    session = practice.start_rehearsal(scenario, None, store)
    session.start()
    session.submit(LOW_PATH[0])
    assert places.history_file.is_file()
    [attempt] = store.unfinished()
    assert [a.answer for a in store.answers(attempt.id)] == LOW_PATH[:1]

    resumed, replayed = practice.resume_rehearsal(scenario, None, store, attempt.id)
    assert replayed == 1 and resumed.current.turn_id == "asks_again"
    for answer in LOW_PATH[1:]:
        resumed.submit(answer)
    assert resumed.ending == SessionEnded("anchored_low", "I will send the paperwork.")
    assert store.unfinished() == [] and [a.id for a in store.attempts()] == [attempt.id]

    review = practice.review_rehearsal(store, attempt.id, library)
    assert review.scenario is scenario and review.ending == resumed.ending
    assert [r.answer for r in review.records] == LOW_PATH
    assert [r.turn_id for r in review.records] == ["opening", "asks_again", "low_anchor"]
    assert [r.score.overall for r in review.records] == [r.score.overall for r in resumed.records]
    assert review.records[0].answer_time == scenario.turns["opening"].answer_time
    assert practice.review_rehearsal(store, attempt.id, None).scenario is None  # no library: still readable


def test_reports_and_answer_exports_cover_the_chosen_scope(
    qapp, practice: Practice, store: Store, tmp_path: Path
) -> None:
    """`qapp`: writing a PDF needs a Qt application."""
    low = rehearse(practice, store, LOW_PATH)
    rehearse(practice, store, RANGE_PATH)
    everything = practice.write_report(store, tmp_path / "all.html", Scope()).read_text(encoding="utf-8")
    assert "2 rehearsals" in everything and everything.count('<div class="attempt">') == 2
    assert "hear more about the role first." in everything and "That works" in everything
    one = practice.report_html(store, Scope(attempt_id=low))
    assert one.count('<div class="attempt">') == 1
    assert "hear more about the role first." in one and "That works" not in one
    assert practice.write_report(store, tmp_path / "low.pdf", Scope(attempt_id=low)).read_bytes().startswith(b"%PDF")

    rows = list(csv.DictReader(io.StringIO(practice.answers_csv(store, Scope(attempt_id=low)))))
    assert [r["answer"] for r in rows] == LOW_PATH
    assert {"confidence", "respect", "value"} <= set(rows[0])
    written = practice.write_answers(store, tmp_path / "answers.csv", Scope())
    assert len(written.read_text(encoding="utf-8").splitlines()) == 1 + len(LOW_PATH) + len(RANGE_PATH)
    assert practice.answers_json(store, Scope(since="2000-01-01", until="2000-01-02")).count('"answers"') == 0


def test_a_json_export_imports_into_another_history_once(practice: Practice, store: Store, tmp_path: Path) -> None:
    rehearse(practice, store, LOW_PATH)
    export = practice.write_answers(store, tmp_path / "mine.json", Scope())
    assert [a["answer"] for a in json.loads(export.read_text())["attempts"][0]["answers"]] == LOW_PATH
    other = Practice(Places(practice.places.builtin_scenarios, paths.resources(), tmp_path / "other", tmp_path / "c"))
    elsewhere = other.open_history()
    assert other.import_history(elsewhere, export) == (1, len(LOW_PATH))
    assert other.import_history(elsewhere, export) == (0, 0)
    elsewhere.close()


def test_importing_something_else_raises_a_clear_error(practice: Practice, store: Store, tmp_path: Path) -> None:
    notes = tmp_path / "notes.json"
    notes.write_text('{"hello": 1}')
    with pytest.raises(ImportProblem, match="not a Counteroffer history export"):
        practice.import_history(store, notes)
    notes.write_text("not json at all")
    with pytest.raises(ValueError):
        practice.import_history(store, notes)
    assert store.attempts() == []


# ---- recordings of spoken answers ---------------------------------------------------------------------------


def test_recordings_live_beside_the_history(practice: Practice, places: Places) -> None:
    assert practice.recordings_dir == places.history_file.parent / "recordings"
    assert practice.keep_audio is False  # kept only when the student chooses to


def test_nothing_is_kept_unless_the_student_chose_to(practice: Practice, store: Store) -> None:
    from app.core.delivery import Delivery

    session = practice.start_rehearsal(practice.load_library().get("first-call"), None, store)
    session.start()
    record = session.submit("I'd rather hear more about the role first.", delivery=Delivery(0.5, 3.0, 160.0))
    assert practice.keep_recording([0.0] * 1600, "attempt", 0, 1) is None
    assert practice.keep_answer_recording(store, session, record, [0.0] * 1600) is None
    assert not practice.recordings_dir.exists()


def test_a_kept_recording_is_saved_compressed_and_noted_in_the_history(practice: Practice, store: Store) -> None:
    np = pytest.importorskip("numpy")
    pytest.importorskip("av", reason="saving recordings needs PyAV (installed with faster-whisper)")
    from app.core.delivery import Delivery

    practice.keep_audio = True
    session = practice.start_rehearsal(practice.load_library().get("first-call"), None, store)
    session.start()
    record = session.submit("I'd rather hear more about the role first.", delivery=Delivery(0.5, 3.0, 160.0))
    samples = (0.1 * np.sin(np.arange(16000) * 2 * np.pi * 220 / 16000)).astype(np.float32)
    path = practice.keep_answer_recording(store, session, record, samples)
    assert path is not None and path.is_file() and path.suffix == ".ogg"
    assert path.parent.parent == practice.recordings_dir and path.name == "moment-1-try-1.ogg"
    assert record.audio == str(path)
    [attempt] = store.attempts()
    assert store.answers(attempt.id)[0].audio == str(path)
    assert practice.delete_recordings(store) == 1
    assert not path.exists() and store.answers(attempt.id)[0].audio is None
