"""An SVG drawing made fit to sit inside the journey-map page.

The flow diagram arrives as a standalone SVG file (an XML prolog, a DOCTYPE,
comments). Inline in HTML only the ``<svg>`` element belongs, and nothing in it
may run or fetch, and it should carry no byte the page does not need.

* A drawing from ``render.flow_svg`` (a ``svg.CheckedSvg``) was read once already,
  by the safety check, which refused anything active or external and noted every
  element and attribute name. When those are only drawing elements of SVG's
  namespace, with no style that could fetch, the element is embedded as the engine
  wrote it, without a second parse: its comments and the white space between tags
  dropped (a text's own content is kept), the font and the anchor every text
  names said once on the ``<svg>`` element, and ``&#45;`` written as ``-``.
* Any other text is parsed as XML and written back keeping only drawing elements
  and attributes. Scripts, ``foreignObject``, images, event handlers and links to
  anything but a fragment of the page are dropped, and the text is escaped again
  on the way out, so labels cannot close a tag, a comment or a CDATA section.

Either way the ``<svg>`` element gets ``role="img"`` and an ``aria-label``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markupsafe import Markup

from journeyctl.render.svg import CheckedSvg

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"

ELEMENTS = frozenset(
    "svg g path polygon polyline ellipse circle rect line text tspan title desc defs "
    "linearGradient radialGradient stop clipPath marker a".split()
)
_LINKS = frozenset(("href", f"{{{XLINK}}}href"))
_UNSAFE_STYLE = re.compile(r"url\s*\(|expression\s*\(|@import|javascript:", re.IGNORECASE)
_TEXT_ONLY = frozenset(("text", "tspan", "title", "desc"))  # elements whose white space is content

# What a checked drawing may hold to be embedded as it is: elements of SVG's namespace
# without children inside their text, and no attribute the page sets itself.
_PLAIN_NAMES = frozenset(f"{SVG} {name}" for name in ELEMENTS - {"a", "tspan"})
_OWN_KEYS = frozenset(("role", "aria-label"))
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BETWEEN_TAGS = re.compile(r">[ \t\r\n]+<(?!/text>)")  # a text whose content is only spaces keeps it
_ROOT = re.compile(r"<svg((?:[ \t\r\n]+[A-Za-z_:][\w.:-]*=\"[^\"]*\")*)[ \t\r\n]*>")
_ROOT_ATTRIBUTE = re.compile(r"([A-Za-z_:][\w.:-]*)=\"([^\"]*)\"")
# Properties every text inherits, said once on the <svg> element when all texts say the same.
_INHERITED = tuple((name, re.compile(rf"<text [^>]*?( {name}=\"[^\"]*\")")) for name in ("font-family", "text-anchor"))

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET


def __getattr__(name: str) -> object:
    """``ET``, the XML parser of the drawings that need a second reading, imported when first
    needed: a drawing from ``render.flow_svg`` does not (about 1.6 ms of every page's start)."""
    if name == "ET":
        return _etree()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _etree():  # noqa: ANN202 - the ElementTree module
    import xml.etree.ElementTree as tree

    tree.register_namespace("", SVG)
    tree.register_namespace("xlink", XLINK)
    return tree


def _quoted(text: str) -> str:
    """``text`` for a quoted attribute value, as ``html.escape(text, quote=True)`` writes it
    (without importing ``html``, whose table of entities the page never needs)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#x27;")


class DrawingError(Exception):
    """The drawing is not SVG that can be embedded."""


def _local(name: str) -> tuple[str | None, str]:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return None, name


def _clean(element: ET.Element, in_text: bool = False) -> None:
    for child in list(element):
        namespace, local = _local(child.tag) if isinstance(child.tag, str) else (None, "")
        if namespace != SVG or local not in ELEMENTS:
            element.remove(child)
            continue
        _clean(child, in_text or local in _TEXT_ONLY)
        if not in_text and child.tail is not None and not child.tail.strip(" \t\r\n"):
            child.tail = None  # white space between two tags outside a text draws nothing
    if not in_text and len(element) and element.text is not None and not element.text.strip(" \t\r\n"):
        element.text = None
    for name in list(element.attrib):
        _, local = _local(name)
        value = element.attrib[name]
        if local.lower().startswith("on"):
            del element.attrib[name]
        elif name in _LINKS and not value.startswith("#"):
            del element.attrib[name]
        elif local == "style" and _UNSAFE_STYLE.search(value):
            del element.attrib[name]


def _as_written(text: CheckedSvg, label: str) -> str | None:
    """The checked drawing embedded as the engine wrote it, made lean; None when it needs the parse."""
    seen = text.scan
    if (
        not seen.names <= _PLAIN_NAMES
        or seen.keys & _OWN_KEYS
        or any(word in seen.lowered for word in ("url", "expression", "@import", "javascript:"))
        or ("[" in text and "<![CDATA[" in text)  # a drawing seldom holds "[" or "?": one quick look for each
        or ("?" in text and "<?" in text)
        or text.count("xmlns:") != text.count(f'xmlns:xlink="{XLINK}"')  # no other prefix anywhere
    ):
        return None
    root = _ROOT.match(text)
    if root is None:
        return None
    body = text[root.end():]
    if "<!--" in body:
        body = _COMMENT.sub("", body)
    body = _BETWEEN_TAGS.sub("><", body.strip(" \t\r\n")).replace("&#45;", "-")
    attributes = [(key, value) for key, value in _ROOT_ATTRIBUTE.findall(root.group(1)) if not key.startswith("xmlns")]
    texts = body.count("<text ")
    for name, pattern in _INHERITED:
        said = pattern.findall(body)  # the value in each text's start tag
        if said and len(set(said)) == 1 and len(said) == texts == body.count(said[0]):
            body = body.replace(said[0], "")  # every text says the same, and nothing else does
            attributes.append((name, said[0].split('"')[1]))
    head = [f'xmlns="{SVG}"']
    if any(key.startswith(XLINK + " ") for key in seen.keys):
        head.append(f'xmlns:xlink="{XLINK}"')
    head += [f'{key}="{value}"' for key, value in attributes]
    head += ['role="img"', f'aria-label="{_quoted(label)}"']
    return "<svg " + " ".join(head) + ">" + body


def embeddable_svg(text: str, label: str = "Flow diagram") -> Markup:
    """The ``<svg>`` element of ``text``, cleaned, as markup ready to place in the page."""
    if isinstance(text, CheckedSvg):
        written = _as_written(text, label)
        if written is not None:
            return Markup(written)
    ET = _etree()  # noqa: N806 - the module's usual name
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
