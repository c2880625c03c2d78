"""journeyctl analyze's outputs: text for people, CSV per table, drift as CI annotations, exit codes."""

from __future__ import annotations

import csv
import json

import pytest

from helpers import run, write
from test_analyze_measures import MAP, write_log


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shop")
    write(folder, "shop.journey.yaml", MAP)
    write_log(folder)
    return folder


def test_text_report_has_only_the_report_on_stdout(shop):
    result = run("analyze", "shop.journey.yaml", "--events", "events.csv", "--color", "never", cwd=shop)
    assert result.returncode == 0, result.err
    out = result.out
    assert out.startswith("Buying a lamp (shop.journey.yaml)\n26 events of 7 customers from 1 file; 92.3% of events stand for a touchpoint; 5 customers converted.\n")
    assert "journeyctl:" not in out  # notices go to standard error
    assert "journeyctl: note: 2 rows without a customer id left out." in result.err
    funnel = out[out.index("Funnel along the map") :].splitlines()
    assert funnel[0] == "Funnel along the map (window 14 d from the first step)"
    assert funnel[3].split() == ["1", "Sees", "an", "ad", "(sees-ad)", "7", "100.0%", "42.9%", "4", "57.1%"]
    # numbers are right-aligned: the customers column ends at the same place on every row
    end = funnel[1].index("Customers") + len("Customers")
    assert [line[end - 1] for line in funnel[3:7]] == ["7", "3", "3", "2"]
    assert all(line[end] == " " for line in funnel[3:7])
    assert "median 1 h, p75 14 d, p90 14 d, mean 5 d 14 h (5 customers)" in out
    assert "shop.journey.yaml:10:9: warning D001 customers go from \"sees-ad\" straight to \"calls-support\" (2 times, 2 customers), but the map has no such step" in out
    assert "26 |     events: review_read" in out


def test_csv_writes_one_file_per_table(shop):
    folder = shop / "analysis"
    result = run("analyze", "shop.journey.yaml", "--events", "events.csv", "--format", "csv", "-o", str(folder), cwd=shop)
    assert result.returncode == 0, result.err
    written = sorted(p.name for p in folder.iterdir())
    assert "funnel.csv" in written and "summary.csv" in written and "transitions.csv" in written
    assert not [name for name in written if name.startswith(".")]  # no temporary files left
    assert sorted(result.out.splitlines()) == sorted(str(folder / name) for name in written)  # each file written, on its own line
    with (folder / "funnel.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["touchpoint"], r["customers"], r["drop_off"]) for r in rows] == [("sees-ad", "7", "4"), ("views-product", "3", "0"), ("adds-to-cart", "3", "1"), ("order-placed", "2", "")]
    with (folder / "summary.csv").open(newline="", encoding="utf-8") as handle:
        summary = {r["figure"]: r["value"] for r in csv.DictReader(handle)}
    assert summary["seconds_to_conversion_median"] == "3600.0"
    assert summary["rows_without_customer"] == "2"


def test_github_annotations_and_fail_on(shop):
    result = run("analyze", "shop.journey.yaml", "--events", "events.csv", "--format", "github", "--fail-on", "warning", cwd=shop)
    assert result.returncode == 1, result.err
    lines = [line for line in result.out.splitlines() if line.startswith("::")]
    assert len(lines) == 8
    assert lines[0].startswith("::warning file=shop.journey.yaml,line=10,col=9,")
    assert "title=D001 unmapped-transition" in lines[0]
    assert any("title=D003 unseen-touchpoint" in line and "line=26" in line for line in lines)


def test_sarif_names_the_drift_rules_and_json_is_stable(shop, tmp_path):
    result = run("analyze", "shop.journey.yaml", "--events", "events.csv", "--format", "sarif", "-o", str(tmp_path / "drift.sarif"), cwd=shop)
    assert result.returncode == 0, result.err  # warnings do not fail at --fail-on error
    assert result.out == ""
    sarif = json.loads((tmp_path / "drift.sarif").read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert sorted({r["ruleId"] for r in results}) == ["D001", "D002", "D003", "D004"]
    first = run("analyze", "shop.journey.yaml", "--events", "events.csv", "--format", "json", cwd=shop)
    second = run("analyze", "shop.journey.yaml", "--events", "events.csv", "--format", "json", cwd=shop)
    assert first.out == second.out  # byte for byte
    measures = json.loads(first.out)["measures"]
    assert all("definition" in block for block in measures.values())
