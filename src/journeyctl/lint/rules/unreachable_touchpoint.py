"""A touchpoint the journey's entry never leads to, though other steps lead to it.

Following ``next`` from the entry (``entry:``, or the first touchpoint) should reach
every touchpoint. When steps lead to a touchpoint but none of those steps can be
reached from the entry, a whole branch is cut off: usually a loop or a side path that
lost its link to the main journey. (A touchpoint that nothing leads to at all is an
orphan-touchpoint.) With several entries (``entry: [a, b]``), a touchpoint reached
from any of them is reached. A step tied by ``serves`` to a reached step is reached too.

```yaml passing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: adds-to-basket, name: Adds to basket, stage: purchase, next: [pays]}
  - {id: pays, name: Pays, stage: purchase, next: [gets-receipt]}
  - {id: gets-receipt, name: Gets a receipt, stage: purchase, end: true}
```

```yaml failing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: adds-to-basket, name: Adds to basket, stage: purchase, end: true}
  - {id: pays, name: Pays, stage: purchase, next: [gets-receipt]}
  - {id: gets-receipt, name: Gets a receipt, stage: purchase, next: [pays]}
```
"""

from __future__ import annotations

from journeyctl.lint.rule import Finding

CODE = "L004"
NAME = "unreachable-touchpoint"
LEVEL = "warning"


def check(view, options):
    graph = view.graph
    if graph.implicit or graph.entry is None:
        return
    reached = graph.reachable()
    for ident in graph.order:
        if ident in reached or not graph.predecessors[ident]:
            continue
        sources = ", ".join(f'"{p}"' for p in graph.predecessors[ident][:3])
        yield Finding(
            view.item_span("touchpoints", graph.index[ident]),
            f'the touchpoint "{ident}" cannot be reached from {graph.entry_words()} (only from {sources})',
            "Link this branch to the journey: add it to the next steps of a touchpoint the entry leads to.",
        )
