"""A channel that no touchpoint uses.

Channels describe where customers meet the business. One that no touchpoint uses is
either a step missing from the map or a leftover. A touchpoint uses the channel it
names in ``channel``, and every channel of its ``channels``.

Channels imported from a library are checked when the import names them
(``channels: [...]``); an import that takes a whole library is left alone, unless
``imported: all``.

```yaml passing
version: 1
id: shop
title: Buying a lamp
channels:
  - {id: web, name: Website}
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: pays, name: Pays, stage: purchase, channel: web}
```

```yaml failing
version: 1
id: shop
title: Buying a lamp
channels:
  - {id: web, name: Website}
  - {id: phone, name: Phone, kind: human}
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: pays, name: Pays, stage: purchase, channel: web}
```
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from journeyctl.lint.rule import Finding, RuleOptions

CODE = "L008"
NAME = "unused-channel"
LEVEL = "warning"


class Options(RuleOptions):
    imported: Literal["named", "all", "none"] = Field(
        "named", description="Which imported channels to check: named (those an import lists), all, or none."
    )


def check(view, options: Options):
    used = {ident for tp in view.journey.touchpoints for ident in tp.channel_ids}
    for index, channel in enumerate(view.own_channels):
        if channel.id not in used:
            yield Finding(view.item_span("channels", index), f'no touchpoint uses the channel "{channel.id}"', "Add the touchpoints that happen in this channel, or remove the channel.")
    if options.imported == "none":
        return
    for channel in view.imported_channels:
        place = view.import_span("channels", channel.id)
        if channel.id in used or place is None or (options.imported == "named" and not place[1]):
            continue
        yield Finding(place[0], f'no touchpoint uses the imported channel "{channel.id}"', "Use the channel in a touchpoint, or leave it out of the import.")
