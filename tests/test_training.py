"""Learning the respect weights (app.training.respect): the fit, the evaluation, and the shipped weights file."""

from __future__ import annotations

import math
import random

import pytest
import yaml

from app.core.politeness import FEATURES
from app.training import respect


@pytest.fixture(scope="module")
def requests() -> list[respect.Request]:
    return respect.load_requests()


def test_auc_counts_ties_as_half() -> None:
    assert respect.auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == 0.75
    assert respect.auc([1.0, 1.0], [0, 1]) == 0.5


def test_folds_are_fixed_and_balanced() -> None:
    folds = respect.fold_of(2176)
    assert folds == respect.fold_of(2176)
    sizes = [folds.count(f) for f in range(respect.FOLDS)]
    assert max(sizes) - min(sizes) <= 1


def test_the_fit_recovers_known_weights() -> None:
    rng = random.Random(7)
    true = {name: 0.0 for name in FEATURES} | {"thanks": 2.0, "direct_start": -1.5, "tone": 1.0}
    rows, labels = [], []
    for _ in range(4000):
        row = [float(rng.random() < 0.3) for _ in FEATURES[:-1]] + [rng.uniform(-1, 1)]
        z = -0.5 + sum(true[name] * x for name, x in zip(FEATURES, row, strict=True))
        rows.append(row)
        labels.append(int(rng.random() < 1 / (1 + math.exp(-z))))
    model = respect.fit(rows, labels, ridge=0.1)
    assert model.intercept == pytest.approx(-0.5, abs=0.25)
    for name in ("thanks", "direct_start", "tone"):
        assert model.weights[name] == pytest.approx(true[name], abs=0.3)


@pytest.mark.slow
def test_training_on_a_subset_learns_the_clear_signs(requests: list[respect.Request]) -> None:
    training = respect.train(requests[:400])
    weights = training.model.weights
    assert training.examples == 200 and training.requests == 400
    assert weights["thanks"] > 0 and weights["please"] > 0 and weights["could_would_you"] > 0
    assert weights["tone"] > 0
    assert weights["direct_start"] < 0 and weights["direct_question"] < 0 and weights["factuality"] < 0
    assert 0.6 < training.cross_validation.auc <= 1
    reference = list(training.reference.values())
    assert reference == sorted(reference)


@pytest.mark.slow
def test_the_labels_are_the_top_and_bottom_quartile(requests: list[respect.Request]) -> None:
    labelled = respect.quartile_labels(requests)
    assert len(requests) == 4353 and len(labelled) == 2 * (4353 // 4)
    polite = [requests[i].score for i, label in labelled if label]
    rude = [requests[i].score for i, label in labelled if not label]
    assert len(polite) == len(rude) and min(polite) > max(rude)


def test_the_weights_file_parses_with_every_feature() -> None:
    path = respect.model_file()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(data) == {
        "model",
        "trained",
        "data",
        "examples",
        "cross_validation",
        "intercept",
        "weights",
        "reference",
    }
    assert data["model"] == "respect" and isinstance(data["trained"], str)
    assert set(data["weights"]) == set(FEATURES)
    assert data["cross_validation"]["folds"] == 10 and data["cross_validation"]["auc"] >= 0.86
    assert 0.5 < data["cross_validation"]["accuracy"] <= 1
    assert list(data["reference"]) == ["p10", "p30", "p50", "p70", "p90"]
    model = respect.load_model(path)
    assert model.weights["thanks"] > 0 > model.weights["direct_start"]


def test_render_round_trips(tmp_path) -> None:
    model = respect.Model(-1.25, {name: round(0.1 * i - 1, 3) for i, name in enumerate(FEATURES)})
    cv = respect.CrossValidation(10, 0.8712, 0.7801)
    training = respect.Training(model, cv, 2176, 4353, {"p10": -2.0, "p50": 0.0, "p90": 2.0}, 0.02)
    path = tmp_path / "respect.yaml"
    path.write_text(respect.render(training), encoding="utf-8")
    assert respect.load_model(path) == model
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["cross_validation"] == {
        "folds": 10,
        "auc": 0.871,
        "accuracy": 0.78,
    }
