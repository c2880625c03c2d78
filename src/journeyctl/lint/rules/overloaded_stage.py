"""A stage with more touchpoints than a reader can follow.

Past about 20 steps a stage stops being readable on one page and usually mixes
several journeys or levels of detail. Practitioners split such a stage, or move the
detail into a journey of its own. ``max_touchpoints`` sets the limit.

```yaml options
max_touchpoints: 2
```

```yaml passing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: adds-to-basket, name: Adds to basket, stage: purchase}
  - {id: pays, name: Pays, stage: purchase}
```

```yaml failing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: adds-to-basket, name: Adds to basket, stage: purchase}
  - {id: pays, name: Pays, stage: purchase}
  - {id: gets-receipt, name: Gets a receipt, stage: purchase}
```
"""

from __future__ import annotations

from collections import Counter

from pydantic import Field

from journeyctl.lint.rule import Finding, RuleOptions

CODE = "L014"
NAME = "overloaded-stage"
LEVEL = "warning"


class Options(RuleOptions):
    max_touchpoints: int = Field(20, ge=1, description="The most touchpoints a stage may hold.")


def check(view, options: Options):
    counts = Counter(tp.stage for tp in view.journey.touchpoints)
    for index, stage in enumerate(view.journey.stages):
        if counts[stage.id] > options.max_touchpoints:
            yield Finding(
                view.item_span("stages", index),
                f'the stage "{stage.id}" has {counts[stage.id]} touchpoints, more than {options.max_touchpoints}',
                "Split the stage, or move the detail into a journey of its own.",
            )
