"""journeyctl analyze on a log built so that every figure has an exact expected value.

Seven customers, each there for a reason:

- c1 converts along the whole funnel; its product view and cart have the same timestamp
  (the input order breaks the tie: view, then cart);
- c2 never converts: an ad, a page view that is not a product (unmapped), three support
  contacts by phone (two "billing", one "delivery") and one by email (unmapped: the map
  takes phone calls only);
- c3 converts exactly 14 days after its first ad (inside the window), c4 one second
  later than that (outside the funnel's window, still a converter);
- c5's ad is written with a +02:00 offset: 12:00+02:00 is 10:00Z, half an hour before its
  store order at 10:30Z (exactly the session gap: one session);
- c6's product view and ad share a timestamp, the view first in the file: the view is
  before the ad, so c6 does not reach the funnel's second step;
- c7 orders twice, in the app and then on the web: the first conversion counts;
- two rows have no customer id.
"""

from __future__ import annotations

import csv
import json

import pytest

from helpers import run, write

MAP = """\
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: awareness, name: Awareness}
  - {id: consideration, name: Consideration}
  - {id: purchase, name: Purchase}
  - {id: help, name: Getting help}
touchpoints:
  - id: sees-ad
    name: Sees an ad
    stage: awareness
    events: ad_click
    next: views-product
  - id: views-product
    name: Views a product
    stage: awareness
    events:
      - event: page_view
        where: {page: "/products/*"}
      - product_viewed
    next: [adds-to-cart, reads-review]
  - id: reads-review
    name: Reads a review
    stage: consideration
    events: review_read
    next: adds-to-cart
  - id: adds-to-cart
    name: Adds to the cart
    stage: purchase
    events: [add_to_cart]
    next: [order-placed, calls-support]
  - id: order-placed
    name: Places the order
    stage: purchase
    events: order_placed
    end: true
  - id: calls-support
    name: Calls support
    stage: help
    lane: support
    events:
      - {event: contact, channel: phone}
    end: true
analytics:
  conversion: order-placed
"""

HEADER = ["customer_id", "timestamp", "event", "channel", "page", "reason"]
ROWS = [
    ["c1", "2024-01-01T10:00:00Z", "ad_click", "social", "", ""],
    ["c1", "2024-01-01T10:05:00Z", "page_view", "web", "/products/lamp", ""],
    ["c1", "2024-01-01T10:05:00Z", "add_to_cart", "web", "", ""],
    ["c1", "2024-01-01T10:10:00Z", "order_placed", "web", "", ""],
    ["c2", "2024-01-02T10:00:00Z", "ad_click", "social", "", ""],
    ["c2", "2024-01-02T10:01:00Z", "page_view", "web", "/home", ""],
    ["c2", "2024-01-02T10:02:00Z", "contact", "phone", "", "billing"],
    ["c2", "2024-01-02T10:03:00Z", "contact", "email", "", "billing"],
    ["c2", "2024-01-02T12:00:00Z", "contact", "phone", "", "billing"],
    ["c2", "2024-01-02T12:30:00Z", "contact", "phone", "", "delivery"],
    ["c3", "2024-02-01T00:00:00Z", "ad_click", "social", "", ""],
    ["c3", "2024-02-01T01:00:00Z", "page_view", "web", "/products/rug", ""],
    ["c3", "2024-02-02T00:00:00Z", "add_to_cart", "web", "", ""],
    ["c3", "2024-02-15T00:00:00Z", "order_placed", "web", "", ""],
    ["c4", "2024-02-01 00:00:00", "ad_click", "social", "", ""],
    ["c4", "2024-02-01T00:10:00", "page_view", "web", "/products/rug", ""],
    ["c4", "2024-02-01T00:20:00Z", "add_to_cart", "web", "", ""],
    ["c4", "2024-02-15T00:00:01Z", "order_placed", "web", "", ""],
    ["c5", "2024-01-05T12:00:00+02:00", "ad_click", "social", "", ""],
    ["c5", "2024-01-05T10:30:00Z", "order_placed", "store", "", ""],
    ["", "2024-01-05T10:30:00Z", "order_placed", "store", "", ""],
    ["c6", "2024-01-03T10:00:00Z", "page_view", "web", "/products/lamp", ""],
    ["c6", "2024-01-03T10:00:00Z", "ad_click", "social", "", ""],
    ["c6", "2024-01-03T10:05:00Z", "contact", "phone", "", "delivery"],
    ["c7", "2024-01-04T09:00:00Z", "ad_click", "social", "", ""],
    ["c7", "2024-01-04T10:00:00Z", "order_placed", "app", "", ""],
    ["c7", "2024-01-04T11:00:00Z", "order_placed", "web", "", ""],
    ["", "2024-01-04T11:00:00Z", "ad_click", "social", "", ""],
]


