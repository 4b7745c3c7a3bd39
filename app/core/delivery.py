"""How a spoken answer was delivered: when the student started, how long and how fast they spoke, the fillers
("um", "you know") and the long pauses. Plain data computed from a transcript's word timings and its
voice-activity segments; it never touches audio or Qt (that is `app/listening` and `app/ui`).

Times are seconds from the start of the recording; the recording starts when the recruiter's line ends
(`line_end_s` says otherwise when the recording began earlier). Character spans are over `Transcript.text`, or
over the student's edited text when they corrected the transcript before it was scored.

Filler counts are a lower bound: speech-to-text often leaves out "um" and "uh" (the recogniser recovers some
from short voiced sounds no word covers, not all of them).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

PAUSE_S = 1.5  # a silence between two words at least this long is kept as a pause
LONG_PAUSE_S = 3.0  # one this long mid-answer can sound unsure (shorter ones sound thoughtful): counted and scored


@dataclass(frozen=True)
class Word:
    """One transcribed word with where it sits in the audio and in the transcript text."""

    text: str
    start: float
    end: float
    char_start: int = 0  # span of this word in Transcript.text
    char_end: int = 0
    probability: float = 1.0
    filler: bool = False  # a recovered disfluency ("um", "uh"): counted in delivery, kept out of scoring


@dataclass(frozen=True)
class Transcript:
    """What the recogniser heard. `text` is what the student sees (and may edit before it is scored)."""

    text: str
    words: tuple[Word, ...]
    speech: tuple[tuple[float, float], ...] = ()  # voice-activity segments (start, end) in seconds
    duration_s: float = 0.0  # length of the recording


@dataclass(frozen=True)
class Filler:
    text: str
    start: float  # seconds
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Pause:
    start: float  # seconds: the end of the word before
    length: float
    char_at: int  # where in the transcript text the pause falls (start of the word after it)


@dataclass(frozen=True)
class Delivery:
    """The figures the delivery panel, the rubric and the history show for one spoken answer."""

    onset_s: float | None  # end of the recruiter's line -> first voiced sound (None: nothing was said)
    speaking_s: float  # first voiced sound -> last
    words_per_minute: float | None
    fillers: tuple[Filler, ...] = ()
    pauses: tuple[Pause, ...] = ()
    edited: bool = False  # the student changed the transcript before it was scored
    heard: str = ""  # the transcript as recognised, kept when the student edited it
    extra: dict[str, float] = field(default_factory=dict)
    words: int = 0  # words spoken, fillers left out (what words_per_minute counts)

    @property
    def fillers_per_minute(self) -> float | None:
        return None if self.speaking_s <= 0 else len(self.fillers) * 60.0 / self.speaking_s

    def long_pauses(self, at_least_s: float = LONG_PAUSE_S) -> tuple[Pause, ...]:
        """The pauses long enough to count against the answer (LONG_PAUSE_S unless told otherwise)."""
        return tuple(p for p in self.pauses if p.length >= at_least_s)

    def to_json(self) -> dict[str, Any]:
        return {
            "onset_s": _round(self.onset_s),
            "speaking_s": round(self.speaking_s, 2),
            "words_per_minute": _round(self.words_per_minute, 1),
            "words": self.words,
            "fillers": [
                {"text": f.text, "start": round(f.start, 2), "char_start": f.char_start, "char_end": f.char_end}
                for f in self.fillers
            ],
            "pauses": [
                {"start": round(p.start, 2), "length": round(p.length, 2), "char_at": p.char_at} for p in self.pauses
            ],
            "edited": self.edited,
            "heard": self.heard,
            **({"extra": dict(self.extra)} if self.extra else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Delivery:
        """A delivery exactly as `to_json` wrote it; unknown keys are ignored, missing ones take defaults."""
        return cls(
            onset_s=_number(data.get("onset_s")),
            speaking_s=float(data.get("speaking_s") or 0.0),
            words_per_minute=_number(data.get("words_per_minute")),
            fillers=tuple(
                Filler(str(f["text"]), float(f.get("start", 0.0)), int(f["char_start"]), int(f["char_end"]))
                for f in data.get("fillers") or ()
            ),
            pauses=tuple(
                Pause(float(p["start"]), float(p["length"]), int(p.get("char_at", 0))) for p in data.get("pauses") or ()
            ),
            edited=bool(data.get("edited", False)),
            heard=str(data.get("heard") or ""),
            extra={str(k): float(v) for k, v in (data.get("extra") or {}).items()},
            words=int(data.get("words") or 0),
        )


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


# ---- measuring ---------------------------------------------------------------------------------------------


def measure(transcript: Transcript, line_end_s: float = 0.0, edited_text: str | None = None) -> Delivery:
    """The delivery figures of one recorded answer. `line_end_s`: when, in the recording, the recruiter's line
    ended (0 when recording started as it ended). `edited_text`: what the student sent after correcting the
    transcript; fillers and pauses are then placed in that text (a filler they deleted is dropped)."""
    words = sorted(transcript.words, key=lambda w: w.start)
    voiced = [(s, e) for s, e in transcript.speech if e > s]
    # The voice-activity segments time the first and last sound to a few tens of ms; a recogniser's word times
    # can be a quarter of a second out, so they are used only when there are no segments.
    first: float | None = None
    last: float | None = None
    if voiced:
        first, last = min(s for s, _ in voiced), max(e for _, e in voiced)
    elif words:
        first, last = words[0].start, words[-1].end
    onset = None if first is None else max(0.0, first - line_end_s)
    speaking = 0.0 if first is None or last is None else max(0.0, last - first)

    heard_text = transcript.text
    heard_fillers = find_fillers(heard_text, words)
    in_filler = [(f.char_start, f.char_end) for f in heard_fillers]
    counted = [w for w in words if not w.filler and not _inside(w, in_filler)]
    wpm = len(counted) * 60.0 / speaking if counted and speaking > 0 else None
    pauses = _pauses(words, voiced)

    edited = edited_text is not None and edited_text != heard_text
    if edited and edited_text is not None:
        moved = Relocation(heard_text, edited_text)
        kept = []
        for filler in heard_fillers:
            span = moved.span(filler.char_start, filler.char_end)
            if span is not None:
                kept.append(Filler(edited_text[span[0] : span[1]], filler.start, span[0], span[1]))
        heard_fillers = kept
        pauses = [Pause(p.start, p.length, moved.point(p.char_at)) for p in pauses]
    return Delivery(
        onset_s=onset,
        speaking_s=speaking,
        words_per_minute=wpm,
        fillers=tuple(heard_fillers),
        pauses=tuple(pauses),
        edited=edited,
        heard=heard_text if edited else "",
        words=len(counted),
    )


def _inside(word: Word, spans: list[tuple[int, int]]) -> bool:
    if word.char_end <= word.char_start:
        return False
    return any(start < word.char_end and word.char_start < end for start, end in spans)


def _pauses(words: list[Word], voiced: list[tuple[float, float]]) -> list[Pause]:
    """Silences of PAUSE_S or more between consecutive words. Where voice activity is known, the voiced part of
    a gap (speech the recogniser wrote no word for) doesn't count as silence."""
    pauses = []
    for before, after in zip(words, words[1:], strict=False):
        gap = after.start - before.end
        if gap < PAUSE_S:
            continue
        talking = sum(max(0.0, min(e, after.start) - max(s, before.end)) for s, e in voiced)
        if gap - talking >= PAUSE_S:
            pauses.append(Pause(before.end, gap - talking, after.char_start))
    return pauses


