"""Splitting an answer into tokens and sentences, keeping character offsets for evidence."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

# Curly quotes and apostrophes become straight ones; every replacement keeps the length,
# so offsets into the normalised text are offsets into what the student typed.
_SAME_LENGTH = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*|[^\sa-z0-9]")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n+")
_QUOTED = re.compile(r'"[^"\n]{1,200}"')
NEGATORS = frozenset({"not", "no", "never", "without", "cannot", "nor"})


def is_negator(token: str) -> bool:
    return token in NEGATORS or token.endswith("n't")


@dataclass(frozen=True)
class Evidence:
    """The words (offsets into what the student typed) that made a detector fire."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Token:
    text: str  # lower-case
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    first: int  # index of its first token
    last: int  # index one past its last token

    def is_question(self, tokens: list[Token]) -> bool:
        return self.last > self.first and tokens[self.last - 1].text == "?"


class Answer:
    """An answer prepared once for every detector: lower-case tokens, sentences and quoted spans."""

    def __init__(self, text: str):
        self.text = text
        self.normal = text.translate(_SAME_LENGTH)
        self.lower = self.normal.lower() if len(self.normal.lower()) == len(self.normal) else self.normal
        self.tokens = [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(self.lower)]
        self.words = [t.text for t in self.tokens]

    @cached_property
    def sentences(self) -> list[Sentence]:
        result, start, first = [], 0, 0
        ends = [m.end() for m in _SENTENCE_END.finditer(self.normal)] + [len(self.normal)]
        for end in ends:
            last = first
            while last < len(self.tokens) and self.tokens[last].start < end:
                last += 1
            if last > first:
                result.append(Sentence(start, end, first, last))
            start, first = end, last
        return result

    def sentence_of(self, token_index: int) -> Sentence:
        sentences = self.sentences
        k = bisect.bisect_right(self._sentence_firsts, token_index) - 1  # sentences are in order: bisect, not scan
        if k >= 0 and token_index < sentences[k].last:
            return sentences[k]
        return Sentence(0, len(self.text), 0, len(self.tokens))

    @cached_property
    def _sentence_firsts(self) -> list[int]:
        return [s.first for s in self.sentences]

    @cached_property
    def quoted(self) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in _QUOTED.finditer(self.normal)]

    def in_quotes(self, start: int, end: int) -> bool:
        quoted = self.quoted  # in order and never overlapping: the last quote opening before `start` decides
        k = bisect.bisect_left(quoted, (start, -1)) - 1
        return k >= 0 and quoted[k][0] < start and end < quoted[k][1]

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]


def tokenize(phrase: str) -> tuple[str, ...]:
    """A lexicon phrase as the same tokens an answer is split into."""
    return tuple(m.group() for m in _TOKEN.finditer(phrase.translate(_SAME_LENGTH).lower()))
