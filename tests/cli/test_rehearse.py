"""`counteroffer rehearse` plays a scenario in the terminal from a file of answers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def rehearse(answers: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", "rehearse", *args],
        input=answers,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_jsonl_plays_a_branch_to_its_ending(tmp_path: Path) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("Maybe like 50k? I'm not sure.\nOkay, thank you.\n")
    result = rehearse(answers.read_text(), "salary-expectations", "--no-voice", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    turns, summary = objects[:-1], objects[-1]
    assert [t["turn"] for t in turns] == ["opening", "low_anchor"]
    assert turns[0]["goto"] == "low_anchor" and turns[1]["end"] == "anchored_low"
    assert {"latency_s", "answer", "dimensions", "criteria", "branch"} <= set(turns[0])
    assert summary == {**summary, "type": "summary", "outcome": "anchored_low", "turns": 2}


def test_text_mode_prints_lines_reports_and_a_debrief_and_end_of_input_stops_cleanly() -> None:
    result = rehearse("Thanks! What range have you budgeted for this role?\n", "salary-expectations", "--no-voice")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    out = result.stdout
    assert "Priya Natarajan: Thanks for making time today!" in out
    assert "What worked:" in out and "Coach:" in out
    assert "Priya Natarajan: Sure! The range for this role is $68,000 to $90,000" in out
    assert "Outcome: stopped before the end" in out


def test_unknown_scenario_lists_the_known_ones() -> None:
    result = rehearse("", "no-such-thing", "--no-voice")
    assert result.returncode == 2 and "salary-expectations" in result.stderr
