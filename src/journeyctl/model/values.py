"""The values of the journey format: ids, text, numbers, flags, durations, sourced text.

The loader hands the models plain strings for every scalar (see ``yaml_source``),
so these types, not the YAML resolver, decide what is a number or a flag:
``name: no`` stays the text "no", and ``2024-01-01`` stays a date written as text.
Numbers and flags are read from their YAML 1.2 spelling by the small readers below.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError, core_schema

from journeyctl.yaml_source import Quoted

EMOTION_MIN = -2
EMOTION_MAX = 2
EMOTION_LABELS = {
    -2: "very negative",
    -1: "negative",
    0: "neutral",
    1: "positive",
    2: "very positive",
}
LANES = ("customer", "frontstage", "backstage", "support")
CHANNEL_KINDS = ("digital", "physical", "human", "print", "broadcast", "other")
STATUSES = ("as-is", "to-be")

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"

_NUMBER = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INTEGER = re.compile(r"[-+]?[0-9]+")
MAX_NUMBER_LENGTH = 100  # characters; a longer "number" is a slip, and Python refuses 4,300 digits


def _yaml_number(value: object) -> object:
    """Read a YAML 1.2 number written as text; leave anything else to pydantic."""
    if isinstance(value, Quoted):
        raise PydanticCustomError("yaml_number", "a number is written without quotes; found {found}", {"found": f'"{value}"'})
    if isinstance(value, str):
        if len(value) > MAX_NUMBER_LENGTH and _NUMBER.fullmatch(value):
            raise PydanticCustomError(
                "yaml_number", "the number is too long ({length} characters; at most {limit})", {"length": len(value), "limit": MAX_NUMBER_LENGTH}
            )
        if not _NUMBER.fullmatch(value):
            raise PydanticCustomError("yaml_number", "expected a number, found {found}", {"found": value})
        return float(value) if not _INTEGER.fullmatch(value) else int(value)
    return value


def _yaml_flag(value: object) -> object:
    """Read a YAML 1.2 boolean: only true and false, never yes, no, on or off."""
    if isinstance(value, Quoted):
        raise PydanticCustomError("yaml_flag", "true and false are written without quotes; found {found}", {"found": f'"{value}"'})
    if isinstance(value, str):
        lowered = value.lower()
        if lowered in ("true", "false") and value in (lowered, value.capitalize(), value.upper()):
            return lowered == "true"
        raise PydanticCustomError("yaml_flag", "expected true or false, found {found}", {"found": value})
    return value


def _version(value: object) -> object:
    if isinstance(value, Quoted):
        return value  # a version in quotes is text, as editors read it
    return int(value) if isinstance(value, str) and len(value) <= MAX_NUMBER_LENGTH and _INTEGER.fullmatch(value) else value


def new_list() -> list:
    """A new empty list: the default of the format's list fields.

    A function of ours rather than ``list``: pydantic reads a default factory's signature
    once for every field, and ``inspect.signature(list)`` parses the text signature of a
    built-in (about 0.15 ms each, some 30 fields); a Python function's is a look-up.
    """
    return []


def new_dict() -> dict:
    """A new empty mapping: the default of the format's mapping fields (see ``new_list``)."""
    return {}


def _one_or_many(value: object) -> object:
    """``next: pay`` is short for ``next: [pay]``."""
    return [value] if isinstance(value, (str, dict)) else value


ID_DESCRIPTION = "An identifier: letters, digits, '-', '_' or '.', starting with a letter or digit, at most 64 characters."
_ID_SCHEMA = core_schema.str_schema(pattern=ID_PATTERN)


