"""The records the journey-map page template receives (see docs/templates.md).

Plain dataclasses and lists of text, built by ``html_context.page_context``; a
change to these records is a change to the template interface.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journeyctl.model import KPI
from journeyctl.model.strict import Extensions
from journeyctl.render.html_content import CustomRow, Initiative, Phase, PhaseCell, Sourced, Timing
from journeyctl.render.html_grid import PrintPage

LANE_NAMES = {
    "customer": "Customer actions",
    "frontstage": "Frontstage",
    "backstage": "Backstage",
    "support": "Support processes",
}
LANE_HINTS = {
    "customer": "What the customer does",
    "frontstage": "What the customer sees and meets: staff, screens, messages",
    "backstage": "What staff do out of the customer's sight",
    "support": "Systems, partners and processes behind the scenes",
}
# The lines of a service blueprint, drawn above the lane they lead into.
LANE_LINES = {
    "frontstage": "Line of interaction",
    "backstage": "Line of visibility",
    "support": "Line of internal interaction",
}
STATUS_NAMES = {"as-is": "Current state (as-is)", "to-be": "Future state (to-be)"}


class PartExtensions(Extensions):
    """A part's ``x-`` data (read-only) that knows its part, so that a template asking for a
    key the part lacks can be told which part: 'the touchpoint "pays"'."""

    __slots__ = ("part",)

    def __init__(self, data: dict, part: str) -> None:
        super().__init__(data)
        self.part = part

    def __reduce__(self) -> tuple:
        return (PartExtensions, (dict(self), self.part))


def part_extensions(model: object, kind: str) -> PartExtensions:
    """The ``x-`` data of ``model`` (a part of the journey of kind ``kind``), knowing its part."""
    value = getattr(model, "extensions", None)
    name = getattr(model, "id", None)
    return PartExtensions(value if isinstance(value, dict) else {}, f'the {kind} "{name}"' if name else f"the {kind}")


@dataclass(frozen=True)
class Feeling:
    score: float
    score_text: str  # "+1.5"
    label: str | None  # the words written in the file
    word: str  # the words of the nearest whole score: "positive"
    level: int  # the nearest whole score, -2..2
    fill: str  # background colour for the level (the diagrams use the same)
    ink: str  # text colour that reads on ``fill``
    source: str | None = None  # where the feeling comes from: "interviews, May 2026"
    link: str | None = None  # an http(s) link to that source


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    kind: str
    description: str | None
    extensions: dict = field(default_factory=dict, compare=False)  # the channel's x- data (not part of its identity)


@dataclass
class Persona:
    id: str
    name: str
    description: str | None
    goals: list[str]
    needs: list[str]
    frustrations: list[str]
    line: int | None = None  # index of the persona's emotion line, if it has one
    marker: str | None = None  # that line's marker shape
    expectations: list[str] = field(default_factory=list)
    extensions: dict = field(default_factory=dict)  # the persona's x- data


@dataclass
class Link:
    to: str  # touchpoint id
    to_name: str
    label: str | None
    condition: str | None
    backward: bool  # goes back to an earlier step: a retry or a loop
    skips: bool  # goes around touchpoints this persona does not take


@dataclass
class PersonaFeeling:
    persona: Persona
    feeling: Feeling


@dataclass
class Touchpoint:
    id: str
    anchor: str  # id of the touchpoint's card in the page: "tp-<id>"
    name: str
    description: str | None
    stage: str  # stage id
    lane: str
    column: int
    channel: Channel | None
    channel_id: str | None
    personas: list[Persona]  # the personas it is limited to; empty for everyone
    actions: list[str]
    thoughts: list[Sourced]
    pain_points: list[Sourced]
    opportunities: list[str]
    team: str | None
    milestone: bool
    moment_of_truth: bool
    end: bool
    entry: bool
    emotion: Feeling | None
    by_persona: list[PersonaFeeling]  # other personas' feelings, on the page for everyone
    next: list[Link] = field(default_factory=list)
    reached_if: list[str] = field(default_factory=list)  # conditions, when it is reached only on a condition
    channels: list[Channel] = field(default_factory=list)  # every channel, in file order (an id the journey does not define: named by its id)
    channel_ids: list[str] = field(default_factory=list)
    serves: list[Link] = field(default_factory=list)  # the steps on the page this one supports
    served_by: list[Link] = field(default_factory=list)  # the steps on the page that support this one
    parallel: bool = False  # all the next steps happen, not one of them
    time: Timing | None = None
    fail_points: list[Sourced] = field(default_factory=list)
    wait_points: list[Sourced] = field(default_factory=list)
    physical_evidence: list[str] = field(default_factory=list)
    rows: dict[str, list[str]] = field(default_factory=dict)  # custom row id -> texts
    extensions: dict = field(default_factory=dict)  # the touchpoint's x- data

    @property
    def alternative(self) -> bool:
        return bool(self.reached_if)


@dataclass
class Column:
    index: int
    stage: str
    touchpoint: Touchpoint | None  # the step the column follows; None for a stage with no touchpoints on this page
    touchpoints: list[Touchpoint] = field(default_factory=list)  # every step in the column, lane by lane

    @property
    def channels(self) -> list[Channel]:
        """The channels of the column's steps, each once, in order."""
        seen: dict[str, Channel] = {}
        for tp in self.touchpoints:
            for channel in tp.channels:
                seen.setdefault(channel.id, channel)
        return list(seen.values())

    @property
    def teams(self) -> list[str]:
        """The teams owning the column's steps, each once, in order."""
        return list(dict.fromkeys(tp.team for tp in self.touchpoints if tp.team))

    def speaking(self, attribute: str) -> list[Touchpoint]:
        """The steps of this column with something in ``attribute`` (``"pain_points"``, ``"thoughts"``...)."""
        return [tp for tp in self.touchpoints if getattr(tp, attribute)]

    def row_items(self, row_id: str) -> list[tuple[Touchpoint, list[str]]]:
        """The steps of this column with a value for the custom row ``row_id``, and their values."""
        return [(tp, tp.rows[row_id]) for tp in self.touchpoints if row_id in tp.rows]


