"""The blueprint view: a service blueprint with lanes as rows and stages as columns.

From top to bottom: the stage headers, customer actions, the line of
interaction, frontstage, the line of visibility, backstage, the line of internal
interaction, and support processes. Each stage is a cluster (a column); each lane
is a rank of the layout (a row), fixed by an invisible chain of the lane names on
the left. The lines are dashed rows of points, one in each column, joined from
the left margin to the right one.

Arrows follow ``next`` without words (the flow view has them) and never move
a touchpoint out of its lane (``constraint=false``).
"""

from __future__ import annotations

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
    by_lane: dict[tuple[int, str], list[str]] = {}
    steps = {step.node: step for step in view.steps}
    for step in view.steps:
        by_lane.setdefault((step.stage_index, step.touchpoint.lane), []).append(step.node)

    # The left column: a name for every row, chained top to bottom to fix their order.
    left = []
    for kind, key in _rows():
        node = f"row_{kind}_{key}"
        left.append(node)
        if kind == "head":
            graph.node(node, label="", shape="point", style="invis", width=0, height=0)
        elif kind == "lane":
            graph.node(node, id=f"{VIEW}-lane-{key}", label=Html(f"<b>{html(LANE_NAMES[key])}</b>"), shape="plain", style="", fontsize=12, fontcolor=palette.INK)
        else:
            words = next(words for line_id, words, _, _ in LINES if line_id == key)
            graph.node(node, id=f"{VIEW}-line-{key}", label=Html(f"<i>{html(words)}</i>"), shape="plain", style="", fontsize=9, fontcolor=palette.MUTED)
    for upper, lower in zip(left, left[1:]):
        graph.edge(upper, lower, style="invis")

    for index, stage in enumerate(view.stages):
        cluster = graph.subgraph(
            f"cluster_s{index}",
            id=f"{VIEW}-stage-{stage.id}",
            label="",
            style="rounded,filled",
            fillcolor=palette.STAGE_FILL,
            color="#bbbbbb",
            margin=10,
        )
        cluster.node(f"h{index}", id=f"{VIEW}-stage-{stage.id}-name", label=stage_label(index + 1, stage.name), shape="plain", style="", fontsize=13, fontcolor=palette.INK)
        for lane in LANES:
            for node in by_lane.get((index, lane), []):
                cluster.node(node, **node_attributes(steps[node], VIEW))
            if lane == LANES[-1]:
                # Reaches down to the last row even when the stage has no support step.
                cluster.node(f"foot{index}", shape="point", style="invis", width=0, height=0, label="")
        for line_id, *_ in LINES:
            cluster.node(f"line_{line_id}_{index}", shape="point", width=0.01, height=0.01, label="", color=palette.LINE)

    # Rows: each lane's name and touchpoints share a rank; so do each line's points.
    graph.same_rank(["row_head_stages", *[f"h{i}" for i in range(stage_count)]])
    for lane in LANES:
        graph.same_rank([f"row_lane_{lane}", *[n for i in range(stage_count) for n in by_lane.get((i, lane), [])], *([f"foot{i}" for i in range(stage_count)] if lane == LANES[-1] else [])])
    for line_id, *_ in LINES:
        graph.same_rank([f"row_line_{line_id}", *[f"line_{line_id}_{i}" for i in range(stage_count)], f"line_{line_id}_end"])

    # Columns in file order: the stage names are chained left to right after the left column.
    heads = ["row_head_stages", *[f"h{i}" for i in range(stage_count)]]
    for before, after in zip(heads, heads[1:]):
        graph.edge(before, after, style="invis")
    for lane in LANES:
        first = next((by_lane[(i, lane)][0] for i in range(stage_count) if (i, lane) in by_lane), None)
        if first is not None:
            graph.edge(f"row_lane_{lane}", first, style="invis")

    # The lines themselves, from the left margin across every column to the right.
    for line_id, *_ in LINES:
        graph.node(f"line_{line_id}_end", shape="point", width=0.01, height=0.01, label="", color=palette.LINE)
        points = [f"row_line_{line_id}", *[f"line_{line_id}_{i}" for i in range(stage_count)], f"line_{line_id}_end"]
        for before, after in zip(points, points[1:]):
            graph.edge(before, after, id=f"{VIEW}-line-{line_id}-{before}", style="dashed", arrowhead="none", color=palette.LINE, penwidth=1.2)

    for number, link in enumerate(view.links):
        attrs: dict = {"id": f"{VIEW}-link-{number}", "constraint": "false"}
        if link.condition:
            attrs["style"] = "dashed"
        graph.edge(link.tail.node, link.head.node, **attrs)
    return graph
