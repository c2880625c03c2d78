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

With a ``Traffic`` (``journeyctl render --events``, and the measured-map page),
the arrows carry what customers did: an arrow's width grows with the times the
step was taken and its words end with that count; a step customers take that
the map lacks is an extra dashed red arrow ("not on the map"); a step of the
map nobody takes is grey and dotted ("never taken"); a legend says so in words.
``Traffic`` is plain data: this module never imports the analytics.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journeyctl.model import Phase
from journeyctl.render import palette
from journeyctl.render.dot import Graph, Html
from journeyctl.render.labels import link_label, stage_label, step_label
from journeyctl.render.legend import header
from journeyctl.render.perspective import Link, Perspective, Step
from journeyctl.render.text import html

VIEW = "flow"
BIG = 150
COLUMN = 8
UNMAPPED = "#b42318"  # red arrows: taken, not on the map (5.9:1 on white)
UNSEEN = "#8a8a8a"  # grey arrows: on the map, never taken
UNSEEN_INK = "#6b6b6b"  # their words (5.3:1 on white)
MAX_WIDTH = 7.0  # pen width of the busiest arrow


@dataclass(frozen=True)
class Traffic:
    """What customers did between touchpoints (ids): times per observed step, the
    observed steps the map lacks (from, to, times), the map's steps never taken."""

    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    unmapped: tuple[tuple[str, str, int], ...] = ()
    unseen: frozenset[tuple[str, str]] = frozenset()

    def width(self, count: int) -> float:
        top = max([1, *(n for (source, target), n in self.counts.items() if source != target)])  # a touchpoint followed by itself is no arrow
        return round(1 + (MAX_WIDTH - 1) * count / top, 2)


def traffic_from(measures: dict) -> Traffic:
    """The ``Traffic`` in ``journeyctl analyze --format json``'s measures (transitions and drift)."""
    drift = measures.get("drift", {})
    return Traffic(
        counts={(r["from"], r["to"]): int(r["transitions"]) for r in measures.get("transitions", {}).get("transitions", [])},
        unmapped=tuple((r["from"], r["to"], int(r["transitions"])) for r in drift.get("unmapped_transitions", [])),
        unseen=frozenset((r["from"], r["to"]) for r in drift.get("unseen_links", [])),
    )


def times(count: int) -> str:
    return f"{count:,} time{'' if count == 1 else 's'}"


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


