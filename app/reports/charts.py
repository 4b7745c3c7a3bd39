"""Progress charts for reports, as inline SVG: a browser shows them in the HTML report and the PDF draws the same
picture (pdf.py renders it with Qt's SVG renderer, so it stays vector). Plain Python, nothing fetched.

The figures are the history page's: each dimension's average over a rehearsal's answers (retried ones left out),
one point per rehearsal, oldest on the left.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

WIDTH = 640.0
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP = 58.0, WIDTH - 18.0, 44.0
FONT = 'font-family="Arial, Helvetica, sans-serif"'
# Okabe–Ito: told apart by people with colour-blindness; the dash patterns tell them apart on a grey printout.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES = ("", "7 4", "2 3", "9 3 2 3", "4 4", "12 4")


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]  # one per rehearsal, oldest first; None where this rehearsal has no figure


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def nice_ceiling(value: float) -> tuple[float, float]:
    """The top of an axis that shows `value`, and its step: 1, 2 or 5 times a power of ten, at most 5 steps."""
    if value <= 0:
        return 1.0, 0.2
    power = 10 ** math.floor(math.log10(value / 5))
    step = next(s * power for s in (1, 2, 5, 10) if s * power * 5 >= value)
    return step * math.ceil(value / step - 1e-9), step


def x_ticks(count: int) -> list[int]:
    """Rehearsal numbers to label: every one when few, else 1 and round steps (2, 5, 10, 20, …) as the widget."""
    if count <= 1:
        return [1] if count else []
    step = next(s * 10**e for e in range(7) for s in (1, 2, 5) if s * 10**e * 6 >= count - 1)
    return sorted({1, *range(step, count + 1, step)})


def _x(index: int, count: int) -> float:
    if count <= 1:
        return (PLOT_LEFT + PLOT_RIGHT) / 2
    return PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * index / (count - 1)


def _legend(series: list[Series], top: float) -> tuple[str, float]:
    """Swatches with their names, wrapped onto as many rows as they need; returns the SVG and its height."""
    parts, x, y = [], PLOT_LEFT, top
    for number, line in enumerate(series):
        width = 34 + 6.6 * len(line.label) + 18  # a generous guess at the text's width: no font metrics here
        if x + width > PLOT_RIGHT and x > PLOT_LEFT:
            x, y = PLOT_LEFT, y + 18
        colour, dash = COLOURS[number % len(COLOURS)], DASHES[number % len(DASHES)]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x:.1f}" y1="{y - 4:.1f}" x2="{x + 26:.1f}" y2="{y - 4:.1f}" stroke="{colour}" '
            f'stroke-width="2.5"{dashes}/>'
            f'<text x="{x + 32:.1f}" y="{y:.1f}" font-size="11" fill="#1a1a1a" {FONT}>{esc(line.label)}</text>'
        )
        x += width
    return "".join(parts), y - top + 18


def line_chart(
    title: str,
    series: list[Series],
    *,
    y_title: str,
    y_max: float | None = None,
    x_title: str = "Rehearsal (oldest first)",
    unit: str = "",
    mark: int | None = None,
    mark_label: str = "This rehearsal",
    plot_height: float = 170.0,
) -> str:
    """One chart: a line per series over rehearsals 1..n, labelled axes, a legend below, and an optional marked
    rehearsal (`mark`, 0-based). Each point carries a <title> with its figure (a tooltip in a browser)."""
    count = max((len(s.values) for s in series), default=0)
    highest = max((v for s in series for v in s.values if v is not None), default=0.0)
    top, step = (y_max, y_max / 4) if y_max is not None else nice_ceiling(highest * 1.1)
    bottom = PLOT_TOP + plot_height

    def y_of(value: float) -> float:
        return bottom - plot_height * min(max(value / top, 0.0), 1.0)

    out = [
        f'<text x="{PLOT_LEFT:.1f}" y="22" font-size="14" font-weight="bold" fill="#1a1a1a" {FONT}>{esc(title)}</text>'
    ]
    ticks = round(top / step)
    for number in range(ticks + 1):
        value = step * number
        y = y_of(value)
        out.append(
            f'<line x1="{PLOT_LEFT:.1f}" y1="{y:.1f}" x2="{PLOT_RIGHT:.1f}" y2="{y:.1f}" '
            f'stroke="{"#888888" if number == 0 else "#dddddd"}" stroke-width="{1 if number == 0 else 0.8}"/>'
            f'<text x="{PLOT_LEFT - 8:.1f}" y="{y + 4:.1f}" font-size="10.5" text-anchor="end" fill="#444444" '
            f"{FONT}>{value:g}</text>"
        )
    for tick in x_ticks(count):
        x = _x(tick - 1, count)
        out.append(
            f'<line x1="{x:.1f}" y1="{bottom:.1f}" x2="{x:.1f}" y2="{bottom + 4:.1f}" stroke="#888888"/>'
            f'<text x="{x:.1f}" y="{bottom + 17:.1f}" font-size="10.5" text-anchor="middle" fill="#444444" '
            f"{FONT}>{tick}</text>"
        )
    middle = PLOT_TOP + plot_height / 2
    out.append(
        f'<text x="{(PLOT_LEFT + PLOT_RIGHT) / 2:.1f}" y="{bottom + 35:.1f}" font-size="11" text-anchor="middle" '
        f'fill="#1a1a1a" {FONT}>{esc(x_title)}</text>'
        f'<text x="16" y="{middle:.1f}" font-size="11" text-anchor="middle" fill="#1a1a1a" '
        f'transform="rotate(-90 16 {middle:.1f})" {FONT}>{esc(y_title)}</text>'
    )
    if mark is not None and 0 <= mark < count:
        x = _x(mark, count)
        out.append(
            f'<line x1="{x:.1f}" y1="{PLOT_TOP - 6:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="#777777" '
            'stroke-width="1" stroke-dasharray="3 3"/>'
            f'<text x="{x:.1f}" y="{PLOT_TOP - 10:.1f}" font-size="10" text-anchor="middle" fill="#444444" '
            f"{FONT}>{esc(mark_label)}</text>"
        )
    for number, line in enumerate(series):
        colour, dash = COLOURS[number % len(COLOURS)], DASHES[number % len(DASHES)]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        points = [(i, v) for i, v in enumerate(line.values) if v is not None]
        runs: list[list[tuple[int, float]]] = []  # a rehearsal without a figure breaks the line
        for i, v in points:
            if runs and runs[-1][-1][0] == i - 1:
                runs[-1].append((i, v))
            else:
                runs.append([(i, v)])
        for run in runs:
            if len(run) > 1:
                coords = " ".join(f"{_x(i, count):.1f},{y_of(v):.1f}" for i, v in run)
                out.append(
                    f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2.2"{dashes} '
                    'stroke-linejoin="round"/>'
                )
        radius = 3.2 if count <= 40 else 1.6
        for i, v in points:
            out.append(
                f'<circle cx="{_x(i, count):.1f}" cy="{y_of(v):.1f}" r="{radius}" fill="{colour}">'
                f"<title>{esc(line.label)}, rehearsal {i + 1}: {v:.0f}{unit}</title></circle>"
            )
    legend, legend_height = _legend(series, bottom + 58)
    out.append(legend)
    height = bottom + 58 + legend_height
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:g} {height:g}" width="100%" '
        f'style="max-width:{WIDTH:g}px" role="img" aria-label="{esc(title)}">'
        f"<title>{esc(title)}</title>{''.join(out)}</svg>"
    )
