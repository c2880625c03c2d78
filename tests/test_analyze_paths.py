"""The distinct-paths query (``queries.paths``), which feeds Markov and the path-based models:
the exact rows on DuckDB, and the figures they make through the real ``journeyctl analyze`` on
DuckDB and on Spark.

The event log, one customer at a time (ad = sees-ad, view = views-product, order = the
conversion, news = an event no touchpoint maps):

- p1: ad, view, order of 50, view, order of 70: the path (ad, view), its value the first
  order's 50; what follows the first order counts for nothing.
- p2: view, ad, ad, no order: the path (view, ad, ad), repeats kept, a null path.
- p3: order of 40, then ad, view: touches only after the first order, so the empty path, 40.
- p4: an order of 10, nothing else: the empty path, 10 (the same path as p3's).
- p5: news only: the empty path, a null one (a customer with no mapped event counts too).
- p6: ad, view, order with no amount: the path (ad, view), 0.
- p7: view, ad, order of 30: the path (view, ad), 30.

Rows: () 2 conversions, 1 null, 50; (ad, view) 2, 0, 50; (view, ad) 1, 0, 30;
(view, ad, ad) 0, 1, 0. First touch: ad 2 and 50 (p1, p6), view 1 and 30 (p7); last touch:
view 2 and 50, ad 1 and 30; linear: halves, ad and view 1.5 and 40 each; 5 conversions,
2 unattributed; 130 of value, 50 unattributed.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess

import pytest

from helpers import ROOT, run, write
from lamp_shop import MAP

AD, VIEW, ORDER, NEWS = ("ad_click", "social"), ("product_viewed", "web"), ("order_placed", "web"), ("newsletter_opened", "email")
CUSTOMERS = {
    "p1": [AD, VIEW, (ORDER, "50"), VIEW, (ORDER, "70")],
    "p2": [VIEW, AD, AD],
    "p3": [(ORDER, "40"), AD, VIEW],
    "p4": [(ORDER, "10")],
    "p5": [NEWS],
    "p6": [AD, VIEW, ORDER],
    "p7": [VIEW, AD, (ORDER, "30")],
}


def _rows() -> list[list[str]]:
    rows = [["customer_id", "timestamp", "event", "channel", "amount"]]
    # Written customer by customer in reverse, one minute apart within a customer, so the
    # file order is not the order of anything.
    for customer, events in reversed(CUSTOMERS.items()):
        for minute, event in reversed(list(enumerate(events))):
            (name, channel), amount = event if isinstance(event[0], tuple) else (event, "")
            rows.append([customer, f"2024-01-01T10:{minute:02d}:00Z", name, channel, amount])
    return rows


def _java_ok() -> bool:
    ensure = ROOT / "scripts" / "ensure-java.sh"
    return shutil.which("java") is not None and subprocess.run(["sh", str(ensure)], capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    folder = tmp_path_factory.mktemp("paths")
    write(folder, "shop.journey.yaml", MAP)
    with (folder / "events.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(_rows())
    return folder


EXPECTED = [
    {"path": (), "conversions": 2, "nulls": 1, "value": 50.0},
    {"path": ("sees-ad", "views-product"), "conversions": 2, "nulls": 0, "value": 50.0},
    {"path": ("views-product", "sees-ad"), "conversions": 1, "nulls": 0, "value": 30.0},
    {"path": ("views-product", "sees-ad", "sees-ad"), "conversions": 0, "nulls": 1, "value": 0.0},
]


@pytest.fixture(scope="module")
def matched(shop):
    """The matched events on DuckDB, as ``journeyctl analyze`` makes them (one per process:
    the cache database is the process's)."""
    from journeyctl.analytics import engine as engines
    from journeyctl.analytics.plan import plan_from
    from journeyctl.checker import check
    from journeyctl.lint import Linter

    linter = Linter(None)
    report = linter.finish(check([str(shop / "shop.journey.yaml")], linter))
    doc = next(d for d in report.documents if d.kind != "config")
    plan = plan_from(doc.journey)
    engine = engines.connect("duckdb")
    events, _ = engines.load_files(engine, [str(shop / "events.csv")], plan.columns, ["customer", "timestamp", "event", "channel", "value"], [])
    return engines.matched(events, plan, cache=True, keep=[]), plan


@pytest.mark.parametrize("numbers", [True, False], ids=["touchpoint numbers", "touchpoint ids"])
def test_paths_rows_on_duckdb(matched, numbers):
    from journeyctl.analytics import queries

    table, plan = matched
    assert queries.paths(table, plan.touchpoints if numbers else None) == EXPECTED


@pytest.mark.parametrize("engine", ["duckdb", "spark"])
def test_paths_figures_through_analyze(shop, engine):
    if engine == "spark" and not _java_ok():
        pytest.skip("Spark needs a Java 17+ runtime (scripts/ensure-java.sh)")
    result = run("analyze", "shop.journey.yaml", "--events", "events.csv", "--engine", engine, "--format", "json", cwd=shop, timeout=600)
    assert result.returncode == 0, result.err
    level = json.loads(result.out)["measures"]["attribution"]["touchpoints"]
    assert level["paths"] == 4
    assert (level["conversions"], level["unattributed_conversions"], level["value"], level["unattributed_value"]) == (5.0, 2.0, 130.0, 50.0)
    figures = {row["name"]: {model: (row["conversions"][model], row["value"][model]) for model in ("first_touch", "last_touch", "linear")} for row in level["rows"]}
    assert figures["sees-ad"] == {"first_touch": (2.0, 50.0), "last_touch": (1.0, 30.0), "linear": (1.5, 40.0)}
    assert figures["views-product"] == {"first_touch": (1.0, 30.0), "last_touch": (2.0, 50.0), "linear": (1.5, 40.0)}