def write_log(folder, name="events.csv", rows=ROWS):
    path = folder / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shop")
    write(folder, "shop.journey.yaml", MAP)
    write_log(folder)
    return folder


@pytest.fixture(scope="module")
def analysis(shop):
    result = run(
        "analyze", "shop.journey.yaml", "--events", "events.csv", "--format", "json",
        "--abandonment", "adds-to-cart:order-placed", "--abandonment", "sees-ad:order-placed",
        "--breakdown", "reason", cwd=shop,
    )
    assert result.returncode == 0, result.err
    assert "2 rows without a customer id left out" in result.err
    return json.loads(result.out)


def test_counts(analysis):
    assert analysis["schema_version"] == 1
    data = analysis["data"]
    assert (data["events"], data["customers"], data["mapped_events"], data["converters"]) == (26, 7, 24, 5)
    assert data["rows_without_customer"] == 2


def test_funnel_with_window_edge_and_ties(analysis):
    funnel = analysis["measures"]["funnel"]
    assert funnel["definition"] == "funnel"
    steps = [(s["touchpoint"], s["customers"], s["conversion_to_next"], s["drop_off"], s["drop_off_rate"]) for s in funnel["steps"]]
    assert steps == [
        ("sees-ad", 7, 0.428571, 4, 0.571429),
        ("views-product", 3, 1.0, 0, 0.0),
        ("adds-to-cart", 3, 0.666667, 1, 0.333333),  # c4's order is one second past the window
        ("order-placed", 2, None, None, None),
    ]
    assert [s["share_of_first"] for s in funnel["steps"]] == [1.0, 0.428571, 0.428571, 0.285714]


def test_stage_reach(analysis):
    stages = {s["stage"]: (s["customers"], s["share_of_customers"]) for s in analysis["measures"]["stages"]["stages"]}
    assert stages == {"awareness": (7, 1.0), "consideration": (0, 0.0), "purchase": (5, 0.714286), "help": (2, 0.285714)}


def test_abandonment_is_measured_from_the_first_step(analysis):
    pairs = {(p["from"], p["to"]): (p["reached_from"], p["reached_to"], p["abandoned"], p["abandonment_rate"]) for p in analysis["measures"]["abandonment"]["pairs"]}
    # From the cart, c4's order is inside 14 days; from the ad it is one second late.
    assert pairs == {("adds-to-cart", "order-placed"): (3, 3, 0, 0.0), ("sees-ad", "order-placed"): (7, 4, 3, 0.428571)}


def test_channel_of_the_first_conversion(analysis):
    channels = [(c["channel"], c["conversions"], c["share"]) for c in analysis["measures"]["conversion_channels"]["channels"]]
    assert channels == [("web", 3, 0.6), ("app", 1, 0.2), ("store", 1, 0.2)]


def test_time_to_conversion_with_time_zones(analysis):
    measure = analysis["measures"]["time_to_conversion"]
    # 600 (c1), 1800 (c5: 12:00+02:00 to 10:30Z), 3600 (c7), 1209600 (c3), 1209601 (c4)
    assert measure["seconds"] == {"customers": 5, "mean": 485040.2, "median": 3600.0, "p75": 1209600.0, "p90": 1209600.6, "min": 600, "max": 1209601}
    bins = {h["bin"]: h["customers"] for h in measure["histogram"]}
    assert bins == {"under 1 hour": 2, "1 to 6 hours": 1, "6 to 24 hours": 0, "1 to 2 days": 0, "2 to 3 days": 0, "3 to 7 days": 0, "7 to 14 days": 0, "14 to 30 days": 2, "30 days or more": 0}


