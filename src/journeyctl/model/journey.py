"""The journey and library files: personas, channels, stages and their groups, rows, the backlog."""

from functools import cached_property
from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field

from journeyctl.model.analytics import Analytics
from journeyctl.model.evidence import SourcedTexts
from journeyctl.model.strict import Strict
from journeyctl.model.touchpoint import Timing, Touchpoint
from journeyctl.model.values import CHANNEL_KINDS, STATUSES, Id, NonEmptyIds, Text, TextList, _version, new_list


class Persona(Strict):
    """Someone who takes the journey: a customer segment described as one person."""

    id: Id
    name: Text = Field(description="How the team calls this persona, for example 'Maya, the busy parent'.")
    description: Text | None = Field(None, description="Who this persona is, in a sentence or two.")
    goals: TextList = Field(description="What the persona wants to achieve.")
    needs: TextList = Field(description="What the persona needs from the business to get there.")
    expectations: TextList = Field(description="What the persona expects from the business, across the journey.")
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
    time: Timing | None = Field(None, description="How long this stage typically takes, waits included, and how often it happens.")
    kpis: Annotated[list[KPI], Field(default_factory=new_list, description="Measures for this stage.")]


class Phase(Strict):
    """A group of consecutive stages: an act or phase above the stages."""

    id: Id
    name: Text
    description: Text | None = None
    stages: NonEmptyIds = Field(description="The ids of its stages, consecutive and in stage order.")


class Row(Strict):
    """A row of the map the journey adds to the built-in ones: content, systems, metrics..."""

    id: Id
    name: Text
    description: Text | None = None


class Initiative(Strict):
    """An item of the journey's backlog: what to do, who owns it, how its effect is measured."""

    title: Text
    description: Text | None = None
    owner: Text | None = Field(None, description="The person or team who owns it.")
    measure: Text | None = Field(None, description="How its effect is measured: 'switch completion +10%'.")
    touchpoints: list[Id] = Field(default_factory=new_list, description="The ids of the touchpoints it is about.")


EntryIds = Annotated[tuple[Id, ...], Field(min_length=1)]


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
    scenario: Text | None = Field(None, description="The situation this map follows: 'Ana switches to a cheaper plan before her contract ends'.")
    quotes: SourcedTexts = Field(description="What customers said in this scenario: a text, or a mapping with text, source and link.")
    owner: Text | None = Field(None, description="The person or team who keeps this map.")
    status: Literal[STATUSES] | None = Field(  # type: ignore[valid-type]
        None, description="as-is (the journey today) or to-be (the journey as it should be)."
    )
    tags: TextList = Field(description="Free words to group and find journeys.")
    entry: Id | EntryIds | None = Field(
        None, description="The touchpoint where the journey starts, or a list of them (default: the first touchpoint)."
    )
    imports: list[Import] = Field(default_factory=new_list)
    personas: list[Persona] = Field(default_factory=new_list)
    channels: list[Channel] = Field(default_factory=new_list)
    phases: list[Phase] = Field(default_factory=new_list, description="Groups of consecutive stages: the acts or phases above the stages.")
    stages: list[Stage] = Field(min_length=1)
    rows: list[Row] = Field(default_factory=new_list, description="The map's own rows (content, systems, metrics...), in the order they are drawn.")
    touchpoints: list[Touchpoint] = Field(default_factory=new_list)
    opportunities: list[Initiative] = Field(
        default_factory=new_list, description="The journey's backlog: what to do about it, with an owner and a measure."
    )
    analytics: Analytics | None = Field(
        None, description="How journeyctl analyze measures this journey against an event log."
    )

    @property
    def entry_ids(self) -> tuple[str, ...]:
        """The entry, or the entries, as given; empty when the file names none (the first touchpoint is then the entry)."""
        entry = self.entry
        return () if entry is None else (entry,) if isinstance(entry, str) else tuple(entry)

    @cached_property
    def served_by_map(self) -> dict[str, tuple[str, ...]]:
        """{touchpoint id: the ids of the steps that serve it}, in file order; only ids that are served."""
        served: dict[str, list[str]] = {}
        for touchpoint in self.touchpoints:
            for target in touchpoint.serves:
                served.setdefault(target, []).append(touchpoint.id)
        return {target: tuple(sources) for target, sources in served.items()}

    def served_by(self, touchpoint_id: str) -> tuple[str, ...]:
        """The ids of the steps whose ``serves`` names this touchpoint."""
        return self.served_by_map.get(touchpoint_id, ())


class Library(Strict):
    """Personas and channels shared by several journeys, which import them.

    Built on first use: a run that reads no library does not pay for it.
    """

    model_config = ConfigDict(defer_build=True)

    version: FormatVersion
    kind: Literal["library"]
    id: Id | None = None
    description: Text | None = None
    imports: list[Import] = Field(default_factory=new_list)
    personas: list[Persona] = Field(default_factory=new_list)
    channels: list[Channel] = Field(default_factory=new_list)


MODELS: dict[str, type[Journey] | type[Library]] = {"journey": Journey, "library": Library}
