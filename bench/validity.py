"""Do the scores agree with people? Figures, not pass/fail.

- wiki_cv_auc: the respect SCORE (learned signals and the rubric's hand-set negotiation rules together) on the
  Stanford Politeness Corpus's Wikipedia requests, top vs bottom quartile, 10-fold cross-validated: the
  weights are learned on nine folds and the held-out fold is scored with them.
- own_rho_confidence / own_rho_respect: Spearman correlation with the labels of tests/data/labelled_answers.yaml
  (negotiation answers labelled low / medium / high before the scorer was tuned).
- base_ties: share of all 4,353 requests whose respect score is exactly the dimension's base.
- score_ms_median / score_ms_p99: the default scorer on the labelled answers (timing per answer).

Last line: `wiki_cv_auc=… own_rho_confidence=… own_rho_respect=… base_ties=… score_ms_median=…`.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from app import paths  # noqa: E402
from app.core.learned import LearnedWeights  # noqa: E402
from app.core.scoring import Scorer, load_scorer  # noqa: E402
from app.core.stats import percentile, spearman  # noqa: E402
from app.training import respect  # noqa: E402

LEVEL = {"low": 0, "medium": 1, "high": 2}


def fold_scorer(scorer: Scorer, model: respect.Model, reference: dict[str, float]) -> Scorer:
    """The default scorer with the respect weights swapped for ones learned without the held-out fold."""
    shipped = scorer.models["respect"]
    weights = LearnedWeights.model_validate(
        {**shipped.model_dump(), "intercept": model.intercept, "weights": model.weights, "reference": reference}
    )
    return Scorer(scorer.lexicons, scorer.rubrics, scorer.diagnostics, {**scorer.models, "respect": weights})


def wiki_cv_auc(scorer: Scorer, requests: list[respect.Request]) -> float:
    rows = respect.featurize([r.text for r in requests])
    labelled = respect.quartile_labels(requests)
    folds = respect.fold_of(len(labelled))
    aucs = []
    for fold in range(respect.FOLDS):
        train = [k for k in range(len(labelled)) if folds[k] != fold]
        test = [k for k in range(len(labelled)) if folds[k] == fold]
        model = respect.fit([rows[labelled[k][0]] for k in train], [labelled[k][1] for k in train])
        predictors = [model.predictor(rows[labelled[k][0]]) for k in train]
        reference = {f"p{p}": percentile(predictors, p / 100) for p in respect.PERCENTILES}
        held_out = fold_scorer(scorer, model, reference)
        scores = [held_out.score(requests[labelled[k][0]].text).dimensions["respect"].score for k in test]
        aucs.append(respect.auc(scores, [labelled[k][1] for k in test]))
    return statistics.mean(aucs)


def base_ties(scorer: Scorer, requests: list[respect.Request]) -> tuple[float, dict[int, float]]:
    scores = [scorer.score(r.text).dimensions["respect"] for r in requests]
    ties = sum(1 for s in scores if s.score == s.base) / len(scores)
    below = {mark: sum(1 for s in scores if s.score < mark) / len(scores) for mark in (30, 50, 70, 90)}
    return ties, below


def own_agreement(scorer: Scorer) -> tuple[dict[str, float], list[float]]:
    answers = yaml.safe_load((ROOT / "tests" / "data" / "labelled_answers.yaml").read_text(encoding="utf-8"))
    answers = answers["answers"]
    times, scores = [], []
    for answer in answers:
        start = time.perf_counter()
        scores.append(scorer.score(answer["text"]))
        times.append((time.perf_counter() - start) * 1000)
    rho = {
        d: spearman([LEVEL[a[d]] for a in answers], [s.dimensions[d].score for s in scores])
        for d in ("confidence", "respect")
    }
    return rho, times


def main() -> None:
    scorer = load_scorer((paths.resources(),))
    requests = respect.load_requests()
    auc = wiki_cv_auc(scorer, requests)
    ties, below = base_ties(scorer, requests)
    own_agreement(scorer)  # warm-up: caches and first-call imports out of the timing
    rho, times = own_agreement(scorer)
    print(
        f"wikipedia requests: {len(requests)}; respect score below 30/50/70/90: "
        + " ".join(f"{mark}:{share:.0%}" for mark, share in below.items())
    )
    print(f"labelled answers: {len(times)}; score_ms p99={percentile(times, 0.99):.3f}")
    print(
        f"wiki_cv_auc={auc:.3f} own_rho_confidence={rho['confidence']:.3f} own_rho_respect={rho['respect']:.3f} "
        f"base_ties={ties:.3f} score_ms_median={statistics.median(times):.3f}"
    )


if __name__ == "__main__":
    main()
