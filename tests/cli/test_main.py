"""`app.cli.main`: the commands, --version and --help, and how a job that can't go on is reported; plus the few
runs of the real entry point (`python -m app`) in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, ROOT

from app import __version__, paths
from app.cli import main


def test_version_prints_the_package_version_and_the_data_folder(
    capsys: pytest.CaptureFixture[str], user_home: Path
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr() == (f"counteroffer {__version__}\nData folder: {user_home}\n", "")


def test_version_names_the_usual_data_folder_without_an_override(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COUNTEROFFER_HOME")
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.splitlines()[1] == f"Data folder: {paths.user_data()}"


def test_help_mentions_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "--version" in capsys.readouterr().out


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for command in ("validate", "score", "rehearse", "history", "export", "import", "schema"):
        assert f"    {command} " in out, command


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["grade"])
    assert exited.value.code == 2
    assert "invalid choice: 'grade'" in capsys.readouterr().err


def _not_an_export(folder: Path) -> str:
    path = folder / "notes.json"
    path.write_text('{"hello": 1}')
    return str(path)


@pytest.mark.parametrize(
    "argv,status,message",
    [
        (["score"], 2, 'give an answer in quotes, --audio FILE.wav or --batch FILE (see "counteroffer score --help")'),
        (["score", "hi", "--turn", "opening"], 2, "--turn needs --scenario"),
        (["validate", "no/such/folder"], 2, "no such file or folder: no/such/folder"),
        (["export", "--format", "pdf"], 2, "a PDF needs --output FILE"),
        (["export", "--from", "2025-13-01"], 2, "dates are written YYYY-MM-DD"),
        (["export", "--attempt", "nope"], 2, "no rehearsal nope (see `counteroffer history`)"),
        (
            ["import", "{not_an_export}"],
            1,
            "{not_an_export}: this is not a Counteroffer history export (expected a JSON file made by "
            "File → Export history or `counteroffer export --format json`)",
        ),
    ],
    ids=["score-nothing", "score-turn-alone", "validate-missing", "pdf-no-output", "bad-date", "no-attempt", "import"],
)
def test_a_job_that_cannot_go_on_prints_one_line_and_returns_its_status(
    argv: list[str], status: int, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = _not_an_export(tmp_path)
    argv = [arg.format(not_an_export=bogus) for arg in argv]
    assert main(argv) == status
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"counteroffer {argv[0]}: {message.format(not_an_export=bogus)}\n"


def test_details_come_before_the_one_line_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "me.yaml"
    profile.write_text("name: Ana\nwalk_away: lots\ntarget: lots\n")
    assert main(["score", "hi", "--profile", str(profile)]) == 1  # the job found problems in a file
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert out == ""
    assert [line.split(": error:")[0] for line in lines[:-1]] == [f"{profile}:2:12", f"{profile}:3:9"]
    assert lines[-1] == "counteroffer score: the profile has problems (listed above)"


@pytest.mark.slow
def test_the_installed_entry_point_prints_its_version(tmp_path: Path) -> None:
    env = {**os.environ, "COUNTEROFFER_HOME": str(tmp_path / "data")}
    result = subprocess.run(
        [sys.executable, "-m", "app", "--version"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )
    data = tmp_path / "data"
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"counteroffer {__version__}\nData folder: {data}\n",
        "",
    )


@pytest.mark.slow
def test_the_entry_point_validates_a_file_and_exits_with_its_status(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "validate", str(DATA / "bad" / "python-tag.yaml")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 1 and result.stderr == ""
    first, summary = result.stdout.splitlines()[0], result.stdout.splitlines()[-1]
    assert first.startswith(f"{DATA / 'bad' / 'python-tag.yaml'}:3:8: error:")
    assert summary.startswith("1 file checked:")