# ---- fillers in the text -----------------------------------------------------------------------------------

FILLER_WORDS = frozenset(
    "um umm uhm uh uhh er erm ah eh hmm hm mm mmm basically actually".split()
)  # counted wherever they stand
_NORMALISE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})  # same lengths
_TOKEN = re.compile(r"[$£€]?\d+(?:[.,]\d+)*%?[a-z]*|[a-z]+(?:'[a-z]+)*|[^\sa-z0-9]")
_PUNCT = frozenset(",.;:!?-…")
_CLAUSE_END = frozenset(".;:!?…")
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million grand".split()
)
# "like" after these is a verb or a comparison: "I like", "we'd like", "looks like", "something like".
_LIKE_IS_MEANT_AFTER = frozenset(
    "i i'd we we'd you you'd they they'd he he'd she she'd would should could 'd really don't didn't doesn't do does "
    "did will won't might may to also i'll we'll you'll they'll also much more less look looks looked sound sounds "
    "sounded seem seems seemed feel feels felt something anything nothing things stuff people someone anyone "
    "everyone exactly most just kind sort not would've lot".split()
)
# "like" before these is a filler: ", like, um", "like 95", "like maybe", "like really".
_LIKE_FILLS_BEFORE = frozenset(
    "um umm uh uhh er erm ah hmm maybe probably about around roughly really totally super so literally basically "
    "actually honestly".split()
)
_REPORTING = frozenset("said say mentioned discussed agreed talked told was were".split())  # "like I said"
_PRONOUNS = frozenset("i you we they he she".split())
# "you know" followed by these is a real question or a statement: "you know what I mean", "you know the team".
_KNOW_OBJECTS = frozenset(
    "when what how if whether that the a an about where who why which your my our their his her it this these "
    "those more best exactly me him them us so some any anyone anything someone something everyone everything".split()
)
_KNOW_SUBJECTS = frozenset("do did don't didn't if as you'd you'll would could will what than".split())
# "I mean" followed by these is meant literally: "I mean it", "I mean to", "I mean that".
_MEAN_OBJECTS = frozenset("it that this to the what by every business well no exactly".split())
_CLAUSE_LINKS = frozenset("and but so because or well".split())


