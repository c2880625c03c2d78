"""A touchpoint with no next step that is not marked as an end or a milestone.

When touchpoints are linked with ``next``, a touchpoint that leads nowhere should be
where the journey may stop: mark it ``end: true`` (or ``milestone: true``). An
unmarked dead end is usually a forgotten next step, and a reader cannot tell a
customer who is done from one who is stuck.

A step that ``serves`` others (a backstage or support process) needs no next step: it
is tied to the steps it serves.

A journey without any ``next`` is read in file order and ends at its last touchpoint.

```yaml passing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
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
  - {id: pays, name: Pays, stage: purchase, next: [gets-receipt]}
  - {id: gets-receipt, name: Gets a receipt, stage: purchase}
```
"""

from __future__ import annotations

from journeyctl.lint.rule import Finding

CODE = "L006"
NAME = "dead-end"
LEVEL = "warning"


def check(view, options):
    graph = view.graph
    if graph.implicit:
        return
    for index, touchpoint in enumerate(view.journey.touchpoints):
        if touchpoint.next or touchpoint.end or touchpoint.milestone or graph.index.get(touchpoint.id) != index:
            continue
        if touchpoint.id in graph.serves:
            continue  # a support step: it is tied to what it serves, not to a next step
        if not graph.predecessors[touchpoint.id] and touchpoint.id not in graph.entries:
            continue  # an orphan that leads nowhere: orphan-touchpoint says so
        yield Finding(
            view.item_span("touchpoints", index),
            f'the touchpoint "{touchpoint.id}" leads nowhere and is not marked as an end',
            'Add its next step, or mark it "end: true" if the journey may stop here.',
        )
