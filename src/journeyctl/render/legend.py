"""The title and legend above a diagram: what is drawn, the emotion colours, and the marks used.

The legend names only the marks the drawing uses (a map without fail points gets
no "F" key), so a small map keeps a small legend.

Never cut off: the layout engine measures text with its own font (Arimo, metric
twin of Helvetica), while a browser draws the SVG with whatever Helvetica-like
font it has, often a wider one (DejaVu Sans, some 10-20 % wider). When the legend
is the widest part of a drawing, that difference ran past the SVG's edge. So
every cell of the legend is given a width (``room``) that holds its words in a
wide sans-serif font, and the drawing is laid out around that width.
"""

from __future__ import annotations

from journeyctl.render import palette
from journeyctl.render.dot import Html
from journeyctl.render.perspective import Perspective
from journeyctl.render.text import html, html_lines, wrap

TITLE_WIDTH, TITLE_LINES = 80, 2
KEYS_PER_ROW = 3
FAIL_FILL, FAIL_INK = "#b42318", "#ffffff"  # a red badge "F" (5.9:1)
WAIT_FILL, WAIT_INK = "#f5b400", palette.INK  # an amber badge "W" (9:1)

# em widths per character in a wide Helvetica stand-in (DejaVu Sans, measured in Chromium), rounded up
_NARROW = frozenset(" ijlrtf.,:;!|'()[]-·")
_WIDE = frozenset("mwMW@%")


def room(text: str, size: float, bold: bool = False) -> int:
    """Points that ``text`` takes at ``size`` in a wide sans-serif font: a width the browser's font fits in."""
    ems = 0.0
    for char in text:
        if char in _NARROW:
            ems += 0.36
        elif char in _WIDE:
            ems += 1.0
        elif char.isupper() or char.isdigit():
            ems += 0.74
        elif char.isascii():
            ems += 0.6
        else:
            ems += 1.0  # accents, other scripts, wide characters: the safe side
    return int(ems * size * (1.12 if bold else 1.0)) + 2


def _cell(content: str, width: int, **extra: str) -> str:
    attributes = "".join(f' {key}="{value}"' for key, value in extra.items())
    return f'<td align="left" width="{width}"{attributes}>{content}</td>'


def badge(letter: str, fill: str, ink: str, size: int = 9) -> str:
    """A small coloured square with a bold letter: the fail point's "F", the wait point's "W"."""
    return f'<td bgcolor="{fill}" fixedsize="true" width="{size + 4}" height="{size + 4}"><font color="{ink}" point-size="{size}"><b>{letter}</b></font></td>'


def keys(view: Perspective) -> list[tuple[str, str | None]]:
    """(words, badge cell or None) for each mark the drawing uses, in a fixed order."""
    steps = [step.touchpoint for step in view.steps]
    found: list[tuple[str, str | None]] = []
    if any(tp.milestone for tp in steps):
        found.append(("double border: milestone", None))
    if any(tp.moment_of_truth for tp in steps):
        found.append(("thick border: moment of truth", None))
    if any(tp.pain_points for tp in steps):
        found.append(("! pain points", None))
    if any(tp.fail_points for tp in steps):
        found.append(("fail point: where the service can fail", badge("F", FAIL_FILL, FAIL_INK)))
    if any(tp.wait_points for tp in steps):
        found.append(("wait point: where the customer waits", badge("W", WAIT_FILL, WAIT_INK)))
    if any(link.condition for link in view.links):
        found.append(("dashed arrow: taken on a condition", None))
    if view.in_order:
        found.append(("arrows: the order of the file (the map gives no next steps)", None))
    if view.serves:
        found.append(("dotted arrow, open head: supports the step it points to", None))
    if any(tp.parallel and len(tp.next) > 1 for tp in steps):
        found.append(("black bar: the steps after it all happen, in parallel", None))
    return found


def header(view: Perspective, view_name: str) -> Html:
    """The graph's label: title, what is drawn, and the legend."""
    journey = view.journey
    subtitle = f"{view_name} view"
    if view.persona is not None:
        subtitle += f" · persona: {view.persona.name}"
    if journey.status:
        subtitle += f" · {journey.status}"
    title_lines = wrap(journey.title, TITLE_WIDTH, TITLE_LINES)
    title_room = max((room(line, 18, bold=True) for line in title_lines), default=0)
    swatches = "".join(
        f'<td bgcolor="{fill}" border="1" color="{palette.LINE}" cellpadding="3" width="{room(words, 9) + 8}">'
        f'<font color="{ink}" point-size="9">{html(words)}</font></td>'
        for fill, ink, words in palette.legend_entries()
    )
    swatches += (
        f'<td bgcolor="{palette.NO_SCORE_FILL}" border="1" color="{palette.LINE}" cellpadding="3" width="{room("no score", 9) + 8}">'
        '<font point-size="9">no score</font></td>'
    )
    rows = [
        f'<tr>{_cell(_font(f"<b>{html_lines(title_lines)}</b>" if title_lines else "", 18), title_room)}</tr>',
        f"<tr>{_cell(_font(html(subtitle), 11), room(subtitle, 11))}</tr>",
        f'<tr>{_cell(_font("Emotion:", 9), room("Emotion:", 9))}</tr>',
        f'<tr><td align="left"><table border="0" cellborder="0" cellspacing="4" cellpadding="0"><tr>{swatches}</tr></table></td></tr>',
    ]
    found = keys(view)
    if found:
        lines = []
        for start in range(0, len(found), KEYS_PER_ROW):
            cells = []
            for words, mark in found[start : start + KEYS_PER_ROW]:
                # Two cells a key, the badge (or nothing) and the words, so badges line up in columns.
                cells.append((mark or '<td width="13"></td>') + _cell(_font(html(words), 9), room(words, 9) + 8))
            lines.append("<tr>" + "".join(cells) + "</tr>")
        rows.append(f'<tr><td align="left"><table border="0" cellborder="0" cellspacing="0" cellpadding="2">{"".join(lines)}</table></td></tr>')
    return Html('<table border="0" cellborder="0" cellspacing="4" cellpadding="0">' + "".join(rows) + "</table>")


def _font(content: str, size: int) -> str:
    return f'<font point-size="{size}">{content}</font>' if content else ""
