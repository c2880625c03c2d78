"""Drawing journeys: DOT source for Graphviz, then SVG, PNG or PDF from the layout engine.

The public functions take a validated ``Journey`` (``checker.check`` gives one
per valid file, with imported personas and channels merged in):

    dot_source(journey, view="flow", persona=None) -> str
    render(journey, "svg", view="flow", persona=None, engine=None) -> bytes
    flow_svg(journey, persona=None, engine=None) -> str   # an <svg> element for HTML pages

``persona`` is a persona id: the journey as that persona lives it. ``engine``
is "graphviz-pure", "dot" or None for the usual choice (see ``engine``).
graphviz-pure's SVG gives each line of text the width the layout measured
(``text_fit``); every SVG is checked before it is returned (``svg``), and
``flow_svg`` returns a ``svg.CheckedSvg``, which the page embeds without reading
it again (``svg_embed``). A PDF carries a fixed creation date (``same_date``).
They raise ``UnknownPersona`` for a persona the journey does not have and
``EngineError`` when the layout engine is missing or fails; both carry a
message for people.
"""

from __future__ import annotations

import importlib
import os
import re
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from journeyctl.render import flow
from journeyctl.render.engine import TIMEOUT, EngineError, choose
from journeyctl.render.perspective import UnknownPersona, perspective
from journeyctl.render.svg import Scan, finish_scanned, inline

if TYPE_CHECKING:
    from journeyctl.model import Journey

# The view's module, imported when the view is drawn: each has build(perspective) -> Graph,
# and may have draw_lines(laid-out DOT) -> DOT, drawing added to the laid-out graph before
# the image is made (DOT output is the layout's input).
VIEWS = {"flow": "journeyctl.render.flow", "blueprint": "journeyctl.render.blueprint"}
IMAGE_FORMATS = ("svg", "png", "pdf")

__all__ = ["VIEWS", "EngineError", "UnknownPersona", "dot_source", "flow_svg", "render"]


def dot_source(journey: Journey, view: str = "flow", persona: str | None = None, traffic: flow.Traffic | None = None) -> str:
    """The DOT source of one view of the journey: the same journey always gives the same text.

    ``traffic`` (flow view only) draws what customers did on the arrows (``flow.Traffic``)."""
    if traffic is not None:
        return flow.build(perspective(journey, persona), traffic).source()
    return importlib.import_module(VIEWS[view]).build(perspective(journey, persona)).source()


def render(
    journey: Journey,
    output_format: str,
    *,
    view: str = "flow",
    persona: str | None = None,
    engine: str | None = None,
    timeout: float = TIMEOUT,
    traffic: flow.Traffic | None = None,
) -> bytes:
    """The journey drawn as ``output_format``: dot, svg, png or pdf."""
    return _draw(journey, output_format, view, persona, engine, timeout, traffic)[0]


def _draw(journey: Journey, output_format: str, view: str, persona: str | None, engine: str | None, timeout: float, traffic: flow.Traffic | None) -> tuple[bytes, Scan | None]:
    """``render``, with what the SVG check saw (None for other formats)."""
    source = dot_source(journey, view, persona, traffic)
    if output_format == "dot":
        return source.encode("utf-8"), None
    if output_format not in IMAGE_FORMATS:
        raise ValueError(f"not an image format: {output_format}")
    program = choose(engine, output_format)
    after = getattr(importlib.import_module(VIEWS[view]), "draw_lines", None)
    end = time.monotonic() + timeout  # the time limit covers both runs of a blueprint
    if after is None:
        data = program.run(source, output_format, timeout)
    else:
        laid_out = program.run(source, "dot", timeout).decode("utf-8")
        data = program.run(after(laid_out), output_format, end - time.monotonic(), layout=("-Kneato", "-n2"))
    if output_format == "pdf":
        return same_date(data), None
    if output_format != "svg":
        return data, None
    if program.kind.name == "graphviz-pure":
        from journeyctl.render.text_fit import fit  # each line at the width the layout measured

        data = fit(data)
    return finish_scanned(data)


_CREATION_DATE = re.compile(rb"/CreationDate \(D:\d{14}Z\)")


def same_date(pdf: bytes) -> bytes:
    """The PDF with the same creation date on every run, so the same journey gives the same bytes.

    Graphviz's PDF (through cairo) is stamped with the time it was made, its only part that
    changes from run to run. The stamp becomes ``SOURCE_DATE_EPOCH`` (the reproducible-builds
    convention) when that is set, else the start of 1970; it keeps its length, so the PDF's
    table of byte offsets stays right."""
    seconds = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(seconds) if seconds.isdigit() else 0, timezone.utc)
    stamp = b"/CreationDate (D:" + moment.strftime("%Y%m%d%H%M%S").encode("ascii") + b"Z)"
    return _CREATION_DATE.sub(stamp, pdf, count=1)


def flow_svg(journey: Journey, *, persona: str | None = None, engine: str | None = None, view: str = "flow", timeout: float = TIMEOUT, traffic: flow.Traffic | None = None) -> str:
    """The flow view (or ``view``) as an ``<svg>`` element, without XML prolog, to embed in HTML.

    It is a ``svg.CheckedSvg``: ``svg_embed.embeddable_svg`` embeds it from what the
    safety check saw, without reading it again."""
    data, seen = _draw(journey, "svg", view, persona, engine, timeout, traffic)
    return inline(data, seen)
