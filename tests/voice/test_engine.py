"""The synthesiser writes complete, cached WAVs with the real pyttsx3 + espeak-ng, and picks fitting voices.
Tests marked espeak need espeak-ng installed; the others run anywhere."""

from __future__ import annotations

import array
import hashlib
import statistics
import subprocess
import sys
import threading
import wave
from pathlib import Path

import pytest
from conftest import ROOT

from app.voice.engine import SpeechRequest, SpeechUnavailable, Synthesiser, VoiceInfo, estimated_seconds, pick_voice

LINE = (
    "Thanks for coming in today. We would like to offer you the senior analyst role "
    "at ninety two thousand dollars a year."
)  # 22 words
LONG = " ".join(["We can talk about the signing bonus and the equity once we have settled the base salary."] * 9)
RATE = 175


@pytest.fixture
def synth(tmp_path: Path) -> Synthesiser:
    return Synthesiser(tmp_path / "speech")


def seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / wav.getframerate()


def expected_seconds(text: str, rate: int) -> float:
    return len(text.split()) / rate * 60


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
@pytest.mark.espeak
def test_line_becomes_22050_hz_mono_16_bit_wav_of_plausible_length(synth: Synthesiser) -> None:
    path = synth.synthesise(SpeechRequest(LINE, None, RATE))
    with wave.open(str(path)) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (22050, 1, 2)
    expected = expected_seconds(LINE, RATE)
    assert 0.5 * expected < seconds(path) < 2 * expected


@pytest.mark.slow
@pytest.mark.espeak
def test_same_request_is_served_from_cache_without_rewriting(synth: Synthesiser) -> None:
    request = SpeechRequest(LINE, None, RATE)
    first = synth.synthesise(request)
    written = first.stat().st_mtime_ns
    again = synth.synthesise(request)
    assert again == first == synth.cache_dir / f"{request.cache_key()}.wav"
    assert again.stat().st_mtime_ns == written


@pytest.mark.slow
@pytest.mark.espeak
def test_two_lines_in_a_row_give_two_distinct_valid_files_and_leave_the_first_alone(synth: Synthesiser) -> None:
    first = synth.synthesise(SpeechRequest("That number is lower than I expected.", None, RATE))
    before = digest(first)
    second = synth.synthesise(SpeechRequest("Could you tell me more about the bonus structure?", None, RATE))
    assert first != second and digest(first) == before != digest(second)
    assert seconds(first) > 1 and seconds(second) > 1
    assert sorted(p.name for p in synth.cache_dir.iterdir()) == sorted([first.name, second.name])  # no temp files


@pytest.mark.slow
@pytest.mark.espeak
def test_long_line_is_written_completely(synth: Synthesiser) -> None:
    path = synth.synthesise(SpeechRequest(LONG, None, RATE))
    with wave.open(str(path)) as wav:
        frames = wav.getnframes()
    assert path.stat().st_size == 44 + 2 * frames  # header + every frame the header promises
    expected = expected_seconds(LONG, RATE)
    assert 0.5 * expected < seconds(path) < 2 * expected


@pytest.mark.slow
@pytest.mark.espeak
def test_rate_changes_the_length_of_the_audio(synth: Synthesiser) -> None:
    slow = seconds(synth.synthesise(SpeechRequest(LINE, None, 100)))
    fast = seconds(synth.synthesise(SpeechRequest(LINE, None, 300)))
    assert slow > 2 * fast


def median_pitch(path: Path, frames: int = 8) -> float:
    """Rough F0 in Hz: autocorrelation over the loudest 30 ms frames (espeak's bytes vary run to run)."""
    with wave.open(str(path)) as wav:
        rate = wav.getframerate()
        samples = array.array("h", wav.readframes(wav.getnframes()))
    size = int(0.03 * rate)
    chunks = sorted(
        (samples[i : i + size] for i in range(0, len(samples) - size, size)),
        key=lambda chunk: -sum(abs(x) for x in chunk[::8]),
    )[:frames]
    return statistics.median(rate / best_lag(chunk, rate) for chunk in chunks)


