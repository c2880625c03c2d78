"""journeyctl analyze on bad and varied input: plain messages, exit 2, never a traceback;
the same figures from CSV, Parquet and JSON lines, one file or a glob of several."""

from __future__ import annotations

import json
import sys

import pytest

from helpers import ROOT, run, write
from test_analyze_measures import HEADER, MAP, ROWS, write_log


@pytest.fixture
def shop(tmp_path):
    write(tmp_path, "shop.journey.yaml", MAP)
    return tmp_path


def analyze(folder, *args):
    return run("analyze", "shop.journey.yaml", *args, cwd=folder)


def measures(result) -> dict:
    assert result.returncode == 0, result.err
    document = json.loads(result.out)
    return document["measures"] | {"data": {k: v for k, v in document["data"].items() if k != "sources"}}


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    folder = tmp_path_factory.mktemp("csv")
    write(folder, "shop.journey.yaml", MAP)
    write_log(folder)
    return measures(analyze(folder, "--events", "events.csv", "--format", "json"))


def arrow_table(rows):
    import pyarrow as pa

    columns = list(zip(*rows))
    return pa.table({name: [value or None for value in column] for name, column in zip(HEADER, columns)})


def typed_times(table):
    """The timestamp column as Parquet's own type (UTC), not text."""
    from datetime import datetime, timezone

    import pyarrow as pa

    def parse(text):
        moment = datetime.fromisoformat(text)
        return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)

    times = pa.array([parse(v) for v in table.column("timestamp").to_pylist()], pa.timestamp("s", tz="UTC"))
    return table.set_column(table.schema.get_field_index("timestamp"), "timestamp", times)


def test_parquet_files_by_glob_give_the_same_figures(shop, expected):
    import pyarrow.parquet as pq

    (shop / "logs").mkdir()
    half = 10  # c1 and c2 in one file, the rest in the other
    pq.write_table(arrow_table(ROWS[:half]), shop / "logs" / "a.parquet")
    pq.write_table(typed_times(arrow_table(ROWS[half:])), shop / "logs" / "b.parquet")  # real timestamps, with a time zone
    result = analyze(shop, "--events", "logs/*.parquet", "--format", "json")
    assert measures(result) == expected
    assert json.loads(result.out)["data"]["sources"] == ["logs/a.parquet", "logs/b.parquet"]


def test_json_lines_and_several_files_give_the_same_figures(shop, expected):
    lines = [json.dumps({k: v for k, v in zip(HEADER, row) if v}) for row in ROWS[:12]]
    write(shop, "first.jsonl", "\n".join(lines) + "\n")
    write_log(shop, "rest.csv", ROWS[12:])
    assert measures(analyze(shop, "--events", "first.jsonl", "--events", "rest.csv", "--format", "json")) == expected


def test_columns_mapped_by_option(shop, expected):
    renamed = [["user_id" if h == "customer_id" else "when" if h == "timestamp" else h for h in HEADER]]
    path = shop / "renamed.csv"
    path.write_text("\n".join(",".join(r) for r in renamed + ROWS) + "\n", encoding="utf-8")
    result = analyze(shop, "--events", "renamed.csv", "--format", "json", "--column", "customer=user_id", "--column", "timestamp=when")
    assert measures(result) == expected


def test_missing_column_names_the_columns_and_the_closest(shop):
    write(shop, "log.csv", "customer,timestamp,event,channel\nc1,2024-01-01T00:00:00Z,ad_click,web\n")
    result = analyze(shop, "--events", "log.csv")
    assert result.returncode == 2
    assert result.out == ""
    assert 'log.csv: no column "customer_id" for the customer id; the columns are "customer", "timestamp", "event", "channel".' in result.err
    assert 'Did you mean "customer"? Then add --column customer=customer.' in result.err


def test_bad_timestamp_names_file_and_row(shop):
    write(shop, "log.csv", "customer_id,timestamp,event,channel\nc1,2024-01-01T00:00:00Z,ad_click,web\nc1,yesterday,ad_click,web\n")
    result = analyze(shop, "--events", "log.csv")
    assert result.returncode == 2
    assert 'log.csv row 2: the timestamp "yesterday" is not a date and time' in result.err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "empty.csv: the file is empty"),
        ("header.csv", b"customer_id,timestamp,event\n", "header.csv: the file has no rows (only a header)"),
        ("latin.csv", "customer_id,timestamp,event\nJosé,2024-01-01T00:00:00Z,ad_click\n".encode("latin-1"), "latin.csv: line 2: the file is not UTF-8 text"),
        ("fake.parquet", b"customer_id,timestamp,event\nc1,2024-01-01T00:00:00Z,ad_click\n", "fake.parquet: the file is not Parquet, as its extension says (text)"),
        ("log.jsonl", b"customer_id,timestamp,event\n", "log.jsonl: the file is not JSON lines"),
        ("json.csv", b'{"customer_id": "c1", "event": "ad_click"}\n', "json.csv: the file is JSON, not CSV as its extension says"),
        ("log.xlsx", b"PK\x03\x04", "log.xlsx: cannot tell the format from the file name"),
    ],
)
def test_unreadable_files(shop, name, content, message):
    write(shop, name, content)
    result = analyze(shop, "--events", name)
    assert result.returncode == 2, result.err
    assert message in result.err
    assert result.out == ""


def test_parquet_named_csv(shop):
    import pyarrow.parquet as pq

    pq.write_table(arrow_table(ROWS), shop / "events.csv")
    result = analyze(shop, "--events", "events.csv")
    assert result.returncode == 2
    assert "events.csv: the file is Parquet, not CSV as its extension says; name it .parquet" in result.err


