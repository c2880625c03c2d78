"""HTML-like labels shared by the views: a touchpoint's box, an arrow's words, the title and legend.

Every piece of user text goes through ``text.wrap`` and ``text.html`` before it
is put between tags, so a label is always well-formed whatever the file says.
Graphviz refuses an empty ``<b></b>`` or ``<font></font>`` as a syntax error, and
text can clean down to nothing (a name of only non-characters): ``_tag`` leaves
such a tag out, so no text can make a label the engine refuses.
"""

from __future__ import annotations

from journeyctl.render import palette
from journeyctl.render.dot import Html
from journeyctl.render.perspective import Link, Perspective, Step
from journeyctl.render.text import html, html_lines, wrap

NAME_WIDTH, NAME_LINES = 24, 4
DETAIL_WIDTH, DETAIL_LINES = 28, 2
EDGE_WIDTH, EDGE_LINES = 22, 3
STAGE_WIDTH, STAGE_LINES = 30, 2
TITLE_WIDTH, TITLE_LINES = 80, 2

_TABLE = '<table border="0" cellborder="0" cellspacing="0" cellpadding="1">'


def _row(content: str, **cell: str) -> str:
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
    """Flags, the name in bold, the channel, the feeling, and a band counting pain points."""
    touchpoint = step.touchpoint
    rows = []
    marks = flags(step)
    if marks:
        rows.append(_row(_small(_bold(" · ".join(marks)), 8)))
    rows.append(_row(_bold(html_lines(wrap(touchpoint.name, NAME_WIDTH, NAME_LINES)))))
    if step.channel is not None:
        rows.append(_row(_small(html_lines(wrap(step.channel.name, DETAIL_WIDTH, DETAIL_LINES)))))
    elif touchpoint.channel:
        rows.append(_row(_small(html(touchpoint.channel))))
    if step.score is not None:
        feeling = wrap(step.feeling, DETAIL_WIDTH, 1) if step.feeling else []
        words = html(feeling[0]) + " " if feeling else ""
        rows.append(_row(_small(_tag("i", f"{words}({score_text(step.score)})"))))
    pains = len(touchpoint.pain_points)
    if pains:
        text = f"! {pains} pain point{'s' if pains != 1 else ''}"
        rows.append(_row(_small(_tag("font", _bold(text), f' color="{palette.INK}"')), bgcolor=palette.BAND_FILL))
    return Html(_TABLE + "".join(rows) + "</table>")


def link_label(link: Link) -> Html | None:
    parts = []
    if link.label:
        parts.append(html_lines(wrap(link.label, EDGE_WIDTH, EDGE_LINES)))
    if link.condition:
        parts.append(_tag("i", html_lines(wrap("if " + link.condition, EDGE_WIDTH, EDGE_LINES))))
    parts = [part for part in parts if part]
    return Html("<br/>".join(parts)) if parts else None


def stage_label(number: int, name: str) -> Html:
    return Html(_bold(html_lines(wrap(f"{number}. {name}", STAGE_WIDTH, STAGE_LINES))))


def header(view: Perspective, view_name: str) -> Html:
    """The graph's label: title, what is drawn, and the legend."""
    journey = view.journey
    subtitle = f"{view_name} view"
    if view.persona is not None:
        subtitle += f" · persona: {view.persona.name}"
    if journey.status:
        subtitle += f" · {journey.status}"
    swatches = "".join(
        f'<td bgcolor="{fill}" border="1" color="{palette.LINE}" cellpadding="3">'
        f'<font color="{ink}" point-size="9">{html(words)}</font></td>'
        for fill, ink, words in palette.legend_entries()
    )
    swatches += (
        f'<td bgcolor="{palette.NO_SCORE_FILL}" border="1" color="{palette.LINE}" cellpadding="3">'
        f'{_small("no score")}</td>'
    )
    keys = "double border: milestone · thick border: moment of truth · ! pain points · dashed arrow: taken on a condition"
    title = html_lines(wrap(journey.title, TITLE_WIDTH, TITLE_LINES))
    return Html(
        '<table border="0" cellborder="0" cellspacing="4" cellpadding="0">'
        f'<tr><td align="left" colspan="6">{_small(_bold(title), 18)}</td></tr>'
        f'<tr><td align="left" colspan="6">{_small(html(subtitle), 11)}</td></tr>'
        f'<tr><td align="left" colspan="6">{_small("Emotion:")}</td></tr>'
        f"<tr>{swatches}</tr>"
        f'<tr><td align="left" colspan="6">{_small(html(keys))}</td></tr>'
        "</table>"
    )
