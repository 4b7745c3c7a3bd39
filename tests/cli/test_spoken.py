"""Answering out loud from the command line: `counteroffer transcribe`, `score --audio` and
`rehearse --answers-from`. The slow tests speak answers with the real espeak-ng and transcribe them with the real
offline model."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import pytest
from conftest import listening_ready, spoken_wav

from app.cli import main
from app.cli.errors import USAGE
from app.storage.store import Store


@pytest.fixture
def ready() -> None:
    reason = listening_ready()
    if reason:
        pytest.skip(reason)


# ---- without the model --------------------------------------------------------------------------------------


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> str:
    listening = pytest.importorskip("app.listening", reason="app.listening isn't written yet")
    message = "Answering out loud needs the offline speech model, which isn't installed."

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise listening.SpeechModelUnavailable(message)

    monkeypatch.setattr(listening, "transcribe_file", refuse)
    monkeypatch.setattr(listening, "load_recogniser", refuse)
    return message


def test_a_missing_model_is_said_plainly(no_model: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    audio = tmp_path / "answer.wav"
    with wave.open(str(audio), "wb") as out:
        out.setnchannels(1), out.setsampwidth(2), out.setframerate(16000), out.writeframes(b"\0\0" * 1600)
    assert main(["transcribe", str(audio)]) == USAGE
    assert capsys.readouterr().err.strip() == f"counteroffer transcribe: {no_model}"
    assert main(["score", "--audio", str(audio)]) == USAGE
    assert no_model in capsys.readouterr().err


def test_rehearse_checks_the_model_before_starting(
    no_model: str, tmp_path: Path, user_scenarios: Path, user_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "01.wav").write_bytes(b"RIFF")
    assert main(["rehearse", "first-call", "--no-voice", "--answers-from", str(tmp_path)]) == USAGE
    assert no_model in capsys.readouterr().err
    assert Store(user_home / "history.db").attempts() == []  # nothing was started


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["score", "Hi there", "--audio", "x.wav"], "give an answer in quotes, --audio FILE.wav or --batch FILE"),
        (["rehearse", "first-call", "--keep-audio"], "--keep-audio needs --answers-from DIR"),
        (["rehearse", "first-call", "--answers-from", "nowhere"], "nowhere is not a folder"),
    ],
)
def test_mistakes_in_the_options(
    argv: list[str], message: str, user_scenarios: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == USAGE
    assert message in capsys.readouterr().err


def test_a_folder_without_recordings(tmp_path: Path, user_scenarios: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("not audio")
    assert main(["rehearse", "first-call", "--answers-from", str(tmp_path)]) == USAGE
    assert "no .wav files" in capsys.readouterr().err


def test_a_file_that_is_not_audio(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("app.listening", reason="app.listening isn't written yet")
    bad = tmp_path / "answer.wav"
    bad.write_text("hello")
    assert main(["transcribe", str(bad)]) == USAGE
    assert "can't read" in capsys.readouterr().err


# ---- with the real model (slow) -----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.espeak
def test_transcribe_prints_words_with_timings_and_the_delivery(
    ready: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    audio = spoken_wav(tmp_path, "answer.wav", "Thank you for the offer. I was hoping for ninety thousand dollars.")
    assert main(["transcribe", str(audio), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert "offer" in result["text"].lower() and result["words"]
    assert all(w["end"] >= w["start"] >= 0.5 for w in result["words"])  # after the second of silence
    delivery = result["delivery"]
    assert 0.6 < delivery["onset_s"] < 1.6 and delivery["words_per_minute"] > 80
    assert delivery["fillers_are_a_lower_bound"] is True
    assert main(["transcribe", str(audio)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Transcript: ") and "Spoken: started after" in out and "a lower bound" in out


@pytest.mark.slow
@pytest.mark.espeak
def test_score_audio_scores_what_was_said_and_how(
    ready: None, tmp_path: Path, user_scenarios: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    audio = spoken_wav(tmp_path, "answer.wav", "Thanks! Could you share the range you have budgeted for this role?")
    argv = ["score", "--audio", str(audio), "--scenario", "first-call", "--format", "json"]
    assert main(argv) == 0
    result = json.loads(capsys.readouterr().out)
    assert "range" in result["transcript"].lower()
    assert result["delivery"]["onset_s"] is not None
    ids = {c["id"]: c["status"] for c in result["criteria"]}
    assert ids["spoken-fillers"] == "avoided" and ids["thinking-time"] == "avoided"
    assert "no-fillers" not in ids  # the text lexicon steps aside for spoken answers
    assert main(["score", "--audio", str(audio)]) == 0
    assert "Spoken: started after" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.espeak
def test_rehearse_answers_from_a_folder_of_recordings(
    ready: None, tmp_path: Path, user_scenarios: Path, user_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    spoken_wav(answers, "02-second.wav", "Okay, thank you.")
    spoken_wav(answers, "01-first.wav", "I was hoping for fifty thousand dollars.")
    spoken_wav(answers, "03-extra.wav", "This one is never needed.")
    argv = ["rehearse", "first-call", "--no-voice", "--format", "jsonl", "--answers-from", str(answers)]
    assert main([*argv, "--keep-audio"]) == 0
    out, err = capsys.readouterr()
    objects = [json.loads(line) for line in out.splitlines()]
    turns = objects[:-1]
    assert [t["turn"] for t in turns] == ["opening", "low_anchor"]
    assert all("delivery" in t and t["delivery"]["onset_s"] is not None for t in turns)
    assert "03-extra.wav" in err
    store = Store(user_home / "history.db")
    [attempt] = store.attempts()
    stored = store.answers(attempt.id)
    assert [a.spoken is not None for a in stored] == [True, True]
    assert all(a.audio is not None and Path(a.audio).is_file() for a in stored)
    assert Path(stored[0].audio).parent.parent == user_home / "recordings"
