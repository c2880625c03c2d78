"""journeyctl render --events: the flow diagram with what customers did on it, checked in the DOT.

The log is built so that every count is known:

- c1, c2 and c4 go from the ad to the product (3 times); c1 and c4 go on to the order
  (2 times); c2 stops at the product;
- c3 goes from the ad straight to the order (1 time): a step the map lacks, drawn dashed red;
- c5 only calls support: the map's step from the product to support is never taken
  (both ends have events), drawn grey and dotted;
- the busiest arrow (3 times) is 7 wide, the others 1 + 6 * times / 3.
"""

from __future__ import annotations

import re

import pytest

from helpers import run, write

MAP = """\
version: 1
id: lamp
title: Buying a lamp
stages:
  - {id: awareness, name: Awareness}
  - {id: purchase, name: Purchase}
touchpoints:
  - id: sees-ad
    name: Sees an ad
    stage: awareness
    channel: social
    events: ad_click
    next: views-product
  - id: views-product
    name: Views a product
    stage: awareness
    channel: web
    events: product_viewed
    next: [order-placed, calls-support]
  - id: order-placed
    name: Places the order
    stage: purchase
    channel: web
    events: order_placed
    end: true
  - id: calls-support
    name: Calls support
    stage: purchase
    channel: phone
    lane: support
    events: contact
    end: true
channels:
  - {id: social, name: Social media, kind: digital}
  - {id: web, name: Website, kind: digital}
  - {id: phone, name: Phone, kind: human}
analytics:
  conversion: order-placed
"""

LOG = """\
customer_id,timestamp,event,channel
c1,2024-01-01T10:00:00Z,ad_click,social
c1,2024-01-01T10:10:00Z,product_viewed,web
c1,2024-01-01T10:30:00Z,order_placed,web
c2,2024-01-01T11:00:00Z,ad_click,social
c2,2024-01-01T11:05:00Z,product_viewed,web
c3,2024-01-02T10:00:00Z,ad_click,social
c3,2024-01-02T12:00:00Z,order_placed,web
c4,2024-01-01T10:00:00Z,ad_click,social
c4,2024-01-01T10:05:00Z,product_viewed,web
c4,2024-01-03T10:00:00Z,order_placed,web
c5,2024-01-04T09:00:00Z,contact,phone
"""


@pytest.fixture
def shop(tmp_path):
    write(tmp_path, "lamp.journey.yaml", MAP)
    write(tmp_path, "events.csv", LOG)
    return tmp_path


def edges(dot: str) -> dict[tuple[str, str], str]:
    """tail id -> head id: the edge's attributes, for the drawn touchpoints (node ids from their DOT ids)."""
    ids = dict(re.findall(r'^\s*(n\d+) \[id="flow-tp-([a-z-]+)"', dot, re.M))
    found = {}
    for tail, head, attrs in re.findall(r"^\s*(n\d+) -> (n\d+) \[(.*)\]$", dot, re.M):
        found[(ids[tail], ids[head])] = attrs
    return found


def test_arrows_carry_the_observed_counts_and_widths(shop):
    result = run("render", "lamp.journey.yaml", "--events", "events.csv", "--format", "dot", "-o", "-", cwd=shop)
    assert result.returncode == 0, result.err
    found = edges(result.out)
    assert found[("sees-ad", "views-product")] == 'id="flow-link-0", label="3 times", penwidth="7", class="traffic"'
    assert found[("views-product", "order-placed")] == 'id="flow-link-1", label="2 times", penwidth="5", class="traffic"'
    assert found[("views-product", "calls-support")] == (
        'id="flow-link-2", label="never taken", color="#8a8a8a", fontcolor="#6b6b6b", style="dotted", penwidth="1.5", class="unseen"'
    )
    assert found[("sees-ad", "order-placed")] == (
        'id="flow-unmapped-0", label="1 time, not on the map", style="dashed", color="#b42318", fontcolor="#b42318", penwidth="3", constraint="false", class="unmapped"'
    )
    assert len(found) == 4  # the three steps of the map and the one it lacks
    legend = result.out[result.out.index("subgraph cluster_legend") :]
    for words in ("taken: width and number by times", "taken, not on the map", "on the map, never taken"):
        assert f'label="{words}"' in legend


