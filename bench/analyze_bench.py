"""Time ``journeyctl analyze`` on generated event logs against hand-written DuckDB SQL and pm4py.

    python bench/analyze_bench.py                       # 1M and 10M events, 3 runs each
    python bench/analyze_bench.py --sizes 1000000 --runs 5 --pm4py-max 1000000
    python bench/analyze_bench.py --write-doc           # and rewrite the Analytics section of docs/performance.md

For each size, the log and its journey come from bench/generate_events.py (written to
bench/.work/ when missing). Every contestant is a whole process started the same way
(``python -c`` or ``python -m``, imports included), timed from start to exit, with its
CPU time (user + system, all threads) and peak memory (the resident set size the
kernel reports for that process):

1. ``journeyctl analyze MAP --events LOG --format json``: the whole report, what a user
   runs (funnel, stages, abandonment, channels, support, timing, drift, attribution),
   with journeyctl's default settings;
2. ``analyze funnel+DFG``: the same command's own code, reading, checking, matching and
   caching the events as it does, then only the funnel and the directly-follows graph
   between touchpoints (``queries.funnel_steps`` and ``queries.transitions``);
3. hand-written DuckDB SQL doing that same work in one script, with DuckDB's default
   settings: read the Parquet file, match events to touchpoints (names, the page globs),
   the ordered funnel within the window, the directly-follows counts with customers and
   seconds;
4. ``pm4py funnel+DFG``: the same answer as a pm4py user gets it (see ``PM4PY``): pandas
   reads the file, the events are mapped to touchpoints by hand, ``format_dataframe``,
   ``discover_dfg`` and ``discover_performance_dfg`` (total seconds per link), and the
   funnel from ``filter_eventually_follows_relation`` (pm4py has no window and no
   customers per link).

The contestants take turns run by run (1, 2, 3, 4, 1, 2, 3, 4, ...), so a busy moment on
the machine slows them alike; figures are medians. The bench checks that 2 and 3 find the
same funnel and the same graph, that 1's funnel is 2's, and that pm4py's graph is 2's
(counts and seconds) and its funnel 2's but for the window. Progress goes to standard
error, the tables to standard output. Exit codes: 0 done, 1 a contestant failed or disagreed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- analytics-bench:start -->", "<!-- analytics-bench:end -->"
sys.path.insert(0, str(ROOT / "bench"))

# 2: journeyctl's own code path for the funnel and the graph, nothing else.
JOURNEYCTL_CORE = r"""
import json, sys
from journeyctl.checker import check
from journeyctl.analytics import engine as engines, queries
from journeyctl.analytics.plan import plan_from
journey, log = sys.argv[1], sys.argv[2]
doc = next(d for d in check([journey]).documents if d.journey is not None)
plan = plan_from(doc.journey)
engine = engines.connect("duckdb")
events, _ = engines.load_files(engine, [log], plan.columns, ["customer", "timestamp", "event"], list(plan.where_columns))
m = engines.matched(events, plan, cache=True, keep=[])
funnel = queries.funnel_steps(m, plan.funnel, plan.window, plan.touchpoints)
graph = queries.transitions(m, plan.touchpoints)
json.dump({"funnel": [r["customers"] for r in funnel], "graph": sorted([r["from"], r["to"], r["transitions"], r["customers"], r["total_seconds"]] for r in graph)}, sys.stdout)
"""

# 3: the same work by hand, for the bench's journey (bench/generate_events.py).
HAND_SQL = r"""
import json, sys
import duckdb
log = sys.argv[2]
con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
con.execute("SET enable_progress_bar = false")
con.execute(f'''
CREATE TEMP TABLE m AS
SELECT customer_id AS customer, epoch("timestamp")::BIGINT AS t, file_row_number AS seq,
       CASE
         WHEN event = 'page_view' AND page = '/' THEN 'visits-home'
         WHEN event = 'page_view' AND page LIKE '/products/%' THEN 'views-product'
         WHEN event = 'page_view' AND page LIKE '/help/%' THEN 'reads-help'
         WHEN event = 'ad_click' THEN 'clicks-ad'
         WHEN event = 'add_to_cart' THEN 'adds-to-cart'
         WHEN event = 'checkout_started' THEN 'starts-checkout'
         WHEN event = 'order_placed' THEN 'places-order'
         WHEN event = 'review_written' THEN 'writes-review'
         WHEN event = 'support_call' THEN 'calls-support'
         WHEN event = 'chat_message' THEN 'chats-with-support'
       END AS tp
FROM read_parquet('{log}', file_row_number = true)
WHERE customer_id IS NOT NULL
''')
con.execute("DELETE FROM m WHERE tp IS NULL")
graph = con.execute('''
WITH s AS (
  SELECT customer, tp, t,
         lag(tp) OVER (PARTITION BY customer ORDER BY t, seq) AS prev,
         lag(t) OVER (PARTITION BY customer ORDER BY t, seq) AS prev_t
  FROM m)
SELECT prev, tp, count(*), count(DISTINCT customer), sum(t - prev_t)::BIGINT
FROM s WHERE prev IS NOT NULL GROUP BY prev, tp
''').fetchall()
steps = ['clicks-ad', 'visits-home', 'views-product', 'adds-to-cart', 'starts-checkout', 'places-order']
con.execute('''
CREATE TEMP TABLE f AS
SELECT customer, tp, t, row_number() OVER (PARTITION BY customer ORDER BY t, seq) AS pos
FROM m WHERE tp IN ('clicks-ad', 'visits-home', 'views-product', 'adds-to-cart', 'starts-checkout', 'places-order')
''')
con.execute("CREATE TEMP TABLE r0 AS SELECT customer, min(pos) AS p, min(t) AS start FROM f WHERE tp = 'clicks-ad' GROUP BY customer")
counts = [con.execute("SELECT count(*) FROM r0").fetchone()[0]]
for n, step in enumerate(steps[1:], start=1):
    con.execute(f'''
    CREATE TEMP TABLE r{n} AS
    SELECT f.customer, min(f.pos) AS p, min(r.start) AS start
    FROM f JOIN r{n - 1} r USING (customer)
    WHERE f.tp = '{step}' AND f.pos > r.p AND f.t <= r.start + 1209600
    GROUP BY f.customer''')
    counts.append(con.execute(f"SELECT count(*) FROM r{n}").fetchone()[0])
