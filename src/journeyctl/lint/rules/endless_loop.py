"""A loop of steps with no way out.

Touchpoints that lead only to each other trap the customer: once in the loop, no next
step leaves it and none of its touchpoints is an end. A real journey always has a way
out (the customer gives up, or succeeds), so the map is missing a step.

A step marked ``parallel: true`` takes all its next steps at once, so a branch of it
that leaves the loop is no way out: the loop goes on beside it. Only a choice (a step
that is not parallel) or an end leaves a loop.

```yaml passing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: pays, name: Pays, stage: purchase, next: [payment-fails, gets-receipt]}
  - {id: payment-fails, name: Payment fails, stage: purchase, next: [pays]}
  - {id: gets-receipt, name: Gets a receipt, stage: purchase, end: true}
```

```yaml failing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: pays, name: Pays, stage: purchase, next: [payment-fails]}
  - {id: payment-fails, name: Payment fails, stage: purchase, next: [pays]}
```
"""

from __future__ import annotations

from journeyctl.lint.rule import Finding

CODE = "L013"
NAME = "endless-loop"
LEVEL = "error"


def check(view, options):
    graph = view.graph
    if graph.implicit:
        return
    touchpoints = view.journey.touchpoints
    for loop in graph.loops():
        members = set(loop)
        # A way out is a choice: a parallel step's other branch runs while the loop goes on.
        if any(following not in members for ident in loop if ident not in graph.parallel for following in graph.successors[ident]):
            continue
        if any(touchpoints[graph.index[ident]].end for ident in loop):
            continue
        shown = " → ".join(loop[:6]) + (" → …" if len(loop) > 6 else "") + f" → {loop[0]}"
        forks = [ident for ident in loop if any(following not in members for following in graph.successors[ident])]
        what = "lead only to each other, with no way out" if not forks else f'loop with no way out (the steps leaving it from "{forks[0]}" are parallel, so the loop goes on)'
        yield Finding(
            view.item_span("touchpoints", graph.index[loop[0]]),
            f"these touchpoints {what}: {shown}",
            'Add the step that leaves the loop, or mark the touchpoint where customers give up "end: true".',
        )
