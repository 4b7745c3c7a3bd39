"""What an answer does: every detector's evidence, from lexicons, numbers and sentence shape."""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import Entry, Hit, Lexicon, Matcher
from .number_roles import RoledAmount, asks, assign_roles, range_asks
from .numbers import Amount, Mention, deadlines, money, percents
from .politeness import read as read_politeness
from .profile import Profile
from .tokens import Answer, Evidence, Sentence

INTERROGATIVES = frozenset(
    "what how when where why who whom which whose is are was were do does did can could would will "
    "should shall may might have has had isn't aren't wasn't don't doesn't didn't can't couldn't "
    "wouldn't won't shouldn't haven't hasn't any".split()
)
_LEAD_INS = frozenset(
    "so and but also um uh oh well then okay ok actually just sorry thanks great also hi hey alright right".split()
)
_WH = frozenset("what how when where why who whom which whose".split())
_AUXILIARIES = frozenset(
    "is are was were do does did can could would will should shall may might have has had isn't aren't "
    "don't doesn't didn't can't couldn't wouldn't won't".split()
)
_SUBJECTS = frozenset("you we i they there it this that he she someone anyone".split())
_WONDERING = frozenset({("i", "was", "wondering"), ("i'm", "wondering", "if"), ("i", "wonder", "if")})
_CLAUSE_BREAKS = frozenset({",", ";", ":", "-", "("})
_SKIPPED = _LEAD_INS | _CLAUSE_BREAKS
# Detectors computed here rather than from a lexicon file.
TEXT_DETECTORS = (
    "money",
    "named_number",
    "percent",
    "deadline",
    "asked_question",
    "question_statements",
    "mentioned_priority",
    "range_ask",
)


@dataclass
class Analysis:
    answer: Answer
    found: dict[str, list[Evidence]] = field(default_factory=dict)
    amounts: list[Amount] = field(default_factory=list)
    percents: list[Mention] = field(default_factory=list)
    deadlines: list[Mention] = field(default_factory=list)
    roles: list[RoledAmount] = field(default_factory=list)
    values: dict[str, float] = field(default_factory=dict)  # a continuous signal's strength (the tone, -1..1)
    notes: list[str] = field(default_factory=list)  # what scoring left out (authored patterns over their time)
    facts: dict[str, list[Evidence] | None] = field(default_factory=dict)  # set by the scorer: numbers and time

    @property
    def asks(self) -> list[Amount]:
        """The student's own asks (see number_roles.asks): what branches and value criteria compare."""
        return asks(self.roles)

    def has(self, detector: str) -> bool:
        return bool(self.found.get(detector))

    def evidence(self, detector: str) -> list[Evidence]:
        return self.found.get(detector, [])


def priority_matcher(profile: Profile | None) -> Matcher:
    """The student's priorities (labels and keywords) as one more lexicon."""
    matcher = Matcher()
    if profile and profile.priorities:
        phrases = [p for priority in profile.priorities for p in priority.phrases]
        matcher.add(
            Lexicon(
                id="mentioned_priority",
                label="Your priorities",
                defaults={"negatable": True},
                entries=[Entry(phrase=p) for p in phrases],
            )
        )
    return matcher


def analyse(text: str, matcher: Matcher, priorities: Matcher | None = None) -> Analysis:
    answer = Answer(text)
    analysis = Analysis(
        answer, amounts=money(answer.normal), percents=percents(answer.normal), deadlines=deadlines(answer.normal)
    )
    analysis.roles = assign_roles(answer.normal, analysis.amounts)
    found = analysis.found
    money_sentences = _sentences_with(answer, [a.start for a in analysis.amounts])
    for lexicon_id, hits in matcher.find(answer, money_sentences, analysis.notes).items():
        found[lexicon_id] = [_evidence(h) for h in hits]
    if priorities is not None:
        mentioned = priorities.find(answer, money_sentences, analysis.notes)
        found.update({k: [_evidence(h) for h in v] for k, v in mentioned.items()})
    if analysis.amounts:
        found["money"] = found["named_number"] = [
            Evidence(a.start, a.end, text[a.start : a.end]) for a in analysis.amounts
        ]
    _put(
        found,
        "range_ask",
        [Evidence(low.start, high.end, text[low.start : high.end]) for low, high in range_asks(analysis.roles)],
    )
    _put(found, "percent", [Evidence(m.start, m.end, m.text) for m in analysis.percents])
    _put(found, "deadline", [Evidence(m.start, m.end, m.text) for m in analysis.deadlines])
    _questions(analysis)
    polite, analysis.values["tone"] = read_politeness(answer)
    found.update({name: evidence for name, evidence in polite.items() if evidence})
    return analysis


