"""`counteroffer history`, `export` and `import` on real history files (in-process through main(); each "machine"
is its own COUNTEROFFER_HOME)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import install_fixture_scenarios

from app.cli import main


def use_machine(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """Point the app at `home`, with the fixture scenarios in its scenarios folder."""
    monkeypatch.setenv("COUNTEROFFER_HOME", str(home))
    install_fixture_scenarios(home)


def rehearse(monkeypatch: pytest.MonkeyPatch, answers: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(answers))
    assert main(["rehearse", "first-call", "--no-voice", "--format", "jsonl"]) == 0


def test_history_export_and_import_between_two_machines(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    use_machine(monkeypatch, laptop)
    rehearse(monkeypatch, "Maybe like 50k?\nOkay, thanks.\n")
    capsys.readouterr()
    assert main(["history"]) == 0
    [listing] = capsys.readouterr().out.splitlines()
    assert "Fixture: the first call" in listing and "anchored low" in listing and " 2 ans " in listing
    export = tmp_path / "laptop.json"
    assert main(["export", "--format", "json", "-o", str(export)]) == 0
    assert json.loads(export.read_text())["attempts"][0]["answers"][0]["answer"] == "Maybe like 50k?"

    use_machine(monkeypatch, desktop)
    assert main(["import", str(export)]) == 0
    assert capsys.readouterr().out.startswith("Imported 1 rehearsal and 2 answers")
    assert main(["import", str(export)]) == 0
    assert capsys.readouterr().out.startswith("Imported 0 rehearsals and 0 answers")
    assert main(["export", "--format", "csv"]) == 0
    csv_lines = capsys.readouterr().out.splitlines()
    assert len(csv_lines) == 3 and csv_lines[0].endswith("confidence,respect,value")


def test_an_empty_history_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history"]) == 0
    assert capsys.readouterr() == ("No rehearsals yet.\n", "")
    assert main(["history", "--unfinished"]) == 0
    assert capsys.readouterr() == ("No unfinished rehearsals.\n", "")


def test_history_json_lists_unfinished_rehearsals(
    monkeypatch: pytest.MonkeyPatch, user_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    use_machine(monkeypatch, user_home)
    rehearse(monkeypatch, "I'd rather hear more about the role first.\n")
    rehearse(monkeypatch, "Maybe 50k?\nOkay.\n")
    capsys.readouterr()
    assert main(["history", "--unfinished", "--format", "json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["scenario_id"], row["outcome"], row["answers"]) == ("first-call", None, 1)
    assert main(["history", "--format", "json", "--scenario", "offer-call"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_pdf_and_html_reports(
    qapp, monkeypatch: pytest.MonkeyPatch, user_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`qapp`: the PDF writer needs a Qt application; in this process the tests' QApplication must come first."""
    use_machine(monkeypatch, user_home)
    rehearse(monkeypatch, "<b>Maybe</b> 50k?\n")
    pdf = tmp_path / "report.pdf"
    assert main(["export", "--format", "pdf", "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    assert main(["export", "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert "&lt;b&gt;" in html and "&lt;/b&gt;" in html and "<b>Maybe" not in html


def test_export_of_one_attempt_or_a_date_range(
    monkeypatch: pytest.MonkeyPatch, user_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    use_machine(monkeypatch, user_home)
    rehearse(monkeypatch, "Maybe 50k?\nOkay.\n")
    rehearse(monkeypatch, "Thanks! What range have you budgeted?\nThat works.\n")
    capsys.readouterr()
    assert main(["history", "--format", "json"]) == 0
    newest, oldest = json.loads(capsys.readouterr().out)
    assert main(["export", "--format", "json", "--attempt", oldest["id"]]) == 0
    [attempt] = json.loads(capsys.readouterr().out)["attempts"]
    assert [a["answer"] for a in attempt["answers"]] == ["Maybe 50k?", "Okay."]
    assert main(["export", "--format", "csv", "--from", "2000-01-01", "--to", "2000-12-31"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1  # the header only: nothing was rehearsed in 2000
