"""Politeness strategies as explainable features of an answer, after Danescu-Niculescu-Mizil et al. (2013).

"A computational approach to politeness with application to social factors" (ACL 2013) lists the strategies
people use to sound polite or impolite in requests: gratitude, apologies, "please", greetings, hedges, direct
questions, counterfactual modals ("could you") and so on. Each is a binary feature here, found on the
answer's tokens with the words that show it as evidence, so a learned weight (resources/models/respect.yaml,
trained by app.training.respect on the Stanford Politeness Corpus) can be explained by pointing at words.
`tone` is the one continuous feature: VADER's compound sentiment score of the answer.

Words inside quotation marks are the student quoting someone, not speaking: they never count.
"""

from __future__ import annotations

import math

from vaderSentiment import vaderSentiment as _vader  # type: ignore[import-untyped]

from .tokens import Answer, Evidence, Sentence, is_negator

FEATURES: tuple[str, ...] = (
    "thanks",
    "apology",
    "please",
    "please_start",
    "greeting",
    "deference",
    "by_the_way",
    "direct_question",
    "direct_start",
    "could_would_you",
    "can_will_you",
    "first_person_start",
    "first_person_plural",
    "first_person",
    "second_person",
    "second_person_start",
    "hedge_words",
    "factuality",
    "positive_words",
    "negative_words",
    "tone",
)

# One analyser for the process: building it reads VADER's lexicon files.
_ANALYZER = _vader.SentimentIntensityAnalyzer()
_LEXICON: dict[str, float] = _ANALYZER.lexicon

Phrase = tuple[str, ...]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(*texts: str) -> tuple[Phrase, ...]:
    return tuple(tuple(text.split()) for text in texts)


# --- word lists (lower-case tokens as app.core.tokens splits them: "i'm" and "don't" are one token) -----------

_THANKS = _words("thank thanks thankful thanked thanking thankyou thx cheers grateful gratitude")
_APPRECIATE = _words("appreciate appreciated appreciates appreciating appreciative appreciation")
_SORRY = _words("sorry oops woops whoops apologies")
_APOLOGISE = _words("apologize apologise apologizing apologising")
_APOLOGY_PHRASES = _phrases("forgive me", "excuse me", "pardon me")
_PLEASE = _words("please pls plz")
_GREETINGS = _words("hi hello hey hiya howdy greetings")
_DEFERENCE = _words("great good nice interesting cool excellent awesome")
_ARTICLES = _words("the a an this that")
_TIMES_OF_DAY = _words("morning afternoon evening day")
_WH = _words("what why who how")
_DIRECT_START = _words("so then and but or")
_LEAD_INS = _DIRECT_START | _words("well okay ok now oh")
_COUNTERFACTUAL = _words("could would")
_INDICATIVE = _words("can will")
_YOU = _words("you u")
_FIRST = _words("i my mine me myself")
_FIRST_START = _words("i my mine myself")
_PLURAL = _words("we our us ours ourselves let's")
_SECOND = _words("you your yours yourself yourselves u ur")
_HEDGES = _words(
    "perhaps maybe possibly probably might may seem seems seemed seemingly appear appears appeared apparently "
    "somewhat likely unlikely presumably arguably kinda sorta"
)
# Verbs of opinion soften the speaker's own claim ("I think", "we suggest"), not a question about the listener's.
_HEDGE_VERBS = _words("think thought believe suggest suggested guess suppose assume feel")
_SUBJECTS = _words("i we")
_NOT_HEDGING_BEFORE_KIND = _words(
    "what which the a an any some this that these those every each one same other different no"
)
_FACT_WORDS = _words("actually really honestly surely frankly")
_FACT_PHRASES = _phrases(
    "in fact", "the truth is", "the point is", "the fact is", "the reality is", "in reality", "to be honest"
)
_BY_THE_WAY = _phrases("by the way")
_BTW = _words("btw")
_MONTH_CONTEXT = _words("in of by until since early late mid end beginning")

