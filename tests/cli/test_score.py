"""`counteroffer score`: one answer explained, and a class's answers in batch (in-process through main())."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from app.cli import main
from app.cli.errors import FOUND_PROBLEMS


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
    assert report["route"].startswith('In the scenario, this answer goes to "low_anchor" (branch 1); ')
    assert "the recruiter's goodwill goes from 60 to " in report["route"]
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
    assert main(["score", "hi", "--profile", str(profile)]) == FOUND_PROBLEMS  # app/cli/common.py's choice
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


def _strict(line: str) -> dict:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    return json.loads(line, parse_constant=refuse)


@pytest.mark.parametrize("answer", ["I want 1e400 dollars", "99999999999999999999999k", "$" + "9" * 400])
def test_score_json_is_always_valid_json(answer: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", answer, "--format", "json"]) == 0
    report = _strict(capsys.readouterr().out)
    assert report["amounts"] == [] and report["asks"] == []


def test_score_refuses_an_answer_over_the_length_limit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "word " * 5000]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "too long to score" in err and err.count("\n") == 1


def test_score_text_escapes_control_characters_in_the_answer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "Thanks!\x1b[2J\x1b]0;owned\x07 Could we do 85k?\r", "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out and "\\x1b[2J" in out


def test_batch_reports_every_bad_csv_row_by_number_and_scores_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "class.csv"
    huge = "x" * 200_000
    data.write_text(
        "id,text,latency_s\n"
        "a,Thanks! Could we do 85k?,\n"  # row 1: fine
        "b,I want 1e400 dollars,\n"  # row 2: fine, no amount
        "c,has a \x00 NUL,\n"  # row 3: NUL
        f"d,{huge},\n"  # row 4: field over the csv limit
        "e,too long " + "word " * 5000 + ",\n"  # row 5: over the answer limit
        "f,Sounds good,nan\n"  # row 6: latency not finite
        "g,Thanks,1,extra\n"  # row 7: more fields than the header
        "h,I accept!,\n"  # row 8: fine
        'i,"never closed,\n'  # row 9: unterminated quote swallows the end of the file
        "j,lost,\n",
        encoding="utf-8",
    )
    assert main(["score", "--batch", str(data), "--format", "jsonl"]) == 0
    out, err = capsys.readouterr()
    rows = [_strict(line) for line in out.splitlines()]
    by_id = {r["id"]: r for r in rows}
    assert "error" not in by_id["a"] and "error" not in by_id["b"] and "error" not in by_id["h"]
    assert by_id["b"]["amounts"] == []
    assert "row 3" in by_id["3"]["error"] and "NUL" in by_id["3"]["error"]
    assert "row 4" in by_id["4"]["error"] and "field larger than field limit" in by_id["4"]["error"]
    assert "too long to score" in by_id["e"]["error"]
    assert "latency_s should be a number" in by_id["f"]["error"]
    assert "row 7" in by_id["7"]["error"] and "fields" in by_id["7"]["error"]
    assert "row 9" in rows[-1]["error"]
    assert "of 9 rows could not be scored" in err


def test_batch_jsonl_bad_lines_are_row_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "class.jsonl"
    data.write_text(
        '{"text": "Could we do 85k?"}\n'
        '{"text": "hi", "latency_s": NaN}\n'
        + ('{"text": "' + "a" * 200_000 + '"}\n')
        + ("[" * 100_000 + "\n")
        + ('{"text": "' + "b " * 15_000 + '"}\n')
        + '{"text": "Thanks!", "student": {"nested": [1, 2]}}\n'
    )
    assert main(["score", "--batch", str(data), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["id"] for r in rows] == ["1", "2", "3", "4", "5", "6"]
    assert rows[0]["error"] == "" and rows[5]["error"] == ""
    assert "line 2 is not valid JSON" in rows[1]["error"]
    assert "line 3 is longer than" in rows[2]["error"]
    assert "line 4" in rows[3]["error"]
    assert "too long to score" in rows[4]["error"]


def test_batch_reads_rows_one_at_a_time(tmp_path: Path) -> None:
    import tracemalloc

    from app.core.batch import read_rows

    data = tmp_path / "big.csv"
    line = "s,Ana," + "Thanks for the offer, could we do 85k given my React work? " * 3 + "\n"
    data.write_text("id,student,text\n" + line.replace("s,", "x,", 1) * 20_000)
    assert data.stat().st_size > 3_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_rows(data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 20_000
    assert peak < 1_000_000, f"reading used {peak} bytes at its peak"


def test_batch_a_row_that_is_not_utf8_is_a_row_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "class.csv"
    data.write_bytes(b"id,text\na,Thanks for the offer\n\nb,caf\xe9 latin-1\nc,Could we do 85k?\n")
    assert main(["score", "--batch", str(data), "--format", "jsonl"]) == 0
    out, err = capsys.readouterr()
    rows = [_strict(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a", "2", "c"]
    assert "not UTF-8" in rows[1]["error"] and "error" not in rows[2]
    assert "1 of 3 rows could not be scored" in err
