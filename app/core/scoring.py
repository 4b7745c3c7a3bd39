"""Scoring an answer against a rubric: every point traces to a criterion and its evidence or a fact."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from .delivery import Delivery
from .detection import TEXT_DETECTORS, Analysis, analyse, priority_matcher
from .diagnostics import Diagnostic, Severity
from .learned import LearnedWeights, load_weights
from .lexicon import LexiconSet, Matcher, load_lexicons
from .placeholders import fill, format_money
from .politeness import FEATURES as POLITENESS_SIGNALS
from .profile import Profile
from .rubric import Criterion, Dimension, Rubric, Stage, load_rubrics
from .scenario import AnswerTime, Scenario, Turn
from .tokens import Evidence

Status = Literal["met", "missed", "triggered", "avoided", "not_applicable"]
SLOW_START_S = 12.0  # thinking time before this is never penalised
# Spoken answers (see core/delivery.py; the curriculum's figures): a silence before speaking reads as reluctance
# sooner than a pause before typing, but a breath after an offer is fine.
SLOW_START_SPOKEN_S = 6.0
FILLERS_ALLOWED_PER_MIN = 2.0  # a filler or two a minute is ordinary speech
FILLER_STEP_PER_MIN = 3.0  # each further 3 a minute counts as one more hit (never more hits than fillers)
PACE_BAND = (110.0, 190.0)  # words a minute: flag a pace under or over this (comfortable is about 100-165)
PACE_MIN_WORDS, PACE_MIN_S = 12, 6.0  # too little speech to judge a pace
TINY_COUNTER = 0.03  # a counter less than 3 % above the offer reads as haggling
COUNTER_NORM = (1.04, 1.12)  # around the usual 5-10 % counter
MAX_ANSWER_CHARS = 20_000  # about eight pages: longer is pasted text, not an answer (and would be slow to score)


class AnswerTooLong(ValueError):
    """An answer longer than MAX_ANSWER_CHARS: refused rather than scored."""

    def __init__(self, length: int):
        self.length = length
        super().__init__(
            f"the answer is too long to score ({length:,} characters; the limit is {MAX_ANSWER_CHARS:,}) "
            "— shorten it to what you would say to the recruiter"
        )


FACT_DETECTORS = (
    "below_walk_away",
    "at_or_above_target",
    "accepted_below_walk_away",
    "accepted_on_the_spot",
    "countered",
    "counter_in_norm",
    "tiny_counter",
    "below_market",
    "made_a_move",
    "pushed_after_concession",
    "slow_start",
    "too_short",
    "too_long",
    "spoken_answer",
    "spoken_fillers",
    "long_pauses",
    "fast_pace",
    "slow_pace",
)
SPOKEN_DETECTORS = ("spoken_answer", "spoken_fillers", "long_pauses", "fast_pace", "slow_pace")


@dataclass(frozen=True)
class Timing:
    latency_s: float | None = None  # recruiter finished -> first keystroke or sound
    duration_s: float | None = None  # first keystroke -> submitted

    @property
    def on_clock_s(self) -> float | None:
        """What the answer clock showed when the answer was sent: the same seconds the student saw."""
        if self.duration_s is None:
            return None
        return (self.latency_s or 0.0) + self.duration_s


@dataclass(frozen=True)
class CriterionResult:
    id: str
    dimension: str
    label: str
    status: Status
    points: float
    evidence: list[Evidence]
    tip: str
    possible: float = 0.0  # what a reward is worth, or the most a penalty can cost


@dataclass
class DimensionScore:
    id: str
    label: str
    score: float
    base: float
    weight: float


@dataclass
class Score:
    dimensions: dict[str, DimensionScore]
    criteria: list[CriterionResult]
    analysis: Analysis | None = field(default=None, repr=False)  # None for a score read back from the history

    @property
    def overall(self) -> float:
        total = sum(d.weight for d in self.dimensions.values())
        return round(sum(d.score * d.weight for d in self.dimensions.values()) / total, 1) if total else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "overall": self.overall,
            "dimensions": {
                k: {"score": d.score, "label": d.label, "base": d.base, "weight": d.weight}
                for k, d in self.dimensions.items()
            },
            "criteria": [
                {**asdict(c), "evidence": [asdict(e) for e in c.evidence]}
                for c in self.criteria
                if c.status != "not_applicable"
            ],
            "amounts": [a.yearly for a in self.analysis.amounts] if self.analysis else [],
            "asks": [a.yearly for a in self.analysis.asks] if self.analysis else [],
            **({"notes": list(self.analysis.notes)} if self.analysis and self.analysis.notes else {}),
        }

    @classmethod
    def from_json(cls, dimensions: dict[str, Any], criteria: list[dict[str, Any]]) -> Score:
        """A score exactly as `to_json` stored it (its dimensions and criteria), without re-scoring."""
        dims = {
            key: DimensionScore(
                key, d.get("label", key.capitalize()), d["score"], d.get("base", 0.0), d.get("weight", 1.0)
            )
            for key, d in dimensions.items()
        }
        results = [
            CriterionResult(
                c["id"],
                c["dimension"],
                c["label"],
                c["status"],
                c["points"],
                [Evidence(e["start"], e["end"], e["text"]) for e in c.get("evidence", [])],
                c.get("tip", ""),
                c.get("possible", 0.0),
            )
            for c in criteria
        ]
        return cls(dims, results)


@dataclass
class AnswerContext:
    """What the scorer knows besides the words: the scenario and turn, the profile, the clock."""

    scenario: Scenario | None = None
    turn: Turn | None = None
    profile: Profile | None = None
    timing: Timing = Timing()
    delivery: Delivery | None = None  # how a spoken answer was delivered; None for a typed one


def spoken_timing(delivery: Delivery) -> Timing:
    """A spoken answer's times: started when the student's voice did, and lasted as long as they spoke."""
    return Timing(delivery.onset_s, delivery.speaking_s if delivery.onset_s is not None else None)


class Scorer:
    """Lexicons and rubrics loaded once; `score()` is pure and deterministic."""

    def __init__(
        self,
        lexicons: LexiconSet,
        rubrics: dict[str, Rubric],
        diagnostics: Iterable[Diagnostic] = (),
        models: dict[str, LearnedWeights] | None = None,
    ):
        self.lexicons = lexicons
        self.rubrics = rubrics
        self.models = models or {}
        self.diagnostics = list(diagnostics)
        self._priorities: dict[int, Matcher] = {}

    @property
    def detectors(self) -> tuple[str, ...]:
        return detector_names(self.lexicons)

    def learned(self, dimension: Dimension) -> LearnedWeights | None:
        return self.models.get(dimension.model) if dimension.model else None

    def analyse(self, text: str, profile: Profile | None = None) -> Analysis:
        """Every detector's evidence; AnswerTooLong for an answer over MAX_ANSWER_CHARS."""
        if len(text) > MAX_ANSWER_CHARS:
            raise AnswerTooLong(len(text))
        key = id(profile)
        if key not in self._priorities:
            self._priorities = {key: priority_matcher(profile)}  # one profile at a time is the common case
        return analyse(text, self.lexicons.matcher, self._priorities[key])

    def score(self, text: str, context: AnswerContext | None = None) -> Score:
        context = context or AnswerContext()
        analysis = self.analyse(text, context.profile)
        rubric = self.rubrics[context.scenario.rubric.id if context.scenario else "default"]
        analysis.facts = facts(analysis, context)
        found = {**analysis.found, **analysis.facts}
        criteria = [*rubric.criteria, *(context.turn.criteria if context.turn else ())]
        models = {key: self.learned(dim) for key, dim in rubric.dimensions.items()}
        hits = spoken_hits(context.delivery)
        judged = [_judge(c, found, models.get(c.dimension), analysis.values, hits) for c in criteria]
        results = _fit_tips(_cancel_rewards(judged, rubric, found), criteria, context)
        weights = context.scenario.rubric.weights if context.scenario else {}
        dimensions = {}
        for dim_id, dim in rubric.dimensions.items():
            model = models[dim_id]
            base = model.base if model is not None else dim.base
            points = sum(r.points for r in results if r.dimension == dim_id)
            dimensions[dim_id] = DimensionScore(
                dim_id,
                dim.label,
                round(min(100.0, max(0.0, base + points)), 1),
                base,
                weights.get(dim_id, dim.weight),
            )
        return Score(dimensions, results, analysis)


