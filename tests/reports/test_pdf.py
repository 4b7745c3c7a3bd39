"""PDF reports as a reader gets them: real rehearsals in a real history, printed by Qt, read back with poppler
(pdftotext, pdftoppm): answers kept whole on a page, page numbers in a footer, no empty grey blocks, the charts."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import fixture_scenario

from app.core.scoring import Timing
from app.core.session import Session
from app.practice import Practice
from app.reports.charts import COLOURS
from app.reports.html import BLOCK, HEADING, Rehearsal, range_html
from app.reports.pdf import Piece, Placed, paginate, write_pdf
from app.storage.recorder import HistoryRecorder
from app.storage.store import Store

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="reading PDFs back needs poppler-utils (apt-get install poppler-utils)",
)

FILLER = (
    "I have shipped small projects with a team of four, reviewed code every week, written tests for a payments "
    "service, mentored two interns, and kept a library used by a few hundred people up to date."
).split()
HUGE = 1400  # words: an answer taller than a page, the one block that may be cut
LINE_PX = 20  # a line of an answer at 100 dpi (10.5 pt, spaced 1.4): no blank grey this tall
GREY = (0xF3, 0xF4, 0xF5)  # the background of an answer (html.CSS .said: #f4f4f4), as shades of grey


class Stamps:
    def __init__(self) -> None:
        self.at = datetime(2025, 3, 1, 9, 0)

    def __call__(self) -> str:
        self.at += timedelta(minutes=3)
        return self.at.isoformat(timespec="seconds") + "+00:00"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    history = Store(tmp_path / "history.db", now=Stamps())
    yield history
    history.close()


def answer(number: int, words: int) -> str:
    """An answer whose first and last words name it (Mark07 … Done07), with `words` words between."""
    return (
        f"Mark{number:02d} " + " ".join(FILLER[(number + i) % len(FILLER)] for i in range(words)) + f" Done{number:02d}"
    )


def play(store: Store, tries: list[str], rest: list[str], latency: float) -> None:
    """A rehearsal of the first-call fixture: moment 1 answered with each of `tries` in turn (taken back each time
    but the last), then the `rest`."""
    session = Session(fixture_scenario("first-call"), Practice().scorer())
    HistoryRecorder(store, session)
    session.start()
    for number, text in enumerate(tries):
        if number:
            session.retry_from(0)
        session.submit(text, Timing(latency + number, 20.0))
    for text in rest:
        if not session.ended:
            session.submit(text, Timing(latency, 15.0))


def history(store: Store) -> list[Rehearsal]:
    """Four rehearsals, oldest first, with every try: 13 answers of 3 to 1,400 words."""
    lengths = iter([12, 160, 40, 260, 3, 90, 200, HUGE, 25, 120, 60, 30, 220])
    numbers = iter(range(1, 100))
    play(store, [answer(next(numbers), next(lengths)) for _ in range(6)], [answer(next(numbers), next(lengths))], 2)
    for latency in (6.0, 4.0, 3.0):
        play(store, [answer(next(numbers), next(lengths))], [answer(next(numbers), next(lengths))], latency)
    return [(a, store.answers(a.id, include_superseded=True)) for a in reversed(store.attempts())]


def squeezed(text: str) -> str:
    """Text compared without spaces or line breaks (where a PDF reader puts them is its own affair)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert found is not None
    return int(found.group(1))


