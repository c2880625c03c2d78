"""A touchpoint without an emotion, where the rest of the map has an emotion curve.

The emotion curve is what most readers look at first. When most touchpoints say how
the customer feels, one that does not leaves a gap in the curve, and the reader
cannot tell "neutral" from "not researched". The rule speaks up only when at least
``min_share`` of the touchpoints in the checked lanes have an emotion; a map without
an emotion curve is left alone. Backstage and support steps are not checked by
default: customers do not see them.

```yaml passing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: adds-to-basket, name: Adds to basket, stage: purchase, emotion: 1}
  - {id: pays, name: Pays, stage: purchase, emotion: -1}
  - {id: packs-order, name: Packs the order, stage: purchase, lane: backstage}
```

```yaml failing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: adds-to-basket, name: Adds to basket, stage: purchase, emotion: 1}
  - {id: pays, name: Pays, stage: purchase}
  - {id: gets-receipt, name: Gets a receipt, stage: purchase, emotion: 1}
```
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from journeyctl.lint.rule import Finding, RuleOptions
from journeyctl.model import LANES

CODE = "L010"
NAME = "missing-emotion"
LEVEL = "warning"


class Options(RuleOptions):
    lanes: list[Literal[LANES]] = Field(default_factory=lambda: ["customer"], description="The lanes whose touchpoints should have an emotion.")  # type: ignore[valid-type]
    min_share: float = Field(0.5, ge=0, le=1, description="The share of checked touchpoints with an emotion from which the map counts as having an emotion curve.")


def check(view, options: Options):
    lanes = set(options.lanes)
    checked = [(i, tp) for i, tp in enumerate(view.journey.touchpoints) if tp.lane in lanes]
    with_emotion = sum(tp.emotion is not None for _, tp in checked)
    if not with_emotion or with_emotion < options.min_share * len(checked):
        return
    for index, touchpoint in checked:
        if touchpoint.emotion is None:
            yield Finding(
                view.item_span("touchpoints", index),
                f'the touchpoint "{touchpoint.id}" has no emotion, unlike {with_emotion} of {len(checked)} touchpoints',
                "Add how the customer feels here, from -2 to 2 (emotion: 0 is neutral).",
            )
