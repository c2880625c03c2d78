"""One canonical layout for journey and library files, keeping every comment.

``format_text(text)`` gives the file in the layout ``journeyctl fmt`` writes:

* keys in the order of the format reference (the models' field order, see
  ``journeyctl.model``); keys the format does not know (``x-`` extensions) follow
  the known ones, in the order they were written;
* two spaces of indentation, with a list's dashes two spaces under its key, as
  the examples are written;
* a list of ids (a touchpoint's ``personas`` and ``next``, an import's ``personas``
  and ``channels``, the analytics ``conversion``, ``funnel`` and ``support``) whose
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
import types
import typing
from functools import cache

import yaml
from pydantic import BaseModel
from pydantic_core import ValidationError

from journeyctl.model import ID_PATTERN, MODELS
from journeyctl.yaml_source import Mapping, Quoted, Sequence, compose

LINE_WIDTH = 88
INDENT = 2
_ID = re.compile(ID_PATTERN)
_COMMENT_OR_BLANK = re.compile(r"^\s*(#.*)?$")


class FormatError(Exception):
    """The text cannot be formatted (it is not YAML journeyctl can read)."""


# -- the order of keys --------------------------------------------------------


def _models_in(annotation: object) -> list[type[BaseModel]]:
    """The models an annotation holds: ``list[Stage]`` -> [Stage], ``Emotion | None`` -> [Emotion]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


@cache
def _children(model: type[BaseModel]) -> dict[str, tuple[str, type[BaseModel]]]:
    """For each field holding models: ("one" | "list" | "dict", the model)."""
    children: dict[str, tuple[str, type[BaseModel]]] = {}
    for name, info in model.model_fields.items():
        annotation = info.annotation
        models = _models_in(annotation)
        if not models:
            continue
        shape = "one"
        for candidate in (annotation, *typing.get_args(annotation)):
            origin = typing.get_origin(candidate)
            if origin is list:
                shape = "list"
            elif origin is dict:
                shape = "dict"
            elif origin in (typing.Annotated, typing.Union, types.UnionType):
                inner = [typing.get_origin(arg) for arg in typing.get_args(candidate)]
                shape = "list" if list in inner else "dict" if dict in inner else shape
        children[name] = (shape, models[0])
    return children


def _rank(model: type[BaseModel]) -> dict[str, int]:
    return {name: index for index, name in enumerate(model.model_fields)}


def _canonical(keys: list[str], model: type[BaseModel]) -> list[int]:
    """The positions of ``keys`` in canonical order: known fields first, then the rest as written."""
    rank = _rank(model)
    known = len(rank)
    return sorted(range(len(keys)), key=lambda i: (rank.get(keys[i], known), i))


def _model_of(root: yaml.Node) -> type[BaseModel]:
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "kind" and isinstance(value, yaml.ScalarNode) and value.value in MODELS:
                return MODELS[value.value]
    return MODELS["journey"]


# -- step 1: keys in order, on the text ---------------------------------------


def _last_line(node: yaml.Node) -> int:
    """The last line (0-based) holding the node's own text."""
    if isinstance(node, yaml.ScalarNode):
        end = node.end_mark
        return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
    if node.flow_style or not node.value:
        return node.end_mark.line
    last = node.value[-1]
    return _last_line(last[1] if isinstance(node, yaml.MappingNode) else last)


