"""The shipped scenarios, played through the real Session and scorer: the recruiter reacts to tone (goodwill),
answers every part of the package a student raises, never says the same thing twice in one call, and every
branch of every turn is proven by one of the file's own example answers.

The scenarios are found in the built-in folder, so a new file is checked as soon as it is added."""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

import pytest

from app import paths
from app.core.branching import choose
from app.core.goodwill import COLD, WARM, first_step
from app.core.levers import raised
from app.core.library import load_scenario
from app.core.placeholders import format_money
from app.core.profile import Priority, Profile
from app.core.scenario import Scenario
from app.core.scoring import AnswerContext, Scorer
from app.core.session import LinePresented, Session, SessionEnded
from app.practice import Practice

FOLDER = paths.builtin_scenarios()
FILES = sorted(FOLDER.glob("*.yaml"))
IDS = [p.stem for p in FILES]

# The five parts of the package every scenario must have an answer for, and words that show a reply is about it.
REQUIRED_LEVERS = ("remote", "review", "learning", "start_date", "signing_bonus")
LEVER_WORDS = {
    "remote": ("remote", "home", "office", "hybrid", "in person", "on site", "on-site"),
    "review": ("review",),
    "learning": ("learning", "training", "course", "conference", "mentor", "certification"),
    "start_date": ("start",),
    "signing_bonus": ("signing", "sign-on", "joining"),
}
# An answer that raises each lever on its own, politely and without naming an amount.
LEVER_ASKS = {
    "remote": "Thanks for that. Would it be possible to work remote two days a week?",
    "review": "Thanks for that. Could we add a salary review after six months?",
    "learning": "Thanks for that. Is there a learning budget for courses and conferences?",
    "start_date": "Thanks for that. Could we talk about the start date?",
    "signing_bonus": "Thanks for that. Would a signing bonus be possible?",
}

HEDGING = "Um, I guess maybe, sort of? I'm not really sure, to be honest."
RUDE = "Honestly, that's a joke. Whatever, that's your problem, not mine."


def rude_with_number(s: Scenario) -> str:
    """The ultimatum with a figure: a number branch must not treat it as a fair counter."""
    return f"{money(s, ask(s, 1.08))} or I walk. That's your problem, not mine."


@cache
def scorer() -> Scorer:
    return Practice().scorer()


@cache
def scenario(scenario_id: str) -> Scenario:
    loaded = load_scenario(FOLDER / f"{scenario_id}.yaml")
    assert loaded.scenario is not None, [str(d) for d in loaded.diagnostics]
    return loaded.scenario


def money(s: Scenario, amount: float) -> str:
    return format_money(round(amount, -2), s.currency)


def ask(s: Scenario, factor: float) -> float:
    """An amount relative to the offer's base (or, with no offer yet, the market's middle)."""
    base = s.offer.base or s.market.mid or (s.market.low + s.market.high) / 2
    return base * factor


def play(s: Scenario, answers: list[str], profile: Profile | None = None) -> tuple[Session, list[str]]:
    """Answers played in order until the call ends; returns the session and everything the recruiter said."""
    session = Session(s, scorer(), profile, clock=lambda: 0.0)
    said = [session.start().text]
    for answer in answers:
        if session.ended:
            break
        said.append(next_text(session, answer))
    return session, said


def next_text(session: Session, answer: str) -> str:
    """What the recruiter says after `answer`: the next line, or the closing line when the call ends."""
    session.submit(answer)
    if session.ending is not None:
        return session.ending.closing_line
    assert session.current is not None
    return session.current.text


def test_the_library_has_the_new_scenarios() -> None:
    assert len(FILES) >= 16
    for path in FILES:
        assert scenario(path.stem).id == path.stem, "the id is the file name"


# ---- (a) tone matters ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario_id", IDS)
def test_a_rude_and_a_hedging_opening_answer_get_different_replies(scenario_id: str) -> None:
    s = scenario(scenario_id)
    hedged_session, hedged = play(s, [HEDGING])
    assert COLD <= hedged_session.goodwill <= WARM, "a hedging answer leaves goodwill near where it started"
    for rude in (RUDE, rude_with_number(s)):
        rude_session, replies = play(s, [rude])
        assert rude_session.goodwill < COLD, f"{rude!r} should cool the recruiter"
        assert replies[1] != hedged[1], f"{rude!r} got the same reply as a hedging answer: {replies[1]!r}"


