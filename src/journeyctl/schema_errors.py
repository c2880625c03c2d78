"""Turn pydantic's validation errors into problems a non-programmer can act on.

Each error becomes a ``Problem`` at the key or value it is about, in plain words,
with "did you mean ...?" where a misspelt key or choice is close to a known one.
"""

from __future__ import annotations

import difflib
import re
import types
from typing import Annotated, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from journeyctl import FORMAT_VERSION, __version__
from journeyctl.locate import locate, value_at
from journeyctl.model import EMOTION_MAX, EMOTION_MIN
from journeyctl.problems import Problem
from journeyctl.yaml_source import Mapping, Sequence

NOUNS = {
    "touchpoints": "touchpoint",
    "stages": "stage",
    "personas": "persona",
    "channels": "channel",
    "kpis": "KPI",
    "imports": "import",
    "next": "next step",
    "by_persona": "feeling",
}
_TYPE_WORDS = {
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "float_type": "a number",
    "int_type": "a whole number",
    "bool_type": "true or false",
}
_RANGE = {"greater_than_equal", "less_than_equal", "greater_than", "less_than", "finite_number"}
ID_RULE = "Ids use letters, digits, '-', '_' and '.', start with a letter or digit, and are at most 64 characters."


def suggest(word: str, choices) -> str | None:
    """The known choice closest to ``word``, if any is close enough."""
    choices = list(choices)
    lowered = {choice.lower(): choice for choice in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices) -> str | None:
    match = suggest(word, choices)
    return f'Did you mean "{match}"?' if match else None


def short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, Mapping | dict):
        return "a mapping"
    if isinstance(value, Sequence | list):
        return "a list"
    return f'"{short(str(value))}"'


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64] or "my-id"


