"""`counteroffer score`: one answer explained, and a class's answers in batch."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=ROOT, timeout=120, input=stdin
    )


def test_score_explains_with_highlighted_evidence() -> None:
    result = run("score", "Um, sorry to ask, but could we do 80k? Thank you!", "--color", "always")
    assert result.returncode == 0, result.stderr
    assert "\033[31m\033[1mUm\033[0m" in result.stdout, "costly words in red"
    assert "\033[32m\033[1mThank you\033[0m" in result.stdout, "earned words in green"
    assert "Tip:" in result.stdout


def test_score_json_in_a_scenario_with_profile_and_latency(tmp_path: Path) -> None:
    profile = tmp_path / "me.yaml"
    profile.write_text("name: Ana\ntarget: 80000\nwalk_away: 72000\npriorities:\n  - label: mentorship\n")
    result = run(
        "score",
        "Maybe 60k?",
        "--scenario",
        "salary-expectations",
        "--turn",
        "opening",
        "--profile",
        str(profile),
        "--latency",
        "20",
        "--format",
        "json",
    )
    report = json.loads(result.stdout)
    assert set(report["dimensions"]) == {"confidence", "respect", "value"}
    ids = {c["id"]: c for c in report["criteria"]}
    assert ids["not-below-walk-away"]["status"] == "triggered"
    assert ids["thinking-time"]["status"] == "triggered"
    assert "low_anchor" in report["route"]


def test_score_reports_a_broken_profile_by_line(tmp_path: Path) -> None:
    profile = tmp_path / "me.yaml"
    profile.write_text("name: Ana\nwalk_away: lots\n")
    result = run("score", "hi", "--profile", str(profile))
    assert result.returncode == 2
    assert f"{profile}:2:12: error: walk_away" in result.stderr


def test_batch_csv_to_jsonl_keeps_input_order_and_survives_bad_rows(tmp_path: Path) -> None:
    data = tmp_path / "class.csv"
    data.write_text(
        "id,student,text,scenario,turn,latency_s\n"
        's1,Ana,"Thanks! Could we do 85k, given my React work?",,,\n'
        "s2,Ben,,,,\n"
        's3,Cat,"Take it or leave it.",salary-expectations,opening,3\n'
        "s4,Dan,Hello,no-such-scenario,,\n"
        ',Eve,"I accept!",,,abc\n'
    )
    result = run("score", "--batch", str(data), "--format", "jsonl", "--progress")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["s1", "s2", "s3", "s4", "5"]
    assert rows[0]["dimensions"]["respect"]["score"] > rows[2]["dimensions"]["respect"]["score"]
    assert {"id", "dimension", "status", "points", "evidence", "tip"} <= set(rows[0]["criteria"][0])
    assert "no answer text" in rows[1]["error"]
    assert rows[2]["route"]["goto"] == "asks_again"
    assert 'unknown scenario "no-such-scenario"' in rows[3]["error"]
    assert "latency_s should be a number" in rows[4]["error"]
    assert "Scoring" in result.stderr and "5/5" in result.stderr
    assert "3 of 5 rows could not be scored" in result.stderr


def test_batch_jsonl_to_csv_has_a_column_per_dimension(tmp_path: Path) -> None:
    data = tmp_path / "class.jsonl"
    data.write_text('{"text": "Thank you, I am excited to join!"}\nnot json\n{"id": "x", "text": "I need 90k."}\n')
    result = run("score", "--batch", str(data), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["1", "2", "x"]
    assert {"confidence", "respect", "value", "overall"} <= set(rows[0])
    assert rows[1]["error"].startswith("line 2 is not valid JSON")
    assert float(rows[0]["respect"]) > float(rows[2]["respect"])


def test_batch_without_a_text_column_is_a_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "class.csv"
    data.write_text("name,answer\nAna,hello\n")
    result = run("score", "--batch", str(data))
    assert result.returncode == 2 and 'needs a header row with a "text" column' in result.stderr


def test_validate_runs_example_answers() -> None:
    bad = ROOT / "tests" / "data" / "bad" / "example-wrong-route.yaml"
    result = run("validate", str(bad))
    assert result.returncode == 1 and 'example 1 of turn "opening"' in result.stdout
    assert run("validate", "--no-examples", str(bad)).returncode == 0
