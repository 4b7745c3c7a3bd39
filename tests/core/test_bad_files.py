"""Every file in tests/data/bad/ names, on its first line, the diagnostic it must produce."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA, FIXTURE_SCENARIOS

from app.core.library import load_library, load_scenario, rule_context
from app.core.yamlsource import MAX_BYTES, YamlProblem, load_text
from app.practice import Practice

BAD = sorted((DATA / "bad").glob("*.yaml"))
EXPECT = re.compile(rb"^# expect: (\d+):(\d+): (error|warning): (.*)$")


def expectation(path: Path) -> tuple[int, int, str, str]:
    match = EXPECT.match(path.read_bytes().splitlines()[0])
    assert match, f"{path.name} must start with '# expect: LINE:COL: severity: message'"
    line, col, severity, message = match.groups()
    return int(line), int(col), severity.decode(), message.decode()


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_file_reports_expected_message_line_and_column(path: Path) -> None:
    line, col, severity, message = expectation(path)
    if path.stem == "duplicate-id":  # only a mistake next to the scenario whose id it copies
        loaded = next(f for f in load_library([FIXTURE_SCENARIOS, path]).files if f.path == str(path))
    elif path.stem.startswith("example-"):  # example answers are scored only when asked to
        loaded = load_scenario(path, rule_context(Practice().scorer(), run_examples=True))
    else:
        loaded = load_scenario(path)
    found = [(d.line, d.col, d.severity.value, d.message) for d in loaded.diagnostics]
    assert any(d[:3] == (line, col, severity) and d[3].startswith(message) for d in found), found
    assert all(" — " in d[3] for d in found), "every message says how to fix it"
    if severity == "error":
        assert not loaded.ok


def test_there_is_a_bad_file_for_every_listed_mistake() -> None:
    names = {p.stem for p in BAD}
    assert {
        "unknown-key",
        "wrong-type",
        "missing-field",
        "goto-missing-turn",
        "start-missing",
        "loop-no-exit",
        "unknown-placeholder",
        "duplicate-id",
        "unreachable-turn",
        "no-coaching",
        "alias-bomb",
        "python-tag",
        "empty",
        "not-utf8",
        "not-mapping",
        "deep-nesting",
        "scalar-tag",
        "key-tag",
        "long-example-answer",
    } <= names


def test_oversized_file_is_refused_with_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("title: x\n" + "# padding\n" * (MAX_BYTES // 10 + 10))
    loaded = load_scenario(big)
    assert [(d.line, d.col) for d in loaded.diagnostics] == [(1, 1)]
    assert "over the 1 MB limit" in loaded.diagnostics[0].message


def test_missing_file_gets_a_message_not_a_traceback(tmp_path: Path) -> None:
    loaded = load_scenario(tmp_path / "nope.yaml")
    assert not loaded.ok and "can't be read" in loaded.diagnostics[0].message


def test_all_problems_in_a_file_are_reported_not_just_the_first(tmp_path: Path) -> None:
    text = (DATA / "bad" / "wrong-type.yaml").read_text()
    broken = text.replace("goto: range", "goto: rnage").replace("What are your", "Hi {studnt.name}, what are your")
    path = tmp_path / "many.yaml"
    path.write_text(broken)
    messages = [d.message for d in load_scenario(path).diagnostics]
    assert any("whole number" in m for m in messages)
    assert any('no turn "rnage"' in m for m in messages)
    assert any("{studnt.name}" in m for m in messages)


# ---- YAML syntax errors are reported where the mistake is, not where the parser gave up -----------------------

SOURCES = sorted(FIXTURE_SCENARIOS.glob("*.yaml"))
ONE_LINE_QUOTED = re.compile(r'^(\s*(?:- )?(?:[a-z_]+: |- ))"([^"\n]*)"\s*$')
ONE_LINE_FLOW = re.compile(r"^(\s*(?:- )?[a-z_]+: )([\[{])(.*)([\]}])\s*$")
PLAIN_TEXT = re.compile(r"^(\s*(?:- )?(?:say|summary|coaching|persona|answer|title): )([A-Za-z][^\"'#\n]*)$")
KEY_LINE = re.compile(r"^( +)([a-z_]+):( |$)")


def syntax_problem(text: str) -> tuple[int, int, str]:
    with pytest.raises(YamlProblem) as raised:
        load_text(text, "mistake.yaml")
    [found] = raised.value.diagnostics
    assert found.message.startswith("YAML syntax: ") and " — " in found.message, found
    return found.line, found.col, found.message


def lines_of(path: Path) -> list[str]:
    return path.read_text().splitlines(keepends=True)


def with_line(lines: list[str], index: int, new: str) -> str:
    return "".join(lines[:index] + [new] + lines[index + 1 :])


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem for p in SOURCES])
@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_quote_left_open_is_reported_at_the_opening_quote(path: Path, quote: str) -> None:
    """Every one-line quoted value of the fixture scenarios, with its closing quote dropped; and every plain
    text value given an opening quote. The error must point at the opening quote, wherever the scanner gave up."""
    lines = lines_of(path)
    tried = 0
    for i, line in enumerate(lines):
        quoted, plain = ONE_LINE_QUOTED.match(line), PLAIN_TEXT.match(line.rstrip("\n"))
        match = quoted or plain
        if match is None or (quote == "'" and "'" in match.group(2)):
            continue
        text = with_line(lines, i, f"{match.group(1)}{quote}{match.group(2)}\n")
        line_no, col, message = syntax_problem(text)
        assert (line_no, col) == (i + 1, len(match.group(1)) + 1), (line, message)
        assert "never closed" in message and f"add the closing {quote}" in message
        tried += 1
    assert tried >= 5


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem for p in SOURCES])
def test_a_bracket_left_open_is_reported_at_the_opening_bracket(path: Path) -> None:
    lines = lines_of(path)
    tried = 0
    for i, line in enumerate(lines):
        match = ONE_LINE_FLOW.match(line)
        if match is None or match.group(3).count(match.group(2)) != match.group(3).count(match.group(4)):
            continue
        opener, closer = match.group(2), match.group(4)
        text = with_line(lines, i, f"{match.group(1)}{opener}{match.group(3)}\n")
        line_no, col, message = syntax_problem(text)
        assert (line_no, col) == (i + 1, len(match.group(1)) + 1), (line, message)
        assert f"this {opener} is never closed — add the closing {closer}" in message
        tried += 1
    assert tried >= 3


def filler(count: int, start: int = 0) -> str:
    return "".join(f"  key_{n}: plain words number {n}\n" for n in range(start, start + count))


@pytest.mark.parametrize("before", [0, 3, 12, 40])
@pytest.mark.parametrize("after", [1, 7, 30])
@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_quote_left_open_far_from_the_next_quote_is_reported_where_it_opens(
    before: int, after: int, quote: str
) -> None:
    """The report from trying the app: an unclosed quote on line 5 was reported on line 49, where the next quote
    mark happened to be. Here the next quote is `after` lines further on, in a list or a mapping."""
    text = (
        "notes:\n"
        + filler(before)
        + f"  broken: {quote}this text never ends\n"
        + filler(after, before)
        + f"  later: {quote}a quoted value{quote}\n"
        + "items:\n"
        + f"  - {quote}one{quote}\n"
    )
    line_no, col, message = syntax_problem(text)
    assert (line_no, col) == (before + 2, 11), message
    assert "never closed" in message and f"add the closing {quote}" in message


@pytest.mark.parametrize("before", [0, 5, 25])
def test_a_quote_left_open_in_a_list_or_a_bracket_list_is_reported_where_it_opens(before: int) -> None:
    text = "things:\n" + "".join(f"  - item {n}\n" for n in range(before)) + '  - "open\n  - two\n  - "three"\n'
    assert syntax_problem(text)[:2] == (before + 2, 5)
    text = "a: 1\n" * before + 'phrases: ["one", "two, "three"]\nb: "x"\n'
    line_no, col, message = syntax_problem(text)
    assert (line_no, col) == (before + 1, 18) and "never closed" in message, message


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem for p in SOURCES])
@pytest.mark.parametrize("shift", [-1, 1, 2])
def test_an_indentation_mistake_is_reported_on_its_own_line(path: Path, shift: int) -> None:
    """Every key that is not the first of its mapping, moved left by one space or right by one or two."""
    lines = lines_of(path)
    tried = 0
    for i, line in enumerate(lines[1:], start=1):
        match, above = KEY_LINE.match(line), KEY_LINE.match(lines[i - 1])
        if not match or not above or len(above.group(1)) != len(match.group(1)):
            continue
        text = with_line(lines, i, " " * (len(match.group(1)) + shift) + line.lstrip(" "))
        line_no, _col, message = syntax_problem(text)
        assert line_no == i + 1, (line, message)
        assert "indent" in message or "list" in message, message
        tried += 1
    assert tried >= 5


@pytest.mark.parametrize("line", [1, 4, 10])
def test_text_after_a_closing_quote_is_reported_at_that_quote(line: int) -> None:
    text = "a: 1\n" * (line - 1) + 'title: "An offer" below market\nb: 2\n'
    assert syntax_problem(text)[:2] == (line, 17)
    text = "a: 1\n" * (line - 1) + "title: 'It's an offer'\nb: 2\n"
    line_no, col, message = syntax_problem(text)
    assert (line_no, col) == (line, 11) and "apostrophe" in message and "''" in message


@pytest.mark.parametrize(
    ("text", "spot", "words"),
    [
        ("a: 1\n\tb: 2\n", (2, 1), "tab"),
        ("a: 1\nb: @home\n", (2, 4), "quotes"),
        ('a: "C:\\q"\n', (1, 7), "backslash"),
        ("a: 1\n---\nb: 2\n", (2, 1), "more than one YAML document"),
        ("title: Offer: low\n", (1, 13), "put the whole value in quotes"),
        ("a: 1\nb\nc: 2\n", (2, 1), "no `:`"),
    ],
)
def test_other_syntax_mistakes_point_at_the_cause(text: str, spot: tuple[int, int], words: str) -> None:
    line_no, col, message = syntax_problem(text)
    assert (line_no, col) == spot and words in message, message
