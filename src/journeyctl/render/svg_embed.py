"""An SVG drawing made fit to sit inside the journey-map page.

The flow diagram arrives as a standalone SVG file (an XML prolog, a DOCTYPE,
comments). Inline in HTML only the ``<svg>`` element belongs, and nothing in it
may run or fetch: the drawing is parsed as XML and written back keeping only
drawing elements and attributes. Scripts, ``foreignObject``, images, event
handlers and links to anything but a fragment of the page are dropped, and the
text is escaped again on the way out, so labels cannot close a tag, a comment
or a CDATA section.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markupsafe import Markup

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"

ELEMENTS = frozenset(
    "svg g path polygon polyline ellipse circle rect line text tspan title desc defs "
    "linearGradient radialGradient stop clipPath marker a".split()
)
_LINKS = frozenset(("href", f"{{{XLINK}}}href"))
_UNSAFE_STYLE = re.compile(r"url\s*\(|expression\s*\(|@import|javascript:", re.IGNORECASE)

ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)


class DrawingError(Exception):
    """The drawing is not SVG that can be embedded."""


def _local(name: str) -> tuple[str | None, str]:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return None, name


def _clean(element: ET.Element) -> None:
    for child in list(element):
        namespace, local = _local(child.tag) if isinstance(child.tag, str) else (None, "")
        if namespace != SVG or local not in ELEMENTS:
            element.remove(child)
            continue
        _clean(child)
    for name in list(element.attrib):
        _, local = _local(name)
        value = element.attrib[name]
        if local.lower().startswith("on"):
            del element.attrib[name]
        elif name in _LINKS and not value.startswith("#"):
            del element.attrib[name]
        elif local == "style" and _UNSAFE_STYLE.search(value):
            del element.attrib[name]


def embeddable_svg(text: str, label: str = "Flow diagram") -> Markup:
    """The ``<svg>`` element of ``text``, cleaned, as markup ready to place in the page."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise DrawingError(f"the flow diagram is not well-formed SVG: {error}") from None
    if root.tag != f"{{{SVG}}}svg":
        raise DrawingError("the flow diagram is not an SVG drawing")
    _clean(root)
    root.set("role", "img")
    root.set("aria-label", label)
    return Markup(ET.tostring(root, encoding="unicode"))
