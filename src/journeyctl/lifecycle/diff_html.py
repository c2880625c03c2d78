"""``journeyctl diff --format html``: the journey-map page with what changed marked on it.

The page is the one ``render --format html`` draws (``render.html``: the same
sandboxed environment, page context and templates), from the new side's
journey, with three additions made through the context, so every built-in
template keeps working unchanged:

* the names of added, changed and removed stages and touchpoints start with a
  mark in words, "+ Added:", "~ Changed:", "− Removed:", so the change shows
  without colour;
* removed touchpoints (and removed stages) come back onto the map, in their old
  stage, marked as removed;
* ``diff.html`` (extending ``journey.html``) puts the summary, every change in
  words and a legend of the marks above the map.
"""

from __future__ import annotations

from journeyctl.lifecycle.outcome import DELETED, FileDiff, Outcome, summary
from journeyctl.model import Journey

DIFF_TEMPLATE = "diff.html"
MARKS = {"added": "+ Added: ", "changed": "~ Changed: ", "removed": "− Removed: "}
LEGEND = [
    ("added", "+ Added", "New in this change"),
    ("changed", "~ Changed", "Renamed, moved, or with new details (listed under Changes)"),
    ("removed", "− Removed", "Gone in this change; shown where it was"),
]


def _chosen(outcome: Outcome) -> FileDiff:
    journeys = [f for f in outcome.files if f.kind == "journey" and isinstance(f.model, Journey)]
    changed = [f for f in journeys if f.changed]
    if len(changed) > 1:
        names = ", ".join(f.path for f in changed)
        raise ValueError(f"the HTML page shows one journey, and {len(changed)} changed ({names}); name one of them after the revisions")
    if changed or len(journeys) == 1:
        return (changed or journeys)[0]
    if not journeys:
        raise ValueError("there is no journey to draw: no journey file could be read on both sides" if outcome.files else "there is no journey to draw: no journey file was compared")
    raise ValueError(f"nothing changed in the {len(journeys)} journeys compared; name one of them to see its page")


def _marked(item: FileDiff) -> Journey:
    """The journey with a mark at the start of each added, changed or removed stage and touchpoint name."""
    journey: Journey = item.model  # type: ignore[assignment]
    if item.status == DELETED:
        return journey.model_copy(update={
            "stages": [s.model_copy(update={"name": MARKS["removed"] + s.name}) for s in journey.stages],
            "touchpoints": [t.model_copy(update={"name": MARKS["removed"] + t.name}) for t in journey.touchpoints],
        })  # fmt: skip
    state: dict[tuple[str, str], str] = {}
    for change in item.changes:
        what = "stage" if change.kind.startswith(("stage-", "kpi-")) else "touchpoint" if change.stage else None
        if what is None:
            continue
        key = (what, change.subject)
        mark = "added" if change.kind.endswith("-added") and change.kind.startswith(what) else "removed" if change.kind.endswith("-removed") and change.kind.startswith(what) else "changed"
        if state.get(key) not in ("added", "removed"):
            state[key] = mark
    stages = [s.model_copy(update={"name": MARKS[state[("stage", s.id)]] + s.name}) if ("stage", s.id) in state else s for s in journey.stages]
    touchpoints = [t.model_copy(update={"name": MARKS[state[("touchpoint", t.id)]] + t.name}) if ("touchpoint", t.id) in state else t for t in journey.touchpoints]
    old: Journey | None = item.old_model if isinstance(item.old_model, Journey) else None
    if old is not None:
        present = {s.id for s in journey.stages}
        stages += [s.model_copy(update={"name": MARKS["removed"] + s.name}) for s in old.stages if s.id not in present]
        kept = {t.id for t in journey.touchpoints}
        rows = {r.id for r in journey.rows}  # a removed step keeps its values only for rows the journey still has
        for gone in [t for t in old.touchpoints if t.id not in kept]:
            ghost = gone.model_copy(update={
                "name": MARKS["removed"] + gone.name, "next": [], "end": False, "milestone": False, "moment_of_truth": False, "parallel": False,
                "serves": [i for i in gone.serves if i in kept], "rows": {k: v for k, v in gone.rows.items() if k in rows},
            })  # fmt: skip
            last = max((i for i, t in enumerate(touchpoints) if t.stage == gone.stage), default=len(touchpoints) - 1)
            touchpoints.insert(last + 1, ghost)
    present = {t.id for t in touchpoints}
    entries = tuple(e for e in journey.entry_ids if e in present)  # one entry or several, as written
    entry = (entries[0] if isinstance(journey.entry, str) else entries) if entries else None
    marked = journey.model_copy(update={"stages": stages, "touchpoints": touchpoints, "entry": entry})
    marked.__dict__.pop("served_by_map", None)  # worked out again from the touchpoints on the page, ghosts included
    return marked


def page(outcome: Outcome) -> str:
    from journeyctl.render.html import environment, render_template
    from journeyctl.render.html_context import emotion_levels, page_context

    item = _chosen(outcome)
    journey_page, chart, selected, layout = page_context(_marked(item))
    groups = [{"stage": stage, "name": name, "changes": [c.message for c in changes]} for stage, name, changes in item.groups()]
    context = {
        "journey": journey_page,
        "persona": selected,
        "chart": chart,
        "layout": layout,
        "emotion_levels": emotion_levels(),
        "flow_svg": None,
        "flow_note": None,
        "index_href": None,
        "diff": {
            "summary": summary(outcome),
            "old": outcome.old,
            "new": outcome.new,
            "path": item.path,
            "status": item.status,
            "old_path": item.old_path,
            "groups": groups,
            "problems": [f"{p.path}:{p.span.line}:{p.span.column}: {p.code} {p.message}" for p in item.problems],
            "legend": [{"key": key, "mark": mark, "meaning": meaning} for key, mark, meaning in LEGEND],
        },
    }
    return render_template(environment(), DIFF_TEMPLATE, context)
