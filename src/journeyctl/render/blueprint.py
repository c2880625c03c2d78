"""The blueprint view: a service blueprint with lanes as rows and stages as columns.

From top to bottom: the stage headers, customer actions, the line of
interaction, frontstage, the line of visibility, backstage, the line of internal
interaction, and support processes. Each row is a rank of the layout, and every
row is a chain of invisible links from left to right: its name, then for each
stage a border point and the stage's touchpoints in that lane. The border points
of a column are joined from top to bottom by heavy edges, drawn as the thin
vertical rules between stages, so every row breaks at the same places. (Stage
clusters would not do: Graphviz orders clusters by its own heuristics.) The
horizontal lines are drawn after the layout (``draw_lines``), straight across.

Arrows follow ``next`` without words (the flow view has them).
"""

from __future__ import annotations

import re

from journeyctl.model import LANES
from journeyctl.render import palette
from journeyctl.render.dot import Graph, Html
from journeyctl.render.flow import base_graph, node_attributes
from journeyctl.render.labels import stage_label
from journeyctl.render.perspective import Perspective
from journeyctl.render.text import html

VIEW = "blueprint"
LANE_NAMES = {
    "customer": "Customer actions",
    "frontstage": "Frontstage",
    "backstage": "Backstage",
    "support": "Support processes",
}
# (line id, words, lane above, lane below)
LINES = (
    ("interaction", "line of interaction", "customer", "frontstage"),
    ("visibility", "line of visibility", "frontstage", "backstage"),
    ("internal", "line of internal interaction", "backstage", "support"),
)


def _rows() -> list[tuple[str, str]]:
    """The rows from top to bottom: ("lane", lane) and ("line", line id)."""
    rows: list[tuple[str, str]] = [("head", "stages")]
    for lane in LANES:
        rows.append(("lane", lane))
        for line_id, _, above, _ in LINES:
            if above == lane:
                rows.append(("line", line_id))
    return rows


def build(view: Perspective) -> Graph:
    graph = base_graph(view, VIEW, rankdir="TB", nodesep=0.25, ranksep=0.3)
    stage_count = len(view.stages)
    rows = _rows()
    cells: dict[tuple[int, str], list[str]] = {}
    for step in view.steps:
        cells.setdefault((step.stage_index, step.touchpoint.lane), []).append(step.node)
    steps = {step.node: step for step in view.steps}

    for row, (kind, key) in enumerate(rows):
        label = f"row_{kind}_{key}"
        if kind == "head":
            graph.node(label, label="", shape="point", style="invis", width=0, height=0)
        elif kind == "lane":
            graph.node(label, id=f"{VIEW}-lane-{key}", label=Html(f"<b>{html(LANE_NAMES[key])}</b>"), shape="plain", style="", fontsize=12, fontcolor=palette.INK)
        else:
            words = next(words for line_id, words, _, _ in LINES if line_id == key)
            graph.node(label, id=f"{VIEW}-line-{key}", label=Html(f"<i>{html(words)}</i>"), shape="plain", style="", fontsize=9, fontcolor=palette.MUTED)
        chain = [label]
        for index in range(stage_count + 1):
            border = f"b{row}_{index}"
            ids = {"id": f"{VIEW}-column-{index}"} if kind == "head" else {}
            graph.node(border, shape="point", style="invis", width=0, height=0, label="", **ids)
            chain.append(border)
            if index == stage_count:
                break
            if kind == "head":
                stage = view.stages[index]
                graph.node(f"h{index}", id=f"{VIEW}-stage-{stage.id}-name", label=stage_label(index + 1, stage.name), shape="plain", style="", fontsize=13, fontcolor=palette.INK)
                chain.append(f"h{index}")
            elif kind == "lane":
                for node in cells.get((index, key), []):
                    graph.node(node, **node_attributes(steps[node], VIEW))
                    chain.append(node)
        graph.same_rank(chain)
        for before, after in zip(chain, chain[1:]):
            graph.edge(before, after, style="invis")

    # Rows in order, and each column border straight down through every row.
    for upper, lower in zip(range(len(rows)), range(1, len(rows))):
        graph.edge(f"row_{rows[upper][0]}_{rows[upper][1]}", f"row_{rows[lower][0]}_{rows[lower][1]}", style="invis")
        for index in range(stage_count + 1):
            graph.edge(f"b{upper}_{index}", f"b{lower}_{index}", arrowhead="none", color=palette.BORDER, weight=100)

    # Arrows are written downwards between rows and left to right within a row, and
    # drawn pointing the right way (dir=back): so they agree with the grid and take
    # part in the layout, which then routes them between the touchpoints.
    lane_row = {lane: LANES.index(lane) for lane in LANES}
    for number, link in enumerate(view.links):
        attrs: dict = {"id": f"{VIEW}-link-{number}"}
        if link.condition:
            attrs["style"] = "dashed"
        tail, head = link.tail.node, link.head.node
        tail_row, head_row = lane_row[link.tail.touchpoint.lane], lane_row[link.head.touchpoint.lane]
        if tail_row > head_row or (tail_row == head_row and link.backward):
            tail, head = head, tail
            attrs["dir"] = "back"
        if tail == head:
            attrs["constraint"] = "false"
        graph.edge(tail, head, **attrs)
    return graph


_NODE = r"^\s*{name}\s*\[(?P<attrs>[^\]]*)\]"
_ATTRIBUTE = r'\b{name}="?(?P<value>[-0-9.,e]+)"?'


def _number_list(text: str, name: str) -> list[float]:
    found = re.search(_ATTRIBUTE.format(name=name), text)
    if found is None:
        raise ValueError(f"no {name} in the laid-out graph")
    return [float(part) for part in found.group("value").split(",")]


def draw_lines(laid_out: str) -> str:
    """The laid-out graph (``-Tdot`` output) with the three lines drawn across it.

    The lines are added after the layout, as straight dashed edges with fixed
    positions from the end of each line's name to the right edge of the graph:
    laid out as edges, they would bend around every arrow that crosses them.
    The result is drawn with ``neato -n2``, which keeps every position.
    """
    right = _number_list(laid_out, "bb")[2]
    statements = []
    for line_id, *_ in LINES:
        node = re.search(_NODE.format(name=f"row_line_{line_id}"), laid_out, re.MULTILINE)
        if node is None:
            raise ValueError(f"no row_line_{line_id} in the laid-out graph")
        x, y = _number_list(node.group("attrs"), "pos")
        width = _number_list(node.group("attrs"), "width")[0] * 72
        start = x + width / 2 + 6
        points = f"{start:.2f},{y:.2f} {start:.2f},{y:.2f} {right:.2f},{y:.2f} {right:.2f},{y:.2f}"
        statements.append(
            f'line_{line_id}_from [shape=point, style=invis, width=0.01, height=0.01, label="", pos="{start:.2f},{y:.2f}"];\n'
            f'line_{line_id}_to [shape=point, style=invis, width=0.01, height=0.01, label="", pos="{right:.2f},{y:.2f}"];\n'
            f'line_{line_id}_from -> line_{line_id}_to [id="{VIEW}-line-{line_id}-rule", style=dashed, arrowhead=none, '
            f'color="{palette.LINE}", penwidth=1.2, pos="{points}"];'
        )
    end = laid_out.rstrip().rfind("}")
    return laid_out[:end] + "\n".join(statements) + "\n}\n"