@dataclass(frozen=True)
class _Tok:
    text: str  # lower case
    start: int
    end: int

    @property
    def punct(self) -> bool:
        return self.text in _PUNCT

    @property
    def number(self) -> bool:
        return self.text[:1].isdigit() or self.text[:1] in "$£€" or self.text in _NUMBER_WORDS


def _tokens(text: str) -> list[_Tok]:
    lowered = text.translate(_NORMALISE).lower()
    if len(lowered) != len(text):  # a character whose lower case is longer (rare): keep offsets exact
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text.translate(_NORMALISE))
    return [_Tok(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(lowered)]


def _text_at(tokens: Sequence[_Tok], i: int) -> str:
    return tokens[i].text if 0 <= i < len(tokens) else ""


def _clause_start(tokens: Sequence[_Tok], i: int) -> bool:
    """Nothing before token i, or it follows punctuation or a linking word ("and", "but", "so")."""
    before = _text_at(tokens, i - 1)
    return before == "" or before in _PUNCT or before in _CLAUSE_LINKS


def _is_filler_like(tokens: Sequence[_Tok], i: int) -> bool:
    """ "like" as a filler, not the verb ("I like the team", "we would like"), a comparison ("looks like",
    "like this") or "as" ("like I said"). Only clear signs count, so this errs towards not counting."""
    before, after = _text_at(tokens, i - 1), _text_at(tokens, i + 1)
    if before in _LIKE_IS_MEANT_AFTER or before.endswith("'d"):
        return False
    if after in _PRONOUNS and _text_at(tokens, i + 2) in _REPORTING:
        return False  # "like I said", "like we discussed"
    if after in (",", "…") or (before in (",", "-") and after in (",", "-", "")):
        return True  # "Like, I think", "it was, like, good"
    if 0 <= i + 1 < len(tokens) and tokens[i + 1].number:
        return True  # "like 95k", "like ninety"
    if after == "a" and 0 <= i + 2 < len(tokens) and tokens[i + 2].number:
        return True  # "like a hundred"
    if after in _LIKE_FILLS_BEFORE:
        return True  # "like, um", "like maybe", "like really"
    if after == "you" and _text_at(tokens, i + 2) == "know":
        return True
    if after == "i" and _text_at(tokens, i + 2) == "mean":
        return True
    return before in FILLER_WORDS  # "um like"


def _is_filler_you_know(tokens: Sequence[_Tok], i: int) -> bool:
    """ "you know" (tokens i, i+1) as a filler: "You know, I think…", "I was, you know, hoping", "…, you know."
    Not a question ("do you know", "if you know") or a statement ("you know the team", "you know what")."""
    before, after = _text_at(tokens, i - 1), _text_at(tokens, i + 2)
    if before in _KNOW_SUBJECTS or after in _KNOW_OBJECTS or after == "?":
        return False
    if after in _PUNCT or after == "":
        return True  # "you know," or "…, you know."
    if after in FILLER_WORDS or after == "like":
        return True  # "you know, um" written without the comma
    return before in (",", "-") or before in FILLER_WORDS  # "I was, you know what I mean" is excluded above


def _is_filler_i_mean(tokens: Sequence[_Tok], i: int) -> bool:
    """ "I mean" (tokens i, i+1) as a filler at the start of a clause: "I mean, it's fair", "…and I mean I've
    done this"; not "what I mean is", "I mean it", "I mean to ask"."""
    after = _text_at(tokens, i + 2)
    return after not in _MEAN_OBJECTS and after != "?" and _clause_start(tokens, i)


def find_fillers(text: str, words: Sequence[Word] = ()) -> list[Filler]:
    """The fillers in `text` ("um", "uh", "er", "ah", "erm", "hmm", "basically", "actually", "you know" and
    "I mean" used as fillers, "like" only as a filler), each with its span and, where the words' spans say which
    word it is, when it was said. Words marked as fillers by the recogniser count even where the text doesn't
    show them as such. In text order."""
    tokens = _tokens(text)
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i].text
        pair = _text_at(tokens, i + 1)
        one_word = token in FILLER_WORDS or (token == "like" and _is_filler_like(tokens, i))
        two_words = (token == "you" and pair == "know" and _is_filler_you_know(tokens, i)) or (
            token == "i" and pair == "mean" and _is_filler_i_mean(tokens, i)
        )
        if one_word or two_words:
            last = i + 1 if two_words else i
            found.append((tokens[i].start, tokens[last].end))
            i = last
        i += 1
    for word in words:  # a recovered "um" the rules above didn't see (its text spelled some other way)
        if word.filler and word.char_end > word.char_start:
            start, end = _letters(text, word.char_start, word.char_end)
            if end > start and not any(s < end and start < e for s, e in found):
                found.append((start, end))
    spans = sorted(found)
    timed = [w for w in words if w.char_end > w.char_start]
    return [Filler(text[s:e], _when(s, e, timed), s, e) for s, e in spans]


