"""The authoring studio's refresh while an instructor types: validate the text (example answers run too) and
rebuild the turn graph, after each of 50 one-character edits to a ~300-line scenario.

Prints the timings, then `studio_refresh_ms_p95=<ms>` on the last line (target: at most 50).
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app import paths  # noqa: E402
from app.core.graph import build_graph  # noqa: E402
from app.practice import Practice  # noqa: E402

SOURCE = "salary-expectations.yaml"
TARGET_LINES, EDITS = 300, 50


def long_scenario() -> str:
    """The built-in scenario with some of its turns repeated under new ids (turns are the file's last section, and a
    copy's routes lead back into the original turns) until it is about TARGET_LINES long."""
    text = (paths.builtin_scenarios() / SOURCE).read_text(encoding="utf-8")
    turns = re.split(r"(?m)^(?=  [a-z_]+:\n)", text.split("\nturns:\n", 1)[1])[1:]
    copies = 0
    while len(text.splitlines()) < TARGET_LINES:
        copies += 1
        text += re.sub(r"^  ([a-z_]+):", rf"  \1_copy{copies}:", turns[copies % len(turns)], count=1)
    return text


def main() -> None:
    practice = Practice()
    text = long_scenario()
    loaded, doc = practice.check_scenario_text(text, "long.yaml")
    assert loaded.ok and loaded.scenario is not None, [str(d) for d in loaded.diagnostics][:5]
    turns, lines = len(loaded.scenario.turns), len(text.splitlines())
    # typing in a coaching note: one more character each time, so every edit is new text to check
    spot = text.index("coaching: >-\n") + len("coaching: >-\n      ")
    times = []
    for i in range(EDITS):
        text = text[:spot] + "abcdefghij"[i % 10] + text[spot:]
        start = time.perf_counter()
        loaded, doc = practice.check_scenario_text(text, "long.yaml")
        assert loaded.scenario is not None
        build_graph(loaded.scenario, doc)
        times.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"lines={lines} turns={turns} edits={EDITS}")
    print(f"refresh_ms median={statistics.median(times):.1f} max={max(times):.1f}")
    print(f"studio_refresh_ms_p95={p95:.1f}")


if __name__ == "__main__":
    main()
