"""Time to conversion, time per stage and what comes before the conversion, from value counts.

The engine returns value-count tables (a value and how many customers have it); the
figures here come from them exactly, so DuckDB and Spark agree to the digit:

- quantiles (median, p75, p90) interpolate linearly between the two nearest values, as
  numpy's default (``numpy.quantile(..., method="linear")``) does on the full list;
- ``mean`` is the plain average; seconds figures are rounded to 0.1 s, counts to 0.01;
- histograms use the fixed bins below, each [low, high).
"""

from __future__ import annotations

HOUR, DAY = 3600, 86400
TIME_BINS: list[tuple[str, int, int | None]] = [
    ("under 1 hour", 0, HOUR),
    ("1 to 6 hours", HOUR, 6 * HOUR),
    ("6 to 24 hours", 6 * HOUR, DAY),
    ("1 to 2 days", DAY, 2 * DAY),
    ("2 to 3 days", 2 * DAY, 3 * DAY),
    ("3 to 7 days", 3 * DAY, 7 * DAY),
    ("7 to 14 days", 7 * DAY, 14 * DAY),
    ("14 to 30 days", 14 * DAY, 30 * DAY),
    ("30 days or more", 30 * DAY, None),
]
COUNT_BINS: list[tuple[str, int, int | None]] = [
    ("0", 0, 1),
    ("1", 1, 2),
    ("2", 2, 3),
    ("3", 3, 4),
    ("4", 4, 5),
    ("5", 5, 6),
    ("6 to 10", 6, 11),
    ("11 to 20", 11, 21),
    ("21 or more", 21, None),
]
QUANTILES = {"median": 0.5, "p75": 0.75, "p90": 0.9}


def summary(counts: list[tuple[int, int]], digits: int = 1) -> dict:
    """count, mean, median, p75, p90, min and max of the values behind ``(value, count)`` pairs."""
    import numpy as np

    pairs = sorted((int(v), int(c)) for v, c in counts if c)
    total = sum(c for _, c in pairs)
    if not total:
        return {"customers": 0, "mean": None, **{name: None for name in QUANTILES}, "min": None, "max": None}
    values = np.array([v for v, _ in pairs], dtype=np.float64)
    weights = np.array([c for _, c in pairs], dtype=np.int64)
    ends = np.cumsum(weights)  # the last 0-based position of each value, plus one
    out = {"customers": total, "mean": round(float(np.dot(values, weights)) / total, digits)}
    for name, q in QUANTILES.items():
        h = (total - 1) * q
        low = int(np.floor(h))
        high = min(low + 1, total - 1)
        v_low = values[int(np.searchsorted(ends, low, side="right"))]
        v_high = values[int(np.searchsorted(ends, high, side="right"))]
        out[name] = round(float(v_low + (h - low) * (v_high - v_low)), digits)
    out["min"], out["max"] = int(values[0]), int(values[-1])
    return out


def histogram(counts: list[tuple[int, int]], bins: list[tuple[str, int, int | None]]) -> list[dict]:
    total = sum(c for _, c in counts)
    out = []
    for label, low, high in bins:
        n = sum(c for v, c in counts if v >= low and (high is None or v < high))
        out.append({"bin": label, "low": low, "high": high, "customers": n, "share": round(n / total, 6) if total else None})
    return out


def time_to_conversion(rows: list[dict]) -> dict:
    counts = [(r["seconds"], r["count"]) for r in rows]
    return {"seconds": summary(counts), "histogram": histogram(counts, TIME_BINS)}


def before_conversion(rows: list[dict]) -> dict:
    events = _merge((r["events_before"], r["count"]) for r in rows)
    sessions = _merge((r["sessions_before"], r["count"]) for r in rows)
    return {
        "events": {**summary(events, 2), "histogram": histogram(events, COUNT_BINS)},
        "sessions": {**summary(sessions, 2), "histogram": histogram(sessions, COUNT_BINS)},
    }


def time_per_stage(rows: list[dict], stage_ids: list[str], stage_names: dict[str, str]) -> list[dict]:
    out = []
    for stage in stage_ids:
        counts = [(r["seconds"], r["count"]) for r in rows if r["stage"] == stage]
        out.append({"stage": stage, "name": stage_names.get(stage, stage), **summary(counts)})
    return out


def _merge(pairs) -> list[tuple[int, int]]:
    merged: dict[int, int] = {}
    for value, count in pairs:
        merged[value] = merged.get(value, 0) + count
    return sorted(merged.items())
