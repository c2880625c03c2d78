"""Two stages, touchpoints, personas or channels with the same name.

Ids must differ, but names are what readers see: two touchpoints both called "Pays"
look like one step drawn twice, and nobody knows which one a comment is about. Names
are compared without regard to case and spacing. Imported personas and channels count:
a persona of the file named like an imported one is reported.

```yaml passing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: pays-by-card, name: Pays by card, stage: purchase}
  - {id: pays-on-invoice, name: Pays on invoice, stage: purchase}
```

```yaml failing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: pays-by-card, name: Pays, stage: purchase}
  - {id: pays-on-invoice, name: pays, stage: purchase}
```
"""

from __future__ import annotations

from journeyctl.lint.rule import Finding

CODE = "L016"
NAME = "duplicate-name"
LEVEL = "warning"
KINDS = ("journey", "library")
LISTS = (
    ("stages", "stage"),
    ("touchpoints", "touchpoint"),
    ("personas", "persona"),
    ("channels", "channel"),
    ("phases", "phase"),
    ("rows", "row"),
)
JOURNEY_ONLY = ("stages", "touchpoints", "phases", "rows")


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def check(view, options):
    for key, noun in LISTS:
        if view.kind == "library" and key in JOURNEY_ONLY:
            continue
        seen: dict[str, tuple[str, int | None]] = {}  # name -> (id, index in this file or None if imported)
        imported = view.imported_personas if key == "personas" else view.imported_channels if key == "channels" else []
        for item in imported:
            seen.setdefault(_key(item.name), (item.id, None))
        for index, item in enumerate(getattr(view.model, key)):
            name = _key(item.name)
            if name not in seen:
                seen[name] = (item.id, index)
                continue
            first_id, first_index = seen[name]
            first = f'the imported {noun} "{first_id}"' if first_index is None else f'the {noun} "{first_id}" (line {view.span(key, first_index, "name").line})'
            yield Finding(
                view.span(key, index, "name"),
                f'the {noun} "{item.id}" has the same name as {first}: "{item.name}"',
                f"Give each {noun} a name of its own, so readers can tell them apart.",
            )