@pytest.mark.parametrize("scenario_id", IDS)
def test_a_rude_and_a_hedging_second_answer_get_different_replies(scenario_id: str) -> None:
    """After a hedging first answer, the second line reacts to tone as well (the next line or the closing one)."""
    s = scenario(scenario_id)
    first, _ = play(s, [HEDGING])
    if first.ended:
        pytest.skip("a hedging first answer ends this call")
    _, hedged = play(s, [HEDGING, HEDGING])
    for rude in (RUDE, rude_with_number(s)):
        session, replies = play(s, [HEDGING, rude])
        assert session.goodwill < COLD
        assert replies[2] != hedged[2], f"{rude!r} got the same reply as a hedging answer: {replies[2]!r}"


@pytest.mark.parametrize("scenario_id", IDS)
def test_goodwill_is_used(scenario_id: str) -> None:
    s = scenario(scenario_id)
    routes = [r for t in s.turns.values() for r in t.routes()]
    tests_goodwill = any(b.when.goodwill for t in s.turns.values() for b in t.branches)
    toned = any(t.cold or t.warm for t in s.turns.values()) or any(r.end and (r.end.cold or r.end.warm) for r in routes)
    assert tests_goodwill and toned, "branch on goodwill, and give lines a cold or warm variant"
    opening = s.turns[s.start_turn]
    assert opening.cold or any(b.when.goodwill for b in opening.branches), "the opening turn reacts to goodwill"


# ---- (b) levers ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario_id", IDS)
@pytest.mark.parametrize("lever", REQUIRED_LEVERS)
def test_raising_a_part_of_the_package_gets_an_answer(scenario_id: str, lever: str) -> None:
    s = scenario(scenario_id)
    assert lever in s.levers, f"add `levers: {{{lever}: ...}}`"
    session = Session(s, scorer(), None, clock=lambda: 0.0)
    session.start()
    answer = LEVER_ASKS[lever]
    record = session.submit(answer)
    assert record.score.analysis is not None and lever in raised(record.score.analysis)
    reply = session.ending.closing_line if session.ending else session.current.text  # type: ignore[union-attr]
    branch = s.turns[s.start_turn].branches[record.branch] if record.branch is not None else None
    handled = branch is not None and lever in (branch.when.asked_about or ())
    if not handled:
        assert session.fill(s.levers[lever]) in reply, f"the {lever} answer is not said: {reply!r}"
    assert any(w in reply.lower() for w in LEVER_WORDS[lever]), f"the reply doesn't mention {lever}: {reply!r}"


@pytest.mark.parametrize("scenario_id", IDS)
def test_lever_answers_mention_what_they_answer(scenario_id: str) -> None:
    s = scenario(scenario_id)
    for lever, line in s.levers.items():
        words = LEVER_WORDS.get(lever)
        if words:
            assert any(w in line.lower() for w in words), f"{lever}: {line!r}"


# ---- (c) no repeats -----------------------------------------------------------------------------------------------


def answer_pool(s: Scenario) -> list[str]:
    """Varied answers a student might give anywhere in a call: polite, hedging, rude, accepting, stalling, asking."""
    fair, high, low = money(s, ask(s, 1.07)), money(s, ask(s, 1.25)), money(s, s.market.low * 0.85)
    return [
        f"Thank you, I'm really excited about this. I was hoping for {fair}, based on market data and my "
        "portfolio. How can we close the gap?",
        f"I'd like {high}, because that's what my research says the role pays.",
        f"Maybe {low}? I'm not sure.",
        f"{fair} or I walk. That's your problem, not mine.",
        HEDGING,
        RUDE,
        "Yes, I accept. Thank you!",
        "That works for me, let's do it.",
        "Thank you. Could you send the offer in writing? I'll get back to you by Friday.",
        "Could I have until Monday to think it over and talk it through with my family?",
        "Could I have until Thursday to decide?",
        "This is a pressure tactic and it's not fair.",
        "What range have you budgeted for this role?",
        "How many days do people actually take, and when does health cover start?",
        "Thanks. Could I work remote two days a week? I focus best at home.",
        "Could we add a salary review after six months, with clear goals?",
        "Is there a learning budget for courses and conferences, and a mentor?",
        "Could I start two weeks later, on a Monday, so I can finish my notice?",
        "Would a signing bonus be possible, to cover the gap this year?",
        "Is there help with relocation costs?",
        "I have another offer, but you're my first choice because of the mission and the team.",
        "I need more. You have to do better.",
        "Okay.",
        "Whatever.",
        "You're right, sorry. Let's go with what we agreed.",
        "What are the strike price and the vesting schedule?",
        "Great, yes, we're agreed. Actually, one more thing: could you add five more days of PTO?",
        "I'd rather not share my current pay. What's the band for this role?",
        "I'm ready to sign if you can do that. Thank you for working with me on it.",
        "Sure, happy to send the breakdown. Thanks!",
    ]


