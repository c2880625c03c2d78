"""The flow of a journey as a graph: who leads where, what the entry reaches, closed loops.

Touchpoints are nodes and ``next`` steps are edges. A journey that has no ``next``
anywhere is read in file order, as the renderers read it: each touchpoint leads to
the one listed after it, and the last one ends the journey; the steps that serve
others stay out of that chain, since they support it rather than follow it. Steps to ids that do
not exist are left out (the reference check reports them).

``serves`` ties a backstage or support step to the steps it supports. Those ties are
not steps of the flow, but they connect: a step that serves others, or is served,
is not cut off, and the reach of the entries spreads along them both ways.

Everything here is linear in the size of the map; strongly connected components are
found with an iterative Tarjan, so a long chain of steps cannot overflow the stack.
"""

from __future__ import annotations

from journeyctl.model import Journey


class FlowGraph:
    def __init__(self, journey: Journey) -> None:
        touchpoints = journey.touchpoints
        self.order: list[str] = []
        self.index: dict[str, int] = {}
        for position, touchpoint in enumerate(touchpoints):
            if touchpoint.id not in self.index:
                self.index[touchpoint.id] = position
                self.order.append(touchpoint.id)
        self.implicit = not any(touchpoint.next for touchpoint in touchpoints)
        self.successors: dict[str, list[str]] = {ident: [] for ident in self.order}
        self.predecessors: dict[str, list[str]] = {ident: [] for ident in self.order}
        if self.implicit:
            # The steps that serve others support the chain rather than follow it, as the diagrams draw it.
            chain = [t.id for position, t in enumerate(touchpoints) if not t.serves and self.index[t.id] == position]
            for current, following in zip(chain, chain[1:]):
                self._link(current, [following])
        else:
            for touchpoint in touchpoints:
                self._link(touchpoint.id, [flow.to for flow in touchpoint.next if flow.to in self.index])
        self.serves: dict[str, list[str]] = {}  # who a step serves, and who serves it, known ids only
        self.served_by: dict[str, list[str]] = {}
        for touchpoint in touchpoints:
            for target in dict.fromkeys(touchpoint.serves):
                if target in self.index and target != touchpoint.id:
                    self.serves.setdefault(touchpoint.id, []).append(target)
                    self.served_by.setdefault(target, []).append(touchpoint.id)
        self.parallel = {touchpoint.id for touchpoint in touchpoints if touchpoint.parallel}
        entries = [ident for ident in dict.fromkeys(journey.entry_ids) if ident in self.index]
        self.entries: list[str] = entries or self.order[:1]
        self.entry: str | None = self.entries[0] if self.entries else None

    def tied(self, ident: str) -> bool:
        """Whether the step serves others or is served: a support tie connects it."""
        return ident in self.serves or ident in self.served_by

    def entry_words(self) -> str:
        """'the entry "a"', or 'the entries "a", "b"'."""
        listed = ", ".join(f'"{ident}"' for ident in self.entries)
        return f"the entry {listed}" if len(self.entries) == 1 else f"the entries {listed}"

    def _link(self, source: str, targets: list[str]) -> None:
        """Steps from ``source``, each target once (a set: a list would make it quadratic)."""
        successors = self.successors[source]
        known = set(successors)
        for target in targets:
            if target not in known:
                known.add(target)
                successors.append(target)
                self.predecessors[target].append(source)

    def reachable(self) -> set[str]:
        """Every touchpoint the entries lead to, the entries included, and the steps tied to those by ``serves``."""
        seen = set(self.entries)
        stack = list(self.entries)
        empty: list[str] = []
        while stack:
            current = stack.pop()
            for following in (*self.successors[current], *self.serves.get(current, empty), *self.served_by.get(current, empty)):
                if following not in seen:
                    seen.add(following)
                    stack.append(following)
        return seen

    def components(self) -> list[list[str]]:
        """Strongly connected components (iterative Tarjan), each in file order."""
        index_of: dict[str, int] = {}
        low: dict[str, int] = {}
        on_stack: set[str] = set()
        stack: list[str] = []
        result: list[list[str]] = []
        counter = 0
        for root in self.order:
            if root in index_of:
                continue
            work = [(root, 0)]
            while work:
                node, child = work.pop()
                if child == 0:
                    index_of[node] = low[node] = counter
                    counter += 1
                    stack.append(node)
                    on_stack.add(node)
                successors = self.successors[node]
                if child < len(successors):
                    work.append((node, child + 1))
                    following = successors[child]
                    if following not in index_of:
                        work.append((following, 0))
                    elif following in on_stack:
                        low[node] = min(low[node], index_of[following])
                    continue
                if low[node] == index_of[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    result.append(sorted(component, key=self.index.__getitem__))
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
        return sorted(result, key=lambda component: self.index[component[0]])

    def loops(self) -> list[list[str]]:
        """Components that are loops: several touchpoints, or one that leads to itself."""
        return [c for c in self.components() if len(c) > 1 or c[0] in self.successors[c[0]]]
