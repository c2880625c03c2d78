"""A touchpoint no event stands for, in a journey that is measured.

When a journey has ``analytics``, ``journeyctl analyze`` sees only the touchpoints that
say which events stand for them. A touchpoint without ``events`` never gets a count, so
the analysis cannot tell whether customers pass there, and map drift reports the steps
around it as missing links. Touchpoints named in the ``funnel`` or ``support`` lists are
always checked; others when their lane is one of ``lanes`` (the steps customers live
through, by default). Off in the recommended preset, since many steps, such as a letter
in the post, leave no trace in an event log; a warning in strict.

```yaml passing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - id: views-lamp
    name: Views the lamp
    stage: purchase
    next: pays
    events: product_viewed
  - {id: pays, name: Pays, stage: purchase, next: packs-order, events: order_placed}
  - id: packs-order
    name: Packs the order
    stage: purchase
    lane: backstage
    end: true
analytics:
  conversion: pays
```

```yaml failing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: views-lamp, name: Views the lamp, stage: purchase, next: pays}
  - {id: pays, name: Pays, stage: purchase, end: true, events: order_placed}
analytics:
  conversion: pays
```
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from journeyctl.lint.rule import Finding, RuleOptions
from journeyctl.model import LANES

CODE = "L018"
NAME = "unmeasured-touchpoint"
LEVEL = "warning"


class Options(RuleOptions):
    lanes: list[Literal[LANES]] = Field(  # type: ignore[valid-type]
        default_factory=lambda: ["customer", "frontstage"], description="The lanes whose touchpoints need events."
    )


def check(view, options: Options):
    analytics = view.journey.analytics
    if analytics is None:
        return
    listed = {ident: key for key in ("support", "funnel") for ident in (getattr(analytics, key) or [])}
    conversion = set(analytics.conversion)  # conversion-without-events reports those
    for index, touchpoint in enumerate(view.journey.touchpoints):
        if touchpoint.events or touchpoint.id in conversion:
            continue
        if touchpoint.id in listed:
            where = f"a step of the analytics {listed[touchpoint.id]}"
        elif touchpoint.lane in options.lanes:
            where = f"in the {touchpoint.lane} lane"
        else:
            continue
        yield Finding(
            view.item_span("touchpoints", index),
            f'the touchpoint "{touchpoint.id}" ({where}) has no events, so the analysis cannot see it',
            'Add "events: ..." with the logged event that stands for it.',
        )
