"""The standalone bundle (make dist) runs as a user runs it: no Python on the PATH, no virtual environment.

Runs when a bundle has been built (dist/counteroffer/counteroffer, or COUNTEROFFER_BUNDLE names one); `make test-dist`
builds it first. Skipped otherwise.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

from app import __version__

BUNDLE = os.environ.get("COUNTEROFFER_BUNDLE") or str(
    Path(__file__).resolve().parents[1] / "dist/counteroffer/counteroffer"
)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(BUNDLE).is_file(), reason="no bundle (make test-dist builds one)"),
]


def run(home: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The bundle with a bare environment: /usr/bin only on the PATH, no PYTHONHOME or PYTHONPATH."""
    env = {"PATH": "/usr/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    return subprocess.run(
        [str(Path(BUNDLE).resolve()), *args], capture_output=True, text=True, env=env, timeout=timeout, check=False
    )


def test_version_and_data_folder(tmp_path: Path) -> None:
    result = run(tmp_path, "--version")
    assert result.returncode == 0
    assert result.stdout == f"counteroffer {__version__}\nData folder: {tmp_path}/.local/share/Counteroffer\n"


def test_validates_its_built_in_scenarios(tmp_path: Path) -> None:
    scenarios = Path(BUNDLE).resolve().parent / "_internal" / "app" / "scenarios"
    result = run(tmp_path, "validate", str(scenarios))
    assert result.returncode == 0, result.stdout + result.stderr
    shipped = len(list((ROOT / "scenarios").glob("*.yaml")))
    assert "0 errors" in result.stdout.splitlines()[-1] and f"{shipped} files" in result.stdout
    assert (scenarios.parent / "docs" / "scoring.md").is_file(), "the Help menu's guides are in the bundle"


def test_scores_an_answer_with_the_learned_respect_weights(tmp_path: Path) -> None:
    result = run(tmp_path, "score", "Thanks! Could you share the budgeted range?", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert '"thanks"' in result.stdout and '"could-you"' in result.stdout


def test_the_window_opens_offscreen_and_keeps_user_data_in_the_usual_folder(tmp_path: Path) -> None:
    with pytest.raises(subprocess.TimeoutExpired) as running:  # still running after 8 s: it didn't crash
        run(tmp_path, timeout=8)
    err = running.value.stderr
    output = err.decode() if isinstance(err, bytes) else (err or "")
    assert "Traceback" not in output and "Error" not in output
    data = tmp_path / ".local" / "share" / "Counteroffer"
    assert (data / "history.db").is_file()
    log = (data / "counteroffer.log").read_text(encoding="utf-8") if (data / "counteroffer.log").exists() else ""
    assert "ERROR" not in log
