"""Where a YAML syntax error comes from, and how to fix it.

PyYAML says where its scanner or parser gave up (the problem mark), which is often far from the mistake: an
unclosed quote on line 5 runs on until the next quote mark, maybe on line 48, and the error is reported there.
This module looks at the error's shape (and, when needed, at the tokens just before it) and picks the spot that
points at the cause, with a message that says what is wrong and how to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

PREFIX = "YAML syntax: "
_KEY_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)*[\"']?[\w.-]+[\"']?[ \t]*:(?:[ \t\r]|$)")  # `key:` or `- key:`
_ITEM_LINE = re.compile(r"^[ \t]*-(?:[ \t\r]|$)")  # `- item`
_LEAD = re.compile(r"^[ \t]*(?:-[ \t]+)*")  # indentation, with any `- ` in front of a key
_CLOSER = {"[": "]", "{": "}"}
_WHAT = {"[": "list", "{": "mapping"}
_SCAN_LIMIT = 200_000  # characters re-scanned to find the token before an error: more is never needed in practice


@dataclass(frozen=True)
class Spot:
    line: int  # 1-based
    col: int  # 1-based
    message: str  # "what is wrong — how to fix it", starting with PREFIX


def explain(exc: yaml.MarkedYAMLError, text: str) -> Spot:
    """The spot that caused a scanner or parser error, and a message about it."""
    try:
        return _explain(exc, text)
    except Exception:  # noqa: BLE001 - a guess that fails must not hide the error: say where the parser stopped
        return _spot(exc.problem_mark or exc.context_mark, _generic(exc.problem or exc.context or ""), text)


def _explain(exc: yaml.MarkedYAMLError, text: str) -> Spot:
    problem, context = exc.problem or "", exc.context or ""
    mark, start = exc.problem_mark, exc.context_mark
    if "expected a single document" in context or "expected a single document" in str(exc):
        at = mark or start
        return _spot(
            at,
            "the file holds more than one YAML document (a second `---`) — keep one document per file: "
            "remove the `---` line and everything meant for another file",
            text,
        )
    if start is not None and "quoted scalar" in context:
        if "escape" in problem:
            return _bad_escape(mark or start, text)
        return _never_closed(start, text)
    if mark is None:
        return _spot(start, _generic(problem or context), text)
    runaway = _runaway_quote(text, mark.index)
    if runaway is not None:
        return runaway
    if start is not None and "flow" in context:
        return _flow(start, mark, text)
    if "tab" in problem or _char(text, mark.index) == "\t":
        return _spot(mark, "there is a tab character here — YAML indents with spaces only; use spaces instead", text)
    if "mapping values are not allowed" in problem:
        return _colon(mark, text)
    if start is not None and "simple key" in context:
        return _spot(
            start,
            "this line has no `:` after its first word, so it is neither a `key: value` line nor part of the "
            "text above — add the `:`, or indent it under the key whose text it continues",
            text,
        )
    if start is not None and "block collection" in context:
        return _list_line(start, mark, text)
    if start is not None and "block mapping" in context:
        return _mapping_line(start, mark, text)
    if "cannot start any token" in problem:
        char = _char(text, mark.index)
        return _spot(
            mark,
            f"a value can't start with {char or 'this character'} — put the whole value in quotes",
            text,
        )
    if "undefined alias" in problem:
        return _spot(
            mark,
            "this `*name` refers to an anchor `&name` that is not defined above it — write the value out instead",
            text,
        )
    return _spot(mark, _generic(problem), text)


def _generic(problem: str) -> str:
    return f"{problem or 'the text is not valid YAML'} — check indentation, colons and quotes around this spot"


def _spot(mark: yaml.Mark | None, message: str, text: str) -> Spot:
    line, col = _where(mark, text)
    return Spot(line, col, PREFIX + message)


def _where(mark: yaml.Mark | None, text: str) -> tuple[int, int]:
    """1-based line and column; a mark at the very end of the file (after its last line break) moves back to just
    after the last character, so that it points at a line the file has."""
    if mark is None:
        return 1, 1
    if mark.index >= len(text.rstrip("\n")) and text.strip():
        before = text.rstrip("\n")
        line = before.count("\n") + 1
        return line, len(before) - (before.rfind("\n") + 1) + 1
    return mark.line + 1, mark.column + 1


def _char(text: str, index: int) -> str:
    return text[index] if 0 <= index < len(text) else ""


def _line_at(text: str, index: int) -> str:
    begin = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    return text[begin : end if end >= 0 else len(text)]


def _lead(line: str) -> int:
    """How far in the line's key (or first item) starts: spaces, and any `- ` in front of it."""
    match = _LEAD.match(line)
    return match.end() if match else 0


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _never_closed(mark: yaml.Mark, text: str) -> Spot:
    quote = _char(text, mark.index) or '"'
    return Spot(
        mark.line + 1,
        mark.column + 1,
        f"{PREFIX}this quote is never closed — add the closing {quote} at the end of the text",
    )


