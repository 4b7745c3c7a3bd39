"""Offline speech-to-text on synthesised answers, through the same streaming Listener as the microphone.

Answers are espeak-ng speech (tests/listening/listening_audio.py: several voices and rates, a known leading
silence of 0.3-3 s, thinking pauses, spliced-in "um"/"uh", low noise, 0.5-1.5 s of quiet before the student
stops). Each is fed in 100 ms chunks at real time (or `--speed` times faster), so the worker transcribes while
the answer is still arriving.

- wer: word error rate over all answers; both sides lower-cased, punctuation dropped, number words as digits,
  fillers left out (they are counted separately).
- rtf: seconds spent transcribing / seconds of audio.
- ready_after_stop_ms_p50: last chunk fed -> finish() returned, median.
- onset_error_ms_p95: |Listener.onset_s - true first sound|, 95th percentile.

Last line: `wer=… rtf=… ready_after_stop_ms_p50=… onset_error_ms_p95=…`
(targets: 0.15, 0.30, 800, 150).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "listening"))
from listening_audio import AnswerMaker, word_errors  # noqa: E402

from app.listening import RATE, Listener, load_recogniser  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    return float(np.percentile(np.array(values), share * 100)) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=None, help="only the first N answers")
    parser.add_argument("--speed", type=float, default=1.0, help="feed this many times faster than real time")
    parser.add_argument("--chunk-ms", type=int, default=100)
    parser.add_argument("--verbose", action="store_true", help="print every transcript")
    args = parser.parse_args()

    maker = AnswerMaker(Path(tempfile.gettempdir()) / "counteroffer-bench-speech")
    answers = maker.corpus(args.count)
    started = time.perf_counter()
    recogniser = load_recogniser()
    print(
        f"model loaded in {time.perf_counter() - started:.2f} s; {len(answers)} answers, "
        f"{sum(a.duration_s for a in answers):.0f} s of audio"
    )

    errors = words = 0
    busy = audio = 0.0
    ready_ms: list[float] = []
    onset_ms: list[float] = []
    fillers_said = fillers_found = 0
    step = RATE * args.chunk_ms // 1000
    for index, answer in enumerate(answers):
        pcm = (np.clip(answer.samples, -1, 1) * 32767).astype("<i2").tobytes()
        busy_before = recogniser.busy_s
        listener = Listener(recogniser)
        begin = time.perf_counter()
        for at in range(0, len(answer.samples), step):
            due = begin + at / RATE / args.speed
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            listener.feed(pcm[at * 2 : (at + step) * 2])
        stopped = time.perf_counter()
        transcript = listener.finish()
        ready_ms.append((time.perf_counter() - stopped) * 1000)
        busy += recogniser.busy_s - busy_before
        audio += answer.duration_s
        wrong, count = word_errors(answer.reference, transcript.text)
        errors, words = errors + wrong, words + count
        onset = listener.onset_s
        onset_ms.append(abs(onset - answer.onset_s) * 1000 if onset is not None else 10_000.0)
        found = sum(word.filler for word in transcript.words)
        fillers_said += len(answer.fillers)
        fillers_found += min(found, len(answer.fillers))
        print(
            f"{index:2d} {answer.voice:16s} {answer.rate} {answer.duration_s:5.1f}s wer={wrong / count:.2f} "
            f"ready={ready_ms[-1]:4.0f}ms onset_err={onset_ms[-1]:3.0f}ms fillers={found}/{len(answer.fillers)}"
        )
        if args.verbose:
            print("    ref:", answer.reference)
            print("    hyp:", transcript.text)
    print(f"fillers recovered: {fillers_found}/{fillers_said}")
    print(
        f"wer={errors / words:.3f} rtf={busy / audio:.3f} ready_after_stop_ms_p50={statistics.median(ready_ms):.0f} "
        f"onset_error_ms_p95={percentile(onset_ms, 0.95):.0f}"
    )


if __name__ == "__main__":
    main()
