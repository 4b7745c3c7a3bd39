"""Lexicons: the editable word and phrase lists the detectors use, and a fast matcher over them.

Phrases are matched on word tokens (one dictionary look-up per word), with
simple context rules an instructor can read: "not when followed by ...",
"not after a negation", "only in a question". Authored regular expressions are
also allowed; they run under a time limit so a bad one can't freeze the app.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import regex
from pydantic import Field

from .diagnostics import Diagnostic
from .fields import Slug, Strict, Text
from .model_validation import load_and_validate
from .tokens import Answer, Sentence, is_negator, tokenize
from .yamlsource import Document

PATTERN_TIMEOUT_S = 0.05
PATTERNS_BUDGET_S = 0.05  # all authored patterns together, per answer; the ones left over are skipped (and noted)
_PROBES = (
    "a" * 40 + "b",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
    "1" * 40 + "x",
    "um " * 40 + "?",
    "I " * 30 + "so so so so so so so so so so really really really!!!!!!!!!!!",
    "x" * 200,
    " " * 60 + "y",
    "ha" * 40 + "h",
)
_THEM = frozenset(
    "you your you're yours they them their offer offers package salary pay base number company team role job "
    "contract deal bonus equity raise that that's it's".split()
)
_CONDITIONAL = frozenset({"if", "once", "provided", "unless", "when", "after", "before", "until"})


class Rules(Strict):
    """Context rules; each defaults to off."""

    negatable: bool | None = Field(None, description="Not counted after not / never / don't … (3 words back).")
    in_question: bool | None = Field(None, description="Only counted inside a question.")
    with_money: bool | None = Field(None, description="Only counted when its sentence names an amount.")
    about_them: bool | None = Field(
        None,
        description="Only counted when its sentence is about the other side or the deal: it names an amount, "
        "you/your/they, or the offer, package, salary, company or role.",
    )
    not_conditional: bool | None = Field(None, description="Not counted after if / once / before … in its sentence.")
    sentence_start: bool | None = Field(None, description="Only counted at the start of a sentence.")
    sentence_end: bool | None = Field(None, description="Only counted at the end of a sentence.")


class Entry(Rules):
    phrase: Text
    not_before: list[Text] = Field([], description="Not counted when followed by one of these.")
    not_after: list[Text] = Field([], description="Not counted when preceded by one of these.")


class Pattern(Strict):
    regex: Text = Field(description="A regular expression (case-insensitive); runs with a time limit.")
    note: Text | None = None


class Lexicon(Strict):
    id: Slug
    label: Text
    description: Text = ""
    defaults: Rules = Rules()
    entries: list[Text | Entry] = []
    patterns: list[Pattern] = []


@dataclass(frozen=True)
class Hit:
    lexicon: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Rule:
    lexicon: str
    tokens: tuple[str, ...]
    not_before: tuple[tuple[str, ...], ...]
    not_after: tuple[tuple[str, ...], ...]
    negatable: bool
    in_question: bool
    with_money: bool
    about_them: bool
    not_conditional: bool
    sentence_start: bool
    sentence_end: bool


@dataclass
class Matcher:
    """All lexicons compiled into one index keyed by first word."""

    by_first: dict[str, list[_Rule]] = field(default_factory=dict)
    patterns: list[tuple[str, regex.Pattern[str]]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    def add(self, lexicon: Lexicon) -> None:
        self.ids.append(lexicon.id)
        for entry in lexicon.entries:
            entry = Entry(phrase=entry) if isinstance(entry, str) else entry
            rule = _compile(lexicon, entry)
            if rule.tokens:
                self.by_first.setdefault(rule.tokens[0], []).append(rule)
        for pattern in lexicon.patterns:
            self.patterns.append((lexicon.id, regex.compile(pattern.regex, regex.IGNORECASE | regex.V0)))
        for rules in self.by_first.values():
            rules.sort(key=lambda r: -len(r.tokens))  # longest phrase first

    def find(
        self, answer: Answer, money_sentences: frozenset[int] = frozenset(), notes: list[str] | None = None
    ) -> dict[str, list[Hit]]:
        """Every lexicon's hits. Authored patterns share one time budget per answer: a pattern that runs out of
        time, and those left when the budget is spent, count as no match and are named in `notes`."""
        hits: dict[str, list[Hit]] = {}
        covered: dict[str, int] = {}  # per lexicon: first token index not yet covered by a hit
        words, tokens = answer.words, answer.tokens
        last = len(words) - 1
        place = _Places(answer)
        for i, word in enumerate(words):
            following = words[i + 1] if i < last else None
            for rule in self.by_first.get(word, ()):
                n = len(rule.tokens)
                if n > 1 and rule.tokens[1] != following:  # most candidates fail here, before any slicing
                    continue
                if covered.get(rule.lexicon, 0) > i or (n > 2 and tuple(words[i : i + n]) != rule.tokens):
                    continue
                if not _accepts(rule, answer, i, i + n, money_sentences, place):
                    continue
                start, end = tokens[i].start, tokens[i + n - 1].end
                if place.in_quotes(start, end):
                    continue
                hits.setdefault(rule.lexicon, []).append(Hit(rule.lexicon, start, end, answer.text[start:end]))
                covered[rule.lexicon] = i + n
        if self.patterns:
            self._find_patterns(answer, place, hits, notes)
        return hits

    def _find_patterns(
        self, answer: Answer, place: _Places, hits: dict[str, list[Hit]], notes: list[str] | None
    ) -> None:
        deadline = time.perf_counter() + PATTERNS_BUDGET_S
        timed_out: list[str] = []
        for index, (lexicon_id, pattern) in enumerate(self.patterns):
            left = deadline - time.perf_counter()
            if left <= 0:
                skipped = len(self.patterns) - index
                if notes is not None:
                    notes.append(
                        f"{skipped} authored pattern{'s' if skipped != 1 else ''} skipped: the patterns' time "
                        f"budget ({PATTERNS_BUDGET_S * 1000:g} ms per answer) was spent"
                    )
                break
            spans = run_pattern(pattern, answer.normal, min(PATTERN_TIMEOUT_S, left))
            if spans is None:
                timed_out.append(lexicon_id)
                continue
            for start, end in spans:
                if not place.in_quotes(start, end):
                    hits.setdefault(lexicon_id, []).append(Hit(lexicon_id, start, end, answer.text[start:end]))
        if timed_out and notes is not None:
            notes.append(f"authored patterns ran out of time and were skipped: {', '.join(sorted(set(timed_out)))}")


class _Places:
    """Which sentence a token is in and whether a span is quoted, each found by bisection (the Answer's own
    look-ups scan every sentence or quote, which is quadratic on a long answer)."""

    def __init__(self, answer: Answer):
        self.answer = answer
        self._sentences: list[Sentence] | None = None
        self._firsts: list[int] = []
        self._quotes: list[tuple[int, int]] | None = None
        self._memo: dict[tuple[str, int], int] = {}

    def sentence(self, token_index: int) -> Sentence:
        if self._sentences is None:
            self._sentences = self.answer.sentences
            self._firsts = [s.first for s in self._sentences]
        k = bisect.bisect_right(self._firsts, token_index) - 1
        if k >= 0 and token_index < self._sentences[k].last:
            return self._sentences[k]
        return self.answer.sentence_of(token_index)  # outside every sentence: the Answer's fallback

    def about_them(self, sentence: Sentence) -> bool:
        """The sentence names the other side or the deal (you, they, the offer …); worked out once per sentence."""
        key = ("them", sentence.first)
        if key not in self._memo:
            self._memo[key] = int(bool(_THEM.intersection(self.answer.words[sentence.first : sentence.last])))
        return bool(self._memo[key])

    def first_conditional(self, sentence: Sentence) -> int:
        """The index of the sentence's first if / once / before … (its end when there is none)."""
        key = ("if", sentence.first)
        if key not in self._memo:
            words = self.answer.words
            found = (i for i in range(sentence.first, sentence.last) if words[i] in _CONDITIONAL)
            self._memo[key] = next(found, sentence.last)
        return self._memo[key]

    def last_word(self, sentence: Sentence) -> int:
        """The index of the sentence's last token with a letter or digit (-1 when none)."""
        key = ("word", sentence.first)
        if key not in self._memo:
            words = self.answer.words
            found = (i for i in range(sentence.last - 1, sentence.first - 1, -1) if words[i].isalnum())
            self._memo[key] = next(found, -1)
        return self._memo[key]

    def in_quotes(self, start: int, end: int) -> bool:
        if self._quotes is None:
            self._quotes = self.answer.quoted  # in order and never overlapping (one left-to-right scan)
        if not self._quotes:
            return False
        k = bisect.bisect_left(self._quotes, (start, -1)) - 1  # the last quote opening before `start`
        return k >= 0 and self._quotes[k][0] < start and end < self._quotes[k][1]


