"""The journey-map grid in real Chromium: packed columns, text inside its boxes, the page's width, print.

Two large service blueprints: tests/fixtures/browser-hotel-blueprint.journey.yaml (32 steps over
four lanes, with supporting steps, times, fail and wait points, evidence, custom rows and phases)
and tests/fixtures/airport-blueprint.journey.yaml (37 steps); and a map of ten customer steps.
"""

from __future__ import annotations

import re

import pytest
from helpers import ROOT, run, write

from journeyctl.checker import check

FIXTURES = ROOT / "tests" / "fixtures"
HOTEL = FIXTURES / "browser-hotel-blueprint.journey.yaml"
AIRPORT = FIXTURES / "airport-blueprint.journey.yaml"
BLUEPRINTS = [HOTEL, AIRPORT]
MARKETPLACE = FIXTURES / "marketplace-buyer.journey.yaml"  # six channels, three entry points
TELECOM = FIXTURES / "telecom-plan-switch.journey.yaml"
SWITCH = ROOT / "examples" / "switch-mobile-plan.journey.yaml"  # the example blueprint, 30 steps
SCREEN = 1440

# Every piece of text in the grid, the page's cards and tables, held against the box it is written in:
# the cell of the grid, and the card inside it. Returns the texts that stick out, by more than a pixel.
OVERFLOW = """() => {
  const out = [];
  const inside = (r, box) => r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  const roots = document.querySelectorAll('.map-scroll .grid, .persona, .quote-list li, .initiatives');
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.textContent.trim()) continue;
      const element = node.parentElement;
      if (element.closest('svg, .sr-only, details') || !element.checkVisibility()) continue;
      const boxes = [element.closest('td, th, li, article')].concat([element.closest('article.card')]).filter(Boolean);
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) {
        for (const box of boxes) {
          if (!inside(rect, box.getBoundingClientRect()))
            out.push(`${element.tagName}.${element.className} in ${box.tagName}.${box.className}: ${node.textContent.trim().slice(0, 50)}`);
        }
      }
    }
    for (const element of root.querySelectorAll('article.card, td, th')) {
      if (element.closest('details')) continue;
      if (element.scrollWidth > element.clientWidth + 1) out.push(`${element.tagName}.${element.className} scrolls: ${element.textContent.trim().slice(0, 50)}`);
    }
  }
  return out;
}"""

TEN_STEPS = "\n".join(
    [
        "version: 1",
        "id: ten-steps",
        "title: Ten steps to a new bank account",
        "stages:",
        "  - {id: find, name: Find the right account}",
        "  - {id: open, name: Open it}",
        "touchpoints:",
    ]
    + [
        f"  - {{id: s{i}, name: 'Step {i}: reads the conditions of the account once more', stage: {'find' if i < 5 else 'open'},"
        f" thoughts: ['Is there a monthly fee I have not seen?'], pain_points: ['The comparison table is long'], emotion: {i % 5 - 2}"
        + (f", next: [s{i + 1}]}}" if i < 9 else ", end: true}")
        for i in range(10)
    ]
)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("grid")
    write(folder, "ten-steps.journey.yaml", TEN_STEPS)
    for source in [*BLUEPRINTS, MARKETPLACE, TELECOM, SWITCH, folder / "ten-steps.journey.yaml"]:
        name = source.name.replace(".journey.yaml", ".html")
        result = run("render", str(source), "--format", "html", "-o", str(folder / name))
        assert result.returncode == 0, result.err
    return folder


def page_of(source) -> str:
    return source.name.replace(".journey.yaml", ".html")


def journey_of(source):
    return next(doc.journey for doc in check([str(source)]).documents if doc.journey is not None)


def assert_clean(visit) -> None:
    assert visit.console_errors == [] and visit.page_errors == [] and visit.dialogs == []
    assert visit.requests == [], "the page asked for something beyond itself"


def print_pages_of_the_map(page) -> list[tuple[float, float]]:
    """The landscape pages Chromium prints for the map alone (the header, the other sections hidden)."""
    page.emulate_media(media="print")
    page.add_style_tag(content="body > header, main > section:not(.map), footer { display: none !important } .map { break-before: auto !important }")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    return [(float(w), float(h)) for w, h in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)]


@pytest.mark.parametrize("source", [*BLUEPRINTS, MARKETPLACE, TELECOM], ids=lambda p: p.stem)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_text_overflows_its_box(pages, open_page, source, scheme):
    visit = open_page(pages, page_of(source), color_scheme=scheme)
    assert visit.page.locator(".map-scroll article.card").count() == len(journey_of(source).touchpoints)
    assert visit.page.evaluate(OVERFLOW) == []
    assert_clean(visit)


