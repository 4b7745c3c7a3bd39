"""The rehearsal engine: timing with an injected clock, placeholders, branching, retry, events."""

from __future__ import annotations

from pathlib import Path

from conftest import fixture_scenario

from app.core.profile import Priority, Profile, load_profile, save_profile
from app.core.scoring import AnswerContext
from app.core.session import LinePresented, Session, SessionEnded, TurnRecord
from app.practice import Practice


class FakeClock:
    """Time that only moves when the test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def session(scenario_id: str = "first-call", profile: Profile | None = None) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    return Session(fixture_scenario(scenario_id), Practice().scorer(), profile, clock), clock


def test_timing_runs_from_the_end_of_the_line() -> None:
    s, clock = session()
    s.start()
    clock.advance(6)  # the recruiter is speaking
    s.line_finished()
    clock.advance(3)
    s.keystroke()
    clock.advance(20)
    s.keystroke()  # later keystrokes don't move the start
    clock.advance(5)
    record = s.submit("Thanks! What range have you budgeted for the role?")
    assert (record.latency_s, record.duration_s, record.total_s) == (3, 25, 34)


def test_typing_during_the_line_starts_the_clock_and_slow_starts_are_scored() -> None:
    s, clock = session()
    s.start()
    s.keystroke()
    clock.advance(10)
    assert s.submit("Thanks for asking!").latency_s == 0
    s2, clock2 = session()
    s2.start()
    s2.line_finished()
    clock2.advance(30)
    s2.keystroke()
    clock2.advance(5)
    record = s2.submit("Thanks for asking!")
    assert record.latency_s == 30
    assert {r.id: r.status for r in record.score.criteria}["thinking-time"] == "triggered"


def test_placeholders_use_the_scenario_and_the_profile() -> None:
    s, _ = session(profile=Profile(name="Ana"))
    assert s.start().text == "Hello Ana! What salary are you hoping for at Quillfeather Labs?"
    anonymous, _ = session()
    assert anonymous.start().text == "Hello there! What salary are you hoping for at Quillfeather Labs?"
    s.submit("Thanks! What range have you budgeted for the role?")
    assert s.current.text == "We pay $60,000 to $80,000 for this role. Does that work for you?"


def test_a_missing_name_is_left_out_gracefully() -> None:
    s, _ = session()
    assert (
        s.fill("{student.name}, I have news. Thanks, {student.name}! Hi {student.name} and welcome.")
        == "I have news. Thanks! Hi there and welcome."
    )


def test_two_paths_reach_different_endings_and_events_arrive_in_order() -> None:
    events = []
    low, _ = session()
    low.subscribe(events.append)
    low.start()
    low.submit("Maybe like 50k? I'm not sure.")
    low.submit("Okay, thank you.")
    assert low.ended and low.ending.outcome == "anchored_low"
    assert [type(e) for e in events] == [LinePresented, TurnRecord, LinePresented, TurnRecord, SessionEnded]
    good, _ = session()
    good.start()
    good.submit("Thanks! Before I name a number, what range have you budgeted?")
    good.submit("That works, thank you. With my React projects I'd expect the upper half.")
    assert good.ending.outcome == "learned_range" and good.ending.closing_line == "Great, talk soon."
    assert [r.turn_id for r in good.records] == ["opening", "shares_range"]


def test_retry_from_a_turn_forgets_later_answers() -> None:
    s, _ = session()
    s.start()
    s.submit("Maybe like 50k? I'm not sure.")
    s.submit("Okay, thank you.")
    line = s.retry_from(0)
    assert line.turn_id == "opening" and s.records == [] and not s.ended
    s.submit("Thanks! What range have you budgeted?")
    assert s.current.turn_id == "shares_range"


def test_profile_round_trips_through_yaml_and_changes_scoring(tmp_path: Path) -> None:
    profile = Profile(
        name="Ana",
        target=80000,
        walk_away=70000,
        petals={"conditions": ["weekly pairing with a senior dev"]},
        priorities=[Priority(label="mentorship", why="I learn fastest by pairing", keywords=["mentor", "pairing"])],
    )
    save_profile(profile, tmp_path / "me.yaml")
    assert load_profile(tmp_path / "me.yaml") == profile
    answer = "Could we do 65k? Pairing with a mentor matters a lot to me."
    with_profile = Practice().scorer().score(answer, AnswerContext(profile=profile))
    without = Practice().scorer().score(answer)
    base = without.dimensions["value"].base
    assert without.dimensions["value"].score == base, "without a profile no value criterion applies to this answer"
    found = {r.id: (r.status, r.points) for r in with_profile.criteria}
    assert found["names-priority"] == ("met", 10) and found["not-below-walk-away"] == ("triggered", -30)
    assert with_profile.dimensions["value"].score == base + 10 - 30
