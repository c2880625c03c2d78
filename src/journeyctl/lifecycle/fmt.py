"""One canonical layout for journey and library files, keeping every comment.

``format_text(text)`` gives the file in the layout ``journeyctl fmt`` writes:

* keys in the order of the format reference (the models' field order, see
  ``journeyctl.model``); keys the format does not know (``x-`` extensions) follow
  the known ones, in the order they were written;
* two spaces of indentation, with a list's dashes two spaces under its key, as
  the examples are written;
* a list of ids (the journey's ``entry``, a phase's ``stages``, a backlog item's
  ``touchpoints``, a touchpoint's ``personas``, ``channels``, ``serves`` and ``next``,
  an import's ``personas`` and ``channels``, the analytics ``conversion``, ``funnel``
  and ``support``) whose
  items are all plain ids, in flow style (``personas: [maya, leo]``) when it fits on
  its line within ``LINE_WIDTH`` columns, else one item a line; any
  other list or mapping written in flow style stays so while it fits, else it is
  written one item a line; lists written one item a line stay so;
* every comment and ``# journeyctl:`` suppression kept, scalars kept exactly as
  written (``no``, ``2024-01-01``, ``0x1F`` and quotes stay what they were).

It is done in two steps. Keys are put in order on the text itself: a key takes
with it the lines that belong to it (the comment and blank lines above it, its
value, a comment at the end of its last line, and comment lines after its value
indented deeper than the key), so a comment stays with the key it was written for. Then ruamel.yaml's round trip, which keeps comments and the text of
every scalar, rewrites the indentation and the flow style. Comments written above
the first key of the file (the schema header line) stay at the top.

``same_meaning(before, after)`` compares what two texts say (the composed data and
the validated model); ``journeyctl fmt`` writes nothing that fails it.
"""

from __future__ import annotations

import io
import re
from functools import cache

import yaml
from pydantic import BaseModel

from journeyctl.lifecycle.fmt_meaning import comments, same_meaning, scalar_nodes
from journeyctl.lifecycle.fmt_order import FormatError, _children, _canonical, _model_of, compose_nodes, reorder_keys
from journeyctl.model import ID_PATTERN

__all__ = ["FormatError", "comments", "format_text", "reorder_keys", "same_meaning"]

LINE_WIDTH = 88
INDENT = 2
_ID = re.compile(ID_PATTERN)
@cache
def _yaml():
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    class TextResolver(VersionedResolver):
        """Every plain scalar is text, as journeyctl reads it: the text comes back exactly as written."""

        def resolve(self, kind, value, implicit):
            if kind is ScalarNode and implicit[0]:
                return self.DEFAULT_SCALAR_TAG
            return super().resolve(kind, value, implicit)

    handler = YAML(typ="rt")
    handler.Resolver = TextResolver
    handler.indent(mapping=INDENT, sequence=2 * INDENT, offset=INDENT)
    handler.width = 1 << 20  # never fold a long line of text
    handler.preserve_quotes = True
    return handler


def _is_plain_id(item: object) -> bool:
    return type(item) is str and bool(_ID.fullmatch(item))


def _flow_width(node: object) -> int:
    """How many columns ``node`` takes written in flow style."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedSeq):
        return 2 + sum(_flow_width(item) for item in node) + 2 * max(len(node) - 1, 0)
    if isinstance(node, CommentedMap):
        parts = [_flow_width(key) + 2 + _flow_width(value) for key, value in node.items()]
        return 2 + sum(parts) + 2 * max(len(parts) - 1, 0)
    text = str(node)
    return len(text) + (0 if type(node) is str else 2)


def _has_comments(node: object) -> bool:
    ca = getattr(node, "ca", None)
    return bool(ca and (ca.items or any(ca.comment or ())))


def _id_lists(model: type[BaseModel] | None) -> frozenset[str]:
    """The fields of ``model`` that hold a list of ids (personas, channels, next, the funnel...)."""
    from journeyctl.model import Analytics, Import, Initiative, Journey, Phase, Touchpoint

    return {
        Journey: frozenset({"entry"}),
        Phase: frozenset({"stages"}),
        Initiative: frozenset({"touchpoints"}),
        Touchpoint: frozenset({"personas", "channels", "serves", "next"}),
        Import: frozenset({"personas", "channels"}),
        Analytics: frozenset({"conversion", "funnel", "support"}),
    }.get(model, frozenset())


def _layout(node: object, column: int, model: type[BaseModel] | None) -> None:
    """Choose flow or block style for the collections under ``node`` (whose keys start at ``column``)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        children = _children(model) if model else {}
        id_lists = _id_lists(model)
        for key, value in node.items():
            shape, child = children.get(key, (None, None)) if isinstance(key, str) else (None, None)
            _style(value, column, len(str(key)) + (0 if type(key) is str else 2) + 2, key in id_lists)
            if shape == "dict" and isinstance(value, CommentedMap):
                for inner_key, inner in value.items():
                    _style(inner, column + INDENT, len(str(inner_key)) + 2, False)
                    _layout(inner, column + 2 * INDENT, child)
            elif isinstance(value, CommentedMap):
                _layout(value, column + INDENT, child)
            else:
                _layout(value, column + 2 * INDENT, child)
    elif isinstance(node, CommentedSeq):
        for item in node:
            _style(item, column, 2, False)
            _layout(item, column, model)


