"""The few aggregate queries that need an engine, written once in Ibis.

Each takes the matched-events table (``engine.matched``) and returns a small table as a
list of plain rows (dicts), sorted here in Python so that every engine gives the same
bytes. Everything else (rates, quantiles, drift, attribution) is computed from these
rows without an engine.

The portable subset: no ASOF joins; durations in whole seconds (``t`` is Unix
seconds); exact quantiles only later, from value-count tables; an explicit
tie-breaker in every window ordering (``engine.ordering``). The names of these
tables are the contract between the measures (docs/analytics.md, "Small tables").
"""

from __future__ import annotations

import ibis
from ibis import _

from journeyctl.analytics.engine import ordering

# Sums of money are added as decimals: floating-point sums depend on the order of the
# additions, which differs between engines and between runs of a parallel engine.
EXACT = "decimal(38, 6)"




def rows(expr, *sort: str) -> list[dict]:
    """Run ``expr`` and return its rows, sorted by ``sort`` (None first)."""
    found = expr.to_pyarrow().to_pylist()
    if sort:
        found.sort(key=lambda row: tuple((row[k] is not None, row[k]) for k in sort))
    return found


def totals(m) -> dict:
    expr = m.aggregate(
        events=_.count(),
        customers=_.customer.nunique(),
        mapped_events=_.touchpoint.notnull().sum(),
        converters=_.customer.nunique(where=_.conversion),
    )
    row = rows(expr)[0]
    return {key: int(value or 0) for key, value in row.items()}


def touchpoint_counts(m, ids: list[str] | None = None) -> list[dict]:
    """touchpoint (None: unmapped), event (the name, for unmapped events), events, customers.
    ``ids`` as for ``transitions``."""
    if ids is not None and "tp_index" in m.columns:
        event = ibis.ifelse(m.tp_index < 0, m.event, ibis.null("string"))
        expr = m.mutate(unmapped_event=event).group_by(["tp_index", "unmapped_event"]).aggregate(events=_.count(), customers=_.customer.nunique())
        found = _names(expr.to_pyarrow().to_pylist(), ids, touchpoint="tp_index")
        found = [{"touchpoint": r["touchpoint"], "event": r["unmapped_event"], "events": r["events"], "customers": r["customers"]} for r in found]
        return sorted(found, key=lambda row: tuple((row[k] is not None, row[k]) for k in ("touchpoint", "event")))
    event = ibis.ifelse(m.touchpoint.isnull(), m.event, ibis.null("string"))
    expr = m.mutate(unmapped_event=event).group_by(["touchpoint", "unmapped_event"]).aggregate(events=_.count(), customers=_.customer.nunique())
    found = rows(expr.rename(event="unmapped_event"), "touchpoint", "event")
    return found


def matcher_counts(m) -> list[dict]:
    """Events each ``events`` entry took (the winner only): matcher, events."""
    expr = m.filter(m.matcher.notnull()).group_by("matcher").aggregate(events=_.count())
    return rows(expr, "matcher")


def stage_counts(m) -> list[dict]:
    expr = m.filter(m.stage.notnull()).group_by("stage").aggregate(events=_.count(), customers=_.customer.nunique())
    return rows(expr, "stage")


def _mapped_with_previous(m, ids: list[str] | None = None):
    """Mapped events with the customer's previous mapped one. With ``ids`` (the plan's
    touchpoints, in the order of ``tp_index``), on the numbers: ``previous_index`` rather
    than the text, which the caller turns into ids on the small result (see ``_names``)."""
    if ids is not None and "tp_index" in m.columns:
        mapped = m.filter(m.tp_index >= 0)
        window = ibis.window(group_by=mapped.customer, order_by=ordering(mapped))
        return mapped.mutate(previous_index=mapped.tp_index.lag().over(window), previous_t=mapped.t.lag().over(window))
    mapped = m.filter(m.touchpoint.notnull())
    window = ibis.window(group_by=mapped.customer, order_by=ordering(mapped))
    return mapped.mutate(previous=mapped.touchpoint.lag().over(window), previous_t=mapped.t.lag().over(window))


def _names(found: list[dict], ids: list[str], **columns: str) -> list[dict]:
    """Rows of touchpoint numbers with each ``column=number_column`` as its id (None for none)."""
    for row in found:
        for name, number in columns.items():
            value = row.pop(number)
            row[name] = None if value is None or value < 0 else ids[value]
    return found


