"""Text on its way into DOT: cleaned, wrapped, escaped, and read back by the real engine as written."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET

import pytest

from journeyctl.render.dot import Graph, Html
from journeyctl.render.engine import choose
from journeyctl.render.text import clean, html, quoted, text_width, wrap

SVG = "{http://www.w3.org/2000/svg}"

HOSTILE = [
    'say "hi"',
    "back\\slash\\",
    "trailing backslash \\",
    "\\N \\G \\E \\L \\l \\r",
    "braces { } [ ] ; , = -> --",
    '"]; evil [label="pwned"]; x -> y; //',
    "<b>bold</b> & <script>alert(1)</script>",
    "&amp; &lt; &#65; &nbsp;",
    "line one\nline two\r\nline three",
    "tab\there",
    "control \x00\x01\x07\x1b[31m\x7f\x85 chars",
    "Ünïcödé ñ 中文字符 العربية עברית 😀 🚀",
    "\u202eright-to-left override",
    "x" * 300,
    "'single' quotes and `backticks`",
]


def engine_json(graph: Graph) -> dict:
    engine = choose("graphviz-pure", "svg")
    done = subprocess.run([engine.path, "-Tjson"], input=graph.source().encode(), capture_output=True, timeout=60, check=True)
    return json.loads(done.stdout)


def engine_svg(graph: Graph) -> ET.Element:
    return ET.fromstring(choose("graphviz-pure", "svg").run(graph.source(), "svg"))


def test_clean_drops_controls_and_folds_line_breaks():
    assert clean("a\x00b\x1bc\x7fd\x9fe") == "abcde"
    assert clean("one\r\ntwo\rthree\u2028four") == "one\ntwo\nthree\nfour"
    assert clean("  spaced\t\tout  ") == "spaced out"


def test_wrap_keeps_lines_short_and_marks_what_it_cuts():
    lines = wrap("the quick brown fox jumps over the lazy dog", 10, 10)
    assert lines == ["the quick", "brown fox", "jumps over", "the lazy", "dog"]
    assert all(text_width(line) <= 10 for line in wrap("y" * 95, 10, 20))
    cut = wrap("word " * 100, 12, 2)
    assert len(cut) == 2 and cut[-1].endswith("…") and text_width(cut[-1]) <= 12


def test_wrap_counts_wide_characters_twice():
    lines = wrap("中" * 10, 8, 5)
    assert lines == ["中中中中", "中中中中", "中中"]


def test_wrap_of_nothing_is_no_line():
    assert wrap("  \n\x00 ", 10, 3) == []


def test_html_escapes_markup():
    assert html('<a href="x">&</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
    assert html("a\nb") == "a<br/>b"


def test_quoted_escapes_quotes_and_backslashes():
    assert quoted('a"b\\c') == '"a\\"b\\\\c"'
    assert quoted("end\\") == '"end\\\\"'


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_quoted_text_reaches_the_engine_unchanged(text):
    """The engine reads back exactly the cleaned text: no escape sequence, no new statement."""
    graph = Graph("g")
    graph.node("a", label=text)
    graph.node("b", label="plain")
    graph.edge("a", "b", label=text)
    layout = engine_json(graph)
    assert [obj["name"] for obj in layout["objects"]] == ["a", "b"]
    assert len(layout["edges"]) == 1
    expected = clean(text).replace("\n", "\\n")
    assert layout["objects"][0]["label"].replace("\\\\", "\\") == expected.replace("\\\\", "\\")


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_html_text_reaches_the_svg_as_text(text):
    graph = Graph("g")
    graph.node("a", label=Html("<b>" + html(text) + "</b>"), shape="box")
    svg = engine_svg(graph)
    nodes = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "node"]
    assert len(nodes) == 1
    drawn = "\n".join(t.text or "" for t in nodes[0].iter(f"{SVG}text"))
    assert drawn == clean(text)
    assert not list(svg.iter(f"{SVG}script"))


def test_the_dot_writer_refuses_names_and_attributes_it_did_not_generate():
    graph = Graph("g")
    with pytest.raises(ValueError):
        graph.node('a"; b')
    with pytest.raises(ValueError):
        graph.node("a", **{"label=x, color": "red"})


# The shortcuts of clean and wrap (text that is clean already, one line that fits) give what
# the general path gives, for any text: spaces, controls, line breaks, wide and combining characters.
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from journeyctl.render import text as text_module  # noqa: E402

TEXTS = st.text(alphabet=st.sampled_from(list("ab Z-é中\u0301 \t\n\r\x00\x07\x85\u2028\u00a0\u3000😀\ufffe&<\"\\")), max_size=40) | st.text(max_size=40)


@settings(max_examples=400)
@given(TEXTS)
def test_clean_shortcut_gives_what_the_general_path_gives(value):
    assert clean(value) == text_module._clean_each_line(value)


@settings(max_examples=400)
@given(TEXTS, st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=4))
def test_wrap_shortcut_gives_what_word_by_word_wrapping_gives(value, width, max_lines):
    assert wrap(value, width, max_lines) == text_module._wrap_words(clean(value), width, max_lines)


def test_clean_text_is_returned_as_it_is_and_dirty_text_is_cleaned():
    assert clean("Pays on a phone") == "Pays on a phone"
    assert clean(" Pays  on\u00a0a phone ") == "Pays on\u00a0a phone"
    assert wrap("Pays on a phone", 15, 1) == ["Pays on a phone"]
    assert wrap("Pays on a phone", 14, 1) == ["Pays on a…"]
