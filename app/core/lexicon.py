"""Lexicons: the editable word and phrase lists the detectors use, and a fast matcher over them.

Phrases are matched on word tokens (one dictionary look-up per word), with
simple context rules an instructor can read: "not when followed by ...",
"not after a negation", "only in a question". Authored regular expressions are
also allowed; they run under a time limit so a bad one can't freeze the app.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import regex
from pydantic import Field

from .diagnostics import Diagnostic
from .fields import Slug, Strict, Text
from .model_validation import load_and_validate
from .tokens import Answer, is_negator, tokenize
from .yamlsource import Document

PATTERN_TIMEOUT_S = 0.05
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

    def find(self, answer: Answer, money_sentences: frozenset[int] = frozenset()) -> dict[str, list[Hit]]:
        hits: dict[str, list[Hit]] = {}
        covered: dict[str, int] = {}  # per lexicon: first token index not yet covered by a hit
        words, tokens = answer.words, answer.tokens
        last = len(words) - 1
        for i, word in enumerate(words):
            following = words[i + 1] if i < last else None
            for rule in self.by_first.get(word, ()):
                n = len(rule.tokens)
                if n > 1 and rule.tokens[1] != following:  # most candidates fail here, before any slicing
                    continue
                if covered.get(rule.lexicon, 0) > i or (n > 2 and tuple(words[i : i + n]) != rule.tokens):
                    continue
                if not _accepts(rule, answer, i, i + n, money_sentences):
                    continue
                start, end = tokens[i].start, tokens[i + n - 1].end
                if answer.in_quotes(start, end):
                    continue
                hits.setdefault(rule.lexicon, []).append(Hit(rule.lexicon, start, end, answer.text[start:end]))
                covered[rule.lexicon] = i + n
        for lexicon_id, pattern in self.patterns:
            for start, end in run_pattern(pattern, answer.normal):
                if not answer.in_quotes(start, end):
                    hits.setdefault(lexicon_id, []).append(Hit(lexicon_id, start, end, answer.text[start:end]))
        return hits


def run_pattern(pattern: regex.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Matches of an authored pattern; one that runs past its time limit counts as no match."""
    try:
        return [m.span() for m in pattern.finditer(text, timeout=PATTERN_TIMEOUT_S) if m.end() > m.start()]
    except TimeoutError:
        return []


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


def _accepts(rule: _Rule, answer: Answer, first: int, last: int, money_sentences: frozenset[int]) -> bool:
    words = answer.words
    if _mentioned(answer, first, last):
        return False
    if any(tuple(words[last : last + len(p)]) == p for p in rule.not_before):
        return False
    if any(first >= len(p) and tuple(words[first - len(p) : first]) == p for p in rule.not_after):
        return False
    sentence = answer.sentence_of(first)
    before = words[max(sentence.first, first - 3) : first]
    if rule.negatable and any(is_negator(w) for w in before):
        return False
    if rule.in_question and not sentence.is_question(answer.tokens):
        return False
    if rule.with_money and sentence.start not in money_sentences:
        return False
    if (
        rule.about_them
        and sentence.start not in money_sentences
        and not _THEM.intersection(words[sentence.first : sentence.last])
    ):
        return False
    if rule.not_conditional and _CONDITIONAL.intersection(words[sentence.first : first]):
        return False
    if rule.sentence_start and first != sentence.first:
        return False
    return not (
        rule.sentence_end
        and not (
            last == sentence.last or last < sentence.last and all(not w.isalnum() for w in words[last : sentence.last])
        )
    )


_MENTION_VERBS = frozenset("is isn't was wasn't sounds sounded reads comes seems".split())
_SPEAKERS = frozenset("i i'm i'd i'll i've we we're you you're maybe perhaps".split())


def _mentioned(answer: Answer, first: int, last: int) -> bool:
    """A phrase talked about rather than said: "I'm not sure is the wrong answer here" (the phrase opens its
    sentence as the subject of "is", "sounds" …). Quoted phrases are left out elsewhere."""
    sentence = answer.sentence_of(first)
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