def test_no_file_matches_the_glob_and_no_such_file(shop):
    result = analyze(shop, "--events", "logs/*.parquet", "--events", "missing.csv")
    assert result.returncode == 2
    assert "--events logs/*.parquet: no file matches this pattern" in result.err


def test_usage_errors(shop):
    write_log(shop)
    result = analyze(shop, "--events", "events.csv", "--abandonment", "adds-to-kart:order-placed", "--column", "customer=user")
    assert result.returncode == 2
    assert "--abandonment adds-to-kart:order-placed: the map has no touchpoint \"adds-to-kart\"; Did you mean \"adds-to-cart\"?" in result.err
    result = analyze(shop, "--events", "events.csv", "--breakdown", "mood")
    assert result.returncode == 2
    assert '--breakdown mood: the event log has no column "mood"' in result.err
    result = analyze(shop)
    assert result.returncode == 2 and "--events" in result.err


def test_a_map_with_errors_is_reported_and_not_analysed(shop):
    write_log(shop)
    write(shop, "shop.journey.yaml", MAP.replace("conversion: order-placed", "conversion: order-placd"))
    result = analyze(shop, "--events", "events.csv")
    assert result.returncode == 1
    assert "R001" in result.out and "order-placd" in result.out
    assert "Funnel" not in result.out


def test_without_the_analytics_extra_the_message_says_what_to_install(shop):
    write_log(shop)
    hide = "import sys; sys.modules['ibis'] = None; sys.modules['duckdb'] = None; sys.argv = ['journeyctl', *sys.argv[1:]]; from journeyctl.cli import main; main()"
    import subprocess

    result = subprocess.run([sys.executable, "-c", hide, "analyze", "shop.journey.yaml", "--events", "events.csv"], cwd=shop, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "install it with: pip install 'journeyctl[analytics]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_and_render_import_no_analytics(shop):
    import subprocess

    for command in (["validate", "shop.journey.yaml"], ["render", "shop.journey.yaml", "--format", "dot", "-o", "-"]):
        result = subprocess.run([sys.executable, "-X", "importtime", "-m", "journeyctl", *command], cwd=shop, capture_output=True, text=True, timeout=60, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
        modules = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
        heavy = sorted(m for m in modules if m.split(".")[0] in ("duckdb", "ibis", "numpy", "pyarrow", "pandas", "pyspark") or m == "journeyctl.analytics" or m.startswith("journeyctl.analytics."))
        assert heavy == [], command
        assert "journeyctl.cli" in modules


def test_a_table_in_a_database_by_connection_url(shop):
    """--connection: a DuckDB file holding the events. A table has no row order, so equal
    timestamps are ordered by event name (then touchpoint): c1's cart (add_to_cart) comes
    before its product view (page_view), and c6's ad (ad_click) before its view."""
    import duckdb

    write_log(shop)
    database = shop / "events.db"
    con = duckdb.connect(str(database))
    con.execute(f"CREATE TABLE events AS SELECT * FROM read_csv('{shop / 'events.csv'}', all_varchar = true)")
    con.close()
    result = run("analyze", "shop.journey.yaml", "--connection", f"duckdb:///{database}", "--table", "events", "--format", "json", cwd=shop)
    assert result.returncode == 0, result.err
    document = json.loads(result.out)
    assert document["data"]["rows_without_customer"] == 2
    assert [s["customers"] for s in document["measures"]["funnel"]["steps"]] == [7, 4, 2, 1]
    # text timestamps keep their offsets: c5's ad (12:00+02:00) is half an hour before its order
    assert document["measures"]["time_to_conversion"]["seconds"]["min"] == 600
    result = run("analyze", "shop.journey.yaml", "--connection", "duckdb://missing.db", "--table", "events", cwd=shop)
    assert result.returncode == 2
    assert "--connection duckdb://missing.db: no such DuckDB file missing.db" in result.err
    assert not (shop / "missing.db").exists()
    result = run("analyze", "shop.journey.yaml", "--connection", f"duckdb:///{database}", "--table", "evnts", cwd=shop)
    assert result.returncode == 2
    assert "--table evnts: no such table" in result.err


def test_a_map_that_imports_a_library_is_the_one_analysed(shop):
    (shop / ".git").mkdir()
    write(shop, "a-shared.library.yaml", "version: 1\nkind: library\nchannels:\n  - id: web\n    name: Website\n")
    write(shop, "shop.journey.yaml", MAP.replace("title: Buying a lamp\n", "title: Buying a lamp\nimports:\n  - path: a-shared.library.yaml\n"))
    write_log(shop)
    result = analyze(shop, "--events", "events.csv", "--format", "json")
    assert result.returncode == 0, result.err
    assert json.loads(result.out)["journey"]["id"] == "shop"


def test_a_log_where_no_event_stands_for_a_touchpoint(shop):
    """Nothing to measure is still an answer: zero customers on every step, each tracked
    touchpoint reported as unseen (D003), and every step between them (D002), exit 0 (warnings do not fail by default)."""
    write_log(shop, rows=[["c1", "2024-01-01T10:00:00Z", "newsletter_open", "email", "", ""], ["c2", "2024-01-01T11:00:00Z", "newsletter_open", "email", "", ""]])
    result = analyze(shop, "--events", "events.csv", "--format", "json")
    assert result.returncode == 0, result.err
    document = json.loads(result.out)
    assert [s["customers"] for s in document["measures"]["funnel"]["steps"]] == [0, 0, 0, 0]
    assert document["measures"]["drift"]["unmapped_share"] == 1.0
    codes = [p["code"] for p in document["problems"]]
    assert codes.count("D003") == 6  # every tracked touchpoint
    assert set(codes) == {"D002", "D003"}  # and every step of the map between them is unseen