def run_pattern(
    pattern: regex.Pattern[str], text: str, timeout: float = PATTERN_TIMEOUT_S
) -> list[tuple[int, int]] | None:
    """Matches of an authored pattern; None when it runs past its time limit (it counts as no match)."""
    try:
        return [m.span() for m in pattern.finditer(text, timeout=timeout) if m.end() > m.start()]
    except TimeoutError:
        return None


def _compile(lexicon: Lexicon, entry: Entry) -> _Rule:
    def flag(name: str) -> bool:
        value = getattr(entry, name)
        return bool(getattr(lexicon.defaults, name) if value is None else value)

    return _Rule(
        lexicon.id,
        tokenize(entry.phrase),
        tuple(map(tokenize, entry.not_before)),
        tuple(map(tokenize, entry.not_after)),
        flag("negatable"),
        flag("in_question"),
        flag("with_money"),
        flag("about_them"),
        flag("not_conditional"),
        flag("sentence_start"),
        flag("sentence_end"),
    )


def _accepts(
    rule: _Rule, answer: Answer, first: int, last: int, money_sentences: frozenset[int], place: _Places
) -> bool:
    words = answer.words
    sentence = place.sentence(first)
    if _mentioned(answer, first, last, sentence):
        return False
    if any(tuple(words[last : last + len(p)]) == p for p in rule.not_before):
        return False
    if any(first >= len(p) and tuple(words[first - len(p) : first]) == p for p in rule.not_after):
        return False
    before = words[max(sentence.first, first - 3) : first]
    if rule.negatable and any(is_negator(w) for w in before):
        return False
    if rule.in_question and not sentence.is_question(answer.tokens):
        return False
    if rule.with_money and sentence.start not in money_sentences:
        return False
    if rule.about_them and sentence.start not in money_sentences and not place.about_them(sentence):
        return False
    if rule.not_conditional and place.first_conditional(sentence) < first:
        return False
    if rule.sentence_start and first != sentence.first:
        return False
    # at the end: only punctuation may follow it in its sentence
    return not (rule.sentence_end and (last > sentence.last or place.last_word(sentence) >= last))


