"""A persona that no touchpoint is for.

A touchpoint without a ``personas`` list is for everyone; one with a list is only for
those personas. When every touchpoint names its personas and one persona is never
named, that persona takes no part in the journey: the map either forgot them or no
longer needs them.

Personas imported from a library are checked when the import names them
(``personas: [...]``); an import that takes a whole library is left alone, unless
``imported: all``.

```yaml passing
version: 1
id: shop
title: Buying a lamp
personas:
  - {id: maya, name: Maya}
  - {id: leo, name: Leo}
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: pays, name: Pays, stage: purchase, personas: [maya, leo]}
```

```yaml failing
version: 1
id: shop
title: Buying a lamp
personas:
  - {id: maya, name: Maya}
  - {id: leo, name: Leo}
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: pays, name: Pays, stage: purchase, personas: [maya]}
```
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from journeyctl.lint.rule import Finding, RuleOptions

CODE = "L007"
NAME = "unused-persona"
LEVEL = "warning"


class Options(RuleOptions):
    imported: Literal["named", "all", "none"] = Field(
        "named", description="Which imported personas to check: named (those an import lists), all, or none."
    )


def check(view, options: Options):
    touchpoints = view.journey.touchpoints
    if not touchpoints or any(not tp.personas for tp in touchpoints):
        return
    used = {ident for tp in touchpoints for ident in tp.personas}
    for index, persona in enumerate(view.own_personas):
        if persona.id not in used:
            yield Finding(view.item_span("personas", index), f'no touchpoint is for the persona "{persona.id}"', "Add the persona to the touchpoints they go through, or remove the persona.")
    if options.imported == "none":
        return
    for persona in view.imported_personas:
        place = view.import_span("personas", persona.id)
        if persona.id in used or place is None or (options.imported == "named" and not place[1]):
            continue
        yield Finding(place[0], f'no touchpoint is for the imported persona "{persona.id}"', "Add the persona to the touchpoints they go through, or leave it out of the import.")
