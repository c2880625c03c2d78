"""A stage with no touchpoints.

A stage that holds no touchpoint says nothing about what customers go through
there. Either the research for it is still to do, or the stage is not part of this
journey and can go.

```yaml passing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: awareness, name: Awareness}
touchpoints:
  - {id: sees-ad, name: Sees an ad, stage: awareness}
```

```yaml failing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: awareness, name: Awareness}
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: sees-ad, name: Sees an ad, stage: awareness}
```
"""

from __future__ import annotations

from journeyctl.lint.rule import Finding

CODE = "L002"
NAME = "empty-stage"
LEVEL = "warning"


def check(view, options):
    used = {touchpoint.stage for touchpoint in view.journey.touchpoints}
    for index, stage in enumerate(view.journey.stages):
        if stage.id not in used:
            yield Finding(view.item_span("stages", index), f'the stage "{stage.id}" has no touchpoints', "Add the touchpoints customers meet in this stage, or remove the stage.")