def _unwrap(tp: object) -> object:
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [arg for arg in get_args(tp) if arg is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def annotation_at(model: type[BaseModel], loc: tuple) -> object:
    """The declared type at ``loc`` in ``model``, or None where it is not a field."""
    tp: object = model
    for step in loc:
        if step == "[key]":
            continue
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(step) if isinstance(step, str) else None
            if field is None:
                return None
            tp = field.annotation
        elif get_origin(tp) is list and isinstance(step, int):
            tp = get_args(tp)[0]
        elif get_origin(tp) is dict and isinstance(step, str):
            tp = get_args(tp)[1]
        else:
            return None
    return _unwrap(tp)


def _field_name(loc: tuple) -> str:
    """How to name the place in a message: "stage", "item 2 of tags"."""
    keys = [step for step in loc if step != "[key]"]
    if not keys:
        return "the file"
    if isinstance(keys[-1], int):
        parent = keys[-2] if len(keys) > 1 else "list"
        return f'item {keys[-1] + 1} of "{parent}"'
    if len(keys) > 1 and keys[-1] == "score" and keys[-2] != "by_persona":
        return "the emotion score"
    return f'"{keys[-1]}"'


def _owner(root: object, loc: tuple) -> str:
    """The thing that holds ``loc``: 'the touchpoint "see-ad"', 'the journey'."""
    for cut in range(len(loc), 0, -1):
        step = loc[cut - 1]
        if isinstance(step, int) and cut >= 2 and loc[cut - 2] in NOUNS:
            noun = NOUNS[loc[cut - 2]]
            item = value_at(root, loc[:cut])
            ident = item.get("id") if isinstance(item, Mapping) else None
            return f'the {noun} "{short(ident)}"' if isinstance(ident, str) else f"this {noun}"
    kind = root.get("kind") if isinstance(root, Mapping) else None
    return "the library" if kind == "library" else "the journey"


def problems_from(error: ValidationError, model: type[BaseModel], root: object, path: str) -> list[Problem]:
    problems = []
    missing: dict[tuple, list[str]] = {}
    for item in error.errors(include_url=False):
        if item["type"] == "missing":
            missing.setdefault(tuple(item["loc"][:-1]), []).append(str(item["loc"][-1]))
        else:
            problems.append(_problem(item, model, root, path))
    for parent, keys in missing.items():
        problems.append(_missing(parent, keys, root, path))
    return problems


def _missing(parent: tuple, keys: list[str], root: object, path: str) -> Problem:
    """One problem for all the required keys a mapping lacks."""
    listed = ", ".join(f'"{key}"' for key in keys)
    span = locate(root, (*parent, keys[0]), "container")
    noun = "key" if len(keys) == 1 else "keys"
    return Problem(path, span, "S002", f"{_owner(root, parent)} lacks the required {noun} {listed}", hint=f'Add a line "{keys[0]}: ..." to it.')


def _problem(item: dict, model: type[BaseModel], root: object, path: str) -> Problem:
    kind, loc, ctx = item["type"], tuple(item["loc"]), item.get("ctx") or {}
    found = value_at(root, tuple(step for step in loc if step != "[key]"))
    name = _field_name(loc)

    if kind == "extra_forbidden":
        key = str(loc[-1])
        parent = _unwrap(annotation_at(model, loc[:-1]))
        known = list(parent.model_fields) if isinstance(parent, type) and issubclass(parent, BaseModel) else []
        hint = did_you_mean(key, known) or (f"Known keys here: {', '.join(known)}." if known else None)
        return Problem(path, locate(root, loc, "key"), "S001", f'unknown key "{short(key)}" in {_owner(root, loc[:-1])}', hint=hint)
    span = locate(root, loc)
    if kind == "literal_error":
        tp = annotation_at(model, loc)
        choices = [str(choice) for choice in get_args(tp)] if get_origin(tp) is Literal else []
        if loc == ("version",):
            return version_problem(path, span, found)
        listed = ", ".join(choices) or ctx.get("expected", "")
        hint = did_you_mean(str(found), choices) if isinstance(found, str) else None
        return Problem(path, span, "S004", f"{name} must be one of {listed}; found {describe(found)}", hint=hint)
    if kind in _TYPE_WORDS:
        expected = _TYPE_WORDS[kind]
        if kind == "model_type" and loc[-2:-1] == ("next",):
            expected = 'a touchpoint id, or a mapping with "to"'
        if found is None and kind == "string_type":
            return Problem(path, span, "S003", f"{name} has no value", hint="Write some text after the colon, or remove the line.")
        if kind == "list_type" and isinstance(found, str):
            return Problem(path, span, "S003", f"{name} should be {expected}, not {describe(found)}", hint=f"Write each item on its own line starting with '- ', or in brackets: [{short(found, 30)}].")
        return Problem(path, span, "S003", f"{name} should be {expected}, not {describe(found)}")
    if kind in ("yaml_number", "yaml_flag"):
        return Problem(path, span, "S003", f"{name}: {item['msg']}", hint="Only true and false are flags." if kind == "yaml_flag" else None)
    if kind == "string_pattern_mismatch":
        return Problem(path, span, "S004", f"{describe(found)} is not a valid id", hint=f'{ID_RULE} For example "{slug(str(found))}".')
    if kind == "string_too_short":
        return Problem(path, span, "S004", f"{name} is empty", hint="Write some text, or remove the line.")
    if kind == "blank_text":
        return Problem(path, span, "S004", f"{name} is blank: it holds only spaces or invisible characters", hint="Write some text, or remove the line.")
    if kind == "too_short":
        return Problem(path, span, "S004", f"{name} needs at least {ctx.get('min_length', 1)} item(s)")
    if kind in _RANGE:
        return Problem(path, span, "S004", f"{name} must be between {EMOTION_MIN} and {EMOTION_MAX}; found {describe(found)}", hint="The emotion scale runs from -2 (very negative) to 2 (very positive).")
    return Problem(path, span, "S004", f"{name}: {item['msg']}")


def version_problem(path: str, span, found: object) -> Problem:
    """S005: a format version this journeyctl does not read. A newer one asks for an upgrade."""
    if isinstance(found, str) and found.isdigit():
        message = f"this file is written in format version {found}; journeyctl {__version__} reads version {FORMAT_VERSION}"
        return Problem(path, span, "S005", message, hint="Upgrade journeyctl, or write the file in version 1.")
    message = f"this file says format version {describe(found)}; journeyctl {__version__} reads version {FORMAT_VERSION}"
    return Problem(path, span, "S005", message, hint="Write 'version: 1'.")
