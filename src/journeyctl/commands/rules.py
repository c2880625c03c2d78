"""``journeyctl rules [CODE]``: list the lint rules, or explain one."""

from __future__ import annotations

import sys

from journeyctl.lint.explain import ENTRIES, explain, listing, lookup, page
from journeyctl.schema_errors import did_you_mean


def run(rule: str | None, output_format: str) -> int:
    markdown = output_format == "markdown"
    if rule is None:
        sys.stdout.write(page() if markdown else listing())
        return 0
    entry = lookup(rule)
    if entry is None:
        known = [e.name for e in ENTRIES] + [e.code for e in ENTRIES]
        hint = did_you_mean(rule, known) or "Run journeyctl rules for the list."
        print(f'journeyctl: there is no lint rule "{rule}". {hint}', file=sys.stderr)
        return 2
    sys.stdout.write(explain(entry, markdown))
    return 0
