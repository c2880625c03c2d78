"""Hints that teach: where a key that is wrong here does belong, how to write text
with a colon in a list, and one value where a list was written (or the reverse).

Where keys belong is read from the models themselves, by walking them from the top
of a journey (or a library) down: every key of the format, with the places that
hold it in words ("a stage", "the \"time\" of a touchpoint"). No table of keys to
keep in step with the format. The declared type at the place of an error
(``annotation_at``) is read here too, validators and unions included, since a
sourced text may be written as text or as a mapping.
"""

from __future__ import annotations

import difflib
import types
from functools import cache
from typing import Annotated, Union, get_args, get_origin

from pydantic import BaseModel

from journeyctl.locate import value_at
from journeyctl.yaml_source import Mapping, Quoted, Sequence

# How to name one item of a list (or of a mapping by id) in words; other lists are
# named by their key, singular: "pain_points" -> "pain point".
SINGULAR = {
    "kpis": "KPI",
    "next": "next step",
    "by_persona": "feeling",
    "events": "event match",
    "opportunities": "journey-level opportunity",
}
MAX_PLACES = 4  # more than this many places, and the hint names the first ones
CLOSE_BESIDE_ELSEWHERE = 0.8  # a key that exists elsewhere is a misspelling here only when this close


def models_in(tp: object, many: bool = False) -> list[tuple[type[BaseModel], bool]]:
    """The models a field's type holds, each with whether it holds several (a list or a mapping by id)."""
    origin = get_origin(tp)
    if origin is Annotated:  # a validator may take other input than it keeps: text or a mapping
        inputs = [getattr(meta, "json_schema_input_type", None) for meta in tp.__metadata__]
        return [found for arg in (get_args(tp)[0], *inputs) if arg is not None for found in models_in(arg, many)]
    if origin in (Union, types.UnionType):
        return [found for arg in get_args(tp) for found in models_in(arg, many)]
    if origin in (list, tuple, set, frozenset):
        return [found for arg in get_args(tp) for found in models_in(arg, True)]
    if origin is dict:
        return models_in(get_args(tp)[1], True)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [(tp, many)]
    return []


def declared(field: object) -> object:
    """A field's type as declared, with the validators pydantic keeps beside it."""
    return Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation


def _an(noun: str) -> str:
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def singular(key: str) -> str:
    if key in SINGULAR:
        return SINGULAR[key]
    word = key.replace("_", " ")
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _kind(root: type[BaseModel]) -> str:
    """What a file of this model is called: "journey", "library"."""
    kind = root.model_fields.get("kind")
    default = getattr(kind, "default", None) if kind is not None else None
    return default if isinstance(default, str) else root.__name__.lower()


def _top(root: type[BaseModel]) -> str:
    return f"the top level of the {_kind(root)} (not indented)"


@cache
def key_places(root: type[BaseModel]) -> dict[str, tuple[str, ...]]:
    """Every key under ``root``, with the places that hold it, in words and in the models' order."""
    nouns: dict[type, list[str]] = {root: [_top(root)]}
    queue = [root]
    for model in queue:  # breadth first: the places nearer the top come first
        for name, field in model.model_fields.items():
            for sub, many in models_in(declared(field)):
                if many:
                    noun = _an(singular(name))
                elif model is root:
                    noun = f'"{name}"'
                else:
                    noun = f'the "{name}" of {nouns[model][0]}'
                if sub not in nouns:
                    nouns[sub] = []
                    queue.append(sub)
                if noun not in nouns[sub]:
                    nouns[sub].append(noun)
    places: dict[str, list[str]] = {}
    for model in queue:
        for name in model.model_fields:
            held = places.setdefault(name, [])
            held.extend(noun for noun in nouns[model] if noun not in held)
    return {key: tuple(held) for key, held in places.items()}


def _join(places: tuple[str, ...]) -> str:
    if len(places) > MAX_PLACES:
        return ", ".join(places[: MAX_PLACES - 1]) + " and other places"
    if len(places) == 1:
        return places[0]
    return ", ".join(places[:-1]) + " or " + places[-1]


def _fields(tp: object) -> list[str]:
    return list(tp.model_fields) if isinstance(tp, type) and issubclass(tp, BaseModel) else []