def _style(value: object, column: int, lead: int, ids: bool) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not isinstance(value, (CommentedMap, CommentedSeq)) or not len(value):
        return
    fits = column + lead + _flow_width(value) <= LINE_WIDTH
    if ids and isinstance(value, CommentedSeq) and all(_is_plain_id(item) for item in value) and not _has_comments(value):
        value.fa.set_flow_style() if fits else value.fa.set_block_style()
    elif value.fa.flow_style() and not fits:
        _block_all(value)


def _block_all(node: object) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, (CommentedMap, CommentedSeq)):
        node.fa.set_block_style()


def _order_flow_mappings(node: object, model: type[BaseModel] | None) -> None:
    """Put the keys of mappings without comments (flow mappings) in order; ruamel keeps their text."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedSeq):
        for item in node:
            _order_flow_mappings(item, model)
        return
    if not isinstance(node, CommentedMap):
        return
    children = _children(model) if model else {}
    for key, value in node.items():
        shape, child = children.get(key, (None, None)) if isinstance(key, str) else (None, None)
        if shape == "dict" and isinstance(value, CommentedMap):
            for inner in value.values():
                _order_flow_mappings(inner, child)
        else:
            _order_flow_mappings(value, child)
    if model is None or _has_comments(node) or not node.fa.flow_style():
        return
    keys = list(node.keys())
    order = _canonical([str(key) for key in keys], model)
    if order != list(range(len(keys))):
        items = [(keys[i], node[keys[i]]) for i in order]
        for key in keys:
            del node[key]
        for key, value in items:
            node[key] = value


def layout(text: str, model: type[BaseModel]) -> str:
    from ruamel.yaml.error import YAMLError

    handler = _yaml()
    try:
        data = handler.load(text)
    except YAMLError as error:
        raise FormatError(str(error)) from None
    _order_flow_mappings(data, model)
    _layout(data, 0, model)
    out = io.StringIO()
    handler.dump(data, out)
    return out.getvalue()

def _text_lines(node: yaml.Node | None) -> set[int]:
    """The lines that continue a scalar (a block of text, a long quoted string): a # there is text."""
    return {line for scalar in scalar_nodes(node) for line in range(scalar.start_mark.line + 1, scalar.end_mark.line + 1)}


def indent_comments(text: str) -> str:
    """Each line that is only a comment indented as the line of content below it.

    A comment indented deeper than that line ends the block above it (the last item
    of a list, say): it stays as deep, at most as deep as the line of content above
    it, on an even column.
    """
    lines = text.splitlines(keepends=True)
    inside = _text_lines(compose_nodes(text))
    content = [number for number, line in enumerate(lines) if number not in inside and line.strip() and not line.lstrip(" ").startswith("#")]
    indents = {number: len(lines[number]) - len(lines[number].lstrip(" ")) for number in content}
    below = above = None
    nexts: dict[int, int | None] = {}
    for number in range(len(lines) - 1, -1, -1):
        if number in indents:
            below = indents[number]
        nexts[number] = below
    for number, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if number in indents:
            above = indents[number]
            continue
        if number in inside or not stripped.startswith("#"):
            continue
        own = len(line) - len(stripped)
        indent = nexts[number] or 0
        if own > indent and above is not None:
            indent = max(indent, min(own, above) // 2 * 2)
        lines[number] = " " * indent + stripped
    return "".join(lines)


def format_text(text: str) -> str:
    """``text`` in the canonical layout (see the module's notes); the same text when it already is."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reordered = reorder_keys(text)
    try:
        root = compose_nodes(reordered)
    except FormatError:  # an alias moved above its anchor: keys stay in their order
        reordered, root = text, compose_nodes(text)
    laid_out = layout(reordered, _model_of(root))
    result = indent_comments(laid_out)
    return result if result.endswith("\n") else result + "\n"
