"""HTML reports as PDF files, laid out piece by piece with Qt (no browser, works offscreen).

The report's HTML is cut at its markers (html.BLOCK, html.HEADING) into pieces: each is laid out on its own by
QTextDocument (or, for a chart, drawn from its SVG by QSvgRenderer), measured, and placed on A4 pages so that a
piece that fits on a page is never cut; only a piece taller than a whole page is split, between two lines. A
heading stays on the page of the piece after it. Every page gets "Page 2 of 5" in a footer below the content.

Safe on a worker thread: QTextDocument, QSvgRenderer, QPainter and QPdfWriter are reentrant and nothing here
touches a widget.
"""

from __future__ import annotations

import html as htmllib
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer

from .html import BLOCK, HEADING

RESOLUTION_DPI = 300  # coordinates only: the PDF stays vector, this just keeps the numbers small
MM = RESOLUTION_DPI / 25.4  # device units per millimetre
MARGIN_MM = 18.0  # left, right and top
CONTENT_BOTTOM_MM = 22.0  # the content ends this far above the page's bottom edge...
FOOTER_MM = 10.0  # ...and the footer's text sits in the band below it, its baseline this far above the edge
FOOTER_POINTS = 8.5
CHART_SPACE_MM = 4.0  # above and below a chart

_MARKER = re.compile(f"({re.escape(BLOCK)}|{re.escape(HEADING)})")
_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_LENGTH = re.compile(r"(\d+(?:\.\d+)?)(pt|px|mm)")
_SPACING = re.compile(r"((?:margin|padding|border)[\w-]*)\s*:([^;}]*)")
_PER_INCH = {"pt": 72.0, "px": 96.0, "mm": 25.4}

_app: QGuiApplication | None = None  # made here only when the command line writes a PDF


def _ensure_gui_application() -> None:
    """Qt needs an application object for fonts; the window has one, the command line gets an offscreen one."""
    global _app
    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication(sys.argv[:1])


@dataclass
class Piece:
    """One part of the report, laid out at the content width: its height, where it may be cut (the tops of its
    lines, ascending: a cut there leaves whatever is drawn behind the line above, such as an answer's grey, on
    the page before it), and how to draw the slice [top, bottom) of it at a point on the page."""

    height: float
    breaks: list[float]
    draw: Callable[[QPainter, QPointF, float, float], None]
    keep_with_next: bool = False
    space_before: float = 0.0  # its first and last paragraphs' margins, which QTextDocument leaves out
    space_after: float = 0.0


@dataclass
class Placed:
    piece: Piece
    y: float  # on the page, from the content area's top
    top: float  # the slice of the piece drawn there
    bottom: float


def _sections(html: str) -> tuple[str, list[tuple[bool, str]]]:
    """The report's style sheet, and its body cut at the markers: (keep with next, piece's HTML) each."""
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL)
    body_match = re.search(r"<body>(.*)</body>", html, re.DOTALL)
    body = body_match.group(1) if body_match else html
    parts = _MARKER.split(body)
    sections = [(False, parts[0])] if parts[0].strip() else []
    sections += [(parts[i] == HEADING, parts[i + 1]) for i in range(1, len(parts), 2)]
    return (style.group(1) if style else ""), sections


def qt_css(css: str) -> str:
    """The style sheet with its margins, paddings and borders in px: QTextDocument ignores those given in pt or mm
    (font sizes in pt it takes). Its layout scales vertical px to the paint device as CSS's 1/96 inch, but takes
    horizontal ones as the device's own pixels, so those are converted at the PDF's resolution."""

    def in_px(length: str, horizontal: bool) -> str:
        found = _LENGTH.fullmatch(length)
        if found is None:
            return length
        per_px = RESOLUTION_DPI if horizontal else 96
        return f"{float(found.group(1)) * per_px / _PER_INCH[found.group(2)]:.2f}px"

    def declaration(match: re.Match[str]) -> str:
        name, values = match.group(1), match.group(2).split()
        if name.endswith(("-left", "-right")):
            sides = [True] * len(values)
        elif name in ("margin", "padding") and len(values) > 1:  # top right bottom left, or vertical horizontal
            sides = [i % 2 == 1 for i in range(len(values))]
        else:
            sides = [False] * len(values)
        return f"{name}: {' '.join(in_px(v, h) for v, h in zip(values, sides, strict=True))}"

    return _SPACING.sub(declaration, css)


