"""Time-decay attribution by time, from an event log: one aggregate query.

For each customer who converts, every mapped touch strictly before the first conversion
(the touches of the ``paths`` table) weighs ``0.5 ** (seconds before the last of them /
half-life)``, and the customer's conversion (and its value) is shared out in proportion
to the weights. Measuring from the last touch rather than from the conversion changes no
share (a common factor), and keeps the weights from vanishing to zero when touches lie
many half-lives back. Summed per touchpoint by the engine, the rows come back small; the
sums are of whole billionths, so DuckDB and Spark give the same digits.
"""

from __future__ import annotations

import math

import ibis
from ibis import _

CREDIT_UNITS = 10**9
VALUE_UNITS = 10**6


def credit_by_time(m, half_life_seconds: float) -> dict[str, tuple[float, float]]:
    """touchpoint -> (conversions credited, value credited)."""
    conversions = m.filter(m.conversion)
    first = conversions.group_by("customer").aggregate(cpos=_.pos.min())
    touches = m.filter(m.touchpoint.notnull() & ~m.conversion)
    touches = touches.join(first, "customer").filter(lambda t: t.pos < t.cpos)
    last = touches.group_by("customer").aggregate(last_t=_.t.max())
    rate = math.log(2) / half_life_seconds
    weighted = touches.join(last, "customer").mutate(w=lambda t: ((t.t - t.last_t).cast("float64") * rate).exp())
    totals = weighted.group_by("customer").aggregate(total=_.w.sum())
    shared = weighted.join(totals, "customer").mutate(share=lambda t: t.w / t.total)
    if "value" in m.columns:
        at = m.join(first, [m.customer == first.customer, m.pos == first.cpos])
        values = at.select("customer", first_value=at.value.fill_null(0.0))
        shared = shared.join(values, "customer")
        value = shared.share * shared.first_value
    else:
        value = ibis.literal(0.0)
    # Whole units of 1e-9 conversion (and 1e-6 of value) are summed as integers: exact, so
    # every engine adds them up to the same figure whatever order it adds them in.
    units = shared.mutate(
        credit_units=(shared.share * CREDIT_UNITS).round(0).cast("int64"),
        value_units=(value * VALUE_UNITS).round(0).cast("int64"),
    )
    expr = units.group_by("touchpoint").aggregate(credit=_.credit_units.sum(), value_credit=_.value_units.sum())
    found = expr.to_pyarrow().to_pylist()
    return {
        row["touchpoint"]: (int(row["credit"] or 0) / CREDIT_UNITS, int(row["value_credit"] or 0) / VALUE_UNITS)
        for row in sorted(found, key=lambda r: r["touchpoint"])
    }
