"""The engine's fast paths keep the answers and the messages: a Parquet file is read in
place and checked in one scan (not copied), the matched events are cached compressed, and
each event's place in its customer's order comes from its time and its row."""

from __future__ import annotations

import json

import pytest

from helpers import run, write
from test_analyze_input import arrow_table, measures, typed_times
from test_analyze_measures import MAP, ROWS, write_log

pytest.importorskip("duckdb")
pytest.importorskip("ibis")
pq = pytest.importorskip("pyarrow.parquet")


@pytest.fixture
def shop(tmp_path):
    write(tmp_path, "shop.journey.yaml", MAP)
    return tmp_path


def analyze(folder, *args):
    return run("analyze", "shop.journey.yaml", *args, cwd=folder)


def test_a_parquet_timestamp_that_is_not_a_time_is_named_by_file_and_row(shop):
    rows = [list(row) for row in ROWS]
    rows[2][1] = "yesterday"  # the third row, as text in the file
    pq.write_table(arrow_table(rows), shop / "events.parquet")
    result = analyze(shop, "--events", "events.parquet")
    assert result.returncode == 2
    assert 'events.parquet row 3: the timestamp "yesterday" is not a date and time' in result.err
    assert "Traceback" not in result.err


def test_an_empty_parquet_timestamp_is_named_by_row(shop):
    rows = [list(row) for row in ROWS]
    rows[4][1] = ""
    pq.write_table(arrow_table(rows), shop / "events.parquet")
    result = analyze(shop, "--events", "events.parquet")
    assert result.returncode == 2
    assert "events.parquet row 5: the timestamp (timestamp) is empty" in result.err


def test_rows_without_a_customer_in_parquet_are_counted_and_left_out_as_in_csv(shop):
    rows = [list(row) for row in ROWS] + [["", "2024-01-01T10:00:00Z", "ad_click", "social", "", ""], ["", "2024-01-02T10:00:00Z", "page_view", "web", "/", ""]]
    write_log(shop, "events.csv", rows)
    from_csv = measures(analyze(shop, "--events", "events.csv", "--format", "json"))
    pq.write_table(typed_times(arrow_table(rows)), shop / "events.parquet")
    result = analyze(shop, "--events", "events.parquet", "--format", "json")
    assert measures(result) == from_csv
    missing = sum(1 for row in rows if not row[0])
    assert missing >= 2
    assert json.loads(result.out)["data"]["rows_without_customer"] == missing
    assert f"{missing} rows without a customer id left out." in result.err


def test_equal_times_keep_the_file_order_across_parquet_files(shop):
    """One customer, every event in the same second, split over two files named in order:
    the funnel follows the rows, file by file (the ad in a.parquet, the rest in b.parquet)."""
    same = "2024-01-01T10:00:00Z"
    first = [["c1", same, "ad_click", "social", "", ""]]
    second = [["c1", same, "page_view", "web", "/products/lamp", ""], ["c1", same, "add_to_cart", "web", "", ""]]
    (shop / "logs").mkdir()
    pq.write_table(arrow_table(first), shop / "logs" / "a.parquet")
    pq.write_table(arrow_table(second), shop / "logs" / "b.parquet")
    forward = measures(analyze(shop, "--events", "logs/a.parquet", "--events", "logs/b.parquet", "--format", "json"))
    backward = measures(analyze(shop, "--events", "logs/b.parquet", "--events", "logs/a.parquet", "--format", "json"))
    reached = [step["customers"] for step in forward["funnel"]["steps"]]
    assert reached[:3] == [1, 1, 1]
    # read the other way round, the ad comes after the product view and the cart
    assert [step["customers"] for step in backward["funnel"]["steps"]][:2] == [1, 0]
    links = {(t["from"], t["to"]) for t in forward["transitions"]["transitions"]}
    assert ("sees-ad", "views-product") in links and ("views-product", "adds-to-cart") in links