def page_text(pdf: Path, page: int) -> str:
    command = ["pdftotext", "-raw", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def words_by_page(pdf: Path) -> list[list[tuple[str, float, float]]]:
    """Each page's words with their top and bottom (points from the page's top)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in re.split(r"<page\b", out)[1:]:
        pages.append(
            [
                (html.unescape(text), float(top), float(bottom))
                for top, bottom, text in re.findall(
                    r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page
                )
            ]
        )
    return pages


def pixels(pdf: Path, page: int, tmp_path: Path, dpi: int, grey: bool = False) -> tuple[int, bytes]:
    """One page drawn by poppler: its width in pixels and its pixels, RGB (or grey) bytes row by row."""
    stem = tmp_path / f"page{page}"
    tone = ["-gray"] if grey else []
    subprocess.run(["pdftoppm", *tone, "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), stem])
    data = stem.with_suffix(".pgm" if grey else ".ppm").read_bytes()
    header = re.match(rb"P[56]\s+(\d+)\s+(\d+)\s+255\s", data)
    assert header is not None
    return int(header.group(1)), data[header.end() :]


def count_near(data: bytes, colour: str, tolerance: int) -> int:
    """How many RGB pixels are within `tolerance` of `colour` ("#0072B2") on every channel."""
    want = bytes.fromhex(colour[1:])
    return sum(
        abs(r - want[0]) <= tolerance and abs(g - want[1]) <= tolerance and abs(b - want[2]) <= tolerance
        for r, g, b in zip(data[0::3], data[1::3], data[2::3], strict=True)
    )


def answer_blocks(report: str) -> dict[str, str]:
    """The text of each piece of the report that holds an answer, by its answer's marker (Mark07)."""
    body = report.split("<body>", 1)[1]
    blocks = {}
    for piece in re.split(f"{re.escape(BLOCK)}|{re.escape(HEADING)}", body):
        marker = re.search(r"Mark\d\d", piece)
        if marker:
            blocks[marker.group(0)] = html.unescape(re.sub(r"<[^>]+>", " ", piece))
    return blocks


@pytest.fixture
def long_report(qapp, store: Store, tmp_path: Path) -> tuple[str, Path]:
    """`qapp`: writing a PDF needs a Qt application."""
    report = range_html(history(store))
    pdf = tmp_path / "report.pdf"
    write_pdf(report, pdf)
    return report, pdf


def test_no_answer_is_cut_across_two_pages_unless_it_is_taller_than_a_page(long_report: tuple[str, Path]) -> None:
    report, pdf = long_report
    pages = [squeezed(page_text(pdf, n)) for n in range(1, page_count(pdf) + 1)]
    assert len(pages) >= 6
    blocks = answer_blocks(report)
    assert len(blocks) == 13 and "Earlier try 5 · Moment 1" in blocks["Mark05"] and "Try 6" in blocks["Mark06"]
    for marker, text in blocks.items():
        where = [n for n, page in enumerate(pages, 1) if squeezed(text) in page]
        if f"Done{marker[4:]}" in text and len(text.split()) > HUGE:
            assert where == [], f"{marker} is taller than a page, so it is cut"
            starts = next(n for n, page in enumerate(pages, 1) if marker in page)
            ends = next(n for n, page in enumerate(pages, 1) if f"Done{marker[4:]}" in page)
            assert ends > starts
            joined = "".join(re.sub(r"Page\d+of\d+$", "", page) for page in pages[starts - 1 :])
            assert squeezed(text) in joined, f"{marker} goes on where it was cut, nothing lost"
        else:
            assert len(where) == 1, f"the block of {marker} is whole on one page"


def test_every_page_has_its_number_in_a_footer_below_the_content(long_report: tuple[str, Path]) -> None:
    _, pdf = long_report
    pages = words_by_page(pdf)
    assert len(pages) == page_count(pdf) >= 6
    for number, words in enumerate(pages, 1):
        texts = [w[0] for w in words]
        at = len(texts) - 4
        assert texts[at:] == ["Page", str(number), "of", str(len(pages))], f"page {number}"
        footer_top = min(top for _, top, _ in words[at:])
        content_bottom = max(bottom for _, _, bottom in words[:at])
        assert content_bottom < footer_top - 10, f"page {number}: the content reaches down into the footer"


def test_no_page_has_an_empty_grey_block(long_report: tuple[str, Path], tmp_path: Path) -> None:
    """The grey behind an answer always has words on it: a cut never leaves a strip of grey behind, not even one
    a line tall."""
    _, pdf = long_report
    bands = 0
    for page in range(1, page_count(pdf) + 1):
        width, data = pixels(pdf, page, tmp_path, dpi=100, grey=True)
        rows = [data[y : y + width] for y in range(0, len(data), width)]
        grey = [sum(row.count(tone) for tone in GREY) > width // 4 for row in rows]
        y = 0
        while y < len(rows):
            if not grey[y]:
                y += 1
                continue
            band = y
            while y < len(rows) and grey[y]:
                y += 1
            bands += 1
            blank = longest = 0  # rows in a row with no words on them
            for row in rows[band:y]:
                blank = blank + 1 if min(row) >= 130 else 0
                longest = max(longest, blank)
            assert longest < LINE_PX, f"page {page}: grey without words at {band}-{y} px ({longest} px blank)"
    assert bands >= 13  # every answer has its grey block


def test_the_progress_charts_are_drawn(long_report: tuple[str, Path], tmp_path: Path) -> None:
    _, pdf = long_report
    first = unicodedata.normalize("NFKC", page_text(pdf, 1))
    for words in ("Your progress", "How your scores changed", "Rehearsal (oldest first)", "Score", "Confidence"):
        assert words in first
    assert "How long you took to start answering" in first and "Seconds before you started answering" in first
    _, data = pixels(pdf, 1, tmp_path, dpi=60)
    for colour in COLOURS[:3]:  # one line per dimension, each in its colour
        assert count_near(data, colour, 30) > 100, f"no line in {colour} on the first page"
    _, later = pixels(pdf, 2, tmp_path, dpi=60)
    assert count_near(later, COLOURS[0], 30) < 10  # (the colour is the chart's alone)


def piece(height: float, line: float = 10.0, heading: bool = False) -> Piece:
    """A made-up piece of lines `line` tall."""
    return Piece(height, [line * n for n in range(1, int(height // line) + 1) if line * n < height], print, heading)


def layout(pages: list[list[Placed]], pieces: list[Piece]) -> list[list[tuple[int, float, float]]]:
    return [[(pieces.index(p.piece), p.top, p.bottom) for p in page] for page in pages]


def test_pieces_that_fit_are_never_cut_and_a_heading_goes_with_what_follows_it() -> None:
    pieces = [piece(60), piece(30, heading=True), piece(50), piece(70), piece(20, heading=True), piece(250)]
    pages = layout(paginate(pieces, 100), pieces)
    assert pages == [
        [(0, 0, 60)],  # the heading and the piece after it don't both fit under the first piece
        [(1, 0, 30), (2, 0, 50)],
        [(3, 0, 70)],  # a heading needs room for a third of a page of the piece taller than a page after it
        [(4, 0, 20), (5, 0, 80)],  # which is cut between lines
        [(5, 80, 180)],
        [(5, 180, 250)],
    ]
    for page in pages:
        for index, top, bottom in page:
            assert (top, bottom) == (0, pieces[index].height) or pieces[index].height > 100
            assert top in (0, *pieces[index].breaks) and bottom in (*pieces[index].breaks, pieces[index].height)


def test_a_piece_taller_than_a_page_starts_where_a_third_of_a_page_is_left() -> None:
    roomy = [piece(50), piece(300, line=7)]
    assert [[p.piece for p in page] for page in paginate(roomy, 100)][0] == roomy  # 50 left: start here
    cramped = [piece(80), piece(300, line=7)]
    first, second = paginate(cramped, 100)[:2]
    assert [p.piece for p in first] == [cramped[0]] and second[0].top == 0  # 20 left: a new page
    for page in paginate(roomy, 100) + paginate(cramped, 100):
        assert sum(p.bottom - p.top for p in page) <= 100


def test_any_html_prints_with_page_numbers(qapp, tmp_path: Path) -> None:
    """Without the report's markers the whole body is one piece, cut between lines onto as many pages as it
    needs."""
    pdf = tmp_path / "plain.pdf"
    write_pdf("<html><body>" + "".join(f"<p>Line {n} of a plain page.</p>" for n in range(200)) + "</body></html>", pdf)
    count = page_count(pdf)
    assert count > 1
    text = squeezed("".join(page_text(pdf, n) for n in range(1, count + 1)))
    for n in range(1, count + 1):
        assert f"Page{n}of{count}" in text
    positions = [text.index(f"Line{n}ofaplainpage.") for n in range(200)]
    assert positions == sorted(positions)  # every line once, in order, none lost at a cut
    assert all(text.count(f"Line{n}ofaplainpage.") == 1 for n in (0, 50, 199))
