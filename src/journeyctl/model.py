"""The journey format, version 1, as pydantic models.

Every model forbids unknown keys. The loader hands these models plain strings for
every scalar (see ``yaml_source``), so the model, not the YAML resolver, decides
what is a number or a flag: ``name: no`` stays the text "no", and ``2024-01-01``
stays a date written as text. Numbers and flags are read from their YAML 1.2
spelling by the small validators below.

The field descriptions are the format reference: they go into the JSON Schema
that editors use, and docs/format.md says the same with examples.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

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


def _flow_shorthand(value: object) -> object:
    """``next: [pay]`` is short for ``next: [{to: pay}]``."""
    return {"to": value} if isinstance(value, str) else value


def _one_or_many(value: object) -> object:
    """``next: pay`` is short for ``next: [pay]``."""
    return [value] if isinstance(value, (str, dict)) else value


def _event_shorthand(value: object) -> object:
    """``events: [order_placed]`` is short for ``events: [{event: order_placed}]``."""
    return {"event": value} if isinstance(value, str) else value


def _emotion_shorthand(value: object) -> object:
    """``emotion: -1`` is short for ``emotion: {score: -1}``."""
    return {"score": value} if isinstance(value, (str, int, float)) else value


Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    Field(description="An identifier: letters, digits, '-', '_' or '.', starting with a letter or digit, at most 64 characters."),
]
# Text is whatever a person writes after the colon: ``target: 40`` and ``title: 2024`` are
# text too. The schema says so, so that editors do not flag them.
# Text must show something: spaces, tabs, U+3000, control and other invisible characters
# alone are blank. The schema carries the same test as a pattern, so editors agree.
VISIBLE_PATTERN = (
    "[^\\s\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f"
    "\\u200b-\\u200f\\u2028-\\u202f\\u205f-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\uffff]"
)
_VISIBLE = re.compile(VISIBLE_PATTERN)


def _not_blank(value: str) -> str:
    if not _VISIBLE.search(value):
        raise PydanticCustomError("blank_text", "the text is blank")
    return value


Text = Annotated[
    str,
    StringConstraints(min_length=1),
    AfterValidator(_not_blank),
    WithJsonSchema({"type": ["string", "number", "boolean"], "minLength": 1, "pattern": VISIBLE_PATTERN}),
]
TextList = Annotated[list[Text], Field(default_factory=list)]
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


EXTENSION_PREFIX = "x-"


class Strict(BaseModel):
    """Unknown keys are errors, except extension keys starting with ``x-``, which are left alone.

    Extension keys let a team keep its own data in a journey (``x-jira: CX-123``)
    without waiting for the format to grow a field for it.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"patternProperties": {"^x-": {"description": "An extension: your own data, ignored by journeyctl."}}},
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_extensions_and_blanks(cls, data: object) -> object:
        """Leave out ``x-`` keys, and optional keys with no value (``tags:`` alone means no tags)."""
        if not isinstance(data, dict) or getattr(data, "unusual", True) is False:
            return data  # the YAML reader marks the mappings that hold neither
        fields = cls.model_fields

        def keep(key: object, value: object) -> bool:
            if isinstance(key, str) and key.startswith(EXTENSION_PREFIX):
                return False
            return value is not None or key not in fields or fields[key].is_required()

        if all(keep(key, value) for key, value in data.items()):
            return data
        return {key: value for key, value in data.items() if keep(key, value)}


class Persona(Strict):
    """Someone who takes the journey: a customer segment described as one person."""

    id: Id
    name: Text = Field(description="How the team calls this persona, for example 'Maya, the busy parent'.")
    description: Text | None = Field(None, description="Who this persona is, in a sentence or two.")
    goals: TextList = Field(description="What the persona wants to achieve.")
    needs: TextList = Field(description="What the persona needs from the business to get there.")
    frustrations: TextList = Field(description="What typically gets in the persona's way.")


class Channel(Strict):
    """A medium through which the customer meets the business."""

    id: Id
    name: Text
    kind: Literal[CHANNEL_KINDS] = Field(  # type: ignore[valid-type]
        "digital", description="digital, physical, human, print, broadcast or other."
    )
    description: Text | None = None


