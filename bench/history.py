"""A big practice history: commit latency per answer, and how long the history page takes to open.

A fresh history file in a temporary folder gets 2,000 rehearsals of 5 answers (10,000 answers), each answer
committed by the real `Store.record` as the app does (its own transaction, WAL, synchronous=NORMAL). The
answers are scored once for real; each insert replays one of them with its scores shifted (a student who
slowly improves, with noise), so the stored JSON is real scorer output. Then the history page is created
offscreen, given the store, and timed until its table and chart are filled and painted.
Last line `insert_ms_p99=<x> history_open_ms=<y>` (targets 10 and 500).
"""

from __future__ import annotations

import copy
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ATTEMPTS, ANSWERS_EACH = 2_000, 5
SCENARIO = "salary-expectations"
SAMPLES = [
    "Thanks for asking! Before I name a number, what range have you budgeted for this role?",
    "Um, sorry, maybe like 50k? I'm not sure.",
    "I'm excited about the team. Given my React projects and the market data, I'm looking for 85k.",
    "That works, thank you. Given my React projects, I'd expect the upper half.",
    "Could we look at the whole package? A signing bonus would help close the gap.",
    "Okay.",
]


class Replayed:
    """A scored answer's JSON with shifted scores, standing in for a Score (Store.record reads to_json())."""

    def __init__(self, data: dict):
        self.data = data

    def to_json(self) -> dict:
        return self.data


def real_records() -> list:
    """Score each sample answer once, through a real session (one TurnRecord each)."""
    from app import paths
    from app.core.library import load_library
    from app.core.session import Session
    from app.practice import Practice

    scenario = load_library([paths.builtin_scenarios()]).get(SCENARIO)
    scorer, records = Practice().scorer(), []
    for answer in SAMPLES:
        session = Session(scenario, scorer)
        session.start()
        records.append(session.submit(answer))
    return records, scenario


def shifted(record, skill: float, rng: random.Random):
    data = copy.deepcopy(record.score.to_json())
    for dim in data["dimensions"].values():
        dim["score"] = max(0.0, min(100.0, dim["score"] + skill + rng.gauss(0, 6)))
    data["overall"] = round(statistics.fmean(d["score"] for d in data["dimensions"].values()), 1)
    return replace(
        record,
        score=Replayed(data),
        latency_s=max(0.0, rng.gauss(6 - skill / 5, 2)),
        duration_s=max(1.0, rng.gauss(25, 8)),
        total_s=max(1.0, rng.gauss(40, 10)),
    )


def fill(store, clock: HistoryClock, records: list, scenario) -> list[float]:
    """2,000 rehearsals of 5 answers; returns each answer's commit time in ms."""
    rng = random.Random(7)
    timings = []
    for attempt in range(ATTEMPTS):
        clock.attempt(attempt)
        attempt_id = store.start_attempt(scenario)
        skill = -15 + 30 * attempt / ATTEMPTS  # slowly getting better
        for position in range(ANSWERS_EACH):
            record = replace(shifted(rng.choice(records), skill, rng), index=position)
            start = time.perf_counter()
            store.record(attempt_id, record)
            timings.append((time.perf_counter() - start) * 1000)
        store.finish(attempt_id, rng.choice(["learned_range", "anchored_low", None]), "Talk soon!")
    return timings


class HistoryClock:
    """The store's clock: rehearsals six hours apart ending about now, a second between their writes."""

    def __init__(self) -> None:
        self.start = datetime.now(timezone.utc) - timedelta(hours=6 * ATTEMPTS)
        self.at = self.start

    def attempt(self, number: int) -> None:
        self.at = self.start + timedelta(hours=6 * number)

    def __call__(self) -> str:
        self.at += timedelta(seconds=1)
        return self.at.isoformat(timespec="seconds")


def open_page(store) -> float:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from app.ui.pages.history_page import HistoryPage

    app = QApplication.instance() or QApplication([])  # noqa: F841 (kept alive while the page is open)
    from app.practice import Practice

    practice = Practice()
    dimensions = practice.dimensions()  # the scorer is loaded before the clock starts, as in the window
    start = time.perf_counter()
    page = HistoryPage(practice, dimensions)
    page.resize(1280, 800)
    filled = QEventLoop()  # waits in Qt's own loop: no Python busy-loop over processEvents()
    page.loaded.connect(filled.quit)
    page.show()
    page.set_store(store)
    filled.exec()
    QApplication.sendPostedEvents()  # the charts' pending layout
    page.grab()  # the table and the charts painted once
    elapsed = (time.perf_counter() - start) * 1000
    rows, points = page.proxy.rowCount(), page.charts.series["confidence"].count()
    if rows != ATTEMPTS or points != ATTEMPTS:
        raise SystemExit(f"the page showed {rows} rows and {points} chart points, expected {ATTEMPTS}")
    return elapsed


def main() -> None:
    from app.storage.store import Store

    records, scenario = real_records()
    with tempfile.TemporaryDirectory() as folder:
        clock = HistoryClock()
        store = Store(Path(folder) / "history.db", now=clock)
        timings = sorted(fill(store, clock, records, scenario))
        p50, p99 = timings[len(timings) // 2], timings[int(len(timings) * 0.99)]
        print(f"answers={len(timings)} insert_ms_p50={p50:.2f} insert_ms_p99={p99:.2f} max={timings[-1]:.2f}")
        opened = open_page(store)
        print(f"history_open_ms={opened:.0f} (create the page, query on a worker, fill table and chart, paint)")
        store.close()
    print(f"insert_ms_p99={p99:.2f} history_open_ms={opened:.0f}")
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt objects (PySide can crash while finalising)


if __name__ == "__main__":
    main()