def _judge(
    criterion: Criterion,
    found: dict[str, list[Evidence] | None],
    model: LearnedWeights | None = None,
    values: dict[str, float] | None = None,
    hits: dict[str, int] | None = None,
) -> CriterionResult:
    """Met / missed (a reward), triggered / avoided (a penalty) or not applicable, with its points. A learned
    criterion is worth its model's weight times the signal's value (1 when present; the tone's strength). A
    penalty costs its points per piece of evidence, or per hit where `hits` counts them otherwise (fillers by
    how many a minute)."""
    learned = criterion.points == "learned"
    value = (values or {}).get(criterion.detector, 1.0)
    worth = (model.points(criterion.detector, value) if model else 0.0) if learned else float(criterion.points)
    weight = model.points(criterion.detector) if learned and model else worth

    def result(status: Status, points: float = 0.0, evidence: Iterable[Evidence] = ()) -> CriterionResult:
        possible = abs(weight) * (1 if criterion.effect == "reward" else -criterion.max_hits)
        return CriterionResult(
            criterion.id,
            criterion.dimension,
            criterion.label,
            status,
            points,
            list(evidence),
            criterion.praise if status == "met" and criterion.praise else criterion.tip,
            possible,
        )

    evidence = found.get(criterion.detector, [])
    if (
        evidence is None
        or (criterion.only_if and not found.get(criterion.only_if))
        or (criterion.unless and found.get(criterion.unless))
    ):
        return result("not_applicable")
    if learned:  # the learned sign decides: a signal people rate as rude costs points wherever it sits
        if not evidence or worth == 0:
            return result("missed" if criterion.effect == "reward" else "avoided")
        return result("met" if worth > 0 else "triggered", worth, evidence)
    if criterion.effect == "reward":
        return result("met", worth, evidence) if evidence else result("missed")
    if not evidence:
        return result("avoided")
    count = (hits or {}).get(criterion.detector, len(evidence))
    return result("triggered", -worth * min(count, criterion.max_hits), evidence)