def _bad_escape(mark: yaml.Mark, text: str) -> Spot:
    """A backslash followed by something it can't stand for; libyaml marks the backslash, PyYAML the next one."""
    index = mark.index if _char(text, mark.index) == "\\" else text.rfind("\\", 0, mark.index)
    if index < 0 or text.count("\n", index, mark.index):
        index = mark.index
    shown = text[index : index + 2]
    return Spot(
        mark.line + 1,
        mark.column + 1 - (mark.index - index),
        f"{PREFIX}{shown} is not something a backslash can stand for in double-quoted text — write \\\\ for a "
        "backslash, or put the text in single quotes",
    )


def _tokens_before(text: str, index: int) -> list[yaml.Token]:
    """The tokens that end at or before `index`, from PyYAML's pure-Python scanner (it stops at its first error)."""
    tokens: list[yaml.Token] = []
    try:
        for token in yaml.scan(text[: max(index, 0) + _SCAN_LIMIT], Loader=yaml.SafeLoader):
            if token.start_mark.index >= index:
                break
            if token.end_mark.index <= index:
                tokens.append(token)
    except yaml.YAMLError:
        pass
    return tokens


def _last_scalar(text: str, index: int) -> tuple[yaml.ScalarToken | None, int]:
    """The token just before `index` when it is a scalar, and how many brackets are open around it."""
    tokens = [t for t in _tokens_before(text, index) if not isinstance(t, yaml.BlockEndToken)]
    depth = 0
    for token in tokens:
        if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
            depth += 1
        elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
            depth -= 1
    last = tokens[-1] if tokens else None
    return (last if isinstance(last, yaml.ScalarToken) else None), depth


def _runaway_quote(text: str, index: int) -> Spot | None:
    """A quote left open runs on to the next quote mark, swallowing the lines between: the error comes just after
    it. Reported at the opening quote when the quoted text takes in lines that look like `key:` or `- item` lines.
    Inside brackets, quoted text that takes in a comma ran on into the next item. A quote that ends early (an
    apostrophe in 'single quotes') is reported where the text goes on after it."""
    token, depth = _last_scalar(text, index)
    if token is None or token.style not in ('"', "'"):
        return None
    start, end = token.start_mark, token.end_mark
    quote = token.style
    if depth and start.line == end.line and text[start.index + 1 : end.index - 1].rstrip().endswith(","):
        # ["one", "two, "three"]: the text "two, " took in the comma and ran on to the quote of "three"
        return Spot(
            start.line + 1,
            start.column + 1,
            f"{PREFIX}this quote is never closed, so the text runs on past the comma to the next {quote} — "
            f"add the closing {quote} at the end of the text",
        )
    if start.line < end.line:
        swallowed = text[start.index : end.index].split("\n")[1:]
        if any(_KEY_LINE.match(line) or _ITEM_LINE.match(line) for line in swallowed):
            return Spot(
                start.line + 1,
                start.column + 1,
                f"{PREFIX}this quote is never closed, so everything up to the next {quote} on line "
                f"{end.line + 1} was read as one text — add the closing {quote} at the end of the text",
            )
        return None
    if end.line == _line_of(text, index) and text[end.index : index].strip() == "" and _char(text, index):
        if quote == "'" and text[end.index - 2 : end.index - 1].isalpha() and _char(text, index).isalpha():
            return Spot(
                end.line + 1,
                end.column,
                f"{PREFIX}this apostrophe ends the text in single quotes early — write it twice ('') "
                "or put the whole text in double quotes",
            )
        return Spot(
            end.line + 1,
            end.column,
            f"{PREFIX}there is more text after the closing {quote} — put all of the text inside the quotes, "
            "or remove the quotes",
        )
    return None


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index)


