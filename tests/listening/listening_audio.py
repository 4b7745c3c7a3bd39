"""Makes spoken test answers with the real espeak-ng (through app.voice's Synthesiser), at 16 kHz, with a known
leading silence, pauses, spliced-in "um"/"uh" and low noise; plus a fair word error rate. Used by the tests in
this folder and by bench/transcribe.py."""

from __future__ import annotations

import re
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.voice.engine import SpeechRequest, Synthesiser

RATE = 16000
FILLER_WORDS = frozenset({"um", "uh", "umm", "uhh", "hmm", "mm", "er", "erm", "ah"})
VOICES = ("gmw/en-us", "gmw/en", "gmw/en-us+f3", "gmw/en-gb-x-rp", "gmw/en+f3")
RATES = (150, 165, 180, 195)

# fmt: off
# Each answer is a list of parts: a sentence to say, "um"/"uh" (spoken alone, spliced in with pauses),
# or "|" (a long thinking pause). The reference is the sentences joined.
ANSWERS: tuple[tuple[str, ...], ...] = (
    ("Thank you so much for the offer.",),
    ("I was hoping for something closer to ninety five thousand dollars.",),
    ("Could you tell me more about the bonus structure?", "|", "And how often are salaries reviewed?"),
    ("um", "I think the base salary is a little low for this role."),
    (
        "Thanks for calling me back.",
        "I'm really excited about the team and the work.",
        "|",
        "Before I say yes, I'd like to talk about the numbers.",
    ),
    (
        "Based on my research, similar roles pay between eighty and ninety thousand dollars.",
        "uh",
        "So I would be more comfortable at eighty eight thousand.",
    ),
    ("Is there any flexibility on the start date?", "I need two weeks to finish my current project."),
    (
        "I appreciate the offer, and I want to make this work.",
        "|",
        "Could we look at a signing bonus of five thousand dollars to close the gap?",
    ),
    ("What does the health plan cover?", "uh", "And is there a retirement match?"),
    (
        "I have another offer at ninety two thousand.",
        "I would prefer to join your company, though.",
        "Is there room to move on the salary?",
    ),
    (
        "um",
        "so",
        "I was thinking about the equity part of the package.",
        "|",
        "How many shares vest in the first year?",
    ),
    ("That sounds fair.", "Thank you for working with me on this."),
    ("Could you put the full offer in writing, please?", "I would like to review it with my family this weekend."),
    (
        "I understand the budget is tight.",
        "|",
        "Would a performance review after six months be possible?",
        "If I meet the goals, the salary could go up then.",
    ),
    (
        "My current salary is seventy thousand dollars.",
        "uh",
        "I'm looking for a meaningful step up, around fifteen percent.",
    ),
    (
        "Thank you for your patience.",
        "I have thought about it carefully.",
        "|",
        "I can accept eighty five thousand if we add three extra days of paid leave.",
    ),
    ("How many people are on the team?", "And who would I report to?", "I would like to meet them before I decide."),
    (
        "I really enjoyed meeting everyone last week.",
        "um",
        "The project sounds exciting.",
        "|",
        "I do want to be honest that the salary is below what I expected.",
        "Could we meet somewhere in the middle, maybe at ninety thousand?",
    ),
    ("Is remote work an option two days a week?", "uh", "It would save me two hours of travel each day."),
    (
        "I would like to ask about relocation support.",
        "Moving costs would be around four thousand dollars.",
        "|",
        "Would the company help with that?",
    ),
    (
        "Yes, I'm still very interested.",
        "uh",
        "I just need a little more time to decide.",
        "Could I get back to you by Friday?",
    ),
    (
        "The offer is generous, thank you.",
        "|",
        "I only have one question about the overtime policy.",
        "How are extra hours paid?",
        "|",
        "And is there a limit each month?",
    ),
    (
        "I was hoping for a higher base salary.",
        "um",
        "Something like one hundred thousand dollars would reflect my experience.",
        "I have led three large projects in the last two years.",
    ),
    ("Can we talk about the title?", "I think senior engineer matches the scope of the role better."),
    (
        "I appreciate you sharing the salary range.",
        "The top of that range is where my skills fit best.",
        "|",
        "Would you consider ninety eight thousand?",
    ),
    ("Thank you.", "That works for me.", "|", "When would you like me to start?"),
    (
        "Could you explain how the annual bonus is calculated?",
        "uh",
        "Is it based on my goals or the company results?",
        "|",
        "And what was the average payout last year?",
    ),
    (
        "I'm grateful for the offer and the time you spent with me.",
        "|",
        "After looking at my budget, I need at least seventy eight thousand dollars.",
        "Is that something you can do?",
    ),
    ("um", "I'm not sure yet.", "Can I ask what the next steps are?"),
    (
        "I would love to join the team.",
        "Could we add a training budget of two thousand dollars a year?",
        "That would help me grow in the role.",
        "|",
        "I think it would help the team too.",
    ),
    ("Is the salary negotiable?", "I ask because the role covers more than the job description said."),
    (
        "Thanks again for the call.",
        "uh",
        "I have thought about your offer of eighty thousand dollars.",
        "|",
        "Given the cost of living in the city, I was hoping for eighty six thousand.",
        "I'm confident I can deliver strong results from the first month.",
        "|",
        "Would that be possible?",
    ),
    ("What are the working hours like?", "And is there flexibility for appointments?"),
    ("I accept the offer.", "Thank you very much, I'm looking forward to starting."),
    (
        "Thank you for the detailed offer.",
        "I have read it twice and talked it through with my partner.",
        "|",
        "There is a lot I like here, especially the team and the chance to lead the new product.",
        "um",
        "The part I would like to discuss is the base salary.",
        "You offered eighty two thousand dollars.",
        "|",
        "Two other companies have offered me around ninety thousand for similar work.",
        "I would much rather join you, so could we agree on eighty nine thousand?",
        "|",
        "If that is not possible, a signing bonus and an earlier salary review would also help.",
    ),
    (
        "I have a few questions before I can decide.",
        "First, how is the bonus paid, and when?",
        "|",
        "Second, is there a budget for conferences or courses?",
        "uh",
        "Third, how many days of paid leave do new staff get?",
        "|",
        "I ask because I currently have twenty five days, and I would not want to lose that.",
        "Finally, could you share who else is on the team and how long they have been there?",
        "|",
        "Thank you for taking the time to answer all of this.",
    ),
)


