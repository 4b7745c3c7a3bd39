"""Pair role-play rounds in the history: mode, both names and roles, the partner's marks and the fist-to-five are
stored, filtered by student, exported and imported on another machine."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import fixture_scenario

from app.core.pair import PairPlan, PeerMark
from app.practice import Practice
from app.storage.exchange import export_csv, export_json, import_json
from app.storage.store import Store


def pair_session(store: Store, practice: Practice) -> tuple[PairPlan, str]:
    plan = PairPlan(("Ana", "Ben"), recruiter_first=1, fist_before={"Ana": 2, "Ben": 4})  # Ana answers first
    round_ = plan.next_round("first-call")
    session = practice.start_rehearsal(fixture_scenario("first-call"), None, store, players=plan.players(round_))
    session.start()
    mark = PeerMark({"Thanked you, or sounded warm and keen on the job?": True}, 4, 5, {"latency_s": 1.5})
    session.submit("Thanks! What range have you budgeted?", chosen=None, peer=mark.to_json())
    attempt_id = practice.attempt_of(session)
    assert attempt_id is not None
    plan.fist_after = {"Ana": 4, "Ben": 4}
    store.set_players(attempt_id, plan.players(round_))
    return plan, attempt_id


def test_a_pair_round_keeps_its_mode_players_and_marks(tmp_path: Path) -> None:
    store, practice = Store(tmp_path / "history.db"), Practice()
    plan, attempt_id = pair_session(store, practice)
    [attempt] = store.attempts(student="Ana")
    assert attempt.id == attempt_id and attempt.mode == "pair" and attempt.candidate == "Ana"
    assert attempt.players == {**plan.players(plan.rounds[0]), "fist_after": {"Ana": 4, "Ben": 4}}
    assert store.attempts(student="Ben") == [attempt]  # the recruiter-player took part too
    assert store.attempts(student="Cleo") == []
    assert store.students() == ["Ana", "Ben"]
    [answer] = store.answers(attempt_id)
    assert PeerMark.from_json(answer.peer or {}).confidence == 4


def test_pair_rounds_travel_by_export_and_import(tmp_path: Path) -> None:
    store, practice = Store(tmp_path / "laptop.db"), Practice()
    _, attempt_id = pair_session(store, practice)
    rows = list(csv.DictReader(io.StringIO(export_csv(store, ["confidence", "respect", "value"]))))
    assert (rows[0]["mode"], rows[0]["candidate"], rows[0]["recruiter_player"]) == ("pair", "Ana", "Ben")
    assert rows[0]["peer_confidence"] == "4" and "Thanked you" in rows[0]["peer_ticked"]
    exported = json.loads(json.dumps(export_json(store)))
    instructor = Store(tmp_path / "instructor.db")
    assert import_json(instructor, exported) == (1, 1)
    [attempt] = instructor.attempts()
    assert attempt.id == attempt_id and attempt.mode == "pair" and attempt.players == store.attempts()[0].players
    assert instructor.answers(attempt_id)[0].peer == store.answers(attempt_id)[0].peer


def test_the_report_names_both_students_and_the_partner_s_marks(tmp_path: Path) -> None:
    from app.reports.html import attempt_html

    store, practice = Store(tmp_path / "history.db"), Practice()
    _, attempt_id = pair_session(store, practice)
    [attempt] = store.attempts()
    page = attempt_html(attempt, store.answers(attempt_id))
    assert "Ana answered, Ben played the recruiter (fist to five: Ana 2 → 4, Ben 4 → 4)" in page
    assert "Partner’s marks: confidence 4/5, respect 5/5; ticked: Thanked you, or sounded warm" in page


def test_pair_rounds_stay_out_of_the_progress_charts_and_personal_bests(tmp_path: Path) -> None:
    store, practice = Store(tmp_path / "history.db"), Practice()
    pair_session(store, practice)
    assert store.progress("confidence") == [] and store.personal_bests() == {}
    session = practice.start_rehearsal(fixture_scenario("first-call"), None, store)
    session.start()
    session.submit("Thanks! What range have you budgeted?")
    assert len(store.progress("confidence")) == 1 and set(store.personal_bests()) >= {"confidence", "respect"}


def test_an_answer_nobody_transcribed_says_so_in_the_report(tmp_path: Path) -> None:
    from app.reports.html import attempt_html
    from app.reports.wording import NOT_TRANSCRIBED

    store, practice = Store(tmp_path / "history.db"), Practice()
    plan = PairPlan(("Ana", "Ben"))
    session = practice.start_rehearsal(
        fixture_scenario("first-call"), None, store, players=plan.players(plan.next_round("first-call"))
    )
    session.start()
    session.submit("", chosen=None, peer=PeerMark(confidence=3).to_json())
    [attempt] = store.attempts()
    assert NOT_TRANSCRIBED in attempt_html(attempt, store.answers(attempt.id))
