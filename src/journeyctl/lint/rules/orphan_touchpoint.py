"""A touchpoint that no step leads to, other than the journey's entry.

When touchpoints are linked with ``next``, every touchpoint but the entry should be
reached from some other touchpoint. One that nothing leads to is cut off from the
journey: customers cannot get there, and the map does not say how they would. It is
often a forgotten ``next`` in the touchpoint before it, or a misspelt id.

A backstage or support step that ``serves`` other steps is tied to them, and a step
that is served is tied to its server: neither is an orphan. A backstage or support
step that is tied to nothing gets the hint to say which steps it serves.

A journey without any ``next`` is read in file order and never has orphans.

```yaml passing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: adds-to-basket, name: Adds to basket, stage: purchase, next: [pays]}
  - {id: pays, name: Pays, stage: purchase, end: true}
```

```yaml failing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: adds-to-basket, name: Adds to basket, stage: purchase, next: [pays]}
  - {id: pays, name: Pays, stage: purchase, end: true}
  - {id: gets-receipt, name: Gets a receipt, stage: purchase, end: true}
```
"""

from __future__ import annotations

from journeyctl.lint.rule import Finding

CODE = "L003"
NAME = "orphan-touchpoint"
LEVEL = "warning"


BEHIND_THE_SCENES = ("backstage", "support")


def check(view, options):
    graph = view.graph
    if graph.implicit:
        return
    entries = set(graph.entries)
    touchpoints = view.journey.touchpoints
    for ident in graph.order:
        if ident in entries or graph.predecessors[ident] or graph.tied(ident):
            continue
        index = graph.index[ident]
        if touchpoints[index].lane in BEHIND_THE_SCENES:
            hint = "Say which steps it supports with `serves:` (a list of touchpoint ids), or add it to the next steps of the touchpoint before it."
        else:
            hint = "Add it to the next steps of the touchpoint before it"
            hint += f", or make it the journey's entry (entry: {ident})." if not graph.successors[ident] else "."
        yield Finding(view.item_span("touchpoints", index), f'the touchpoint "{ident}" is cut off: no step leads to it' + (" and it leads nowhere" if not graph.successors[ident] else ""), hint)
