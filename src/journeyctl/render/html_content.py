"""The map-level content of the journey-map page, and the pieces cards share.

Sourced texts (a thought, a pain point, a quote, a fail or wait point with the
research it comes from), times, stage groups (phases), custom rows and the
journey's backlog (``opportunities`` with an owner and a measure), as plain
records for the templates. docs/templates.md documents every name here.

Nothing here writes HTML: text stays text, and the templates escape it. A link
is kept only when it is an ``http`` or ``https`` URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_UNITS = {"s": ("second", "seconds"), "m": ("minute", "minutes"), "h": ("hour", "hours"), "d": ("day", "days"), "w": ("week", "weeks")}
_DURATION = re.compile(r"\s*(\d+)\s*([smhdw])\s*")
_WEB_LINK = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)


def web_link(value: object) -> str | None:
    """``value`` when it is an http(s) URL without spaces or control characters, else none."""
    if isinstance(value, str) and _WEB_LINK.fullmatch(value):
        return value
    return None


class Sourced(str):
    """A text and where it comes from: ``source`` ("interviews, May 2026") and ``link`` (an http(s) URL), or none.

    A ``str``, so a template that prints it or counts it treats it as the text.
    """

    source: str | None
    link: str | None

    def __new__(cls, text: str, source: str | None = None, link: str | None = None) -> Sourced:
        item = super().__new__(cls, text)
        item.source = source or None
        item.link = web_link(link)
        return item

    @property
    def text(self) -> str:
        return str.__str__(self)


def sourced(item: object) -> Sourced:
    """An item of a list of sourced texts: plain text, or text with ``.source`` and ``.link``."""
    if isinstance(item, Sourced):
        return item
    if isinstance(item, dict):  # a mapping the model kept as it was written
        return Sourced(str(item.get("text", "")), item.get("source"), item.get("link"))
    return Sourced(str.__str__(item) if isinstance(item, str) else str(item), getattr(item, "source", None), getattr(item, "link", None))


def sourced_list(items: object) -> list[Sourced]:
    return [sourced(item) for item in items or ()]


def duration_words(value: str | None) -> str | None:
    """``"10m"`` reads "10 minutes", ``"1w"`` "1 week"; anything else stays as written."""
    if not value:
        return None
    match = _DURATION.fullmatch(value)
    if match is None:
        return value
    number, unit = match.groups()
    one, many = _UNITS[unit]
    return f"{int(number)} {one if int(number) == 1 else many}"


@dataclass(frozen=True)
class Timing:
    """How long a step or stage takes, how long people wait, how often it happens; each in words, or none."""

    duration: str | None
    wait: str | None
    frequency: str | None

    @property
    def text(self) -> str:
        """All of it on one line: "takes 10 minutes · waits 2 hours · every order"."""
        parts = [f"takes {self.duration}" if self.duration else None, f"waits {self.wait}" if self.wait else None, self.frequency]
        return " · ".join(part for part in parts if part)


def timing(model: object) -> Timing | None:
    """The ``time`` of a stage or touchpoint, or none when it says nothing."""
    time = model.time
    if time is None:
        return None
    result = Timing(duration_words(time.duration), duration_words(time.wait), time.frequency or None)
    return result if result.text else None


@dataclass
class Phase:
    """A group of consecutive stages, drawn above them: ``span`` columns from ``first_column``."""

    id: str
    name: str
    description: str | None
    stages: list[str]  # stage ids
    first_column: int = 0
    span: int = 0


@dataclass
class PhaseCell:
    """One cell of the phase row: a **Phase**, or none above stages in no phase."""

    phase: Phase | None
    span: int


@dataclass(frozen=True)
class CustomRow:
    """A row the journey declares (``rows``): drawn in the grid like the built-in rows, in the journey's order."""

    id: str
    name: str
    description: str | None


@dataclass
class Initiative:
    """One item of the journey's backlog: ``title``, ``description``, ``owner``, ``measure`` and the touchpoints it is about."""

    title: str
    description: str | None
    owner: str | None
    measure: str | None
    touchpoints: list = field(default_factory=list)  # (id, name, anchor) of each touchpoint on the page


def phases(journey: object, stages: list) -> tuple[list[Phase], list[PhaseCell]]:
    """The journey's phases, placed over the page's stages, and the phase row's cells left to right."""
    by_stage: dict[str, Phase] = {}
    result = []
    for model in journey.phases:
        phase = Phase(model.id, model.name, model.description, list(model.stages))
        result.append(phase)
        for sid in phase.stages:
            by_stage.setdefault(sid, phase)
    cells: list[PhaseCell] = []
    for stage in stages:
        phase = by_stage.get(stage.id)
        if cells and cells[-1].phase is phase:
            cells[-1].span += stage.span
        else:
            cells.append(PhaseCell(phase, stage.span))
        if phase is not None:
            if not phase.span:
                phase.first_column = stage.columns[0].index
            phase.span += stage.span
    return [phase for phase in result if phase.span], cells if result else []


def custom_rows(journey: object) -> list[CustomRow]:
    return [CustomRow(row.id, row.name, row.description) for row in journey.rows]


def row_values(touchpoint: object) -> dict[str, list[str]]:
    """A touchpoint's values for the custom rows: row id to a list of texts."""
    values = touchpoint.rows or {}
    result = {}
    for key, value in values.items():
        items = [value] if isinstance(value, str) else list(value or ())
        if items:
            result[key] = [str(item) for item in items]
    return result


def initiatives(journey: object, on_page: dict) -> list[Initiative]:
    """The journey-level ``opportunities``; ``on_page`` maps touchpoint ids to the page's touchpoints."""
    result = []
    for model in journey.opportunities:
        linked = [(tid, on_page[tid].name, on_page[tid].anchor) for tid in model.touchpoints if tid in on_page]
        result.append(Initiative(model.title, model.description, model.owner, model.measure, linked))
    return result


def extensions(model: object) -> dict:
    """The ``x-`` data of a part of the journey, by key as written, with its values as read (read-only)."""
    value = getattr(model, "extensions", None)
    return value if isinstance(value, dict) else {}
