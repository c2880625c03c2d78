"""From a matched-events table to the ``Analysis``: run the few queries, compute the measures.

The one place that knows which query feeds which measure; the command calls
``measure`` and writes the result. Other measures (attribution, feedback) plug in by
taking the same matched table and plan.
"""

from __future__ import annotations

from journeyctl.analytics import drift as drift_measures
from journeyctl.analytics import funnel as funnel_measures
from journeyctl.analytics import journeys, queries, timing
from journeyctl.analytics.plan import Plan
from journeyctl.analytics.report import Analysis


def measure(m, plan: Plan, *, journey: dict, data: dict, document, abandonment: list[tuple[str, str]], breakdown: str | None) -> Analysis:
    names = plan.names
    totals = queries.totals(m)
    data = {**data, "events": totals["events"], "customers": totals["customers"], "mapped_events": totals["mapped_events"], "converters": totals["converters"]}
    touchpoint_rows = queries.touchpoint_counts(m, plan.touchpoints)
    transition_rows = queries.transitions(m, plan.touchpoints)
    funnel_rows = queries.funnel_steps(m, plan.funnel, plan.window, plan.touchpoints)
    pairs = abandonment or journeys.default_abandonment(plan.funnel, plan.conversion, names, plan.tracked)
    analysis = Analysis(
        journey=journey,
        data=data,
        settings={
            "conversion": plan.conversion,
            "funnel": plan.funnel,
            "support": plan.support,
            "window_seconds": plan.window,
            "session_gap_seconds": plan.session_gap,
            "abandonment": [list(p) for p in pairs],
            "abandonment_default": not abandonment,
            "columns": plan.columns,
        },
        breakdown=breakdown,
    )
    analysis.funnel = funnel_measures.funnel(funnel_rows, names)
    analysis.stages = funnel_measures.stages(queries.stage_counts(m), plan.stages, plan.stage_names, totals["customers"])
    analysis.abandonment = [journeys.abandonment(pair, queries.funnel_steps(m, list(pair), plan.window, plan.touchpoints), names) for pair in pairs]
    if plan.conversion:
        analysis.channels = journeys.channel_split(queries.conversion_channels(m))
        found = queries.durations(m, plan.session_gap)
        analysis.time_to_conversion = timing.time_to_conversion(found["seconds_to_conversion"])
        analysis.before_conversion = timing.before_conversion(found["before_conversion"])
    else:
        analysis.notes.append("The map names no conversion (analytics: conversion), so conversion channels, time to conversion and what comes before it are left out.")
    analysis.time_per_stage = timing.time_per_stage(queries.stage_times(m, plan.stages), plan.stages, plan.stage_names)
    support = [t for t in plan.support if t in set(plan.tracked)]
    if support:
        totals_rows = queries.support_totals(m, support, None)
        by_value = queries.support_totals(m, support, breakdown) if breakdown else []
        analysis.support = journeys.support_reasons(totals_rows, by_value, queries.support(m, support, plan.touchpoints), support, names, breakdown)
    seen = {r["touchpoint"]: r for r in touchpoint_rows if r["touchpoint"] is not None}
    analysis.touchpoints = [
        {"touchpoint": t, "name": names[t], "stage": plan.stage_of[t], "events": int(seen.get(t, {}).get("events", 0)), "customers": int(seen.get(t, {}).get("customers", 0))}
        for t in plan.tracked
    ]
    analysis.transitions = [
        {
            "from": r["from"],
            "to": r["to"],
            "transitions": r["transitions"],
            "customers": r["customers"],
            "mean_seconds": round(r["total_seconds"] / r["transitions"], 1) if r["transitions"] else None,
            "in_map": r["to"] in plan.links.get(r["from"], []),
        }
        for r in transition_rows
    ]
    analysis.drift, analysis.problems = drift_measures.drift(plan, document.path, document.data, touchpoint_rows, queries.matcher_counts(m), transition_rows, totals)
    return analysis