def _layout(document: QTextDocument, writer: QPdfWriter, width: float) -> None:
    document.documentLayout().setPaintDevice(writer)  # lay out in the PDF's units, with its font metrics
    document.setDocumentMargin(0)
    document.setTextWidth(width)


def _rest(document: QTextDocument, block: QTextBlock, start: int, writer: QPdfWriter, width: float) -> QTextDocument:
    """A copy of `document` from character `start` (the first of a line in `block`) on: lays the rest out as the
    whole did, but starts with that line. (Drawing a slice of the whole instead would also draw, clipped away but
    still in the PDF's text, the line above the cut: Qt's text layout draws one line before its clip.)"""
    rest = document.clone()
    _layout(rest, writer, width)
    cursor = QTextCursor(rest)
    cursor.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    cursor.setBlockFormat(block.blockFormat())  # the first block left takes the format of the line's own block
    listed = block.textList()
    if listed is not None:
        cursor.createList(listed.format())
    rest.markContentsDirty(0, rest.characterCount())  # lay every block out again, not just the edited one
    return rest


def _text_piece(writer: QPdfWriter, css: str, fragment: str, width: float, keep: bool) -> Piece:
    document = QTextDocument()
    _layout(document, writer, width)
    document.setHtml(f"<html><head><style>{css}</style></head><body>{fragment}</body></html>")
    height = document.size().height()
    lines: dict[float, tuple[QTextBlock, int]] = {}  # the top of each line: its block and first character
    block = document.begin()
    while block.isValid():
        layout = block.layout()
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            lines[layout.position().y() + line.y()] = (block, block.position() + line.textStart())
        block = block.next()
    rests: dict[float, QTextDocument] = {}

    def draw(painter: QPainter, at: QPointF, top: float, bottom: float) -> None:
        shown, offset = document, top
        if 0 < top < height and top in lines:  # a piece taller than a page goes on from a cut: draw its rest
            if top not in rests:
                rests[top] = _rest(document, *lines[top], writer, width)
            shown, offset = rests[top], 0.0
        # The clip stays a device pixel clear of a cut below it: Qt draws every line that touches the clip.
        end = bottom - top - (1 if bottom < height else 0)
        painter.save()
        painter.translate(at.x(), at.y() - offset)
        shown.drawContents(painter, QRectF(0, offset, width, end))
        painter.restore()

    first, last = document.begin().blockFormat(), document.lastBlock().blockFormat()
    return Piece(height, sorted(y for y in lines if 0 < y < height), draw, keep, first.topMargin(), last.bottomMargin())


def _chart_piece(svg: str, width: float, page_height: float) -> Piece | None:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    box = renderer.viewBoxF()
    if not renderer.isValid() or box.width() <= 0 or box.height() <= 0:
        return None
    scale = min(width / box.width(), page_height / box.height())
    size = (box.width() * scale, box.height() * scale)

    def draw(painter: QPainter, at: QPointF, top: float, bottom: float) -> None:
        renderer.render(painter, QRectF(at.x(), at.y() - top, *size))

    return Piece(size[1], [], draw, space_before=CHART_SPACE_MM * MM, space_after=CHART_SPACE_MM * MM)


def _pieces(writer: QPdfWriter, html: str, width: float, page_height: float) -> list[Piece]:
    css, sections = _sections(html)
    css = qt_css(css)
    pieces = []
    for keep, fragment in sections:
        chart = _SVG.search(fragment)
        piece = (
            _chart_piece(chart.group(0), width, page_height)
            if chart
            else _text_piece(writer, css, fragment, width, keep)
        )
        if piece is not None and piece.height > 0:
            piece.keep_with_next = keep
            pieces.append(piece)
    return pieces


