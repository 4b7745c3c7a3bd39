"""The guides stay in step with what ships."""

from __future__ import annotations

import yaml
from conftest import ROOT

from app import paths


def test_scoring_guide_lists_every_default_criterion_and_lexicon() -> None:
    guide = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    rubric = yaml.safe_load((paths.rubrics() / "default.yaml").read_text())
    missing = [c["id"] for c in rubric["criteria"] if f"`{c['id']}`" not in guide]
    assert missing == []
    lexicons = [p.stem for p in (paths.resources() / "lexicons").glob("*.yaml")]
    assert [name for name in lexicons if f"`{name}`" not in guide] == []


def test_readme_starts_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:8]
    assert any(line.startswith("make run") for line in head) and any(line.startswith("make test") for line in head)