def transitions(m, ids: list[str] | None = None) -> list[dict]:
    """Directly-follows between consecutive mapped events of one customer: from, to, transitions, customers, total_seconds.

    ``ids``: the plan's touchpoints (``plan.touchpoints``), when ``m`` comes from
    ``engine.matched``: the query then runs on touchpoint numbers, which are cheaper to
    sort and group than text; the rows are the same."""
    steps = _mapped_with_previous(m, ids)
    aggregates = dict(transitions=_.count(), customers=_.customer.nunique(), total_seconds=(_.t - _.previous_t).sum())
    if "previous_index" in steps.columns:
        steps = steps.filter(steps.previous_index.notnull())
        expr = steps.group_by(["previous_index", "tp_index"]).aggregate(**aggregates)
        found = _names(expr.to_pyarrow().to_pylist(), ids, **{"from": "previous_index", "to": "tp_index"})
        found.sort(key=lambda row: (row["from"], row["to"]))
    else:
        steps = steps.filter(steps.previous.notnull())
        expr = steps.group_by([steps.previous.name("from"), steps.touchpoint.name("to")]).aggregate(**aggregates)
        found = rows(expr, "from", "to")
    return [{"from": row["from"], "to": row["to"], "transitions": row["transitions"], "customers": row["customers"], "total_seconds": int(row["total_seconds"] or 0)} for row in found]


def funnel_steps(m, steps: list[str], window: int, ids: list[str] | None = None) -> list[dict]:
    """Customers reaching each step in order within ``window`` seconds of their first step-1 event.

    Other events may come between steps. A step counts at the customer's first event
    of it after the previous step (later in the customer's order), no later than the
    first step-1 event plus the window (exactly at the window counts). Rows: step
    (0-based), touchpoint, customers, total_seconds (sum over those customers of the
    time from the previous step; 0 for the first). ``ids`` as for ``transitions``.
    """
    if not steps:
        return []
    if ids is not None and "tp_index" in m.columns and all(step in ids for step in steps):
        number = {t: n for n, t in enumerate(ids)}
        base = m.filter(m.tp_index.isin([number[s] for s in dict.fromkeys(steps)])).select("customer", "tp_index", "pos", "t")
        step_is = lambda table, step: table.tp_index == number[step]  # noqa: E731
    else:
        base = m.filter(m.touchpoint.isin(list(dict.fromkeys(steps)))).select("customer", "touchpoint", "pos", "t")
        step_is = lambda table, step: table.touchpoint == step  # noqa: E731
    first = base.filter(step_is(base, steps[0]))
    reached = first.group_by("customer").aggregate(p=_.pos.min(), at=_.t.min(), start=_.t.min())
    counts = [reached.aggregate(step=ibis.literal(0), customers=_.count(), total_seconds=ibis.literal(0, "int64"))]
    for number_, step in enumerate(steps[1:], start=1):
        candidates = base.filter(step_is(base, step))
        joined = candidates.join(reached, "customer")
        joined = joined.filter((joined.pos > joined.p) & (joined.t <= joined.start + window))
        nxt = joined.group_by("customer").aggregate(p=_.pos.min(), at=_.t.min(), start=_.start.min(), before=_.at.min())
        counts.append(nxt.aggregate(step=ibis.literal(number_), customers=_.count(), total_seconds=(_.at - _.before).sum().cast("int64")))
        reached = nxt.select("customer", "p", "at", "start")
    found = {row["step"]: row for row in rows(ibis.union(*counts) if len(counts) > 1 else counts[0], "step")}
    return [
        {"step": n, "touchpoint": step, "customers": int(found.get(n, {}).get("customers") or 0), "total_seconds": int(found.get(n, {}).get("total_seconds") or 0)}
        for n, step in enumerate(steps)
    ]


def _session_starts(m, gap: int):
    """Every event with ``new``: 1 when it starts a session of its customer (the first event,
    or one after a pause longer than ``gap``), else 0. Sessions are runs of events in the
    customer's order, so the sessions among a customer's first events are the starts among them."""
    window = ibis.window(group_by=m.customer, order_by=ordering(m))
    previous = m.t.lag().over(window)
    return m.mutate(new=ibis.ifelse(previous.isnull() | (m.t - previous > gap), 1, 0))


