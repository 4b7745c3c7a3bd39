"""The default rubric ranks answers the way people labelled them (labels were set before tuning)."""

from __future__ import annotations

import pytest
import yaml
from conftest import DATA

from app.core.stats import spearman
from app.practice import Practice

ANSWERS = yaml.safe_load((DATA / "labelled_answers.yaml").read_text(encoding="utf-8"))["answers"]
LEVEL = {"low": 0, "medium": 1, "high": 2}


def test_labelled_set_is_large_and_balanced() -> None:
    assert len(ANSWERS) >= 200
    for dimension in ("confidence", "respect"):
        counts = {level: sum(a[dimension] == level for a in ANSWERS) for level in LEVEL}
        assert min(counts.values()) >= len(ANSWERS) // 5, counts


@pytest.mark.parametrize("dimension", ["confidence", "respect"])
def test_spearman_rank_correlation_with_labels_is_at_least_0_8(dimension: str) -> None:
    """bench/validity.py prints the figures; this keeps a change from quietly breaking the agreement."""
    scorer = Practice().scorer()
    scores = [scorer.score(a["text"]).dimensions[dimension].score for a in ANSWERS]
    rho = spearman([LEVEL[a[dimension]] for a in ANSWERS], scores)
    assert rho >= 0.8, f"{dimension}: Spearman {rho:.3f}"


def test_spearman_matches_a_hand_worked_example() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [40, 30, 20, 10]) == pytest.approx(-1.0)
    assert spearman([0, 0, 1, 1], [1, 2, 3, 4]) == pytest.approx(0.8944, abs=1e-3)
