"""Every file in tests/data/bad/ names, on its first line, the diagnostic it must produce."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA, FIXTURE_SCENARIOS

from app.core.library import load_library, load_scenario, rule_context
from app.core.yamlsource import MAX_BYTES
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
