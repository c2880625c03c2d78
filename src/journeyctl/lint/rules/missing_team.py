"""A touchpoint with no owning team.

A pain point gets fixed when someone owns the touchpoint. Naming the team on each
step tells readers whom to talk to and lets a team find its steps. By default the
steps of the business (frontstage, backstage and support lanes) are checked: steps in
the customer lane are the customer's own actions. Add ``customer`` to ``lanes`` to
check those too.

```yaml passing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: pays, name: Pays, stage: purchase}
  - id: packs-order
    name: Packs the order
    stage: purchase
    team: Warehouse
    lane: backstage
```

```yaml failing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: pays, name: Pays, stage: purchase}
  - {id: packs-order, name: Packs the order, stage: purchase, lane: backstage}
```
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from journeyctl.lint.rule import Finding, RuleOptions
from journeyctl.model import LANES

CODE = "L011"
NAME = "missing-team"
LEVEL = "warning"


class Options(RuleOptions):
    lanes: list[Literal[LANES]] = Field(  # type: ignore[valid-type]
        default_factory=lambda: ["frontstage", "backstage", "support"], description="The lanes whose touchpoints need a team."
    )


def check(view, options: Options):
    for index, touchpoint in enumerate(view.journey.touchpoints):
        if touchpoint.team is None and touchpoint.lane in options.lanes:
            yield Finding(view.item_span("touchpoints", index), f'no team owns the touchpoint "{touchpoint.id}" ({touchpoint.lane} lane)', 'Add "team: ..." with the team that runs this step.')
