"""The analysis as plain data, and its text, JSON and CSV forms.

``Analysis`` holds every figure; ``to_dict`` is the JSON document (its shape is in
docs/analytics.md, "JSON output": ``schema_version`` changes only when a field is
removed or changes meaning). Each measure carries ``definition``: the name of its
definition in docs/analytics.md. Text goes through rich tables (imported only here,
only on the text path); CSV is one file per table.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field

SCHEMA_VERSION = 1
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: object) -> str:
    """Text from the data as shown: control and bidi characters escaped."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", str(text))


@dataclass
class Analysis:
    journey: dict
    data: dict
    settings: dict
    funnel: list[dict] = field(default_factory=list)
    stages: list[dict] = field(default_factory=list)
    abandonment: list[dict] = field(default_factory=list)
    channels: list[dict] = field(default_factory=list)
    support: list[dict] = field(default_factory=list)
    breakdown: str | None = None
    time_to_conversion: dict = field(default_factory=dict)
    time_per_stage: list[dict] = field(default_factory=list)
    before_conversion: dict = field(default_factory=dict)
    touchpoints: list[dict] = field(default_factory=list)
    transitions: list[dict] = field(default_factory=list)
    drift: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    attribution: dict | None = None  # analytics/sections.py
    feedback: dict | None = None

    @property
    def has_events(self) -> bool:
        """False when only path and feedback files were given: no event measures then."""
        return self.data.get("events") is not None

    def to_dict(self) -> dict:
        from journeyctl.reporters.json_report import problem_record

        measures = {
                "funnel": {"definition": "funnel", "steps": self.funnel},
                "stages": {"definition": "stage-reach", "stages": self.stages},
                "abandonment": {"definition": "abandonment", "pairs": self.abandonment},
                "conversion_channels": {"definition": "conversion-channels", "channels": self.channels},
                "support": {"definition": "support", "breakdown": self.breakdown, "touchpoints": self.support},
                "time_to_conversion": {"definition": "time-to-conversion", **self.time_to_conversion},
                "time_per_stage": {"definition": "time-per-stage", "stages": self.time_per_stage},
                "before_conversion": {"definition": "before-conversion", **self.before_conversion},
                "touchpoints": {"definition": "touchpoint-counts", "touchpoints": self.touchpoints},
                "transitions": {"definition": "transitions", "transitions": self.transitions},
                "drift": {"definition": "map-drift", **self.drift},
            } if self.has_events else {}
        measures.update({key: value for key, value in (("attribution", self.attribution), ("feedback", self.feedback)) if value is not None})
        return {
            "schema_version": SCHEMA_VERSION,
            "journey": self.journey,
            "data": self.data,
            "settings": self.settings,
            "measures": measures,
            "problems": [problem_record(p) for p in self.problems],
            "notes": self.notes,
        }


def to_json(analysis: Analysis) -> str:
    return json.dumps(analysis.to_dict(), indent=2, ensure_ascii=False) + "\n"


# -- CSV: one file per table -----------------------------------------------------------


def _csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def _table(rows: list[dict], keys: list[str]) -> str:
    return _csv(keys, [[row.get(k) for k in keys] for row in rows])


def csv_tables(analysis: Analysis) -> dict[str, str]:
    """File name -> CSV text."""
    from journeyctl.analytics import sections

    a = analysis
    if not a.has_events:
        return sections.csv_tables(_csv, a.attribution, a.feedback)
    tables = {
        "funnel.csv": _table(a.funnel, ["step", "touchpoint", "name", "customers", "share_of_first", "conversion_to_next", "drop_off", "drop_off_rate", "mean_seconds_from_previous"]),
        "stages.csv": _table(a.stages, ["stage", "name", "customers", "events", "share_of_customers"]),
        "abandonment.csv": _table(a.abandonment, ["from", "to", "reached_from", "reached_to", "abandoned", "abandonment_rate"]),
        "conversion_channels.csv": _table(a.channels, ["channel", "conversions", "share", "value"]),
        "support.csv": _table(a.support, ["touchpoint", "name", "customers", "events"]),
        "support_before.csv": _csv(
            ["touchpoint", "before", "customers", "events", "share_of_events"],
            [[s["touchpoint"], b["touchpoint"], b["customers"], b["events"], b["share_of_events"]] for s in a.support for b in s["before"]],
        ),
        "time_to_conversion.csv": _table(a.time_to_conversion.get("histogram", []), ["bin", "low", "high", "customers", "share"]),
        "time_per_stage.csv": _table(a.time_per_stage, ["stage", "name", "customers", "mean", "median", "p75", "p90", "min", "max"]),
        "before_conversion.csv": _csv(
            ["bin", "low", "high", "customers_by_events", "customers_by_sessions"],
            [
                [e["bin"], e["low"], e["high"], e["customers"], s["customers"]]
                for e, s in zip(a.before_conversion.get("events", {}).get("histogram", []), a.before_conversion.get("sessions", {}).get("histogram", []))
            ],
        ),
        "touchpoints.csv": _table(a.touchpoints, ["touchpoint", "name", "stage", "events", "customers"]),
        "transitions.csv": _table(a.transitions, ["from", "to", "transitions", "customers", "mean_seconds", "in_map"]),
        "unmapped_events.csv": _table(a.drift.get("unmapped_by_event", []), ["event", "events", "customers"]),
        "summary.csv": _csv(["figure", "value"], [[k, v] for k, v in summary_figures(a)]),
    }
    if a.breakdown:
        tables["support_breakdown.csv"] = _csv(
            ["touchpoint", a.breakdown, "customers", "events", "share_of_events"],
            [[s["touchpoint"], b["value"], b["customers"], b["events"], b["share_of_events"]] for s in a.support for b in (s["breakdown"] or [])],
        )
    tables.update(sections.csv_tables(_csv, a.attribution, a.feedback))
    return tables


