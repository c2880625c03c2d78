"""Find where a path of keys and indexes points in a composed YAML document.

Pydantic reports an error at a ``loc`` such as ``("touchpoints", 3, "channel")``;
walking it down the ``Mapping``/``Sequence`` tree gives the line and column of the
key or value, so a person is pointed at the spot instead of hunting for it.
"""

from __future__ import annotations

from typing import Literal

from journeyctl.problems import START, Span
from journeyctl.yaml_source import Mapping, Sequence

Target = Literal["value", "key", "container"]


def locate(root: object, loc: tuple, target: Target = "value") -> Span:
    """The span of what ``loc`` names, or of the deepest part of it that exists.

    ``target="key"`` points at the last key itself (an unknown key), ``"container"``
    at the mapping that holds the last key (a missing key), ``"value"`` at the value.
    """
    node, span = root, getattr(root, "span", START)
    steps = [step for step in loc if step != "[key]"]
    wants_key = target == "key" or (loc and loc[-1] == "[key]")
    if target == "container" and steps:
        steps = steps[:-1]
    for index, step in enumerate(steps):
        last = index == len(steps) - 1
        if isinstance(node, Mapping) and isinstance(step, str) and step in node:
            if last and wants_key:
                return node.key_spans[step]
            node, span = node[step], node.value_spans[step]
        elif isinstance(node, Sequence) and isinstance(step, int) and 0 <= step < len(node):
            node, span = node[step], node.item_spans[step]
        else:
            break
    if isinstance(node, (Mapping, Sequence)) and node and target == "container":
        # Point at the first key of a mapping (its start may be a '-' or '{').
        first = next(iter(node.key_spans.values()), None) if isinstance(node, Mapping) else None
        return first or node.span
    return span


def value_at(root: object, loc: tuple) -> object:
    """The raw value at ``loc``, or None where the path does not exist.

    A plain value met on the way is the answer: ``emotion: 5`` is what the
    model reads as ``emotion.score``.
    """
    node = root
    for step in loc:
        if isinstance(node, Mapping) and isinstance(step, str):
            node = node.get(step)
        elif isinstance(node, Sequence) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        elif isinstance(node, str):
            return node
        else:
            return None
    return node
