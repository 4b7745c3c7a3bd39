"""`counteroffer history`, `export` and `import` on a real history file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def run(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "COUNTEROFFER_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"},
    )


def test_history_export_and_import_between_two_machines(tmp_path: Path) -> None:
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    run(laptop, "rehearse", "salary-expectations", "--no-voice", stdin="Maybe like 50k?\nOkay, thanks.\n")
    listing = run(laptop, "history").stdout
    assert "The expectations question" in listing and "anchored low" in listing
    export = tmp_path / "laptop.json"
    assert run(laptop, "export", "--format", "json", "-o", str(export)).returncode == 0
    assert json.loads(export.read_text())["attempts"][0]["answers"][0]["answer"] == "Maybe like 50k?"
    assert "Imported 1 rehearsal and 2 answers" in run(desktop, "import", str(export)).stdout
    assert "Imported 0 rehearsals and 0 answers" in run(desktop, "import", str(export)).stdout
    csv_lines = run(desktop, "export", "--format", "csv").stdout.splitlines()
    assert len(csv_lines) == 3 and csv_lines[0].endswith("confidence,respect,value")


def test_pdf_and_html_reports(tmp_path: Path) -> None:
    run(tmp_path, "rehearse", "salary-expectations", "--no-voice", stdin="<b>Maybe</b> 50k?\n")
    pdf = tmp_path / "report.pdf"
    assert run(tmp_path, "export", "--format", "pdf", "-o", str(pdf)).returncode == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    html = run(tmp_path, "export", "--format", "html").stdout
    assert "&lt;b&gt;" in html and "<b>Maybe" not in html


def test_import_of_something_else_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.json"
    bogus.write_text('{"hello": 1}')
    result = run(tmp_path, "import", str(bogus))
    assert result.returncode == 1 and "not a Counteroffer history export" in result.stderr
