"""HTML-like labels shared by the views: a touchpoint's box, an arrow's words, a stage's name.

The title and legend are in ``legend``. Labels repeated across a big map (a
channel's name, an arrow's words) are built once (``lru_cache``).

Every piece of user text goes through ``text.wrap`` and ``text.html`` before it
is put between tags, so a label is always well-formed whatever the file says.
Graphviz refuses an empty ``<b></b>`` or ``<font></font>`` as a syntax error, and
text can clean down to nothing (a name of only non-characters): ``_tag`` leaves
such a tag out, so no text can make a label the engine refuses.
"""

from __future__ import annotations

from functools import lru_cache

from journeyctl.model import Timing
from journeyctl.render import palette
from journeyctl.render.dot import Html
from journeyctl.render.legend import FAIL_FILL, FAIL_INK, WAIT_FILL, WAIT_INK, badge, room
from journeyctl.render.perspective import Link, Step
from journeyctl.render.text import html, html_lines, wrap

NAME_WIDTH, NAME_LINES = 24, 4
DETAIL_WIDTH, DETAIL_LINES = 28, 2
EDGE_WIDTH, EDGE_LINES = 22, 3
STAGE_WIDTH, STAGE_LINES = 30, 2

_TABLE = '<table border="0" cellborder="0" cellspacing="0" cellpadding="1">'


def _row(content: str, **cell: str) -> str:
    if not cell:
        return f"<tr><td>{content}</td></tr>"
    extra = "".join(f' {key}="{value}"' for key, value in cell.items())
    return f"<tr><td{extra}>{content}</td></tr>"


def _tag(tag: str, content: str, attributes: str = "") -> str:
    """``content`` between tags, or nothing when it is empty."""
    return f"<{tag}{attributes}>{content}</{tag}>" if content else ""


def _bold(content: str) -> str:
    return _tag("b", content)


def _small(content: str, size: int = 9) -> str:
    return _tag("font", content, f' point-size="{size}"')


def score_text(score: float) -> str:
    text = f"{score:+.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("+0", "-0") else text


def flags(step: Step) -> list[str]:
    touchpoint = step.touchpoint
    words = []
    if touchpoint.milestone:
        words.append("MILESTONE")
    if touchpoint.moment_of_truth:
        words.append("MOMENT OF TRUTH")
    return words


def step_label(step: Step) -> Html:
    """Flags, the name in bold, the channel or channels, the feeling, the time, and bands
    counting pain points and the blueprint marks (fail and wait points)."""
    touchpoint = step.touchpoint
    rows = []
    marks = flags(step)
    if marks:
        rows.append(_row(_small(_bold(" · ".join(marks)), 8)))
    rows.append(_row(_bold(html_lines(wrap(touchpoint.name, NAME_WIDTH, NAME_LINES)))))
    if step.channels:
        rows.append(_channels(step.channels))
    if step.score is not None:
        feeling = wrap(step.feeling, DETAIL_WIDTH, 1) if step.feeling else []
        words = html(feeling[0]) + " " if feeling else ""
        rows.append(_row(_small(_tag("i", f"{words}({score_text(step.score)})"))))
    if touchpoint.time is not None:
        timing = time_text(touchpoint.time.duration, touchpoint.time.wait, touchpoint.time.frequency)
        if timing:
            rows.append(_row(_small(timing)))
    pains = len(touchpoint.pain_points)
    if pains:
        text = f"! {pains} pain point{'s' if pains != 1 else ''}"
        rows.append(_row(_small(_tag("font", _bold(text), f' color="{palette.INK}"')), bgcolor=palette.BAND_FILL))
    fails, waits = len(touchpoint.fail_points), len(touchpoint.wait_points)
    if fails or waits:
        rows.append(_row(fail_and_wait(fails, waits), bgcolor=palette.BAND_FILL))
    return Html(_TABLE + "".join(rows) + "</table>")


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' if number != 1 else ''}"


@lru_cache(maxsize=64)
def fail_and_wait(fails: int, waits: int) -> str:
    """The blueprint marks of a step: a red "F" badge with its fail points, an amber "W" with its wait points.

    The little table is given its size (``fixedsize``), wide enough for a browser's
    font: a table without one is stretched to the box's width, which pulls each
    badge away from its words."""
    ink = f' color="{palette.INK}"'
    cells, width = [], 1
    for count, letter, fill, text_ink, word in ((fails, "F", FAIL_FILL, FAIL_INK, "fail point"), (waits, "W", WAIT_FILL, WAIT_INK, "wait point")):
        if count:
            words = _count(count, word)
            cells.append(badge(letter, fill, text_ink) + f'<td align="left">{_small(_tag("font", words, ink))}</td>')
            width += 13 + 1 + room(words, 9) + 2 + 1
    return f'<table border="0" cellborder="0" cellspacing="1" cellpadding="1" fixedsize="true" width="{width}" height="16"><tr>' + "".join(cells) + "</tr></table>"


@lru_cache(maxsize=256)
def _channels(names: tuple[str, ...]) -> str:
    """The channel, or the channels of a step, one line: "Social media · Ad · Review site"."""
    return _row(_small(html_lines(wrap(" · ".join(names), DETAIL_WIDTH, DETAIL_LINES))))


@lru_cache(maxsize=256)
def time_text(duration: str | None, wait: str | None, frequency: str | None) -> str:
    """How long a step takes, waits and how often, escaped: "takes 10m · waits 2d · every order"."""
    parts = []
    if duration:
        parts.append(f"takes {duration}")
    if wait:
        parts.append(f"waits {wait}")
    if frequency:
        parts.append(frequency)
    return html_lines(wrap(" · ".join(parts), DETAIL_WIDTH, DETAIL_LINES)) if parts else ""


def link_label(link: Link) -> Html | None:
    return _link_words(link.label, link.condition)


@lru_cache(maxsize=1024)
def _link_words(label: str | None, condition: str | None) -> Html | None:
    parts = []
    if label:
        parts.append(html_lines(wrap(label, EDGE_WIDTH, EDGE_LINES)))
    if condition:
        parts.append(_tag("i", html_lines(wrap("if " + condition, EDGE_WIDTH, EDGE_LINES))))
    parts = [part for part in parts if part]
    return Html("<br/>".join(parts)) if parts else None


def stage_label(number: int, name: str, time: Timing | None = None, *, left: bool = False) -> Html:
    """The stage's number and name in bold; under it, how long the stage takes (``time``), when given.

    ``left`` lines the two up on the left (the flow view's stage boxes), else they are centred."""
    label = _bold(html_lines(wrap(f"{number}. {name}", STAGE_WIDTH, STAGE_LINES)))
    timing = time_text(time.duration, time.wait, time.frequency) if time is not None else ""
    if not (timing and label):
        return Html(label or timing)
    if left:
        return Html(label + '<br align="left"/>' + _small(timing, 10) + '<br align="left"/>')
    return Html(label + "<br/>" + _small(timing, 10))
