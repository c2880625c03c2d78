"""The measured-map page (journeyctl analyze --format html) as Chromium shows it.

The retail example measured against its sample log and feedback, through the real
command; and a small map whose log and feedback carry script and markup payloads in
event names, a property (the support reason, shown with --breakdown) and comments, and
whose first touchpoint is named with one (it shows in the charts' SVG text too).
"""

from __future__ import annotations

import pytest
from helpers import EXAMPLES, run, write
from test_analyze_html import EMOTIONAL_MAP, FEEDBACK, LOG
from test_html_pages import CONTRAST, assert_clean
from test_html_xss import INERT, TRAPS

RETAIL_CHARTS = [
    "journey",
    "funnel",
    "time",
    "before",
    "channels",
    "support-1",
    "support-2",
    "attribution-touchpoints",
    "attribution-channels",
    "emotion",
    "drift",
    "flow",
]
PAYLOADS = {
    "event": "<img src=x onerror=alert(1)>",
    "reason": "</table><script>alert(2)</script>",
    "comment": "<svg onload=alert(3)>{{ 7*7 }}",
    "second comment": '"><iframe src="javascript:alert(4)"></iframe>',
    "touchpoint name": "<script>alert(5)</script>]]>-->",
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    result = run(
        "analyze",
        str(EXAMPLES / "retail-first-purchase.journey.yaml"),
        "--events",
        str(EXAMPLES / "data" / "retail-events.csv"),
        "--feedback",
        str(EXAMPLES / "data" / "retail-feedback.csv"),
        "--format",
        "html",
        "-o",
        str(folder / "report.html"),
    )
    assert result.returncode == 0, result.err
    return folder


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-report")
    write(folder, "lamp.journey.yaml", EMOTIONAL_MAP.replace("name: Sees an ad", f"name: '{PAYLOADS['touchpoint name']}'"))
    rows = LOG.splitlines()[1:] + [f"c2,2024-01-01T11:06:00Z,{PAYLOADS['event']},web"]
    quoted = '"' + PAYLOADS["reason"].replace('"', '""') + '"'
    write(folder, "events.csv", "customer_id,timestamp,event,channel,reason\n" + "".join(f"{row},{quoted}\n" for row in rows))
    comment = '"' + PAYLOADS["comment"].replace('"', '""') + '"'
    second = '"' + PAYLOADS["second comment"].replace('"', '""') + '"'
    write(folder, "feedback.csv", FEEDBACK.replace("Arrived late", comment).replace(",Fine", "," + second))
    result = run("analyze", "lamp.journey.yaml", "--events", "events.csv", "--feedback", "feedback.csv", "--breakdown", "reason", "--format", "html", "-o", "report.html", cwd=folder)
    assert result.returncode == 0, result.err
    return folder


def test_every_chart_is_drawn_with_its_text_alternative(report, open_page):
    visit = open_page(report, "report.html")
    page = visit.page
    sections = page.eval_on_selector_all("[data-chart]", "els => els.map(e => e.dataset.chart)")
    assert sections == RETAIL_CHARTS
    for name in RETAIL_CHARTS[1:-1]:  # the stage cards are text; the flow is the layout engine's drawing
        section = page.locator(f'[data-chart="{name}"]')
        chart = section.locator("svg.chart")
        assert chart.count() == 1, name
        box = chart.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 20, name
        assert chart.get_attribute("role") == "img"
        assert chart.get_attribute("aria-label"), name
        assert chart.locator("rect.bar, circle.point, line.link").count() > 0, name
        table = section.locator("table.figures").first
        assert table.is_visible(), name
        assert table.locator("tbody tr").count() > 0, name
    assert page.locator('[data-chart="flow"] svg').count() == 1
    stages = page.locator(".measured-stage h3").all_inner_texts()
    assert [s.split("\n")[-1].strip() for s in stages] == ["Awareness", "Consideration", "Purchase", "Post-purchase"]
    assert page.locator(".measured-tp").count() == 19
    assert_clean(visit)


def test_funnel_bars_follow_the_customers(report, open_page):
    """The bars are as long as the counts say: each step's bar over the first's is its share."""
    visit = open_page(report, "report.html")
    widths = visit.page.eval_on_selector_all('[data-chart="funnel"] rect.bar', "els => els.map(e => e.width.baseVal.value)")
    counts = visit.page.eval_on_selector('[data-chart="funnel"] table.figures', "t => [...t.tBodies[0].rows].map(r => parseInt(r.cells[2].textContent.replace(/,/g, '')))")
    assert len(widths) == len(counts) == 6
    for width, count in zip(widths, counts):
        assert abs(width / widths[0] - count / counts[0]) < 0.002  # coordinates carry one decimal


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_meets_wcag_aa_contrast(report, open_page, scheme):
    visit = open_page(report, "report.html", color_scheme=scheme)
    background = visit.page.evaluate("() => getComputedStyle(document.documentElement).backgroundColor")
    assert (background == "rgb(18, 21, 27)") == (scheme == "dark")
    assert visit.page.evaluate(CONTRAST) == []
    assert_clean(visit)


def test_print_shows_the_charts_without_shadows(report, open_page):
    visit = open_page(report, "report.html")
    visit.page.emulate_media(media="print")
    assert visit.page.locator('[data-chart="funnel"] svg.chart').is_visible()
    assert visit.page.evaluate("() => getComputedStyle(document.querySelector('.chart-frame')).boxShadow") == "none"
    assert visit.page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_payloads_in_events_properties_and_comments_are_inert(hostile, open_page, bypass_csp):
    visit = open_page(hostile, "report.html", init_script=TRAPS, bypass_csp=bypass_csp)
    visit.page.wait_for_timeout(200)  # give a stray onload or onerror its chance
    state = visit.page.evaluate(INERT)
    assert state["traps"] == []
    assert state["scripts"] == 0
    assert state["embedded"] == 0
    assert state["styles"] == 1
    assert state["handlers"] == []
    assert state["scriptLinks"] == 0
    for where, text in PAYLOADS.items():
        assert text in state["text"], where
    assert_clean(visit)