@dataclass(frozen=True)
class Answer:
    """A synthesised spoken answer and what is known about it."""

    samples: np.ndarray  # float32 mono 16 kHz
    reference: str  # the sentences said, no fillers
    lead_s: float  # leading silence placed before the first sound
    onset_s: float  # true first voiced sound (lead plus espeak's own few ms of quiet)
    speech_end_s: float  # end of the last voiced sound
    pauses: tuple[tuple[float, float], ...]  # long thinking pauses inserted (start, end) in seconds
    fillers: tuple[float, ...]  # where each spliced-in "um"/"uh" starts, seconds
    voice: str
    rate: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / RATE


def read_16k(path: Path) -> np.ndarray:
    """A 16-bit mono WAV from espeak, resampled to 16 kHz by linear interpolation."""
    with wave.open(str(path)) as wav:
        rate = wav.getframerate()
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
    count = int(round(len(data) * RATE / rate))
    return np.interp(np.arange(count) * (rate / RATE), np.arange(len(data)), data).astype(np.float32)


def _trim(clip: np.ndarray, threshold: float = 0.003) -> np.ndarray:
    """espeak's clips without their own leading and trailing quiet, so the silences placed are the truth."""
    loud = np.nonzero(np.abs(clip) > threshold)[0]
    return clip[loud[0] : loud[-1] + 1] if len(loud) else clip[:0]


