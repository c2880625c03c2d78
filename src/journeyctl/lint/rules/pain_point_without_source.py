"""A map whose pain points cite no source at all.

A pain point that comes from interviews, a survey or analytics carries weight; one
that somebody supposed is a guess to check. When a map has pain points and not one
of them says where it comes from (``source:``), a reviewer cannot tell research from
guesswork. Give at least the main ones their source: write the item as a mapping with
``text`` and ``source``, and a ``link`` if there is one. The rule reports the map once,
at its first pain point. It is off by default: switch it on for maps built on research.

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
    pain_points:
      - text: The delivery fee appears only at the last step
        source: usability test, May 2026
      - The card form is long
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

from journeyctl.lint.rule import Finding

CODE = "L019"
NAME = "pain-point-without-source"
LEVEL = "warning"


def check(view, options):
    first = None
    count = 0
    for index, touchpoint in enumerate(view.journey.touchpoints):
        for item in touchpoint.pain_points:
            if getattr(item, "source", None):
                return
            count += 1
            if first is None:
                first = index
    if first is None:
        return
    yield Finding(
        view.span("touchpoints", first, "pain_points", 0),
        f"none of the map's {count} pain point{'s' if count > 1 else ''} cites a source",
        "Say where the main ones come from: write a pain point as a mapping with `text:` and `source:` (interviews, a survey, analytics).",
    )