PROFILE = Profile(
    name="Sam",
    priorities=[
        Priority(label="mentorship", keywords=["mentor", "pairing"]),
        Priority(label="remote work", keywords=["remote", "from home"]),
        Priority(label="the mission", keywords=["mission"]),
    ],
)
SENTENCE = re.compile(r"[^.!?]+[.!?]*")
MAX_ANSWERS = 12


def sentences(text: str) -> list[str]:
    """Sentences long enough that saying one twice is a repeat, not a coincidence ("Of course." may come twice)."""
    found = [" ".join(m.group(0).lower().split()).strip(" .!?") for m in SENTENCE.finditer(text)]
    return [f for f in found if len(f.split()) >= 4]


def random_call(s: Scenario, rng: random.Random, profile: Profile | None) -> tuple[Session, list[str], list[str]]:
    """One call with answers drawn at random: half the time from the varied pool, half the time from the example
    answers written for the turn the call is on (they are what reaches each branch, loops included)."""
    pool = answer_pool(s)
    session = Session(s, scorer(), profile, clock=lambda: 0.0)
    heard: list[str] = []
    answers: list[str] = []

    def listen(event: object) -> None:
        if isinstance(event, LinePresented):
            heard.append(event.text)
        elif isinstance(event, SessionEnded):
            heard.append(event.closing_line)

    session.subscribe(listen)
    session.start()
    while not session.ended and len(answers) < MAX_ANSWERS:
        written = [e.answer for e in session.turn.examples]
        answers.append(rng.choice(written if written and rng.random() < 0.5 else pool))
        session.submit(answers[-1])
    return session, answers, heard


@pytest.mark.parametrize("scenario_id", IDS)
def test_random_calls_never_repeat_a_line(scenario_id: str) -> None:
    s = scenario(scenario_id)
    rng = random.Random(scenario_id)
    for walk in range(300):
        session, answers, heard = random_call(s, rng, PROFILE if walk % 2 else None)
        where = f"answers: {answers}\nheard: {heard}"
        assert session.ended, f"the call should end within {MAX_ANSWERS} answers\n{where}"
        assert not any("As I said" in line for line in heard), f"the recruiter ran out of fresh lines\n{where}"
        seen: set[str] = set()
        for line in heard:
            for sentence in sentences(line):
                assert sentence not in seen, f"said twice: {sentence!r}\n{where}"
                seen.add(sentence)


def test_a_repeated_line_is_caught() -> None:
    """The check above can fail: a call that says a sentence twice is reported."""
    assert sentences("Friday is a long time in hiring. Okay.") == ["friday is a long time in hiring"]
    lines = ["Friday is a long time in hiring. Why?", "Hm. Friday is a long time in hiring!"]
    said = [x for line in lines for x in sentences(line)]
    assert len(said) != len(set(said))


# ---- (d) every branch is proven by an example ---------------------------------------------------------------------


@pytest.mark.parametrize("scenario_id", IDS)
def test_every_branch_of_every_turn_is_reached_by_an_example(scenario_id: str) -> None:
    s = scenario(scenario_id)
    rules = scorer().rubrics[s.rubric.id].goodwill
    missing = []
    for tid, turn in s.turns.items():
        reached: set[int | None] = set()
        for example in turn.examples:
            score = scorer().score(example.answer, AnswerContext(s, turn, None))
            index, route = choose(turn, score, s, None, first_step(rules, score, example.goodwill).after)
            expect = example.expect
            assert expect.goto is not None or expect.end is not None, f"{tid}: an example with no `expect` route"
            if expect.goto is not None:
                assert route.goto == expect.goto, f"{tid}: {example.answer!r} goes to {route.target}"
            if expect.end is not None:
                assert route.end is not None and route.end.outcome == expect.end, f"{tid}: {example.answer!r}"
            reached.add(index)
        wanted = {*range(len(turn.branches)), None}
        missing += [f"{tid}: {'otherwise' if i is None else f'branch {i + 1}'}" for i in wanted - reached]
    assert missing == [], "no example reaches: " + ", ".join(missing)


def test_scenario_files_start_with_the_schema_line() -> None:
    for path in FILES:
        first = Path(path).read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../resources/schema/scenario.schema.json", path.name
