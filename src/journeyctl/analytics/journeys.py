"""Abandonment, the purchase channel split and why customers go to support.

Definitions (docs/analytics.md):

- ``abandonment`` from A to B: of the customers who reached A, the share who did not
  reach B afterwards within the window of their first A event (the two-step funnel
  A, B). The default pair, when no ``--abandonment`` is given: cart abandonment, from the
  first touchpoint with events whose id or name contains "cart" (or "basket") and that
  comes before the conversion on the funnel, to the conversion step;
- ``conversion channels``: each converter's first conversion event, by the log's channel
  value at that event; counts and shares of all conversions;
- ``support``: per support touchpoint, the customers and events there; ranked by
  customers, then events, then file order; with the touchpoint just before each support
  event (the customer's previous mapped event; "none" when it is the first) and, with
  ``--breakdown COLUMN``, the same counts per value of that property.
"""

from __future__ import annotations

from journeyctl.analytics.funnel import ratio

CART_WORDS = ("cart", "basket")


def default_abandonment(funnel: list[str], conversion: list[str], names: dict[str, str], tracked: list[str]) -> list[tuple[str, str]]:
    """Cart abandonment where the map has a cart before the conversion; else nothing."""
    target = next((step for step in funnel if step in conversion), None)
    if target is None:
        return []
    before = funnel[: funnel.index(target)]
    candidates = before or [t for t in tracked if t not in conversion]
    cart = next((t for t in candidates if any(word in text for word in CART_WORDS for text in (t.lower(), names.get(t, "").lower()))), None)
    return [(cart, target)] if cart else []


def abandonment(pair: tuple[str, str], steps: list[dict], names: dict[str, str]) -> dict:
    reached = steps[0]["customers"] if steps else 0
    went_on = steps[1]["customers"] if len(steps) > 1 else 0
    return {
        "from": pair[0],
        "from_name": names.get(pair[0], pair[0]),
        "to": pair[1],
        "to_name": names.get(pair[1], pair[1]),
        "reached_from": reached,
        "reached_to": went_on,
        "abandoned": reached - went_on,
        "abandonment_rate": ratio(reached - went_on, reached),
    }


def channel_split(rows: list[dict]) -> list[dict]:
    total = sum(r["conversions"] for r in rows)
    ranked = sorted(rows, key=lambda r: (-r["conversions"], r["channel"] is None, r["channel"] or ""))
    return [
        {"channel": r["channel"], "conversions": r["conversions"], "share": ratio(r["conversions"], total), "value": round(r["value"], 2)}
        for r in ranked
    ]


def support_reasons(totals: list[dict], by_value: list[dict], by_previous: list[dict], touchpoints: list[str], names: dict[str, str], breakdown: str | None) -> list[dict]:
    """``totals`` per touchpoint, ``by_value`` per touchpoint and breakdown value, ``by_previous`` per touchpoint and previous one."""
    order = {t: n for n, t in enumerate(touchpoints)}
    found = {r["touchpoint"]: r for r in totals}
    out = []
    for t in touchpoints:
        events = int(found.get(t, {}).get("events", 0))
        before = sorted((r for r in by_previous if r["touchpoint"] == t), key=lambda r: (-r["events"], -r["customers"], r["previous"] is None, r["previous"] or ""))
        values = sorted((r for r in by_value if r["touchpoint"] == t), key=lambda r: (-r["events"], -r["customers"], r["breakdown"] is None, r["breakdown"] or ""))
        out.append(
            {
                "touchpoint": t,
                "name": names.get(t, t),
                "customers": int(found.get(t, {}).get("customers", 0)),
                "events": events,
                "before": [
                    {"touchpoint": r["previous"], "name": names.get(r["previous"], r["previous"]) if r["previous"] else None, "customers": r["customers"], "events": r["events"], "share_of_events": ratio(r["events"], events)}
                    for r in before
                ],
                "breakdown": None
                if not breakdown
                else [{"value": r["breakdown"], "customers": r["customers"], "events": r["events"], "share_of_events": ratio(r["events"], events)} for r in values],
            }
        )
    out.sort(key=lambda r: (-r["customers"], -r["events"], order.get(r["touchpoint"], 0)))
    return out