def test_ten_step_map_fits_a_1440_pixel_screen(pages, open_page):
    visit = open_page(pages, "ten-steps.html")
    page = visit.page
    widths = page.evaluate("() => [document.querySelector('.map-scroll').scrollWidth, document.querySelector('.map-scroll').clientWidth, document.documentElement.scrollWidth]")
    assert widths[0] <= widths[1], "the map does not scroll sideways"
    assert widths[2] <= SCREEN, "nor does the page"
    last = page.locator('article.card[data-touchpoint="s9"]').bounding_box()
    assert last["x"] + last["width"] <= SCREEN
    assert page.evaluate(OVERFLOW) == []
    assert_clean(visit)


@pytest.mark.parametrize("source", BLUEPRINTS, ids=lambda p: p.stem)
def test_blueprint_is_a_few_screens_wide_with_a_column_per_customer_step(pages, open_page, source):
    journey = journey_of(source)
    visit = open_page(pages, page_of(source))
    page = visit.page
    customer_steps = [tp for tp in journey.touchpoints if tp.lane == "customer"]
    columns = page.locator(".map-scroll table.grid > colgroup > col").count() - 1  # less the row headers
    stages_without_customer = [s for s in journey.stages if not any(tp.stage == s.id for tp in customer_steps)]
    assert columns <= len(customer_steps) + len(stages_without_customer) < len(journey.touchpoints)
    width = page.evaluate("() => document.querySelector('.map-scroll').scrollWidth")
    assert SCREEN < width <= 2 * SCREEN, "a few screens wide, not one column per step"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= SCREEN
    assert_clean(visit)


def test_supporting_steps_sit_in_the_column_of_the_step_they_serve(pages, open_page):
    journey = journey_of(HOTEL)
    visit = open_page(pages, page_of(HOTEL))
    page = visit.page

    def column(tid: str) -> tuple[float, float]:
        cell = page.locator(f'.map-scroll td:has(> article.card[data-touchpoint="{tid}"])')
        box = cell.bounding_box()
        return round(box["x"]), round(box["x"] + box["width"])

    served = [(tp.id, tp.serves[0]) for tp in journey.touchpoints if tp.serves]
    assert len(served) >= 15
    for server, target in served:
        assert column(server) == column(target), (server, target)
    # Several steps serving one step are stacked in its cell, in file order.
    stacked = page.locator('.map-scroll tr[data-lane="support"] td:has(> article.card[data-touchpoint="property-system"])')
    assert stacked.locator("article.card").count() == 1
    # The lanes' order: customer, then the lines and lanes of the blueprint.
    rows = page.locator(".map-scroll tbody > tr[data-lane]")
    assert [rows.nth(i).get_attribute("data-lane") for i in range(rows.count())] == ["customer", "frontstage", "backstage", "support"]
    assert "Serves" in page.locator('article.card[data-touchpoint="rate-engine"]').inner_text()
    assert_clean(visit)