def test_touchpoints_and_sessions_before_conversion(analysis):
    before = analysis["measures"]["before_conversion"]
    # touchpoints: c1 3, c3 3, c4 3, c5 1, c7 1; sessions: c3 3 (pauses of an hour and a day), the others 1
    assert {k: before["events"][k] for k in ("customers", "median", "mean", "min", "max")} == {"customers": 5, "median": 3.0, "mean": 2.2, "min": 1, "max": 3}
    assert {k: before["sessions"][k] for k in ("median", "mean", "max")} == {"median": 1.0, "mean": 1.4, "max": 3}
    assert {h["bin"]: h["customers"] for h in before["sessions"]["histogram"] if h["customers"]} == {"1": 4, "3": 1}


def test_time_per_stage(analysis):
    stages = {s["stage"]: s for s in analysis["measures"]["time_per_stage"]["stages"]}
    awareness = stages["awareness"]
    # 120 (c2), 300 (c1), 300 (c6), 1200 (c4), 1800 (c5), 3600 (c7), 86400 (c3)
    assert (awareness["customers"], awareness["median"], awareness["mean"], awareness["p75"], awareness["p90"]) == (7, 1200.0, 13388.6, 2700.0, 36720.0)
    assert stages["purchase"]["customers"] == 0


def test_support_reasons(analysis):
    support = analysis["measures"]["support"]
    assert support["breakdown"] == "reason"
    (calls,) = support["touchpoints"]
    assert (calls["touchpoint"], calls["customers"], calls["events"]) == ("calls-support", 2, 4)
    assert [(b["touchpoint"], b["events"], b["customers"]) for b in calls["before"]] == [("sees-ad", 2, 2), ("calls-support", 2, 1)]
    assert [(b["value"], b["events"], b["customers"]) for b in calls["breakdown"]] == [("delivery", 2, 2), ("billing", 2, 1)]


def test_drift(analysis):
    drift = analysis["measures"]["drift"]
    assert (drift["unmapped_events"], drift["unmapped_share"]) == (2, 0.076923)
    assert [(e["event"], e["events"], e["customers"]) for e in drift["unmapped_by_event"]] == [("contact", 1, 1), ("page_view", 1, 1)]
    assert {(t["from"], t["to"]): t["transitions"] for t in drift["unmapped_transitions"]} == {
        ("sees-ad", "calls-support"): 2,
        ("sees-ad", "order-placed"): 2,
        ("views-product", "sees-ad"): 1,
    }
    assert drift["unseen_touchpoints"] == ["reads-review"]
    assert {(link["from"], link["to"]) for link in drift["unseen_links"]} == {("views-product", "reads-review"), ("reads-review", "adds-to-cart"), ("adds-to-cart", "calls-support")}
    assert drift["silent_entries"] == [{"touchpoint": "views-product", "entry": 1, "event": "product_viewed"}]
    found = sorted((p["line"], p["column"], p["code"], p["level"]) for p in analysis["problems"])
    assert found == [
        (10, 9, "D001", "warning"),  # sees-ad -> calls-support, at the id of sees-ad
        (10, 9, "D001", "warning"),  # sees-ad -> order-placed
        (15, 9, "D001", "warning"),  # views-product -> sees-ad
        (21, 9, "D004", "warning"),  # product_viewed: no such event
        (22, 26, "D002", "warning"),  # views-product -> reads-review
        (26, 13, "D003", "warning"),  # reads-review: no event stands for it
        (27, 11, "D002", "warning"),  # reads-review -> adds-to-cart
        (32, 26, "D002", "warning"),  # adds-to-cart -> calls-support
    ]


def test_transitions(analysis):
    transitions = {(t["from"], t["to"]): (t["transitions"], t["customers"], t["in_map"]) for t in analysis["measures"]["transitions"]["transitions"]}
    assert transitions == {
        ("adds-to-cart", "order-placed"): (3, 3, True),
        ("calls-support", "calls-support"): (2, 1, False),
        ("order-placed", "order-placed"): (1, 1, False),
        ("sees-ad", "calls-support"): (2, 2, False),
        ("sees-ad", "order-placed"): (2, 2, False),
        ("sees-ad", "views-product"): (3, 3, True),
        ("views-product", "adds-to-cart"): (3, 3, True),
        ("views-product", "sees-ad"): (1, 1, False),
    }
