"""Did-you-mean hints only ever suggest valid names: never the unknown word itself, never another name that the
same file gets wrong, in every place that suggests names (keys, turn ids in goto and start, condition names,
dimensions, detectors, expected routes)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE_SCENARIOS
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.diagnostics import Diagnostic, Severity, checked_suggestions, did_you_mean
from app.core.library import load_scenario
from app.core.scenario_rules import RuleContext

SUGGESTED = re.compile(r'\(did you mean "([^"]*)"\?\)')
NAMES = st.text(alphabet="abcdefghij_", min_size=1, max_size=8)


def suggested(hint: str) -> str | None:
    match = SUGGESTED.search(hint)
    return match.group(1) if match else None


def typo(name: str) -> str:
    """A near miss of `name`: its last letter dropped (or one added to a very short name)."""
    return name[:-1] if len(name) > 4 else name + "x"


# ---- did_you_mean itself -------------------------------------------------------------------------------------


def test_the_word_itself_is_never_suggested() -> None:
    assert did_you_mean("fair_countr", ["fair_countr"]) == ""
    assert suggested(did_you_mean("fair_countr", ["fair_countr", "fair_counter", "bristles"])) == "fair_counter"


def test_names_passed_as_invalid_are_never_suggested() -> None:
    choices = ["fair_countr", "fair_counter", "small_counter"]
    assert suggested(did_you_mean("fair_countre", choices, invalid=["fair_counter"])) == "fair_countr"
    assert suggested(did_you_mean("fair_countre", choices, invalid=["fair_counter", "fair_countr"])) in (
        None,
        "small_counter",
    )


@settings(max_examples=300, deadline=None)
@given(NAMES, st.lists(NAMES, max_size=8), st.lists(NAMES, max_size=4))
def test_a_suggestion_is_always_a_valid_choice(word: str, choices: list[str], invalid: list[str]) -> None:
    name = suggested(did_you_mean(word, choices + [word], invalid=invalid))
    assert name is None or (name in choices and name != word and name not in invalid)


@settings(max_examples=200, deadline=None)
@given(st.lists(NAMES, min_size=2, max_size=8, unique=True), st.data())
def test_a_name_reported_unknown_in_the_same_file_is_never_suggested(turns: list[str], data: st.DataObject) -> None:
    """A route to a missing turn (a typo) is reported against the turn ids; later, where the file's routes are the
    candidates, that typo must not be suggested — whichever of the two is asked first."""
    wanted = data.draw(st.sampled_from(turns))
    wrong = data.draw(NAMES.filter(lambda n: n not in turns))
    routes = [wrong, *data.draw(st.lists(st.sampled_from(turns), max_size=3))]
    routes = [r for r in routes if r != wanted]
    for order in ("route first", "example first"):
        with checked_suggestions() as take_back:
            hints: list[tuple[str, str]] = []
            if order == "route first":
                hints.append((wrong, did_you_mean(wrong, turns)))
            hints.append((wanted, did_you_mean(wanted, routes)))
            if order == "example first":
                hints.append((wrong, did_you_mean(wrong, turns)))
            fixed = take_back([Diagnostic("f", 1, 1, Severity.ERROR, f'no "{word}"{hint}') for word, hint in hints])
        for (word, _hint), diagnostic in zip(hints, fixed, strict=True):
            name = suggested(diagnostic.message)
            assert name != word and name != wrong, (order, diagnostic.message)
            assert name is None or name in turns


# ---- every place that suggests names, in real files ----------------------------------------------------------


def scenario_text(name: str = "first-call") -> str:
    return (FIXTURE_SCENARIOS / f"{name}.yaml").read_text()


def diagnostics_for(tmp_path: Path, text: str, context: RuleContext | None = None) -> list[Diagnostic]:
    path = tmp_path / "mistake.yaml"
    path.write_text(text)
    return load_scenario(path, context).diagnostics


def assert_only_valid_suggestions(diagnostics: list[Diagnostic], valid: set[str]) -> None:
    for d in diagnostics:
        name = suggested(d.message)
        if name is None:
            continue
        assert name in valid, f"suggests {name!r}, which is not valid here: {d}"
        assert f'"{name}" (did you mean' not in d.message, f"suggests the word itself: {d}"


def turn_ids(text: str) -> list[str]:
    return list(yaml.safe_load(text)["turns"])


@pytest.mark.parametrize("scenario", ["first-call", "offer-call"])
def test_a_typo_in_a_goto_is_never_suggested_where_an_example_expects_that_turn(tmp_path: Path, scenario: str) -> None:
    """The library-page report: a route's `goto: fair_countr` and an example expecting `fair_counter` gave
    'did you mean "fair_countr"?'. Tried for every goto of the fixture scenarios."""
    text = scenario_text(scenario)
    turns = turn_ids(text)
    gotos = sorted(set(re.findall(r"goto: ([a-z_]+)", text)))
    assert gotos
    for target in gotos:
        wrong = typo(target)
        broken = re.sub(rf"(?m)^(\s+)goto: {target}$", rf"\1goto: {wrong}", text)
        found = diagnostics_for(tmp_path, broken)
        assert any(f'no turn "{wrong}"' in d.message for d in found), found
        assert_only_valid_suggestions(found, set(turns))
        assert all(suggested(d.message) != wrong for d in found), found


def test_an_example_expecting_a_typo_gets_the_real_route(tmp_path: Path) -> None:
    text = scenario_text()
    broken = text.replace("expect: {goto: shares_range}", "expect: {goto: shares_rang}")
    found = diagnostics_for(tmp_path, broken)
    hints = [suggested(d.message) for d in found if "shares_rang" in d.message]
    assert "shares_range" in hints, found


@pytest.mark.parametrize("where", ["start", "goto"])
def test_turn_ids_are_suggested_from_the_turns_only(tmp_path: Path, where: str) -> None:
    text = scenario_text()
    for turn in turn_ids(text):
        if where == "start":
            broken = text.replace("start: opening", f"start: {typo(turn)}")
        else:
            broken = text.replace("goto: asks_again", f"goto: {typo(turn)}")
        found = diagnostics_for(tmp_path, broken)
        assert [suggested(d.message) for d in found if f'no turn "{typo(turn)}"' in d.message] == [turn], found
        assert_only_valid_suggestions(found, set(turn_ids(text)))


@pytest.mark.parametrize(
    ("right", "where"),
    [
        ("summary", "top"),
        ("difficulty", "top"),
        ("coaching", "turn"),
        ("asked_question", "when"),
        ("named_number", "when"),
    ],
)
def test_keys_and_condition_names_suggest_the_allowed_key(tmp_path: Path, right: str, where: str) -> None:
    text = scenario_text()
    wrong = typo(right)
    if where == "when":
        broken = text.replace(f"{{{right}: true", f"{{{wrong}: true", 1)
    else:
        broken = re.sub(rf"(?m)^(\s*){right}:", rf"\g<1>{wrong}:", text, count=1)
    assert broken != text
    found = diagnostics_for(tmp_path, broken)
    hints = [suggested(d.message) for d in found if f'unknown key "{wrong}"' in d.message]
    assert hints and set(hints) == {right}, found


def test_the_same_unknown_word_twice_never_suggests_itself(tmp_path: Path) -> None:
    """Two routes to the same missing turn, and an example expecting it: no hint names the missing turn."""
    text = scenario_text().replace("goto: low_anchor", "goto: lowanchor")
    text = text.replace("expect: {goto: low_anchor}", "expect: {goto: lowanchor}")
    found = diagnostics_for(tmp_path, text)
    assert sum('no turn "lowanchor"' in d.message for d in found) == 2, found
    assert all(suggested(d.message) != "lowanchor" for d in found), found
    assert_only_valid_suggestions(found, set(turn_ids(text)))


def test_dimensions_and_detectors_are_suggested_from_the_valid_ones(tmp_path: Path) -> None:
    detectors = ("thanks", "reasons", "enthusiasm", "hedges")
    dims = ("confidence", "respect", "value")
    text = scenario_text().replace(
        "    coaching: Ask for their range before naming a number.\n",
        "    coaching: Ask for their range before naming a number.\n"
        "    criteria:\n"
        "      - {id: says-thanks, dimension: respct, label: Thanks them, detector: thanks, effect: reward,"
        " points: 5, tip: Say thank you., only_if: reasns}\n",
    )
    scored = "{named_number: true, score: {valu: {above: 50}}}"
    text = text.replace("{named_number: true}\n        end", f"{scored}\n        end")
    found = diagnostics_for(tmp_path, text, RuleContext({"default": dims}, detectors))
    by_word = {w: suggested(d.message) for d in found for w in ("respct", "reasns", "valu") if f'"{w}"' in d.message}
    assert by_word == {"respct": "respect", "reasns": "reasons", "valu": "value"}, found
    assert_only_valid_suggestions(found, set(detectors) | set(dims))