def test_phases_times_marks_evidence_and_custom_rows_are_on_the_page(pages, open_page):
    visit = open_page(pages, page_of(HOTEL))
    page = visit.page
    # Phases sit above the stages they group, across their columns.
    before = page.locator('th.phase[data-phase="before"]').bounding_box()
    book = page.locator('th.stage-head[data-stage="book"]').bounding_box()
    prepare = page.locator('th.stage-head[data-stage="prepare"]').bounding_box()
    assert before["y"] + before["height"] <= book["y"] + 1
    assert abs(before["x"] - book["x"]) <= 1 and abs(before["x"] + before["width"] - prepare["x"] - prepare["width"]) <= 1
    assert "Friday evening to Sunday noon" in page.locator('th.phase[data-phase="during"]').inner_text()
    # Times, in words, on stages and steps.
    assert "takes 1 hour · waits 40 minutes" in page.locator('th.stage-head[data-stage="arrive"]').inner_text()
    assert "takes 10 minutes · waits 40 minutes" in page.locator('article.card[data-touchpoint="checks-in"]').inner_text()
    assert "every day" in page.locator('article.card[data-touchpoint="cleans-room"]').inner_text()
    # Fail and wait points: marks of their own, unlike pain points.
    fail = page.locator('article.card[data-touchpoint="greets-guest"] .fails li')
    wait = page.locator('article.card[data-touchpoint="checks-in"] .waits li')
    pain = page.locator('.row-pains li', has_text="one person after ten")
    assert fail.is_visible() and wait.is_visible() and pain.is_visible()
    marks = [page.evaluate("(e) => [getComputedStyle(e, '::before').content, getComputedStyle(e, '::before').backgroundColor]", item.element_handle()) for item in (fail, wait, pain)]
    assert marks[0][0] == '"F"' and marks[1][0] == '"W"' and marks[2][0] == '"!"'
    assert len({background for _, background in marks}) == 3
    # Evidence: the source after the text, a link only when one is given.
    source = wait.locator("cite")
    assert "guest interviews, March 2026" in source.inner_text()
    assert source.locator("a").get_attribute("href") == "https://research.example/hotel/queue"
    assert page.locator('article.card[data-touchpoint="greets-guest"] cite').count() == 0  # a plain text cites nothing
    quote = page.locator(".quote-list li").first
    assert quote.locator("cite a").get_attribute("href") == "https://research.example/hotel/interviews?id=7&part=2"
    # Custom rows, in the journey's order, after the lanes; physical evidence above the customer's actions.
    rows = page.locator(".map-scroll tbody > tr")
    order = [rows.nth(i).get_attribute("data-row") or rows.nth(i).get_attribute("class") for i in range(rows.count())]
    assert order.index("row-evidence") < order.index("row-lane row-lane-customer")
    assert order.index("row-lane row-lane-support") < order.index("systems") < order.index("metrics")
    assert "Minutes from the door to the key" in page.locator('tr[data-row="metrics"]').inner_text()
    # Several channels on one step, each once per column.
    channels = page.locator(".row-channels td").first.locator(".channel")
    assert [channels.nth(i).inner_text().split(" ·")[0] for i in range(channels.count())] == ["Hotel website", "Booking app"]
    # The scenario, the persona's expectations and the journey's opportunities with owner and measure.
    assert "Lea books a weekend for two" in page.locator(".scenario").inner_text()
    assert "Someone at the desk late at night" in page.locator("article.persona ul.expectations").inner_text()
    backlog = page.locator("table.initiatives tbody tr").first
    assert "Front office" in backlog.inner_text() and "under 5 minutes" in backlog.inner_text()
    backlog.locator("a", has_text="Checks in at the front desk").click()
    assert page.evaluate("() => location.hash") == "#tp-checks-in"
    # The legend explains the marks the page uses.
    legend = page.locator("section.legend").inner_text()
    assert "Fail point" in legend and "Wait point" in legend and "at the same time" in legend
    assert_clean(visit)


@pytest.mark.parametrize("source", [*BLUEPRINTS, SWITCH], ids=lambda p: p.stem)
def test_blueprint_prints_on_one_or_two_landscape_pages(pages, open_page, source):
    visit = open_page(pages, page_of(source))
    page = visit.page
    printed = print_pages_of_the_map(page)
    assert 1 <= len(printed) <= 2, printed
    assert all(width > height for width, height in printed)
    # The whole grid fits the page's width, every card in it.
    zoom = float(page.evaluate("() => getComputedStyle(document.querySelector('.grid')).zoom"))
    assert 0.34 <= zoom <= 0.8
    assert page.evaluate("() => document.querySelector('.grid').getBoundingClientRect().width") <= 980 + 1
    assert page.locator(".grid article.card").count() == len(journey_of(source).touchpoints)
    assert_clean(visit)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_new_marks_and_sources_meet_wcag_aa_contrast(pages, open_page, scheme):
    from test_html_pages import CONTRAST  # the same check as the example pages'

    visit = open_page(pages, page_of(HOTEL), color_scheme=scheme)
    assert visit.page.locator(".map-scroll .fails li, .map-scroll .waits li, .map-scroll cite, .quote-list cite").count() >= 10
    assert visit.page.evaluate(CONTRAST) == []
    assert_clean(visit)


def test_every_entry_point_is_marked_and_several_channels_show_on_their_step(pages, open_page):
    journey = journey_of(MARKETPLACE)
    visit = open_page(pages, page_of(MARKETPLACE))
    page = visit.page
    assert len(journey.entry_ids) == 3
    starts = page.locator(".map-scroll article.card:has(.badge.entry)")
    assert sorted(starts.nth(i).get_attribute("data-touchpoint") for i in range(starts.count())) == sorted(journey.entry_ids)
    several = [tp for tp in journey.touchpoints if len(tp.channel_ids) > 1 and tp.lane == "customer"]
    assert several
    channels = {channel.id: channel.name for channel in journey.channels}
    for tp in several:
        text = page.locator(f".row-channels td:nth-child({columns_index(page, tp.id) + 2})").inner_text()
        assert all(channels[cid] in text for cid in tp.channel_ids), tp.id
    assert_clean(visit)


def columns_index(page, touchpoint_id: str) -> int:
    """The grid column (from 0) of a touchpoint's card."""
    return page.evaluate(
        "(id) => { const cell = document.querySelector(`.map-scroll article.card[data-touchpoint=\"${id}\"]`).closest('td');"
        " return Array.from(cell.parentElement.children).indexOf(cell) - 1; }",
        touchpoint_id,
    )