def stage(context: AnswerContext) -> Stage | None:
    """Where in the call this answer sits: the first turn, a closing turn (every route ends), or between."""
    scenario, turn = context.scenario, context.turn
    if scenario is None or turn is None:
        return None
    if scenario.turns.get(scenario.start_turn) is turn:
        return "opening"
    return "closing" if all(r.end is not None for r in turn.routes()) else "middle"


def example_values(scenario: Scenario | None) -> dict[str, str]:
    """{example.ask}, {example.low}, {example.high} in tips: a counter about 8 % above this scenario's offer
    (or its market's middle), in its currency and scale, so examples never talk dollars in a pound scenario."""
    currency = scenario.currency if scenario else "USD"
    anchor = (
        (scenario.offer.base or scenario.market.mid or (scenario.market.low + scenario.market.high) / 2)
        if (scenario)
        else 80_000
    )
    step = 10 ** max(0, len(str(int(anchor))) - 2) / 2  # 30,500 -> steps of 500; 4,200,000 -> 50,000

    def nice(amount: float) -> str:
        return format_money(round(amount / step) * step, currency)

    return {"example.ask": nice(anchor * 1.08), "example.low": nice(anchor * 1.05), "example.high": nice(anchor * 1.12)}


def _fit_tips(
    results: list[CriterionResult], criteria: list[Criterion], context: AnswerContext
) -> list[CriterionResult]:
    """Tips that fit this answer and this moment: a missed reward whose tip isn't for this stage of the call is
    not applicable here (it scores nothing either way); {found} names the words that triggered a penalty, and
    {example.*} amounts are in the scenario's currency and scale."""
    where = stage(context)
    values = example_values(context.scenario)
    fitted = []
    for result, criterion in zip(results, criteria, strict=True):
        if result.status == "missed" and where is not None and where not in criterion.suggest_in:
            result = replace(result, status="not_applicable")
        if "{" in result.tip:
            quoted = _quoted(result.evidence)
            result = replace(result, tip=fill(result.tip, {**values, "found": quoted or "those words"}))
        fitted.append(result)
    return fitted


def _quoted(evidence: list[Evidence]) -> str:
    """ "“whatever” and “that's your problem”": what the student wrote, each phrase once."""
    phrases = list(dict.fromkeys(e.text.strip() for e in evidence if e.text.strip() and e.end > e.start))
    quoted = [f"“{p}”" for p in phrases[:3]]
    return " and ".join([", ".join(quoted[:-1]), quoted[-1]] if len(quoted) > 1 else quoted)


