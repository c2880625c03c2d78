"""Text from a journey file, made safe and short enough to draw.

Every piece of text a user wrote reaches the DOT source through this module:

* ``clean`` drops control characters (they are not allowed in SVG's XML, and
  Graphviz's HTML-like label parser rejects them) and folds every kind of line
  break into ``\\n``;
* ``wrap`` breaks text into lines of about ``width`` columns, counting wide
  (East Asian) characters as two, cutting words too long for a line, and ending
  with "…" when the text needs more than ``max_lines``;
* ``html`` escapes text for an HTML-like label (``&``, ``<``, ``>``, quotes,
  and backslashes, which Graphviz reads as escapes even there);
* ``quoted`` makes a double-quoted DOT string that Graphviz reads back as the
  same characters: quotes and backslashes are escaped, so no text can close the
  string, start an attribute or a statement, or become an escape such as ``\\N``.
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "…"

# C0 and C1 controls, DEL, and the two non-characters XML refuses; tab and line
# breaks are handled before this runs.
# Compiled when first needed (re keeps them): most text is clean already and skips them.
_CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]"
_LINE_BREAKS = "\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]"
_SPACES = "[ \t]+"


def clean(text: str) -> str:
    """``text`` with every line break as ``\\n``, tabs as spaces, no control characters."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # Printable text holds no line break, tab, control or non-character, and its only
        # white space is the plain space: with no doubled, leading or trailing one it is clean.
        return text
    return _clean_each_line(text)


def _clean_each_line(text: str) -> str:
    """What ``clean`` does, for any text (``clean`` skips it for text that is clean already)."""
    text = re.sub(_LINE_BREAKS, "\n", text)
    text = re.sub(_CONTROL, "", text)
    spaces = re.compile(_SPACES)
    return "\n".join(spaces.sub(" ", line).strip() for line in text.split("\n"))


def char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def text_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(char_width(char) for char in text)


def _cut(word: str, width: int) -> list[str]:
    """A word longer than a line, cut into pieces of at most ``width`` columns."""
    pieces, current, used = [], "", 0
    for char in word:
        size = char_width(char)
        if current and used + size > width:
            pieces.append(current)
            current, used = "", 0
        current += char
        used += size
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, width: int, max_lines: int) -> list[str]:
    """``text`` cleaned and broken into at most ``max_lines`` lines of about ``width`` columns."""
    text = clean(text)
    if max_lines >= 1 and "\n" not in text and text_width(text) <= width:
        return [text] if text else []  # one line that fits: what _wrap_words would make of it
    return _wrap_words(text, width, max_lines)


def _wrap_words(text: str, width: int, max_lines: int) -> list[str]:
    """What ``wrap`` does with text already cleaned, word by word (``wrap`` skips it for one line that fits)."""
    measure = len if text.isascii() else text_width  # ASCII text is as wide as it is long
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for word in paragraph.split(" "):
            if not word:
                continue
            size = measure(word)
            if line and used + 1 + size <= width:
                line, used = f"{line} {word}", used + 1 + size
                continue
            if line:
                lines.append(line)
            pieces = _cut(word, width) if size > width else [word]
            lines.extend(pieces[:-1])
            line, used = pieces[-1], measure(pieces[-1])
        if line:
            lines.append(line)
        if len(lines) > max_lines:
            break
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and measure(last) + 1 > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + ELLIPSIS
    return lines


def html(text: str) -> str:
    """Text for an HTML-like label: markup characters become entities.

    Graphviz still expands ``\\N`` (the node's name) and friends inside HTML-like
    labels, after reading entities, so backslashes are doubled as in ``quoted``.
    """
    return (
        clean(text)
        .replace("\\", "\\\\")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
        .replace("\n", "<br/>")
    )


def html_lines(lines: list[str]) -> str:
    """Lines already wrapped, as one HTML-like label fragment separated by line breaks."""
    return "<br/>".join([html(line) for line in lines])


def quoted(text: str) -> str:
    """A double-quoted DOT string for ``text``; line breaks become centred lines."""
    body = clean(text)
    if "\\" in body or '"' in body or "\n" in body:
        body = body.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"'
