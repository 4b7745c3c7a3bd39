"""`counteroffer history`, `export` and `import` on real history files (in-process through main(); each "machine"
is its own COUNTEROFFER_HOME)."""

from __future__ import annotations

import io
import json
import os
import sqlite3
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


def exported_rehearsal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """One rehearsal on the machine "laptop" (tmp_path/laptop, now the data folder), exported as JSON."""
    use_machine(monkeypatch, tmp_path / "laptop")
    rehearse(monkeypatch, "Maybe like 50k?\nOkay, thanks.\n")
    export = tmp_path / "laptop.json"
    assert main(["export", "--format", "json", "-o", str(export)]) == 0
    return export


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
    assert len(csv_lines) == 3 and "confidence,respect,value,goodwill," in csv_lines[0]


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


def test_an_unusable_history_is_an_error_for_history_export_and_import(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = exported_rehearsal(monkeypatch, tmp_path)
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("COUNTEROFFER_HOME", str(blocker))
    capsys.readouterr()
    assert main(["history"]) == 1
    assert "can't be read" in capsys.readouterr().err
    out_file = tmp_path / "empty.csv"
    assert main(["export", "--format", "csv", "-o", str(out_file)]) == 1 and not out_file.exists()
    assert main(["import", str(export)]) == 1
    out, err = capsys.readouterr()
    assert "Imported" not in out and "nothing was imported" in err


def test_a_read_only_history_is_listed_and_refuses_imports_loudly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "laptop"
    export = exported_rehearsal(monkeypatch, tmp_path)
    home.chmod(0o555)
    (home / "history.db").chmod(0o444)
    try:
        if os.access(home, os.W_OK):
            pytest.skip("running as root: chmod doesn't make a folder read-only")
        capsys.readouterr()
        assert main(["history"]) == 0
        out, err = capsys.readouterr()
        assert "read-only" in err and " 2 ans " in out
        assert main(["import", str(export)]) == 1
        out, err = capsys.readouterr()
        assert "Imported" not in out and "nothing was imported" in err
    finally:
        home.chmod(0o755)
        (home / "history.db").chmod(0o644)


def test_control_characters_in_imported_titles_are_escaped_in_listings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = exported_rehearsal(monkeypatch, tmp_path)
    data = json.loads(export.read_text())
    data["attempts"][0]["scenario_title"] = "\x1b]0;owned\x07\x1b[2JEvil\r\u202etitle"
    export.write_text(json.dumps(data))
    use_machine(monkeypatch, tmp_path / "desktop")
    assert main(["import", str(export)]) == 0
    capsys.readouterr()
    assert main(["history"]) == 0
    [listing] = capsys.readouterr().out.splitlines()
    assert "\x1b" not in listing and "\r" not in listing and "\u202e" not in listing
    assert "\\x1b]0;owned" in listing


def test_a_history_damaged_in_the_middle_is_moved_aside_not_a_crash(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "laptop"
    use_machine(monkeypatch, home)
    for _ in range(3):
        rehearse(monkeypatch, "Maybe like 50k? " * 300 + "\nOkay, thanks.\n")
    conn = sqlite3.connect(home / "history.db")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray((home / "history.db").read_bytes())
    for at in range(4096 + 8, len(data) - 4096, 4096):
        data[at : at + 64] = b"\xa5" * 64
    (home / "history.db").write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["history"]) == 0
    out, err = capsys.readouterr()
    assert "damaged" in err and "moved aside" in err and out.startswith("No rehearsals yet")
    assert list(home.glob("history.db.damaged-*"))
    rehearse(monkeypatch, "Maybe like 50k?\nOkay, thanks.\n")
    capsys.readouterr()
    assert main(["export", "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_restore_lists_the_daily_backups_and_puts_one_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`history --restore [BACKUP]` (run_history with args.restore; the option itself belongs in parser.py)."""
    import argparse
    import datetime as dt

    from app.cli.history import run_history
    from app.storage.connection import daily_backup
    from app.storage.store import Store

    home = tmp_path / "laptop"
    use_machine(monkeypatch, home)
    rehearse(monkeypatch, "Maybe like 50k?\nOkay, thanks.\n")
    store = Store(home / "history.db")
    daily_backup(store.conn, home / "history.db", dt.date(2020, 1, 1))
    store.close()
    rehearse(monkeypatch, "Maybe like 50k?\nOkay, thanks.\n")
    capsys.readouterr()
    args = argparse.Namespace(restore="", scenario=None, unfinished=False, format="text")
    assert run_history(args) == 0
    names = capsys.readouterr().out.splitlines()
    assert "history.db.backup-2020-01-01" in names
    assert run_history(argparse.Namespace(**{**vars(args), "restore": "history.db.backup-2020-01-01"})) == 0
    assert capsys.readouterr().out.startswith("Restored history.db.backup-2020-01-01: 1 rehearsal.")
    assert list(home.glob("history.db.before-restore-*"))
    assert main(["history"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


@pytest.mark.parametrize("target", ["missing-folder/out.csv", ".", "/dev/full"])
def test_export_to_a_place_that_cannot_be_written_is_one_clear_error(
    target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = target if target.startswith("/") else str(tmp_path / target)
    assert main(["export", "--format", "csv", "-o", output]) == 2
    out, err = capsys.readouterr()
    assert err.startswith(f"counteroffer export: can't write {output}: ") and "Traceback" not in err