_FIRST_FORMS = _words("i'm i've i'd i'll")
_YOU_FORMS = _words("you're you've you'd you'll")
_WE_FORMS = _words("we're we've we'd we'll")
# Every word that can start a strategy anywhere in a sentence (the first word of a sentence is always looked at).
_CUES = frozenset().union(
    _THANKS,
    _APPRECIATE,
    _SORRY,
    _APOLOGISE,
    _PLEASE,
    _BTW,
    _COUNTERFACTUAL,
    _INDICATIVE,
    _FIRST,
    _PLURAL,
    _SECOND,
    _HEDGES,
    _HEDGE_VERBS,
    _FACT_WORDS,
    _FIRST_FORMS,
    _YOU_FORMS,
    _WE_FORMS,
    {"kind", "sort", "not", "unsure", "by", "if"},
    (phrase[0] for phrase in _APOLOGY_PHRASES + _FACT_PHRASES),
)

POSITIVE_VALENCE = 1.0
NEGATIVE_VALENCE = -1.0
NEGATION_WINDOW = 3


# --- the answer's shape -----------------------------------------------------------------------------------------


def _is_word(token: str) -> bool:
    return token[0].isalnum()


def _base(word: str) -> str:
    """A pronoun or wh-word without its contraction: "i'm" -> "i", "what's" -> "what"."""
    return word.split("'", 1)[0] if "'" in word and word != "let's" else word


def _sentence_starts(answer: Answer) -> dict[int, int]:
    """Token index of each sentence's first word (leading punctuation skipped) -> index of its second word
    (-1 when there is none)."""
    words = answer.words
    starts: dict[int, int] = {}
    for sentence in answer.sentences:
        found = [i for i in range(sentence.first, sentence.last) if _is_word(words[i])][:2]
        if found:
            starts[found[0]] = found[1] if len(found) > 1 else -1
    return starts


def _telling_off(answer: Answer, i: int) -> bool:
    """A "please" tacked onto a command to stop ("stop it please", "enough, please") is not a courtesy."""
    sentence = answer.sentence_of(i)
    opening = [w for w in answer.words[sentence.first : sentence.last] if _is_word(w)][:1]
    return bool(opening) and opening[0] in _STOPPING


_STOPPING = _words("stop quit enough cut drop leave don't dont")


def _quoted(answer: Answer) -> list[bool] | None:
    if not answer.quoted:
        return None
    return [answer.in_quotes(t.start, t.end) for t in answer.tokens]


def _matches(words: list[str], i: int, phrase: Phrase) -> bool:
    return tuple(words[i : i + len(phrase)]) == phrase


def _after_subject(words: list[str], i: int) -> bool:
    """I or we among the three words before token i ("I think", "I'd suggest", "we don't believe")."""
    return any(_base(w) in _SUBJECTS for w in words[max(0, i - 3) : i])


def _negated(words: list[str], i: int) -> bool:
    """A negator (not, never, no, n't...) among the few words before token i, within its clause."""
    for j in range(i - 1, max(-1, i - 1 - NEGATION_WINDOW), -1):
        if not _is_word(words[j]):
            return False
        if is_negator(words[j]):
            return True
    return False


# --- the strategies ------------------------------------------------------------------------------------------------


def read(answer: Answer) -> tuple[dict[str, list[Evidence]], float]:
    """Every feature in FEATURES -> its evidence (an empty list when absent), and the tone (VADER's compound)."""
    return _signals(answer)


def signals(answer: Answer) -> dict[str, list[Evidence]]:
    """Every feature in FEATURES -> the evidence for it in the answer (an empty list when it is absent)."""
    return _signals(answer)[0]


def feature_values(answer: Answer) -> dict[str, float]:
    """1.0 or 0.0 for every binary feature, VADER's compound (-1..1) for `tone`."""
    found, compound = _signals(answer)
    values = {name: 1.0 if found[name] else 0.0 for name in FEATURES}
    values["tone"] = compound
    return values


def tone_value(answer: Answer) -> float:
    """VADER's compound sentiment score of the answer (quoted words left out), -1..1."""
    return _tone(answer)[0]


