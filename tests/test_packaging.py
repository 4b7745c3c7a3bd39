"""The wheel carries the code, the built-in scenarios and the resources, and runs from an install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import tomllib
from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("app", "scenarios", "resources", "docs", "pyproject.toml", "README.md"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, source / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(source)],
        check=True,
        timeout=300,
    )
    return next(out.glob("counteroffer-*.whl"))


def test_every_package_folder_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "app").rglob("__init__.py")}
    assert on_disk <= listed


@pytest.mark.slow  # builds the wheel
def test_wheel_holds_scenarios_resources_and_entry_point(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    scenarios = {Path(n).name for n in names if n.startswith("app/scenarios/") and n.endswith(".yaml")}
    assert scenarios == {p.name for p in (ROOT / "scenarios").glob("*.yaml")}
    assert "app/resources/schema/scenario.schema.json" in names
    assert "app/resources/rubrics/default.yaml" in names
    assert "app/resources/styles/app.qss" in names
    assert "app/docs/scoring.md" in names and "app/docs/authoring.md" in names  # the Help menu's guides
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "counteroffer = app.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


@pytest.mark.slow  # builds the wheel
def test_installed_wheel_finds_and_validates_its_scenarios(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        timeout=300,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = "from app import paths; print(paths.builtin_scenarios())"
    where = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert where == str(target / "app" / "scenarios")
    result = subprocess.run(
        [sys.executable, "-m", "app", "validate", where],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
