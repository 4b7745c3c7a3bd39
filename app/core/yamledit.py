"""Small edits to an authored YAML text that keep everything else as written: comments, order, quoting.

Each edit works on the text, at the spots the YAML node tree points to, then reads the result back and checks
that the data changed exactly as meant (ValueError otherwise), so an edit never breaks a file silently.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from .yamlsource import YamlProblem, compose, load_text

MODELINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=\S*[ \t]*$")


def modeline(schema: str) -> str:
    """The first-line comment that points editors (the YAML language server) at the scenario schema."""
    return f"# yaml-language-server: $schema={schema}"


def set_modeline(text: str, schema: str) -> str:
    """`text` with its schema modeline pointing at `schema` (added as the first line when it has none)."""
    first, newline, rest = text.partition("\n")
    if MODELINE.match(first.rstrip("\r")):
        return modeline(schema) + ("\r" if first.endswith("\r") else "") + newline + rest
    return modeline(schema) + _newline(text) + text


def replace_id(text: str, new_id: str) -> str:
    """`text` with its top-level `id:` value replaced by `new_id`."""
    value = _child(_root(text), "id")
    if not isinstance(value, yaml.ScalarNode):
        raise ValueError("the file has no `id:` to replace")
    edited = text[: value.start_mark.index] + scalar(new_id) + text[value.end_mark.index :]
    before, after = _data(text), _data(edited)
    before["id"] = new_id
    if after != before:
        raise ValueError("the `id:` line could not be rewritten in place — change it by hand")
    return edited


def insert_example(text: str, turn_id: str, entry: dict[str, Any]) -> str:
    """`text` with `entry` (answer, expect, optional goodwill) added as the last of turn `turn_id`'s `examples:`;
    KeyError when there is no such turn, ValueError when the turn is written in a way this can't extend."""
    turn = _child(_child(_root(text), "turns"), turn_id)
    if not isinstance(turn, yaml.MappingNode):
        raise KeyError(turn_id)
    examples = _child(turn, "examples")
    nl = _newline(text)
    if isinstance(examples, yaml.SequenceNode) and examples.flow_style:
        at = _closing(text, examples, "]")
        edited = text[:at] + (", " if examples.value else "") + _flow(entry) + text[at:]
    elif isinstance(examples, yaml.SequenceNode):
        dash = examples.start_mark.column
        edited = _after_line(text, _content_end(text, examples), _block(entry, dash, nl), nl)
    elif examples is not None:
        if not (isinstance(examples, yaml.ScalarNode) and examples.start_mark.index == examples.end_mark.index):
            raise ValueError(f'the `examples:` of turn "{turn_id}" is not a list — make it one, then try again')
        key_column = next(k.start_mark.column for k, v in turn.value if v is examples)
        edited = _after_line(text, examples.start_mark.index, _block(entry, key_column + 2, nl), nl)
    elif turn.flow_style:
        at = _closing(text, turn, "}")
        edited = text[:at] + f", examples: [{_flow(entry)}]" + text[at:]
    else:
        indent = turn.start_mark.column
        lines = f"{' ' * indent}examples:{nl}{_block(entry, indent + 2, nl)}"
        edited = _after_line(text, _content_end(text, turn), lines, nl)
    before, after = _data(text), _data(edited)
    before["turns"][turn_id].setdefault("examples", None)
    before["turns"][turn_id]["examples"] = [*(before["turns"][turn_id]["examples"] or []), entry]
    if after != before:
        raise ValueError(f'the example could not be added to turn "{turn_id}" without changing other lines')
    return edited


def scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when it reads back as the same text, else double-quoted."""
    plain = bool(re.fullmatch(r"[A-Za-z0-9][\w-]*", text))
    if plain and yaml.safe_load(text) == text:
        return text
    quoted = json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars
    return "".join(c if c.isprintable() else _escape(c) for c in quoted)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    return scalar(value) if isinstance(value, str) else json.dumps(value)


def _block(entry: dict[str, Any], indent: int, nl: str) -> str:
    """A list item, its keys one per line (nested values as flow mappings)."""
    lines = [f"{' ' * (indent + 2)}{scalar(key)}: {_flow(value)}" for key, value in entry.items()]
    lines[0] = " " * indent + "- " + lines[0].lstrip()
    return nl.join(lines)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _root(text: str) -> yaml.MappingNode:
    try:
        node = compose(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"the file is not valid YAML ({exc}) — fix it first") from None
    if not isinstance(node, yaml.MappingNode):
        raise ValueError("the file is not a set of `key: value` lines")
    return node


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def _data(text: str) -> Any:
    try:
        return load_text(text, "<edited>").data
    except YamlProblem as problem:
        raise ValueError(f"the edited file would not read back ({problem})") from None


def _closing(text: str, node: yaml.Node, bracket: str) -> int:
    at = node.end_mark.index - 1
    if text[at : at + 1] != bracket:
        raise ValueError(f"can't find the closing `{bracket}` of a flow collection")
    return at


def _content_end(text: str, node: yaml.Node) -> int:
    """Where the node's last written character is (block collections' own end marks lie past trailing comments
    and blank lines, so the deepest last child decides)."""
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return len(text[: node.end_mark.index].rstrip())


def _after_line(text: str, index: int, lines: str, nl: str) -> str:
    """`lines` inserted as new lines after the line holding text[index - 1] (after its comment, if any)."""
    end = text.find("\n", max(index - 1, 0))
    if end == -1:
        return text + nl + lines + nl
    return text[: end + 1] + lines + nl + text[end + 1 :]
