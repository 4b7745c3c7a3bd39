"""What an answer does: every detector's evidence, from lexicons, numbers and sentence shape."""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import Entry, Hit, Lexicon, Matcher
from .numbers import Amount, Mention, deadlines, money, percents
from .profile import Profile
from .tokens import Answer, Sentence

INTERROGATIVES = frozenset(
    "what how when where why who whom which whose is are was were do does did can could would will "
    "should shall may might have has had isn't aren't wasn't don't doesn't didn't can't couldn't "
    "wouldn't won't shouldn't haven't hasn't any".split()
)
_LEAD_INS = frozenset(
    "so and but also um uh oh well then okay ok actually just sorry thanks great also hi hey alright right".split()
)
_CLAUSE_BREAKS = frozenset({",", ";", ":", "-", "("})
# Detectors computed here rather than from a lexicon file.
TEXT_DETECTORS = (
    "money",
    "named_number",
    "percent",
    "deadline",
    "asked_question",
    "question_statements",
    "mentioned_priority",
)


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    text: str


@dataclass
class Analysis:
    answer: Answer
    found: dict[str, list[Evidence]] = field(default_factory=dict)
    amounts: list[Amount] = field(default_factory=list)
    percents: list[Mention] = field(default_factory=list)
    deadlines: list[Mention] = field(default_factory=list)

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
    found = analysis.found
    money_sentences = frozenset(
        s.start for s in answer.sentences if any(s.start <= a.start < s.end for a in analysis.amounts)
    )
    for lexicon_id, hits in matcher.find(answer, money_sentences).items():
        found[lexicon_id] = [_evidence(h) for h in hits]
    if priorities is not None:
        found.update({k: [_evidence(h) for h in v] for k, v in priorities.find(answer, money_sentences).items()})
    if analysis.amounts:
        found["money"] = found["named_number"] = [
            Evidence(a.start, a.end, text[a.start : a.end]) for a in analysis.amounts
        ]
    _put(found, "percent", [Evidence(m.start, m.end, m.text) for m in analysis.percents])
    _put(found, "deadline", [Evidence(m.start, m.end, m.text) for m in analysis.deadlines])
    _questions(analysis)
    return analysis


def _evidence(hit: Hit) -> Evidence:
    return Evidence(hit.start, hit.end, hit.text)


def _put(found: dict[str, list[Evidence]], key: str, evidence: list[Evidence]) -> None:
    if evidence:
        found[key] = evidence


def _questions(analysis: Analysis) -> None:
    """Real questions vs statements with a question mark; tag questions are neither."""
    answer = analysis.answer
    words, tokens = answer.words, answer.tokens
    tag_starts = {e.start for e in analysis.evidence("tag_questions")}
    asked, statements = [], []
    for sentence in answer.sentences:
        if not sentence.is_question(tokens):
            continue
        starts = [sentence.first] + [
            i + 1 for i in range(sentence.first, sentence.last - 1) if words[i] in _CLAUSE_BREAKS
        ]
        interrogative = False
        for i in starts:
            while i < sentence.last and words[i] in _LEAD_INS | _CLAUSE_BREAKS:
                i += 1
            if (
                i < sentence.last
                and words[i] in INTERROGATIVES
                and not _inside_tag(tokens[i].start, tag_starts, analysis)
            ):
                interrogative = True
                break
        span = Evidence(
            sentence_start(answer, sentence),
            tokens[sentence.last - 1].end,
            answer.text[sentence_start(answer, sentence) : tokens[sentence.last - 1].end],
        )
        if interrogative:
            asked.append(span)
        elif not any(sentence.start <= s < sentence.end for s in tag_starts):
            statements.append(span)
    _put(analysis.found, "asked_question", asked)
    _put(analysis.found, "question_statements", statements)


def sentence_start(answer: Answer, sentence: Sentence) -> int:
    return answer.tokens[sentence.first].start


def _inside_tag(offset: int, tag_starts: set[int], analysis: Analysis) -> bool:
    return any(e.start <= offset < e.end for e in analysis.evidence("tag_questions"))