def _needed(pieces: list[Piece], index: int, page_height: float) -> float:
    """The room piece `index` needs left on a page to start there: all of it when it fits on a page, else a third
    of a page (a taller piece is cut anyway); a heading needs room for itself and for the start of what follows."""
    need, last = 0.0, index
    while pieces[last].keep_with_next and last + 1 < len(pieces):
        need += pieces[last].height + max(pieces[last].space_after, pieces[last + 1].space_before)
        last += 1
    following = pieces[last].height
    return need + (following if following <= page_height else page_height / 3)


def paginate(pieces: list[Piece], page_height: float) -> list[list[Placed]]:
    """Pieces onto pages: a piece that fits on a page is never cut, and goes on the next page when it doesn't fit
    on this one; a taller one starts on this page when a third of it is left, and is cut between lines."""
    pages: list[list[Placed]] = [[]]
    y = 0.0
    for index, piece in enumerate(pieces):
        if y > 0:  # the space between two paragraphs, as one document would leave it
            y += max(pieces[index - 1].space_after, piece.space_before)
        if y > 0 and _needed(pieces, index, page_height) > page_height - y:
            pages.append([])
            y = 0.0
        top = 0.0
        while True:
            room = page_height - y
            if piece.height - top <= room:
                pages[-1].append(Placed(piece, y, top, piece.height))
                y += piece.height - top
                break
            cut = max((b for b in piece.breaks if top < b <= top + room), default=top)
            if cut <= top:  # not one more line fits here
                if y > 0:
                    pages.append([])
                    y = 0.0
                    continue
                cut = top + room  # a single line taller than a page: cut at the page's edge
            pages[-1].append(Placed(piece, y, top, cut))
            pages.append([])
            y, top = 0.0, cut
    return pages


def _footer(painter: QPainter, page: int, pages: int, width: float, height: float) -> None:
    font = QFont("Arial")
    font.setPointSizeF(FOOTER_POINTS)
    painter.setFont(font)
    painter.setPen(QPen(QColor("#999999"), 0.3 * MM))
    rule = height - CONTENT_BOTTOM_MM * MM + 3 * MM
    painter.drawLine(QPointF(MARGIN_MM * MM, rule), QPointF(width - MARGIN_MM * MM, rule))
    painter.setPen(QColor("#555555"))
    band = QRectF(MARGIN_MM * MM, rule, width - 2 * MARGIN_MM * MM, height - FOOTER_MM * MM - rule)
    painter.drawText(band, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, f"Page {page} of {pages}")


def write_pdf(html: str, path: Path) -> None:
    """Write `html` (a report from html.py) to `path` as an A4 PDF with page numbers in a footer.
    From a worker thread only when an application object exists already (the window's)."""
    _ensure_gui_application()
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION_DPI)
    writer.setCreator("Counteroffer")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    writer.setTitle(htmllib.unescape(title.group(1)) if title else "Counteroffer report")
    page_width, page_height = float(writer.width()), float(writer.height())
    content_width = page_width - 2 * MARGIN_MM * MM
    content_height = page_height - (MARGIN_MM + CONTENT_BOTTOM_MM) * MM
    pages = paginate(_pieces(writer, html, content_width, content_height), content_height)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"the PDF could not be written to {path}")
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for number, placed in enumerate(pages, start=1):
        if number > 1:
            writer.newPage()
        painter.save()
        painter.setClipRect(QRectF(0, 0, page_width, page_height - CONTENT_BOTTOM_MM * MM))
        for item in placed:
            item.piece.draw(painter, QPointF(MARGIN_MM * MM, MARGIN_MM * MM + item.y), item.top, item.bottom)
        painter.restore()
        _footer(painter, number, len(pages), page_width, page_height)
    painter.end()
    del writer  # finishes the file
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"the PDF could not be written to {path}")