@dataclass
class Stage:
    id: str
    index: int
    number: int
    name: str
    description: str | None
    goal: str | None
    expectations: list[str]
    kpis: list[KPI]
    touchpoints: list[Touchpoint]
    columns: list[Column]
    continued: bool = False  # on a printed part: the rest of a stage begun on the part before
    time: Timing | None = None
    phase: str | None = None  # the id of its phase
    extensions: dict = field(default_factory=dict)

    @property
    def span(self) -> int:
        return len(self.columns)


@dataclass
class Lane:
    id: str
    name: str
    hint: str
    line_above: str | None  # the blueprint line drawn above this lane
    cells: list[Touchpoint | None]  # one per column: the first touchpoint of this lane in it
    cards: list[list[Touchpoint]] = field(default_factory=list)  # one per column: every touchpoint of this lane in it


@dataclass
class Rows:
    """Which optional rows of the grid have something to show."""

    goals: bool
    channels: bool
    thoughts: bool
    emotion: bool
    pain_points: bool
    opportunities: bool
    teams: bool
    kpis: bool
    physical_evidence: bool = False
    time: bool = False  # a stage has a time
    phases: bool = False
    custom: list[CustomRow] = field(default_factory=list)  # the journey's own rows, in its order


@dataclass
class JourneyPage:
    id: str
    title: str
    description: str | None
    owner: str | None
    status: str | None
    status_name: str | None
    tags: list[str]
    personas: list[Persona]
    channels: list[Channel]
    stages: list[Stage]
    touchpoints: list[Touchpoint]
    columns: list[Column]
    lanes: list[Lane]
    blueprint: bool
    rows: Rows
    entry: Touchpoint | None
    print_pages: list[PrintPage]
    entries: list[Touchpoint] = field(default_factory=list)  # every entry point on the page
    scenario: str | None = None
    quotes: list[Sourced] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)  # the journey-level opportunities
    phases: list[Phase] = field(default_factory=list)
    phase_cells: list[PhaseCell] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)  # the blueprint marks used: "fail", "wait", "parallel", "serves"
    extensions: dict = field(default_factory=dict)  # the journey's x- data


@dataclass(frozen=True)
class EmotionLevel:
    score: int
    text: str
    word: str
    fill: str
    ink: str
