"""The SVG the engine writes, made safe to open, embed and publish.

The DOT source never carries a URL, a tooltip or a style from the journey file,
so the engine has no reason to write links or scripts. ``finish`` still reads
the result as XML (expat) and checks every element and attribute before anyone sees it
(the text a label shows may say "javascript:" or "url(": that is only text), and
drops the DOCTYPE line: it points to a DTD on the web, the one external
reference Graphviz writes on its own.
"""

from __future__ import annotations

import re
from xml.parsers import expat

_DOCTYPE = re.compile(rb"<!DOCTYPE[^>]*>\s*", re.IGNORECASE)
_ACTIVE_TAGS = frozenset(("script", "a", "image", "use", "foreignObject", "iframe", "object", "embed", "style", "animate", "set"))
_REFERENCE_ATTRIBUTES = frozenset(("href", "src"))
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


class UnsafeSvg(Exception):
    """The engine's SVG holds something it should not; a bug, never the user's doing."""


def check(text: str | bytes) -> None:
    """Raise ``UnsafeSvg`` when the markup (not the text it shows) could run or fetch anything."""

    def start(name: str, attributes: dict[str, str]) -> None:
        tag = name.rsplit(" ", 1)[-1] if " " in name else name
        if tag in _ACTIVE_TAGS:
            raise UnsafeSvg(f"the layout engine wrote a <{tag}> element into the SVG")
        for key, value in attributes.items():
            local = (key.rsplit(" ", 1)[-1] if " " in key else key).lower()
            # A url( needs a "(" and javascript: a ":": most values have neither, and skip the two searches.
            if (
                local.startswith("on")
                or local in _REFERENCE_ATTRIBUTES
                or ("(" in value and _EXTERNAL_URL.search(value))
                or (":" in value and "javascript:" in value.lower())
            ):
                raise UnsafeSvg(f"the layout engine wrote the attribute {local}={value!r} into the SVG")

    # expat reads only the start tags we look at, and never fetches a DTD or entity.
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    try:
        parser.Parse(text, True)
    except expat.ExpatError as error:
        raise UnsafeSvg(f"the layout engine wrote SVG that is not well-formed XML ({error})") from None


def finish(svg: bytes) -> bytes:
    """The engine's SVG without the DOCTYPE, after checking it carries nothing active or external."""
    svg = _DOCTYPE.sub(b"", svg, count=1)
    check(svg)
    return svg


def inline(svg: bytes) -> str:
    """The ``<svg>`` element alone, for putting inside an HTML page."""
    text = svg.decode("utf-8")
    start = text.find("<svg")
    return text[start:] if start >= 0 else text