def test_without_events_the_diagram_is_the_plain_one(shop):
    plain = run("render", "lamp.journey.yaml", "--format", "dot", "-o", "-", cwd=shop)
    assert plain.returncode == 0, plain.err
    assert "times" not in plain.out and "legend" not in plain.out
    assert 'n0 -> n1 [id="flow-link-0"]' in plain.out


def test_the_same_log_draws_the_same_bytes(shop):
    first = run("render", "lamp.journey.yaml", "--events", "events.csv", "-o", "a.svg", cwd=shop)
    second = run("render", "lamp.journey.yaml", "--events", "events.csv", "-o", "b.svg", cwd=shop)
    assert first.returncode == second.returncode == 0, first.err + second.err
    data = (shop / "a.svg").read_bytes()
    assert data == (shop / "b.svg").read_bytes()
    assert b"1 time, not on the map" in data and b"never taken" in data


def test_plain_messages_for_what_events_cannot_do(shop):
    missing = run("render", "lamp.journey.yaml", "--events", "nothing.csv", "--format", "dot", "-o", "-", cwd=shop)
    assert missing.returncode == 2
    assert "nothing.csv" in missing.err and missing.out == ""
    blueprint = run("render", "lamp.journey.yaml", "--events", "events.csv", "--view", "blueprint", "-o", "x.svg", cwd=shop)
    assert blueprint.returncode == 2
    assert "--events draws the traffic on the flow view" in blueprint.err
    page = run("render", "lamp.journey.yaml", "--events", "events.csv", "--format", "html", "-o", "x.html", cwd=shop)
    assert page.returncode == 2
    assert "journeyctl analyze MAP --events LOG --format html" in page.err
    mermaid = run("render", "lamp.journey.yaml", "--events", "events.csv", "--format", "mermaid", "-o", "x.mmd", cwd=shop)
    assert mermaid.returncode == 2
    assert "--events draws the traffic on a diagram (svg, png, pdf, dot), not in mermaid" in mermaid.err
    assert not (shop / "x.svg").exists() and not (shop / "x.html").exists() and not (shop / "x.mmd").exists()


def test_a_missing_column_points_at_the_map_not_at_an_option(shop):
    write(shop, "renamed.csv", LOG.replace("customer_id,", "user_id,", 1))
    result = run("render", "lamp.journey.yaml", "--events", "renamed.csv", "--format", "dot", "-o", "-", cwd=shop)
    assert result.returncode == 2 and result.out == ""
    assert 'no column "customer_id"' in result.err
    assert "under analytics: columns: in the map" in result.err
    assert "--column" not in result.err


NO_NEXT = """\
version: 1
id: walk
title: A walk in file order
stages:
  - {id: shop, name: Shop}
touchpoints:
  - {id: sees-ad, name: Sees an ad, stage: shop, events: ad_click}
  - {id: views-product, name: Views a product, stage: shop, events: product_viewed}
  - {id: order-placed, name: Places the order, stage: shop, events: order_placed}
"""


def test_a_map_without_next_carries_the_traffic_on_its_file_order_arrows(shop):
    write(shop, "walk.journey.yaml", NO_NEXT)
    result = run("render", "walk.journey.yaml", "--events", "events.csv", "--format", "dot", "-o", "-", cwd=shop)
    assert result.returncode == 0, result.err
    found = edges(result.out)
    assert found[("sees-ad", "views-product")] == 'id="flow-link-0", label="3 times", penwidth="7", class="traffic"'
    assert found[("views-product", "order-placed")] == 'id="flow-link-1", label="2 times", penwidth="5", class="traffic"'
    # c3 skips the product: a step the file order lacks.
    assert found[("sees-ad", "order-placed")].startswith('id="flow-unmapped-0", label="1 time, not on the map"')
    assert len(found) == 3
