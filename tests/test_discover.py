"""journeyctl analyze --discover: a draft journey from an event log, through the real command.

The log is built so that every figure of the draft is known: 100 customers visit the
site and view a product; 60 of them then order, 10 open the help pages, 30 stop; one
customer also has a rare event (1% of the customers), left out at --min-share 0.05.
The link from the product to the help pages carries exactly 10% of the steps out: the
threshold (at least 10%) keeps it.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from helpers import run, write

pytest.importorskip("duckdb")
pytest.importorskip("ibis")


def _log() -> str:
    rows = ["user_id,timestamp,event,channel"]
    start = datetime(2026, 3, 1, 9, tzinfo=timezone.utc)
    for c in range(100):
        steps = ["site_visit", "product_viewed"]
        if c < 60:
            steps.append("order_placed")
        elif c >= 90:
            steps.append("help_opened")
        if c == 0:
            steps.insert(1, "rare_thing")
        for j, event in enumerate(steps):
            at = start + timedelta(hours=c, minutes=5 * j)
            rows.append(f"u{c:03d},{at.strftime('%Y-%m-%dT%H:%M:%SZ')},{event},web")
    return "\n".join(rows) + "\n"


EXPECTED = """\
# A draft journey, written by journeyctl analyze --discover from an event log of
# 271 events and 100 customers. Edit it: name the touchpoints, split the
# stage, add what customers do, think and feel. The rules that drafted it are in
# docs/analytics.md (A draft map from data).
# Touchpoints: the events at least 5% of the customers have (1 rarer event name left out).
# Next steps: links that carry at least 10% of the steps out of a touchpoint.
version: 1
id: "shop-draft"
title: "A journey drafted from the event log"
stages:
  - id: journey
    name: Journey
touchpoints:
  - id: "site-visit"
    name: "Site visit"
    stage: journey
    # 100 customers, 100 events
    events: ["site_visit"]
    next:
      - "product-viewed"  # 100 steps (100%), 100 customers
  - id: "product-viewed"
    name: "Product viewed"
    stage: journey
    # 100 customers, 100 events
    events: ["product_viewed"]
    next:
      - "order-placed"  # 60 steps (60%), 60 customers
      - "help-opened"  # 10 steps (10%), 10 customers
    end: true  # 30 customers end here (30% of the steps out)
  - id: "help-opened"
    name: "Help opened"
    stage: journey
    # 10 customers, 10 events
    events: ["help_opened"]
    end: true  # 10 customers end here (100% of the steps out)
  - id: "order-placed"
    name: "Order placed"
    stage: journey
    # 60 customers, 60 events
    events: ["order_placed"]
    end: true  # 60 customers end here (100% of the steps out)
analytics:
  conversion: "order-placed"
  columns:
    customer: "user_id"
"""


@pytest.fixture
def folder(tmp_path):
    write(tmp_path, "log.csv", _log())
    return tmp_path


def test_the_draft_has_the_logs_touchpoints_links_and_ends(folder):
    result = run("analyze", "--discover", "--events", "log.csv", "--column", "customer=user_id", "--min-share", "0.05", "-o", "shop-draft.journey.yaml", cwd=folder)
    assert result.returncode == 0, result.err
    assert result.out == ""
    assert (folder / "shop-draft.journey.yaml").read_text(encoding="utf-8") == EXPECTED
    assert "drafted 4 touchpoints and 3 next steps into shop-draft.journey.yaml" in result.err


def test_the_draft_is_a_valid_journey_that_analyze_can_measure(folder):
    assert run("analyze", "--discover", "-e", "log.csv", "--column", "customer=user_id", "--min-share", "0.05", "-o", "shop-draft.journey.yaml", cwd=folder).returncode == 0
    checked = run("validate", "shop-draft.journey.yaml", cwd=folder)
    assert checked.returncode == 0, checked.out
    assert "no problems" in checked.out
    measured = run("analyze", "shop-draft.journey.yaml", "--events", "log.csv", "--format", "json", cwd=folder)
    assert measured.returncode == 0, measured.err
    import json

    steps = json.loads(measured.out)["measures"]["funnel"]["steps"]
    assert [(s["touchpoint"], s["customers"]) for s in steps] == [("site-visit", 100), ("product-viewed", 100), ("order-placed", 60)]


def test_the_default_threshold_keeps_an_event_one_customer_in_a_hundred_has(folder):
    result = run("analyze", "--discover", "-e", "log.csv", "--column", "customer=user_id", cwd=folder)
    assert result.returncode == 0, result.err
    assert '  - id: "rare-thing"\n' in result.out  # 1 of 100 customers: 1%, the default share
    assert "rarer event" not in result.out
    assert 'id: "discovered"' in result.out  # written to standard output: a neutral id
    assert run("validate", "-", input=result.out).returncode == 0


def test_the_same_log_gives_the_same_bytes(folder):
    first = run("analyze", "--discover", "-e", "log.csv", "--column", "customer=user_id", cwd=folder)
    again = run("analyze", "--discover", "-e", "log.csv", "--column", "customer=user_id", cwd=folder)
    assert first.returncode == again.returncode == 0
    assert first.out == again.out


def test_discover_needs_an_event_log_and_sane_shares(folder):
    missing = run("analyze", "--discover", cwd=folder)
    assert missing.returncode == 2
    assert "--discover drafts a journey from an event log: name it with --events FILE" in missing.err
    share = run("analyze", "--discover", "-e", "log.csv", "--column", "customer=user_id", "--min-share", "2", cwd=folder)
    assert share.returncode == 2
    assert "--min-share and --min-link are shares between 0 and 1" in share.err
    column = run("analyze", "--discover", "-e", "log.csv", cwd=folder)
    assert column.returncode == 2
    assert "customer_id" in column.err and "user_id" in column.err
    assert not list(folder.glob("*.journey.yaml"))


def test_without_a_conversion_event_the_draft_has_no_analytics(tmp_path):
    write(tmp_path, "log.csv", "customer_id,timestamp,event\na,2026-01-01T00:00:00,open\na,2026-01-01T00:01:00,close\nb,2026-01-01T00:00:00,open\n")
    result = run("analyze", "--discover", "-e", "log.csv", cwd=tmp_path)
    assert result.returncode == 0, result.err
    assert "analytics:" not in result.out
    assert '  - id: "open"\n' in result.out and '    end: true  # 1 customer ends here (50% of the steps out)\n' in result.out and '      - "close"  # 1 step (50%), 1 customer\n' in result.out
    assert run("validate", "-", input=result.out).returncode == 0
