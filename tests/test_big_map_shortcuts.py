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


# The text report without colour is written straight as text; with colour it is built
# from styled pieces. Both must say the same, character for character.
from journeyctl.problems import Problem, Span  # noqa: E402
from journeyctl.reporters.text import problem_lines, problem_text  # noqa: E402

_texts = st.lists(st.sampled_from(list("ab \t:é漢\x1b\u202e\n\"'") + ["x" * 130]), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    source=st.lists(_texts, max_size=4),
    line=st.integers(0, 6),
    column=st.integers(0, 200),
    end_line=st.integers(0, 7),
    end_column=st.integers(0, 220),
    message=_texts,
    hint=st.none() | _texts,
    level=st.sampled_from(["error", "warning", "info"]),
)
def test_plain_problem_text_is_the_pieces_joined(source, line, column, end_line, end_column, message, hint, level):
    problem = Problem("maps/a\x07b.journey.yaml", Span(line, column, end_line, end_column), "L011", message, level, hint)
    joined = "".join("".join(text for text, _ in piece_line) + "\n" for piece_line in problem_lines(problem, source))
    assert problem_text(problem, source) == joined


# The DOT writer remembers the names, attribute names and plain values it has already
# checked or written; what it remembers must never let anything else through.
import pytest  # noqa: E402

from journeyctl.render.dot import Graph, Html, _value, attributes  # noqa: E402


def test_remembered_text_is_never_taken_for_markup():
    assert _value("<b>x</b>") == '"<b>x</b>"'
    assert _value(Html("<b>x</b>")) == "<<b>x</b>>"  # the same characters as markup: not the string written before
    assert _value("<b>x</b>") == '"<b>x</b>"'
    assert _value('say "hi" \\N') == '"say \\"hi\\" \\\\N"'


def test_remembered_names_still_refuse_others():
    graph = Graph("journey")
    graph.node("n0", label="a")
    graph.edge("n0", "n0")
    for bad in ("n0 [label=x]", "n0;", "0n", "n0\n", ""):
        with pytest.raises(ValueError):
            graph.node(bad)
        with pytest.raises(ValueError):
            graph.edge("n0", bad)
    with pytest.raises(ValueError):
        attributes({"label": "a", "style=filled, label": "b"})
    assert attributes({"label": "a", "fontsize": 9, "width": 0.07}) == 'label="a", fontsize="9", width="0.07"'


# The blueprint finds each line's node in the laid-out graph where its name is written,
# instead of searching from every line start: it must find what the search finds.
import re  # noqa: E402

from journeyctl.render import blueprint  # noqa: E402

_LAID_OUT = ["row_line_customer", "row_line_customer_x", " ", "\n", "\t", "\r\n", "\u2003", "[", "]", 'pos="1,2"', "a -> ", ";", "x", "\n  row_line_customer [width=1]"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_LAID_OUT), max_size=14).map("".join))
def test_node_statement_is_the_search(text):
    searched = re.search(blueprint._NODE.format(name="row_line_customer"), text, re.MULTILINE)
    found = blueprint._node_statement(text, "row_line_customer")
    assert (searched is None) == (found is None)
    if searched is not None:
        assert (found.span(), found.group("attrs")) == (searched.span(), searched.group("attrs"))
