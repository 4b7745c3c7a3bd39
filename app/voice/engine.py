"""Speaks text into cached WAV files with pyttsx3 (espeak-ng on Linux), working around pyttsx3 2.99's quirks.

Files rather than live audio: the Qt layer plays the WAVs with QMediaPlayer, so a line can be stopped,
replayed and prepared ahead, and nothing waits on pyttsx3's own playback (which shells out to `aplay`).
This module never imports Qt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

EngineFactory = Callable[[], Any]
"""Returns a pyttsx3-like engine (connect, setProperty, getProperty, save_to_file, runAndWait)."""

WAV_HEADER_BYTES = 44
FEMALE_VARIANT = "+f3"
MIN_ESTIMATE_SECONDS = 1.5
_POLL_SECONDS = 0.01
_ESPEAK_DRIVER_MODULE = "pyttsx3.drivers.espeak"
_CACHE_FORMAT = 1  # bump to make every cached WAV stale (e.g. after changing how files are written)

# pyttsx3.init() hands every caller in the process the same engine per driver, and espeak-ng keeps one
# synth callback per process, so synthesis is serialised across all Synthesisers (tests create several).
_ENGINE_LOCK = threading.Lock()


class SpeechUnavailable(Exception):
    """The speech engine cannot start; str(exc) is a message for the user saying what to install."""


def install_hint() -> str:
    """The friendly text behind SpeechUnavailable; the technical cause goes to the log, not the user."""
    if sys.platform.startswith("linux"):
        return (
            "Text-to-speech needs eSpeak NG. On Debian/Ubuntu: sudo apt-get install libespeak-ng1 "
            "(Fedora: sudo dnf install espeak-ng). Until then the recruiter's lines are shown as text only."
        )
    return "Text-to-speech could not start on this computer, so the recruiter's lines are shown as text only."


@dataclass(frozen=True)
class VoiceInfo:
    """An installed voice as plain data, so it can cross threads and be listed in the UI."""

    id: str
    name: str
    languages: tuple[str, ...]
    gender: str | None  # "male", "female", or None when the engine does not say


@dataclass(frozen=True)
class SpeechRequest:
    """One line to speak; everything that changes the audio is in the cache key."""

    text: str
    voice_id: str | None
    rate: int

    def cache_key(self) -> str:
        """JSON keeps the fields unambiguous and sha256 is stable across runs (unlike hash())."""
        payload = json.dumps([_CACHE_FORMAT, self.text, self.voice_id, self.rate], ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def estimated_seconds(text: str, words_per_minute: int) -> float:
    """How long a line takes to hear, so the rehearsal clock can still wait for it when speech is off."""
    words = len(text.split())
    return max(MIN_ESTIMATE_SECONDS, words / max(words_per_minute, 1) * 60)


def pick_voice(voices: Sequence[VoiceInfo], language: str, gender: str = "any") -> str | None:
    """The best voice for a scenario's hints, or None to leave the engine's default.

    Language counts first (exact, then a regional form of it, then the same base language, then any
    English), gender second: it is a preference, so a voice reporting the other gender is chosen only when
    no better-fitting voice speaks the language. Then the plainest language code wins ("en" → en-gb rather
    than en-029), then the earlier voice in the list.
    """
    wanted = _normalise_language(language)
    best = max((_rank(voice, index, wanted, gender) for index, voice in enumerate(voices)), default=None)
    return best[-1] if best is not None and best[0] > 0 else None


def _rank(voice: VoiceInfo, index: int, wanted: str, gender: str) -> tuple[int, int, int, int, str]:
    fit, plainness = _language_fit(voice, wanted)
    return fit, _gender_score(voice, gender), plainness, -index, voice.id


def _normalise_language(code: str) -> str:
    return code.strip().lower().replace("_", "-")


def _language_fit(voice: VoiceInfo, wanted: str) -> tuple[int, int]:
    """(how well, minus code length) for the voice's best-fitting language code."""
    codes = [_normalise_language(lang) for lang in voice.languages]
    return max(((_one_language_score(code, wanted), -len(code)) for code in codes), default=(0, 0))


def _one_language_score(lang: str, wanted: str) -> int:
    """4 exact, 3 a regional form (en-gb → en-gb-x-rp), 2 same base language, 1 any English, 0 no fit."""
    base = lang.split("-")[0]
    if lang == wanted:
        return 4
    if lang.startswith(wanted + "-"):
        return 3
    if base == wanted.split("-")[0]:
        return 2
    return 1 if base == "en" else 0


def _gender_score(voice: VoiceInfo, gender: str) -> int:
    wanted = gender.strip().lower()
    if wanted not in ("male", "female") or voice.gender is None:
        return 1
    return 2 if voice.gender == wanted else 0


