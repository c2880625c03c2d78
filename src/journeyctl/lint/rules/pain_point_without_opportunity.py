"""A pain point with no opportunity next to it.

A journey map is made to be acted on: every pain point should come with at least one
opportunity, an idea of what the business could do about it. By default an
opportunity anywhere in the same stage counts (``scope: stage``); with
``scope: touchpoint`` the pain point's own touchpoint must have one.

```yaml passing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - id: pays
    name: Pays
    stage: purchase
    pain_points: [The delivery fee appears only at the last step]
    opportunities: [Show the delivery fee on the product page]
```

```yaml failing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - id: pays
    name: Pays
    stage: purchase
    pain_points: [The delivery fee appears only at the last step]
```
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from journeyctl.lint.rule import Finding, RuleOptions

CODE = "L009"
NAME = "pain-point-without-opportunity"
LEVEL = "warning"


class Options(RuleOptions):
    scope: Literal["stage", "touchpoint"] = Field(
        "stage", description="Where an opportunity must be: in the same stage, or in the same touchpoint."
    )


def check(view, options: Options):
    touchpoints = view.journey.touchpoints
    stages_with_ideas = {tp.stage for tp in touchpoints if tp.opportunities}
    for index, touchpoint in enumerate(touchpoints):
        if not touchpoint.pain_points or touchpoint.opportunities:
            continue
        if options.scope == "stage" and touchpoint.stage in stages_with_ideas:
            continue
        where = "this touchpoint" if options.scope == "touchpoint" else f'the stage "{touchpoint.stage}"'
        count = len(touchpoint.pain_points)
        yield Finding(
            view.span("touchpoints", index, "pain_points", target="key"),
            f'the touchpoint "{touchpoint.id}" has {count} pain point{"s" if count > 1 else ""} and {where} has no opportunity',
            "Add opportunities: what could the business do about it?",
        )