def _signals(answer: Answer) -> tuple[dict[str, list[Evidence]], float]:
    found: dict[str, list[Evidence]] = {name: [] for name in FEATURES}
    text, tokens, words = answer.text, answer.tokens, answer.words
    n = len(words)
    quoted = _quoted(answer)
    starts = _sentence_starts(answer)
    questions = {i for s in answer.sentences if s.is_question(tokens) for i in range(s.first, s.last)}
    strategy_words: set[int] = set()  # tokens that already show a strategy are not also "positive words"

    def put(feature: str, first: int, last: int) -> None:
        start, end = tokens[first].start, tokens[last].end
        found[feature].append(Evidence(start, end, text[start:end]))
        strategy_words.update(range(first, last + 1))

    for i, word in enumerate(words):
        at_start = i in starts
        if (word not in _CUES and not at_start) or (quoted is not None and quoted[i]):
            continue
        previous = words[i - 1] if i else ""
        following = words[i + 1] if i + 1 < n else ""
        base = _base(word)

        if word in _THANKS:
            if previous == "no" or (following == "for" and i + 2 < n and words[i + 2] == "nothing"):
                strategy_words.add(i)  # "no thanks" declines, "thanks for nothing" mocks: neither thanks
            else:
                put("thanks", i, i + 1 if word == "thank" and following in _YOU else i)
        elif word in _APPRECIATE and not _negated(words, i):
            put("thanks", i, i)
        elif (word in _SORRY and not _negated(words, i)) or (word in _APOLOGISE and _after_subject(words, i)):
            put("apology", i, i)  # "I'm not sorry" isn't one, nor "you should apologise"
        elif word in _PLEASE:
            if _telling_off(answer, i):
                strategy_words.add(i)  # not courtesy, and not a warm word either
            else:
                put("please_start" if at_start else "please", i, i)
        elif word in _BTW:
            put("by_the_way", i, i)

        for phrase in _APOLOGY_PHRASES:
            if word == phrase[0] and _matches(words, i, phrase):
                put("apology", i, i + 1)
        if word == "by" and _matches(words, i, _BY_THE_WAY[0]):
            put("by_the_way", i, i + 2)

        if at_start:
            second = starts[i]
            if word in _GREETINGS:
                put("greeting", i, i)
            elif word == "good" and second == i + 1 and words[second] in _TIMES_OF_DAY:
                put("greeting", i, second)  # "Good morning" greets, it doesn't compliment
            elif word in _DEFERENCE:
                put("deference", i, i)
            elif word in _DIRECT_START:
                put("direct_start", i, i)
            if i in questions:
                if base in _WH:
                    put("direct_question", i, i)
                elif word in _LEAD_INS and second >= 0 and _base(words[second]) in _WH:
                    put("direct_question", second, second)

        if following in _YOU:
            if word in _COUNTERFACTUAL:
                put("could_would_you", i, i + 1)
            elif word in _INDICATIVE:
                put("can_will_you", i, i + 1)
            elif word == "if" and i + 2 < n and words[i + 2] in _COUNTERFACTUAL:
                put("could_would_you", i, i + 2)  # "I was wondering if you could ...", "... if you would"

        if word == "mine" and previous in _ARTICLES:
            pass  # "the mine"
        elif word in _FIRST_START or word in _FIRST_FORMS or word == "me":
            if at_start and word != "me":
                put("first_person_start", i, i)
            else:
                put("first_person", i, i)
        elif word in _PLURAL or word in _WE_FORMS:
            put("first_person_plural", i, i)
        elif word in _SECOND or word in _YOU_FORMS:
            put("second_person_start" if at_start else "second_person", i, i)

        if word in _HEDGES:
            if word != "may" or _is_modal_may(answer, i, at_start):
                put("hedge_words", i, i)
        elif word in _HEDGE_VERBS:
            if _after_subject(words, i):
                put("hedge_words", i, i)
        elif word == "kind" or word == "sort":
            if following == "of" and previous not in _NOT_HEDGING_BEFORE_KIND:
                put("hedge_words", i, i + 1)
        elif word == "not" and following == "sure":
            put("hedge_words", i, i + 1)
        elif word == "unsure":
            put("hedge_words", i, i)

        if word in _FACT_WORDS:
            if not (word == "really" and _intensifies_praise(following)):
                put("factuality", i, i)
        else:
            for phrase in _FACT_PHRASES:
                if word == phrase[0] and _matches(words, i, phrase):
                    put("factuality", i, i + len(phrase) - 1)

    _sentiment_words(answer, quoted, strategy_words, found)
    compound, found["tone"] = _tone(answer)
    for evidence in found.values():
        evidence.sort(key=lambda e: e.start)
    return found, compound


def _intensifies_praise(word: str) -> bool:
    """Whether a "really" before this word intensifies thanks or praise ("really appreciate", "really glad")
    rather than asserting a fact ("really, that's low")."""
    return word in _THANKS or word in _APPRECIATE or _LEXICON.get(word, 0.0) >= POSITIVE_VALENCE


