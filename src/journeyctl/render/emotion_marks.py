"""The emotion curve's marks: a score in figures and words, marker shapes, curve paths, and where a branch's words go.

Path data is short: whole numbers without decimals, a marker's corners relative to
its first one, written once per shape.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from journeyctl.model import EMOTION_LABELS
from journeyctl.render.text import char_width
from journeyctl.render.text_fit import BOLD, REGULAR, UNITS

if TYPE_CHECKING:
    from journeyctl.render.emotion_chart import Label, Line, Segment

MARKER_SIZE = 6.0
MARKERS = ("circle", "square", "diamond", "triangle", "triangle-down", "hexagon")
LABEL_LINE_HEIGHT = 14
LABEL_CHAR_WIDTH = 6.6  # average width of a character of the 12px label font
LABEL_FONT_SIZE = 12
# The page's fonts draw a label up to this many times as wide as Arial does: DejaVu Sans, the
# widest of the family's fallbacks (Linux without the others), measured in Chromium at 1.18x for
# the branch words (italic, weight 500) and 1.23x for the point labels (weight 600).
FONT_SLACK = 1.25
WIDE_CHAR = 0.7 * LABEL_FONT_SIZE  # a column of a character beyond ASCII, which Arial's table does not hold


def label_width(text: str, bold: bool) -> float:
    """The most pixels ``text`` takes in the chart's 12px label font, whichever of the page's fonts draws it.

    A count of characters (``text_width``) is not enough: capitals and m or w are twice as wide
    as i or l, so "WOW MOMMA" takes half as much again as nine average characters.
    """
    table = BOLD if bold else REGULAR
    units = 0
    other = 0
    for char in text:
        code = ord(char)
        if code < 128:
            units += table[code]
        else:
            other += char_width(char)
    return (units * LABEL_FONT_SIZE / UNITS + other * WIDE_CHAR) * FONT_SLACK


def score_text(score: float) -> str:
    """``+1.5``, ``-0.5``, ``0``: the score as people write it."""
    if score == 0:
        return "0"
    text = f"{score:+.2f}".rstrip("0").rstrip(".")
    return text


def emotion_word(score: float) -> str:
    """The words of a score: a whole score's own ("positive"); between two, both ("between neutral and positive").

    A half score is not rounded to a word it does not say: +0.5 is neither neutral nor positive.
    """
    whole = int(score) if float(score).is_integer() else None
    if whole is not None:
        return EMOTION_LABELS[whole]
    low = math.floor(score)
    return f"between {EMOTION_LABELS[low]} and {EMOTION_LABELS[low + 1]}"


def _number(value: float) -> str:
    whole = int(value)
    if whole == value:
        return str(whole)
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


_NUMBERS: dict[float, str] = {}  # a page's curve repeats a few hundred coordinates thousands of times


def _coordinate(value: float) -> str:
    """``_number(value)``, worked out once per value."""
    text = _NUMBERS.get(value)
    if text is None:
        if len(_NUMBERS) > 100_000:  # a long-lived process drawing many big maps
            _NUMBERS.clear()
        text = _NUMBERS[value] = _number(value)
    return text


def _t(tenths: int) -> str:
    """A length in tenths of a pixel as SVG writes it: 12, 7.5, -0.3."""
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths / 10:.1f}"


def _join(numbers: list[int]) -> str:
    """Numbers (in tenths) for path data, a space only where the next one has no minus sign to part them."""
    out = ""
    for number in numbers:
        text = _t(number)
        out += text if not out or text.startswith("-") else " " + text
    return out


def _corners(shape: str, s: float) -> list[tuple[float, float]]:
    """A marker's corners around its centre."""
    if shape == "square":
        k = s * 0.85
        return [(-k, -k), (k, -k), (k, k), (-k, k)]
    if shape == "diamond":
        k = s * 1.2
        return [(0, -k), (k, 0), (0, k), (-k, 0)]
    if shape == "triangle":
        k = s * 1.15
        return [(0, -k), (k, k * 0.8), (-k, k * 0.8)]
    if shape == "triangle-down":
        k = s * 1.15
        return [(0, k), (k, -k * 0.8), (-k, -k * 0.8)]
    k = s * 1.05  # hexagon
    h = k * 0.87
    return [(-k, 0), (-k / 2, -h), (k / 2, -h), (k, 0), (k / 2, h), (-k / 2, h)]


_TAILS: dict[tuple[str, float], tuple[int, int, str]] = {}


