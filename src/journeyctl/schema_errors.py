"""Turn pydantic's validation errors into problems a non-programmer can act on.

Each error becomes a ``Problem`` at the key or value it is about, in plain words,
with "did you mean ...?" where a misspelt key or choice is close to a known one, and
the hints of ``schema_hints``: where a misplaced key belongs, quotes for text with a
colon, one value where a list was written.
"""

from __future__ import annotations

import difflib
import re
from typing import Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError

from journeyctl import FORMAT_VERSION, __version__
from journeyctl.locate import locate, value_at
from journeyctl.model import EMOTION_MAX, EMOTION_MIN, MODELS
from journeyctl.problems import Problem
from journeyctl.schema_hints import (
    KeyHints,
    annotation_at,
    colon_texts,
    comma_hint,
    is_union,
    list_of_models_hint,
    mapping_hint,
    one_value_hint,
    quote_hint,
    under,
    unwrap,
)
from journeyctl.yaml_source import Mapping, Quoted, Sequence

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
    "int_parsing": "a whole number",
    "float_parsing": "a number",
    "bool_parsing": "true or false",
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


def _without_union_tags(model: type[BaseModel], loc: tuple) -> tuple[tuple, int | None]:
    """``loc`` without the names pydantic gives the members of a union (``extends.str``),
    and where the first one was."""
    steps, tag_at = [], None
    for step in loc:
        if isinstance(step, str) and step != "[key]" and is_union(annotation_at(model, tuple(steps))):
            tag_at = len(steps) if tag_at is None else tag_at
            continue
        steps.append(step)
    return tuple(steps), tag_at


def _merge_unions(items: list[dict], model: type[BaseModel]) -> list[dict]:
    """One error per place where a value fits no member of a union.

    A value that fits none gets an error from each member ("should be text",
    "should be a list"): they become one, listing what would fit. Where one member
    got further (a list whose item is wrong), only its errors are kept.
    """
    groups: dict[tuple, list[dict]] = {}
    out: list[dict] = []
    for item in items:
        loc, tag_at = _without_union_tags(model, tuple(item["loc"]))
        if tag_at is None:
            out.append(item)
            continue
        groups.setdefault(loc[: tag_at], []).append({**item, "loc": loc})
    for place, group in groups.items():
        deeper = [item for item in group if len(item["loc"]) > len(place)]
        if deeper:
            out.extend(deeper)
        elif all(item["type"] in _TYPE_WORDS for item in group):
            words = list(dict.fromkeys(_TYPE_WORDS[item["type"]] for item in group))
            out.append({"type": "union_type", "loc": place, "msg": "", "ctx": {"expected": " or ".join(words)}})
        else:
            out.extend(group[:1])
    return out


def _close_pairs(items: list[dict]) -> dict[tuple, str]:
    """Unknown keys that are a misspelling of a required key missing beside them.

    ``stgae: s`` without ``stage`` is one slip, not two problems: {loc of "stgae": "stage"}.
    """
    missing: dict[tuple, list[str]] = {}
    unknown: dict[tuple, list[str]] = {}
    for item in items:
        loc = tuple(item["loc"])
        target = missing if item["type"] == "missing" else unknown if item["type"] == "extra_forbidden" else None
        if target is not None and loc and isinstance(loc[-1], str):
            target.setdefault(loc[:-1], []).append(loc[-1])
    pairs: dict[tuple, str] = {}
    for parent, keys in missing.items():
        left = list(keys)
        for key in unknown.get(parent, ()):
            match = suggest(key, left) if left else None
            if match is not None and match != key:
                pairs[(*parent, key)] = match
                left.remove(match)
    return pairs