class AnswerMaker:
    """Synthesises answers; clips are cached by the Synthesiser on disk and here in memory."""

    def __init__(self, cache_dir: Path) -> None:
        self.synth = Synthesiser(cache_dir)
        self._clips: dict[tuple[str, str, int], np.ndarray] = {}

    def clip(self, text: str, voice: str, rate: int) -> np.ndarray:
        key = (text, voice, rate)
        if key not in self._clips:
            self._clips[key] = _trim(read_16k(self.synth.synthesise(SpeechRequest(text, voice, rate))))
        return self._clips[key]

    def make(
        self,
        parts: tuple[str, ...],
        *,
        voice: str,
        rate: int,
        lead_s: float,
        seed: int,
        tail_s: float = 0.8,
        noise: float = 0.002,
    ) -> Answer:
        """Parts joined with short natural gaps; "|" is a long pause, "um"/"uh" are spliced in with pauses."""
        rng = np.random.default_rng(seed)
        pieces: list[np.ndarray] = [np.zeros(int(lead_s * RATE), np.float32)]
        at = len(pieces[0])
        pauses: list[tuple[float, float]] = []
        fillers: list[float] = []
        said: list[str] = []
        first = True
        after_filler = False
        for part in parts:
            if part == "|":
                gap = int(rng.uniform(0.9, 1.6) * RATE)
                pauses.append((at / RATE, (at + gap) / RATE))
                pieces.append(np.zeros(gap, np.float32))
                at += gap
                after_filler = False
                continue
            if not first:
                low, high = (0.35, 0.55) if part in ("um", "uh") or after_filler else (0.12, 0.3)
                gap = int(rng.uniform(low, high) * RATE)
                pieces.append(np.zeros(gap, np.float32))
                at += gap
            clip = self.clip(part, voice, rate)
            if part in ("um", "uh"):
                fillers.append(at / RATE)
            else:
                said.append(part)
            pieces.append(clip)
            at += len(clip)
            first = False
            after_filler = part in ("um", "uh")
        speech_end = at / RATE
        pieces.append(np.zeros(int(tail_s * RATE), np.float32))
        samples = np.concatenate(pieces)
        samples = samples + rng.normal(0.0, noise, len(samples)).astype(np.float32)
        return Answer(
            samples=np.clip(samples, -1.0, 1.0).astype(np.float32),
            reference=" ".join(said),
            lead_s=lead_s,
            onset_s=lead_s,
            speech_end_s=speech_end,
            pauses=tuple(pauses),
            fillers=tuple(fillers),
            voice=voice,
            rate=rate,
        )

    def corpus(self, count: int | None = None) -> list[Answer]:
        """The answers above with varied voices, rates, leading silences (0.3-3 s) and trailing silences."""
        rng = np.random.default_rng(7)
        made = []
        for index, parts in enumerate(ANSWERS[:count]):
            made.append(
                self.make(
                    parts,
                    voice=VOICES[index % len(VOICES)],
                    rate=RATES[(index * 3) % len(RATES)],
                    lead_s=round(float(rng.uniform(0.3, 3.0)), 2),
                    tail_s=round(float(rng.uniform(0.5, 1.5)), 2),
                    seed=index,
                )
            )
        return made


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE, channels: int = 1) -> Path:
    """16-bit PCM WAV; with channels=2 the same signal goes to both (slightly quieter on the right)."""
    data = np.clip(samples, -1.0, 1.0)
    if channels == 2:
        data = np.stack([data, data * 0.8], axis=1).reshape(-1)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes((data * 32767).astype("<i2").tobytes())
    return path


# ---- fair word error rate -------------------------------------------------------------------------------

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_SAME = {"ok": "okay", "percent": "percent", "%": "percent"}


def _words_to_digits(words: list[str]) -> list[str]:
    """Runs of number words become one number ("ninety five thousand" -> "95000")."""
    out: list[str] = []
    total = current = 0
    in_number = False

    def flush() -> None:
        nonlocal total, current, in_number
        if in_number:
            out.append(str(total + current))
        total = current = 0
        in_number = False

    for index, word in enumerate(words):
        if word in _UNITS or word in _TENS:
            current += _UNITS.get(word, 0) + _TENS.get(word, 0)
            in_number = True
        elif word in _SCALES and in_number:
            scale = _SCALES[word]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        elif word == "and" and in_number and index + 1 < len(words) and words[index + 1] in {**_UNITS, **_TENS}:
            continue
        elif word.isdigit() and not in_number:
            out.append(word)
        else:
            flush()
            out.append(word)
    flush()
    return out


def normalise(text: str) -> list[str]:
    """Lower case, no punctuation, numbers as digits, "$5,000" as "5000 dollars", fillers removed."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"(\d),(\d{3})", r"\1\2", text)
    text = re.sub(r"(\d),(\d{3})", r"\1\2", text)
    text = re.sub(r"\$(\d+(?:\.\d+)?)(k\b)?", lambda m: m.group(1) + ("000" if m.group(2) else "") + " dollars", text)
    text = re.sub(r"£(\d+)", r"\1 pounds", text)
    text = re.sub(r"(\d)\s*%", r"\1 percent", text)
    text = re.sub(r"\b(\d+)k\b", r"\g<1>000", text)
    text = text.replace("'", "")
    words = [_SAME.get(w, w) for w in re.findall(r"[a-z0-9]+", text.replace("-", " "))]
    return [w for w in _words_to_digits(words) if w not in FILLER_WORDS]


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(errors, reference words) after normalising both sides the same way."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    return edit_distance(ref, hyp), len(ref)
