"""What the journey-map page template receives: the journey, arranged for drawing.

``page_context`` turns a validated ``Journey`` into plain records (dataclasses
and lists of text, ``journeyctl.render.html_records``) in the order the page
shows them: stages left to right, the columns of each stage following the
customer's steps (``journeyctl.render.html_grid`` places the other lanes' steps
in them), lanes and rows top to bottom. docs/templates.md documents every name;
a change to these records is a change to the template interface.

Nothing here writes HTML: text stays text, and the templates escape it.
"""

from __future__ import annotations

from journeyctl.model import EMOTION_LABELS, LANES, Journey
from journeyctl.render.emotion_chart import EmotionChart, LineSource, build_chart, emotion_word, score_text
from journeyctl.render.html_content import (
    custom_rows,
    initiatives,
    phases,
    row_values,
    sourced_list,
    timing,
    web_link,
)
from journeyctl.render.html_grid import (  # noqa: F401 - PRINT_COLUMNS and PrintPage are part of this module's names
    HEADER_WIDTH,
    PRINT_COLUMNS,
    Layout,
    PrintPage,
    column_width,
    place,
    print_pages,
)
from journeyctl.render.html_print import print_column_width
from journeyctl.render.html_records import (  # noqa: F401 - the records are part of this module's names
    LANE_HINTS,
    LANE_LINES,
    LANE_NAMES,
    STATUS_NAMES,
    Channel,
    Column,
    EmotionLevel,
    Feeling,
    JourneyPage,
    Lane,
    Link,
    Persona,
    PersonaFeeling,
    Rows,
    Stage,
    PartExtensions,
    Touchpoint,
    part_extensions,
)
from journeyctl.render.palette import emotion_class, emotion_colours
from journeyctl.render.perspective import Perspective, TooManyArrows, perspective


def feeling(score: float | None, label: str | None, source: str | None = None, link: str | None = None) -> Feeling | None:
    if score is None:
        return None
    fill, ink = emotion_colours(score)
    return Feeling(score, score_text(score), label, emotion_word(score), emotion_class(score), fill, ink, source or None, web_link(link))


def emotion_levels() -> list[EmotionLevel]:
    """The emotion scale from very positive down to very negative, for legends."""
    levels = []
    for score in sorted(EMOTION_LABELS, reverse=True):
        fill, ink = emotion_colours(score)
        levels.append(EmotionLevel(score, score_text(score), EMOTION_LABELS[score], fill, ink))
    return levels


