"""What the journey-map page template receives: the journey, arranged for drawing.

``page_context`` turns a validated ``Journey`` into plain records (dataclasses
and lists of text) in the order the page shows them: stages left to right, each
stage's touchpoints as columns, lanes as rows. docs/templates.md documents every
name here; a change to these records is a change to the template interface.

Nothing here writes HTML: text stays text, and the templates escape it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from journeyctl.model import EMOTION_LABELS, KPI, LANES, Journey
from journeyctl.render.emotion_chart import EmotionChart, LineSource, build_chart, emotion_word, score_text
from journeyctl.render.palette import emotion_class, emotion_colours
from journeyctl.render.perspective import Perspective, Step, TooManyArrows, perspective

COLUMN_WIDTH = 216  # pixels per touchpoint column; the emotion curve is laid out on the same grid
HEADER_WIDTH = 168  # pixels for the row headers on the left
PRINT_COLUMNS = 5  # touchpoint columns on one printed page
PRINT_WIDTH = 1040  # pixels across a landscape page inside its margins (A4 and Letter)
PRINT_ZOOM = 0.8  # printed maps are drawn a little smaller, so more of a stage fits on a page

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


@dataclass(frozen=True)
class Feeling:
    score: float
    score_text: str  # "+1.5"
    label: str | None  # the words written in the file
    word: str  # the words of the nearest whole score: "positive"
    level: int  # the nearest whole score, -2..2
    fill: str  # background colour for the level (the diagrams use the same)
    ink: str  # text colour that reads on ``fill``


def feeling(score: float | None, label: str | None) -> Feeling | None:
    if score is None:
        return None
    fill, ink = emotion_colours(score)
    return Feeling(score, score_text(score), label, emotion_word(score), emotion_class(score), fill, ink)


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    kind: str
    description: str | None


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
    thoughts: list[str]
    pain_points: list[str]
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

    @property
    def alternative(self) -> bool:
        return bool(self.reached_if)


@dataclass
class Column:
    index: int
    stage: str
    touchpoint: Touchpoint | None  # None for a stage with no touchpoints on this page


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
    continued: bool = False  # on a printed page: the rest of a stage begun on the page before

    @property
    def span(self) -> int:
        return len(self.columns)


@dataclass(frozen=True)
class PrintPage:
    """One landscape page of the printed map: whole stages or a part of one, and how much to shrink it."""

    stages: list[Stage]
    zoom: float


def print_pages(stages: list[Stage], header_width: int, column_width: int) -> list[PrintPage]:
    """Cut the map into pages of at most ``PRINT_COLUMNS`` columns; small stages share a page."""
    pages: list[list[Stage]] = [[]]
    used = 0
    for stage in stages:
        for start in range(0, stage.span, PRINT_COLUMNS):
            part = stage.columns[start : start + PRINT_COLUMNS]
            if used and used + len(part) > PRINT_COLUMNS:
                pages.append([])
                used = 0
            pages[-1].append(replace(stage, columns=part, continued=start > 0))
            used += len(part)
    result = []
    for page in pages:
        width = header_width + sum(stage.span for stage in page) * column_width
        result.append(PrintPage(page, round(min(PRINT_ZOOM, PRINT_WIDTH / width), 2)))
    return result


@dataclass
class Lane:
    id: str
    name: str
    hint: str
    line_above: str | None  # the blueprint line drawn above this lane
    cells: list[Touchpoint | None]  # one per column: the touchpoint when it is in this lane


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


@dataclass(frozen=True)
class Layout:
    column_width: int
    header_width: int
    columns: int

    @property
    def table_width(self) -> int:
        return self.header_width + self.columns * self.column_width


@dataclass(frozen=True)
class EmotionLevel:
    score: int
    text: str
    word: str
    fill: str
    ink: str


def emotion_levels() -> list[EmotionLevel]:
    """The emotion scale from very positive down to very negative, for legends."""
    levels = []
    for score in sorted(EMOTION_LABELS, reverse=True):
        fill, ink = emotion_colours(score)
        levels.append(EmotionLevel(score, score_text(score), EMOTION_LABELS[score], fill, ink))
    return levels


def _persona(model) -> Persona:
    return Persona(
        model.id, model.name, model.description, list(model.goals), list(model.needs), list(model.frustrations)
    )


def _line_sources(journey: Journey, view: Perspective) -> list[LineSource]:
    if view.persona is not None:
        return [LineSource(view.persona.name, view.persona.id, [view.persona.id], view)]
    if not journey.personas:
        return [LineSource("All customers", "all", [], view)]
    return [LineSource(p.name, p.id, [p.id], _line_view(journey, p.id)) for p in journey.personas]


def _line_view(journey: Journey, persona_id: str) -> Perspective:
    """A persona's view for its emotion line; when it would need too many arrows around
    the touchpoints it skips, the line goes without them rather than the page failing."""
    try:
        return perspective(journey, persona_id)
    except TooManyArrows:
        return perspective(journey, persona_id, around_skipped=False)


def page_context(journey: Journey, persona_id: str | None = None) -> tuple[JourneyPage, EmotionChart | None, Persona | None, Layout]:
    """The page, its emotion chart, the persona it is filtered to, and the grid's sizes.

    Raises ``perspective.UnknownPersona`` when ``persona_id`` is not a persona of the journey.
    """
    view = perspective(journey, persona_id)
    personas = [_persona(p) for p in ([view.persona] if view.persona else journey.personas)]
    persona_by_id = {p.id: p for p in personas}
    all_personas = {p.id: _persona(p) for p in journey.personas}
    channels = {}
    for model in journey.channels:
        channels.setdefault(model.id, Channel(model.id, model.name, model.kind, model.description))

    stages: list[Stage] = []
    columns: list[Column] = []
    touchpoints: list[Touchpoint] = []
    by_id: dict[str, Touchpoint] = {}
    steps: dict[str, Step] = {}
    for index, stage_model in enumerate(view.stages):
        stage = Stage(
            id=stage_model.id,
            index=index,
            number=index + 1,
            name=stage_model.name,
            description=stage_model.description,
            goal=stage_model.goal,
            expectations=list(stage_model.expectations),
            kpis=list(stage_model.kpis),
            touchpoints=[],
            columns=[],
        )
        for step in view.by_stage.get(index, []):
            tp = step.touchpoint
            emotion = tp.emotion
            others = []
            if view.persona is None and emotion is not None:
                for pid, override in emotion.by_persona.items():
                    if pid in all_personas:
                        others.append(PersonaFeeling(all_personas[pid], feeling(override.score, override.label)))
            touchpoint = Touchpoint(
                id=tp.id,
                anchor=f"tp-{tp.id}",
                name=tp.name,
                description=tp.description,
                stage=stage.id,
                lane=tp.lane,
                column=len(columns),
                channel=channels.get(tp.channel) if tp.channel else None,
                channel_id=tp.channel,
                personas=[all_personas[pid] for pid in tp.personas if pid in all_personas],
                actions=list(tp.actions),
                thoughts=list(tp.thoughts),
                pain_points=list(tp.pain_points),
                opportunities=list(tp.opportunities),
                team=tp.team,
                milestone=tp.milestone,
                moment_of_truth=tp.moment_of_truth,
                end=tp.end,
                entry=view.entry is not None and view.entry.touchpoint.id == tp.id,
                emotion=feeling(step.score, step.feeling),
                by_persona=others,
            )
            column = Column(len(columns), stage.id, touchpoint)
            columns.append(column)
            stage.columns.append(column)
            stage.touchpoints.append(touchpoint)
            touchpoints.append(touchpoint)
            by_id[tp.id] = touchpoint
            steps[tp.id] = step
        if not stage.columns:
            column = Column(len(columns), stage.id, None)
            columns.append(column)
            stage.columns.append(column)
        stages.append(stage)

    incoming: dict[str, list] = {}
    for link in view.links:
        tail, head = link.tail.touchpoint.id, link.head.touchpoint.id
        by_id[tail].next.append(
            Link(head, link.head.touchpoint.name, link.label, link.condition, link.backward, link.skips)
        )
        incoming.setdefault(head, []).append(link)
    for tid, links in incoming.items():
        touchpoint = by_id[tid]
        if not touchpoint.entry and all(link.condition for link in links):
            touchpoint.reached_if = sorted({link.condition for link in links})

    blueprint = any(tp.lane != "customer" for tp in touchpoints)
    lane_ids = LANES if blueprint else ("customer",)
    lanes = [
        Lane(
            id=lane,
            name=LANE_NAMES[lane],
            hint=LANE_HINTS[lane],
            line_above=LANE_LINES.get(lane),
            cells=[c.touchpoint if c.touchpoint and c.touchpoint.lane == lane else None for c in columns],
        )
        for lane in lane_ids
    ]

    use_flow = any(tp.next for tp in journey.touchpoints)
    stage_edges = [stage.columns[0].index for stage in stages]
    stage_names = {tp.id: next(s.name for s in stages if s.id == tp.stage) for tp in touchpoints}
    chart = build_chart(
        _line_sources(journey, view),
        {tp.id: tp.column for tp in touchpoints},
        len(columns),
        COLUMN_WIDTH,
        stage_edges,
        stage_names,
        use_flow,
    )
    if chart is not None:
        for line in chart.lines:
            for pid in line.persona_ids:
                if pid in persona_by_id:
                    persona_by_id[pid].line = line.index
                    persona_by_id[pid].marker = line.marker

    rows = Rows(
        goals=any(s.goal or s.expectations for s in stages),
        channels=any(tp.channel_id for tp in touchpoints),
        thoughts=any(tp.thoughts for tp in touchpoints),
        emotion=chart is not None,
        pain_points=any(tp.pain_points for tp in touchpoints),
        opportunities=any(tp.opportunities for tp in touchpoints),
        teams=any(tp.team for tp in touchpoints),
        kpis=any(s.kpis for s in stages),
    )
    page = JourneyPage(
        id=journey.id,
        title=journey.title,
        description=journey.description,
        owner=journey.owner,
        status=journey.status,
        status_name=STATUS_NAMES.get(journey.status) if journey.status else None,
        tags=list(journey.tags),
        personas=personas,
        channels=list(channels.values()),
        stages=stages,
        touchpoints=touchpoints,
        columns=columns,
        lanes=lanes,
        blueprint=blueprint,
        rows=rows,
        entry=by_id.get(view.entry.touchpoint.id) if view.entry else None,
        print_pages=print_pages(stages, HEADER_WIDTH, COLUMN_WIDTH),
    )
    selected = personas[0] if view.persona is not None else None
    return page, chart, selected, Layout(COLUMN_WIDTH, HEADER_WIDTH, len(columns))
