"""The SVG the engine writes, made safe to open, embed and publish.

The DOT source never carries a URL, a tooltip or a style from the journey file,
so the engine has no reason to write links or scripts. ``finish`` still checks
the result before anyone sees it, and drops the DOCTYPE line: it points to a
DTD on the web, the one external reference Graphviz writes on its own.
"""

from __future__ import annotations

import re

_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\s*", re.IGNORECASE)
# Inside text content the engine escapes < and quotes, so these only match markup.
_UNSAFE = (
    (re.compile(r"<\s*script", re.IGNORECASE), "a script"),
    (re.compile(r"<\s*foreignObject", re.IGNORECASE), "foreign content"),
    (re.compile(r"<\s*(a|image|use|iframe|object|embed)[\s/>]", re.IGNORECASE), "a link or an embedded object"),
    (re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE), "an event handler"),
    (re.compile(r"""(href|src)\s*=\s*["']""", re.IGNORECASE), "a reference"),
    (re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE), "an external style reference"),
)


class UnsafeSvg(Exception):
    """The engine's SVG holds something it should not; a bug, never the user's doing."""


def finish(svg: bytes) -> bytes:
    """The engine's SVG without the DOCTYPE, after checking it carries nothing active or external."""
    text = svg.decode("utf-8")
    text = _DOCTYPE.sub("", text, count=1)
    for pattern, what in _UNSAFE:
        found = pattern.search(text)
        if found:
            raise UnsafeSvg(f"the layout engine wrote {what} into the SVG ({found.group(0)!r})")
    return text.encode("utf-8")


def inline(svg: bytes) -> str:
    """The ``<svg>`` element alone, for putting inside an HTML page."""
    text = svg.decode("utf-8")
    start = text.find("<svg")
    return text[start:] if start >= 0 else text
