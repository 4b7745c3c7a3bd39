"""Loading and validating 500 scenario files vs parsing them with PyYAML's C loader alone.

Prints the timings, then `load_ratio=<validate time / raw parse time>` (target: at most 2.0).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app.core.library import load_library, rule_context  # noqa: E402
from app.practice import Practice

FILES, TURNS, ROUNDS = 500, 10, 5


def scenario_text(n: int) -> str:
    """A realistic scenario: ten turns with branches, coaching, directions and examples."""
    turns = []
    for t in range(TURNS):
        nxt = f"turn_{t + 1}" if t + 1 < TURNS else None
        route = f"goto: {nxt}" if nxt else 'end: {outcome: signed_at_target, say: "Wonderful, welcome aboard!"}'
        turns.append(f"""  turn_{t}:
    say: >-
      Thanks for sticking with me, {{student.name}}. At {{company}} we usually start people
      around {{offer.base}}, and the market for this role runs from {{market.low}} to {{market.high}}.
      What do you think about that for turn {t}?
    direction: Lean back, sound relaxed, and pause for a moment after the number.
    coaching: >-
      Thank them, show enthusiasm for the team, and tie any number you name to the
      skills you bring and the market research you did.
    answer_time: {{min: 10, max: 75}}
    branches:
      - when: {{named_number: true, number: {{below: market.low}}}}
        end: {{outcome: anchored_low, say: "That works for us, I'll send the paperwork."}}
      - when: {{asked_for_time: true}}
        {route}
      - when: {{phrases: ["close the gap", "signing bonus"], score: {{respect: {{above: 60}}}}}}
        {route}
    otherwise:
      {route}
    examples:
      - answer: Thank you! I'm excited about the team. Could we talk about closing the gap to 92k?
        expect: {{{"goto: " + nxt if nxt else "end: signed_at_target"}}}
""")
    return f"""# yaml-language-server: $schema=../resources/schema/scenario.schema.json
format: 1
id: generated-{n:04d}
title: Generated scenario number {n}
summary: A longer conversation about an offer from a mid-sized company.
difficulty: {n % 3 + 1}
tags: [offer, salary, generated]
learning_goals:
  - Keep the conversation warm while asking for more
  - Tie every number to a reason
role: Junior Backend Developer
company: Company {n}
currency: USD
market: {{low: 70000, mid: 82000, high: 95000}}
offer:
  base: 76000
  bonus: 3000
  pto_days: 18
  benefits: [health, dental, vision, 401k match]
  start_date: 2027-02-01
recruiter:
  name: Recruiter {n}
  title: Talent Partner
  persona: Friendly and direct, with a full calendar.
  voice: {{language: en-us, gender: any, rate: 175}}
rubric: default
start: turn_0
turns:
{"".join(turns)}"""


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def raw_parse(files: list[Path]) -> None:
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for n in range(FILES):
            path = Path(folder) / f"scenario-{n:04d}.yaml"
            path.write_text(scenario_text(n), encoding="utf-8")
            files.append(path)
        context = rule_context(Practice().scorer())
        library = load_library([folder], context)
        assert len(library.scenarios) == FILES, [str(d) for d in library.diagnostics][:5]
        size = sum(p.stat().st_size for p in files)
        raw, full = [], []
        for _ in range(ROUNDS):  # interleaved, best of five, so both see the same machine state
            raw.append(timed(lambda: raw_parse(files)))
            full.append(timed(lambda: load_library([folder], context)))
    print(f"files={FILES} turns_each={TURNS} total_kb={size / 1024:.0f}")
    print(f"raw_parse_s   best={min(raw):.3f} median={statistics.median(raw):.3f}  (yaml.CSafeLoader)")
    print(f"load_validate_s best={min(full):.3f} median={statistics.median(full):.3f}  (load_library)")
    print(f"load_ratio={min(full) / min(raw):.2f}")


if __name__ == "__main__":
    main()
