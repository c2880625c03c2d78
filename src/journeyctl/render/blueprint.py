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

Arrows follow ``next`` without words (the flow view has them); a parallel
step's arrows leave from a black bar beside it, in its row; what a support step
serves is a dotted, open-headed arrow. Some rows appear only when the journey
has what they hold: the phases above the stage names (a phase's name over its
stages: that row has no borders inside a phase), the physical evidence above the
customer's actions, and the journey's own rows (``rows:``) under the support
processes. Evidence and own rows are rows of notes (``NoteRow``), each step's in
its stage's column, joined to the step by a faint line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from journeyctl.model import LANES
from journeyctl.render import palette
from journeyctl.render.dot import Graph, Html
from journeyctl.render.flow import SERVES, base_graph, fork_bar, node_attributes, parallel_steps, phases
from journeyctl.render.labels import stage_label
from journeyctl.render.perspective import Perspective, Step
from journeyctl.render.text import html, html_lines, wrap

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


NOTE_WIDTH, NOTE_LINES = 26, 2  # per item of a note


@dataclass
class NoteRow:
    """A row of notes, one per step that has something for it: physical evidence or a custom row."""

    key: str  # the row's place in the graph's names: row_note_<key>, nt<key>_<node>
    name: str
    id: str  # the element id: blueprint-row-<id>, and blueprint-<id>-<touchpoint id> for a note
    below: bool  # under the lanes (custom rows) rather than above them (evidence)
    notes: dict[str, list[str]] = field(default_factory=dict)  # step node -> its texts


def note_rows(view: Perspective) -> tuple[NoteRow | None, list[NoteRow]]:
    """The physical evidence row (or None), and the journey's own rows that some drawn step fills."""
    evidence = NoteRow("0", "Physical evidence", "evidence", False)
    custom = [NoteRow(str(number + 1), row.name, f"row-{row.id}", True) for number, row in enumerate(view.journey.rows)]
    by_id = {row.id: note for row, note in zip(view.journey.rows, custom)}
    for step in view.steps:
        touchpoint = step.touchpoint
        if touchpoint.physical_evidence:
            evidence.notes[step.node] = list(touchpoint.physical_evidence)
        for row_id, value in touchpoint.rows.items():
            if row_id in by_id and value:
                by_id[row_id].notes[step.node] = [value] if isinstance(value, str) else list(value)
    return (evidence if evidence.notes else None), [note for note in custom if note.notes]


def _rows(with_phases: bool = False, evidence: NoteRow | None = None, custom: list[NoteRow] | None = None) -> list[tuple[str, str]]:
    """The rows from top to bottom: ("phase", ...), ("head", ...), ("note", key), ("lane", lane) and ("line", line id)."""
    rows: list[tuple[str, str]] = [("phase", "phases")] if with_phases else []
    rows.append(("head", "stages"))
    if evidence is not None:
        rows.append(("note", evidence.key))
    for lane in LANES:
        rows.append(("lane", lane))
        for line_id, _, above, _ in LINES:
            if above == lane:
                rows.append(("line", line_id))
    rows.extend(("note", note.key) for note in custom or ())
    return rows


def note_label(texts: list[str]) -> Html:
    """A note's texts, one item a line."""
    lines = [html_lines(wrap(item, NOTE_WIDTH, NOTE_LINES)) for item in texts]
    return Html("<br/>".join(line for line in lines if line) or " ")


