"""Each line of text in graphviz-pure's SVG, drawn at the width the layout gave it.

The layout engine sizes every box from its own measure of the text; a browser
draws the text with whatever font it finds for the family the SVG names
(``Helvetica,sans-Serif``), and on a machine without Helvetica or a font of the
same widths (Linux with only DejaVu Sans, for one) the text comes out wider than
its box. So each ``<text>`` gets ``textLength`` (the width the engine measured)
and ``lengthAdjust="spacingAndGlyphs"``: a browser with a font of the same widths
draws it unchanged, any other fits the line to that width.

graphviz-pure 0.2 measures as Graphviz does without a font library: each ASCII
character has the advance width of Arial (the tables below, in units of 1/2048 of
the font size; bold has its own widths, italic those of the upright face), and
every byte of a character beyond ASCII in UTF-8 counts as a space. The tables were
read from the engine itself (``-Txdot``, one character per node at a font size of
2048); ``tests/test_render_text.py`` checks them, and the widths of every line of
the examples, against the engine.
"""

from __future__ import annotations

import re

UNITS = 2048
# Advance widths of the characters 32 (space) to 126 (~).
_REGULAR = (
    569, 569, 727, 1139, 1139, 1821, 1366, 391, 682, 682, 797, 1196, 569, 682, 569, 569,
    1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 569, 569, 1196, 1196, 1196, 1139,
    2079, 1366, 1366, 1479, 1479, 1366, 1251, 1593, 1479, 569, 1024, 1366, 1139, 1706, 1479, 1593,
    1366, 1593, 1479, 1366, 1251, 1479, 1366, 1933, 1366, 1366, 1251, 569, 569, 569, 961, 1139,
    682, 1139, 1139, 1024, 1139, 1139, 569, 1139, 1139, 455, 455, 1024, 455, 1706, 1139, 1139,
    1139, 1139, 682, 1024, 569, 1139, 1024, 1479, 1024, 1024, 1024, 684, 532, 684, 1196,
)
_BOLD = (
    569, 682, 971, 1139, 1139, 1821, 1479, 487, 682, 682, 797, 1196, 569, 682, 569, 569,
    1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 682, 682, 1196, 1196, 1196, 1251,
    1997, 1479, 1479, 1479, 1479, 1366, 1251, 1593, 1479, 569, 1139, 1479, 1251, 1706, 1479, 1593,
    1366, 1593, 1479, 1366, 1251, 1479, 1366, 1933, 1366, 1366, 1251, 682, 569, 682, 1196, 1139,
    682, 1139, 1251, 1139, 1251, 1139, 682, 1251, 1251, 569, 569, 1139, 569, 1821, 1251, 1251,
    1251, 1251, 797, 1139, 682, 1251, 1139, 1593, 1139, 1139, 1024, 797, 573, 797, 1196,
)
_SPACE = 569
# Indexed by byte: controls (never in a label) as a space, ASCII from the table, other bytes as a space.
REGULAR = (_SPACE,) * 32 + _REGULAR + (_SPACE,) * 129
BOLD = (_SPACE,) * 32 + _BOLD + (_SPACE,) * 129
# The families graphviz-pure measures with these tables, as its SVG names them.
FAMILIES = frozenset((b"Helvetica,sans-Serif",))

# graphviz-pure writes each line as <text ... font-family ["font-weight"] ["font-style"] font-size ...>text</text>.
_TEXT = re.compile(
    rb'(<text (?:[-\w:]+="[^"]*" )*?font-family="([^"]*)"( font-weight="bold")?(?: font-style="[^"]*")? font-size="([0-9.]+)"(?: [-\w:]+="[^"]*")*)(/?)>([^<]*)(?=</text>)'
)


def width(text: str, bold: bool = False, size: float = 1.0) -> float:
    """The width graphviz-pure gives ``text`` in a font of ``size`` points."""
    table = BOLD if bold else REGULAR
    return sum(map(table.__getitem__, text.encode("utf-8"))) * size / UNITS


_REFERENCE = re.compile(rb"&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));")
_NAMED = {b"amp": b"&", b"lt": b"<", b"gt": b">", b"quot": b'"', b"apos": b"'"}


def _character(match: re.Match) -> bytes:
    hexadecimal, decimal, name = match.groups()
    if name is not None:
        return _NAMED[name]
    return chr(int(hexadecimal, 16) if hexadecimal is not None else int(decimal)).encode("utf-8")


def unescape(text: bytes) -> bytes:
    """XML text as the characters it stands for (the five named entities and character references)."""
    return _REFERENCE.sub(_character, text) if b"&" in text else text


def _fitter():
    lengths: dict[tuple, bytes] = {}  # (bold, size, text) -> textLength: lines repeat on big maps

    def fitted(match: re.Match) -> bytes:
        start, family, bold, size, empty, content = match.groups()
        if family not in FAMILIES or empty or not content:
            return match.group(0)
        key = (bold, size, content)
        length = lengths.get(key)
        if length is None:
            units = sum(map((BOLD if bold else REGULAR).__getitem__, unescape(content)))
            length = lengths[key] = b"%.2f" % (units * float(size) / UNITS)
        return b'%s textLength="%s" lengthAdjust="spacingAndGlyphs">%s' % (start, length, content)

    return fitted


def fit(svg: bytes) -> bytes:
    """graphviz-pure's SVG with every line of text set to the width the layout measured."""
    return _TEXT.sub(_fitter(), svg)
