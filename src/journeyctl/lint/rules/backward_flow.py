"""A next step that goes back to an earlier stage.

Stages are listed in the order customers go through them, so a step into an earlier
stage is a loop back: a customer who returns to comparing after a failed payment, a
renewal that starts the cycle again. That is often exactly what the map means to
show, so this rule only informs; it helps readers spot loops that were not meant.

```yaml passing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: consideration, name: Consideration}
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: compares, name: Compares lamps, stage: consideration, next: [pays]}
  - {id: pays, name: Pays, stage: purchase, end: true}
```

```yaml failing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: consideration, name: Consideration}
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: compares, name: Compares lamps, stage: consideration, next: [pays]}
  - id: pays
    name: Pays
    stage: purchase
    end: true
    next: [{to: compares, condition: card declined}]
```
"""

from __future__ import annotations

from journeyctl.lint.rule import Finding

CODE = "L012"
NAME = "backward-flow"
LEVEL = "info"


def check(view, options):
    stage_of = {tp.id: tp.stage for tp in view.journey.touchpoints}
    order = view.stage_index
    for index, touchpoint in enumerate(view.journey.touchpoints):
        here = order.get(touchpoint.stage)
        for position, flow in enumerate(touchpoint.next):
            there = order.get(stage_of.get(flow.to, ""))
            if here is None or there is None or there >= here:
                continue
            yield Finding(
                view.span("touchpoints", index, "next", position),
                f'the step from "{touchpoint.id}" to "{flow.to}" goes back from the stage "{touchpoint.stage}" to the earlier stage "{stage_of[flow.to]}"',
                "Fine if the journey loops back here; otherwise check the step, or the order of the stages.",
            )