def facts(analysis: Analysis, context: AnswerContext) -> dict[str, list[Evidence] | None]:
    """Detectors that compare the answer with numbers and time: evidence, [] (not found) or None (can't know)."""
    amounts = analysis.asks  # numbers are compared by what the student asks for, not by every figure named
    spans = {a: Evidence(a.start, a.end, analysis.answer.text[a.start : a.end]) for a in amounts}
    profile, scenario, timing = context.profile, context.scenario, context.timing
    target, walk_away = profile.numbers_in(scenario.currency if scenario else None) if profile else (None, None)
    offer = scenario.offer.base if scenario else None
    accepted = analysis.evidence("accepted")

    def where(number: float | None, test: Callable[[float, float], bool]) -> list[Evidence] | None:
        """The amounts that pass `test` against a known number; None when the number isn't known."""
        return [spans[a] for a in amounts if test(a.yearly, number)] if number is not None else None

    window = context.turn.answer_time if context.turn else None
    result = {
        "below_walk_away": where(walk_away, lambda v, walk: v < walk),
        "at_or_above_target": where(target, lambda v, aim: v >= aim),
        "countered": where(offer, lambda v, base: v > base),
        "counter_in_norm": where(offer, lambda v, base: COUNTER_NORM[0] * base <= v <= COUNTER_NORM[1] * base),
        "tiny_counter": where(offer, lambda v, base: base < v < (1 + TINY_COUNTER) * base),
        "below_market": where(scenario.market.low if scenario else None, lambda v, low: v < low),
        "accepted_below_walk_away": None
        if walk_away is None or offer is None
        else (accepted if accepted and offer < walk_away and not any(a.yearly >= walk_away for a in amounts) else []),
        "accepted_on_the_spot": _on_the_spot(analysis, context, offer, target),
        "made_a_move": [e for k in _MOVES for e in analysis.evidence(k)][:1],
        "pushed_after_concession": None
        if context.turn is None
        else ([spans[a] for a in amounts] if context.turn.fair_to_accept or context.turn.conceded else []),
        "slow_start": _slow_start(timing, context.delivery),
        "too_short": _too_short(analysis, window, timing),
        "too_long": None
        if window is None or timing.on_clock_s is None
        else ([Evidence(0, 0, f"{timing.on_clock_s:.0f} s on the clock")] if timing.on_clock_s > window.max else []),
    }
    result.update(spoken_facts(context.delivery))
    if profile is None or not profile.priorities:
        result["mentioned_priority"] = None
    note = profile.comparison_note(scenario.currency) if profile is not None and scenario is not None else None
    if note and amounts and note not in analysis.notes:
        analysis.notes.append(note)
    return result


def _slow_start(timing: Timing, delivery: Delivery | None) -> list[Evidence] | None:
    """A long wait before the answer began: over SLOW_START_S before typing, SLOW_START_SPOKEN_S before speaking."""
    if timing.latency_s is None:
        return None
    limit = SLOW_START_SPOKEN_S if delivery is not None else SLOW_START_S
    return [Evidence(0, 0, f"{timing.latency_s:.0f} s before starting")] if timing.latency_s > limit else []


def spoken_facts(delivery: Delivery | None) -> dict[str, list[Evidence] | None]:
    """What the delivery of a spoken answer shows, over the scored text: each filler's words (when there are more
    than FILLERS_ALLOWED_PER_MIN), each silence of LONG_PAUSE_S or more, and a pace outside PACE_BAND. All None
    (not applicable) for a typed answer; the pace is None when too little was said to judge it."""
    if delivery is None:
        return {name: None for name in SPOKEN_DETECTORS} | {"spoken_answer": []}
    pace = delivery.words_per_minute
    judged = pace is not None and delivery.words >= PACE_MIN_WORDS and delivery.speaking_s >= PACE_MIN_S

    def pace_if(test: bool) -> list[Evidence] | None:
        if not judged or pace is None:
            return None
        return [Evidence(0, 0, f"{pace:.0f} words a minute")] if test else []

    return {
        "spoken_answer": [Evidence(0, 0, "answered out loud")],
        "spoken_fillers": [Evidence(f.char_start, f.char_end, f.text) for f in delivery.fillers]
        if spoken_hits(delivery).get("spoken_fillers")
        else [],
        "long_pauses": [Evidence(p.char_at, p.char_at, f"{p.length:.1f} s silence") for p in delivery.long_pauses()],
        "fast_pace": pace_if(pace is not None and pace > PACE_BAND[1]),
        "slow_pace": pace_if(pace is not None and pace < PACE_BAND[0]),
    }


def spoken_hits(delivery: Delivery | None) -> dict[str, int]:
    """How many times the fillers count: one hit per FILLER_STEP_PER_MIN a minute above the allowance, never more
    than the fillers themselves. {} for a typed answer."""
    if delivery is None:
        return {}
    rate = delivery.fillers_per_minute
    if rate is None or rate <= FILLERS_ALLOWED_PER_MIN:
        return {"spoken_fillers": 0}
    steps = math.ceil((rate - FILLERS_ALLOWED_PER_MIN) / FILLER_STEP_PER_MIN - 1e-9)
    return {"spoken_fillers": min(len(delivery.fillers), max(1, steps))}


