"""The journey as one persona lives it, or as everyone does: what the views draw.

``perspective(journey, persona_id)`` keeps the touchpoints the persona goes
through (those whose ``personas`` list is empty apply to everyone), takes each
touchpoint's feeling for that persona (``emotion.by_persona`` wins over the
general score), and reconnects the flow around the steps the persona skips: when
A leads to B and B is not for this persona, A leads straight to whatever kept
touchpoints B leads to (one plain arrow, unless A already leads there).

Reconnecting is bounded: the walk from a skipped touchpoint to the nearest kept
ones is made once per skipped touchpoint, and a drawing gets at most
``BYPASS_LIMIT`` arrows around skipped touchpoints (walking at most
``WALK_LIMIT`` steps through them). A persona that skips a hub between a thousand
touchpoints on each side would need a million arrows: ``TooManyArrows`` refuses
that view with a plain message, where it would otherwise write a drawing of
hundreds of megabytes that no layout engine can lay out.

A journey without any ``next`` is drawn in file order: each touchpoint leads to
the one listed after it (``in_order``), the steps that serve others (``serves``)
left out of that chain, since they support it rather than follow it.

Everything is in file order, and node names (``n0``, ``n1``...) are generated
here from positions, so the same journey always gives the same drawing.
"""

from __future__ import annotations

from collections import deque

from journeyctl.model import Channel, Journey, Persona, Stage, Touchpoint


class UnknownPersona(Exception):
    """``--persona`` names no persona of the journey."""

    def __init__(self, persona_id: str, journey: Journey) -> None:
        self.persona_id = persona_id
        self.known = [persona.id for persona in journey.personas]
        known = ", ".join(self.known) if self.known else "none"
        super().__init__(f'the journey "{journey.id}" has no persona "{persona_id}" (its personas: {known})')


BYPASS_LIMIT = 10_000  # arrows around skipped touchpoints in one drawing
WALK_LIMIT = 2_000_000  # next steps followed through skipped touchpoints to find them


class TooManyArrows(UnknownPersona):
    """The persona's view would need more arrows around skipped touchpoints than a drawing can take.

    A kind of ``UnknownPersona`` so that every caller, which reports an unknown
    persona as a view that cannot be drawn, reports this one the same way.
    """

    def __init__(self, persona_id: str, journey: Journey, skipped: str, *, walk: bool = False) -> None:
        self.persona_id = persona_id
        self.known = [persona.id for persona in journey.personas]
        need = f"to follow more than {WALK_LIMIT:,} steps through them" if walk else f"more than {BYPASS_LIMIT:,} arrows"
        Exception.__init__(
            self,
            f'the journey "{journey.id}" cannot be drawn for the persona "{persona_id}": around the touchpoints '
            f'it skips (such as "{skipped}") it would need {need}; '
            "draw it without --persona, or give the persona the touchpoints where the flow fans out",
        )


# Plain classes, not dataclasses: a big map makes hundreds of steps and thousands of
# arrows on every drawing, and a dataclass costs about a millisecond to define at start-up
# and more to make (a frozen one sets each field through object.__setattr__). Nothing
# compares or hashes them by value; they are not changed once made.


class Step:
    """A touchpoint as drawn: where it sits and how it feels."""

    __slots__ = ("node", "touchpoint", "stage_index", "order", "channel", "score", "feeling", "channels")

    def __init__(
        self,
        node: str,
        touchpoint: Touchpoint,
        stage_index: int,
        order: int,  # position in the file, across stages
        channel: Channel | None,
        score: float | None,
        feeling: str | None,
        channels: tuple[str, ...] = (),  # the names of its channels, in file order (a channel not declared: its id)
    ) -> None:
        self.node = node
        self.touchpoint = touchpoint
        self.stage_index = stage_index
        self.order = order
        self.channel = channel
        self.score = score
        self.feeling = feeling
        self.channels = channels

    def __repr__(self) -> str:
        return f"Step({self.node!r}, touchpoint={self.touchpoint.id!r}, stage_index={self.stage_index}, order={self.order})"