json.dump({"funnel": counts, "graph": sorted([list(row) for row in graph])}, sys.stdout)
"""

# 4: the same answer with pm4py, as a pm4py user gets it: read the file with pandas, map the
# events to touchpoints (pm4py has no mapping: the rules by hand, as in the SQL above),
# format the frame for pm4py (which sorts it by case, time and row), the directly-follows
# graph with its counts and its total seconds (pm4py has no customers per link), and the
# funnel from pm4py's eventually-follows filter, one chain of steps per step (it has no
# window, so it can count more at the last steps than a 14-day funnel does).
PM4PY = r"""
import contextlib, io, json, sys
import numpy as np
import pandas as pd
with contextlib.redirect_stdout(io.StringIO()):  # pm4py greets on standard output
    import pm4py
log = sys.argv[2]
frame = pd.read_parquet(log, columns=["customer_id", "timestamp", "event", "page"])
frame = frame[frame["customer_id"].notna()]
# pm4py has no touchpoint mapping: the map's rules by hand, as in the hand-written SQL.
event, page = frame["event"], frame["page"]
view = event == "page_view"
rules = [
    (view & (page == "/"), "visits-home"),
    (view & page.str.startswith("/products/", na=False), "views-product"),
    (view & page.str.startswith("/help/", na=False), "reads-help"),
    (event == "ad_click", "clicks-ad"),
    (event == "add_to_cart", "adds-to-cart"),
    (event == "checkout_started", "starts-checkout"),
    (event == "order_placed", "places-order"),
    (event == "review_written", "writes-review"),
    (event == "support_call", "calls-support"),
    (event == "chat_message", "chats-with-support"),
]
touchpoint = np.select([c.to_numpy(dtype=bool) for c, _ in rules], [t for _, t in rules], default="")
frame = frame.assign(touchpoint=touchpoint)[touchpoint != ""]
frame = pm4py.format_dataframe(frame, case_id="customer_id", activity_key="touchpoint", timestamp_key="timestamp")
dfg, _, _ = pm4py.discover_dfg(frame)
seconds, _, _ = pm4py.discover_performance_dfg(frame, perf_aggregation_key="sum")
steps = ["clicks-ad", "visits-home", "views-product", "adds-to-cart", "starts-checkout", "places-order"]
case = "case:concept:name"
funnel = [int(frame.loc[frame["concept:name"] == steps[0], case].nunique())]
for n in range(2, len(steps) + 1):
    funnel.append(int(pm4py.filter_eventually_follows_relation(frame, [tuple(steps[:n])])[case].nunique()))