class Synthesiser:
    """Turns SpeechRequests into WAV files in cache_dir, named by their cache key.

    Thread rule: the engine is created lazily by the first call to voices() or synthesise(), and every later
    call must come from that same thread (pyttsx3 engines are known to hang when they cross threads or nest
    run loops); a call from another thread raises RuntimeError. The Qt layer keeps its Synthesiser on one
    worker thread for this reason.
    """

    def __init__(self, cache_dir: Path, engine_factory: EngineFactory | None = None) -> None:
        self.cache_dir = Path(cache_dir)
        self._factory = engine_factory or _default_engine
        self._engine: Any = None
        self._owner: int | None = None
        self._failure: SpeechUnavailable | None = None
        self._default_voice: str | None = None
        self._voices: list[VoiceInfo] | None = None

    def voices(self) -> list[VoiceInfo]:
        """Installed voices; with espeak-ng also a female variant of each (see _female_variants)."""
        if self._voices is None:
            engine = self._started()
            found = [_voice_info(voice) for voice in engine.getProperty("voices") or ()]
            self._voices = found + _female_variants(engine, found)
        return list(self._voices)

    def synthesise(self, request: SpeechRequest) -> Path:
        """The WAV for this request: from the cache when a complete one exists, otherwise written now."""
        if not request.text.strip():
            raise ValueError("nothing to say: the text is empty")
        final = self.cache_dir / f"{request.cache_key()}.wav"
        if _is_complete(final):
            return final
        engine = self._started()
        voice = self._voice_for(request.voice_id)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        with _ENGINE_LOCK:
            try:
                _write(engine, voice, request, final)
            except _Interrupted:  # a stop() left pending in the driver cuts off one line, then clears
                log.info("a speech line was cut off; synthesising it once more")
                _write(engine, voice, request, final)
        return final

    def _started(self) -> Any:
        if self._failure is not None:
            raise self._failure
        if self._engine is None:
            self._engine = self._create()
            self._owner = threading.get_ident()
        elif threading.get_ident() != self._owner:
            raise RuntimeError("a Synthesiser must only be used from the thread that first used it")
        return self._engine

    def _create(self) -> Any:
        """Any failure to start (no libespeak-ng, no driver, no pyttsx3) becomes one friendly message."""
        try:
            with _ENGINE_LOCK:
                engine = self._factory()
                self._default_voice = engine.getProperty("voice")
                _leave_initial_busy_state(engine)
        except Exception as exc:  # RuntimeError, OSError, ImportError, KeyError… all mean "no speech here"
            log.warning("text-to-speech unavailable: %r", exc)
            self._failure = SpeechUnavailable(install_hint())
            raise self._failure from exc
        return engine

    def _voice_for(self, voice_id: str | None) -> str | None:
        """Always an explicit voice: pyttsx3 ignores voice=None and would keep the previous line's voice."""
        if voice_id is None:
            return self._default_voice
        known = {voice.id for voice in self.voices()}
        if voice_id in known or voice_id.split("+")[0] in known:
            return voice_id
        log.warning("unknown voice %r, using the default voice", voice_id)
        return self._default_voice


def _default_engine() -> Any:
    import pyttsx3  # imported here so a missing package becomes SpeechUnavailable, not a crash at import

    return pyttsx3.init()


def _leave_initial_busy_state(engine: Any) -> None:
    """A fresh engine reports busy until its first run loop, so property changes would wait and be applied
    inside runAndWait, right before the stop() it queues (see _await_idle). An empty run loop clears that
    (only on a fresh engine: a used one would speak its last text again)."""
    if engine.isBusy():
        _await_idle(engine, time.monotonic() + 10)
        engine.runAndWait()


def _voice_info(voice: Any) -> VoiceInfo:
    languages = tuple(_normalise_language(_as_text(lang)) for lang in getattr(voice, "languages", None) or ())
    gender = getattr(voice, "gender", None)
    return VoiceInfo(
        id=str(voice.id),
        name=str(getattr(voice, "name", None) or voice.id),
        languages=languages,
        gender=str(gender).lower() if gender else None,
    )


def _as_text(value: str | bytes) -> str:
    return value.decode("utf-8", "ignore") if isinstance(value, bytes) else str(value)


def _female_variants(engine: Any, voices: list[VoiceInfo]) -> list[VoiceInfo]:
    """espeak-ng reports every voice as male, but its "+f3" variant reliably gives a female pitch
    (measured median F0 ~215 Hz against ~105 Hz for the plain voice), so each voice gets a female twin."""
    if getattr(engine, "driver_name", None) != "espeak":
        return []
    return [
        VoiceInfo(voice.id + FEMALE_VARIANT, f"{voice.name} (female)", voice.languages, "female")
        for voice in voices
        if "+" not in voice.id and voice.gender != "female"
    ]


