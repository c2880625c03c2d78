"""Time decay by time (``analytics/decay.py``) through the real ``journeyctl analyze``, on
DuckDB and on Spark, with a half-life of one minute so that every share is a plain fraction.

The event log, one customer at a time (ad = sees-ad, social; view = views-product, web):

- a1: ad 10:00, view 10:01, order 10:02 with no amount, order 10:03 of 80. Only the touches
  before the first order count, and its value is that order's: none, so 0 (not the 80 of the
  second). The ad is a minute before the last touch: weights 1/2 and 1, shares 1/3 and 2/3.
- a2: view 10:00, order 10:01 of 90, ad 10:05, order 10:06 of 10: the view alone, 1 and 90;
  the ad after the first order counts for nothing.
- a3: ad, order of 30, view, all in the same second: file order decides, so the ad is before
  the order (1 and 30) and the view after it (nothing).
- a4: an order of 20 and no touch before it: unattributed.
- a5: ad, view, no order: nothing.
- a6: ad 10:00, view 10:02, order 10:03 of 60: the ad two minutes before the view weighs 1/4:
  shares 1/5 and 4/5, value 12 and 48.

Sums: sees-ad 1/3 + 1 + 1/5 conversions, 0 + 30 + 12 = 42 of value; views-product
2/3 + 1 + 4/5, 0 + 90 + 48 = 138; 5 converters, 1 unattributed; 200 of value (0 + 90 + 30 + 20 + 60), 20 unattributed.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess

import pytest

from helpers import ROOT, run, write
from lamp_shop import MAP

EVENTS = [
    ["customer_id", "timestamp", "event", "channel", "amount"],
    ["a1", "2024-01-01T10:00:00Z", "ad_click", "social", ""],
    ["a1", "2024-01-01T10:01:00Z", "product_viewed", "web", ""],
    ["a1", "2024-01-01T10:02:00Z", "order_placed", "web", ""],
    ["a1", "2024-01-01T10:03:00Z", "order_placed", "web", "80"],
    ["a2", "2024-01-01T10:00:00Z", "product_viewed", "web", ""],
    ["a2", "2024-01-01T10:01:00Z", "order_placed", "web", "90"],
    ["a2", "2024-01-01T10:05:00Z", "ad_click", "social", ""],
    ["a2", "2024-01-01T10:06:00Z", "order_placed", "web", "10"],
    ["a3", "2024-01-01T12:00:00Z", "ad_click", "social", ""],
    ["a3", "2024-01-01T12:00:00Z", "order_placed", "web", "30"],
    ["a3", "2024-01-01T12:00:00Z", "product_viewed", "web", ""],
    ["a4", "2024-01-01T13:00:00Z", "order_placed", "web", "20"],
    ["a5", "2024-01-01T14:00:00Z", "ad_click", "social", ""],
    ["a5", "2024-01-01T14:01:00Z", "product_viewed", "web", ""],
    ["a6", "2024-01-01T10:00:00Z", "ad_click", "social", ""],
    ["a6", "2024-01-01T10:02:00Z", "product_viewed", "web", ""],
    ["a6", "2024-01-01T10:03:00Z", "order_placed", "web", "60"],
]


def _java_ok() -> bool:
    ensure = ROOT / "scripts" / "ensure-java.sh"
    return shutil.which("java") is not None and subprocess.run(["sh", str(ensure)], capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    folder = tmp_path_factory.mktemp("decay")
    write(folder, "shop.journey.yaml", MAP)
    with (folder / "events.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(EVENTS)
    return folder


def _attribution(shop, engine: str) -> dict:
    if engine == "spark" and not _java_ok():
        pytest.skip("Spark needs a Java 17+ runtime (scripts/ensure-java.sh)")
    result = run("analyze", "shop.journey.yaml", "--events", "events.csv", "--engine", engine, "--half-life", "1m", "--format", "json", cwd=shop, timeout=600)
    assert result.returncode == 0, result.err
    return json.loads(result.out)["measures"]["attribution"]


@pytest.mark.parametrize("engine", ["duckdb", "spark"])
def test_time_decay_counts_touches_before_the_first_conversion_and_its_value(shop, engine):
    section = _attribution(shop, engine)
    assert section["half_life"] == {"seconds": 60, "text": "1m"}
    level = section["touchpoints"]
    assert (level["conversions"], level["unattributed_conversions"]) == (5.0, 1.0)
    assert (level["value"], level["unattributed_value"]) == (200.0, 20.0)
    decay = {row["name"]: row["conversions"]["time_decay"] for row in level["rows"]}
    assert decay == {"sees-ad": round(1 / 3 + 1 + 1 / 5, 6), "views-product": round(2 / 3 + 1 + 4 / 5, 6)}
    value = {row["name"]: row["value"]["time_decay"] for row in level["rows"]}
    assert value == {"sees-ad": 42.0, "views-product": 138.0}
    channels = {row["name"]: (row["conversions"]["time_decay"], row["value"]["time_decay"]) for row in section["channels"]["rows"]}
    assert channels == {"social": (round(1 / 3 + 1 + 1 / 5, 6), 42.0), "web": (round(2 / 3 + 1 + 4 / 5, 6), 138.0)}
