"""The flow view: stages as clusters from left to right, touchpoints inside, arrows between.

Layout choices, kept here so they are easy to find:

* Stages stay in file order whatever the arrows do: an invisible "gate" node
  between two stages comes after every last step of one stage and before every
  first step of the next. Only the steps that need it get a gate edge (those
  with no forward arrow inside their stage), so big maps stay cheap.
* Arrows that go back (to an earlier stage, or to an earlier touchpoint of the
  same stage) do not pull the layout (``constraint=false``): retries and loops
  are drawn without turning the map around.
* Arrow words are labels on small maps. Past ``LABEL_LIMIT`` touchpoints they
  become ``xlabel``s, placed after the layout instead of taking part in it:
  edge labels are what makes the layout slow on big maps (see docs/performance.md).
"""

from __future__ import annotations

from journeyctl.render import palette
from journeyctl.render.dot import Graph
from journeyctl.render.labels import header, link_label, stage_label, step_label
from journeyctl.render.perspective import Perspective, Step

VIEW = "flow"
LABEL_LIMIT = 150


def node_attributes(step: Step, view_name: str) -> dict:
    fill, ink = palette.emotion_colours(step.score)
    touchpoint = step.touchpoint
    classes = ["touchpoint", f"lane-{touchpoint.lane}"]
    attrs: dict = {"id": f"{view_name}-tp-{touchpoint.id}", "label": step_label(step), "fillcolor": fill, "fontcolor": ink}
    if touchpoint.milestone:
        attrs["peripheries"] = 2
        classes.append("milestone")
    if touchpoint.moment_of_truth:
        attrs["penwidth"] = 3
        attrs["color"] = palette.INK
        classes.append("moment-of-truth")
    if touchpoint.pain_points:
        classes.append("pain")
    attrs["class"] = " ".join(classes)
    return attrs


def base_graph(view: Perspective, view_name: str, **layout) -> Graph:
    graph = Graph("journey")
    graph.graph = {
        "id": view_name,
        "label": header(view, view_name),
        "labelloc": "t",
        "labeljust": "l",
        "fontname": palette.FONT,
        "fontcolor": palette.INK,
        "bgcolor": "white",
        "pad": 0.3,
        "newrank": "true",
        **layout,
    }
    graph.node_defaults = {
        "shape": "box",
        "style": "rounded,filled",
        "fontname": palette.FONT,
        "fontsize": 11,
        "color": palette.LINE,
        "margin": "0.1,0.05",
    }
    graph.edge_defaults = {
        "fontname": palette.FONT,
        "fontsize": 9,
        "fontcolor": palette.MUTED,
        "color": palette.LINE,
        "arrowsize": 0.7,
    }
    return graph


def build(view: Perspective) -> Graph:
    graph = base_graph(view, VIEW, rankdir="LR", nodesep=0.3, ranksep=0.4)
    many = len(view.steps) > LABEL_LIMIT

    if view.entry is not None:
        graph.node("start", id=f"{VIEW}-start", shape="circle", width=0.2, height=0.2, fixedsize="true", label="", style="filled", fillcolor=palette.INK, color=palette.INK)
        graph.edge("start", view.entry.node, id=f"{VIEW}-start-edge")

    for index, stage in enumerate(view.stages):
        cluster = graph.subgraph(
            f"cluster_s{index}",
            id=f"{VIEW}-stage-{stage.id}",
            label=stage_label(index + 1, stage.name),
            style="rounded,filled",
            fillcolor=palette.STAGE_FILL,
            color="#bbbbbb",
            fontsize=13,
            margin=12,
        )
        steps = view.by_stage.get(index, [])
        if not steps:
            # An empty stage still shows where it is in the order.
            cluster.node(f"e{index}", id=f"{VIEW}-stage-{stage.id}-empty", label="(no touchpoints)", shape="plain", style="", fontsize=9, fontcolor=palette.MUTED)
        for step in steps:
            cluster.node(step.node, **node_attributes(step, VIEW))

    _gates(graph, view)

    for number, link in enumerate(view.links):
        attrs: dict = {"id": f"{VIEW}-link-{number}"}
        words = link_label(link)
        if words is not None:
            attrs["xlabel" if many else "label"] = words
        if link.condition:
            attrs["style"] = "dashed"
        if link.backward:
            attrs["constraint"] = "false"
        graph.edge(link.tail.node, link.head.node, **attrs)
    return graph


def _gates(graph: Graph, view: Perspective) -> None:
    """Invisible edges that keep every stage to the right of the one before it."""
    forward_out = {link.tail.node for link in view.links if not link.backward and link.head.stage_index == link.tail.stage_index}
    forward_in = {link.head.node for link in view.links if not link.backward and link.head.stage_index == link.tail.stage_index}
    names = [[step.node for step in view.by_stage.get(i, [])] or [f"e{i}"] for i in range(len(view.stages))]
    for index in range(len(view.stages) - 1):
        gate = f"g{index}"
        graph.node(gate, shape="point", style="invis", width=0, height=0, label="")
        for node in names[index]:
            if node not in forward_out:
                graph.edge(node, gate, style="invis", weight=0)
        for node in names[index + 1]:
            if node not in forward_in:
                graph.edge(gate, node, style="invis", weight=0)
