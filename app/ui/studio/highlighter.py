"""YAML colours for the studio's editor: keys, comments, strings, numbers, true/false and `{placeholders}`."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QGuiApplication, QSyntaxHighlighter, QTextCharFormat, QTextDocument

_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z0-9_.-]+)(\s*:)(?=\s|$)")
_FLOW_KEY = re.compile(r"(?<=[{,]\s)([A-Za-z0-9_.-]+)(?=:\s)|(?<=[{,])([A-Za-z0-9_.-]+)(?=:\s)")
_STRING = re.compile(r'(?<![^\s:\[{,-])(?:"(?:[^"\\]|\\.)*"?|\'(?:[^\']|\'\')*\'?)')
_NUMBER = re.compile(r"(?<![\w.])-?\d[\d_]*(?:\.\d+)?(?![\w.])")
_WORD = re.compile(r"(?<![\w-])(?:true|false|null|yes|no)(?![\w-])")
_PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_.]*\}")
_COMMENT = re.compile(r"(?:^|\s)(#.*)$")
_DASH = re.compile(r"^\s*(-)(?=\s|$)")

# (light, dark) colours: readable on a white and on a near-black page
_COLOURS = {
    "key": ("#1f4e9c", "#8cb4ff"),
    "comment": ("#6b7280", "#9ca3af"),
    "string": ("#9a3412", "#fdba74"),
    "number": ("#047857", "#6ee7b7"),
    "word": ("#7e22ce", "#d8b4fe"),
    "placeholder": ("#b45309", "#fcd34d"),
    "dash": ("#1f4e9c", "#8cb4ff"),
}


def _formats() -> dict[str, QTextCharFormat]:
    dark = QGuiApplication.palette().base().color().lightness() < 128
    formats = {}
    for name, (light, dim) in _COLOURS.items():
        fmt = QTextCharFormat()
        fmt.setForeground(QColor(dim if dark else light))
        if name in ("key", "dash"):
            fmt.setFontWeight(QFont.Weight.DemiBold)
        if name == "comment":
            fmt.setFontItalic(True)
        formats[name] = fmt
    return formats


class YamlHighlighter(QSyntaxHighlighter):
    """Line by line (a scenario's YAML needs no state carried between lines)."""

    def __init__(self, document: QTextDocument):
        super().__init__(document)
        self.formats = _formats()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        comment = _comment_start(text)
        code = text[:comment]
        for pattern, name in ((_NUMBER, "number"), (_WORD, "word")):
            for match in pattern.finditer(code):
                self._paint(match.start(), match.end(), name)
        for match in _STRING.finditer(code):
            self._paint(match.start(), match.end(), "string")
        for match in _PLACEHOLDER.finditer(code):
            self._paint(match.start(), match.end(), "placeholder")
        for match in _FLOW_KEY.finditer(code):
            self._paint(match.start(), match.end(), "key")
        key = _KEY.match(code)
        if key is not None:
            self._paint(key.start(2), key.end(2), "key")
        dash = _DASH.match(code)
        if dash is not None:
            self._paint(dash.start(1), dash.end(1), "dash")
        if comment < len(text):
            self._paint(comment, len(text), "comment")

    def _paint(self, start: int, end: int, name: str) -> None:
        text = self.currentBlock().text()
        first = _utf16(text, start)
        self.setFormat(first, _utf16(text, end) - first, self.formats[name])


def _comment_start(text: str) -> int:
    """Where a `#` comment starts, outside quotes; len(text) when there is none."""
    quote = ""
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and (index == 0 or text[index - 1] in " \t:[{,-"):
            quote = char
        elif char == "#" and (index == 0 or text[index - 1] in " \t"):
            return index
    return len(text)


def _utf16(text: str, index: int) -> int:
    """Qt counts UTF-16 units; most lines are ASCII, where they are the same."""
    return index if text.isascii() else len(text[:index].encode("utf-16-le")) // 2