def _flow(start: yaml.Mark, mark: yaml.Mark, text: str) -> Spot:
    """An error inside `[...]` or `{...}`: the opening bracket that never closes, or the spot in its line."""
    opener = _char(text, start.index)
    if opener not in _CLOSER:
        return _spot(mark, _generic("this list or mapping in brackets is not closed properly"), text)
    closer, what = _CLOSER[opener], _WHAT[opener]
    found = _char(text, mark.index)
    if mark.line == start.line and found in "]}" and found != closer:
        return _spot(
            mark,
            f"this {found} does not match the {opener} at column {start.column + 1} — close the {what} with {closer}",
            text,
        )
    line = _line_at(text, mark.index)
    opening_line = _line_at(text, start.index)
    at_end = not text[mark.index :].strip()
    left_it = mark.line > start.line and (
        _lead(line) <= _lead(opening_line) or (_KEY_LINE.match(line) is not None and closer not in line)
    )
    if at_end or left_it:
        return Spot(
            start.line + 1,
            start.column + 1,
            f"{PREFIX}this {opener} is never closed — add the closing {closer} after the {what}'s last item",
        )
    return _spot(
        mark,
        f"the items of a {what} in {opener} {closer} need a comma between them — add the missing comma before this, "
        f"or close the {what} with {closer}",
        text,
    )


def _colon(mark: yaml.Mark, text: str) -> Spot:
    """`: ` where a new key can't start: a line indented too deep (it reads as the text above), or a colon in a
    value."""
    line = _line_at(text, mark.index)
    phrase = "mapping values are not allowed in this context"
    if ": " not in line[: mark.column] and mark.line > 0:
        above = _previous_key(text, mark.line)
        if above is not None:
            number, key, lead = above
            fix = f"line it up with `{key}:` ({_in_by(lead)})"
            told = f"deeper than `{key}:` on line {number}, so it reads as more of that key's text"
        else:
            fix, told = "line it up with the other keys", "deeper than the key above it"
        return _spot(
            mark,
            f"{phrase}: this line is indented {told} — {fix}, or put quotes around a value that holds `: `",
            text,
        )
    return _spot(
        mark,
        f"{phrase}: this value holds `: `, which starts a new key — put the whole value in quotes",
        text,
    )


def _in_by(count: int) -> str:
    return "at the start of the line" if count == 0 else f"{_spaces(count)} in"


def _previous_key(text: str, line_number: int) -> tuple[int, str, int] | None:
    """The closest `key:` line above a 0-based line: its 1-based number, its key and how far in the key starts."""
    lines = text.split("\n")
    for number in range(min(line_number, len(lines)) - 1, -1, -1):
        line = lines[number]
        if _KEY_LINE.match(line):
            lead = _lead(line)
            return number + 1, line[lead:].split(":", 1)[0].strip().strip("\"'"), lead
    return None


def _list_line(start: yaml.Mark, mark: yaml.Mark, text: str) -> Spot:
    line = _line_at(text, mark.index)
    if _indent(line) == mark.column:  # the first thing on its line
        return _spot(
            mark,
            f"this line is inside the list that starts on line {start.line + 1} but does not start with `- ` — "
            f"start it with `- ` ({_in_by(start.column)}), or indent it to match the item it belongs to",
            text,
        )
    return _spot(mark, _generic("this is not where a list item can go"), text)


def _mapping_line(start: yaml.Mark, mark: yaml.Mark, text: str) -> Spot:
    line = _line_at(text, mark.index)
    if _indent(line) == mark.column and mark.column != start.column:  # the first thing on its line, out of step
        return _spot(
            mark,
            f"this line is indented {_spaces(mark.column)}, out of step with the keys of the mapping that starts on "
            f"line {start.line + 1} ({_in_by(start.column)}) — line it up with those keys, or with the key it "
            "belongs to",
            text,
        )
    if _indent(line) == mark.column:
        return _spot(
            mark,
            "this line is not a `key: value` line — add the `key:`, or, if it continues the text above, indent it "
            "under that key",
            text,
        )
    return _spot(
        mark,
        "more text follows a value that is already complete — put the whole value in quotes, or start a new line",
        text,
    )


def _spaces(count: int) -> str:
    return f"{count} space{'s' * (count != 1)}"
