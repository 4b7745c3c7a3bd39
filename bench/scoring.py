"""Scoring 2,000 realistic answers (20-150 words) with the default rubric, a profile and timing.

Prints median and p99 milliseconds per answer and answers per second; the last line is
`score_ms_median=<x> score_ms_p99=<y>` (targets: median at most 1 ms, p99 at most 5 ms).
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app import paths  # noqa: E402
from app.core.library import load_library  # noqa: E402
from app.core.profile import Priority, Profile  # noqa: E402
from app.core.scoring import AnswerContext, Timing  # noqa: E402
from app.core.stats import percentile  # noqa: E402
from app.practice import Practice

ANSWERS = 2000
LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "labelled_answers.yaml"


def answers(count: int, rng: random.Random) -> list[str]:
    """Realistic answers: students' sentences from the labelled set, recombined to 20-150 words."""
    sentences = [
        s.strip() + "."
        for a in yaml.safe_load(LABELLED.read_text())["answers"]
        for s in a["text"].replace("?", "?.").split(".")
        if len(s.split()) >= 3
    ]
    result = []
    while len(result) < count:
        target = rng.randint(20, 150)
        words: list[str] = []
        while len(words) < target:
            words += rng.choice(sentences).split()
        result.append(" ".join(words[:target]))
    return result


def main() -> None:
    rng = random.Random(7)
    texts = answers(ANSWERS, rng)
    scorer = Practice().scorer()
    scenarios = load_library([paths.builtin_scenarios()]).scenarios
    profile = Profile(
        name="Sam",
        target=85000,
        walk_away=70000,
        priorities=[
            Priority(label="mentorship", keywords=["mentor", "pairing"]),
            Priority(label="remote work", keywords=["remote", "from home"]),
            Priority(label="learning budget", keywords=["conference", "courses"]),
        ],
    )
    contexts = []
    for i in range(ANSWERS):
        scenario = scenarios[i % len(scenarios)]
        turn = list(scenario.turns.values())[i % len(scenario.turns)]
        contexts.append(AnswerContext(scenario, turn, profile, Timing(rng.uniform(0.5, 20), rng.uniform(5, 120))))
    for text, context in zip(texts[:50], contexts, strict=False):  # warm-up
        scorer.score(text, context)
    gc.collect()
    times = []
    start = time.perf_counter()
    for text, context in zip(texts, contexts, strict=False):
        t0 = time.perf_counter()
        scorer.score(text, context)
        times.append((time.perf_counter() - t0) * 1000)
    total = time.perf_counter() - start
    words = [len(t.split()) for t in texts]
    print(
        f"answers={ANSWERS} words_min={min(words)} words_median={statistics.median(words):.0f} words_max={max(words)}"
    )
    print(f"answers_per_second={ANSWERS / total:.0f}")
    print(f"score_ms_median={statistics.median(times):.3f} score_ms_p99={percentile(times, 0.99):.3f}")


if __name__ == "__main__":
    main()
