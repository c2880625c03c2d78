"""Text from a file, made safe to show: invisible and dangerous characters become escapes.

A message quotes what a file says (a misspelt key, an id, a line of the file), and
a path is what a folder holds. Both are the author's text, not ours: raw ESC, BEL
or CR in them would clear a terminal, forge lines or colour the output; a bidi
override (U+202E and friends) would make a line read differently from what it
is (the "Trojan Source" trick); and XML 1.0 forbids most control characters
outright, so one of them would make a JUnit report unreadable.

``safe(text)`` shows each such character as an escape a person can read:

* C0 controls and DEL as ``\\t``, ``\\n``, ``\\r`` or ``\\x1b``; C1 controls as ``\\x85``;
* the bidi embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069, and
  the marks U+200E, U+200F and U+061C, as ``\\u202e``;
* U+FFFE and U+FFFF, which XML forbids, as ``\\ufffe``.

Every reporter passes messages, hints, paths and quoted source lines through it,
so the same escapes show in every output format.
"""

from __future__ import annotations

import re

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: str) -> str:
    """``text`` with every control, bidi and XML-forbidden character shown as an escape."""
    if text.isprintable():  # no character UNSAFE matches is printable: most text is done here
        return text
    return UNSAFE.sub(_escape, text) if UNSAFE.search(text) else text


def safe_optional(text: str | None) -> str | None:
    return None if text is None else safe(text)