def _is_complete(path: Path) -> bool:
    try:
        return path.stat().st_size > WAV_HEADER_BYTES
    except OSError:
        return False


class _Interrupted(RuntimeError):
    """The engine reported the line as not completed."""


def _write(engine: Any, voice: str | None, request: SpeechRequest, final: Path) -> None:
    """pyttsx3 keeps the last save filename and a later say() overwrites it, so each synthesis writes a fresh
    temporary name and the finished file is moved into place: a cached WAV is never rewritten."""
    temp = final.with_name(f".{final.stem}.{uuid.uuid4().hex}.part.wav")
    try:
        _render(engine, voice, request, temp)
        os.replace(temp, final)
    finally:
        temp.unlink(missing_ok=True)


class _Utterance:
    """Collects one utterance's callbacks, which espeak-ng fires from its own thread."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.completed = False
        self.error: BaseException | None = None

    def on_finished(self, name: object = None, completed: bool = True, **_: object) -> None:
        self.completed = bool(completed)
        self.done.set()

    def on_error(self, name: object = None, exception: BaseException | None = None, **_: object) -> None:
        self.error = self.error or exception or RuntimeError("unknown speech engine error")
        self.done.set()


def _render(engine: Any, voice: str | None, request: SpeechRequest, target: Path) -> None:
    """One utterance per runAndWait (queue two and only the last is written). runAndWait may return before
    the WAV exists, so this also waits for the finished-utterance callback and a complete file."""
    utterance = _Utterance()
    deadline = time.monotonic() + _timeout_for(request.text)
    with _connected(engine, utterance), _quiet_driver():
        if voice is not None:
            engine.setProperty("voice", voice)
        engine.setProperty("rate", request.rate)
        _await_idle(engine, deadline)
        engine.save_to_file(request.text, str(target))
        engine.runAndWait()
        _await_file(utterance, target, deadline)


@contextlib.contextmanager
def _connected(engine: Any, utterance: _Utterance) -> Iterator[None]:
    tokens = [engine.connect("finished-utterance", utterance.on_finished), engine.connect("error", utterance.on_error)]
    try:
        yield
    finally:
        for token in tokens:
            engine.disconnect(token)


@contextlib.contextmanager
def _quiet_driver() -> Iterator[None]:
    """pyttsx3's espeak driver prints "Audio saved to …" on every save, from espeak's thread and possibly
    after runAndWait has returned. Shadowing print in that one module silences it; redirecting sys.stdout
    instead would swallow every other thread's output meanwhile (seen: a UI-thread print vanished)."""
    module = sys.modules.get(_ESPEAK_DRIVER_MODULE)
    if module is not None:
        module.print = _discard  # type: ignore[attr-defined]
    try:
        yield
    finally:
        if module is not None:
            vars(module).pop("print", None)


def _discard(*_: object, **__: object) -> None:
    """Stands in for print() inside the espeak driver."""


def _timeout_for(text: str) -> float:
    return 10.0 + len(text) / 50  # 150 words (~900 characters) → ~28 s, far above the ~60 ms it takes


def _await_idle(engine: Any, deadline: float) -> None:
    """espeak-ng applies voice and rate changes on its own thread. runAndWait first queues an endLoop that
    calls stop(), and stop() cancels whatever espeak is still doing: the pending change is dropped and the
    line comes back cut off (completed=False). So wait until espeak has caught up."""
    if getattr(engine, "driver_name", None) != "espeak":
        return
    from pyttsx3.drivers import _espeak

    while _espeak.IsPlaying():
        if time.monotonic() > deadline:
            raise TimeoutError("the speech engine stayed busy")
        time.sleep(_POLL_SECONDS / 10)


def _await_file(utterance: _Utterance, target: Path, deadline: float) -> None:
    timeout = max(0.0, deadline - time.monotonic())
    if not utterance.done.wait(timeout):
        raise TimeoutError(f"the speech engine did not finish the line within {timeout:.0f} s")
    if utterance.error is not None:
        raise RuntimeError(f"the speech engine failed: {utterance.error}")
    if not utterance.completed:
        raise _Interrupted("the speech engine stopped before the end of the line")
    _await_stable_size(target, deadline)


def _await_stable_size(target: Path, deadline: float) -> None:
    """Done means more than a WAV header, and the same size on two looks in a row."""
    last = -1
    while time.monotonic() < deadline:
        size = target.stat().st_size if target.exists() else -1
        if size > WAV_HEADER_BYTES and size == last:
            return
        last = size
        time.sleep(_POLL_SECONDS)
    raise TimeoutError(f"no complete WAV file appeared at {target}")