def _first_conversions(m):
    conv = m.filter(m.conversion)
    return conv.group_by("customer").aggregate(cpos=_.pos.min(), ct=_.t.min())


def durations(m, gap: int) -> dict[str, list[dict]]:
    """Value counts for converters: ``seconds_to_conversion`` (first event of any kind to
    the first conversion) and (``events_before``, ``sessions_before``): mapped events
    strictly before the first conversion, and the sessions holding any event before it."""
    first_conv = _first_conversions(m)
    starts = m.group_by("customer").aggregate(ft=_.t.min())
    per = first_conv.join(starts, "customer").select("customer", "cpos", seconds=lambda t: t.ct - t.ft)
    seconds = per.group_by("seconds").aggregate(count=_.count())
    sessions = _session_starts(m.select("customer", "t", "pos", "tp_index") if "tp_index" in m.columns else m, gap)
    before = sessions.join(first_conv, "customer")
    before = before.filter(before.pos < before.cpos)
    mapped = (_.tp_index >= 0) if "tp_index" in m.columns else _.touchpoint.notnull()
    counted = before.group_by("customer").aggregate(events_before=ibis.ifelse(mapped, 1, 0).sum(), sessions_before=_.new.sum())
    full = per.left_join(counted, "customer").select(
        events_before=lambda t: t.events_before.fill_null(0).cast("int64"), sessions_before=lambda t: t.sessions_before.fill_null(0).cast("int64")
    )
    before_counts = full.group_by(["events_before", "sessions_before"]).aggregate(count=_.count())
    return {
        "seconds_to_conversion": [{"seconds": int(r["seconds"]), "count": int(r["count"])} for r in rows(seconds, "seconds")],
        "before_conversion": [
            {"events_before": int(r["events_before"]), "sessions_before": int(r["sessions_before"]), "count": int(r["count"])}
            for r in rows(before_counts, "events_before", "sessions_before")
        ],
    }


def stage_times(m, stages: list[str] | None = None) -> list[dict]:
    """Value counts of the time per stage: stage, seconds, count (see docs/analytics.md).

    A customer's time in a stage runs from their first event in it to their first event
    in the next stage of the map they reach; counted when that comes later. ``stages``:
    the plan's stage ids (``plan.stages``), to run on the stage numbers, as ``transitions``
    does with ``ids``.
    """
    numbers = stages is not None and "stage_index" in m.columns
    staged = m.filter(m.stage_index >= 0) if numbers else m.filter(m.stage.notnull())
    entered = staged.group_by(["customer", "stage_index"] if numbers else ["customer", "stage", "stage_index"]).aggregate(enter=_.t.min())
    window = ibis.window(group_by=entered.customer, order_by=[entered.stage_index])
    spans = entered.mutate(following=entered.enter.lead().over(window))
    spans = spans.filter(spans.following.notnull() & (spans.following >= spans.enter))
    spans = spans.mutate(seconds=spans.following - spans.enter)
    if numbers:
        found = _names(spans.group_by(["stage_index", "seconds"]).aggregate(count=_.count()).to_pyarrow().to_pylist(), stages, stage="stage_index")
        found.sort(key=lambda r: (r["stage"], r["seconds"]))
    else:
        found = rows(spans.group_by(["stage", "seconds"]).aggregate(count=_.count()), "stage", "seconds")
    return [{"stage": r["stage"], "seconds": int(r["seconds"]), "count": int(r["count"])} for r in found]


def conversion_channels(m) -> list[dict]:
    """The log's channel at each converter's first conversion: channel, conversions, value."""
    first_conv = _first_conversions(m)
    at = m.join(first_conv, [m.customer == first_conv.customer, m.pos == first_conv.cpos])
    channel = at.channel if "channel" in m.columns else ibis.null("string")
    value = at.value if "value" in m.columns else ibis.literal(0.0)
    expr = at.mutate(channel=channel, value=value).group_by("channel").aggregate(conversions=_.count(), value=_.value.cast(EXACT).sum())
    return [{"channel": r["channel"], "conversions": int(r["conversions"]), "value": float(r["value"] or 0)} for r in rows(expr, "channel")]


