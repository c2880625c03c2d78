"""The funnel along the map, from the engine's ``funnel_steps`` and ``stage_counts``.

Definitions (docs/analytics.md, "Funnel"):

- ``customers``: customers who reached the step in order, within the window of their
  first step-1 event (other events allowed between steps);
- ``conversion_to_next``: the next step's customers over this step's (none for the last);
- ``drop_off``: this step's customers minus the next step's; ``drop_off_rate`` the same
  over this step's customers;
- ``share_of_first``: the step's customers over the first step's;
- per stage, ``customers``: customers with any event of a touchpoint of the stage (no
  order, no window), and their share of all customers.

Rates are fractions between 0 and 1, rounded to 6 decimals; None where the base is 0.
"""

from __future__ import annotations

DIGITS = 6


def ratio(part: int | float, whole: int | float) -> float | None:
    return round(part / whole, DIGITS) if whole else None


def funnel(steps: list[dict], names: dict[str, str]) -> list[dict]:
    out = []
    first = steps[0]["customers"] if steps else 0
    for index, step in enumerate(steps):
        customers = step["customers"]
        following = steps[index + 1]["customers"] if index + 1 < len(steps) else None
        out.append(
            {
                "step": index + 1,
                "touchpoint": step["touchpoint"],
                "name": names.get(step["touchpoint"], step["touchpoint"]),
                "customers": customers,
                "share_of_first": ratio(customers, first),
                "conversion_to_next": None if following is None else ratio(following, customers),
                "drop_off": None if following is None else customers - following,
                "drop_off_rate": None if following is None else ratio(customers - following, customers),
                "mean_seconds_from_previous": None if index == 0 or not customers else round(step["total_seconds"] / customers, 1),
            }
        )
    return out


def stages(stage_rows: list[dict], stage_ids: list[str], stage_names: dict[str, str], customers: int) -> list[dict]:
    found = {row["stage"]: row for row in stage_rows}
    return [
        {
            "stage": stage,
            "name": stage_names.get(stage, stage),
            "customers": int(found.get(stage, {}).get("customers", 0)),
            "events": int(found.get(stage, {}).get("events", 0)),
            "share_of_customers": ratio(int(found.get(stage, {}).get("customers", 0)), customers),
        }
        for stage in stage_ids
    ]
