"""Learn the respect model: a weight per politeness strategy, from people's judgements of real requests.

    python -m app.training.respect [--output PATH]      (default: resources/models/respect.yaml)

The data is the Stanford Politeness Corpus's 4,353 Wikipedia requests, each rated for politeness by five
people (resources/training/politeness). As in Danescu-Niculescu-Mizil et al. (ACL 2013), the top quartile of
the normalised score is "polite" (1) and the bottom quartile "impolite" (0); the middle half is left out.
Every request becomes the feature values of app.core.politeness (binary strategies and VADER's tone), and an
L2-regularised logistic regression is fitted by Newton's method in plain Python, so each weight reads as the
log-odds a strategy adds. Ten-fold cross-validation (a seeded shuffle, fold = position mod 10) measures how
well it separates held-out requests; then the model is fitted on all labelled requests and written out with
the percentiles of its linear predictor on all 4,353 requests, the reference a score can be placed against.
Everything is deterministic: the same data gives the same file (but for the date).
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from app import paths
from app.core.politeness import FEATURES, feature_values
from app.core.stats import percentile, ranks
from app.core.tokens import Answer

RIDGE = 1.0  # L2 penalty on every weight but the intercept (fixed beforehand, not tuned on the folds)
FOLDS = 10
SEED = 2013
PERCENTILES = (10, 30, 50, 70, 90)
DECIMALS = 3  # weights are written, and the reference computed, at this precision
DATA_NAME = "Stanford Politeness Corpus, Wikipedia requests (resources/training/politeness), top vs bottom quartile"

Row = list[float]


def data_file() -> Path:
    return paths.resources() / "training" / "politeness" / "wikipedia.annotated.csv"


def model_file() -> Path:
    return paths.resources() / "models" / "respect.yaml"


@dataclass(frozen=True)
class Request:
    text: str
    score: float  # the corpus's Normalized Score: above 0 is more polite than the average request


def load_requests(path: Path | None = None) -> list[Request]:
    with (path or data_file()).open(encoding="utf-8", newline="") as f:
        return [Request(row["Request"], float(row["Normalized Score"])) for row in csv.DictReader(f)]


def quartile_labels(requests: Sequence[Request]) -> list[tuple[int, int]]:
    """(index, label) for the bottom quartile by score (0) and the top quartile (1), in the requests' order."""
    by_score = sorted(range(len(requests)), key=lambda i: (requests[i].score, i))
    quarter = len(requests) // 4
    labels = {i: 0 for i in by_score[:quarter]} | {i: 1 for i in by_score[len(by_score) - quarter :]}
    return sorted(labels.items())


def featurize(texts: Sequence[str]) -> list[Row]:
    """Each text's feature values in FEATURES order."""
    rows = []
    for text in texts:
        values = feature_values(Answer(text))
        rows.append([values[name] for name in FEATURES])
    return rows


