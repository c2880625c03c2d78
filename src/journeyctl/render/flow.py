"""The flow view: stages as clusters from left to right, touchpoints inside, arrows between.

Layout choices, kept here so they are easy to find:

* Stages stay in file order whatever the arrows do: an invisible "gate" node
  between two stages comes after every last step of one stage and before every
  first step of the next. Only the steps that need it get a gate edge (those
  with no forward arrow inside their stage), so big maps stay cheap.
* Arrows that go back (to an earlier stage, or to an earlier touchpoint of the
  same stage) do not pull the layout (``constraint=false``): retries and loops
  are drawn without turning the map around.
* Big maps (more than ``BIG`` touchpoints) are drawn differently, to stay
  readable and quick to lay out:
  - arrow words become ``xlabel``s, placed after the layout instead of taking
    part in it (edge labels are the costly part of a layout, see
    docs/performance.md);
  - a stage with more than ``COLUMN`` touchpoints is folded into columns of
    ``COLUMN``, in file order, read top to bottom then left to right. Without
    this, a chain of 500 steps is one row some 100,000 pixels long.
"""

from __future__ import annotations

from journeyctl.render import palette
from journeyctl.render.dot import Graph
from journeyctl.render.labels import header, link_label, stage_label, step_label
from journeyctl.render.perspective import Perspective, Step

VIEW = "flow"
BIG = 150
COLUMN = 8


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
    big = len(view.steps) > BIG
    folded = {i for i, steps in view.by_stage.items() if big and len(steps) > COLUMN}

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
        if index in folded:
            _fold(cluster, steps)

    _gates(graph, view, folded)

    for number, link in enumerate(view.links):
        attrs: dict = {"id": f"{VIEW}-link-{number}"}
        words = link_label(link)
        if words is not None:
            attrs["xlabel" if big else "label"] = words
        if link.condition:
            attrs["style"] = "dashed"
        tail, head = link.tail.node, link.head.node
        if link.tail.stage_index == link.head.stage_index and link.tail.stage_index in folded:
            attrs["constraint"] = "false"
            if not link.backward:
                # Written upwards like the column's own order, drawn pointing forward.
                tail, head = head, tail
                attrs["dir"] = "back"
        elif link.backward:
            attrs["constraint"] = "false"
        elif folded and link.tail.stage_index != link.head.stage_index:
            # The gates order the stages; arrows between them would undo the columns' order.
            attrs["constraint"] = "false"
        graph.edge(tail, head, **attrs)
    return graph


def _fold(cluster: Graph, steps: list[Step]) -> None:
    """Columns of COLUMN steps: each column one rank, ordered top to bottom, each left of the next."""
    columns = [steps[start : start + COLUMN] for start in range(0, len(steps), COLUMN)]
    for column in columns:
        cluster.same_rank([step.node for step in column])
        # Flat edges order a rank; in a left-to-right layout the order runs upwards.
        for upper, lower in zip(column, column[1:]):
            cluster.edge(lower.node, upper.node, style="invis")
    for left, right in zip(columns, columns[1:]):
        cluster.edge(left[0].node, right[0].node, style="invis", weight=10)


def _gates(graph: Graph, view: Perspective, folded: set[int]) -> None:
    """Invisible edges that keep every stage to the right of the one before it.

    A gate node between two stages follows each step that ends its stage (no
    forward arrow inside the stage) and precedes each step that starts the next.
    In a folded stage, the last column ends it and the first column starts it.
    """
    inside = [link for link in view.links if not link.backward and link.head.stage_index == link.tail.stage_index and link.tail.stage_index not in folded]
    has_next = {link.tail.node for link in inside}
    has_previous = {link.head.node for link in inside}
    firsts: list[list[str]] = []
    lasts: list[list[str]] = []
    for index in range(len(view.stages)):
        names = [step.node for step in view.by_stage.get(index, [])] or [f"e{index}"]
        if index in folded:
            firsts.append(names[:COLUMN])
            lasts.append(names[(len(names) - 1) // COLUMN * COLUMN :])
        else:
            firsts.append([n for n in names if n not in has_previous])
            lasts.append([n for n in names if n not in has_next])
    for index in range(len(view.stages) - 1):
        if index in folded and index + 1 in folded:
            # Two folded stages: the tops of their columns form one straight row.
            graph.edge(lasts[index][0], firsts[index + 1][0], style="invis", weight=10)
            continue
        gate = f"g{index}"
        graph.node(gate, shape="point", style="invis", width=0, height=0, label="")
        # Folded stages line up by the tops of their columns, not in a staircase.
        for number, node in enumerate(lasts[index]):
            graph.edge(node, gate, style="invis", weight=10 if number == 0 and index in folded else 0)
        for number, node in enumerate(firsts[index + 1]):
            graph.edge(gate, node, style="invis", weight=10 if number == 0 and index + 1 in folded else 0)
