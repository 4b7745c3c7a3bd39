"""Files written to break the loader: each gets a `path:line:col: error: what — how to fix` diagnostic, never a
traceback, a hang or a memory blow-up; and one such file among the user's scenarios never hides the others."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURE_SCENARIOS

from app import paths
from app.core.file_validation import validate_paths
from app.core.library import find_scenario_files, load_library, load_scenario, rule_context
from app.core.model_validation import load_and_validate
from app.core.profile import Profile
from app.core.scenario_rules import MAX_EXAMPLE_CHARS
from app.core.yamlsource import MAX_DEPTH, YamlProblem, load_file, load_text
from app.practice import Practice

BUILTIN_FILES = sorted(paths.builtin_scenarios().glob("*.yaml"))

FIRST_CALL = (FIXTURE_SCENARIOS / "first-call.yaml").read_text(encoding="utf-8")


def _errors(path: Path) -> list[tuple[int, int, str]]:
    loaded = load_scenario(path)
    assert not loaded.ok
    for d in loaded.diagnostics:
        assert d.path == str(path) and " — " in d.message, d
    return [(d.line, d.col, d.message) for d in loaded.diagnostics if d.severity.value == "error"]


def _problems(text: str) -> list[str]:
    with pytest.raises(YamlProblem) as caught:
        load_text(text, "f.yaml")
    return [str(d) for d in caught.value.diagnostics]


# ---- 1. nesting --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 300, 990])
def test_deep_flow_nesting_is_refused_where_the_limit_is_crossed(tmp_path: Path, levels: int) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("id: deep\nturns: " + "[" * levels + "]" * levels + "\n")
    errors = _errors(path)
    assert errors[0][:2] == (2, 8 + MAX_DEPTH - 1), errors  # the first list nested one level too deep
    assert "nested more than 64 levels" in errors[0][2]


def test_deep_block_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("id: deep\n" + "".join(" " * i + f"k{i}:\n" for i in range(400)) + " " * 400 + "end: 1\n")
    (line, col, message), *_ = _errors(path)
    assert "nested more than 64 levels" in message and (line, col) == (MAX_DEPTH + 2, MAX_DEPTH + 1)


def test_nesting_at_the_limit_is_fine() -> None:
    depth = MAX_DEPTH - 1  # the top-level mapping is one level
    assert load_text("a: " + "[" * depth + "]" * depth, "f.yaml").data


# ---- 2. tags -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        '!!bool "maybe"',
        '!!timestamp "notadate"',
        '!!int "x"',
        '!!float ""',
        '!!float "x"',
        '!!null "x"',
        "!!int 12",
        "!!binary aGVsbG8=",
        "!!set {a}",
        "!foo bar",
        "&a !!bool nope",
    ],
)
def test_explicit_tags_on_values_are_refused(value: str) -> None:
    problems = _problems(f"title: ok\nsay: {value}\n")
    assert len(problems) == 1 and problems[0].startswith("f.yaml:2:6: error: the tag ") and " — " in problems[0]


@pytest.mark.parametrize("key", ["!!int 1", "!!bool yes", "!!null ~", "!!float 1.5", "!custom k"])
def test_explicit_tags_on_keys_are_refused(key: str) -> None:
    problems = _problems(f"title: ok\n? {key}\n: value\n")
    assert len(problems) == 1 and problems[0].startswith("f.yaml:2:3: error: the tag ") and "on a key" in problems[0]


def test_plain_values_and_str_tags_still_load() -> None:
    data = load_text('a: true\nb: 12\nc: 1.5\nd: ~\n1: x\ne: !!str 12\n? !!str f\n: "12"\ng: &x 3\nh: *x\n', "f").data
    assert data == {"a": True, "b": 12, "c": 1.5, "d": None, "1": "x", "e": "12", "f": "12", "g": 3, "h": 3}


def test_a_tagged_scenario_value_is_a_diagnostic_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "tagged.yaml"
    path.write_text(FIRST_CALL.replace("difficulty: 1", 'difficulty: !!timestamp "notadate"'))
    assert any("the tag !!timestamp is not allowed" in m for _, _, m in _errors(path))


@pytest.mark.parametrize("market", ["{low: .inf, mid: .inf, high: .inf}", '{low: "1e999", mid: "inf", high: "1e999"}'])
def test_numbers_that_are_not_finite_are_refused(tmp_path: Path, market: str) -> None:
    path = tmp_path / "infinite.yaml"
    path.write_text(FIRST_CALL.replace("{low: 60000, mid: 70000, high: 80000}", market))
    errors = _errors(path)
    assert len(errors) == 3 and all("not an ordinary number" in m for _, _, m in errors), errors


# ---- 3. special files --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_not_read(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    (line, col, message), *_ = _errors(Path(device))
    assert (line, col) == (1, 1) and "not a regular file" in message


def test_a_fifo_is_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # opening it to read would wait for a writer forever
    assert "not a regular file" in _errors(fifo)[0][2]
    assert any("not a regular file" in d.message for d in validate_paths([fifo], Practice().scorer())[1])


def test_a_folder_given_as_a_file_gets_a_diagnostic(tmp_path: Path) -> None:
    with pytest.raises(YamlProblem, match="not a regular file"):
        load_file(tmp_path)


def test_specials_in_a_folder_are_reported_not_skipped_silently(tmp_path: Path) -> None:
    shutil.copy(FIXTURE_SCENARIOS / "first-call.yaml", tmp_path / "good.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    files, skipped = find_scenario_files([tmp_path])
    assert files == [tmp_path / "good.yaml"]
    assert sorted((Path(d.path).name, d.severity.value) for d in skipped) == [
        ("dangling.yaml", "warning"),
        ("pipe.yaml", "warning"),
        ("zero.yaml", "warning"),
    ]
    count, diagnostics = validate_paths([tmp_path], Practice().scorer(), run_examples=False)
    assert count == 1 and {Path(d.path).name for d in diagnostics} == {"dangling.yaml", "pipe.yaml", "zero.yaml"}


def test_a_folder_that_cannot_be_entered_is_reported(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    shutil.copy(FIXTURE_SCENARIOS / "first-call.yaml", locked / "inside.yaml")
    shutil.copy(FIXTURE_SCENARIOS / "offer-call.yaml", tmp_path / "outside.yaml")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK | os.X_OK):
            pytest.skip("this user (root?) can read a folder with no permissions")
        files, skipped = find_scenario_files([tmp_path])
        assert files == [tmp_path / "outside.yaml"]
        assert [(d.path, d.severity.value) for d in skipped] == [(str(locked), "warning")]
        assert "can't be read" in skipped[0].message
    finally:
        locked.chmod(0o755)


def test_an_unreadable_file_gets_a_diagnostic(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(FIRST_CALL)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("this user (root?) can read a file with no permissions")
        assert "can't be read" in _errors(path)[0][2]
    finally:
        path.chmod(0o644)


# ---- 4. expanded size --------------------------------------------------------------------------------------------


def test_a_long_value_repeated_through_aliases_is_stopped(tmp_path: Path) -> None:
    path = tmp_path / "wide.yaml"
    path.write_text('a: &a "' + "x" * 400_000 + '"\nb: [' + ",".join(["*a"] * 90_000) + "]\n")
    assert path.stat().st_size < 1_000_000
    started = time.perf_counter()
    errors = _errors(path)
    assert time.perf_counter() - started < 10
    assert [m for _, _, m in errors if "more than 10 MB of text" in m], errors


def test_long_keys_count_towards_the_expanded_size() -> None:
    text = "a: &m\n  ? " + "k" * 300_000 + "\n  : 1\nb: [" + ",".join(["*m"] * 40) + "]\n"  # `?`: a key of any length
    assert any("more than 10 MB of text" in p for p in _problems(text))


# ---- 5. size of a scenario: linear checks, short example answers ---------------------------------------------------


def _chain(turns: int, *, loop: bool = False) -> str:
    head = FIRST_CALL[: FIRST_CALL.index("\nstart:")] + "\nstart: t0\nturns:\n"
    last = "goto: t0" if loop else "end: {outcome: deal, say: Bye}"
    return head + "".join(
        f"  t{i}:\n    say: Line {i}\n    coaching: Do well\n"
        f"    otherwise: {{{f'goto: t{i + 1}' if i < turns - 1 else last}}}\n"
        for i in range(turns)
    )


@pytest.mark.slow
@pytest.mark.parametrize("loop", [False, True], ids=["ends", "loops"])
def test_ten_thousand_turns_validate_in_linear_time(tmp_path: Path, loop: bool) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(_chain(10_000, loop=loop))
    scorer = Practice().scorer()
    started = time.perf_counter()
    count, diagnostics = validate_paths([path], scorer)
    elapsed = time.perf_counter() - started
    assert count == 1 and elapsed < 6, elapsed  # about 1 s; quadratic rules took minutes
    if loop:
        assert len(diagnostics) == 10_000 and all(len(d.message) < 500 for d in diagnostics)
        assert "and 9988 more" in diagnostics[0].message
    else:
        assert diagnostics == []


def test_an_overlong_example_answer_is_refused_not_scored(tmp_path: Path) -> None:
    path = tmp_path / "long-answer.yaml"
    answer = "I would like more money, please. " * 30_000
    path.write_text(FIRST_CALL.replace("answer: Maybe like 50k? I'm not sure.", f"answer: {answer}"))
    started = time.perf_counter()
    loaded = load_scenario(path, rule_context(Practice().scorer(), run_examples=True))
    assert time.perf_counter() - started < 5
    errors = [d for d in loaded.diagnostics if d.severity.value == "error"]
    assert len(errors) == 1 and f"over the {MAX_EXAMPLE_CHARS:,} limit" in errors[0].message
    assert (errors[0].line, errors[0].col) == (37, 17)


# ---- 6. profile --------------------------------------------------------------------------------------------------


def test_walk_away_above_target_is_reported_once_at_walk_away(tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text("name: Sam\ntarget: 50000\nwalk_away: 90000\n")
    profile, diagnostics, _doc = load_and_validate(path, Profile, what="profile file")
    assert profile is None
    assert [(d.line, d.col) for d in diagnostics] == [(3, 12)]
    assert "walk-away" in diagnostics[0].message and " — " in diagnostics[0].message
    _count, found = validate_paths([path], Practice().scorer())
    assert [str(d) for d in found] == [str(diagnostics[0])]


def test_an_unknown_petal_is_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text("petals:\n  colour: [blue]\n")
    _profile, diagnostics, _doc = load_and_validate(path, Profile, what="profile file")
    assert len(diagnostics) == 1 and "unknown petal(s) colour — " in diagnostics[0].message


# ---- 7. one hostile user file never hides the library --------------------------------------------------------------


def _write(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(text)


_BUILTIN_ID = sorted(paths.builtin_scenarios().glob("*.yaml"))[0].stem
HOSTILE: dict[str, Callable[[Path], None]] = {
    "deep": _write("id: deep\nturns: " + "[" * 300 + "]" * 300 + "\n"),
    "deep-block": _write("".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "x: 1\n"),
    "bool-tag": _write('id: t\ntitle: !!bool "maybe"\n'),
    "timestamp-tag": _write('id: t\ntitle: !!timestamp "notadate"\n'),
    "int-tag": _write('id: t\ndifficulty: !!int "x"\n'),
    "null-tag": _write('id: t\ntitle: !!null "x"\n'),
    "key-tag": _write("id: t\n? !!int 7\n: x\n"),
    "python-tag": _write('id: t\ntitle: !!python/object/apply:os.system ["true"]\n'),
    "alias-bomb": _write(
        "a: &a [x,x,x,x,x,x,x,x,x]\n"
        + "".join(f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefg", "bcdefgh", strict=True))
    ),
    "alias-wide": _write('a: &a "' + "x" * 400_000 + '"\nb: [' + ",".join(["*a"] * 90_000) + "]\n"),
    "fifo": lambda path: os.mkfifo(path),
    "zero": lambda path: path.symlink_to("/dev/zero"),
    "urandom": lambda path: path.symlink_to("/dev/urandom"),
    "dangling": lambda path: path.symlink_to(path.with_name("nowhere")),
    "not-utf8": lambda path: path.write_bytes(b"id: \xff\xfe\n"),
    "huge": _write("id: x\n" + "#" * 1_100_000 + "\n"),
    "long-answer": _write(FIRST_CALL.replace("Maybe like 50k? I'm not sure.", "more " * 2_000)),
    "same-id": _write(FIRST_CALL.replace("id: first-call", f"id: {_BUILTIN_ID}")),
    "infinite": _write(FIRST_CALL.replace("mid: 70000", "mid: .inf")),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_one_hostile_user_file_leaves_every_builtin_loaded(user_home: Path, name: str) -> None:
    builtin = load_library([paths.builtin_scenarios()])
    folder = user_home / "scenarios"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURE_SCENARIOS / "offer-call.yaml", folder / "good.yaml")
    hostile = folder / f"{name}.yaml"
    HOSTILE[name](hostile)
    library = Practice().load_library()
    ids = {s.id for s in library.scenarios}
    assert {s.id for s in builtin.scenarios} <= ids and len(builtin.scenarios) == len(BUILTIN_FILES)
    assert "offer-call" in ids, "the user's good file still loads"
    mine = [d for d in library.diagnostics if d.path == str(hostile)]
    assert mine, [str(d) for d in library.diagnostics]
    assert all(" — " in d.message for d in mine), [str(d) for d in mine]
    if name != "same-id":  # only a mistake next to the built-in scenario whose id it copies
        _count, diagnostics = Practice().validate([folder], run_examples=False)
        assert any(d.path == str(hostile) for d in diagnostics)


# ---- the command line ----------------------------------------------------------------------------------------------


def test_validate_command_reports_special_files_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    deep = tmp_path / "deep.yaml"
    deep.write_text("id: deep\nturns: " + "[" * 500 + "]" * 500 + "\n")
    good = FIXTURE_SCENARIOS / "first-call.yaml"
    assert main(["validate", "--no-examples", str(fifo), "/dev/zero", str(deep), str(good)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert f"{fifo}:1:1: error: this is not a regular file (a pipe, device or socket) — " in out
    assert any(line.startswith("/dev/zero:1:1: error: this is not a regular file") for line in lines)
    assert any(line.startswith(f"{deep}:2:71: error: lists and mappings are nested more than 64") for line in lines)
    assert not any(line.startswith(str(good)) for line in lines) and "Traceback" not in out + err


@pytest.mark.slow
def test_rehearsing_is_not_slowed_by_a_huge_user_scenario(user_home: Path) -> None:
    folder = user_home / "scenarios"
    folder.mkdir(parents=True)
    (folder / "huge.yaml").write_text(_chain(8_000, loop=True))
    started = time.perf_counter()
    library = Practice().load_library()
    assert time.perf_counter() - started < 10  # about 1 s; the quadratic loop check took minutes
    assert len(library.scenarios) == len(BUILTIN_FILES) and library.broken[0].path == str(folder / "huge.yaml")