def build(view: Perspective) -> Graph:
    graph = base_graph(view, VIEW, rankdir="TB", nodesep=0.25, ranksep=0.3)
    stage_count = len(view.stages)
    phase_of = phases(view)
    evidence, custom = note_rows(view)
    notes = {note.key: note for note in ([evidence] if evidence else []) + custom}
    rows = _rows(bool(phase_of), evidence, custom)
    arrows = view.arrows
    forks = {node: f"fork_{node}" for node in parallel_steps(arrows)}
    bars = set(forks.values())
    cells: dict[tuple[int, str], list[str]] = {}
    for step in view.steps:
        cells.setdefault((step.stage_index, step.touchpoint.lane), []).append(step.node)
        for key, note in notes.items():
            if step.node in note.notes:
                cells.setdefault((step.stage_index, f"note{key}"), []).append(step.node)
    steps = {step.node: step for step in view.steps}
    # The phase row has no borders inside a phase: its name spans its stages.
    inner = {index for index in range(1, stage_count) if index in phase_of and phase_of.get(index - 1, (None,))[0] == phase_of[index][0]}

    for row, (kind, key) in enumerate(rows):
        label = f"row_{kind}_{key}"
        if kind in ("head", "phase"):
            graph.node(label, label="", shape="point", style="invis", width=0, height=0)
        elif kind == "note":
            name = html(notes[key].name)
            graph.node(label, id=f"{VIEW}-{notes[key].id}", label=Html(f"<b>{name}</b>" if name else " "), shape="plain", style="", fontsize=12, fontcolor=palette.INK)
        elif kind == "lane":
            graph.node(label, id=f"{VIEW}-lane-{key}", label=Html(f"<b>{html(LANE_NAMES[key])}</b>"), shape="plain", style="", fontsize=12, fontcolor=palette.INK)
        else:
            words = next(words for line_id, words, _, _ in LINES if line_id == key)
            graph.node(label, id=f"{VIEW}-line-{key}", label=Html(f"<i>{html(words)}</i>"), shape="plain", style="", fontsize=9, fontcolor=palette.MUTED)
        chain = [label]
        for index in range(stage_count + 1):
            border = f"b{row}_{index}"
            ids = {"id": f"{VIEW}-column-{index}"} if kind == "head" else {}
            if kind != "phase" or index not in inner:  # a phase's name spans its stages
                graph.node(border, shape="point", style="invis", width=0, height=0, label="", **ids)
                chain.append(border)
            if index == stage_count:
                break
            if kind == "head":
                stage = view.stages[index]
                graph.node(f"h{index}", id=f"{VIEW}-stage-{stage.id}-name", label=stage_label(index + 1, stage.name, stage.time), shape="plain", style="", fontsize=13, fontcolor=palette.INK)
                chain.append(f"h{index}")
            elif kind == "phase":
                if index in phase_of and index not in inner:
                    phase = phase_of[index][1]
                    graph.node(f"ph{index}", id=f"{VIEW}-phase-{phase.id}", label=Html(f"<b>{html(phase.name)}</b>" if html(phase.name) else " "), shape="plain", style="", fontsize=15, fontcolor=palette.INK)
                    chain.append(f"ph{index}")
            elif kind == "note":
                note = notes[key]
                for node in cells.get((index, f"note{key}"), []):
                    graph.node(f"nt{key}_{node}", id=f"{VIEW}-{note.id}-{steps[node].touchpoint.id}", label=note_label(note.notes[node]), shape="note", style="filled", fillcolor=palette.STAGE_FILL, fontsize=9, fontcolor=palette.INK, margin="0.08,0.04", **{"class": "evidence" if key == "0" else "row"})
                    chain.append(f"nt{key}_{node}")
            elif kind == "lane":
                for node in cells.get((index, key), []):
                    graph.node(node, **node_attributes(steps[node], VIEW))
                    chain.append(node)
                    if node in forks:
                        graph.node(forks[node], **fork_bar(steps[node], VIEW))
                        chain.append(forks[node])
        graph.same_rank(chain)
        for before, after in zip(chain, chain[1:]):
            if after in bars and before == after[5:]:
                graph.edge(before, after, id=f"{VIEW}-fork-{steps[before].touchpoint.id}-edge", arrowhead="none")
            else:
                graph.edge(before, after, style="invis")

    # Rows in order, and each column border straight down through every row.
    for upper, lower in zip(range(len(rows)), range(1, len(rows))):
        graph.edge(f"row_{rows[upper][0]}_{rows[upper][1]}", f"row_{rows[lower][0]}_{rows[lower][1]}", style="invis")
        for index in range(stage_count + 1):
            if rows[upper][0] == "phase" and index in inner:
                continue
            graph.edge(f"b{upper}_{index}", f"b{lower}_{index}", arrowhead="none", color=palette.BORDER, weight=100)
    # Each note joined to its step by a faint line, written downwards like the grid.
    for key, note in notes.items():
        for node in note.notes:
            ends = (node, f"nt{key}_{node}") if note.below else (f"nt{key}_{node}", node)
            graph.edge(*ends, id=f"{VIEW}-{note.id}-{steps[node].touchpoint.id}-edge", arrowhead="none", style="dotted", color=palette.BORDER)

    # Arrows are written downwards between rows and left to right within a row, and
    # drawn pointing the right way (dir=back): so they agree with the grid and take
    # part in the layout, which then routes them between the touchpoints.
    lane_row = {lane: LANES.index(lane) for lane in LANES}
    for number, link in enumerate(arrows):
        attrs: dict = {"id": f"{VIEW}-link-{number}"}
        if link.condition:
            attrs["style"] = "dashed"
        _arrow(graph, lane_row, link.tail, link.head, link.backward, attrs, forks.get(link.tail.node))
    for number, (server, served) in enumerate(view.serves):
        _arrow(graph, lane_row, server, served, (served.stage_index, served.order) < (server.stage_index, server.order), {"id": f"{VIEW}-serves-{number}", **SERVES}, None)
    return graph


