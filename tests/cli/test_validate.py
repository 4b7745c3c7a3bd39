"""The command line: validate, schema, --version and --help, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import DATA, ROOT

from app import __version__


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_validate_builtin_scenarios_exits_zero() -> None:
    result = run("validate", "scenarios/")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("0 errors, 0 warnings")


def test_validate_bad_folder_lists_every_problem_and_exits_one() -> None:
    result = run("validate", str(DATA / "bad"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith(str(DATA / "bad" / "python-tag.yaml") + ":3:8: error:") for line in lines)
    assert "Traceback" not in result.stdout + result.stderr
    assert "errors" in lines[-1] and "files" in lines[-1]


def test_validate_json_format_is_machine_readable() -> None:
    result = run("validate", "--format", "json", str(DATA / "bad" / "wrong-type.yaml"))
    report = json.loads(result.stdout)
    assert report["files"] == 1
    assert {"path", "line", "col", "severity", "message"} <= set(report["diagnostics"][0])


def test_validate_missing_path_is_a_clear_usage_error() -> None:
    result = run("validate", "no/such/folder")
    assert result.returncode == 2 and "no such file or folder" in result.stderr


def test_schema_prints_json_schema() -> None:
    schema = json.loads(run("schema").stdout)
    assert schema["$schema"].startswith("https://json-schema.org/") and "turns" in schema["properties"]


def test_version_and_help() -> None:
    assert run("--version").stdout.strip() == f"counteroffer {__version__}"
    help_text = run("--help").stdout
    assert "validate" in help_text and "schema" in help_text
