"""The two other files ``analyze`` reads: aggregated paths (``--paths``) and survey answers
(``--feedback``). Both go through the event reader (``read.read_sources``: CSV, Parquet,
JSON lines, with its plain errors at file and row), then become plain Python rows.

A path file has one row per distinct path: the steps joined by ``>`` (spaces around them
do not matter), how many customers on it converted and how many did not, and optionally
the conversion value. The columns are found by the names the ChannelAttribution package
and most exports use: ``path``; ``total_conversions`` or ``conversions``; ``total_null``
or ``nulls``; ``total_conversion_value`` or ``value``; ``--paths-column ROLE=NAME``
names others.

A feedback file has one row per answer: what it is about (``touchpoint``: a touchpoint
id, or ``event``: an event name from the map's ``events``), the ``score``, and optionally
``survey`` (csat, nps or ces), ``customer_id``, ``timestamp`` and ``comment``;
``--feedback-column ROLE=NAME`` names others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from journeyctl.analytics.feedback import KINDS, SCALES, Answer
from journeyctl.analytics.markov import PathCount
from journeyctl.analytics.read import DataError, read_sources

PATH_ROLES = ("path", "conversions", "nulls", "value")
PATH_NAMES = {"path": ("path",), "conversions": ("total_conversions", "conversions"), "nulls": ("total_null", "nulls"), "value": ("total_conversion_value", "value")}
FEEDBACK_ROLES = ("touchpoint", "event", "score", "survey", "customer", "timestamp", "comment")
FEEDBACK_NAMES = {"touchpoint": "touchpoint", "event": "event", "score": "score", "survey": "survey", "customer": "customer_id", "timestamp": "timestamp", "comment": "comment"}
PATH_SEPARATOR = ">"


def overrides(given: list[str], roles: tuple[str, ...], option: str, example: str | None = None) -> dict[str, str]:
    """``ROLE=NAME`` items (``--column customer=user_id``) as a dict; a ValueError in plain words for a bad one."""
    found: dict[str, str] = {}
    for item in given:
        role, sep, name = item.partition("=")
        role, name = role.strip(), name.strip()
        if not sep or not name:
            raise ValueError(f"{option} {item}: write ROLE=COLUMN, such as {option} {example or roles[1] + '=my_column'}")
        if role not in roles:
            raise ValueError(f'{option} {item}: "{role}" is not a column role here; the roles are {", ".join(roles)}')
        found[role] = name
    return found


def _connection(con):
    if con is not None:
        return con
    import duckdb

    return duckdb.connect()


def _exists(path: str, option: str) -> None:
    file = Path(path)
    if not file.exists():
        raise DataError(f"{option} {path}: no such file")
    if file.is_dir():
        raise DataError(f"{option} {path}: is a folder; name a file")


def _columns_of(con, view: str) -> list[str]:
    return [row[0] for row in con.execute(f"DESCRIBE {view}").fetchall()]


def read_paths(path: str, given: dict[str, str] | None = None, con=None) -> tuple[list[PathCount], bool]:
    """The rows of a path file, and whether it has a value column."""
    _exists(path, "--paths")
    con = _connection(con)
    given = given or {}
    columns: dict[str, str | None] = {}
    for role in PATH_ROLES:
        for n, name in enumerate((given[role],) if role in given else PATH_NAMES[role]):
            columns[role if n == 0 else f"{role}_{n}"] = name
    numeric = tuple(role for role in columns if not role.startswith("path"))
    loaded = read_sources(con, [path], columns, ["path"], name="paths", timestamp="-", numeric=numeric, option="--paths-column")
    have = set(_columns_of(con, "paths"))

    def pick(role: str) -> str | None:
        for key in (role, f"{role}_1"):
            if key in have:
                return key
        return None

    conversions, nulls, value = pick("conversions"), pick("nulls"), pick("value")
    if conversions is None:
        wanted = given.get("conversions") or "total_conversions"
        raise DataError(f'{path}: no column "{wanted}" for the conversions; name it with --paths-column conversions=COLUMN')
    select = ", ".join(
        [
            "path",
            f"coalesce({conversions}, 0)",
            f"coalesce({nulls}, 0)" if nulls else "0",
            f"coalesce({value}, 0)" if value else "0",
        ]
    )
    rows = con.execute(f"SELECT {select} FROM paths").fetchall()
    found: list[PathCount] = []
    for number, (text, conv, null, val) in enumerate(rows, start=1):
        if conv < 0 or null < 0:
            raise DataError(f"{path} row {number}: conversions and non-conversions cannot be negative ({conv:g}, {null:g})")
        steps = tuple(step.strip() for step in (text or "").split(PATH_SEPARATOR) if step.strip())
        found.append(PathCount(steps, float(conv), float(null), float(val)))
    del loaded
    return found, value is not None


@dataclass
class FeedbackRead:
    answers: list[Answer]
    unmatched: dict[str, int] = field(default_factory=dict)
    invalid: int = 0
    no_customer: int = 0


def read_feedback(path: str, journey, given: dict[str, str] | None = None, survey: str | None = None, con=None) -> FeedbackRead:
    """The answers of a feedback file, each tied to a touchpoint; what cannot be used is counted."""
    _exists(path, "--feedback")
    con = _connection(con)
    columns: dict[str, str | None] = {**FEEDBACK_NAMES, **(given or {})}
    loaded = read_sources(con, [path], columns, ["score"], name="feedback", timestamp="timestamp", numeric=("score",), option="--feedback-column")
    have = set(_columns_of(con, "feedback"))
    about = "touchpoint" if "touchpoint" in have else "event" if "event" in have else None
    if about is None:
        raise DataError(
            f'{path}: no column "{columns["touchpoint"]}" or "{columns["event"]}" saying what each answer is about; '
            "name it with --feedback-column touchpoint=COLUMN (touchpoint ids) or --feedback-column event=COLUMN (event names)"
        )
    if "survey" not in have and survey is None:
        raise DataError(f'{path}: no column "{columns["survey"]}" says which survey each answer belongs to; say it with --survey csat, nps or ces')
    parts = [about, "score", "survey" if "survey" in have else "NULL", "comment" if "comment" in have else "NULL", "customer" if "customer" in have else "NULL"]
    order = "t, seq" if "t" in have else "seq"
    rows = con.execute(f"SELECT {', '.join(parts)} FROM feedback ORDER BY {order}").fetchall()
    resolve = resolver(journey)
    read = FeedbackRead([], no_customer=loaded.null_customers)
    for target, score, kind_text, comment, customer in rows:
        kind = kind_of(kind_text) if kind_text is not None else survey
        touchpoint = resolve(target) if target is not None else None
        if touchpoint is None:
            key = "(empty)" if target is None else str(target)
            read.unmatched[key] = read.unmatched.get(key, 0) + 1
            continue
        value = score_of(kind, score) if kind is not None else None
        if value is None:
            read.invalid += 1
            continue
        read.answers.append(Answer(touchpoint, kind, value, comment, customer))
    return read


def resolver(journey):
    """The touchpoint an answer is about: a touchpoint id, else an event name from the map's events."""
    ids = {t.id for t in journey.touchpoints}
    by_event: dict[str, str] = {}
    plain: dict[str, str] = {}
    for touchpoint in journey.touchpoints:
        for item in getattr(touchpoint, "events", None) or []:
            name = item if isinstance(item, str) else str(item.event)
            conditions = not isinstance(item, str) and (getattr(item, "channel", None) is not None or getattr(item, "where", None))
            (by_event if conditions else plain).setdefault(name, touchpoint.id)

    def resolve(about: str) -> str | None:
        if about in ids:
            return about
        return plain.get(about) or by_event.get(about)

    return resolve


def kind_of(text: str | None) -> str | None:
    """A survey kind as files write it: csat, CSAT, nps, ces ..."""
    if text is None:
        return None
    word = str(text).strip().lower()
    return word if word in KINDS else None


def score_of(kind: str, value: object) -> int | None:
    """A whole score on the survey's scale, or None."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    low, high = SCALES[kind]
    if not number.is_integer() or not low <= number <= high:
        return None
    return int(number)