def summary_figures(a: Analysis) -> list[tuple[str, object]]:
    seconds = a.time_to_conversion.get("seconds", {})
    before = a.before_conversion
    out: list[tuple[str, object]] = [
        ("events", a.data.get("events")),
        ("customers", a.data.get("customers")),
        ("converters", a.data.get("converters")),
        ("rows_without_customer", a.data.get("rows_without_customer")),
        ("unmapped_share", a.drift.get("unmapped_share")),
    ]
    for name in ("median", "p75", "p90", "mean"):
        out.append((f"seconds_to_conversion_{name}", seconds.get(name)))
    for kind in ("events", "sessions"):
        for name in ("median", "mean"):
            out.append((f"{kind}_before_conversion_{name}", before.get(kind, {}).get(name)))
    return out


# -- text --------------------------------------------------------------------------------


def duration(seconds: float | None) -> str:
    """A length of time in words: 42 s, 3 min 20 s, 2 h 05 min, 14 d, 1 d 06 h."""
    if seconds is None:
        return "–"
    s = int(round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s" if s % 60 else f"{s // 60} min"
    if s < 86400:
        return f"{s // 3600} h {s % 3600 // 60:02d} min" if s % 3600 // 60 else f"{s // 3600} h"
    return f"{s // 86400} d {s % 86400 // 3600:02d} h" if s % 86400 // 3600 else f"{s // 86400} d"


def plural(count: int | None, word: str) -> str:
    return f"{number(count)} {word}{'' if count == 1 else 's'}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def number(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def to_text(analysis: Analysis, color: bool = False, problem_lines=None) -> str:
    """The report for people; ``problem_lines`` renders the drift problems (the validate text reporter's)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=110, force_terminal=color, no_color=not color, color_system="standard" if color else None, highlight=False, emoji=False, legacy_windows=False, soft_wrap=False)
    a = analysis

    def title(text: str) -> None:
        console.print()
        console.print(Text(text, style="bold"))

    def table(columns: list[tuple[str, str]], rows: list[list[str]]) -> None:
        t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
        for name, justify in columns:
            t.add_column(name, justify=justify, no_wrap=False)  # type: ignore[arg-type]
        for row in rows:
            t.add_row(*[Text(clean(cell)) for cell in row])
        console.print(t)

    def tp(ident: str | None, name: str | None) -> str:
        return "(none)" if ident is None else f"{name} ({ident})" if name and name != ident else ident

    from journeyctl.analytics import sections

    d = a.data
    console.print(Text(f"{clean(a.journey['title'])} ({clean(a.journey['path'])})", style="bold"))
    if not a.has_events:  # only path and feedback files
        sections.print_text(console, title, table, a.attribution, a.feedback)
        text = buffer.getvalue()
        return text + ("\n" + problem_lines(a.problems, color) + "\n" if a.problems and problem_lines is not None else "")
    console.print(
        f"{plural(d['events'], 'event')} of {plural(d['customers'], 'customer')} from {number(len(d['sources']))} "
        f"file{'s' if len(d['sources']) != 1 else ''}; {percent(1 - (a.drift.get('unmapped_share') or 0))} of events stand for a touchpoint; "
        f"{plural(d['converters'], 'customer')} converted."
    )
    for note in a.notes:
        console.print(Text(clean(note), style="dim"))

    title(f"Funnel along the map (window {duration(a.settings['window_seconds'])} from the first step)")
    if a.funnel:
        table(
            [("Step", "right"), ("Touchpoint", "left"), ("Customers", "right"), ("Of first", "right"), ("To next", "right"), ("Drop-off", "right"), ("Drop-off rate", "right")],
            [[str(s["step"]), tp(s["touchpoint"], s["name"]), number(s["customers"]), percent(s["share_of_first"]), percent(s["conversion_to_next"]), number(s["drop_off"]), percent(s["drop_off_rate"])] for s in a.funnel],
        )
    else:
        console.print("No funnel: no touchpoint on the main path has events.")
    title("Customers per stage")
    table([("Stage", "left"), ("Customers", "right"), ("Of all", "right"), ("Events", "right")], [[tp(s["stage"], s["name"]), number(s["customers"]), percent(s["share_of_customers"]), number(s["events"])] for s in a.stages])
    if a.abandonment:
        title("Abandonment")
        table(
            [("From", "left"), ("To", "left"), ("Reached from", "right"), ("Went on", "right"), ("Abandoned", "right"), ("Rate", "right")],
            [[tp(p["from"], p["from_name"]), tp(p["to"], p["to_name"]), number(p["reached_from"]), number(p["reached_to"]), number(p["abandoned"]), percent(p["abandonment_rate"])] for p in a.abandonment],
        )
    if a.settings["conversion"]:
        title("Where conversions happen (channel of the first conversion)")
        table([("Channel", "left"), ("Conversions", "right"), ("Share", "right")], [[c["channel"] if c["channel"] is not None else "(none)", number(c["conversions"]), percent(c["share"])] for c in a.channels])
        s = a.time_to_conversion.get("seconds", {})
        title("Time to conversion (first event to first conversion)")
        console.print(f"median {duration(s.get('median'))}, p75 {duration(s.get('p75'))}, p90 {duration(s.get('p90'))}, mean {duration(s.get('mean'))} ({plural(s.get('customers'), 'customer')})")
        table([("Time", "left"), ("Customers", "right"), ("Share", "right")], [[h["bin"], number(h["customers"]), percent(h["share"])] for h in a.time_to_conversion.get("histogram", [])])
        b = a.before_conversion
        title("Before conversion (touchpoints and sessions strictly before the first conversion)")
        for kind in ("events", "sessions"):
            f = b.get(kind, {})
            label = "touchpoints" if kind == "events" else "sessions"
            console.print(f"{label}: median {number(f.get('median'))}, mean {number(f.get('mean'))}, p90 {number(f.get('p90'))}")
        table(
            [("Count", "left"), ("Customers (touchpoints)", "right"), ("Customers (sessions)", "right")],
            [[e["bin"], number(e["customers"]), number(x["customers"])] for e, x in zip(b.get("events", {}).get("histogram", []), b.get("sessions", {}).get("histogram", []))],
        )
    title("Time per stage (first event in the stage to the first in the next stage reached)")
    given = any("map_duration" in s for s in a.time_per_stage)  # the map gives a stage a time: show it beside the measure
    table(
        [("Stage", "left"), ("Customers", "right"), ("Median", "right"), ("p75", "right"), ("p90", "right"), ("Mean", "right")] + ([("Map says", "right")] if given else []),
        [[tp(s["stage"], s["name"]), number(s["customers"]), duration(s["median"]), duration(s["p75"]), duration(s["p90"]), duration(s["mean"])] + ([duration(s["map_seconds"])] if given else []) for s in a.time_per_stage],
    )
    if a.support:
        title("Why customers go to support")
        for n, s in enumerate(a.support):
            if n:
                console.print()
            console.print(Text(f"{clean(tp(s['touchpoint'], s['name']))}: {plural(s['customers'], 'customer')}, {plural(s['events'], 'event')}", style="bold"))
            table([("Just before", "left"), ("Customers", "right"), ("Events", "right"), ("Share of events", "right")], [[tp(b["touchpoint"], b["name"]), number(b["customers"]), number(b["events"]), percent(b["share_of_events"])] for b in s["before"]])
            if s["breakdown"] is not None:
                table([(a.breakdown or "", "left"), ("Customers", "right"), ("Events", "right"), ("Share of events", "right")], [[b["value"] if b["value"] is not None else "(none)", number(b["customers"]), number(b["events"]), percent(b["share_of_events"])] for b in s["breakdown"]])
    title("Touchpoints")
    table([("Touchpoint", "left"), ("Stage", "left"), ("Events", "right"), ("Customers", "right")], [[tp(t["touchpoint"], t["name"]), t["stage"], number(t["events"]), number(t["customers"])] for t in a.touchpoints])
    dr = a.drift
    title("Map drift")
    console.print(f"{plural(dr.get('unmapped_events'), 'event')} ({percent(dr.get('unmapped_share'))}) stand for no touchpoint.")
    if dr.get("unmapped_by_event"):
        table([("Unmapped event", "left"), ("Events", "right"), ("Customers", "right")], [[e["event"] if e["event"] is not None else "(no name)", number(e["events"]), number(e["customers"])] for e in dr["unmapped_by_event"][:10]])
    sections.print_text(console, title, table, a.attribution, a.feedback)
    text = buffer.getvalue()
    if a.problems and problem_lines is not None:
        text += "\n" + problem_lines(a.problems, color) + "\n"
    elif not a.problems:
        text += "The data takes every step of the map, and no other.\n"
    return text