class _Reorder:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines(keepends=True)

    def mapping(self, node: yaml.MappingNode, model: type[BaseModel] | None, root: bool = False) -> None:
        if node.flow_style or not node.value:
            return
        children = _children(model) if model else {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            shape, child = children.get(name, (None, None)) if name else (None, None)
            self.value(value, shape, child)
        keys = [key.value if isinstance(key, yaml.ScalarNode) else "" for key, _ in node.value]
        order = _canonical(keys, model) if model else list(range(len(keys)))
        if order == list(range(len(keys))):
            return
        first_key = node.value[0][0]
        line = self.lines[first_key.start_mark.line]
        prefix = line[: first_key.start_mark.column]
        on_dash = prefix.strip() != ""  # "  - id: x": the mapping is a list item's, on the dash's line
        starts = [first_key.start_mark.line]
        if not on_dash and not root:
            # the comment lines right above the first key are its own; the parent's key line stops the walk
            while starts[0] > 0 and _COMMENT_OR_BLANK.match(self.lines[starts[0] - 1]):
                starts[0] -= 1
        column = first_key.start_mark.column
        for _key, value in node.value[:-1]:
            starts.append(self._after(_last_line(value) + 1, column))
        end = self._after(_last_line(node.value[-1][1]) + 1, column)
        if on_dash:
            self.lines[first_key.start_mark.line] = " " * len(prefix) + line[len(prefix):]
        segments = [self.lines[start:stop] for start, stop in zip(starts, [*starts[1:], end])]
        key_rows = [key.start_mark.line - start for (key, _), start in zip(node.value, starts)]
        out: list[str] = []
        for index in order:
            segment = list(segments[index])
            if on_dash and not out:
                row = key_rows[index]
                out.extend(" " * len(prefix) + text.lstrip() if text.strip() else text for text in segment[:row])
                segment[row] = prefix + segment[row][len(prefix):]
                segment = segment[row:]
            out.extend(segment)
        self.lines[starts[0]:end] = out

    def _after(self, line: int, column: int) -> int:
        """The line after the comments indented deeper than ``column`` from ``line`` on: they end the value above."""
        while line < len(self.lines) and self.lines[line].lstrip(" ").startswith("#") and len(self.lines[line]) - len(self.lines[line].lstrip(" ")) > column:
            line += 1
        return line

    def value(self, node: yaml.Node, shape: str | None, model: type[BaseModel] | None) -> None:
        if isinstance(node, yaml.MappingNode):
            if shape == "dict":
                for _key, value in node.value:
                    self.value(value, "one", model)
                return
            self.mapping(node, model if shape in ("one", "list") else None)
        elif isinstance(node, yaml.SequenceNode) and not node.flow_style:
            for item in node.value:
                if isinstance(item, yaml.MappingNode):
                    self.mapping(item, model if shape == "list" else None)


def reorder_keys(text: str) -> str:
    """``text`` with the keys of every block mapping in canonical order (see the module's notes)."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        raise FormatError(str(error)) from None
    if not isinstance(root, yaml.MappingNode):
        return text
    if not text.endswith("\n"):
        text += "\n"
    work = _Reorder(text)
    work.mapping(root, _model_of(root), root=True)
    return "".join(work.lines)


# -- step 2: indentation and flow style, through ruamel.yaml ------------------


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
    from journeyctl.model import Analytics, Import, Touchpoint

    return {Touchpoint: frozenset({"personas", "next"}), Import: frozenset({"personas", "channels"}), Analytics: frozenset({"conversion", "funnel", "support"})}.get(model, frozenset())


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


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        raise FormatError(str(error)) from None


def _text_lines(node: yaml.Node | None, found: set[int]) -> set[int]:
    """The lines that continue a scalar (a block of text, a long quoted string): a # there is text."""
    if isinstance(node, yaml.ScalarNode):
        found.update(range(node.start_mark.line + 1, node.end_mark.line + 1))
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _text_lines(key, found)
            _text_lines(value, found)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _text_lines(item, found)
    return found


def indent_comments(text: str) -> str:
    """Each line that is only a comment indented as the line of content below it.

    A comment indented deeper than that line ends the block above it (the last item
    of a list, say): it stays as deep, at most as deep as the line of content above
    it, on an even column.
    """
    lines = text.splitlines(keepends=True)
    inside = _text_lines(_compose(text), set())
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
        root = _compose(reordered)
    except FormatError:  # an alias moved above its anchor: keys stay in their order
        reordered, root = text, _compose(text)
    laid_out = layout(reordered, _model_of(root))
    result = indent_comments(laid_out)
    return result if result.endswith("\n") else result + "\n"


# -- what a text means --------------------------------------------------------


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


def _scalar_spans(node: yaml.Node | None, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if isinstance(node, yaml.ScalarNode):
        found.append((node.start_mark.index, node.end_mark.index))
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _scalar_spans(key, found)
            _scalar_spans(value, found)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _scalar_spans(item, found)
    return found


def comments(text: str) -> list[str]:
    """Every comment of ``text``, sorted: a ``#`` inside a value is not one."""
    spans = sorted(_scalar_spans(_compose(text), []))
    starts = [start for start, _ in spans]
    from bisect import bisect_right

    found = []
    for match in _COMMENT.finditer(text):
        at = bisect_right(starts, match.start()) - 1
        if at >= 0 and spans[at][0] <= match.start() < spans[at][1]:
            continue
        found.append(match.group().rstrip())
    return sorted(found)
