"""`counteroffer rehearse` plays a scenario in the terminal from lines of standard input (in-process through main(),
on the first-call fixture scenario in the user's scenarios folder)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from app.cli import main
from app.storage.store import Store


@pytest.fixture(autouse=True)
def scenarios(user_scenarios: Path) -> Path:
    return user_scenarios


def rehearse(monkeypatch: pytest.MonkeyPatch, answers: str, *args: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(answers))
    return main(["rehearse", "first-call", "--no-voice", *args])


def test_jsonl_plays_a_branch_to_its_ending(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert rehearse(monkeypatch, "Maybe like 50k? I'm not sure.\nOkay, thank you.\n", "--format", "jsonl") == 0
    out, err = capsys.readouterr()
    objects = [json.loads(line) for line in out.splitlines()]
    turns, summary = objects[:-1], objects[-1]
    assert [t["turn"] for t in turns] == ["opening", "low_anchor"]
    assert turns[0]["goto"] == "low_anchor" and turns[1]["end"] == "anchored_low"
    assert {"latency_s", "answer", "dimensions", "criteria", "branch"} <= set(turns[0])
    assert summary == {**summary, "type": "summary", "outcome": "anchored_low", "turns": 2}
    assert err == ""


def test_text_mode_prints_lines_reports_and_a_debrief_and_end_of_input_stops_cleanly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert rehearse(monkeypatch, "Thanks! What range have you budgeted for this role?\n") == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == "Fixture: the first call — Robin Fixture, Recruiter at Quillfeather Labs"
    assert "Robin Fixture: Hello there! What salary are you hoping for at Quillfeather Labs?" in lines
    assert "What worked:" in out and "Coach: Ask for their range before naming a number." in out
    assert "Robin Fixture: We pay $60,000 to $80,000 for this role. Does that work for you?" in lines
    assert "Outcome: stopped before the end" in out
    assert err == ""


def test_blank_lines_are_not_answers(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert rehearse(monkeypatch, "\n   \nMaybe 50k?\n\nOkay.\n", "--format", "jsonl") == 0
    objects = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o.get("answer") for o in objects[:-1]] == ["Maybe 50k?", "Okay."]
    assert objects[-1]["outcome"] == "anchored_low"


def test_an_unfinished_rehearsal_is_offered_then_resumed_with_its_answers_replayed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], user_home: Path
) -> None:
    assert rehearse(monkeypatch, "I'd rather hear more about the role first.\n", "--format", "jsonl") == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["outcome"] is None  # stopped at asks_again
    assert rehearse(monkeypatch, "", "--format", "jsonl") == 0
    assert "add --resume to pick it up" in capsys.readouterr().err
    assert rehearse(monkeypatch, "Fine, 55k.\nOkay, thank you.\n", "--format", "jsonl", "--resume") == 0
    out, err = capsys.readouterr()
    assert "1 answer replayed" in err
    summary = json.loads(out.splitlines()[-1])
    assert summary["turns"] == 3 and summary["outcome"] == "anchored_low"
    store = Store(user_home / "history.db")
    finished = [a for a in store.attempts() if a.outcome == "anchored_low"]
    assert len(finished) == 1 and [a.answer for a in store.answers(finished[0].id)] == [
        "I'd rather hear more about the role first.",
        "Fine, 55k.",
        "Okay, thank you.",
    ]


def test_unknown_scenario_lists_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rehearse", "no-such-thing", "--no-voice"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith('counteroffer rehearse: no scenario "no-such-thing". Scenarios: ')
    assert "first-call" in err and "offer-call" in err and err.count("\n") == 1


def test_a_history_locked_by_another_process_says_so_and_fails_with_the_count(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], user_home: Path
) -> None:
    import subprocess
    import sys

    Store(user_home / "history.db").close()
    locker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN EXCLUSIVE');"
            " print('locked', flush=True); sys.stdin.read()",
            str(user_home / "history.db"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert locker.stdout is not None and locker.stdout.readline() == "locked\n"
        assert rehearse(monkeypatch, "Maybe 50k?\nOkay.\n", "--format", "jsonl") == 1
    finally:
        locker.communicate("", timeout=30)
    err = capsys.readouterr().err
    assert "another Counteroffer is using your history" in err
    assert "2 answers of this rehearsal" in err and "history.db.pending.jsonl" in err
    store = Store(user_home / "history.db")  # free again: the kept answers are saved at the next open
    [attempt] = store.attempts()
    assert [a.answer for a in store.answers(attempt.id)] == ["Maybe 50k?", "Okay."]


def test_bytes_that_are_not_utf8_on_standard_input_are_stored(user_home: Path) -> None:
    import os
    import subprocess
    import sys

    from conftest import ROOT

    result = subprocess.run(
        [sys.executable, "-m", "app", "rehearse", "first-call", "--no-voice", "--format", "jsonl"],
        input=b"Maybe 50k \xff\xfe\xc3?\nOkay.\n",
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "COUNTEROFFER_HOME": str(user_home), "PYTHONIOENCODING": "utf-8"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    store = Store(user_home / "history.db")
    [attempt] = store.attempts()
    answers = [a.answer for a in store.answers(attempt.id)]
    assert answers[0].startswith("Maybe 50k ") and "\ufffd" in answers[0] and answers[1] == "Okay."