def _persona(model) -> Persona:
    return Persona(
        model.id,
        model.name,
        model.description,
        list(model.goals),
        list(model.needs),
        list(model.frustrations),
        expectations=list(model.expectations),
        extensions=part_extensions(model, "persona"),
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


def _channel_ids(tp) -> list[str]:
    return list(tp.channel_ids)


def _touchpoint(step, stage_id: str, column: int, channels: dict, all_personas: dict, view: Perspective, entry_ids: set[str]) -> Touchpoint:
    tp = step.touchpoint
    emotion = tp.emotion
    others = []
    if view.persona is None and emotion is not None:
        for pid, override in emotion.by_persona.items():
            if pid in all_personas:
                others.append(PersonaFeeling(all_personas[pid], feeling(override.score, override.label)))
    channel_ids = _channel_ids(tp)
    known = [channels.get(cid) or Channel(cid, cid, "", None, PartExtensions({}, f'the channel "{cid}"')) for cid in channel_ids]
    source = emotion.source if emotion is not None and step.score == emotion.score else None  # not a persona's own score
    link = emotion.link if source else None
    return Touchpoint(
        id=tp.id,
        anchor=f"tp-{tp.id}",
        name=tp.name,
        description=tp.description,
        stage=stage_id,
        lane=tp.lane,
        column=column,
        channel=channels.get(channel_ids[0]) if channel_ids else None,
        channel_id=channel_ids[0] if channel_ids else None,
        personas=[all_personas[pid] for pid in tp.personas if pid in all_personas],
        actions=list(tp.actions),
        thoughts=sourced_list(tp.thoughts),
        pain_points=sourced_list(tp.pain_points),
        opportunities=list(tp.opportunities),
        team=tp.team,
        milestone=tp.milestone,
        moment_of_truth=tp.moment_of_truth,
        end=tp.end,
        entry=tp.id in entry_ids,
        emotion=feeling(step.score, step.feeling, source, link),
        by_persona=others,
        channels=known,
        channel_ids=channel_ids,
        parallel=tp.parallel,
        time=timing(tp),
        fail_points=sourced_list(tp.fail_points),
        wait_points=sourced_list(tp.wait_points),
        physical_evidence=[str(item) for item in tp.physical_evidence],
        rows=row_values(tp),
        extensions=part_extensions(tp, "touchpoint"),
    )


def _entry_ids(journey: Journey, view: Perspective) -> set[str]:
    on_page = {step.touchpoint.id for step in view.steps}
    given = [tid for tid in journey.entry_ids if tid in on_page]
    if given:
        return set(given)
    return {view.entry.touchpoint.id} if view.entry is not None else set()


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
        channels.setdefault(model.id, Channel(model.id, model.name, model.kind, model.description, part_extensions(model, "channel")))
    entry_ids = _entry_ids(journey, view)
    pairs = [(link.tail.touchpoint.id, link.head.touchpoint.id) for link in view.links]
    serves = {step.touchpoint.id: list(step.touchpoint.serves) for step in view.steps}
    lane_order = {lane: index for index, lane in enumerate(LANES)}

    stages: list[Stage] = []
    columns: list[Column] = []
    touchpoints: list[Touchpoint] = []
    by_id: dict[str, Touchpoint] = {}
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
            time=timing(stage_model),
            extensions=part_extensions(stage_model, "stage"),
        )
        stage_steps = view.by_stage.get(index, [])
        step_by_id = {step.touchpoint.id: step for step in stage_steps}
        for cell in place(stage_steps, pairs, serves) or [[]]:
            column = Column(len(columns), stage.id, None)
            ordered = sorted(cell, key=lambda tid: lane_order.get(step_by_id[tid].touchpoint.lane, 0))  # stable: file order within a lane
            for tid in ordered:
                touchpoint = _touchpoint(step_by_id[tid], stage.id, column.index, channels, all_personas, view, entry_ids)
                column.touchpoints.append(touchpoint)
                stage.touchpoints.append(touchpoint)
                touchpoints.append(touchpoint)
                by_id[tid] = touchpoint
            column.touchpoint = column.touchpoints[0] if column.touchpoints else None
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
    for tid, targets in serves.items():
        for target in targets:
            if target in by_id and target != tid:
                server, served = by_id[tid], by_id[target]
                server.serves.append(Link(target, served.name, None, None, False, False))
                served.served_by.append(Link(tid, server.name, None, None, False, False))

    blueprint = any(tp.lane != "customer" for tp in touchpoints)
    lane_ids = LANES if blueprint else ("customer",)
    lanes = []
    for lane in lane_ids:
        cards = [[tp for tp in column.touchpoints if tp.lane == lane] for column in columns]
        lanes.append(Lane(lane, LANE_NAMES[lane], LANE_HINTS[lane], LANE_LINES.get(lane), [cell[0] if cell else None for cell in cards], cards))

    width = column_width(len(columns))
    use_flow = any(tp.next for tp in journey.touchpoints)
    stage_edges = [stage.columns[0].index for stage in stages]
    stage_names = {tp.id: stage.name for stage in stages for tp in stage.touchpoints}
    chart = build_chart(
        _line_sources(journey, view),
        {tp.id: tp.column for tp in touchpoints},
        len(columns),
        width,
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

    phase_list, phase_cells = phases(journey, stages)
    for phase in phase_list:
        for stage in stages:
            if stage.id in phase.stages and stage.phase is None:
                stage.phase = phase.id
    marks = [
        name
        for name, used in (
            ("fail", any(tp.fail_points for tp in touchpoints)),
            ("wait", any(tp.wait_points for tp in touchpoints)),
            ("parallel", any(tp.parallel and len(tp.next) > 1 for tp in touchpoints)),
            ("serves", any(tp.serves for tp in touchpoints)),
        )
        if used
    ]
    rows = Rows(
        goals=any(s.goal or s.expectations for s in stages),
        channels=any(tp.channel_ids for tp in touchpoints),
        thoughts=any(tp.thoughts for tp in touchpoints),
        emotion=chart is not None,
        pain_points=any(tp.pain_points for tp in touchpoints),
        opportunities=any(tp.opportunities for tp in touchpoints),
        teams=any(tp.team for tp in touchpoints),
        kpis=any(s.kpis for s in stages),
        physical_evidence=any(tp.physical_evidence for tp in touchpoints),
        time=any(s.time for s in stages),
        phases=bool(phase_list),
        custom=custom_rows(journey),
    )
    entries = [by_id[tid] for tid in by_id if tid in entry_ids]
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
        print_pages=print_pages(stages, HEADER_WIDTH, width),
        entries=entries,
        scenario=journey.scenario,
        quotes=sourced_list(journey.quotes),
        initiatives=initiatives(journey, by_id),
        phases=phase_list,
        phase_cells=phase_cells,
        marks=marks,
        extensions=part_extensions(journey, "journey"),
    )
    selected = personas[0] if view.persona is not None else None
    return page, chart, selected, Layout(width, HEADER_WIDTH, len(columns), print_column_width(page))
