"""A draft journey from an event log: ``journeyctl analyze --discover -o draft.journey.yaml``.

A starting point to edit, not a finished map. The rules, in plain words (also in
docs/analytics.md, "A draft map from data"):

- **Touchpoints** are the event names that at least ``min_share`` of the customers
  have (default 1%), one touchpoint per name, with ``events: [that name]``. Rarer
  events are left out (the draft says how many).
- **Order**: touchpoints are listed by how early they come in a customer's events on
  average (the mean position of a customer's first such event, 0 for the first event),
  then by name. The first one is where the journey starts.
- **Next steps** come from the directly-follows graph between the kept events: each
  customer's kept events in order (time, then position in the log), consecutive pairs
  counted, and a customer's last kept event counts as a step out to the end. A link
  A -> B is drafted when it makes up at least ``min_link`` of the steps out of A
  (default 10%); links are listed most travelled first. Repeats (A -> A) are not
  steps. ``end: true`` is drafted where at least ``min_link`` of the steps out end
  there, and where no link is drafted.
- **Stages**: one stage, ``journey``, holds every touchpoint; split it by hand.
- **Conversion**: the first touchpoint, in file order, whose event name contains one of
  ``order``, ``purchase``, ``checkout_complete``, ``payment``, ``subscri``, ``paid``,
  ``convert`` becomes ``analytics.conversion``; without one the draft has no ``analytics``.

The engine part is two portable Ibis queries over the events table (:func:`event_counts`,
:func:`event_transitions`); :func:`draft` turns their rows into YAML text without an
engine, deterministically (the same log gives the same bytes).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

MIN_SHARE = 0.01
MIN_LINK = 0.10
CONVERSION_WORDS = ("order", "purchase", "checkout_complete", "payment", "subscri", "paid", "convert")
DEFAULT_COLUMNS = {"customer": "customer_id", "timestamp": "timestamp", "event": "event", "channel": "channel"}


# The two engine queries ------------------------------------------------------------------


def _order(table) -> list:
    return [table.t, table.seq] if "seq" in table.columns else [table.t, table.event]


def event_counts(events) -> tuple[int, int, list[dict]]:
    """Events, customers, and per event name: events, customers, mean_first_pos (of each customer's first one)."""
    import ibis
    from ibis import _

    from journeyctl.analytics.queries import rows

    totals = rows(events.aggregate(events=_.count(), customers=_.customer.nunique()))[0]
    window = ibis.window(group_by=events.customer, order_by=_order(events))
    placed = events.mutate(pos=ibis.row_number().over(window))
    per_customer = placed.group_by(["event", "customer"]).aggregate(n=_.count(), first=_.pos.min())
    expr = per_customer.group_by("event").aggregate(events=_.n.sum(), customers=_.count(), first_sum=_.first.sum())
    found = [
        {"event": r["event"], "events": int(r["events"]), "customers": int(r["customers"]), "mean_first_pos": int(r["first_sum"]) / int(r["customers"])}
        for r in rows(expr, "event")
        if r["event"] is not None
    ]
    return int(totals["events"] or 0), int(totals["customers"] or 0), found


def event_transitions(events, kept: list[str]) -> list[dict]:
    """Directly-follows between consecutive kept events of one customer: from, to, transitions, customers.

    A row with ``to`` None counts the customers whose last kept event is ``from`` (the
    journey ended there). Repeats (A -> A) are left out.
    """
    import ibis
    from ibis import _

    from journeyctl.analytics.queries import rows

    if not kept:
        return []
    only = events.filter(events.event.isin(kept))
    window = ibis.window(group_by=only.customer, order_by=_order(only))
    steps = only.mutate(following=only.event.lead().over(window))
    steps = steps.filter(steps.following.isnull() | (steps.following != steps.event))
    expr = steps.group_by([steps.event.name("from"), steps.following.name("to")]).aggregate(transitions=_.count(), customers=_.customer.nunique())
    return [{**r, "transitions": int(r["transitions"]), "customers": int(r["customers"])} for r in rows(expr, "from", "to")]


# The draft, engine-free ------------------------------------------------------------------


@dataclass
class Draft:
    text: str
    touchpoints: int
    links: int
    left_out: int  # event names below the threshold


def slug(name: str) -> str:
    """A touchpoint id from an event name: ``Order Placed!`` -> ``order-placed``."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return (text or "event")[:60].rstrip("-") or "event"


def _ids(names: list[str]) -> dict[str, str]:
    taken: set[str] = set()
    found: dict[str, str] = {}
    for name in names:
        base = slug(name)
        candidate, n = base, 2
        while candidate in taken:
            candidate = f"{base[:56]}-{n}"
            n += 1
        taken.add(candidate)
        found[name] = candidate
    return found


def _label(name: str) -> str:
    words = re.sub(r"[_\-.]+", " ", name).strip()
    words = re.sub(r"\s+", " ", words) or name
    return words[:1].upper() + words[1:]


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _q(text: str) -> str:
    """A YAML scalar that reads back as exactly this text (a JSON string is a YAML string)."""
    return json.dumps(text, ensure_ascii=False)


def kept_events(counts: list[dict], customers: int, min_share: float = MIN_SHARE) -> list[dict]:
    """The event names that become touchpoints, in the draft's order."""
    need = max(1, min_share * customers)
    kept = [c for c in counts if c["customers"] >= need]
    return sorted(kept, key=lambda c: (c["mean_first_pos"], c["event"]))


def draft(
    events: int,
    customers: int,
    counts: list[dict],
    transitions: list[dict],
    *,
    journey_id: str = "discovered",
    columns: dict[str, str | None] | None = None,
    min_share: float = MIN_SHARE,
    min_link: float = MIN_LINK,
) -> Draft:
    kept = kept_events(counts, customers, min_share)
    names = [c["event"] for c in kept]
    ids = _ids(names)
    outgoing: dict[str, list[dict]] = {n: [] for n in names}
    ends: dict[str, int] = {n: 0 for n in names}
    for row in transitions:
        if row["from"] in outgoing and row["to"] is None:
            ends[row["from"]] += row["transitions"]
        elif row["from"] in outgoing and row["to"] in ids and row["from"] != row["to"]:
            outgoing[row["from"]].append(row)
    conversion = next((n for n in names if any(word in n.lower() for word in CONVERSION_WORDS)), None)

    lines = [
        "# A draft journey, written by journeyctl analyze --discover from an event log of",
        f"# {events:,} events and {customers:,} customers. Edit it: name the touchpoints, split the",
        "# stage, add what customers do, think and feel. The rules that drafted it are in",
        "# docs/analytics.md (A draft map from data).",
        f"# Touchpoints: the events at least {min_share:.0%} of the customers have"
        + (f" ({len(counts) - len(kept)} rarer event name{'s' if len(counts) - len(kept) != 1 else ''} left out)." if len(counts) > len(kept) else "."),
        f"# Next steps: links that carry at least {min_link:.0%} of the steps out of a touchpoint.",
        "version: 1",
        f"id: {_q(slug(journey_id))}",
        'title: "A journey drafted from the event log"',
        "stages:",
        "  - id: journey",
        "    name: Journey",
        "touchpoints:",
    ]
    if not kept:
        lines[-1] = "touchpoints: []"
    links = 0
    for row in kept:
        name = row["event"]
        lines += [
            f"  - id: {_q(ids[name])}",
            f"    name: {_q(_label(name))}",
            "    stage: journey",
            f"    # {_n(row['customers'], 'customer')}, {_n(row['events'], 'event')}",
            f"    events: [{_q(name)}]",
        ]
        out = outgoing[name]
        total = sum(r["transitions"] for r in out) + ends[name]
        chosen = sorted((r for r in out if r["transitions"] >= min_link * total), key=lambda r: (-r["transitions"], ids[r["to"]]))
        if chosen:
            lines.append("    next:")
            for r in chosen:
                lines.append(f"      - {_q(ids[r['to']])}  # {_n(r['transitions'], 'step')} ({r['transitions'] / total:.0%}), {_n(r['customers'], 'customer')}")
            links += len(chosen)
        if not chosen or ends[name] >= min_link * total:
            share = f" ({ends[name] / total:.0%} of the steps out)" if total else ""
            lines.append(f"    end: true  # {_n(ends[name], 'customer')} end{'s' if ends[name] == 1 else ''} here{share}")
    if conversion is not None:
        lines += ["analytics:", f"  conversion: {_q(ids[conversion])}"]
        changed = {k: v for k, v in (columns or {}).items() if k in DEFAULT_COLUMNS and v and v != DEFAULT_COLUMNS[k]}
        if changed:
            lines.append("  columns:")
            lines += [f"    {key}: {_q(value)}" for key, value in changed.items()]
    return Draft("\n".join(lines) + "\n", len(kept), links, len(counts) - len(kept))


def discover(events_table, **options) -> Draft:
    """Run the two queries on ``events_table`` (an Ibis table of the events) and draft the journey."""
    min_share = options.get("min_share", MIN_SHARE)
    total, customers, counts = event_counts(events_table)
    kept = [c["event"] for c in kept_events(counts, customers, min_share)]
    transitions = event_transitions(events_table, kept)
    return draft(total, customers, counts, transitions, **options)


# The command: journeyctl analyze --discover ------------------------------------------------


def journey_id_for(output: str | None) -> str:
    """``draft.journey.yaml`` -> ``draft``; ``discovered`` when writing to standard output."""
    if not output or output == "-":
        return "discovered"
    from pathlib import Path

    name = Path(output).name
    for suffix in (".journey.yaml", ".journey.yml", ".yaml", ".yml"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return slug(name) if slug(name) != "event" else "discovered"


def command(map_path: str | None, options) -> int:
    """``journeyctl analyze [MAP] --discover --events LOG [-o draft.journey.yaml]``: 0 written, 2 usage or data error.

    A MAP, when given, lends its ``analytics.columns``; ``--column`` overrides them.
    """
    import sys

    from journeyctl import atomic
    from journeyctl.commands import analyze as cmd

    if not options.events and not options.connection:
        return cmd._fail("--discover drafts a journey from an event log: name it with --events FILE (or --connection URL --table NAME)")
    if options.connection and not options.table:
        return cmd._fail("--connection needs --table NAME: the table of events in that database")
    if not 0 < options.min_share <= 1 or not 0 < options.min_link <= 1:
        return cmd._fail("--min-share and --min-link are shares between 0 and 1, such as 0.01 for 1%")
    try:
        import duckdb  # noqa: F401
        import ibis  # noqa: F401
    except ImportError:
        return cmd._fail(cmd.MISSING_EXTRA)
    from journeyctl.analytics import engine as engines
    from journeyctl.analytics.plan import DEFAULT_COLUMNS as PLAN_COLUMNS
    from journeyctl.analytics.read import DataError

    columns = dict(PLAN_COLUMNS)
    if map_path:
        from journeyctl.analytics.plan import plan_from

        doc, code = cmd._check_map(map_path, options)
        if doc is None:
            return code
        columns = dict(plan_from(doc.journey).columns)
    try:
        columns = cmd._column_overrides(options.columns, columns)
        columns["value"] = None  # a draft needs who, when and what only
        with cmd.Progress("reading the events"):
            engine = engines.connect("spark" if options.engine == "spark" else "duckdb", options.connection, options.spark_master)
            required = ["customer", "timestamp", "event"]
            if options.connection:
                events, _ = engines.load_table(engine, options.table, columns, required, [])
            else:
                events, _ = engines.load_files(engine, options.events, columns, required, [])
        with cmd.Progress("drafting the journey"):
            found = discover(events, journey_id=journey_id_for(options.output), columns=columns, min_share=options.min_share, min_link=options.min_link)
        if engine.kind == "spark":
            from journeyctl.analytics import spark

            spark.stop()
    except (DataError, engines.EngineError, cmd.UsageError) as error:
        return cmd._fail(str(error))
    code = cmd._emit(found.text, options, atomic)
    if code:
        return code
    where = options.output if options.output and options.output != "-" else None
    print(
        f"journeyctl: drafted {found.touchpoints} touchpoint{'s' if found.touchpoints != 1 else ''} and {found.links} next step{'s' if found.links != 1 else ''}"
        + (f" into {where}; check it with: journeyctl validate {where}" if where else ""),
        file=sys.stderr,
    )
    return 0