def _is_modal_may(answer: Answer, i: int, at_start: bool) -> bool:
    """Whether "may" is the modal ("may I ask") rather than the month ("in May", "May 5")."""
    token = answer.tokens[i]
    capital = answer.text[token.start] == "M"
    if capital and not at_start:
        return False
    following = answer.words[i + 1] if i + 1 < len(answer.words) else ""
    previous = answer.words[i - 1] if i else ""
    return not (following[:1].isdigit() or previous in _MONTH_CONTEXT)


def _sentiment_words(
    answer: Answer, quoted: list[bool] | None, skip: set[int], found: dict[str, list[Evidence]]
) -> None:
    """Words VADER rates clearly positive or negative; a negator just before flips them ("not fair")."""
    text, tokens, words = answer.text, answer.tokens, answer.words
    for i, word in enumerate(words):
        valence = _LEXICON.get(word)
        if valence is None or i in skip or (quoted is not None and quoted[i]):
            continue
        if word == "kind" and i + 1 < len(words) and words[i + 1] == "of":
            continue  # "what kind of", "kind of low": not kindness
        # A negator negates the next words; "no" (VADER's -1.2) only counts when bare: "No." or "No, ...".
        if is_negator(word) and (word != "no" or (i + 1 < len(words) and _is_word(words[i + 1]))):
            continue
        if _negated(words, i):
            valence = -valence
        if valence >= POSITIVE_VALENCE:
            feature = "positive_words"
        elif valence <= NEGATIVE_VALENCE:
            feature = "negative_words"
        else:
            continue
        token = tokens[i]
        found[feature].append(Evidence(token.start, token.end, text[token.start : token.end]))


# --- tone ----------------------------------------------------------------------------------------------------------


def _tone(answer: Answer) -> tuple[float, list[Evidence]]:
    """The answer's tone from VADER, quoted passages left out, and the words that carry valence in VADER's
    lexicon (what the score's evidence points at).

    VADER scores each sentence (its cost grows with the square of the text's length, so a long answer is
    scored sentence by sentence); the sentences' raw sums are added and normalised as VADER normalises one."""
    text = answer.normal
    for start, end in answer.quoted:
        text = text[:start] + " " * (end - start) + text[end:]
    total = sum(
        _raw(_ANALYZER.polarity_scores(text[start:end])["compound"])
        for s in answer.sentences
        if _may_carry_valence(answer, s, text)
        for start, end in _windows(answer, s)
    )
    compound = round(total / math.sqrt(total * total + _ALPHA), 4)
    quoted = _quoted(answer)
    evidence = [
        Evidence(t.start, t.end, answer.text[t.start : t.end])
        for i, t in enumerate(answer.tokens)
        if t.text in _LEXICON and not (quoted is not None and quoted[i])
    ]
    return compound, evidence


_WINDOW_TOKENS = 120  # VADER is quadratic in a sentence's length: a longer sentence is read in windows


def _windows(answer: Answer, sentence: Sentence) -> list[tuple[int, int]]:
    """The sentence's span, or for a very long one (no normal answer has one) consecutive windows of tokens."""
    if sentence.last - sentence.first <= _WINDOW_TOKENS:
        return [(sentence.start, sentence.end)]
    tokens = answer.tokens
    cuts = [tokens[i].start for i in range(sentence.first + _WINDOW_TOKENS, sentence.last, _WINDOW_TOKENS)]
    edges = [sentence.start, *cuts, sentence.end]
    return list(zip(edges, edges[1:], strict=False))


def _may_carry_valence(answer: Answer, sentence: Sentence, text: str) -> bool:
    """False only for a sentence VADER would score 0: none of its words is in VADER's lexicon, and no emoticon
    or emoji could be (a shortcut that keeps scoring under a millisecond; the result is the same)."""
    if any(answer.words[i] in _LEXICON for i in range(sentence.first, sentence.last)):
        return True
    part = text[sentence.start : sentence.end]
    return not part.isascii() or any(ch in part for ch in ":;=<^")


_ALPHA = 15.0  # VADER's normalisation constant: compound = x / sqrt(x² + 15)


def _raw(compound: float) -> float:
    """The sum of valences behind a compound score (the inverse of VADER's normalisation)."""
    c = max(-0.9999, min(0.9999, compound))
    return c * math.sqrt(_ALPHA / (1 - c * c))