def problems_from(error: ValidationError, model: type[BaseModel], root: object, path: str) -> list[Problem]:
    problems = []
    missing: dict[tuple, list[str]] = {}
    items = _merge_unions(error.errors(include_url=False), model)
    pairs = _close_pairs(items)
    meant = {(*loc[:-1], key) for loc, key in pairs.items()}
    texts = colon_texts(items, model, root)
    hints, quoted = _key_hints(model), set()
    for item in items:
        loc = tuple(item["loc"])
        place = under(loc, texts)
        if place is not None:
            if place not in quoted:  # one problem for the place, whatever errors lie under it
                quoted.add(place)
                problems.append(Problem(path, locate(root, place), "S003", f"{_field_name(place)} should be text, not a mapping", hint=quote_hint(place, texts[place])))
        elif item["type"] == "missing":
            if loc not in meant:
                missing.setdefault(loc[:-1], []).append(str(loc[-1]))
        elif loc in pairs:
            owner = _owner(root, loc[:-1])
            problems.append(
                Problem(path, locate(root, loc, "key"), "S001", f'unknown key "{short(str(loc[-1]))}" in {owner}', hint=f'Did you mean "{pairs[loc]}"? It is required here.')
            )
        else:
            problems.append(_problem(item, model, root, path, hints))
    for parent, keys in missing.items():
        problems.append(_missing(parent, keys, root, path))
    return problems


def _key_hints(model: type[BaseModel]) -> KeyHints | None:
    """Where misplaced keys belong: for journeys and libraries, whose keys the models hold."""
    roots = tuple(MODELS.values())
    return KeyHints(model, tuple(other for other in roots if other is not model)) if model in roots else None


def _missing(parent: tuple, keys: list[str], root: object, path: str) -> Problem:
    """One problem for all the required keys a mapping lacks."""
    listed = ", ".join(f'"{key}"' for key in keys)
    span = locate(root, (*parent, keys[0]), "container")
    noun = "key" if len(keys) == 1 else "keys"
    return Problem(path, span, "S002", f"{_owner(root, parent)} lacks the required {noun} {listed}", hint=f'Add a line "{keys[0]}: ..." to it.')


def _ancestors(model: type[BaseModel], root: object, parent: tuple) -> list[tuple[object, str, str]]:
    """The models around the mapping at ``parent``, nearest first: (type, its name in words, the key leading inward)."""
    out = []
    for cut in range(len(parent) - 1, -1, -1):
        tp, via = annotation_at(model, parent[:cut]), parent[cut]
        if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(via, str):
            out.append((tp, _owner(root, parent[:cut]), via))
    return out


def _unknown_key(loc: tuple, model: type[BaseModel], root: object, path: str, hints: KeyHints | None) -> Problem:
    """S001, with a hint: the close key here, where the key belongs, or the keys known here."""
    key = str(loc[-1])
    parent = unwrap(annotation_at(model, loc[:-1]))
    known = list(parent.model_fields) if isinstance(parent, type) and issubclass(parent, BaseModel) else []
    local = suggest(key, known)
    hint = comma_hint(value_at(root, loc[:-1]), key)
    if hint is None and hints is not None:
        hint = hints.hint(key, local, _ancestors(model, root, loc[:-1]) if hints.known(key) else [])
    hint = hint or (f'Did you mean "{local}"?' if local else f"Known keys here: {', '.join(known)}." if known else None)
    return Problem(path, locate(root, loc, "key"), "S001", f'unknown key "{short(key)}" in {_owner(root, loc[:-1])}', hint=hint)