class Import(Strict):
    """Personas and channels taken from a library file of the same repository."""

    path: Text = Field(description="Path of a library file, relative to this file; it may not leave the repository.")
    personas: list[Id] | None = Field(None, description="Import only these personas (default: all of them).")
    channels: list[Id] | None = Field(None, description="Import only these channels (default: all of them).")


class KPI(Strict):
    """A measure of how well a stage works, such as a conversion rate."""

    name: Text
    target: Text | None = Field(None, description="The target, as text: '3.5%', 'under 2 days'.")
    current: Text | None = Field(None, description="Where the measure stands now, as text: '2.9% (Q3)'.")
    description: Text | None = None


class Stage(Strict):
    """A phase of the journey. Stages are listed in the order customers go through them."""

    id: Id
    name: Text
    description: Text | None = None
    goal: Text | None = Field(None, description="What the customer wants to achieve in this stage.")
    expectations: TextList = Field(description="What the customer expects from the business in this stage.")
    kpis: Annotated[list[KPI], Field(default_factory=list, description="Measures for this stage.")]


class Feeling(Strict):
    """A score on the emotion scale, with an optional word for it."""

    score: Score = Field(
        description="From -2 (very negative) through 0 (neutral) to 2 (very positive); decimals are allowed."
    )
    label: Text | None = Field(None, description="A word for the feeling: 'anxious', 'relieved'.")


FeelingInput = Annotated[Feeling, BeforeValidator(_emotion_shorthand, json_schema_input_type=ScoreNumber | Feeling)]


class Emotion(Feeling):
    """How the customer feels at a touchpoint; ``by_persona`` overrides it for single personas."""

    by_persona: dict[Id, FeelingInput] = Field(
        default_factory=dict, description="A different feeling for some personas, by persona id."
    )


class Flow(Strict):
    """A step from one touchpoint to the next."""

    to: Id = Field(description="The id of the next touchpoint.")
    label: Text | None = Field(None, description="What the customer does to get there: 'clicks the ad'.")
    condition: Text | None = Field(None, description="When this path is taken: 'card declined'.")


FlowInput = Annotated[Flow, BeforeValidator(_flow_shorthand, json_schema_input_type=Id | Flow)]


class EventMatch(Strict):
    """Which logged events stand for a touchpoint: an event name, and optional conditions on the event's channel and properties."""

    event: Text = Field(description="The event's name as the log writes it: 'order_placed'.")
    channel: Text | None = Field(
        None, description="Only events whose channel column equals this text (the log's value, not a channel id)."
    )
    where: dict[str, Text] = Field(
        default_factory=dict,
        description="Conditions on property columns of the log: each column's value must equal the text, or match it as a pattern with *, ? and [..], such as '/products/*'.",
    )


EventMatchInput = Annotated[EventMatch, BeforeValidator(_event_shorthand, json_schema_input_type=Text | EventMatch)]


class Touchpoint(Strict):
    """One step of the journey: a moment where the customer meets the business."""

    id: Id
    name: Text
    stage: Id = Field(description="The id of the stage this touchpoint belongs to.")
    channel: Id | None = Field(None, description="The id of the channel (none for backstage steps).")
    description: Text | None = None
    personas: list[Id] = Field(
        default_factory=list, description="The ids of the personas who go through it (default: all of them)."
    )
    actions: TextList = Field(description="What the customer does.")
    thoughts: TextList = Field(description="What the customer thinks, in their own words.")
    emotion: Annotated[
        Emotion | None, BeforeValidator(_emotion_shorthand, json_schema_input_type=ScoreNumber | Emotion | None)
    ] = Field(None, description="How the customer feels: a score from -2 to 2, or a mapping with score and label.")
    pain_points: TextList = Field(description="What goes wrong or annoys the customer here.")
    opportunities: TextList = Field(description="What the business could do better here.")
    team: Text | None = Field(None, description="The team that owns this touchpoint.")
    lane: Literal[LANES] = Field(  # type: ignore[valid-type]
        "customer", description="Service blueprint lane: customer, frontstage, backstage or support."
    )
    milestone: Flag = Field(False, description="A milestone of the journey, such as the first purchase.")
    moment_of_truth: Flag = Field(False, description="A moment that makes or breaks the relationship.")
    end: Flag = Field(False, description="The journey may end here (no next step is expected).")
    next: Annotated[
        list[FlowInput], BeforeValidator(_one_or_many, json_schema_input_type=Id | list[FlowInput])
    ] = Field(
        default_factory=list,
        description="Where the journey goes from here: a touchpoint id, or a list of ids or of mappings with to, label and condition.",
    )
    events: Annotated[
        list[EventMatchInput],
        BeforeValidator(_one_or_many, json_schema_input_type=Text | EventMatch | list[EventMatchInput]),
    ] = Field(
        default_factory=list,
        description="The logged events that stand for this touchpoint, for journeyctl analyze: an event name, or a list of names or of mappings with event, channel and where.",
    )


