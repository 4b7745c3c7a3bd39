"""Safe YAML loading that remembers where every value came from.

PyYAML's C composer builds the node tree (fast, no Python objects are
constructed from tags); we turn the nodes into plain data ourselves so we can
refuse anything that is not plain data, stop alias bombs, catch duplicate
keys, and keep a line:column for every key and value.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, Severity
from .yaml_syntax import explain

MAX_BYTES = 1_000_000
MAX_VALUES = 100_000  # after expanding aliases
MAX_DEPTH = 64  # lists and mappings inside each other
MAX_EXPANDED_BYTES = 10_000_000  # text of every key and value, counting each alias use again

_Loader: type[yaml.CSafeLoader] | type[yaml.SafeLoader]
try:  # the C composer is much faster; fall back when libyaml is missing
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

YamlPath = tuple[str | int, ...]  # keys and list indexes from the document root

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_STR = f"{_TAG}str"
_TAG_AT = re.compile(r"(?:&\S+\s+)?!")
_constructor = yaml.constructor.SafeConstructor()
_CONSTRUCT = {
    f"{_TAG}int": _constructor.construct_yaml_int,
    f"{_TAG}float": _constructor.construct_yaml_float,
    f"{_TAG}bool": _constructor.construct_yaml_bool,
    f"{_TAG}null": _constructor.construct_yaml_null,
    f"{_TAG}timestamp": _constructor.construct_yaml_timestamp,
}


@dataclass
class Document:
    """Plain data from one YAML file, and (worked out when first asked) where each piece of it stands."""

    path: str
    data: Any
    text: str = ""
    _values: dict[YamlPath, tuple[int, int]] | None = field(default=None, repr=False)
    _keys: dict[YamlPath, tuple[int, int]] = field(default_factory=dict, repr=False)

    @property
    def values(self) -> dict[YamlPath, tuple[int, int]]:
        """Positions are only needed to report a problem, so most files never pay for them."""
        if self._values is None:
            self._values = {}
            node = compose(self.text)
            if node is not None:  # no text (a Document made by hand): every position falls back to 1:1
                _Walker(self, record=True).value(node, ())
        return self._values

    @property
    def keys(self) -> dict[YamlPath, tuple[int, int]]:
        self.values  # noqa: B018 - fills both tables
        return self._keys

    def where(self, path: YamlPath, *, key: bool = False) -> tuple[int, int]:
        """The 1-based line and column of a value (or its key); falls back to the nearest parent."""
        table = self.keys if key else self.values
        while path:
            if path in table:
                return table[path]
            if key and path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def diagnostic(
        self, path: YamlPath, message: str, severity: Severity = Severity.ERROR, *, key: bool = False
    ) -> Diagnostic:
        line, col = self.where(path, key=key)
        return Diagnostic(self.path, line, col, severity, message)


class YamlProblem(Exception):
    """The file can't be turned into plain data; carries the diagnostics saying why."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(map(str, diagnostics)))
        self.diagnostics = diagnostics


def _problem(path: str, line: int, col: int, message: str) -> YamlProblem:
    return YamlProblem([Diagnostic(path, line, col, Severity.ERROR, message)])


def load_file(path: str | Path, *, what: str = "scenario file") -> Document:
    """Read and safely parse one YAML file; raises YamlProblem with clear diagnostics."""
    return load_bytes(read_limited(path, what=what), str(path), what=what)


