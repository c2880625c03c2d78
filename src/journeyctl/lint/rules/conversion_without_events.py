"""A conversion touchpoint without events.

``journeyctl analyze`` counts a customer as converted when one of their logged events
stands for a touchpoint named under ``analytics: conversion``. A conversion touchpoint
with no ``events`` can never be reached in the data, so every funnel, conversion rate
and time to purchase would be zero. Say which events stand for it (see the format's
"Events and analytics"). This is an error in the recommended preset, since the analysis
cannot work without it.

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
  - {id: pays, name: Pays, stage: purchase, end: true, events: order_placed}
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
  - id: views-lamp
    name: Views the lamp
    stage: purchase
    next: pays
    events: product_viewed
  - {id: pays, name: Pays, stage: purchase, end: true}
analytics:
  conversion: pays
```
"""

from __future__ import annotations

from journeyctl.lint.rule import Finding

CODE = "L017"
NAME = "conversion-without-events"
LEVEL = "error"


def check(view, options):
    analytics = view.journey.analytics
    if analytics is None:
        return
    touchpoints = {touchpoint.id: touchpoint for touchpoint in view.journey.touchpoints}
    for index, ident in enumerate(analytics.conversion):
        touchpoint = touchpoints.get(ident)
        if touchpoint is None or touchpoint.events:
            continue  # an unknown id is the validator's R001
        yield Finding(
            view.span("analytics", "conversion", index),
            f'the conversion touchpoint "{ident}" has no events, so no customer in an event log can reach it',
            f'Add "events: ..." to the touchpoint "{ident}" with the logged event that stands for it, such as order_placed.',
        )
