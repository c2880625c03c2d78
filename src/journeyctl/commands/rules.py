"""``journeyctl rules [CODE]``: list the lint rules, or explain one."""

from __future__ import annotations

import sys

from journeyctl.lint.explain import ENTRIES, explain, listing, lookup, page
from journeyctl.reporters.safe import safe
from journeyctl.schema_errors import suggest


def suggestions(word: str) -> list[str]:
    """Rule names for a word that is not one: those it starts, or is part of, else the closest.

    ``orphan`` finds ``orphan-touchpoint``; ``loop`` finds ``endless-loop``;
    ``orphan-touchpiont`` finds ``orphan-touchpoint`` by spelling.
    """
    lowered = word.lower().strip()
    names = [entry.name for entry in ENTRIES]
    if len(lowered) >= 3:
        parts = [name for name in names if name.startswith(lowered) or any(part.startswith(lowered) for part in name.split("-"))]
        if parts:
            return sorted(parts)
    close = suggest(word, names + [entry.code for entry in ENTRIES])
    return [close] if close else []


def run(rule: str | None, output_format: str) -> int:
    markdown = output_format == "markdown"
    if rule is None:
        sys.stdout.write(page() if markdown else listing())
        return 0
    entry = lookup(rule)
    if entry is None:
        found = suggestions(rule)
        if len(found) == 1:
            hint = f'Did you mean "{found[0]}"?'
        elif found:
            hint = "Did you mean one of: " + ", ".join(found) + "?"
        else:
            hint = "Run journeyctl rules for the list."
        print(f'journeyctl: there is no lint rule "{safe(rule)}". {hint}', file=sys.stderr)
        return 2
    sys.stdout.write(explain(entry, markdown))
    return 0