def read_limited(path: str | Path, *, what: str = "scenario file") -> bytes:
    """The bytes of a regular file of at most MAX_BYTES; anything else (a folder, a FIFO, a device, a file that
    can't be read) raises YamlProblem. The size is checked before reading, and no more than the limit is read."""
    name = str(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe, device or socket"
            raise _problem(name, 1, 1, f"this is not a regular file ({kind}) — give the path of a {what} saved on disk")
        if info.st_size > MAX_BYTES:
            raise _problem(name, 1, 1, _too_big(f"the file is {info.st_size / 1e6:.1f} MB", what))
        with open(path, "rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _problem(
            name,
            1,
            1,
            f"the file can't be read ({exc.strerror or exc}) — check that it exists and that you may read it",
        ) from None
    if len(raw) > MAX_BYTES:  # it grew after stat
        raise _problem(name, 1, 1, _too_big("the file is over 1 MB", what))
    return raw


def _too_big(size: str, what: str) -> str:
    return f"{size}, over the 1 MB limit for a {what} — split it into smaller files"


def load_bytes(raw: bytes, name: str, *, what: str = "scenario file") -> Document:
    if len(raw) > MAX_BYTES:
        raise _problem(name, 1, 1, f"the text is over the 1 MB limit for a {what} — split it into smaller files")
    text = _decode(raw, name)
    return load_text(text, name, what=what)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise _problem(
            name, line, col, f"byte 0x{raw[exc.start]:02x} is not UTF-8 text — save the file as UTF-8 in your editor"
        ) from None


def compose(text: str) -> yaml.Node | None:
    """The node tree of a YAML text (no Python objects are built from it); raises yaml.YAMLError."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load_text(text: str, name: str, *, what: str = "scenario file") -> Document:
    try:
        node = compose(text)
    except yaml.MarkedYAMLError as exc:
        spot = explain(exc, text)  # the spot that caused it, not where the parser gave up
        raise _problem(name, spot.line, spot.col, spot.message) from None
    except yaml.YAMLError as exc:
        raise _problem(name, 1, 1, f"YAML syntax: {exc} — check the file in a YAML-aware editor") from None
    if node is None:
        raise _problem(name, 1, 1, f"the file is empty — a {what} starts with keys such as `id:` and `title:`")
    if not isinstance(node, yaml.MappingNode):
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        raise _problem(
            name, line, col, f"the file holds a {_kind(node)}, not a mapping — a {what} is a set of `key: value` lines"
        )
    doc = Document(name, None, text)
    walker = _Walker(doc)
    doc.data = walker.value(node, ())
    if walker.problems:
        raise YamlProblem(list(dict.fromkeys(walker.problems)))
    return doc


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "single value"


class _Walker:
    """Turns a node tree into dicts, lists and scalars, recording positions and refusing non-data.

    Every limit is checked before going further, so no file can make it recurse deeply or build something huge:
    nesting deeper than MAX_DEPTH, more than MAX_VALUES values or MAX_EXPANDED_BYTES of text (aliases counted
    each time they are used) stop the walk with one diagnostic each.
    """

    def __init__(self, doc: Document, record: bool = False):
        self.doc = doc
        self.record = record
        self.count = 0
        self.size = 0
        self.stopped = False
        self.problems: list[Diagnostic] = []
        self.active: set[int] = set()

    def _fail(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Diagnostic(self.doc.path, mark.line + 1, mark.column + 1, Severity.ERROR, message))

    def _stop(self, node: yaml.Node, message: str) -> None:
        if not self.stopped:
            self.stopped = True
            self._fail(node, message)

    def _grow(self, node: yaml.ScalarNode) -> bool:
        """Counts a scalar's text towards the expanded size; False once over the limit."""
        self.size += len(node.value)
        if self.size > MAX_EXPANDED_BYTES:
            self._stop(
                node,
                f"the file expands to more than {MAX_EXPANDED_BYTES // 1_000_000} MB of text, usually through "
                "aliases (`*name`) that repeat a long value — write the content out plainly",
            )
        return not self.stopped

    def value(self, node: yaml.Node, path: YamlPath, depth: int = 0) -> Any:
        if self.stopped:
            return None
        self.count += 1
        if self.count > MAX_VALUES:
            self._stop(
                node,
                f"the file expands to more than {MAX_VALUES:,} values, usually through "
                "aliases (`*name`) that repeat each other — write the content out plainly",
            )
            return None
        if self.record:
            assert self.doc._values is not None  # Document.values sets up the table before recording
            self.doc._values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node) if self._grow(node) else None
        if depth >= MAX_DEPTH:
            self._stop(
                node,
                f"lists and mappings are nested more than {MAX_DEPTH} levels deep here "
                "— flatten the structure (no scenario needs this much nesting)",
            )
            return None
        if id(node) in self.active:
            self._fail(node, "an alias refers to the list or mapping that contains it — remove the `*alias`")
            return None
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                self._check_tag(node, f"{_TAG}seq")
                return [self.value(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
            self._check_tag(node, f"{_TAG}map")
            assert isinstance(node, yaml.MappingNode)  # the composer makes scalar, sequence and mapping nodes only
            return self._mapping(node, path, depth)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if self.stopped:
                break
            if key_node.tag == f"{_TAG}merge":
                self._fail(key_node, "merge keys (`<<:`) are not supported — write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._fail(key_node, "a key must be a plain word, not a list or mapping — use `name: value`")
                continue
            if key_node.tag != _STR and self._explicit(key_node):
                self._fail(
                    key_node,
                    f"the tag {_shown(key_node.tag)} is not allowed on a key — keys are plain words; remove the tag",
                )
                continue
            if not self._grow(key_node):
                break
            key = key_node.value
            if key in result:
                self._fail(key_node, f'the key "{key}" appears twice in this mapping — keep one of them')
                continue
            if self.record:
                self.doc._keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.value(value_node, path + (key,), depth + 1)
        return result

    def _explicit(self, node: yaml.ScalarNode) -> bool:
        """Whether the scalar's tag was written in the file (`!!int "x"`) rather than worked out from its text:
        a tagged (or anchored) node starts at its tag (or its anchor), and marks count characters."""
        return _TAG_AT.match(self.doc.text, node.start_mark.index) is not None

    def _check_tag(self, node: yaml.Node, expected: str) -> bool:
        if node.tag == expected:
            return True
        self._fail(
            node,
            f"the tag {_shown(node.tag)} is not allowed — these files hold plain text, numbers, "
            "lists and mappings only; remove the tag",
        )
        return False

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR:
            return node.value
        if node.tag not in _SCALAR_TAGS or self._explicit(node):
            # only !!str may be written out: a tag such as !!bool "maybe" or !!timestamp "x" has no sensible value
            self._fail(
                node,
                f"the tag {_shown(node.tag)} is not allowed — write the value plainly (true, 12, 2024-05-01) "
                "and let the file's format decide what it is; remove the tag",
            )
            return None
        construct = _CONSTRUCT.get(node.tag)
        if construct is None:
            return node.value
        try:
            value = construct(node)
        except Exception:  # noqa: BLE001 - e.g. a number with thousands of digits: validation reports it as text
            return node.value
        if isinstance(value, float) and not math.isfinite(value):
            self._fail(node, f"{node.value} is not an ordinary number — write digits, such as 85000")
            return None
        return value


def _shown(tag: str) -> str:
    shown = tag.replace(_TAG, "!!")
    return shown if len(shown) <= 60 else shown[:57] + "…"
