"""The journey format, version 1, as pydantic models.

Every model forbids unknown keys (``x-`` extension keys aside). The field
descriptions are the format reference: they go into the JSON Schema that editors
use, and docs/format.md says the same with examples.

The modules: ``values`` (ids, text, numbers, flags, durations, links, sourced
text), ``strict`` (the base model), ``evidence`` (text with a source),
``touchpoint`` (a step and what it holds), ``analytics`` (how analyze measures a
map) and ``journey`` (the journey and library files). Everything is importable
from here: ``from journeyctl.model import Journey, Touchpoint``.

The modules that define models do without ``from __future__ import annotations``:
with it, pydantic compiles and evaluates every field's annotation from its text when
it builds the models, about 1.5 ms of every start (docs/performance.md, Validation).
"""

from __future__ import annotations

from journeyctl.model.analytics import Analytics, Columns, ConversionIds
from journeyctl.model.evidence import Sourced, SourcedTexts
from journeyctl.model.journey import (
    KPI,
    MODELS,
    Channel,
    EntryIds,
    FormatVersion,
    Import,
    Initiative,
    Journey,
    Library,
    Persona,
    Phase,
    Row,
    Stage,
)
from journeyctl.model.prebuilt import install
from journeyctl.model.strict import EXTENSION_PREFIX, Strict
from journeyctl.model.touchpoint import (
    Emotion,
    EventMatch,
    EventMatchInput,
    Feeling,
    FeelingInput,
    Flow,
    FlowInput,
    Timing,
    Touchpoint,
)
from journeyctl.model.values import (
    _VISIBLE,
    CHANNEL_KINDS,
    DURATION_DESCRIPTION,
    DURATION_PATTERN,
    DURATION_UNITS,
    EMOTION_LABELS,
    EMOTION_MAX,
    EMOTION_MIN,
    ID_PATTERN,
    LANES,
    LINK_PATTERN,
    MAX_NUMBER_LENGTH,
    STATUSES,
    VISIBLE_PATTERN,
    Duration,
    Flag,
    Id,
    IdList,
    Link,
    NonEmptyIds,
    Score,
    ScoreNumber,
    SourcedText,
    Text,
    TextList,
    duration_seconds,
)

install({"Journey": Journey, "Library": Library, "Sourced": Sourced})

__all__ = [
    "CHANNEL_KINDS", "DURATION_DESCRIPTION", "DURATION_PATTERN", "DURATION_UNITS", "EMOTION_LABELS", "EMOTION_MAX",
    "EMOTION_MIN", "EXTENSION_PREFIX", "ID_PATTERN", "KPI", "LANES", "LINK_PATTERN", "MAX_NUMBER_LENGTH", "MODELS",
    "STATUSES", "VISIBLE_PATTERN", "Analytics", "Channel", "Columns", "ConversionIds", "Duration", "Emotion", "EntryIds",
    "EventMatch", "EventMatchInput", "Feeling", "FeelingInput", "Flag", "Flow", "FlowInput", "FormatVersion", "Id",
    "IdList", "Import", "Initiative", "Journey", "Library", "Link", "NonEmptyIds", "Persona", "Phase", "Row", "Score",
    "ScoreNumber", "Sourced", "SourcedText", "SourcedTexts", "Stage", "Strict", "Text", "TextList", "Timing",
    "Touchpoint", "duration_seconds", "_VISIBLE",
]
