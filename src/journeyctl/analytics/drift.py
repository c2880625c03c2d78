"""Map drift: where the map and the data disagree, as problems located in the map.

From the small tables (``transitions``, ``touchpoint_counts``, ``matcher_counts``):

- D001 ``unmapped-transition``: customers go from one touchpoint straight to another
  (consecutive mapped events) and the map has no such ``next`` step; at the first
  touchpoint's id. A touchpoint followed by itself is not drift;
- D002 ``unseen-link``: a ``next`` step between two touchpoints that both have events,
  never taken in the data; at the step. Maps without ``next`` (read in file order) have
  no written steps to point at, so none is reported;
- D003 ``unseen-touchpoint``: a touchpoint with events that no event in the data stands
  for; at its ``events``;
- D004 ``mapping-matches-nothing``: one entry of a touchpoint's ``events`` that matches
  no event (or only events a more specific entry took) while the touchpoint's other
  entries do; at the entry.

The codes are in the catalogue of ``journeyctl.problems``. All are warnings: ``--fail-on warning`` makes them fail the run. The share of events
the map does not cover is a figure, not a problem.
"""

from __future__ import annotations

from journeyctl.analytics.funnel import ratio
from journeyctl.analytics.plan import Plan
from journeyctl.locate import locate
from journeyctl.problems import Problem

def _times(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def drift(plan: Plan, path: str, data, touchpoint_rows: list[dict], matcher_rows: list[dict], transition_rows: list[dict], totals: dict) -> tuple[dict, list[Problem]]:
    index = {t: n for n, t in enumerate(plan.touchpoints)}
    seen = {r["touchpoint"]: r for r in touchpoint_rows if r["touchpoint"] is not None}
    unmapped = [r for r in touchpoint_rows if r["touchpoint"] is None]
    taken = {r["matcher"]: r["events"] for r in matcher_rows}
    tracked = set(plan.tracked)
    problems: list[Problem] = []

    def at(*loc) -> object:
        return locate(data, loc)

    unmapped_transitions, unseen_links, unseen_touchpoints, silent_entries = [], [], [], []
    observed = {(r["from"], r["to"]) for r in transition_rows}
    for row in transition_rows:
        source, target = row["from"], row["to"]
        if source == target or target in plan.links.get(source, []):
            continue
        unmapped_transitions.append({"from": source, "to": target, "transitions": row["transitions"], "customers": row["customers"]})
        problems.append(
            Problem(
                path,
                at("touchpoints", index[source], "id"),
                "D001",
                f'customers go from "{source}" straight to "{target}" ({_times(row["transitions"], "time")}, {_times(row["customers"], "customer")}), but the map has no such step',
                "warning",
                f'Add "{target}" to the next steps of "{source}" if this is a real path, or check the two touchpoints\' events.',
            )
        )
    if not plan.implicit_links:
        for source in plan.touchpoints:
            if source not in tracked:
                continue
            touchpoint_index = index[source]
            for step_index, target in enumerate(plan.links.get(source, [])):
                if target in tracked and (source, target) not in observed:
                    unseen_links.append({"from": source, "to": target})
                    problems.append(
                        Problem(
                            path,
                            _next_span(data, touchpoint_index, target, step_index),
                            "D002",
                            f'no customer goes from "{source}" straight to "{target}" in the data',
                            "warning",
                            "Remove the step if customers no longer go this way, or check the two touchpoints' events.",
                        )
                    )
    by_touchpoint: dict[str, list] = {}
    for matcher in plan.matchers:
        by_touchpoint.setdefault(matcher.touchpoint, []).append(matcher)
    unmapped_names = {r["event"]: r["events"] for r in unmapped}
    for touchpoint in plan.tracked:
        matchers = sorted(by_touchpoint[touchpoint], key=lambda m: m.index)
        if touchpoint not in seen:
            unseen_touchpoints.append(touchpoint)
            names = sorted({m.event for m in matchers})
            present = [n for n in names if n in unmapped_names]
            hint = (
                f'The data has {", ".join(f"{unmapped_names[n]:,} unmapped {n!r}" for n in present)} events: check the conditions.'
                if present
                else f'The data has no event named {" or ".join(repr(n) for n in names)}: check the spelling, or the event log.'
            )
            problems.append(Problem(path, at("touchpoints", index[touchpoint], "events"), "D003", f'no event in the data stands for the touchpoint "{touchpoint}"', "warning", hint))
            continue
        for matcher in matchers:
            if taken.get(matcher.key):
                continue
            silent_entries.append({"touchpoint": touchpoint, "entry": matcher.index, "event": matcher.event})
            problems.append(
                Problem(
                    path,
                    _entry_span(data, index[touchpoint], matcher.index),
                    "D004",
                    f'the events entry "{matcher.event}" of the touchpoint "{touchpoint}" matches no event in the data',
                    "warning",
                    "Check the event's name and conditions; the touchpoint's other entries do match.",
                )
            )
    unmapped_events = sum(r["events"] for r in unmapped)
    figures = {
        "events": totals["events"],
        "unmapped_events": unmapped_events,
        "unmapped_share": ratio(unmapped_events, totals["events"]),
        "unmapped_by_event": sorted(({"event": r["event"], "events": r["events"], "customers": r["customers"]} for r in unmapped), key=lambda r: (-r["events"], r["event"] is None, r["event"] or "")),
        "unmapped_transitions": sorted(unmapped_transitions, key=lambda r: (-r["transitions"], r["from"], r["to"])),
        "unseen_links": unseen_links,
        "unseen_touchpoints": unseen_touchpoints,
        "silent_entries": silent_entries,
        "untracked_touchpoints": [t for t in plan.touchpoints if t not in tracked],
    }
    return figures, problems


def _next_span(data, touchpoint_index: int, target: str, step_index: int):
    """The ``next`` item that names ``target`` (a plain id, or a mapping's ``to``)."""
    from journeyctl.yaml_source import Mapping, Sequence

    try:
        steps = data["touchpoints"][touchpoint_index]["next"]
    except (KeyError, IndexError, TypeError):
        return locate(data, ("touchpoints", touchpoint_index, "id"))
    if isinstance(steps, Sequence):
        for n, item in enumerate(steps):
            if item == target or (isinstance(item, Mapping) and item.get("to") == target):
                loc = ("touchpoints", touchpoint_index, "next", n) + (("to",) if isinstance(item, Mapping) else ())
                return locate(data, loc)
    if isinstance(steps, Mapping):
        return locate(data, ("touchpoints", touchpoint_index, "next", "to"))
    return locate(data, ("touchpoints", touchpoint_index, "next"))


def _entry_span(data, touchpoint_index: int, entry: int):
    from journeyctl.yaml_source import Mapping, Sequence

    try:
        events = data["touchpoints"][touchpoint_index]["events"]
    except (KeyError, IndexError, TypeError):
        return locate(data, ("touchpoints", touchpoint_index, "id"))
    if isinstance(events, Sequence):
        item = events[entry] if entry < len(events) else None
        loc = ("touchpoints", touchpoint_index, "events", entry) + (("event",) if isinstance(item, Mapping) else ())
        return locate(data, loc)
    if isinstance(events, Mapping):
        return locate(data, ("touchpoints", touchpoint_index, "events", "event"))
    return locate(data, ("touchpoints", touchpoint_index, "events"))
