"""The SVG the engine writes, made safe to open, embed and publish.

The DOT source never carries a URL, a tooltip or a style from the journey file,
so the engine has no reason to write links or scripts. ``finish`` still reads
the result as XML and checks every element and attribute before anyone sees it
(the text a label shows may say "javascript:" or "url(": that is only text), and
drops the DOCTYPE line: it points to a DTD on the web, the one external
reference Graphviz writes on its own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\s*", re.IGNORECASE)
_ACTIVE_TAGS = frozenset(("script", "a", "image", "use", "foreignObject", "iframe", "object", "embed", "style", "animate", "set"))
_REFERENCE_ATTRIBUTES = frozenset(("href", "src"))
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


class UnsafeSvg(Exception):
    """The engine's SVG holds something it should not; a bug, never the user's doing."""


def check(text: str) -> None:
    """Raise ``UnsafeSvg`` when the markup (not the text it shows) could run or fetch anything."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise UnsafeSvg(f"the layout engine wrote SVG that is not well-formed XML ({error})") from None
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in _ACTIVE_TAGS:
            raise UnsafeSvg(f"the layout engine wrote a <{tag}> element into the SVG")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on") or local in _REFERENCE_ATTRIBUTES or _EXTERNAL_URL.search(value) or "javascript:" in value.lower():
                raise UnsafeSvg(f"the layout engine wrote the attribute {local}={value!r} into the SVG")


def finish(svg: bytes) -> bytes:
    """The engine's SVG without the DOCTYPE, after checking it carries nothing active or external."""
    text = _DOCTYPE.sub("", svg.decode("utf-8"), count=1)
    check(text)
    return text.encode("utf-8")


def inline(svg: bytes) -> str:
    """The ``<svg>`` element alone, for putting inside an HTML page."""
    text = svg.decode("utf-8")
    start = text.find("<svg")
    return text[start:] if start >= 0 else text
