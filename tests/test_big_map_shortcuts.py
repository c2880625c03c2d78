"""The shortcuts taken for big maps give what the general path gives.

Each fast path of the check and the drawing (a test that skips work when it cannot
change the result) is held here to the path it skips, on every character or on
generated text, so a shortcut can never change a message or a drawing.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journeyctl.reporters.safe import UNSAFE, _escape, safe


def test_no_printable_character_needs_an_escape():
    # safe() returns printable text as it is: that holds only if UNSAFE matches no printable character.
    printable_unsafe = [hex(code) for code in range(0x110000) if chr(code).isprintable() and UNSAFE.match(chr(code))]
    assert printable_unsafe == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_safe_is_the_general_escape(text):
    assert safe(text) == UNSAFE.sub(_escape, text)


def test_safe_escapes_what_it_must():
    assert safe("a\x1bb\u202ec\tend") == "a\\x1bb\\u202ec\\tend"
    assert safe("plain words, déjà vu, 漢字") == "plain words, déjà vu, 漢字"