def best_lag(chunk: array.array, rate: int) -> int:
    lags = range(rate // 300, rate // 70)  # 70-300 Hz covers espeak's male and female voices
    return max(lags, key=lambda lag: sum(chunk[i] * chunk[i + lag] for i in range(0, len(chunk) - lag, 2)))


@pytest.mark.slow
@pytest.mark.espeak
def test_female_variant_is_higher_and_default_voice_returns_after_it(tmp_path: Path) -> None:
    """pyttsx3 ignores voice=None and would keep the previous voice; None must mean the engine default."""
    synth = Synthesiser(tmp_path)
    female = median_pitch(synth.synthesise(SpeechRequest(LINE, "gmw/en-us+f3", RATE)))
    default = median_pitch(synth.synthesise(SpeechRequest(LINE, None, RATE)))
    assert female > 180 and default < 150


@pytest.mark.slow
@pytest.mark.espeak
def test_voices_list_espeak_english_voices_and_female_variants(synth: Synthesiser) -> None:
    voices = {voice.id: voice for voice in synth.voices()}
    assert voices["gmw/en-us"].languages == ("en-us",)
    assert voices["gmw/en"].languages == ("en-gb",)
    assert voices["gmw/en-us+f3"].gender == "female"


@pytest.mark.slow
@pytest.mark.espeak
def test_pick_voice_finds_installed_en_gb_and_en_us_voices(synth: Synthesiser) -> None:
    voices = synth.voices()
    by_id = {voice.id: voice for voice in voices}
    assert "en-gb" in by_id[pick_voice(voices, "en-gb", "any")].languages
    assert "en-us" in by_id[pick_voice(voices, "en-US", "male")].languages
    female = by_id[pick_voice(voices, "en-gb", "female")]
    assert female.gender == "female" and "en-gb" in female.languages


def test_pick_voice_prefers_exact_then_base_language_then_any_english_else_none() -> None:
    scots = VoiceInfo("scots", "Scotland", ("en-gb-scotland",), None)
    american = VoiceInfo("us", "America", ("en-us",), None)
    french = VoiceInfo("fr", "French", ("fr-fr",), None)
    assert pick_voice([scots, american, french], "en-us", "any") == "us"
    assert pick_voice([american, scots], "en-gb", "any") == "scots"
    assert pick_voice([french, american], "fr-ca", "any") == "fr"
    assert pick_voice([french, american], "de-de", "any") == "us"
    assert pick_voice([french], "de-de", "any") is None
    assert pick_voice([], "en-us", "any") is None


def test_pick_voice_respects_a_reported_gender_but_language_comes_first() -> None:
    him = VoiceInfo("him", "Him", ("en-us",), "male")
    her = VoiceInfo("her", "Her", ("en-us",), "female")
    british_her = VoiceInfo("british-her", "Her", ("en-gb",), "female")
    assert pick_voice([him, her], "en-us", "female") == "her"
    assert pick_voice([her, him], "en-us", "male") == "him"
    assert pick_voice([him, british_her], "en-us", "female") == "him"


def test_estimated_seconds_scales_with_words_and_has_a_floor() -> None:
    assert estimated_seconds(" ".join(["word"] * 175), 175) == pytest.approx(60)
    assert estimated_seconds(" ".join(["word"] * 20), 200) == pytest.approx(6)
    assert estimated_seconds("Hi.", 175) == 1.5
    assert estimated_seconds("", 175) == 1.5


@pytest.mark.slow  # a subprocess
def test_cache_key_is_stable_across_runs_and_depends_on_text_voice_and_rate() -> None:
    key = SpeechRequest(LINE, "gmw/en-us", 175).cache_key()
    code = f"from app.voice.engine import SpeechRequest; print(SpeechRequest({LINE!r}, 'gmw/en-us', 175).cache_key())"
    other_run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123", "PATH": ""},
    )
    assert other_run.stdout.strip() == key
    variants = {
        SpeechRequest(LINE + "!", "gmw/en-us", 175),
        SpeechRequest(LINE, None, 175),
        SpeechRequest(LINE, "gmw/en-us", 176),
    }
    assert key not in {variant.cache_key() for variant in variants}


def test_engine_that_cannot_start_raises_speech_unavailable_with_install_hint(tmp_path: Path) -> None:
    def no_espeak() -> object:
        raise RuntimeError("This means you probably do not have eSpeak or eSpeak-ng installed!")

    synth = Synthesiser(tmp_path, engine_factory=no_espeak)
    with pytest.raises(SpeechUnavailable, match="libespeak-ng1") as caught:
        synth.synthesise(SpeechRequest(LINE, None, RATE))
    assert isinstance(caught.value.__cause__, RuntimeError)
    with pytest.raises(SpeechUnavailable):
        synth.voices()


@pytest.mark.slow
@pytest.mark.espeak
def test_synthesiser_refuses_a_second_thread(synth: Synthesiser) -> None:
    synth.voices()
    errors: list[BaseException] = []

    def use_elsewhere() -> None:
        try:
            synth.synthesise(SpeechRequest(LINE, None, RATE))
        except RuntimeError as exc:
            errors.append(exc)

    other = threading.Thread(target=use_elsewhere)
    other.start()
    other.join(timeout=10)
    assert errors and "thread" in str(errors[0])


@pytest.mark.slow  # a subprocess
def test_voice_package_never_imports_qt() -> None:
    """The core rule: app.voice is plain Python, so the CLI and tests can use it without Qt."""
    code = "import sys, app.voice; print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
