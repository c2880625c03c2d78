"""Which points of an emotion line the curve joins, and which joins are branches.

A line joins two of its touchpoints with an emotion when one leads to the other
in the journey, walking through touchpoints without an emotion and through those
its persona does not take. Steps that go back (a retry, a loop) are left to the
flow diagram: drawn right to left they would cross the curve.

The **main line** is the way the journey goes when nothing special happens:
from the entry (and from every touchpoint that no step leads to), each
touchpoint's first ``next`` step without a condition, or all of them when the
touchpoint is ``parallel`` (all its steps happen). Every other join is a
**branch**: a step taken only on a condition, an either/or alternative after the
first, a step from a touchpoint off the main line. A branch is drawn as a dashed
segment of its own with words saying what it is ("if card declined"), so that an
alternative never reads as a dip in the main line.

The walk is bounded: at most ``WALK_LIMIT`` steps followed and ``JOIN_LIMIT`` joins
through other touchpoints for one line (a hub a persona skips between a thousand
touchpoints on each side would join a million pairs): such a map gets the joins
found until then, not a stuck render or a page of hundreds of megabytes.
A journey without any ``next`` is read in file order: one main line.
"""

from __future__ import annotations

from collections import deque

from journeyctl.model import Journey
from journeyctl.render.perspective import Perspective, Step

ALTERNATIVE = "alternative path"  # the words of a branch with neither a condition nor a label
WALK_LIMIT = 2_000_000  # next steps followed to find one line's joins
JOIN_LIMIT = 10_000  # joins through other touchpoints on one line (joins of two neighbours are not counted)


class Join:
    """Two points of a line that the curve joins: ``tail`` leads (perhaps through other touchpoints) to ``head``.

    A plain class: a frozen dataclass sets each field through ``object.__setattr__``, a call
    per field for the 2,000 joins of a big map, and costs as much again to define.
    """

    __slots__ = ("tail", "head", "condition", "branch", "words")

    def __init__(self, tail: Step, head: Step, condition: str | None, branch: bool, words: str | None) -> None:
        self.tail = tail
        self.head = head
        self.condition = condition  # the first condition met on the way
        self.branch = branch  # off the main line
        self.words = words  # a branch's words: "if card declined", a step's label, "alternative path"


class _Graph:
    __slots__ = ("flows", "main")

    def __init__(self, flows: dict[str, list], main: frozenset[tuple[str, str]]) -> None:
        self.flows = flows  # touchpoint id -> its forward next steps (Flow records), in file order
        self.main = main  # the main line's steps, as (from, to)


def _graph(journey: Journey) -> _Graph:
    stage_index: dict[str, int] = {}
    for index, stage in enumerate(journey.stages):
        stage_index.setdefault(stage.id, index)
    position: dict[str, tuple[int, int]] = {}
    touchpoints = {}
    for order, touchpoint in enumerate(journey.touchpoints):
        if touchpoint.stage in stage_index and touchpoint.id not in position:
            position[touchpoint.id] = (stage_index[touchpoint.stage], order)
            touchpoints[touchpoint.id] = touchpoint
    # Forward: to a later stage, or later in the same stage (as the flow diagram reads it).
    flows = {
        tid: [flow for flow in tp.next if flow.to in position and position[flow.to] > position[tid]]
        for tid, tp in touchpoints.items()
    }
    chosen = {}
    for tid, forward in flows.items():
        plain = [flow.to for flow in forward if flow.condition is None]
        chosen[tid] = plain if getattr(touchpoints[tid], "parallel", False) else plain[:1]
    heads = {flow.to for forward in flows.values() for flow in forward}
    entries = getattr(journey, "entry_ids", None)
    if entries is None:  # the format before several entries
        entries = (journey.entry,) if getattr(journey, "entry", None) else ()
    starts = [tid for tid in entries if tid in position]
    if not starts and touchpoints:
        starts.append(next(iter(touchpoints)))
    starts += [tid for tid in touchpoints if tid not in heads]
    on_main: set[str] = set()
    main: set[tuple[str, str]] = set()
    queue = deque(starts)
    while queue:
        current = queue.popleft()
        if current in on_main:
            continue
        on_main.add(current)
        for to in chosen[current]:
            main.add((current, to))
            queue.append(to)
    return _Graph(flows, frozenset(main))


def _words(condition: str | None, label: str | None) -> str:
    return f"if {condition}" if condition else (label or ALTERNATIVE)


def joins(view: Perspective, use_flow: bool, graph: _Graph | None = None) -> tuple[list[Step], list[Join]]:
    """The line's steps with a score, and the forward joins between them, in a stable order.

    ``graph`` is ``journey_graph(view.journey)``, made once for all the lines of a page.
    """
    scored = [step for step in view.steps if step.score is not None]
    if not use_flow:
        return scored, [Join(a, b, None, False, None) for a, b in zip(scored, scored[1:])]
    graph = graph or _graph(view.journey)
    points = {step.touchpoint.id: step for step in scored}
    found: list[Join] = []
    budget, through = WALK_LIMIT, JOIN_LIMIT
    for start in scored:
        # Walk forward through the touchpoints between two points; keep the first condition and label met.
        queue: deque[tuple[str, str | None, bool, str | None]] = deque([(start.touchpoint.id, None, False, None)])
        visited = {start.touchpoint.id}
        while queue:
            current, condition, off, label = queue.popleft()
            if current != start.touchpoint.id and (through <= 0 or budget <= 0):
                break  # no more walking through other touchpoints on this line; its neighbours' joins go on
            forward = graph.flows.get(current, ())
            budget -= len(forward)
            for flow in forward:
                if flow.to in visited:
                    continue
                visited.add(flow.to)
                reason = condition or flow.condition
                branch = off or (current, flow.to) not in graph.main
                named = label or flow.label
                head = points.get(flow.to)
                if head is None:
                    queue.append((flow.to, reason, branch, named))
                else:
                    if current != start.touchpoint.id:
                        if through <= 0:
                            continue
                        through -= 1
                    dashed = branch or reason is not None
                    found.append(Join(start, head, reason, dashed, _words(reason, named) if dashed else None))
    return scored, found


journey_graph = _graph