_MENTION_VERBS = frozenset("is isn't was wasn't sounds sounded reads comes seems".split())
_SPEAKERS = frozenset("i i'm i'd i'll i've we we're you you're maybe perhaps".split())


def _mentioned(answer: Answer, first: int, last: int, sentence: Sentence) -> bool:
    """A phrase talked about rather than said: "I'm not sure is the wrong answer here" (the phrase opens its
    sentence as the subject of "is", "sounds" …). Quoted phrases are left out elsewhere."""
    return (
        last < sentence.last
        and answer.words[last] in _MENTION_VERBS
        and answer.words[sentence.first] in _SPEAKERS
        and last - sentence.first <= 4  # the whole opening clause is the phrase (and its "I'm")
    )


def _check(lexicon: Lexicon, doc: Document) -> list[Diagnostic]:
    problems = []
    for i, entry in enumerate(lexicon.entries):
        phrase = entry if isinstance(entry, str) else entry.phrase
        if not tokenize(phrase):
            problems.append(
                doc.diagnostic(
                    ("entries", i),
                    f'the phrase "{phrase}" has no words to match — write at least one word or punctuation mark',
                )
            )
    for i, pattern in enumerate(lexicon.patterns):
        message = pattern_problem(pattern.regex)
        if message:
            problems.append(doc.diagnostic(("patterns", i, "regex"), message))
    return problems


def pattern_problem(source: str) -> str | None:
    """Why an authored pattern can't be used (doesn't compile, or is too slow on awkward text), or None."""
    try:
        compiled = regex.compile(source, regex.IGNORECASE | regex.V0)
    except regex.error as exc:
        return f"the pattern does not compile ({exc}) — check brackets and escape special characters with \\"
    try:
        for probe in _PROBES:
            compiled.search(probe, timeout=PATTERN_TIMEOUT_S)
    except TimeoutError:
        return (
            "the pattern takes too long on some text (nested repeats such as (a|aa)+ backtrack without end) "
            "— simplify it, or list the phrases as entries instead"
        )
    if compiled.search(""):
        return "the pattern matches empty text, so it would match everywhere — make it need at least one character"
    return None


@dataclass
class LexiconSet:
    lexicons: dict[str, Lexicon]
    diagnostics: list[Diagnostic]
    matcher: Matcher


def load_lexicon(path: Path) -> tuple[Lexicon | None, list[Diagnostic], Document | None]:
    return load_and_validate(path, Lexicon, _check, what="lexicon file")


def load_lexicons(folders: Iterable[Path]) -> LexiconSet:
    """Every lexicon file in these folders; a later folder's lexicon replaces an earlier one with the same id
    (so an instructor's copy overrides the built-in one). A broken file is reported and skipped."""
    lexicons: dict[str, Lexicon] = {}
    diagnostics: list[Diagnostic] = []
    for folder in folders:
        seen_here: set[str] = set()
        for path in sorted(Path(folder).glob("*.yaml")):
            lexicon, found, doc = load_lexicon(path)
            diagnostics += found
            if lexicon is None:
                continue
            if lexicon.id in seen_here:
                assert doc is not None  # a lexicon comes with the document it was read from
                diagnostics.append(
                    doc.diagnostic(
                        ("id",), f'the lexicon id "{lexicon.id}" is used twice in this folder — rename one of them'
                    )
                )
                continue
            seen_here.add(lexicon.id)
            lexicons[lexicon.id] = lexicon
    matcher = Matcher()
    for lexicon in lexicons.values():
        matcher.add(lexicon)
    return LexiconSet(lexicons, diagnostics, matcher)
