"""The tracking plan a journey declares: which logged events stand for which touchpoint.

Read from the journey's ``events`` (per touchpoint) and ``analytics`` (per journey) keys
(docs/format.md). Plain data only: no engine, no heavy import. The rules, in plain words
(docs/analytics.md, "Matching"):

- an event stands for a touchpoint when its name equals the matcher's ``event`` and every
  condition holds: ``channel`` equal as text, each ``where`` column's value, as text,
  equal to the value or matching the glob (``*``, ``?``, ``[...]``);
- when several matchers hold, the one with more conditions wins; among equally specific
  ones, the first in the file;
- the funnel defaults to the main path: from ``entry`` (else the first touchpoint), follow
  the first ``next`` step of each touchpoint (file order when the map has no ``next`` at
  all), keep the touchpoints that have events, stop at the first conversion touchpoint or
  when a touchpoint comes round again;
- support touchpoints default to those in the support lane, or whose channel's id or
  name, or whose stage's id or name, contains "support".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DEFAULT_COLUMNS = {"customer": "customer_id", "timestamp": "timestamp", "event": "event", "channel": "channel", "value": None}
DEFAULT_WINDOW = "14d"
DEFAULT_SESSION_GAP = "30m"
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION = re.compile(r"^([0-9]+) ?(s|m|h|d|w)$")
GLOB_CHARS = set("*?[")


def duration_seconds(text: str) -> int:
    """``14d`` -> 1209600; the model's own converter when there is one."""
    try:
        from journeyctl.model import duration_seconds as from_model
    except ImportError:
        from_model = None
    if from_model is not None:
        return from_model(text)
    found = _DURATION.match(str(text).strip())
    if not found:
        raise ValueError(f'"{text}" is not a duration such as 30m, 2h or 14d')
    return int(found.group(1)) * _UNITS[found.group(2)]


@dataclass(frozen=True)
class Matcher:
    """One item of a touchpoint's ``events``: the event name and its conditions."""

    touchpoint: str
    touchpoint_index: int
    index: int  # the item's place in the touchpoint's events list
    event: str
    channel: str | None = None
    where: tuple[tuple[str, str], ...] = ()

    @property
    def conditions(self) -> int:
        return (self.channel is not None) + len(self.where)

    @property
    def key(self) -> str:
        """A stable name for this matcher: touchpoint#index."""
        return f"{self.touchpoint}#{self.index}"


@dataclass
class Plan:
    touchpoints: list[str]  # every touchpoint id, in file order
    names: dict[str, str]
    stage_of: dict[str, str]
    stages: list[str]  # stage ids in order
    stage_names: dict[str, str]
    matchers: list[Matcher]  # in priority order: more conditions first, then file order
    conversion: list[str]
    funnel: list[str]
    support: list[str]
    window: int  # seconds
    session_gap: int  # seconds
    columns: dict[str, str | None]
    links: dict[str, list[str]] = field(default_factory=dict)  # touchpoint -> next ids (file order if implicit)
    implicit_links: bool = False

    @property
    def tracked(self) -> list[str]:
        """Touchpoints that have at least one matcher, in file order."""
        have = {m.touchpoint for m in self.matchers}
        return [t for t in self.touchpoints if t in have]

    @property
    def where_columns(self) -> list[str]:
        """Property columns the matchers look at, in first-use order."""
        seen: dict[str, None] = {}
        for matcher in self.matchers:
            for key, _ in matcher.where:
                seen.setdefault(key, None)
        return list(seen)

    @property
    def uses_channel(self) -> bool:
        return any(m.channel is not None for m in self.matchers)


def _text(value: object) -> str:
    return value if isinstance(value, str) else str(value)


def _matchers(journey) -> list[Matcher]:
    found: list[Matcher] = []
    for t_index, touchpoint in enumerate(journey.touchpoints):
        for m_index, item in enumerate(getattr(touchpoint, "events", None) or []):
            if isinstance(item, str):
                found.append(Matcher(touchpoint.id, t_index, m_index, item))
                continue
            where = getattr(item, "where", None) or {}
            found.append(
                Matcher(
                    touchpoint.id,
                    t_index,
                    m_index,
                    _text(item.event),
                    None if getattr(item, "channel", None) is None else _text(item.channel),
                    tuple((str(k), _text(v)) for k, v in where.items()),
                )
            )
    order = {id(m): n for n, m in enumerate(found)}
    return sorted(found, key=lambda m: (-m.conditions, order[id(m)]))


