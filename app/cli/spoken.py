"""Answers given out loud, from WAV files: `counteroffer transcribe`, and what `score --audio` and
`rehearse --answers-from` share. The speech model (app.listening) loads only when one of these runs."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.delivery import Delivery, Transcript, measure
from ..reports.text import printable
from ..reports.wording import delivery_words
from .errors import CliError


@dataclass(frozen=True)
class Heard:
    """One WAV file as the recogniser heard it, and how the answer in it was delivered."""

    path: Path
    transcript: Transcript
    delivery: Delivery
    samples: Any  # float32 mono 16 kHz (numpy), for keeping the recording


def hear(path: Path) -> Heard:
    """Transcribe and measure one WAV file; a missing speech model or a file that isn't usable audio stops the
    command with a plain message."""
    try:
        from ..listening import SpeechModelUnavailable, read_wav, transcribe_file
    except ImportError as error:  # numpy or the recogniser's packages aren't installed
        raise CliError(f"answering out loud isn't available on this computer ({error.name or error})") from None
    if not path.is_file():
        raise CliError(f"no audio file {path}")
    try:
        samples = read_wav(path)
        transcript = transcribe_file(path)
    except SpeechModelUnavailable as error:
        raise CliError(str(error)) from None
    except (ValueError, OSError, EOFError) as error:
        raise CliError(f"can't read {path} as a WAV recording: {error}") from None
    return Heard(path, transcript, measure(transcript), samples)


def delivery_json(delivery: Delivery) -> dict[str, Any]:
    """The delivery as stored, with fillers a minute and a reminder that the filler count is a lower bound."""
    per_minute = delivery.fillers_per_minute
    return {
        **delivery.to_json(),
        "fillers_per_minute": None if per_minute is None else round(per_minute, 1),
        "fillers_are_a_lower_bound": True,
    }


def transcript_json(transcript: Transcript) -> dict[str, Any]:
    return {
        "text": transcript.text,
        "duration_s": round(transcript.duration_s, 2),
        "words": [
            {
                "text": w.text,
                "start": round(w.start, 3),
                "end": round(w.end, 3),
                "char_start": w.char_start,
                "char_end": w.char_end,
                "probability": round(w.probability, 3),
                "filler": w.filler,
            }
            for w in transcript.words
        ],
        "speech": [[round(start, 3), round(end, 3)] for start, end in transcript.speech],
    }


def transcript_text(heard: Heard) -> str:
    """The transcript, each word with its timing, and the delivery figures, for people."""
    transcript, delivery = heard.transcript, heard.delivery
    lines = [f"Transcript: {printable(transcript.text) or '(nothing was heard)'}", ""]
    if transcript.words:
        lines.append("Words (seconds into the recording):")
        for word in transcript.words:
            note = "  filler" if word.filler else ""
            lines.append(f"  {word.start:6.2f}–{word.end:6.2f}  {printable(word.text)}{note}")
        lines.append("")
    lines.append(printable(delivery_words(delivery)))
    lines.append(f"Speaking time: {delivery.speaking_s:.1f} s of a {transcript.duration_s:.1f} s recording")
    for pause in delivery.pauses:
        after = transcript.text[pause.char_at :].split(maxsplit=1)
        lines.append(
            f"Pause: {pause.length:.1f} s at {pause.start:.1f} s" + (f", before “{after[0]}”" if after else "")
        )
    return "\n".join(lines)


def run_transcribe(args: argparse.Namespace) -> int:
    heard = hear(Path(args.file))
    if args.format == "json":
        result = {**transcript_json(heard.transcript), "delivery": delivery_json(heard.delivery)}
        print(json.dumps(result, indent=2, ensure_ascii=False, allow_nan=False))
    else:
        print(transcript_text(heard))
    return 0


def answer_files(folder: Path) -> list[Path]:
    """The WAV files of `rehearse --answers-from`: sorted by name, one per moment (01-opening.wav, 02-…)."""
    if not folder.is_dir():
        raise CliError(f"{folder} is not a folder (--answers-from takes a folder of WAV files)")
    files = sorted((p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".wav"), key=lambda p: p.name)
    if not files:
        raise CliError(f"no .wav files in {folder} (name them so they sort in order: 01.wav, 02.wav, …)")
    return files