class KeyHints:
    """Where an unknown key belongs: in a mapping around it, elsewhere in the file, or in the other kind of file."""

    def __init__(self, root: type[BaseModel], others: tuple[type[BaseModel], ...] = ()) -> None:
        self.root = root
        self.others = others

    def known(self, key: str) -> bool:
        """Whether ``key`` is a key somewhere in this kind of file (else no mapping around it holds it)."""
        return key in key_places(self.root)

    def hint(self, key: str, local: str | None, ancestors: list[tuple[object, str, str]]) -> str | None:
        """The hint for ``key``, unknown where it stands.

        ``local`` is the close key of the same mapping, if any (a misspelling);
        ``ancestors`` lists, from the nearest out, each enclosing model's type, how to name
        it ('the touchpoint "pays"') and the key under it that leads to the unknown one.
        """
        elsewhere = any(key in _fields(tp) for tp, _, _ in ancestors) or key in key_places(self.root)
        if local and elsewhere and difflib.SequenceMatcher(None, key, local).ratio() < CLOSE_BESIDE_ELSEWHERE:
            local = None  # "expectations" in a touchpoint is not a misspelt "actions"
        parts = [f'Did you mean "{local}"?'] if local else []
        for tp, owner, via in ancestors:
            if key in _fields(tp):
                parts.append(f'"{key}" belongs to {owner}: line it up with "{via}", not inside it.')
                return " ".join(parts)
        places = key_places(self.root).get(key)
        if places:
            parts.append(f'"{key}" belongs to {_join(places)}.')
            return " ".join(parts)
        for other in self.others:
            if key in key_places(other):
                places = key_places(other)[key]
                where = "in" if _top(other) in places else f"to {_join(places)} in"
                parts.append(f'"{key}" belongs {where} {_an(_kind(other))} file, not in {_an(_kind(self.root))}.')
                return " ".join(parts)
        if not local:
            for variant in _variants(key):
                if variant in key_places(self.root):
                    return f'Did you mean "{variant}"? It belongs to {_join(key_places(self.root)[variant])}.'
        return " ".join(parts) or None


def _variants(key: str) -> list[str]:
    """The same key spelt a little differently: singular or plural, another case, '-' or ' ' for '_'."""
    base = key.strip().lower().replace("-", "_").replace(" ", "_")
    return list(dict.fromkeys(word for word in (base, f"{base}s", base[:-1] if base.endswith("s") else base) if word != key))


# --- the declared types, where pydantic reports an error ------------------------------


def unwrap(tp: object) -> object:
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


@cache
def _field_type(model: type[BaseModel], name: str) -> object:
    field = model.model_fields.get(name)
    return None if field is None else declared(field)


def annotation_at(model: type[BaseModel], loc: tuple, raw: bool = False) -> object:
    """The declared type at ``loc`` in ``model``, or None where it is not a field.

    ``raw`` keeps the validators around it (``Annotated``), which may take other input.
    """
    tp: object = model
    for step in loc:
        if step == "[key]":
            continue
        tp = unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            tp = _field_type(tp, step) if isinstance(step, str) else None
            if tp is None:
                return None
        elif get_origin(tp) is list and isinstance(step, int):
            tp = get_args(tp)[0]
        elif get_origin(tp) is dict and isinstance(step, str):
            tp = get_args(tp)[1]
        else:
            return None
    return tp if raw else unwrap(tp)


def is_union(tp: object) -> bool:
    return get_origin(tp) in (Union, types.UnionType) and len([a for a in get_args(tp) if a is not type(None)]) > 1


def _is_text(tp: object) -> bool:
    return isinstance(tp, type) and issubclass(tp, str)


def _takes_text(tp: object) -> bool:
    return _is_text(tp) or (is_union(tp) and any(_is_text(unwrap(arg)) for arg in get_args(tp)))


def colon_texts(items: list[dict], model: type[BaseModel], root: object) -> dict[tuple, str]:
    """Places where text belongs but YAML read a mapping, because of a colon: ``- Team: text``."""
    texts: dict[tuple, str] = {}
    for item in items:
        loc = tuple(step for step in item["loc"] if step != "[key]")
        for place in (loc, loc[:-1]) if loc else ():
            found = value_at(root, place)
            text = colon_text(found) if place not in texts else None
            if text is None:
                continue
            tp = annotation_at(model, place, raw=True)
            fields = {name for sub, _ in models_in(tp) for name in sub.model_fields}
            if _takes_text(unwrap(tp)) and next(iter(found)) not in fields:
                texts[place] = text
                break
    return texts


