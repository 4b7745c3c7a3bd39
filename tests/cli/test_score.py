"""`counteroffer score`: one answer explained, and a class's answers in batch (in-process through main())."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from app.cli import main


def test_score_explains_with_highlighted_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "Um, sorry to ask, but could we do 80k? Thank you!", "--color", "always"]) == 0
    out, err = capsys.readouterr()
    assert "\033[31m\033[1mUm\033[0m" in out, "costly words in red"
    assert "\033[32m\033[1mThank you\033[0m" in out, "earned words in green"
    assert "Tip:" in out and err == ""


def test_score_without_colour_has_no_escape_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "Um, sorry to ask, but could we do 80k? Thank you!", "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "\033[" not in out and "Um" in out and "Tip:" in out


def test_score_json_in_a_scenario_with_profile_and_latency(
    user_scenarios: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "me.yaml"
    profile.write_text("name: Ana\ntarget: 80000\nwalk_away: 72000\npriorities:\n  - label: mentorship\n")
    argv = ["score", "Maybe 50k?", "--scenario", "first-call", "--turn", "opening", "--profile", str(profile)]
    assert main([*argv, "--latency", "20", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert set(report["dimensions"]) == {"confidence", "respect", "value"}
    ids = {c["id"]: c for c in report["criteria"]}
    assert ids["not-below-walk-away"]["status"] == "triggered"
    assert ids["thinking-time"]["status"] == "triggered"
    assert report["route"] == 'In the scenario, this answer goes to "low_anchor" (branch 1).'
    assert err == ""


def test_score_in_an_unknown_scenario_or_turn_is_a_clear_error(
    user_scenarios: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["score", "hi", "--scenario", "no-such-scenario"]) == 2
    assert capsys.readouterr().err.startswith('counteroffer score: no scenario "no-such-scenario"')
    assert main(["score", "hi", "--scenario", "first-call", "--turn", "nope"]) == 2
    assert capsys.readouterr().err == (
        'counteroffer score: scenario "first-call" has no turn "nope"; '
        "its turns are: opening, asks_again, shares_range, low_anchor\n"
    )


def test_score_reports_a_broken_profile_by_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "me.yaml"
    profile.write_text("name: Ana\nwalk_away: lots\n")
    assert main(["score", "hi", "--profile", str(profile)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"{profile}:2:12: error: walk_away")


def test_batch_csv_to_jsonl_keeps_input_order_and_survives_bad_rows(
    user_scenarios: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "class.csv"
    data.write_text(
        "id,student,text,scenario,turn,latency_s\n"
        's1,Ana,"Thanks! Could we do 85k, given my React work?",,,\n'
        "s2,Ben,,,,\n"
        's3,Cat,"Take it or leave it.",first-call,opening,3\n'
        "s4,Dan,Hello,no-such-scenario,,\n"
        ',Eve,"I accept!",,,abc\n'
    )
    assert main(["score", "--batch", str(data), "--format", "jsonl", "--progress"]) == 0
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["s1", "s2", "s3", "s4", "5"]
    assert rows[0]["dimensions"]["respect"]["score"] > rows[2]["dimensions"]["respect"]["score"]
    assert {"id", "dimension", "status", "points", "evidence", "tip"} <= set(rows[0]["criteria"][0])
    assert "no answer text" in rows[1]["error"]
    assert rows[2]["route"]["goto"] == "asks_again"
    assert 'unknown scenario "no-such-scenario"' in rows[3]["error"]
    assert "latency_s should be a number" in rows[4]["error"]
    assert "Scoring" in err and "5/5" in err
    assert "3 of 5 rows could not be scored" in err


def test_batch_jsonl_to_csv_has_a_column_per_dimension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "class.jsonl"
    data.write_text('{"text": "Thank you, I am excited to join!"}\nnot json\n{"id": "x", "text": "I need 90k."}\n')
    assert main(["score", "--batch", str(data), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["id"] for r in rows] == ["1", "2", "x"]
    assert {"confidence", "respect", "value", "overall"} <= set(rows[0])
    assert rows[1]["error"].startswith("line 2 is not valid JSON")
    assert float(rows[0]["respect"]) > float(rows[2]["respect"])


def test_batch_without_a_text_column_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "class.csv"
    data.write_text("name,answer\nAna,hello\n")
    assert main(["score", "--batch", str(data)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("counteroffer score: ") and 'needs a header row with a "text" column' in err
    assert err.count("\n") == 1