def _sentences_with(answer: Answer, offsets: list[int]) -> frozenset[int]:
    """The starts of the sentences holding one of these offsets (in order), walked together in one pass."""
    if not offsets:
        return frozenset()
    found, k = set(), 0
    for sentence in answer.sentences:
        while k < len(offsets) and offsets[k] < sentence.start:
            k += 1
        if k == len(offsets):
            break
        if offsets[k] < sentence.end:
            found.add(sentence.start)
    return frozenset(found)


def _evidence(hit: Hit) -> Evidence:
    return Evidence(hit.start, hit.end, hit.text)


def _put(found: dict[str, list[Evidence]], key: str, evidence: list[Evidence]) -> None:
    if evidence:
        found[key] = evidence


def _questions(analysis: Analysis) -> None:
    """Real questions (a wh-word or an inverted verb, with or without "?") vs the student's own ask said with a
    question mark ("I was hoping for 80k?"); tag questions are neither."""
    answer = analysis.answer
    tokens = answer.tokens
    tag_starts = {e.start for e in analysis.evidence("tag_questions")}
    ask_starts = {a.start for a in analysis.asks} | {e.start for e in analysis.evidence("direct")}
    asked, statements = [], []
    for sentence in answer.sentences:
        marked, inverted = sentence.is_question(tokens), _inverted(answer, sentence)
        if not (marked or inverted) or any(sentence.start <= s < sentence.end for s in tag_starts):
            continue
        begin, end = sentence_start(answer, sentence), tokens[sentence.last - 1].end
        span = Evidence(begin, end, answer.text[begin:end])
        if inverted or _interrogative(answer, sentence, analysis):
            asked.append(span)
        elif marked and any(sentence.start <= s < sentence.end for s in ask_starts):
            statements.append(span)
    _put(analysis.found, "asked_question", asked)
    _put(analysis.found, "question_statements", statements)


def _clause_starts(answer: Answer, sentence: Sentence) -> list[int]:
    """Where the sentence and each of its clauses begin, past lead-ins such as "so", "thanks," or "um" (one pass
    from the end, so a long run of commas or dashes stays linear)."""
    words = answer.words
    result: list[int] = []
    next_word = sentence.last  # the first index at or after i that is not a lead-in or a clause break
    for i in range(sentence.last - 1, sentence.first - 1, -1):
        word = words[i]
        starts_clause = i == sentence.first or words[i - 1] in _CLAUSE_BREAKS
        if word not in _SKIPPED:
            next_word = i
        if starts_clause and next_word < sentence.last and (not result or result[-1] != next_word):
            result.append(next_word)
    result.reverse()
    return result


def _is_wh(word: str) -> bool:
    """what, how … and their contractions (what's, how'd, where're)."""
    return word.split("'")[0] in _WH


def _interrogative(answer: Answer, sentence: Sentence, analysis: Analysis) -> bool:
    words, tokens = answer.words, answer.tokens
    return any(
        (words[i] in INTERROGATIVES or _is_wh(words[i])) and not _inside_tag(tokens[i].start, analysis)
        for i in _clause_starts(answer, sentence)
    )


def _inverted(answer: Answer, sentence: Sentence) -> bool:
    """A question without its "?" (speech, hurried typing): "what is the range", "could you share the range",
    "I was wondering whether there's room"."""
    words = answer.words
    for i in _clause_starts(answer, sentence):
        nxt = words[i + 1] if i + 1 < sentence.last else ""
        if _is_wh(words[i]) and ("'" in words[i] or nxt in _AUXILIARIES):
            return True
        if words[i] in _AUXILIARIES and nxt in _SUBJECTS:
            return True
        if tuple(words[i : i + 3]) in _WONDERING:
            return True
    return False


def sentence_start(answer: Answer, sentence: Sentence) -> int:
    return answer.tokens[sentence.first].start


def _inside_tag(offset: int, analysis: Analysis) -> bool:
    return any(e.start <= offset < e.end for e in analysis.evidence("tag_questions"))
