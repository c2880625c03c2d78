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


# Each line's textLength is the width graphviz-pure measured: its own xdot output says so.
import re  # noqa: E402
from pathlib import Path  # noqa: E402

from journeyctl.render import dot_source  # noqa: E402
from journeyctl.render import text_fit  # noqa: E402

_XDOT_TEXT = re.compile(r'(?:t (\d) )?T [-\d.]+ [-\d.]+ -?\d+ ([\d.]+) \d+ -')


def _xdot(source: str) -> str:
    engine = choose("graphviz-pure", "svg")
    out = subprocess.run([engine.path, "-Txdot"], input=source.encode(), capture_output=True, timeout=120, check=True).stdout.decode()
    return out.replace("\\\n", "")  # long attribute values are continued on the next line


def test_the_width_tables_are_the_engines_for_every_ascii_character():
    nodes = [f'r{c} [label=<&#{c};>]; b{c} [label=<<b>&#{c};</b>>]; i{c} [label=<<i>&#{c};</i>>]' for c in range(32, 127)]
    out = _xdot("digraph { node [shape=plaintext fontname=Helvetica fontsize=2048]\n" + "\n".join(nodes) + "\n}")
    seen = {}
    for match in re.finditer(r'\b([rbi])(\d+)\s+\[_ldraw_="[^"]*?T [-\d.]+ [-\d.]+ -?\d+ ([\d.]+) 1 -', out):
        seen[(match.group(1), int(match.group(2)))] = float(match.group(3))
    assert len(seen) == 3 * 95
    for code in range(32, 127):
        assert seen[("r", code)] == text_fit.REGULAR[code] == seen[("i", code)], chr(code)
        assert seen[("b", code)] == text_fit.BOLD[code], chr(code)


@pytest.mark.parametrize("example", sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.journey.yaml")), ids=lambda p: p.name.split(".")[0])
def test_every_line_of_an_example_gets_the_width_the_engine_measured(example):
    from journeyctl.checker import check

    journey = next(doc.journey for doc in check([str(example)]).documents if doc.journey is not None)
    source = dot_source(journey)
    measured = sorted(float(width) for _, width in _XDOT_TEXT.findall(_xdot(source)))
    engine = choose("graphviz-pure", "svg")
    fitted = text_fit.fit(engine.run(source, "svg")).decode()
    lengths = sorted(float(value) for value in re.findall(r'textLength="([\d.]+)"', fitted))
    assert len(lengths) == fitted.count("<text ") == len(measured) > 20
    assert all(abs(a - b) <= 0.011 for a, b in zip(lengths, measured)), [(a, b) for a, b in zip(lengths, measured) if abs(a - b) > 0.011][:5]


def test_text_beyond_ascii_counts_a_space_for_each_utf8_byte_and_entities_are_read():
    assert text_fit.width("é", size=2048) == 2 * 569 and text_fit.width("中", size=2048) == 3 * 569
    assert text_fit.unescape(b"a&amp;&#45;&#x4e2d;&lt;&gt;&quot;&apos;") == "a&-中<>\"'".encode()
    svg = b'<text xml:space="preserve" x="1" y="2" font-family="Helvetica,sans-Serif" font-weight="bold" font-size="10.00" fill="#000">a&amp;b</text>'
    assert b'textLength="%.2f" lengthAdjust="spacingAndGlyphs">a&amp;b</text>' % text_fit.width("a&b", bold=True, size=10) in text_fit.fit(svg)
    other = b'<text x="1" font-family="Courier,monospace" font-size="10.00">a</text>'
    assert text_fit.fit(other) == other  # another family: widths unknown, left as it is