def _letters(text: str, start: int, end: int) -> tuple[int, int]:
    """A word's span without the punctuation attached to it ("Um," -> "Um")."""
    start, end = max(0, start), min(len(text), end)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _when(start: int, end: int, words: Sequence[Word]) -> float:
    for word in words:
        if word.char_start < end and start < word.char_end:
            return word.start
    return 0.0


# ---- following an edit -------------------------------------------------------------------------------------


class Relocation:
    """Where spans of the heard text ended up in the edited text: the same words, matched word by word (case
    aside), so a filler the student kept moves with its words and one they changed or removed is gone."""

    def __init__(self, heard: str, edited: str):
        self.old, self.new = _tokens(heard), _tokens(edited)
        self.length = len(edited)
        self.mapping: dict[int, int] = {}
        matcher = difflib.SequenceMatcher(a=[t.text for t in self.old], b=[t.text for t in self.new], autojunk=False)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                self.mapping[block.a + k] = block.b + k

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The span's words in the edited text; None when any of them was changed or removed."""
        inside = [k for k, t in enumerate(self.old) if t.start < end and start < t.end and not t.punct]
        if not inside or any(k not in self.mapping for k in inside):
            return None
        targets = [self.mapping[k] for k in inside]
        if targets != list(range(targets[0], targets[0] + len(targets))):
            return None
        return self.new[targets[0]].start, self.new[targets[-1]].end

    def point(self, at: int) -> int:
        """A position in the heard text (the start of a word) in the edited text: that word's new place, or the
        place of the nearest kept word after it, or the end of the edited text."""
        for k, token in enumerate(self.old):
            if token.end > at and k in self.mapping:
                return self.new[self.mapping[k]].start
        return self.length
