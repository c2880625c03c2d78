"""The traffic between touchpoints, for ``journeyctl render --events``.

Reads the event log as ``analyze`` does (DuckDB, the map's events and columns), runs
only the queries the flow diagram needs (transitions, and what drift needs to say
which links nobody takes) and returns a ``render.flow.Traffic``. The figures are
the ones ``analyze --format json`` gives under ``transitions`` and ``drift``.
"""

from __future__ import annotations

from journeyctl.analytics import drift, queries
from journeyctl.analytics import engine as engines
from journeyctl.analytics.plan import plan_from
from journeyctl.analytics.read import MAP_COLUMNS, DataError
from journeyctl.render.flow import Traffic, traffic_from


def observed(doc, sources: list[str]) -> Traffic:
    """The traffic of the checked journey ``doc`` in the event files ``sources``."""
    plan = plan_from(doc.journey)
    if not plan.tracked:
        raise DataError(f"{doc.path}: no touchpoint has events, so --events has nothing to draw; add events to the touchpoints (docs/analytics.md)")
    required = ["customer", "timestamp", "event"] + (["channel"] if plan.uses_channel else [])
    engine = engines.connect("duckdb")
    events, _ = engines.load_files(engine, sources, plan.columns, required, list(plan.where_columns), option=MAP_COLUMNS)
    matched = engines.matched(events, plan, cache=True, keep=[])
    transition_rows = queries.transitions(matched)
    found, _ = drift.drift(plan, doc.path, doc.data, queries.touchpoint_counts(matched), queries.matcher_counts(matched), transition_rows, queries.totals(matched))
    return traffic_from({"transitions": {"transitions": transition_rows}, "drift": found})