def _links(journey) -> tuple[dict[str, list[str]], bool]:
    ids = [t.id for t in journey.touchpoints]
    implicit = not any(t.next for t in journey.touchpoints)
    links: dict[str, list[str]] = {i: [] for i in ids}
    if implicit:
        # The steps that serve others support the chain rather than follow it, as the diagrams draw it.
        chain = [t.id for t in journey.touchpoints if not t.serves]
        for current, following in zip(chain, chain[1:]):
            if following not in links[current]:
                links[current].append(following)
    else:
        for t in journey.touchpoints:
            for flow in t.next:
                if flow.to in links and flow.to not in links[t.id]:
                    links[t.id].append(flow.to)
    return links, implicit


def default_funnel(journey, links: dict[str, list[str]], tracked: set[str], conversion: list[str]) -> list[str]:
    ids = [t.id for t in journey.touchpoints]
    if not ids:
        return []
    current = next((e for e in journey.entry_ids if e in links), ids[0])
    path: list[str] = []
    seen: set[str] = set()
    while current is not None and current not in seen:
        seen.add(current)
        if current in tracked:
            path.append(current)
        if current in conversion:
            break
        following = links.get(current) or []
        current = following[0] if following else None
    return path


def default_support(journey) -> list[str]:
    channels = {c.id: c.name for c in journey.channels}
    stages = {s.id: s.name for s in journey.stages}

    def supportish(*texts: object) -> bool:
        return any(isinstance(t, str) and "support" in t.lower() for t in texts)

    return [
        t.id
        for t in journey.touchpoints
        if t.lane == "support" or supportish(*t.channel_ids, *(channels.get(c) for c in t.channel_ids)) or supportish(t.stage, stages.get(t.stage))
    ]


def plan_from(journey) -> Plan:
    analytics = getattr(journey, "analytics", None)
    matchers = _matchers(journey)
    links, implicit = _links(journey)
    tracked = {m.touchpoint for m in matchers}

    def setting(name: str, default):
        value = getattr(analytics, name, None) if analytics is not None else None
        return default if value is None else value

    conversion = list(setting("conversion", []))
    if isinstance(conversion, str):
        conversion = [conversion]
    columns = dict(DEFAULT_COLUMNS)
    given = setting("columns", None)
    if given is not None:
        for key in DEFAULT_COLUMNS:
            value = getattr(given, key, None) if not isinstance(given, dict) else given.get(key)
            if value is not None or key == "value":
                columns[key] = value if value is not None else DEFAULT_COLUMNS[key]
    funnel = setting("funnel", None)
    support = setting("support", None)
    return Plan(
        touchpoints=[t.id for t in journey.touchpoints],
        names={t.id: t.name for t in journey.touchpoints},
        stage_of={t.id: t.stage for t in journey.touchpoints},
        stages=[s.id for s in journey.stages],
        stage_names={s.id: s.name for s in journey.stages},
        matchers=matchers,
        conversion=conversion,
        funnel=list(funnel) if funnel is not None else default_funnel(journey, links, tracked, conversion),
        support=list(support) if support is not None else default_support(journey),
        window=duration_seconds(setting("window", DEFAULT_WINDOW)),
        session_gap=duration_seconds(setting("session_gap", DEFAULT_SESSION_GAP)),
        columns=columns,
        links=links,
        implicit_links=implicit,
    )


def glob_regex(pattern: str) -> str:
    """A glob (``*``, ``?``, ``[...]``) as an anchored regular expression, the same on every engine."""
    out, i = ["^"], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[":
            close = pattern.find("]", i + 2 if pattern[i + 1 : i + 2] in ("!", "]") else i + 1)
            if close == -1:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : close]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = close
        else:
            out.append(re.escape(char))
        i += 1
    out.append("$")
    return "".join(out)


def is_glob(value: str) -> bool:
    return any(char in GLOB_CHARS for char in value)
