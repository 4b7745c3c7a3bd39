"""Fillers ("um", "uh"): recognising them among Whisper's words, and recovering the ones Whisper dropped from
voice-activity segments that no word covers."""

from __future__ import annotations

import re

FILLERS = frozenset({"um", "umm", "uh", "uhh", "uhm", "hmm", "hm", "mm", "mmm", "er", "erm", "ah", "eh"})
RECOVERED = "um"  # what a voiced sound with no word in it is written as
_MIN_S, _MAX_S = 0.12, 1.0  # a filler is a short sound on its own
_MARGIN_S = 0.08


def is_filler(text: str) -> bool:
    return re.sub(r"[^a-z]", "", text.lower()) in FILLERS


def uncovered_sounds(speech: list[tuple[float, float]], words: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Short voiced segments that no recognised word belongs to (each word belongs to the segment it overlaps
    most: Whisper often stretches a word over the pause and the "uh" in it): likely fillers Whisper left out."""
    claimed: set[int] = set()
    for w_start, w_end in words:
        overlaps = [min(w_end, end) - max(w_start, start) for start, end in speech]
        if overlaps and max(overlaps) > -_MARGIN_S:
            claimed.add(overlaps.index(max(overlaps)))
    return [
        (start, end)
        for index, (start, end) in enumerate(speech)
        if index not in claimed and _MIN_S <= end - start <= _MAX_S
    ]