def _too_short(analysis: Analysis, window: AnswerTime | None, timing: Timing) -> list[Evidence] | None:
    """Sent before the moment's time was up with nothing for the recruiter to work with: no reason, no number,
    no question, no request for time and no other term. An answer that has one of those is never too short."""
    if window is None or timing.on_clock_s is None:
        return None
    if timing.on_clock_s >= window.min or any(analysis.has(k) for k in _SUBSTANCE):
        return []
    words = len(analysis.answer.words)
    return [Evidence(0, 0, f"{words} word{'s' if words != 1 else ''}, no reason or question")]


_MOVES = ("named_number", "asked_question", "asked_for_time", "levers")  # what moves a conversation on
_SUBSTANCE = ("reasons", *_MOVES)  # what gives the recruiter something to work with


def detector_names(lexicons: LexiconSet) -> tuple[str, ...]:
    return tuple(lexicons.lexicons) + TEXT_DETECTORS + POLITENESS_SIGNALS + FACT_DETECTORS


NOT_WEIGHTS = frozenset({"speech.yaml"})  # models/ files that aren't learned weights: app.listening's speech model


@lru_cache(maxsize=4)
def load_scorer(roots: tuple[Path, ...]) -> Scorer:
    """Lexicons, rubrics and learned weights from each root's lexicons/, rubrics/ and models/ folders; a later
    root overrides an earlier one id by id. Cached: they are read once per process."""
    lexicons = load_lexicons([root / "lexicons" for root in roots])
    rubrics, problems = load_rubrics([root / "rubrics" for root in roots], detector_names(lexicons))
    models: dict[str, LearnedWeights] = {}
    for path in (p for root in roots for p in sorted((root / "models").glob("*.yaml")) if p.name not in NOT_WEIGHTS):
        weights, found = load_weights(path)
        problems += found
        if weights is not None:
            models[weights.model] = weights
    for rubric in rubrics.values():
        for dim_id, dimension in rubric.dimensions.items():
            if dimension.model and dimension.model not in models:
                problems.append(
                    Diagnostic(
                        f"rubric {rubric.id}",
                        1,
                        1,
                        Severity.ERROR,
                        f'the {dim_id} dimension names the model "{dimension.model}", which is not in '
                        "any models/ folder — train it (make train) or remove `model:`",
                    )
                )
    return Scorer(lexicons, rubrics, lexicons.diagnostics + problems, models)


_TAKES_THE_OFFER = re.compile(r"accept|sign|take|deal|count me in|i'm in|contract", re.IGNORECASE)


def _on_the_spot(
    analysis: Analysis, context: AnswerContext, offer: float | None, target: float | None
) -> list[Evidence]:
    """Saying yes with nothing else: no ask, request for time or other lever ("when do I start?" doesn't
    count). Fine where the turn
    says the recruiter met the student's ask, or where the offer already reaches their target."""
    # taking the offer itself ("I accept", "where do I sign"), not agreeing to a detail ("that works for me")
    accepted = [e for e in analysis.evidence("accepted") if _TAKES_THE_OFFER.search(e.text)]
    if not accepted or (context.turn is not None and (context.turn.fair_to_accept or context.turn.conceded)):
        return []
    if offer is not None and target is not None and offer >= target:
        return []
    # a yes that names its number (above the offer, or any number when the offer isn't known) states terms
    stated_ask = any(r.role == "ask" and (r.cued or offer is None or r.amount.yearly > offer) for r in analysis.roles)
    if stated_ask or any(analysis.has(k) for k in ("asked_for_time", "levers")):
        return []  # a yes with a number, a request for time or another term is a move, not a yes on the spot
    return accepted


def _cancel_rewards(
    results: list[CriterionResult], rubric: Rubric, found: dict[str, list[Evidence] | None]
) -> list[CriterionResult]:
    """A dimension's rewards earn nothing next to what cancels them (thanks don't soften an ultimatum); they
    show as missed, with the reason as their tip."""
    hostile = {
        dim_id: [name for name in dim.cancelled_by if found.get(name)] for dim_id, dim in rubric.dimensions.items()
    }
    return [
        replace(
            r,
            status="missed",
            points=0.0,
            evidence=[],
            tip=f"{r.label} doesn't count next to {' or '.join(n.replace('_', ' ') for n in hostile[r.dimension])}: "
            "drop the hard line and your warmth will land.",
        )
        if r.status == "met" and r.points > 0 and hostile.get(r.dimension)
        else r
        for r in results
    ]
