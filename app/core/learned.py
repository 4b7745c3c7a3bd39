"""Weights learned from people's ratings (resources/models/*.yaml), and the points they are worth.

A learned dimension scores like any other — a base plus points per criterion — but the base and each
signal's points come from a logistic model: its log-odds are put on the 0–100 scale so that the reference
set's 10th percentile lands at 30, its median at 50 and its 90th percentile at 70. Every point still
traces to one named signal, its weight and its evidence.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from .diagnostics import Diagnostic, Severity
from .fields import Strict, Text
from .model_validation import load_and_validate

LOW, MIDDLE, HIGH = 30.0, 50.0, 70.0  # where the reference set's p10, p50 and p90 land


class CrossValidation(Strict):
    folds: int = Field(ge=2)
    auc: float = Field(ge=0, le=1)
    accuracy: float = Field(ge=0, le=1)


class LearnedWeights(Strict):
    model: Text
    trained: Text = Field(description="When the weights were learned (YYYY-MM-DD).")
    data: Text = Field(description="What they were learned from.")
    examples: int = Field(ge=1)
    cross_validation: CrossValidation
    intercept: float
    weights: dict[str, float] = Field(description="Log-odds per signal (per unit for a continuous one).")
    reference: dict[str, float] = Field(
        description="Percentiles (p10, p50, p90, …) of the log-odds on a reference set."
    )

    @property
    def points_per_unit(self) -> float:
        """Score points per unit of log-odds."""
        spread = self.reference["p90"] - self.reference["p10"]
        return (HIGH - LOW) / spread if spread > 0 else 10.0

    @property
    def base(self) -> float:
        """The score of an answer in which no signal fires."""
        return round(MIDDLE + self.points_per_unit * (self.intercept - self.reference["p50"]), 1)

    def points(self, signal: str, value: float = 1.0) -> float:
        return round(self.points_per_unit * self.weights.get(signal, 0.0) * value, 1)


def load_weights(path: Path) -> tuple[LearnedWeights | None, list[Diagnostic]]:
    weights, diagnostics, _doc = load_and_validate(path, LearnedWeights, what="model file")
    if weights is not None and not {"p10", "p50", "p90"} <= set(weights.reference):
        return None, [
            *diagnostics,
            Diagnostic(str(path), 1, 1, Severity.ERROR, "reference needs p10, p50 and p90 — run make train"),
        ]
    return weights, diagnostics
