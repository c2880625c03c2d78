"""Time-decay attribution by time, from an event log: one aggregate query.

For each customer who converts, every mapped touch strictly before the first conversion
(the touches of the ``paths`` table) weighs ``0.5 ** (seconds before the last of them /
half-life)``, and the customer's conversion (and its value) is shared out in proportion
to the weights. Measuring from the last touch rather than from the conversion changes no
share (a common factor), and keeps the weights from vanishing to zero when touches lie
many half-lives back. Summed per touchpoint by the engine, the rows come back small; the
sums are of whole billionths, so DuckDB and Spark give the same digits.

The query reads the events twice: the conversions, for each converter's first one and its
value (the value at the smallest position, in the same aggregate: no join back to the
events), and the mapped touches. The touches are picked by touchpoint number, so the
engine reads the stored columns and works out a touchpoint's id only for the touches it
keeps. Each converter's last touch and weight total are grouped and joined back: on
DuckDB that is cheaper than window aggregates over the touches (see docs/performance.md).
"""

from __future__ import annotations

import math

import ibis
from ibis import _

CREDIT_UNITS = 10**9
VALUE_UNITS = 10**6


def credit_by_time(m, half_life_seconds: float) -> dict[str, tuple[float, float]]:
    """touchpoint -> (conversions credited, value credited)."""
    has_value = "value" in m.columns
    first_of = {"cpos": _.pos.min()}
    if has_value:
        # pos is unique within a customer: the value of the first conversion, missing as 0.
        first_of["first_value"] = _.value.fill_null(0.0).argmin(_.pos)
    first = m.filter(m.conversion).group_by("customer").aggregate(**first_of)
    mapped = (m.tp_index >= 0) if "tp_index" in m.columns else m.touchpoint.notnull()
    touches = m.filter(mapped & ~m.conversion)
    touches = touches.join(first, "customer").filter(lambda t: t.pos < t.cpos)
    last = touches.group_by("customer").aggregate(last_t=_.t.max())
    rate = math.log(2) / half_life_seconds
    weighted = touches.join(last, "customer").mutate(w=lambda t: ((t.t - t.last_t).cast("float64") * rate).exp())
    totals = weighted.group_by("customer").aggregate(total=_.w.sum())
    shared = weighted.join(totals, "customer").mutate(share=lambda t: t.w / t.total)
    value = shared.share * shared.first_value if has_value else ibis.literal(0.0)
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