class Link:
    """An arrow from one step to another."""

    __slots__ = ("tail", "head", "label", "condition", "skips")

    def __init__(self, tail: Step, head: Step, label: str | None, condition: str | None, skips: bool) -> None:
        self.tail = tail
        self.head = head
        self.label = label
        self.condition = condition
        self.skips = skips  # goes around touchpoints the persona does not take

    def __repr__(self) -> str:
        return f"Link({self.tail.node!r} -> {self.head.node!r}, label={self.label!r}, condition={self.condition!r}, skips={self.skips})"

    @property
    def backward(self) -> bool:
        """Goes back to an earlier stage, or to an earlier or the same touchpoint of its stage."""
        if self.head.stage_index != self.tail.stage_index:
            return self.head.stage_index < self.tail.stage_index
        return self.head.order <= self.tail.order


class Perspective:
    """The journey as drawn: its stages, the steps kept and the arrows between them."""

    def __init__(
        self,
        journey: Journey,
        persona: Persona | None,
        stages: list[Stage],
        steps: list[Step],
        links: list[Link],
        entry: Step | None,
        by_stage: dict[int, list[Step]] | None = None,
        entries: list[Step] | None = None,  # every entry point; ``entry`` is the first
        in_order: list[Link] | None = None,  # file order, when the journey has no ``next`` at all
        serves: list[tuple[Step, Step]] | None = None,  # (support step, the step it serves)
    ) -> None:
        self.journey = journey
        self.persona = persona
        self.stages = stages
        self.steps = steps
        self.links = links
        self.entry = entry
        self.by_stage = {} if by_stage is None else by_stage
        self.entries = [] if entries is None else entries
        self.in_order = [] if in_order is None else in_order
        self.serves = [] if serves is None else serves

    @property
    def arrows(self) -> list[Link]:
        """The arrows a diagram draws: the ``next`` steps, or the file order when there are none."""
        return self.links or self.in_order


def _applies(touchpoint: Touchpoint, persona: Persona | None) -> bool:
    return persona is None or not touchpoint.personas or persona.id in touchpoint.personas


def _feeling(touchpoint: Touchpoint, persona: Persona | None) -> tuple[float | None, str | None]:
    emotion = touchpoint.emotion
    if emotion is None:
        return None, None
    if persona is not None and persona.id in emotion.by_persona:
        override = emotion.by_persona[persona.id]
        return override.score, override.label
    return emotion.score, emotion.label


