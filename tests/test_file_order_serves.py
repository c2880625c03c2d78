"""A map without next is read in file order, with the steps that serve others left out of that chain.

The diagrams, the linter and analyze read the file order the same way: a support step
listed between two customer steps supports them; it is not a step the customer takes.
"""

from __future__ import annotations

import json

from helpers import run

MAP = """\
version: 1
id: file-order
title: A map in file order with a support step
stages:
  - id: buy
    name: Buy
touchpoints:
  - id: browses
    name: Browses
    stage: buy
    events: [browsed]
  - id: checks-stock
    name: Checks the stock
    stage: buy
    lane: backstage
    serves: [browses]
    events: [stock_checked]
  - id: pays
    name: Pays
    stage: buy
    events: [paid]
analytics:
  conversion: pays
"""

# c1 and c2 browse then pay; the stock check runs for c1 between them (a backstage event).
EVENTS = """\
customer_id,timestamp,event,channel
c1,2026-01-01T10:00:00Z,browsed,web
c1,2026-01-01T10:01:00Z,paid,web
c2,2026-01-01T11:00:00Z,browsed,web
c2,2026-01-01T11:05:00Z,paid,web
"""


def test_the_chain_skips_the_support_step_in_lint_and_analyze(tmp_path):
    (tmp_path / "map.journey.yaml").write_text(MAP)
    (tmp_path / "events.csv").write_text(EVENTS)
    checked = run("validate", "map.journey.yaml", "--format", "json", cwd=tmp_path)
    assert checked.returncode == 0, checked.out + checked.err
    result = run("analyze", "map.journey.yaml", "--events", "events.csv", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.err
    measures = json.loads(result.out)["measures"]
    # browses -> pays is the map's own step in file order, not a transition the map lacks
    assert measures["drift"]["unmapped_transitions"] == []
    assert [(s["touchpoint"], s["customers"]) for s in measures["funnel"]["steps"]] == [("browses", 2), ("pays", 2)]
