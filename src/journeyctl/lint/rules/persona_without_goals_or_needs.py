"""A persona without goals or without needs.

A persona is useful when it says what the person wants to achieve (``goals``) and what
they need from the business to get there (``needs``); a name alone invites guessing.
Libraries are checked too: that is where shared personas are written.

```yaml passing
version: 1
id: shop
title: Buying a lamp
personas:
  - id: maya
    name: Maya, the busy parent
    goals: [Furnish the children's room in one evening]
    needs: [Delivery dates she can plan around]
stages:
  - {id: purchase, name: Purchase}
```

```yaml failing
version: 1
id: shop
title: Buying a lamp
personas:
  - id: maya
    name: Maya, the busy parent
    goals: [Furnish the children's room in one evening]
stages:
  - {id: purchase, name: Purchase}
```
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from journeyctl.lint.rule import Finding, RuleOptions

CODE = "L015"
NAME = "persona-without-goals-or-needs"
LEVEL = "warning"
KINDS = ("journey", "library")


class Options(RuleOptions):
    require: list[Literal["goals", "needs", "frustrations"]] = Field(
        default_factory=lambda: ["goals", "needs"], description="What every persona must have."
    )


def check(view, options: Options):
    for index, persona in enumerate(view.own_personas):
        lacking = [key for key in options.require if not getattr(persona, key)]
        if lacking:
            listed = " or ".join(lacking)
            yield Finding(view.item_span("personas", index), f'the persona "{persona.id}" has no {listed}', f'Add "{lacking[0]}:" with a line or two from your research.')
