"""A stage none of whose touchpoints the journey's entry leads to.

If no touchpoint of a stage can be reached by following ``next`` from the entry, the
whole stage is cut off from the journey as drawn: customers never get there. The
touchpoint rules say which steps are cut off; this one says when a whole stage is.
Stages without touchpoints are left to empty-stage. A support step tied by ``serves``
to a reached step counts as reached.

```yaml passing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
  - {id: delivery, name: Delivery}
touchpoints:
  - {id: pays, name: Pays, stage: purchase, next: [receives-lamp]}
  - {id: receives-lamp, name: Receives the lamp, stage: delivery, end: true}
```

```yaml failing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
  - {id: delivery, name: Delivery}
touchpoints:
  - {id: pays, name: Pays, stage: purchase, end: true}
  - {id: receives-lamp, name: Receives the lamp, stage: delivery, next: [unpacks]}
  - {id: unpacks, name: Unpacks it, stage: delivery, end: true}
```
"""

from __future__ import annotations

from journeyctl.lint.rule import Finding

CODE = "L005"
NAME = "unreachable-stage"
LEVEL = "warning"


def check(view, options):
    graph = view.graph
    if graph.implicit or graph.entry is None:
        return
    reached = graph.reachable()
    stages_reached = {tp.stage for tp in view.journey.touchpoints if tp.id in reached}
    used = {tp.stage for tp in view.journey.touchpoints}
    for index, stage in enumerate(view.journey.stages):
        if stage.id in used and stage.id not in stages_reached:
            yield Finding(
                view.item_span("stages", index),
                f'no touchpoint of the stage "{stage.id}" can be reached from {graph.entry_words()}',
                "Add a next step into this stage from a touchpoint of an earlier stage.",
            )