def _arrow(graph: Graph, lane_row: dict[str, int], tail_step: Step, head_step: Step, backward: bool, attrs: dict, fork: str | None) -> None:
    """An arrow written the way the grid runs (downwards, left to right), drawn pointing the right way."""
    tail, head = fork or tail_step.node, head_step.node
    tail_row, head_row = lane_row[tail_step.touchpoint.lane], lane_row[head_step.touchpoint.lane]
    if tail_row > head_row or (tail_row == head_row and backward):
        tail, head = head, tail
        attrs["dir"] = "back"
        if "arrowhead" in attrs:
            attrs["arrowtail"] = attrs.pop("arrowhead")
    if tail == head:
        attrs["constraint"] = "false"
    graph.edge(tail, head, **attrs)


_NODE = r"^\s*{name}\s*\[(?P<attrs>[^\]]*)\]"
_ATTRIBUTE = r'\b{name}="?(?P<value>[-0-9.,e]+)"?'


def _number_list(text: str, name: str) -> list[float]:
    found = re.search(_ATTRIBUTE.format(name=name), text)
    if found is None:
        raise ValueError(f"no {name} in the laid-out graph")
    return [float(part) for part in found.group("value").split(",")]


def _node_statement(laid_out: str, name: str) -> re.Match | None:
    """What ``re.search(_NODE.format(name=name), laid_out, re.MULTILINE)`` finds, tried only where
    the name is written (a search from every line start costs about 1 ms per line drawn).

    A match starts at a line start followed by nothing but white space up to the name: the
    first line break in the white space before an occurrence, or the start of the text."""
    pattern = re.compile(_NODE.format(name=name), re.MULTILINE)
    at = laid_out.find(name)
    while at >= 0:
        before = at
        while before > 0 and laid_out[before - 1].isspace():
            before -= 1
        if before == 0:
            line_start = 0
        else:
            newline = laid_out.find("\n", before, at)
            line_start = newline + 1 if newline >= 0 else -1
        if line_start >= 0:
            found = pattern.match(laid_out, line_start)
            if found is not None:
                return found
        at = laid_out.find(name, at + 1)
    return None


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
        node = _node_statement(laid_out, f"row_line_{line_id}")
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
