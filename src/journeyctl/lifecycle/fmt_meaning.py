"""What a text says, to check that ``journeyctl fmt`` changed only its layout.

``same_meaning`` compares the composed data (key order aside; quotes count) and the
validated model; ``comments`` lists every comment, so that none is lost.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import yaml
from pydantic_core import ValidationError

from journeyctl.lifecycle.fmt_order import compose_nodes
from journeyctl.model import MODELS
from journeyctl.yaml_source import Mapping, Quoted, Sequence, compose


def _plain(node: object) -> object:
    """Composed data as comparable values: key order does not count, quotes do."""
    if isinstance(node, Mapping):
        return frozenset((_plain(key), _plain(value)) for key, value in node.items())
    if isinstance(node, Sequence):
        return tuple(_plain(item) for item in node)
    if isinstance(node, Quoted):
        return ("quoted", str(node))
    return node


def meaning(text: str) -> tuple[object, object]:
    """What ``text`` says: its composed data, and its validated model (or None)."""
    root, problems = compose(text, "<fmt>")
    model = None
    if isinstance(root, Mapping):
        kind = root.get("kind") if root.get("kind") in MODELS else "journey"
        try:
            model = MODELS[kind].model_validate(root)
        except ValidationError:
            model = None
    return _plain(root), model


def same_meaning(before: str, after: str) -> bool:
    return meaning(before) == meaning(after)


_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#[^\n\r]*", re.MULTILINE)


def scalar_nodes(node: yaml.Node | None, found: list[yaml.ScalarNode] | None = None) -> list[yaml.ScalarNode]:
    """Every scalar of a composed YAML tree, keys included, in document order."""
    found = [] if found is None else found
    if isinstance(node, yaml.ScalarNode):
        found.append(node)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            scalar_nodes(key, found)
            scalar_nodes(value, found)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            scalar_nodes(item, found)
    return found


def comments(text: str) -> list[str]:
    """Every comment of ``text``, sorted: a ``#`` inside a value is not one."""
    spans = sorted((node.start_mark.index, node.end_mark.index) for node in scalar_nodes(compose_nodes(text)))
    starts = [start for start, _ in spans]
    found = []
    for match in _COMMENT.finditer(text):
        at = bisect_right(starts, match.start()) - 1
        if at >= 0 and spans[at][0] <= match.start() < spans[at][1]:
            continue
        found.append(match.group().rstrip())
    return sorted(found)