json.dump({"funnel": funnel, "graph": sorted([a, b, int(count), int(round(seconds[(a, b)]))] for (a, b), count in dfg.items())}, sys.stdout)
"""


WHOLE, CORE, HAND, PM = "analyze (whole report)", "analyze funnel+DFG", "hand-written DuckDB SQL", "pm4py funnel+DFG"


def measure(argv: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Run one whole process; its wall time, CPU time and peak memory (MB, from os.wait4); its output."""
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "code": process.returncode,
            "wall": wall,
            "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024,
            "out": out.read().decode("utf-8", "replace"),
            "err": err.read().decode("utf-8", "replace"),
        }


def ensure_log(events: int) -> tuple[Path, Path]:
    from generate_events import generate

    log = WORK / f"events-{_label(events)}.parquet"
    journey = WORK / "shop.journey.yaml"
    if not log.exists() or not journey.exists():
        print(f"generating {log} ...", file=sys.stderr)
        generate(log, events, journey=journey)
    return log, journey


def _label(events: int) -> str:
    if events % 1_000_000 == 0:
        return f"{events // 1_000_000}m"
    if events % 1_000 == 0:
        return f"{events // 1_000}k"
    return str(events)


def contestants(journey: Path, log: Path, pm4py: bool) -> dict[str, list[str]]:
    python = sys.executable
    found = {
        WHOLE: [python, "-m", "journeyctl", "analyze", str(journey), "--events", str(log), "--format", "json"],
        CORE: [python, "-c", JOURNEYCTL_CORE, str(journey), str(log)],
        HAND: [python, "-c", HAND_SQL, str(journey), str(log)],
    }
    if pm4py:
        found[PM] = [python, "-c", PM4PY, str(journey), str(log)]
    return found


def bench_size(events: int, runs: int, pm4py: bool) -> dict:
    log, journey = ensure_log(events)
    tools = contestants(journey, log, pm4py)
    results: dict[str, list[dict]] = {name: [] for name in tools}
    loads: list[float] = []
    for run in range(runs):
        for name, argv in tools.items():
            loads.append(os.getloadavg()[0])
            found = measure(argv, WORK)
            print(f"{_label(events)} run {run + 1}/{runs} {name}: {found['wall']:.2f} s ({found['cpu']:.2f} CPU), {found['peak_mb']:.0f} MB, load {loads[-1]:.1f}", file=sys.stderr)
            if found["code"] != 0:
                print(found["err"][-2000:], file=sys.stderr)
                raise SystemExit(f"{name} failed on {log.name} (exit {found['code']})")
            results[name].append(found)
    core = json.loads(results[CORE][0]["out"])
    hand = json.loads(results[HAND][0]["out"])
    if core != hand:
        raise SystemExit(f"journeyctl and the hand-written SQL disagree on {log.name}:\n{core['funnel']}\n{hand['funnel']}")
    report = json.loads(results[WHOLE][0]["out"])
    whole_funnel = [s["customers"] for s in report["measures"]["funnel"]["steps"]]
    if whole_funnel != core["funnel"]:
        raise SystemExit(f"the report's funnel {whole_funnel} is not the core's {core['funnel']}")
    pm_funnel = None
    if PM in results:
        pm = json.loads(results[PM][0]["out"])
        ours = sorted([f, t, n, seconds] for f, t, n, _, seconds in core["graph"])
        if pm["graph"] != ours:
            raise SystemExit(f"pm4py's directly-follows graph is not journeyctl's on {log.name}")
        # No window in pm4py's funnel: the same first step, never fewer customers after it.
        if pm["funnel"][0] != core["funnel"][0] or any(p < c for p, c in zip(pm["funnel"], core["funnel"])):
            raise SystemExit(f"pm4py's funnel {pm['funnel']} cannot be journeyctl's {core['funnel']} without the window")
        pm_funnel = pm["funnel"]
    summary = {
        name: {
            "wall": statistics.median(r["wall"] for r in rs),
            "cpu": statistics.median(r["cpu"] for r in rs),
            "peak_mb": max(r["peak_mb"] for r in rs),
        }
        for name, rs in results.items()
    }
    return {
        "events": events,
        "customers": report["data"]["customers"],
        "funnel": core["funnel"],
        "pm4py_funnel": pm_funnel,
        "tools": summary,
        "runs": runs,
        "load": (min(loads), max(loads)),
    }