def perspective(journey: Journey, persona_id: str | None = None, *, around_skipped: bool = True) -> Perspective:
    """The journey as ``persona_id`` lives it; ``around_skipped=False`` draws no arrows around skipped touchpoints."""
    persona = None
    if persona_id is not None:
        persona = next((p for p in journey.personas if p.id == persona_id), None)
        if persona is None:
            raise UnknownPersona(persona_id, journey)
    stage_index = {}
    for index, stage in enumerate(journey.stages):
        stage_index.setdefault(stage.id, index)
    channels = {}
    for channel in journey.channels:
        channels.setdefault(channel.id, channel)

    touchpoints: dict[str, tuple[int, Touchpoint]] = {}
    for order, touchpoint in enumerate(journey.touchpoints):
        if touchpoint.stage in stage_index:
            touchpoints.setdefault(touchpoint.id, (order, touchpoint))

    steps: dict[str, Step] = {}
    for order, touchpoint in touchpoints.values():
        if not _applies(touchpoint, persona):
            continue
        score, feeling = _feeling(touchpoint, persona)
        channel_ids = touchpoint.channel_ids
        steps[touchpoint.id] = Step(
            node=f"n{len(steps)}",
            touchpoint=touchpoint,
            stage_index=stage_index[touchpoint.stage],
            order=order,
            channel=channels.get(channel_ids[0]) if channel_ids else None,
            score=score,
            feeling=feeling,
            channels=tuple(channels[cid].name if cid in channels else cid for cid in channel_ids),
        )

    walked = 0
    found_from: dict[str, list[tuple[str, bool]]] = {}

    def reached(start: str) -> list[tuple[str, bool]]:
        """Kept touchpoints reached from ``start``, walking through skipped ones: (id, skipped any)."""
        nonlocal walked
        if start in steps:
            return [(start, False)]
        if start in found_from:
            return found_from[start]
        found: list[tuple[str, bool]] = []
        seen = {start}
        queue = deque([start])
        while queue:
            current = queue.popleft()
            if current not in touchpoints:
                continue
            flows = touchpoints[current][1].next
            walked += len(flows)
            if walked > WALK_LIMIT:
                raise TooManyArrows(persona.id if persona else "", journey, start, walk=True)
            for flow in flows:
                if flow.to in seen:
                    continue
                seen.add(flow.to)
                if flow.to in steps:
                    found.append((flow.to, True))
                else:
                    queue.append(flow.to)
        found_from[start] = found
        return found

    links: list[Link] = []
    seen_links: set[tuple] = set()
    linked: set[tuple[str, str]] = set()
    for step in steps.values():
        for flow in step.touchpoint.next:
            if flow.to in steps:
                key = (step.node, flow.to, flow.label, flow.condition)
                if key not in seen_links:
                    seen_links.add(key)
                    linked.add((step.node, flow.to))
                    links.append(Link(step, steps[flow.to], flow.label, flow.condition, False))
    # Around skipped touchpoints: one plain arrow, unless the two are linked already.
    # The skipped arrow's words described the step the persona does not take.
    bypasses = 0
    for step in steps.values() if around_skipped else ():
        for flow in step.touchpoint.next:
            if flow.to in steps:
                continue
            for head_id, _ in reached(flow.to):
                if (step.node, head_id) not in linked:
                    bypasses += 1
                    if bypasses > BYPASS_LIMIT:
                        raise TooManyArrows(persona.id if persona else "", journey, flow.to)
                    linked.add((step.node, head_id))
                    links.append(Link(step, steps[head_id], None, None, True))

    ordered = list(steps.values())
    implicit = not any(touchpoint.next for _, touchpoint in touchpoints.values())
    entries: list[Step] = []
    for first in journey.entry_ids or ([next(iter(touchpoints))] if touchpoints else []):
        # A skipped entry point leads on: along its next steps, or in file order without any.
        found = _after_in_file(first, touchpoints, steps) if implicit else [head_id for head_id, _ in reached(first)]
        if found and all(other is not steps[found[0]] for other in entries):
            entries.append(steps[found[0]])
    if not entries and ordered:
        entries.append(ordered[0])
    by_stage: dict[int, list[Step]] = {index: [] for index in range(len(journey.stages))}
    for step in ordered:
        by_stage[step.stage_index].append(step)
    view = Perspective(journey, persona, list(journey.stages), ordered, links, entries[0] if entries else None, by_stage, entries)
    if implicit:
        view.in_order = _in_order(touchpoints, steps)
    view.serves = [
        (step, steps[served])
        for step in ordered
        for served in dict.fromkeys(step.touchpoint.serves)
        if served in steps and served != step.touchpoint.id
    ]
    return view


def _after_in_file(start: str, touchpoints: dict[str, tuple[int, Touchpoint]], steps: dict[str, Step]) -> list[str]:
    """``start`` if drawn, else the first drawn touchpoint after it in the file (none: empty)."""
    if start in steps:
        return [start]
    if start not in touchpoints:
        return []
    position = touchpoints[start][0]
    return next(([ident] for ident, step in steps.items() if step.order > position), [])


def _in_order(touchpoints: dict[str, tuple[int, Touchpoint]], steps: dict[str, Step]) -> list[Link]:
    """Each drawn touchpoint leading to the next one in the file; a step that serves others
    stands beside that chain. An arrow over touchpoints the persona skips says so (``skips``)."""
    chain = [ident for ident, (_, touchpoint) in touchpoints.items() if not touchpoint.serves]
    links: list[Link] = []
    previous: Step | None = None
    skipped = False
    for ident in chain:
        step = steps.get(ident)
        if step is None:
            skipped = previous is not None
            continue
        if previous is not None:
            links.append(Link(previous, step, None, None, skipped))
        previous, skipped = step, False
    return links