def under(loc: tuple, places: dict[tuple, str]) -> tuple | None:
    """The place of ``places`` that ``loc`` lies in, if any (seen or still to report)."""
    steps = tuple(step for step in loc if step != "[key]")
    for cut in (len(steps), len(steps) - 1):
        if cut >= 0 and steps[:cut] in places:
            return steps[:cut]
    return None


# --- text with a colon, one value or a list ---------------------------------------


def _yaml_quoted(text: str) -> str:
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def colon_text(found: object) -> str | None:
    """``- Team: text`` read as a mapping where text belongs: the text as written, else None.

    Only a mapping that starts with its key, as the slip does; one in braces is meant.
    """
    if not isinstance(found, Mapping) or len(found) != 1:
        return None
    (key, value), = found.items()
    if not isinstance(key, str) or isinstance(value, (Mapping, Sequence, dict, list)):
        return None
    if found.key_spans.get(key, found.span)[:2] != found.span[:2]:
        return None  # written in braces, {a: b}: a mapping on purpose
    if value is None:
        return f"{key}:"
    return f'{key}: "{value}"' if isinstance(value, Quoted) and "\n" not in value else f"{key}: {value}"


def quote_hint(loc: tuple, text: str) -> str:
    """'Put the text in quotes: - "Team: text"' (or 'key: "..."' outside a list)."""
    keys = [step for step in loc if step != "[key]"]
    written = f"- {_yaml_quoted(text)}" if keys and isinstance(keys[-1], int) else f"{keys[-1]}: {_yaml_quoted(text)}" if keys else _yaml_quoted(text)
    return f"Put the text in quotes: {written}"


def comma_hint(mapping: object, key: str) -> str | None:
    """``{source: interviews, June 2026}``: in braces a comma starts a new key, here one with no value."""
    if not isinstance(mapping, Mapping) or key not in mapping or mapping[key] is not None:
        return None
    if mapping.key_spans.get(key, mapping.span)[:2] == mapping.span[:2]:
        return None  # not in braces
    keys = list(mapping)
    before = keys[keys.index(key) - 1] if keys.index(key) > 0 else None
    value = mapping.get(before) if before is not None else None
    if not isinstance(value, str) or isinstance(value, Quoted):
        return None
    return f"In braces a comma starts a new key: put text with a comma in quotes, as {before}: {_yaml_quoted(f'{value}, {key}')}"


def one_value_hint(loc: tuple, found: object, parent: object) -> str | None:
    """A list where one value belongs: what to write instead, with the user's own value."""
    keys = [step for step in loc if step != "[key]"]
    if not isinstance(found, Sequence) or not keys or not isinstance(keys[-1], str):
        return None
    key = keys[-1]
    items = [item for item in found if isinstance(item, str)]
    if len(items) != len(found) or not items:
        return f"\"{key}\" holds one value, not a list: write it on the same line, as '{key}: ...'."
    if len(items) == 1:
        return f"Write '{key}: {items[0]}', not a list."
    plural = f"{key}s"
    if plural in _fields(parent):
        return f"Write one, as '{key}: {items[0]}', or several as '{plural}: [{', '.join(items)}]'."
    return f"\"{key}\" holds one value: write one, such as '{key}: {items[0]}', not a list."


def mapping_hint(key: str, model: object, found: str) -> str | None:
    """Text where a mapping belongs (``time: 10m``, ``analytics: pays``): the text under its first key."""
    fields = model.model_fields if isinstance(model, type) and issubclass(model, BaseModel) else {}
    if not fields:
        return None
    first = next((name for name, field in fields.items() if field.is_required()), next(iter(fields)))
    return f"Write it as a mapping, such as '{key}: {{{first}: {found}}}' (its keys: {', '.join(fields)})."


def list_of_models_hint(item: object, found: str, ident: str) -> str | None:
    """Text where a list of mappings belongs (``kpis: Conversion``): how one item is written.

    ``ident`` is an id made from the text, for items that need one (``personas: Maya``).
    """
    fields = item.model_fields if isinstance(item, type) and issubclass(item, BaseModel) else {}
    required = [name for name, field in fields.items() if field.is_required()]
    if not required:
        return None
    values = {"id": ident, "name": found} if {"id", "name"} <= set(required) else {required[0]: found}
    first, *rest = required
    under = ", ".join(f"'{name}: {values.get(name, '...')}'" for name in rest)
    return f"Each item is a mapping: write '- {first}: {values[first]}' on the next line, indented" + (f", with {under} under it." if rest else ".")
