"""The flow diagram embedded in the page from the safety check's one reading: the same drawing, leaner."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from journeyctl.checker import check
from journeyctl.render import flow_svg, svg_embed
from journeyctl.render.svg import CheckedSvg, inline, scan
from journeyctl.render.svg_embed import embeddable_svg

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.journey.yaml"))
SVG = "{http://www.w3.org/2000/svg}"


def journey_of(path: Path):
    report = check([str(path)])
    return next(doc.journey for doc in report.documents if doc.journey is not None)


def drawing(markup: str) -> list[tuple]:
    """Every element in order: tag, attributes (a text's font and anchor as inherited from the root), text."""
    root = ET.fromstring(markup)
    inherited = {name: root.attrib.pop(name) for name in ("font-family", "text-anchor") if name in root.attrib}
    out = []
    for element in root.iter():
        attributes = dict(element.attrib)
        if element.tag == f"{SVG}text":
            attributes = {**inherited, **attributes}
        text = element.text if element.tag in (f"{SVG}text", f"{SVG}title") else (element.text or "").strip() or None
        out.append((element.tag, sorted(attributes.items()), text))
    return out


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.name.split(".")[0])
def example_svg(request):
    return flow_svg(journey_of(request.param))


def test_the_page_gets_the_drawing_the_full_parse_gives_without_parsing_again(example_svg, monkeypatch):
    assert isinstance(example_svg, CheckedSvg)
    parsed = str(embeddable_svg(str(example_svg), label="Flow of the journey"))  # a plain string: parsed and written back

    def no_second_parse(*args, **kwargs):
        raise AssertionError("the checked drawing was parsed again")

    monkeypatch.setattr(svg_embed.ET, "fromstring", no_second_parse)
    lean = str(embeddable_svg(example_svg, label="Flow of the journey"))
    monkeypatch.undo()
    assert drawing(lean) == drawing(parsed)
    assert lean.startswith('<svg xmlns="http://www.w3.org/2000/svg" ')
    assert 'role="img"' in lean and 'aria-label="Flow of the journey"' in lean


def test_the_embedded_drawing_is_lean(example_svg):
    lean = str(embeddable_svg(example_svg))
    assert "<!--" not in lean and ">\n<" not in lean and "&#45;" not in lean
    assert lean.count("font-family=") == lean.count("text-anchor=") == 1  # said once, on the <svg> element
    assert "xmlns:xlink" not in lean  # no link in the drawing
    assert len(lean) < 0.9 * len(example_svg)


def _checked(text: str) -> CheckedSvg:
    data = text.encode("utf-8")
    return inline(data, scan(data))


def test_a_label_is_escaped_and_a_text_made_of_spaces_keeps_them():
    svg = _checked('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">\n<text x="1">  </text>\n<text x="2"> a  b </text>\n</svg>')
    lean = str(embeddable_svg(svg, label='Flow "A" <b> & co'))
    assert 'aria-label="Flow &quot;A&quot; &lt;b&gt; &amp; co"' in lean
    assert '<text x="1">  </text><text x="2"> a  b </text></svg>' in lean


@pytest.mark.parametrize(
    "inside, gone",
    [
        ('<x:note xmlns:x="urn:x">hidden</x:note>', "hidden"),  # an element of another namespace
        ('<rect style="fill: url (x.png)" width="1"/>', "x.png"),  # a style that fetches, spelt so the check lets it by
        ('<rect style="width: expression(alert(1))"/>', "expression"),
    ],
)
def test_a_checked_drawing_the_shortcut_cannot_take_is_cleaned_by_the_full_parse(inside, gone):
    svg = _checked(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><g>{inside}</g></svg>')
    lean = str(embeddable_svg(svg))
    assert gone not in lean and "<g" in lean and 'role="img"' in lean


def test_a_drawing_that_says_role_itself_gets_one_role():
    svg = _checked('<svg xmlns="http://www.w3.org/2000/svg" role="presentation" viewBox="0 0 9 9"><g/></svg>')
    lean = str(embeddable_svg(svg))
    assert lean.count("role=") == 1 and 'role="img"' in lean