@dataclass(frozen=True)
class Model:
    intercept: float
    weights: dict[str, float]

    def predictor(self, row: Row) -> float:
        """intercept + sum of weight x value, for a row in FEATURES order."""
        return self.intercept + sum(self.weights[name] * x for name, x in zip(FEATURES, row, strict=True) if x)

    def rounded(self, decimals: int = DECIMALS) -> Model:
        return Model(round(self.intercept, decimals), {k: round(v, decimals) for k, v in self.weights.items()})


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Solve a small symmetric positive-definite system by Gaussian elimination with partial pivoting."""
    n = len(vector)
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, n):
            factor = a[r][col] / a[col][col]
            if factor:
                for c in range(col, n + 1):
                    a[r][c] -= factor * a[col][c]
    solution = [0.0] * n
    for r in range(n - 1, -1, -1):
        solution[r] = (a[r][n] - sum(a[r][c] * solution[c] for c in range(r + 1, n))) / a[r][r]
    return solution


def fit(rows: Sequence[Row], labels: Sequence[int], ridge: float = RIDGE) -> Model:
    """L2-regularised logistic regression by Newton's method (IRLS); the intercept is not penalised."""
    d = len(FEATURES) + 1
    # Rows are sparse (a handful of strategies fire): keep (column, value) pairs, column 0 the intercept.
    sparse = [[(0, 1.0)] + [(j + 1, x) for j, x in enumerate(row) if x] for row in rows]
    beta = [0.0] * d
    for _ in range(100):
        gradient = [ridge * b for b in beta]
        hessian = [[0.0] * d for _ in range(d)]
        gradient[0] = 0.0
        for j in range(1, d):
            hessian[j][j] = ridge
        hessian[0][0] = 1e-9
        for pairs, y in zip(sparse, labels, strict=True):
            p = _sigmoid(sum(beta[j] * x for j, x in pairs))
            residual, weight = p - y, p * (1.0 - p)
            for j, xj in pairs:
                gradient[j] += residual * xj
                row = hessian[j]
                wx = weight * xj
                for k, xk in pairs:
                    row[k] += wx * xk
        step = _solve(hessian, gradient)
        beta = [b - s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-10:
            break
    return Model(beta[0], dict(zip(FEATURES, beta[1:], strict=True)))


def auc(scores: Sequence[float], labels: Sequence[int]) -> float:
    """Area under the ROC curve: the chance a random positive outscores a random negative (ties count half)."""
    positives = sum(labels)
    negatives = len(labels) - positives
    rank_sum = sum(r for r, y in zip(ranks(scores), labels, strict=True) if y)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def fold_of(n: int, folds: int = FOLDS, seed: int = SEED) -> list[int]:
    """Each example's fold: a seeded shuffle of the positions, then position mod `folds`."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    assignment = [0] * n
    for position, index in enumerate(order):
        assignment[index] = position % folds
    return assignment


@dataclass(frozen=True)
class CrossValidation:
    folds: int
    auc: float  # mean over the held-out folds
    accuracy: float  # mean over the held-out folds, predicting polite when the probability is at least 0.5
    fold_aucs: list[float] = field(default_factory=list)


def cross_validate(
    rows: Sequence[Row], labels: Sequence[int], folds: int = FOLDS, seed: int = SEED, ridge: float = RIDGE
) -> CrossValidation:
    """Fit on all folds but one, score the one held out; repeat for each fold."""
    assignment = fold_of(len(rows), folds, seed)
    aucs, accuracies = [], []
    for fold in range(folds):
        train = [i for i in range(len(rows)) if assignment[i] != fold]
        test = [i for i in range(len(rows)) if assignment[i] == fold]
        model = fit([rows[i] for i in train], [labels[i] for i in train], ridge)
        scores = [model.predictor(rows[i]) for i in test]
        truth = [labels[i] for i in test]
        aucs.append(auc(scores, truth))
        accuracies.append(sum((s >= 0) == bool(y) for s, y in zip(scores, truth, strict=True)) / len(test))
    return CrossValidation(folds, sum(aucs) / folds, sum(accuracies) / folds, aucs)


@dataclass(frozen=True)
class Training:
    model: Model  # fitted on every labelled request, rounded to DECIMALS
    cross_validation: CrossValidation
    examples: int  # labelled requests (top and bottom quartile)
    requests: int  # all requests, labelled or not
    reference: dict[str, float]  # percentiles of the linear predictor over all requests
    base_ties: float  # share of all requests whose predictor is exactly the intercept (nothing fired, tone 0)


def train(requests: Sequence[Request] | None = None, ridge: float = RIDGE) -> Training:
    requests = load_requests() if requests is None else requests
    rows = featurize([r.text for r in requests])
    labelled = quartile_labels(requests)
    x = [rows[i] for i, _ in labelled]
    y = [label for _, label in labelled]
    validation = cross_validate(x, y, ridge=ridge)
    model = fit(x, y, ridge).rounded()
    predictors = [model.predictor(row) for row in rows]
    reference = {f"p{p}": round(percentile(predictors, p / 100), DECIMALS) for p in PERCENTILES}
    ties = sum(1 for value in predictors if value == model.intercept) / len(predictors)
    return Training(model, validation, len(labelled), len(requests), reference, ties)


def _number(value: float) -> str:
    return f"{value:.{DECIMALS}f}"


def render(training: Training, today: date | None = None) -> str:
    """The weights file: YAML a person can read, with what it is and how it was made."""
    cv = training.cross_validation
    width = max(len(name) for name in FEATURES) + 1
    weights = "\n".join(f"  {name + ':':<{width}} {_number(training.model.weights[name]):>6}" for name in FEATURES)
    reference = ", ".join(f"{k}: {_number(v)}" for k, v in training.reference.items())
    return f"""\
# Respect signals and their weights, learned by `make train` (python -m app.training.respect): regenerate
# rather than edit. Features are app.core.politeness's strategies (Danescu-Niculescu-Mizil et al., ACL 2013):
# 1 when the answer shows the strategy, else 0; tone is VADER's compound sentiment, -1..1.
# An L2-regularised logistic regression (ridge {RIDGE}, intercept unpenalised) was fitted on the top and
# bottom quartile of human politeness ratings; cross_validation is {cv.folds}-fold on held-out requests.
model: respect
trained: "{(today or date.today()).isoformat()}"
data: {DATA_NAME}
examples: {training.examples}
cross_validation: {{folds: {cv.folds}, auc: {cv.auc:.3f}, accuracy: {cv.accuracy:.3f}}}
intercept: {_number(training.model.intercept)}
weights:   # log-odds per feature (tone: per unit of compound)
{weights}
reference: {{{reference}}}   # linear predictor on all {training.requests:,} requests
"""


def load_model(path: Path | None = None) -> Model:
    """The intercept and weights of a weights file (every feature in FEATURES must have one)."""
    data = yaml.safe_load((path or model_file()).read_text(encoding="utf-8"))
    weights = {str(k): float(v) for k, v in data["weights"].items()}
    missing = [name for name in FEATURES if name not in weights]
    if missing:
        raise ValueError(f"weights missing for {', '.join(missing)}")
    return Model(float(data["intercept"]), {name: weights[name] for name in FEATURES})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.training.respect", description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=None, help="where to write the weights (YAML)")
    args = parser.parse_args(argv)
    output: Path = args.output or model_file()
    training = train()
    cv = training.cross_validation
    print(f"{training.examples} labelled of {training.requests} requests, {len(FEATURES)} features")
    print(f"{cv.folds}-fold cross-validation: AUC {cv.auc:.3f}, accuracy {cv.accuracy:.3f}")
    print(f"  per fold AUC: {' '.join(f'{a:.3f}' for a in cv.fold_aucs)}")
    print(f"intercept {training.model.intercept:+.3f}")
    for name in sorted(FEATURES, key=lambda n: -training.model.weights[n]):
        print(f"  {name:<20} {training.model.weights[name]:+.3f}")
    print(f"reference {training.reference}, base ties {training.base_ties:.3f}")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(training), encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