def table(all_sizes: list[dict]) -> str:
    names = list(all_sizes[0]["tools"])
    lines = [
        "| events | customers | " + " | ".join(names) + " |",
        "| ---: | ---: | " + " | ".join("---:" for _ in names) + " |",
    ]
    for size in all_sizes:
        cells = []
        for name in names:
            t = size["tools"].get(name)
            cells.append("—" if t is None else f"{t['wall']:.1f} s ({t['cpu']:.1f} CPU), {t['peak_mb']:.0f} MB")
        lines.append(f"| {size['events']:,} | {size['customers']:,} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("| events | funnel+DFG / hand-written SQL | whole report / hand-written SQL | pm4py / funnel+DFG | pm4py / whole report |")
    lines.append("| ---: | ---: | ---: | ---: | ---: |")

    def ratio(a: dict | None, b: dict | None) -> str:
        return "—" if a is None or b is None else f"{a['wall'] / b['wall']:.2f}× ({a['cpu'] / b['cpu']:.2f}× CPU)"

    for size in all_sizes:
        tools = size["tools"]
        hand, core, whole, pm = tools[HAND], tools[CORE], tools[WHOLE], tools.get(PM)
        cells = [ratio(core, hand), ratio(whole, hand), ratio(pm, core), ratio(pm, whole)]
        lines.append(f"| {size['events']:,} | " + " | ".join(cells) + " |")
    lines.append("")
    for size in all_sizes:
        low, high = size["load"]
        funnels = f"funnel {', '.join(f'{n:,}' for n in size['funnel'])}"
        if size.get("pm4py_funnel"):
            funnels += f" (pm4py, without the window: {', '.join(f'{n:,}' for n in size['pm4py_funnel'])})"
        lines.append(f"- {size['events']:,} events: {funnels}; load average {low:.1f} to {high:.1f} during the runs.")
    if len(all_sizes) > 1:
        small, big = all_sizes[0], all_sizes[-1]
        factor = big["events"] / small["events"]
        lines.append("")
        lines.append(f"Growth from {small['events']:,} to {big['events']:,} events ({factor:.0f}× the events):")
        lines.append("")
        for name in big["tools"]:
            if name in small["tools"]:
                b, a = big["tools"][name], small["tools"][name]
                lines.append(f"- {name}: {b['wall'] / a['wall']:.1f}× the time ({b['cpu'] / a['cpu']:.1f}× the CPU time), {b['peak_mb'] / a['peak_mb']:.1f}× the memory")
    return "\n".join(lines)


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    import duckdb

    return f"{os.cpu_count()} cores, Python {platform.python_version()}, DuckDB {duckdb.__version__}, load average {load:.1f} at the end"


def write_doc(text: str, path: Path = DOC) -> None:
    body = f"{START}\n{text}\n{END}"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if START in current and END in current:
        before, rest = current.split(START, 1)
        after = rest.split(END, 1)[1]
        updated = before + body + after
    else:
        updated = current.rstrip("\n") + "\n\n## Analytics\n\n" + body + "\n"
    partial = path.with_name(path.name + ".partial")
    partial.write_text(updated, encoding="utf-8")
    partial.replace(path)


def main(argv: list[str] | None = None) -> int:
    global WORK
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000], help="event counts (default 1,000,000 and 10,000,000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each contestant per size (default 3)")
    parser.add_argument("--pm4py-max", type=int, default=10_000_000, help="time pm4py only up to this many events (default 10,000,000)")
    parser.add_argument("--no-pm4py", action="store_true", help="leave pm4py out")
    parser.add_argument("--work", type=Path, default=WORK, help="where the logs are generated (default bench/.work)")
    parser.add_argument("--write-doc", nargs="?", const=str(DOC), metavar="PATH", help="rewrite the figures between the analytics-bench markers of docs/performance.md")
    args = parser.parse_args(argv)
    WORK = args.work.resolve()
    WORK.mkdir(parents=True, exist_ok=True)
    if not args.no_pm4py:
        import contextlib
        import io

        try:
            with contextlib.redirect_stdout(io.StringIO()):  # pm4py greets on standard output
                import pm4py  # noqa: F401
        except ImportError:
            args.no_pm4py = True
            print("pm4py is not installed (pip install -e '.[bench]'): left out", file=sys.stderr)
    sizes = []
    try:
        for events in args.sizes:
            sizes.append(bench_size(events, args.runs, pm4py=not args.no_pm4py and events <= args.pm4py_max))
    except SystemExit as stop:
        print(stop, file=sys.stderr)
        return 1
    text = table(sizes) + f"\n\nMeasured with {args.runs} run{'s' if args.runs != 1 else ''} per contestant and size (medians; peak memory: the largest of the runs); {machine()}."
    print(text)
    if args.write_doc:
        write_doc(text, Path(args.write_doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