class Id(str):
    """An id: ``Annotated[str, StringConstraints(pattern=ID_PATTERN)]``, its schema built once (see ``Text``)."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: object, handler: object) -> core_schema.CoreSchema:
        return {**_ID_SCHEMA}

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: object, handler: object) -> dict:
        return {"description": ID_DESCRIPTION, "pattern": ID_PATTERN, "type": "string"}
# Text is whatever a person writes after the colon: ``target: 40`` and ``title: 2024`` are
# text too. The schema says so, so that editors do not flag them.
# Text must show something: spaces, tabs, U+3000, control and other invisible characters
# alone are blank. The schema carries the same test as a pattern, so editors agree.
VISIBLE_PATTERN = (
    "[^\\s\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f"
    "\\u200b-\\u200f\\u2028-\\u202f\\u205f-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\uffff]"
)
_VISIBLE = re.compile(VISIBLE_PATTERN)


# The test runs inside pydantic-core, with no call into Python for each text (the format's
# commonest value: some thousand a file, where a Python validator cost about 6% of the CPU).
# The pattern reads the same in Rust's regex syntax as in Python's, and pydantic-core searches
# with it as ``_VISIBLE.search`` does: every character but the lone surrogates, which the first
# step refuses anyway, is visible to both or to neither (tests/test_model_cost.py checks them all).
_VISIBLE_SCHEMA = core_schema.custom_error_schema(
    core_schema.str_schema(pattern=VISIBLE_PATTERN), custom_error_type="blank_text", custom_error_message="the text is blank"
)
_TEXT_SCHEMA = core_schema.chain_schema([core_schema.str_schema(min_length=1), _VISIBLE_SCHEMA])
_TEXT_JSON_SCHEMA = {"type": ["string", "number", "boolean"], "minLength": 1, "pattern": VISIBLE_PATTERN}


class Text(str):
    """Text: at least one visible character. The values are plain ``str``.

    The same as ``Annotated[str, StringConstraints(min_length=1)]`` and a check that
    ``_VISIBLE`` finds a character, with the JSON Schema above; its schema is built once
    rather than for each of the format's sixty text fields, which keeps the models quick
    to import.
    """

    @classmethod
    def __get_pydantic_core_schema__(cls, source: object, handler: object) -> core_schema.CoreSchema:
        return {**_TEXT_SCHEMA}  # a copy of the top: pydantic may add keys to it

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: object, handler: object) -> dict:
        return dict(_TEXT_JSON_SCHEMA)
TextList = Annotated[list[Text], Field(default_factory=new_list)]
IdList = Annotated[list[Id], BeforeValidator(_one_or_many, json_schema_input_type=Id | list[Id])]
NonEmptyIds = Annotated[list[Id], Field(min_length=1)]
Flag = Annotated[bool, BeforeValidator(_yaml_flag)]
Score = Annotated[
    float,
    Field(ge=EMOTION_MIN, le=EMOTION_MAX, allow_inf_nan=False),
    BeforeValidator(_yaml_number),
]
# The number form of an emotion (``emotion: -1``), for the schema: bounded like the score.
ScoreNumber = Annotated[float, Field(ge=EMOTION_MIN, le=EMOTION_MAX)]


DURATION_PATTERN = r"^[0-9]+ ?(s|m|h|d|w)$"
DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
DURATION_DESCRIPTION = "A length of time: a whole number and a unit, s (seconds), m (minutes), h (hours), d (days) or w (weeks): '30m', '14d'."


def _duration(value: object) -> object:
    """A duration is a whole number and a unit; say so in words rather than as a pattern."""
    if isinstance(value, str) and not re.fullmatch(DURATION_PATTERN, value):
        raise PydanticCustomError(
            "duration",
            "expected a length of time such as 30m or 14d (a whole number and s, m, h, d or w), found {found}",
            {"found": value},
        )
    return value


Duration = Annotated[
    str,
    BeforeValidator(_duration),
    WithJsonSchema({"type": "string", "pattern": DURATION_PATTERN, "description": DURATION_DESCRIPTION}),
]


def duration_seconds(text: str) -> int:
    """The number of seconds a ``Duration`` stands for: ``duration_seconds("30m") == 1800``."""
    match = re.fullmatch(DURATION_PATTERN, text.strip())
    if match is None:
        raise ValueError(f"not a duration: {text!r} (write a number and s, m, h, d or w, such as 14d)")
    return int(text.strip()[:-1].strip()) * DURATION_UNITS[match.group(1)]




LINK_PATTERN = r"^https?://[^\s]+$"
_LINK = re.compile(LINK_PATTERN)


def _link(value: object) -> object:
    """A link is a web address: say so in words rather than as a pattern."""
    if isinstance(value, str) and not _LINK.fullmatch(value):
        raise PydanticCustomError(
            "link", "expected a web address starting with http:// or https://, found {found}", {"found": value[:60]}
        )
    return value


Link = Annotated[
    str,
    BeforeValidator(_link),
    WithJsonSchema({"type": "string", "pattern": LINK_PATTERN, "description": "A web address starting with http:// or https://."}),
]


class SourcedText(str):
    """A text with where it comes from: ``.source`` ("interviews, May 2026") and ``.link``.

    It is a ``str``, so code that reads thoughts or pain points as text keeps working;
    both attributes are None for a plain text.
    """

    source: str | None = None
    link: str | None = None

    def __new__(cls, text: str, source: str | None = None, link: str | None = None) -> SourcedText:
        item = super().__new__(cls, text)
        if source is not None:
            item.source = source
        if link is not None:
            item.link = link
        return item

    def __reduce__(self) -> tuple:
        return (SourcedText, (str(self), self.source, self.link))
