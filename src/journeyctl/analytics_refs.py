"""Checks of the tracking plan: the analytics ids, and events two touchpoints both claim.

Like the other reference checks, these read the composed YAML data rather than the
validated model, so a file with a schema error still gets them in the same run, and
anything of the wrong shape is left to the schema check.

* R001: an id under ``analytics`` (``conversion``, ``funnel``, ``support``) that names
  no touchpoint, reported at the id.
* R004: two touchpoints whose event matchers are the same (same event name, same
  channel, same ``where`` conditions): no event could ever stand for the second one,
  since the first in the file wins a tie. Reported at the second one's event.
"""

from __future__ import annotations

from collections.abc import Iterator

from journeyctl.problems import Problem, Span
from journeyctl.schema_errors import did_you_mean, short
from journeyctl.yaml_source import Mapping, Sequence

ANALYTICS_LISTS = ("conversion", "funnel", "support")

# (event, channel, sorted where conditions): what makes two matchers the same.
MatcherKey = tuple[str, str | None, tuple[tuple[str, str], ...]]


def listed(holder: Mapping, key: str) -> list[tuple[object, Span]]:
    """The items of ``key`` with their spans: a list, or one value alone (the shorthand)."""
    value = holder.get(key)
    if isinstance(value, Sequence):
        return list(zip(value, value.item_spans))
    if value is not None and key in holder.value_spans:
        return [(value, holder.value_spans[key])]
    return []


def matcher_key(entry: object) -> MatcherKey | None:
    """What an ``events`` entry matches, or None when it is not of the right shape."""
    if isinstance(entry, str):
        return (entry, None, ())
    if not isinstance(entry, Mapping) or not isinstance(entry.get("event"), str):
        return None
    channel = entry.get("channel")
    if channel is not None and not isinstance(channel, str):
        return None
    where = entry.get("where")
    if where is None:
        conditions: tuple[tuple[str, str], ...] = ()
    elif isinstance(where, Mapping) and all(isinstance(value, str) for value in where.values()):
        conditions = tuple(sorted((str(key), value) for key, value in where.items()))
    else:
        return None
    return (entry["event"], channel, conditions)


def event_span(entry: object, span: Span) -> Span:
    """Where an entry names its event: the name itself, also inside a mapping."""
    if isinstance(entry, Mapping) and "event" in entry.value_spans:
        return entry.value_spans["event"]
    return span


def describe_matcher(key: MatcherKey) -> str:
    event, channel, conditions = key
    parts = [f'the event "{short(event)}"']
    if channel is not None:
        parts.append(f'on the channel "{short(channel)}"')
    if conditions:
        parts.append("where " + " and ".join(f'{short(name)} is "{short(value)}"' for name, value in conditions))
    return " ".join(parts)


def _touchpoints(root: Mapping) -> Iterator[Mapping]:
    seq = root.get("touchpoints")
    if isinstance(seq, Sequence):
        yield from (item for item in seq if isinstance(item, Mapping))


def _unknown_ids(root: Mapping, path: str, known: set[str]) -> Iterator[Problem]:
    analytics = root.get("analytics")
    if not isinstance(analytics, Mapping):
        return
    for key in ANALYTICS_LISTS:
        for value, span in listed(analytics, key):
            if not isinstance(value, str) or value in known:
                continue
            names = sorted(known)
            hint = did_you_mean(value, names)
            if hint is None:
                hint = (f"Known touchpoints: {', '.join(names)}." if len(names) <= 12 else None) if names else "No touchpoints are defined."
            yield Problem(path, span, "R001", f'unknown touchpoint "{short(value)}" in the analytics {key}', hint=hint)


def _ambiguous_events(root: Mapping, path: str) -> Iterator[Problem]:
    first: dict[MatcherKey, tuple[str, int]] = {}
    for touchpoint in _touchpoints(root):
        ident = touchpoint.get("id")
        name = f'the touchpoint "{short(ident)}"' if isinstance(ident, str) else "a touchpoint"
        mine: set[MatcherKey] = set()
        for entry, span in listed(touchpoint, "events"):
            key = matcher_key(entry)
            if key is None or key in mine:
                continue
            mine.add(key)
            if key in first:
                other, line = first[key]
                yield Problem(
                    path,
                    event_span(entry, span),
                    "R004",
                    f"{name} claims {describe_matcher(key)}, as {other} does on line {line}: no event can stand for this one",
                    hint='Give one of them a condition that tells them apart ("channel" or "where"), or merge the two touchpoints.',
                )
            else:
                first[key] = (name, event_span(entry, span).line)


def check_tracking_plan(root: Mapping, path: str, touchpoint_ids: set[str]) -> list[Problem]:
    """R001 for unknown ids under ``analytics``, R004 for events two touchpoints both claim."""
    return [*_unknown_ids(root, path, touchpoint_ids), *_ambiguous_events(root, path)]
