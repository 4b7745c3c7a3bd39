"""Every labelled phrase in tests/data/detector_cases.yaml, run through the real detectors."""

from __future__ import annotations

import pytest
import yaml
from conftest import DATA

from app import paths
from app.core.numbers import deadlines, money, percents
from app.core.scoring import load_scorer

SCORER = load_scorer((paths.resources(),))  # the built-in lexicons, read once for every case
CASES = yaml.safe_load((DATA / "detector_cases.yaml").read_text(encoding="utf-8"))["cases"]
NUMERIC = {
    "money": lambda t: [a.yearly for a in money(t)],
    "asks": lambda t: [a.yearly for a in SCORER.analyse(t).asks],
    "percent": lambda t: [p.value for p in percents(t)],
    "deadline": lambda t: [d.text for d in deadlines(t)],
}


def case_id(case: dict) -> str:
    return f"{case['detector']}:{case['text'][:40]}"


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_detector_case(case: dict) -> None:
    detector, text, expected = case["detector"], case["text"], case["expect"]
    if detector in NUMERIC:
        assert NUMERIC[detector](text) == expected
        return
    evidence = SCORER.analyse(text).evidence(detector)
    assert bool(evidence) is expected, [e.text for e in evidence]
    assert all(text[e.start : e.end] == e.text for e in evidence), "evidence offsets point at the evidence"
    if expected and "match" in case:
        start = text.lower().index(case["match"].lower())
        end = start + len(case["match"])
        assert any(e.start < end and start < e.end for e in evidence), "the highlighted words cover the match"


def test_table_is_large_and_has_tricky_negatives() -> None:
    assert len(CASES) >= 150
    negatives = [c for c in CASES if c["expect"] in (False, [])]
    assert len(negatives) >= len(CASES) // 4
