"""Keys in the canonical order, on the text itself, so that each comment moves with its key.

The canonical order is the models' field order (``journeyctl.model``); keys a model
does not know follow, as written. A key takes with it the lines that belong to it: the
comment and blank lines above it, its value, a comment at the end of its last line, and
the comment lines after its value indented deeper than the key. Comments above the
file's first key, and above a list item's dash, stay where they are. See
``journeyctl.lifecycle.fmt`` for the whole layout.
"""

from __future__ import annotations

import re
import types
import typing
from functools import cache

import yaml
from pydantic import BaseModel

from journeyctl.model import MODELS

_COMMENT_OR_BLANK = re.compile(r"^\s*(#.*)?$")


class FormatError(Exception):
    """The text cannot be formatted (it is not YAML journeyctl can read)."""


def compose_nodes(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        raise FormatError(str(error)) from None


def _models_in(annotation: object) -> list[type[BaseModel]]:
    """The models an annotation holds: ``list[Stage]`` -> [Stage], ``Emotion | None`` -> [Emotion],
    a list of sourced texts -> [Sourced]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    # A validator that reads another form (a sourced text: text, or a mapping) names it for the schema.
    accepted = getattr(annotation, "json_schema_input_type", None)
    if accepted is not None and not isinstance(annotation, type):
        found.extend(_models_in(accepted))
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
    root = compose_nodes(text)
    if not isinstance(root, yaml.MappingNode):
        return text
    if not text.endswith("\n"):
        text += "\n"
    work = _Reorder(text)
    work.mapping(root, _model_of(root), root=True)
    return "".join(work.lines)
