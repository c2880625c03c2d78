"""Small inline SVG charts for the measured-map page (``html_report``).

Each function takes plain figures and returns one ``<svg>`` element as ``Markup``:
no script, no fonts or images fetched, colours from the page's CSS classes (so the
dark and print styles apply), every text from the data escaped and stripped of
control characters. The same figures always give the same bytes: coordinates are
written with one decimal, nothing depends on the clock or on dict order.

Sizes are bounded: at most ``MAX_ROWS`` bars or points per chart (the page's tables
carry every row), labels cut to ``LABEL_CHARS`` characters.

Every chart has ``role="img"``, a ``<title>`` and an ``aria-label``; the page puts a
table with the same figures next to it.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

MAX_ROWS = 40
LABEL_CHARS = 34
WIDTH = 640
ROW = 22  # height of one bar row
LABEL_WIDTH = 230  # room for the labels left of horizontal bars
VALUE_WIDTH = 125  # room for the value right of the longest bar
SERIES = 6  # colours .series-0 .. .series-5 (the page's --line-0 .. --line-5)

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")


def _n(value: float) -> str:
    """A coordinate: one decimal at most, no trailing zero."""
    text = f"{float(value):.1f}"
    return "0" if text in ("-0.0", "0.0") else text[:-2] if text.endswith(".0") else text


def text(value: object, limit: int | None = None) -> str:
    """Text from the data, escaped for markup: control characters dropped, cut to ``limit``."""
    plain = _CONTROL.sub("", str(value))
    if limit is not None and len(plain) > limit:
        plain = plain[: limit - 1].rstrip() + "…"
    return str(escape(plain))


def _open(label: str, width: float, height: float, css: str) -> str:
    return (
        f'<svg class="chart {css}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="{_n(width)}" height="{_n(height)}" role="img" aria-label="{text(label)}"><title>{text(label)}</title>'
    )


def bars(rows: list[tuple[str, float, str]], *, label: str, css: str = "bars", series: list[int] | None = None) -> Markup:
    """Horizontal bars: (name, value, value as words) per row, the longest bar the largest value.

    ``series`` gives each row a colour class (``series-N``); else every bar is the accent colour."""
    rows = rows[:MAX_ROWS]
    top = max((value for _, value, _ in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = ROW * len(rows) + 8
    out = [_open(label, WIDTH, height, css)]
    out.append(f'<line class="axis" x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{_n(height)}"/>')
    for number, (name, value, words) in enumerate(rows):
        y = 4 + number * ROW
        length = max(span * max(value, 0) / top, 0)
        klass = f"bar series-{series[number] % SERIES}" if series else "bar"
        out.append(f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{_n(y + ROW / 2 + 4)}" text-anchor="end">{text(name, LABEL_CHARS)}</text>')
        out.append(f'<rect class="{klass}" x="{LABEL_WIDTH}" y="{_n(y + 3)}" width="{_n(length)}" height="{ROW - 6}"/>')
        out.append(f'<text class="chart-value" x="{_n(LABEL_WIDTH + length + 6)}" y="{_n(y + ROW / 2 + 4)}">{text(words)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def columns(rows: list[tuple[str, float, str]], *, label: str, css: str = "histogram") -> Markup:
    """Vertical bars side by side (a histogram): (bin, value, value as words) per bin, in order."""
    rows = rows[:MAX_ROWS]
    top = max((value for _, value, _ in rows), default=0) or 1
    plot, head, foot = 170, 20, 40
    width = WIDTH
    slot = (width - 20) / max(len(rows), 1)
    out = [_open(label, width, head + plot + foot, css)]
    base = head + plot
    out.append(f'<line class="axis" x1="10" y1="{base}" x2="{_n(width - 10)}" y2="{base}"/>')
    for number, (name, value, words) in enumerate(rows):
        x = 10 + number * slot
        tall = plot * max(value, 0) / top
        out.append(f'<rect class="bar" x="{_n(x + slot * 0.12)}" y="{_n(base - tall)}" width="{_n(slot * 0.76)}" height="{_n(tall)}"/>')
        out.append(f'<text class="chart-value" x="{_n(x + slot / 2)}" y="{_n(base - tall - 5)}" text-anchor="middle">{text(words)}</text>')
        lines = _wrap(str(name), max(int(slot / 6.5), 4))
        for line_number, line in enumerate(lines[:2]):
            out.append(f'<text class="chart-label" x="{_n(x + slot / 2)}" y="{_n(base + 15 + 13 * line_number)}" text-anchor="middle">{text(line)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def _wrap(words: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in words.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word if len(word) <= width else word[: width - 1] + "…")
    return lines or [""]


def grouped(categories: list[str], series: list[tuple[str, list[float]]], *, label: str, css: str = "grouped") -> Markup:
    """Horizontal bars in groups: one group per category, one bar per series (in the key's order)."""
    categories = categories[:MAX_ROWS]
    count = max(len(series), 1)
    bar = 9
    group = bar * count + 10
    key = 26
    top = max((v for _, values in series for v in values[: len(categories)]), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = key + group * len(categories) + 6
    out = [_open(label, WIDTH, height, css)]
    x = 10.0
    for number, (name, _) in enumerate(series):
        out.append(f'<rect class="bar series-{number % SERIES}" x="{_n(x)}" y="6" width="12" height="12"/>')
        out.append(f'<text class="chart-label" x="{_n(x + 16)}" y="16">{text(name, 20)}</text>')
        x += 22 + 7.2 * min(len(name), 20)
    out.append(f'<line class="axis" x1="{LABEL_WIDTH}" y1="{key}" x2="{LABEL_WIDTH}" y2="{_n(height)}"/>')
    for row, name in enumerate(categories):
        y = key + row * group
        out.append(f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{_n(y + group / 2 + 2)}" text-anchor="end">{text(name, LABEL_CHARS)}</text>')
        for number, (_, values) in enumerate(series):
            value = values[row] if row < len(values) else 0
            length = span * max(value, 0) / top
            by = y + 4 + number * bar
            out.append(f'<rect class="bar series-{number % SERIES}" x="{LABEL_WIDTH}" y="{_n(by)}" width="{_n(length)}" height="{bar - 1}"/>')
            out.append(f'<text class="chart-value small" x="{_n(LABEL_WIDTH + length + 4)}" y="{_n(by + bar - 1.5)}">{_n(value)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def curves(points: list[str], series: list[tuple[str, list[float | None], str]], *, label: str, low: float = -2, high: float = 2, css: str = "curves") -> Markup:
    """Lines on one scale from ``low`` to ``high``: one x position per point (its name below),
    one line per series (name, values with None for no value, marker: circle or square).
    Where the names do not fit below their points, the points are numbered 1, 2, ... instead.
    A series is drawn solid (the first) or dashed (the others), so lines differ by more than colour."""
    points = points[:MAX_ROWS]
    left, right, head, plot = 40, 16, 30, 200
    slot = (WIDTH - left - right) / max(len(points), 1)
    foot = 44
    out = [_open(label, WIDTH, head + plot + foot, css)]

    def y_of(value: float) -> float:
        return head + plot * (high - value) / (high - low)

    for level in range(int(low), int(high) + 1):
        y = y_of(level)
        out.append(f'<line class="{"level-zero" if level == 0 else "level"}" x1="{left}" y1="{_n(y)}" x2="{_n(WIDTH - right)}" y2="{_n(y)}"/>')
        out.append(f'<text class="chart-label" x="{left - 6}" y="{_n(y + 4)}" text-anchor="end">{"+" if level > 0 else ""}{level}</text>')
    for number, name in enumerate(points):
        x = left + slot * (number + 0.5)
        shown = name if slot >= 6.2 * len(name) else str(number + 1)
        out.append(f'<text class="chart-label small" x="{_n(x)}" y="{_n(head + plot + 18)}" text-anchor="middle">{text(shown)}</text>')
    x = float(left)
    for number, (name, _, marker) in enumerate(series):
        dash = " dashed" if number else ""
        out.append(f'<line class="curve series-{number % SERIES}{dash}" x1="{_n(x)}" y1="12" x2="{_n(x + 22)}" y2="12"/>')
        out.append(_marker(marker, x + 11, 12, number))
        out.append(f'<text class="chart-label" x="{_n(x + 28)}" y="16">{text(name, 40)}</text>')
        x += 40 + 7.2 * min(len(name), 40)
    for number, (_, values, marker) in enumerate(series):
        dash = " dashed" if number else ""
        placed = [(left + slot * (i + 0.5), y_of(max(low, min(high, v)))) for i, v in enumerate(values[: len(points)]) if v is not None]
        if len(placed) > 1:
            path = " ".join(f"{'M' if i == 0 else 'L'}{_n(px)} {_n(py)}" for i, (px, py) in enumerate(placed))
            out.append(f'<path class="curve series-{number % SERIES}{dash}" d="{path}"/>')
        for px, py in placed:
            out.append(_marker(marker, px, py, number))
    out.append("</svg>")
    return Markup("".join(out))


def _marker(shape: str, x: float, y: float, number: int) -> str:
    if shape == "square":
        return f'<rect class="point series-{number % SERIES}" x="{_n(x - 4.5)}" y="{_n(y - 4.5)}" width="9" height="9"/>'
    return f'<circle class="point series-{number % SERIES}" cx="{_n(x)}" cy="{_n(y)}" r="5"/>'


def links(rows: list[tuple[str, str, str, str]], *, label: str, css: str = "links") -> Markup:
    """Steps between touchpoints as arrows: (from, to, words on the arrow, kind) per row;
    kind ``unmapped`` is drawn dashed (taken, not on the map), ``unseen`` grey and dotted
    (on the map, never taken). The words say which, so colour is not the only sign."""
    rows = rows[:MAX_ROWS]
    box = 200
    height = 34 * len(rows) + 6
    out = [_open(label, WIDTH, height, css)]
    out.append('<defs><marker id="drift-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
               '<path class="arrow-head" d="M0 0 L10 5 L0 10 z"/></marker></defs>')
    for number, (source, target, words, kind) in enumerate(rows):
        y = 10 + number * 34
        klass = "unmapped" if kind == "unmapped" else "unseen"
        out.append(f'<rect class="link-box" x="0" y="{y}" width="{box}" height="22" rx="4"/>')
        out.append(f'<text class="chart-label" x="8" y="{y + 15}">{text(source, 28)}</text>')
        out.append(f'<rect class="link-box" x="{WIDTH - box}" y="{y}" width="{box}" height="22" rx="4"/>')
        out.append(f'<text class="chart-label" x="{WIDTH - box + 8}" y="{y + 15}">{text(target, 28)}</text>')
        out.append(f'<line class="link {klass}" x1="{box + 4}" y1="{y + 11}" x2="{WIDTH - box - 4}" y2="{y + 11}" marker-end="url(#drift-arrow)"/>')
        out.append(f'<text class="chart-value small" x="{WIDTH / 2:.0f}" y="{y + 3}" text-anchor="middle">{text(words, 34)}</text>')
    out.append("</svg>")
    return Markup("".join(out))