def support(m, touchpoints: list[str], ids: list[str] | None = None) -> list[dict]:
    """Events at support touchpoints by the touchpoint just before (the previous mapped event): touchpoint, previous, customers, events. ``ids`` as for ``transitions``."""
    if not touchpoints:
        return []
    steps = _mapped_with_previous(m, ids)
    if "previous_index" in steps.columns:
        steps = steps.filter(steps.tp_index.isin([ids.index(t) for t in touchpoints if t in ids]))
        expr = steps.group_by(["tp_index", "previous_index"]).aggregate(customers=_.customer.nunique(), events=_.count())
        found = _names(expr.to_pyarrow().to_pylist(), ids, touchpoint="tp_index", previous="previous_index")
        found = [{"touchpoint": r["touchpoint"], "previous": r["previous"], "customers": r["customers"], "events": r["events"]} for r in found]
        return sorted(found, key=lambda row: tuple((row[k] is not None, row[k]) for k in ("touchpoint", "previous")))
    steps = steps.filter(steps.touchpoint.isin(touchpoints))
    expr = steps.group_by(["touchpoint", "previous"]).aggregate(customers=_.customer.nunique(), events=_.count())
    return rows(expr, "touchpoint", "previous")


def support_totals(m, touchpoints: list[str], breakdown: str | None) -> list[dict]:
    """Customers and events per support touchpoint and breakdown value (customers do not add up across rows)."""
    if not touchpoints:
        return []
    steps = m.filter(m.touchpoint.isin(touchpoints))
    prop = steps[breakdown].cast("string") if breakdown else ibis.null("string")
    expr = steps.mutate(breakdown=prop).group_by(["touchpoint", "breakdown"]).aggregate(customers=_.customer.nunique(), events=_.count())
    return rows(expr, "touchpoint", "breakdown")


def paths(m, ids: list[str] | None = None) -> list[dict]:
    """Distinct touchpoint paths: each customer's mapped touchpoints in order, up to (not
    including) the first conversion for converters, all of them for the others.
    Consecutive repeats are kept. Rows: path (a tuple), conversions, nulls, value.
    ``ids`` as for ``transitions``: the paths are then collected as touchpoint numbers."""
    numbers = ids is not None and "tp_index" in m.columns
    step = "tp_index" if numbers else "touchpoint"
    touch = ((m.tp_index >= 0) if numbers else m.touchpoint.notnull()) & ~m.conversion
    # One aggregate per customer over all the events (so customers without a touch are
    # there too): the first conversion's position and value (the value at the smallest
    # position: ``pos`` is unique within a customer), and every touch, of which those after
    # the first conversion are dropped from the list. Joining the touches to the first
    # conversions, and the customers to the paths and values, cost more than the touches
    # after a conversion do. Ordered collection is not portable (Spark has none): collect
    # (pos, step) pairs, sort the list (by pos, its first field), keep the steps.
    aggregates = dict(cpos=m.pos.min(where=m.conversion), pairs=ibis.struct({"pos": m.pos, "step": m[step]}).collect(where=touch))
    if "value" in m.columns:
        aggregates["first_value"] = m.value.fill_null(0.0).argmin(m.pos, where=m.conversion)
    per = m.group_by("customer").aggregate(**aggregates)
    kept = ibis.ifelse(per.cpos.isnull(), per.pairs, per.pairs.filter(lambda pair: pair.pos < per.cpos))
    steps = kept.sort().map(lambda pair: pair.step)
    # No touch (none at all, or none before the first conversion) is one path, the empty one.
    path = ibis.ifelse(kept.length() > 0, steps, ibis.null(steps.type()))
    value = per.first_value.fill_null(0.0) if "value" in m.columns else ibis.literal(0.0)
    everyone = per.select(path=path, converted=per.cpos.notnull(), value=value)
    expr = everyone.group_by("path").aggregate(
        conversions=ibis.ifelse(_.converted, 1, 0).sum(), nulls=ibis.ifelse(_.converted, 0, 1).sum(), value=_.value.cast(EXACT).sum()
    )
    found = [
        {"path": tuple(ids[n] for n in r["path"] or ()) if numbers else tuple(r["path"] or ()), "conversions": int(r["conversions"]), "nulls": int(r["nulls"]), "value": float(r["value"] or 0)}
        for r in expr.to_pyarrow().to_pylist()
    ]
    return sorted(found, key=lambda r: r["path"])