class Columns(Strict):
    """The names of the event log's columns, where they differ from the usual ones."""

    customer: Text = Field("customer_id", description="The column that says who the customer is (default customer_id).")
    timestamp: Text = Field("timestamp", description="The column that says when the event happened (default timestamp).")
    event: Text = Field("event", description="The column with the event's name (default event).")
    channel: Text = Field("channel", description="The column with the event's channel (default channel).")
    value: Text | None = Field(None, description="A column with the conversion's value, such as the order total (default: none).")


IdList = Annotated[list[Id], BeforeValidator(_one_or_many, json_schema_input_type=Id | list[Id])]
NonEmptyIds = Annotated[list[Id], Field(min_length=1)]
ConversionIds = Annotated[NonEmptyIds, BeforeValidator(_one_or_many, json_schema_input_type=Id | NonEmptyIds)]


class Analytics(Strict):
    """How journeyctl analyze measures this journey against an event log: what counts as conversion, the main path, the defaults."""

    conversion: ConversionIds = Field(
        description="The touchpoint id, or ids, that count as conversion, such as the purchase."
    )
    funnel: IdList | None = Field(
        None,
        description="The main path as touchpoint ids in order (default: from the entry, the first next step of each touchpoint that has events, up to the conversion).",
    )
    support: IdList | None = Field(
        None,
        description="The touchpoint ids where customers look for help (default: the touchpoints in the support lane, or whose channel or stage has 'support' in its id or name).",
    )
    window: Duration = Field("14d", description="The conversion window, measured from the first funnel step (default 14d).")
    session_gap: Duration = Field("30m", description="The idle time after which a new session starts (default 30m).")
    columns: Columns = Field(default_factory=Columns, description="The event log's column names, where they differ from the defaults.")


FormatVersion = Annotated[
    Literal[1],
    BeforeValidator(_version),
    Field(description="The version of the journey format this file is written in. Only 1 exists."),
]


class Journey(Strict):
    """A customer journey map: personas, stages in order, and the touchpoints within them."""

    version: FormatVersion
    kind: Literal["journey"] = Field("journey", description="Always journey; it may be left out. Library files say kind: library.")
    id: Id
    title: Text
    description: Text | None = None
    owner: Text | None = Field(None, description="The person or team who keeps this map.")
    status: Literal[STATUSES] | None = Field(  # type: ignore[valid-type]
        None, description="as-is (the journey today) or to-be (the journey as it should be)."
    )
    tags: TextList = Field(description="Free words to group and find journeys.")
    entry: Id | None = Field(None, description="The touchpoint where the journey starts (default: the first one).")
    imports: list[Import] = Field(default_factory=list)
    personas: list[Persona] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    stages: list[Stage] = Field(min_length=1)
    touchpoints: list[Touchpoint] = Field(default_factory=list)
    analytics: Analytics | None = Field(
        None, description="How journeyctl analyze measures this journey against an event log."
    )


class Library(Strict):
    """Personas and channels shared by several journeys, which import them."""

    version: FormatVersion
    kind: Literal["library"]
    id: Id | None = None
    description: Text | None = None
    imports: list[Import] = Field(default_factory=list)
    personas: list[Persona] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)


MODELS: dict[str, type[Journey] | type[Library]] = {"journey": Journey, "library": Library}
