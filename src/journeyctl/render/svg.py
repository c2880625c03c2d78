"""The SVG the engine writes, made safe to open, embed and publish.

The DOT source never carries a URL, a tooltip or a style from the journey file,
so the engine has no reason to write links or scripts. ``finish`` still reads
the result as XML (expat) and checks every element and attribute before anyone sees it
(the text a label shows may say "javascript:" or "url(": that is only text), and
drops the DOCTYPE line: it points to a DTD on the web, the one external
reference Graphviz writes on its own.

The check is one expat pass that only collects: the element names (a set) and
every attribute name and value (one list), with no Python work per element
beyond a list extend. The collected names and values are then searched in bulk;
only when that search finds something that could be refused does the exact
element-by-element check run, so what is refused, and the message, are the same
as checking each element in turn. ``scan`` returns what the pass saw, which the
page uses to embed the drawing without reading it again (``svg_embed``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.parsers import expat

_DOCTYPE = re.compile(rb"<!DOCTYPE[^>]*>\s*", re.IGNORECASE)
_ACTIVE_TAGS = frozenset(("script", "a", "image", "use", "foreignObject", "iframe", "object", "embed", "style", "animate", "set"))
_REFERENCE_ATTRIBUTES = frozenset(("href", "src"))
_EXTERNAL_URL = r"(?i)url\(\s*['\"]?\s*(?!#)"  # compiled when a value holds a "(" (re keeps it)


class UnsafeSvg(Exception):
    """The engine's SVG holds something it should not; a bug, never the user's doing."""


@dataclass(frozen=True)
class Scan:
    """What the checking pass saw: element names ("namespace local") and attribute names, each once."""

    names: frozenset[str]
    keys: frozenset[str]
    lowered: str  # every attribute value in lower case, joined by NUL (which XML cannot hold)


class CheckedSvg(str):
    """An ``<svg>`` element that ``finish`` checked, with what its pass saw (``scan``), so
    that embedding it in a page needs no second reading (``svg_embed.embeddable_svg``)."""

    scan: Scan


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1] if " " in name else name


def _unsafe_attribute(key: str, value: str) -> str | None:
    local = _local(key).lower()
    # A url( needs a "(" and javascript: a ":": most values have neither, and skip the two searches.
    if (
        local.startswith("on")
        or local in _REFERENCE_ATTRIBUTES
        or ("(" in value and re.search(_EXTERNAL_URL, value))
        or (":" in value and "javascript:" in value.lower())
    ):
        return local
    return None


def _parser() -> expat.XMLParserType:
    # expat reads only the tags we look at, and never fetches a DTD or entity.
    return expat.ParserCreate(namespace_separator=" ")


def _parse(parser: expat.XMLParserType, text: str | bytes) -> None:
    try:
        parser.Parse(text, True)
    except expat.ExpatError as error:
        raise UnsafeSvg(f"the layout engine wrote SVG that is not well-formed XML ({error})") from None


def _check_each(text: str | bytes) -> None:
    """The exact check, element by element in document order: raises at the first thing refused."""

    def start(name: str, attributes: dict[str, str]) -> None:
        tag = _local(name)
        if tag in _ACTIVE_TAGS:
            raise UnsafeSvg(f"the layout engine wrote a <{tag}> element into the SVG")
        for key, value in attributes.items():
            local = _unsafe_attribute(key, value)
            if local is not None:
                raise UnsafeSvg(f"the layout engine wrote the attribute {local}={value!r} into the SVG")

    parser = _parser()
    parser.StartElementHandler = start
    _parse(parser, text)


def scan(text: str | bytes) -> Scan:
    """Raise ``UnsafeSvg`` when the markup (not the text it shows) could run or fetch anything; else what was seen."""
    names: set[str] = set()
    found: list[str] = []  # name, value, name, value... of every element, in order
    extend = found.extend
    parser = _parser()
    parser.ordered_attributes = True
    parser.StartElementHandler = lambda name, attributes: extend(attributes)
    parser.EndElementHandler = names.add  # every element ends, an empty one too
    _parse(parser, text)
    keys = frozenset(found[0::2])
    values = "\x00".join(found[1::2])
    lowered = values.lower()
    # A value that _EXTERNAL_URL matches holds "url(" in any case, and one refused for
    # javascript: holds that word: when neither is anywhere, no value can be refused.
    if (
        any(_local(name) in _ACTIVE_TAGS for name in names)
        or any(_unsafe_attribute(key, "") for key in keys)
        or "url(" in lowered
        or "javascript:" in lowered
    ):
        _check_each(text)  # something may be refused: find it, in order, with its message
    return Scan(frozenset(names), keys, lowered)


def check(text: str | bytes) -> None:
    """Raise ``UnsafeSvg`` when the markup (not the text it shows) could run or fetch anything."""
    scan(text)


def finish(svg: bytes) -> bytes:
    """The engine's SVG without the DOCTYPE, after checking it carries nothing active or external."""
    return finish_scanned(svg)[0]


def finish_scanned(svg: bytes) -> tuple[bytes, Scan]:
    """``finish``, with what the check saw."""
    svg = _DOCTYPE.sub(b"", svg, count=1)
    return svg, scan(svg)


def inline(svg: bytes, seen: Scan | None = None) -> str:
    """The ``<svg>`` element alone, for putting inside an HTML page (a ``CheckedSvg`` when ``seen`` is given)."""
    text = svg.decode("utf-8")
    start = text.find("<svg")
    element = text[start:] if start >= 0 else text
    if seen is None:
        return element
    checked = CheckedSvg(element)
    checked.scan = seen
    return checked