def build(view: Perspective, traffic: Traffic | None = None) -> Graph:
    graph = base_graph(view, VIEW, rankdir="LR", nodesep=0.3, ranksep=0.4)
    big = len(view.steps) > BIG
    folded = {i for i, steps in view.by_stage.items() if big and len(steps) > COLUMN}

    arrows = view.arrows
    parallel = parallel_steps(arrows)
    # Each parallel step's bar; in a folded column (big maps) its arrows say "in parallel" instead.
    forks = {node: f"fork_{node}" for node, step in parallel.items() if step.stage_index not in folded}
    start(graph, view, VIEW)

    phase_of = phases(view)
    outer: dict[int, Graph] = {}
    for index, stage in enumerate(view.stages):
        parent = graph
        if index in phase_of:
            number, phase = phase_of[index]
            if number not in outer:
                outer[number] = graph.subgraph(
                    f"cluster_p{number}",
                    id=f"{VIEW}-phase-{phase.id}",
                    label=Html(f'<font point-size="15"><b>{html(phase.name)}</b></font>') if html(phase.name) else "",
                    style="rounded,dashed",
                    color=palette.MUTED,
                    fontcolor=palette.INK,
                    margin=10,
                )
            parent = outer[number]
        cluster = parent.subgraph(
            f"cluster_s{index}",
            id=f"{VIEW}-stage-{stage.id}",
            label=stage_label(index + 1, stage.name, stage.time, left=True),
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
            if step.node in forks:
                cluster.node(forks[step.node], **fork_bar(step, VIEW))
                cluster.edge(step.node, forks[step.node], id=f"{VIEW}-fork-{step.touchpoint.id}-edge", arrowhead="none")
        if index in folded:
            _fold(cluster, steps)

    _gates(graph, view, folded)

    for number, link in enumerate(arrows):
        attrs: dict = {"id": f"{VIEW}-link-{number}"}
        words = link_label(link)
        if words is None and link.tail.node in parallel and link.tail.node not in forks:
            words = Html("in parallel")
        if words is not None:
            attrs["xlabel" if big else "label"] = words
        if link.condition:
            attrs["style"] = "dashed"
        if traffic is not None:
            _with_traffic(attrs, words, traffic, (link.tail.touchpoint.id, link.head.touchpoint.id), "xlabel" if big else "label")
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
        if tail == link.tail.node and tail in forks:
            tail = forks[tail]  # all the steps after a parallel one leave from its bar
        graph.edge(tail, head, **attrs)
    for number, (server, served) in enumerate(view.serves):
        # What a support step serves: dotted, open-headed. Within a stage (not folded) the
        # support step is held in the column of the step it serves, or after it (minlen 0):
        # written from the served step, drawn pointing at it.
        if served.stage_index == server.stage_index and server.stage_index not in folded:
            attrs = {**SERVES, "dir": "back", "arrowtail": SERVES["arrowhead"], "minlen": 0}
            del attrs["arrowhead"]
            graph.edge(served.node, server.node, id=f"{VIEW}-serves-{number}", **attrs)
        else:
            graph.edge(server.node, served.node, id=f"{VIEW}-serves-{number}", constraint="false", **SERVES)
    if traffic is not None:
        _unmapped(graph, view, traffic, "xlabel" if big else "label")
        _legend(graph)
    return graph


SERVES = {"style": "dotted", "arrowhead": "onormal", "penwidth": 1.4, "class": "serves"}


def start(graph: Graph, view: Perspective, view_name: str) -> None:
    """A black dot pointing at the journey's entry, or at each of its entry points."""
    if not view.entries:
        return
    graph.node("start", id=f"{view_name}-start", shape="circle", width=0.2, height=0.2, fixedsize="true", label="", style="filled", fillcolor=palette.INK, color=palette.INK)
    for number, entry in enumerate(view.entries):
        graph.edge("start", entry.node, id=f"{view_name}-start-edge" + (f"-{number + 1}" if number else ""))


def phases(view: Perspective) -> dict[int, tuple[int, Phase]]:
    """{stage index: (phase number, phase)} for the stages that belong to a phase."""
    index = {stage.id: number for number, stage in enumerate(view.stages)}
    found: dict[int, tuple[int, Phase]] = {}
    for number, phase in enumerate(view.journey.phases):
        for stage_id in phase.stages:
            if stage_id in index:
                found.setdefault(index[stage_id], (number, phase))
    return found


def parallel_steps(arrows: list[Link]) -> dict[str, Step]:
    """{node: step} of the parallel steps with more than one arrow out: their arrows leave from a bar."""
    out: dict[str, list[Step]] = {}
    for link in arrows:
        if link.tail.touchpoint.parallel:
            out.setdefault(link.tail.node, []).append(link.tail)
    return {node: tails[0] for node, tails in out.items() if len(tails) > 1}


def fork_bar(step: Step, view_name: str) -> dict:
    """The black bar after a parallel step (a fork): every step after it happens."""
    return {
        "id": f"{view_name}-fork-{step.touchpoint.id}",
        "shape": "box",
        "style": "filled",
        "fillcolor": palette.INK,
        "color": palette.INK,
        "width": 0.07,
        "height": 0.45,
        "fixedsize": "true",
        "label": "",
        "class": "fork",
    }


def _with_traffic(attrs: dict, words: str | None, traffic: Traffic, key: tuple[str, str], place: str) -> None:
    if key in traffic.counts:
        count = traffic.counts[key]
        attrs[place] = Html(f"{words}<br/>{times(count)}") if words else times(count)
        attrs["penwidth"] = traffic.width(count)
        attrs["class"] = "traffic"
    elif key in traffic.unseen:
        attrs[place] = Html(f"{words}<br/>never taken") if words else "never taken"
        attrs.update(color=UNSEEN, fontcolor=UNSEEN_INK, style="dotted", penwidth=1.5)
        attrs["class"] = "unseen"


def _unmapped(graph: Graph, view: Perspective, traffic: Traffic, place: str) -> None:
    """The steps customers take that the map lacks: dashed red, not pulling the layout."""
    nodes = {step.touchpoint.id: step.node for step in view.steps}
    for number, (source, target, count) in enumerate(traffic.unmapped):
        if source not in nodes or target not in nodes:
            continue
        graph.edge(
            nodes[source],
            nodes[target],
            id=f"{VIEW}-unmapped-{number}",
            **{place: f"{times(count)}, not on the map"},
            style="dashed",
            color=UNMAPPED,
            fontcolor=UNMAPPED,
            penwidth=traffic.width(count),
            constraint="false",
            **{"class": "unmapped"},
        )


def _legend(graph: Graph) -> None:
    """Three sample arrows with words: width by traffic, dashed red, grey dotted."""
    legend = graph.subgraph("cluster_legend", id=f"{VIEW}-legend", label="Traffic", style="rounded", color=palette.BORDER, fontsize=11, margin=8)
    samples = [
        ("taken: width and number by times", {"penwidth": 3}),
        ("taken, not on the map", {"style": "dashed", "color": UNMAPPED, "fontcolor": UNMAPPED, "penwidth": 2}),
        ("on the map, never taken", {"style": "dotted", "color": UNSEEN, "fontcolor": UNSEEN_INK, "penwidth": 1.5}),
    ]
    for number, (words, attrs) in reversed(list(enumerate(samples))):  # a rank's nodes stack upwards
        a, b = f"legend{number}a", f"legend{number}b"
        legend.node(a, shape="point", width=0.05, style="invis", label="")
        legend.node(b, shape="point", width=0.05, style="invis", label="")
        legend.edge(a, b, label=words, arrowsize=0.6, **attrs)


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
    inside = [link for link in view.arrows if not link.backward and link.head.stage_index == link.tail.stage_index and link.tail.stage_index not in folded]
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
