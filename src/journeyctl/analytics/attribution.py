"""Credit for conversions per touchpoint or channel: the heuristic models and Markov.

All models read the same distinct paths (``markov.PathCount``: the touches in order,
how many customers on that path converted and how many did not, the conversion value)
and share out each path's conversions (and value) among its touches:

- first touch: all to the first touch; last touch: all to the last;
- linear: equally to every touch;
- position-based (40/20/40): 40% to the first, 40% to the last, 20% shared by the ones
  between; a single touch gets 100%, two touches 50% each;
- time decay: a touch counts half as much for every half-life it lies before the
  conversion. With each touch's age in seconds (``PathCount.ages``), the weight is
  ``0.5 ** (age / half_life_seconds)`` (default half-life 7 days). Aggregated paths
  carry no times, so there the age is counted in touches: the last touch weighs 1, the
  one before ``0.5 ** (1 / half_life)``, and so on (default half-life 1 touch);
- Markov: the removal effect, solved exactly (``markov.py``).

The heuristic models count touches as given, repeats included (``A > A > B`` gives A
two thirds under linear), as the ChannelAttribution package does; the Markov model
collapses repeats. Conversions on paths with no touch have nobody to credit: they are
counted as ``unattributed``. Non-converting paths matter only to the Markov model.
Sums run over paths in sorted order; nothing is rounded until ``to_dict``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from journeyctl.analytics.markov import MarkovResult, PathCount, markov, merge

MODELS = ("first_touch", "last_touch", "linear", "position_based", "time_decay", "markov")
LABELS = {
    "first_touch": "First touch",
    "last_touch": "Last touch",
    "linear": "Linear",
    "position_based": "Position 40/20/40",
    "time_decay": "Time decay",
    "markov": "Markov",
}
NO_CHANNEL = "(no channel)"
HALF_LIFE_TOUCHES = 1.0
HALF_LIFE_SECONDS = 7 * 86400.0


def _weights(model: str, row: PathCount, half_life: float, half_life_seconds: float) -> list[float]:
    n = len(row.path)
    if model == "first_touch":
        return [1.0] + [0.0] * (n - 1)
    if model == "last_touch":
        return [0.0] * (n - 1) + [1.0]
    if model == "linear":
        return [1.0 / n] * n
    if model == "position_based":
        if n == 1:
            return [1.0]
        if n == 2:
            return [0.5, 0.5]
        return [0.4] + [0.2 / (n - 2)] * (n - 2) + [0.4]
    if model == "time_decay":
        if row.ages is not None and len(row.ages) == n:
            raw = [0.5 ** (max(age, 0.0) / half_life_seconds) for age in row.ages]
        else:
            raw = [0.5 ** ((n - 1 - i) / half_life) for i in range(n)]
        total = sum(raw)
        return [w / total for w in raw]
    raise ValueError(f"unknown model {model}")


@dataclass(frozen=True)
class Credit:
    """What one touchpoint or channel is credited with, by model."""

    name: str
    conversions: dict[str, float]
    value: dict[str, float]


@dataclass(frozen=True)
class Attribution:
    models: tuple[str, ...]
    rows: tuple[Credit, ...]
    total_conversions: float
    total_value: float
    has_value: bool
    unattributed_conversions: float
    unattributed_value: float
    paths: int
    half_life: float
    order: int
    markov: MarkovResult | None

    def to_dict(self, digits: int = 6) -> dict:
        def r(x: float) -> float:
            return round(x, digits) + 0.0  # + 0.0 turns -0.0 into 0.0

        data = {
            "models": list(self.models),
            "paths": self.paths,
            "conversions": r(self.total_conversions),
            "unattributed_conversions": r(self.unattributed_conversions),
            "rows": [
                {
                    "name": row.name,
                    "conversions": {m: r(row.conversions[m]) for m in self.models},
                    **({"value": {m: r(row.value[m]) for m in self.models}} if self.has_value else {}),
                }
                for row in self.rows
            ],
        }
        if self.has_value:
            data["value"] = r(self.total_value)
            data["unattributed_value"] = r(self.unattributed_value)
        if self.markov is not None:
            data["markov"] = {
                "conversion_probability": r(self.markov.conversion_probability),
                "states": self.markov.states,
                "removal_effects": {c: r(e) for c, e in self.markov.removal_effects.items()},
            }
        return data


def attribute(
    paths: Iterable[PathCount],
    models: Iterable[str] = MODELS,
    *,
    half_life: float = HALF_LIFE_TOUCHES,
    half_life_seconds: float = HALF_LIFE_SECONDS,
    order: int = 1,
    has_value: bool | None = None,
    time_decay_credit: Mapping[str, tuple[float, float]] | None = None,
) -> Attribution:
    """Every model's credit per touchpoint or channel, rows sorted by name.

    ``time_decay_credit`` (name -> conversions, value), when given, is the time-decay
    column worked out elsewhere from each touch's time (``decay.py``), in place of the
    decay by position.
    """
    models = tuple(m for m in MODELS if m in set(models))
    if half_life <= 0 or half_life_seconds <= 0:
        raise ValueError("the half-life must be more than 0")
    rows = merge(paths)
    names = sorted({step for row in rows for step in row.path})
    conversions = {name: dict.fromkeys(models, 0.0) for name in names}
    value = {name: dict.fromkeys(models, 0.0) for name in names}
    unattributed = unattributed_value = 0.0
    for row in rows:
        if row.conversions <= 0 and row.value == 0:
            continue
        if not row.path:
            unattributed += row.conversions
            unattributed_value += row.value
            continue
        for model in models:
            if model == "markov" or (model == "time_decay" and time_decay_credit is not None):
                continue
            for step, weight in zip(row.path, _weights(model, row, half_life, half_life_seconds)):
                conversions[step][model] += weight * row.conversions
                value[step][model] += weight * row.value
    if "time_decay" in models and time_decay_credit is not None:
        for name in names:
            conversions[name]["time_decay"], value[name]["time_decay"] = time_decay_credit.get(name, (0.0, 0.0))
    result = None
    if "markov" in models:
        result = markov(rows, order, merged=True)
        for name in names:
            conversions[name]["markov"] = result.conversions.get(name, 0.0)
            value[name]["markov"] = result.value.get(name, 0.0)
    total = float(sum(row.conversions for row in rows))
    total_value = float(sum(row.value for row in rows))
    return Attribution(
        models=models,
        rows=tuple(Credit(name, conversions[name], value[name]) for name in names),
        total_conversions=total,
        total_value=total_value,
        has_value=bool(total_value) if has_value is None else has_value,
        unattributed_conversions=unattributed,
        unattributed_value=unattributed_value,
        paths=len(rows),
        half_life=half_life,
        order=order,
        markov=result,
    )


def channel_paths(paths: Iterable[PathCount], channel_of: Mapping[str, str | None]) -> list[PathCount]:
    """The same paths with each touchpoint replaced by its channel (or ``(no channel)``)."""
    return merge(
        row._replace(path=tuple(channel_of.get(step) or NO_CHANNEL for step in row.path)) for row in paths
    )


def drop_touches(paths: Iterable[PathCount], drop: Iterable[str]) -> list[PathCount]:
    """The paths without some touches, such as the conversion touchpoint itself."""
    drop = set(drop)
    out = []
    for row in paths:
        keep = [i for i, step in enumerate(row.path) if step not in drop]
        ages = tuple(row.ages[i] for i in keep) if row.ages is not None and len(row.ages) == len(row.path) else None
        out.append(row._replace(path=tuple(row.path[i] for i in keep), ages=ages))
    return merge(out)