def _problem(item: dict, model: type[BaseModel], root: object, path: str, hints: KeyHints | None = None) -> Problem:
    kind, loc, ctx = item["type"], tuple(item["loc"]), item.get("ctx") or {}
    found = value_at(root, tuple(step for step in loc if step != "[key]"))
    name = _field_name(loc)

    if kind == "extra_forbidden":
        return _unknown_key(loc, model, root, path, hints)
    span = locate(root, loc)
    one_value = one_value_hint(loc, found, annotation_at(model, loc[:-1])) if isinstance(found, Sequence) else None
    if kind == "literal_error":
        tp = annotation_at(model, loc)
        choices = [str(choice) for choice in get_args(tp)] if get_origin(tp) is Literal else []
        if loc == ("version",):
            return version_problem(path, span, found)
        listed = ", ".join(choices) or ctx.get("expected", "")
        hint = did_you_mean(str(found), choices) if isinstance(found, str) else one_value
        return Problem(path, span, "S004", f"{name} must be one of {listed}; found {describe(found)}", hint=hint)
    if kind in _TYPE_WORDS:
        expected = _TYPE_WORDS[kind]
        if kind == "model_type" and loc[-2:-1] == ("next",):
            expected = 'a touchpoint id, or a mapping with "to"'
        if found is None and kind == "string_type":
            return Problem(path, span, "S003", f"{name} has no value", hint="Write some text after the colon, or remove the line.")
        if kind == "list_type" and isinstance(found, str):
            hint = list_of_models_hint(annotation_at(model, (*loc, 0)), short(found, 30), slug(found))
            return Problem(path, span, "S003", f"{name} should be {expected}, not {describe(found)}", hint=hint or f"Write each item on its own line starting with '- ', or in brackets: [{short(found, 30)}].")
        if kind in ("model_type", "model_attributes_type") and isinstance(found, str) and isinstance(loc[-1], str):
            one_value = mapping_hint(loc[-1], annotation_at(model, loc), short(found, 30))
        return Problem(path, span, "S003", f"{name} should be {expected}, not {describe(found)}", hint=one_value)
    if kind == "union_type":
        return Problem(path, span, "S003", f"{name} should be {ctx['expected']}, not {describe(found)}", hint=one_value if "a list" not in ctx["expected"] else None)
    if kind == "int_parsing_size":
        return Problem(path, span, "S003", f"{name}: the number is too long")
    if kind in ("yaml_number", "yaml_flag"):
        hint = "Remove the quotes." if isinstance(found, Quoted) else "Only true and false are flags." if kind == "yaml_flag" else None
        return Problem(path, span, "S003", f"{name}: {item['msg']}", hint=hint)
    if kind == "string_pattern_mismatch":
        return Problem(path, span, "S004", f"{describe(found)} is not a valid id", hint=f'{ID_RULE} For example "{slug(str(found))}".')
    if kind == "string_too_short":
        return Problem(path, span, "S004", f"{name} is empty", hint="Write some text, or remove the line.")
    if kind == "blank_text":
        return Problem(path, span, "S004", f"{name} is blank: it holds only spaces or invisible characters", hint="Write some text, or remove the line.")
    if kind == "too_short":
        return Problem(path, span, "S004", f"{name} needs at least {ctx.get('min_length', 1)} item(s)")
    if kind in _RANGE and loc[-1:] == ("score",):
        return Problem(path, span, "S004", f"{name} must be between {EMOTION_MIN} and {EMOTION_MAX}; found {describe(found)}", hint="The emotion scale runs from -2 (very negative) to 2 (very positive).")
    if kind in _RANGE:
        return Problem(path, span, "S004", f"{name} {_range_words(kind, ctx)}; found {describe(found)}")
    return Problem(path, span, "S004", f"{name}: {item['msg']}")


def _range_words(kind: str, ctx: dict) -> str:
    """What a range error asks for, in words: "must be at least 1"."""
    words = {
        "greater_than_equal": ("at least", "ge"),
        "less_than_equal": ("at most", "le"),
        "greater_than": ("more than", "gt"),
        "less_than": ("less than", "lt"),
    }
    if kind in words:
        phrase, key = words[kind]
        bound = ctx.get(key)
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)
        return f"must be {phrase} {bound}"
    return "must be a finite number"


def version_problem(path: str, span, found: object) -> Problem:
    """S005: a format version this journeyctl does not read. A newer one asks for an upgrade."""
    if isinstance(found, Quoted) and found.strip() == str(FORMAT_VERSION):
        return Problem(path, span, "S005", f'the version is a number; found the text "{found}"', hint=f"Write 'version: {FORMAT_VERSION}', without quotes.")
    if isinstance(found, str) and found.isdigit():
        message = f"this file is written in format version {short(found, 20)}; journeyctl {__version__} reads version {FORMAT_VERSION}"
        return Problem(path, span, "S005", message, hint="Upgrade journeyctl, or write the file in version 1.")
    message = f"this file says format version {describe(found)}; journeyctl {__version__} reads version {FORMAT_VERSION}"
    return Problem(path, span, "S005", message, hint="Write 'version: 1'.")
