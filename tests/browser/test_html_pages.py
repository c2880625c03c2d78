"""The example journey-map pages and their site, as Chromium shows them."""

from __future__ import annotations

import re

import pytest
from helpers import EXAMPLES, run

from journeyctl.checker import check

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.journey.yaml"))
JOURNEYS = {doc.journey.id: doc.journey for doc in check([str(EXAMPLES)]).documents if doc.journey is not None}

# WCAG contrast of every visible piece of text against the CSS backgrounds behind it.
# The embedded flow diagram is left out: its text sits on SVG shapes, not on CSS
# backgrounds, and its colours are the diagrams' own (journeyctl.render.palette).
CONTRAST = """() => {
  const parse = (value) => {
    const m = value && value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(parseFloat);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const blend = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const behind = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let colour = {r: 255, g: 255, b: 255, a: 1};
    for (let i = layers.length - 1; i >= 0; i--) colour = blend(layers[i], colour);
    return colour;
  };
  const failures = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(element)) continue;
    seen.add(element);
    if (!element.checkVisibility() || element.closest('.sr-only, .skip-link, .flow-scroll')) continue;
    const style = getComputedStyle(element);
    const svg = element instanceof SVGElement;
    const background = behind(element);
    const ink = blend(parse(svg ? style.fill : style.color), background);
    const [a, b] = [luminance(ink), luminance(background)];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (parseInt(style.fontWeight) >= 700 && size >= 18.66);
    if (ratio < (large ? 3 : 4.5) - 0.01)
      failures.push(`${ratio.toFixed(2)} ${element.tagName}.${element.getAttribute('class')}: ${walker.currentNode.textContent.trim().slice(0, 40)}`);
  }
  return failures;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    result = run("render", str(EXAMPLES), "--format", "html", "-o", f"{folder}/")
    assert result.returncode == 0, result.err
    return folder


def page_name(journey_id: str) -> str:
    return f"{journey_id}.html"


def assert_clean(visit) -> None:
    assert visit.console_errors == []
    assert visit.page_errors == []
    assert visit.requests == [], "the page asked for something beyond itself"
    assert visit.dialogs == []


@pytest.mark.parametrize("journey_id", sorted(JOURNEYS))
def test_example_page_shows_every_stage_and_touchpoint(site, open_page, journey_id):
    journey = JOURNEYS[journey_id]
    visit = open_page(site, page_name(journey_id))
    page = visit.page
    grid = page.locator(".map-scroll")
    assert page.title() == journey.title
    for stage in journey.stages:
        head = grid.locator(f'th.stage-head[data-stage="{stage.id}"]')
        assert head.is_visible()
        assert stage.name in head.inner_text()
    for touchpoint in journey.touchpoints:
        card = grid.locator(f'article.card[data-touchpoint="{touchpoint.id}"]')
        assert card.count() == 1, touchpoint.id
        card.scroll_into_view_if_needed()
        box = card.bounding_box()
        assert box and box["width"] > 100 and 0 <= box["x"] < page.viewport_size["width"], touchpoint.id
        assert card.locator("h3").inner_text() == touchpoint.name
    # A map of ten columns or fewer fits the screen; a longer one scrolls sideways inside the map, never the whole page.
    widths = page.evaluate("() => [document.querySelector('.map-scroll').scrollWidth, document.querySelector('.map-scroll').clientWidth, document.documentElement.scrollWidth]")
    columns = page.locator(".map-scroll table.grid > colgroup > col").count() - 1
    assert (widths[0] > widths[1]) == (columns > 10), (columns, widths)
    assert widths[2] <= page.viewport_size["width"]
    assert_clean(visit)


@pytest.mark.parametrize("journey_id", sorted(JOURNEYS))
def test_emotion_curve_has_one_point_per_touchpoint_with_an_emotion(site, open_page, journey_id):
    journey = JOURNEYS[journey_id]
    visit = open_page(site, page_name(journey_id))
    chart = visit.page.locator(".map-scroll svg.emotion-chart")
    assert chart.is_visible()
    assert chart.get_attribute("role") == "img"
    lines = chart.locator("g.line")
    assert lines.count() >= 1
    with_emotion = {tp.id for tp in journey.touchpoints if tp.emotion is not None}
    drawn = set()
    for index in range(lines.count()):
        line = lines.nth(index)
        personas = (line.get_attribute("data-personas") or "").split()
        expected = [
            tp.id
            for tp in journey.touchpoints
            if tp.emotion is not None and (not personas or not tp.personas or set(personas) & set(tp.personas))
        ]
        points = [point.get_attribute("data-touchpoint") for point in line.locator("path.point").all()]
        assert sorted(points) == sorted(expected), line.get_attribute("data-line")
        for point in line.locator("path.point").all():
            assert point.is_visible()
        drawn.update(points)
    assert drawn == with_emotion
    # The text alternative: a description, and a table with a row per touchpoint with an emotion.
    description = chart.locator("desc").text_content()
    assert "lowest at" in description and "highest at" in description
    summary = visit.page.locator(".emotion-table summary")
    summary.click()
    rows = visit.page.locator(".emotion-table tbody tr")
    assert rows.count() == len(with_emotion)
    assert rows.first.is_visible()
    assert_clean(visit)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("journey_id", sorted(JOURNEYS))
def test_text_meets_wcag_aa_contrast(site, open_page, journey_id, scheme):
    visit = open_page(site, page_name(journey_id), color_scheme=scheme)
    background = visit.page.evaluate("() => getComputedStyle(document.documentElement).backgroundColor")
    assert (background == "rgb(18, 21, 27)") == (scheme == "dark")
    assert visit.page.evaluate(CONTRAST) == []
    assert_clean(visit)


def test_blueprint_shows_lanes_and_lines(site, open_page):
    journey = JOURNEYS["switch-mobile-plan"]
    visit = open_page(site, page_name(journey.id))
    grid = visit.page.locator(".map-scroll")
    lines = [grid.locator(f'tr.blueprint-line[data-line="{name}"]') for name in ("Line of interaction", "Line of visibility", "Line of internal interaction")]
    assert all(line.is_visible() for line in lines)
    rows = grid.locator("tbody > tr")
    order = [rows.nth(i).get_attribute("data-lane") or rows.nth(i).get_attribute("data-line") for i in range(rows.count())]
    order = [name for name in order if name]
    assert order == ["customer", "Line of interaction", "frontstage", "Line of visibility", "backstage", "Line of internal interaction", "support"]
    for touchpoint in journey.touchpoints:
        row = grid.locator(f'tr[data-lane="{touchpoint.lane}"]')
        assert row.locator(f'article.card[data-touchpoint="{touchpoint.id}"]').count() == 1, touchpoint.id
    assert_clean(visit)


def test_print_gives_landscape_pages_with_the_whole_map_fit_to_their_width(site, open_page):
    visit = open_page(site, page_name("retail-first-purchase"))
    page = visit.page
    page.emulate_media(media="print")
    grid = page.locator(".map-scroll table.grid")
    assert grid.is_visible()
    for touchpoint in JOURNEYS["retail-first-purchase"].touchpoints:
        assert page.locator(f'article.card[data-touchpoint="{touchpoint.id}"]').count() == 1
    zoom = float(page.evaluate("() => getComputedStyle(document.querySelector('.grid')).zoom"))
    assert 0.3 < zoom <= 0.8
    width = page.evaluate("() => document.querySelector('.grid').getBoundingClientRect().width")
    assert width <= 980 + 1  # the landscape page's width inside its margins, in CSS pixels
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) >= 3  # the header, the map, the flow
    assert all(float(width) > float(height) for width, height in boxes), "every printed page is landscape"
    assert_clean(visit)


def test_site_index_lists_and_links_every_journey(site, open_page):
    visit = open_page(site, "index.html")
    page = visit.page
    rows = page.locator("table.journeys tbody tr[data-path$='.journey.yaml']")
    assert rows.count() == len(JOURNEYS)
    for journey in JOURNEYS.values():
        link = page.get_by_role("link", name=journey.title)
        assert link.is_visible()
        row = page.locator("table.journeys tr", has=link)
        text = row.inner_text()
        assert journey.owner in text
        assert str(len(journey.touchpoints)) in text
        assert "valid" in text
        assert all(persona.name in text for persona in journey.personas)
    page.get_by_role("link", name=JOURNEYS["saas-trial-to-paid"].title).click()
    page.wait_for_load_state("load")
    assert page.title() == JOURNEYS["saas-trial-to-paid"].title
    page.get_by_role("link", name="All journeys").click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Journey maps"
    assert_clean(visit)


def test_flow_diagram_is_embedded_inline(site, open_page):
    visit = open_page(site, page_name("retail-first-purchase"))
    diagram = visit.page.locator("section.flow svg")
    assert diagram.is_visible()
    assert visit.page.locator("section.flow svg g.node").count() >= len(JOURNEYS["retail-first-purchase"].touchpoints)
    assert_clean(visit)


def test_persona_page_follows_that_persona(tmp_path, open_page):
    out = tmp_path / "maya.html"
    result = run("render", str(EXAMPLES / "retail-first-purchase.journey.yaml"), "--format", "html", "--persona", "maya-busy-parent", "-o", str(out))
    assert result.returncode == 0, result.err
    visit = open_page(tmp_path, "maya.html")
    page = visit.page
    assert page.locator(".map-scroll article.card[data-touchpoint='visits-store']").count() == 0  # Leo's only
    assert page.locator("article.persona").count() == 1
    assert page.locator(".map-scroll svg.emotion-chart g.line").count() == 1
    assert "Maya" in page.locator(".filter-note").inner_text()
    assert_clean(visit)