def _tail(shape: str, size: float) -> tuple[int, int, str]:
    """The first corner's offset from the centre (tenths of a pixel) and the rest of the path, relative to it."""
    key = (shape, size)
    if key not in _TAILS:
        if shape == "circle":
            r, d = _t(round(size * 10)), _t(round(size * 20))
            _TAILS[key] = (-round(size * 10), 0, f"a{r} {r} 0 1 0 {d} 0a{r} {r} 0 1 0-{d} 0Z")
        else:
            corners = [(round(dx * 10), round(dy * 10)) for dx, dy in _corners(shape, size)]
            steps: list[int] = []
            for (ax, ay), (bx, by) in zip(corners, corners[1:]):
                steps += [bx - ax, by - ay]
            _TAILS[key] = (corners[0][0], corners[0][1], f"l{_join(steps)}Z")
    return _TAILS[key]


def marker_path(shape: str, x: float, y: float, size: float = MARKER_SIZE) -> str:
    """SVG path data for a marker centred on (x, y): shapes tell lines apart without colour.

    The first corner is absolute, the others relative to it, in tenths of a pixel: the
    same shape has the same short tail wherever it sits, written once.
    """
    dx, dy, tail = _tail(shape, size)
    return f"M{_join([round(x * 10) + dx, round(y * 10) + dy])}{tail}"


def curve_path(x1: float, y1: float, x2: float, y2: float) -> str:
    """A gentle S-curve from one point to the next."""
    bend = (x2 - x1) / 2
    start, end = _coordinate(y1), _coordinate(y2)
    return f"M{_coordinate(x1)} {start}C{_coordinate(x1 + bend)} {start} {_coordinate(x2 - bend)} {end} {_coordinate(x2)} {end}"


# Where along a branch its words may go (a fraction of the way, above or below the curve), in order of preference.
WORD_SPOTS = [(0.5, False), (0.5, True), (0.35, False), (0.65, False), (0.35, True), (0.65, True), (0.2, False), (0.8, False)]


def place_words(pending: list[tuple[Segment, tuple[float, float], tuple[float, float]]], labels: list[Label], lines: list[Line], column_width: float, height: float) -> None:
    """Put each branch's words on its curve where they cover no other words and no marker; leave them out where none is free.

    Words left out are still the branch's tooltip. Boxes are kept in buckets of a
    column each, so a big map checks a few neighbours, not every box.
    """
    buckets: dict[int, list[tuple[float, float, float, float]]] = {}

    def keys(x0: float, x1: float) -> range:
        return range(int(x0 // column_width), int(x1 // column_width) + 1)

    def add(box: tuple[float, float, float, float]) -> None:
        for key in keys(box[0], box[2]):
            buckets.setdefault(key, []).append(box)

    def free(box: tuple[float, float, float, float]) -> bool:
        if box[1] < 0 or box[3] > height:
            return False
        return not any(
            box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]
            for key in keys(box[0], box[2]) for other in buckets.get(key, ())
        )

    for label in labels:
        for index, text in enumerate(label.lines):
            width = label_width(text, True)
            x0 = label.x - width / 2 if label.anchor == "middle" else label.x
            y = label.y + index * LABEL_LINE_HEIGHT
            add((x0, y - 11, x0 + width, y + 3))
    reach = MARKER_SIZE + 2
    for line in lines:  # the markers: thousands of boxes, each in the one or two columns it touches
        for point in line.points:
            x, y = point.x, point.y
            box = (x - reach, y - reach, x + reach, y + reach)
            first, last = int(box[0] // column_width), int(box[2] // column_width)
            buckets.setdefault(first, []).append(box)
            if last != first:
                for key in range(first + 1, last + 1):
                    buckets.setdefault(key, []).append(box)
    for segment, (x1, y1), (x2, y2) in pending:
        if segment.label is None:
            continue
        width = label_width(segment.label, False)
        bend = (x2 - x1) / 2
        for t, below in WORD_SPOTS:
            u = 1 - t  # the point of the S-curve a fraction t of the way
            x = u**3 * x1 + 3 * u * u * t * (x1 + bend) + 3 * u * t * t * (x2 - bend) + t**3 * x2
            y = u**3 * y1 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y2
            baseline = y + 15 if below else y - 6
            box = (x - width / 2 - 4, baseline - 12, x + width / 2 + 4, baseline + 4)  # a little air: fonts vary
            if free(box):
                segment.label_x, segment.label_y = round(x, 1), round(baseline, 1)
                add(box)
                break
        else:
            segment.label = None


