"""Robustness at scale: validating a 10,000-turn scenario, and scoring a 100,000-row batch in flat memory.

Writes both inputs to a temporary folder. The batch runs `counteroffer score --batch` in a subprocess (output to
/dev/null), first, and reads that child's peak resident memory (ru_maxrss from wait4, in KB on Linux): a child's
peak starts at its parent's size, so the parent must still be small. The last line is
`validate_10k_turns_s=<x> batch_100k_peak_mb=<y>`.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TURNS = 10_000
FITTING_TURNS = 4_000  # about the longest chain under the loader's 100,000-value limit
ROWS = 100_000
ANSWERS = (
    "Thanks so much for the offer! Could we do 85k, given my React work?",
    "Um, I guess that's fine. I accept.",
    "What range have you budgeted for the role?",
    "I'd like a week to think it over, could I reply by Friday?",
    "Take it or leave it: 95k or I walk.",
)


def write_scenario(path: Path, turns: int) -> None:
    """A valid scenario, with no warnings, whose turns form one long chain (every other turn also branches),
    written compactly in YAML's flow style to stay under the 1 MB file limit (no aliases: the loader counts
    what they expand to)."""
    lines = [
        "format: 1",
        "id: long-chain",
        'title: "A very long call"',
        'summary: "A recruiter who keeps asking."',
        "difficulty: 1",
        "role: Test Engineer",
        "company: Quillfeather Labs",
        "currency: USD",
        "market: {low: 60000, mid: 70000, high: 80000}",
        "offer: {}",
        "recruiter: {name: Robin Fixture, title: Recruiter, persona: Brisk and friendly.}",
        "start: t0",
        "turns:",
    ]
    for i in range(turns):
        last = i + 1 == turns
        branch = "end: {outcome: anchored_in_range, say: N.}" if last else f"goto: t{i + 1}"
        following = "end: {outcome: learned_range, say: B.}" if last else f"goto: t{i + 1}"
        branches = f", branches: [{{when: {{accepted: true}}, {branch}}}]" if i % 2 == 0 or last else ""
        lines.append(f"  t{i}: {{say: Q?, coaching: C.{branches}, otherwise: {{{following}}}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def time_validation(folder: Path, turns: int) -> tuple[float, list[str]]:
    """Seconds to validate a `turns`-long chain (examples off), and its errors."""
    from app.practice import Practice  # imported after the batch: a child's peak RSS starts at its parent's size

    scenario = folder / f"chain-{turns}.yaml"
    write_scenario(scenario, turns)
    practice = Practice()
    practice.scorer()  # lexicons and rubrics loaded before the clock starts
    began = time.perf_counter()
    _, diagnostics = practice.validate([scenario], run_examples=False)
    elapsed = time.perf_counter() - began
    scenario.unlink()
    return elapsed, [str(d) for d in diagnostics if ": error:" in str(d)]


def write_batch(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "student", "text", "latency_s"])
        for i in range(rows):
            writer.writerow([f"r{i}", f"Student {i % 300}", ANSWERS[i % len(ANSWERS)], i % 20])


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        batch = Path(folder) / "class.csv"
        write_batch(batch, ROWS)
        command = [sys.executable, "-m", "app", "score", "--batch", str(batch), "--format", "jsonl"]
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        began = time.perf_counter()
        with open(os.devnull, "w") as sink, tempfile.TemporaryFile("w+") as errors_out:
            child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=errors_out)
            # this child's own peak; it runs before the validation so the parent is still small
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
            errors_out.seek(0)
            stderr = errors_out.read()
        batch_s = time.perf_counter() - began
        peak_mb = usage.ru_maxrss / 1024  # KB on Linux
        print(f"scored {ROWS} rows in {batch_s:.1f} s (exit {child.returncode}); peak RSS {peak_mb:.0f} MB")
        if child.returncode:
            print(stderr[-2000:])
        validate_s, errors = time_validation(Path(folder), TURNS)
        print(f"validated a {TURNS}-turn chain in {validate_s:.2f} s: {len(errors)} errors")
        for error in errors[:2]:
            print(f"  {error}")
        if errors:  # refused by the file limits (1 MB, 100,000 values): time the longest chain that fits too
            fits = FITTING_TURNS
            fit_s, fit_errors = time_validation(Path(folder), fits)
            print(f"validated a {fits}-turn chain (within the file limits) in {fit_s:.2f} s: {len(fit_errors)} errors")
    print(f"validate_10k_turns_s={validate_s:.2f} batch_100k_peak_mb={peak_mb:.0f}")


if __name__ == "__main__":
    main()
