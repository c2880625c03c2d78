"""journeyctl analyze --format html: the measured map, through the real command.

The map and log of tests/test_render_events.py (five customers, every count known),
with a feedback file: three CSAT answers about the order (1, 2 and 3: mean 2, which is
-1 on the map's scale, where the map says +2). The page's tables are read back and
compared with the figures worked out by hand:

- funnel: 4 saw the ad, 3 viewed the product (75.0%), 2 ordered within the window (c3
  skipped the product), drop-offs 1 and 1;
- stages: 4 of the 5 customers in each stage (80.0%);
- conversions: 3, all on the web; time to purchase 30 min (c1), 2 h (c3), 2 days (c4);
  touchpoints before: 2 (c1), 1 (c3), 2 (c4);
- first touch gives the ad all 3 conversions; last touch gives the product 2 and the ad 1;
- drift: the ad straight to the order once; the product to support never.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from helpers import run, write
from test_render_events import LOG, MAP

FEEDBACK = """\
customer_id,timestamp,touchpoint,survey,score,comment
c1,2024-01-01T11:00:00Z,order-placed,csat,1,Arrived late
c3,2024-01-02T13:00:00Z,order-placed,csat,2,
c4,2024-01-03T11:00:00Z,order-placed,csat,3,Fine
"""

EMOTIONAL_MAP = MAP.replace("    events: order_placed\n", "    events: order_placed\n    emotion: 2\n")
CHARTS = ["journey", "funnel", "time", "before", "channels", "support-1", "attribution-touchpoints", "attribution-channels", "emotion", "drift", "flow"]


class Tables(HTMLParser):
    """Every table of the page: caption -> rows of cell texts (head row included)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.caption: str | None = None
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.caption, self.rows = "", []
        elif tag == "caption":
            self.in_caption = True
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self.in_caption = False
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.tables[self.caption.strip()] = self.rows

    def handle_data(self, data):
        if self.in_caption:
            self.caption += data
        elif self.cell is not None:
            self.cell.append(data)


def tables(page: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(page)
    return parser.tables


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    write(folder, "lamp.journey.yaml", EMOTIONAL_MAP)
    write(folder, "events.csv", LOG)
    write(folder, "feedback.csv", FEEDBACK)
    return folder


@pytest.fixture(scope="module")
def page(shop):
    result = run("analyze", "lamp.journey.yaml", "--events", "events.csv", "--feedback", "feedback.csv", "--format", "html", "-o", "report.html", cwd=shop)
    assert result.returncode == 0, result.err
    assert result.out == ""
    return (shop / "report.html").read_text(encoding="utf-8")


def test_the_page_is_self_contained_and_has_every_chart(page):
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in page and "<script" not in page
    assert re.findall(r'data-chart="([a-z0-9-]+)"', page) == CHARTS
    assert page.count('<svg class="chart ') == 9  # the flow is the tenth drawing, from the layout engine
    assert page.count('role="img"') >= 9
    assert "@media print" in page and "prefers-color-scheme: dark" in page


def test_funnel_stages_and_channels_have_the_exact_figures(page):
    t = tables(page)
    assert t["The funnel as a table"][1:] == [
        ["1", "Sees an ad", "4", "100.0%", "75.0%", "1 (25.0%)"],
        ["2", "Views a product", "3", "75.0%", "66.7%", "1 (33.3%)"],
        ["3", "Places the order", "2", "50.0%", "–", "–"],
    ]
    assert t["Conversions per channel as a table"][1:] == [["web", "3", "100.0%"]]
    assert "4 customers (80.0%)" in page
    assert ["under 1 hour", "1", "33.3%"] in t["Time to purchase as a table (3 customers)"]
    assert ["2 to 3 days", "1", "33.3%"] in t["Time to purchase as a table (3 customers)"]
    before = {row[0]: row[1] for row in t["Touchpoints and sessions before purchase as a table"][1:]}
    assert (before["1"], before["2"], before["3"]) == ("1", "2", "0")
    assert t["Just before Calls support"][1:] == [["(nothing on the map)", "1", "1", "100.0%"]]


def test_attribution_models_side_by_side(page):
    rows = {row[0]: row[1:] for row in tables(page)["Conversions credited per touchpoint as a table"]}
    assert rows["Touchpoint"] == ["First touch", "Last touch", "Linear", "Time decay", "40/20/40", "Markov", "Removal effect"]
    assert rows["Sees an ad"][:3] == ["3.00", "1.00", "2.00"]
    assert rows["Views a product"][:3] == ["0.00", "2.00", "1.00"]
    assert rows["Sees an ad"][5] == "1.80" and rows["Views a product"][5] == "1.20"


def test_emotion_assumed_and_measured(page):
    rows = tables(page)["Assumed and measured emotion as a table"]
    assert rows[1:] == [["1", "Places the order", "+2", "-1 (2.0 mean CSAT)", "3", "too few answers"]]
    assert "The map assumes" in page and "Customers say" in page
    assert "Arrived late" in page


def test_drift_listed(page):
    t = tables(page)
    assert t["Steps taken but not on the map"][1:] == [["Sees an ad", "Places the order", "1", "1"]]
    assert t["Steps on the map never taken"][1:] == [["Views a product", "Calls support"]]
    assert "1 time, not on the map" in page and "never taken" in page  # on the flow diagram


def test_same_input_same_bytes_and_written_atomically(shop, page):
    again = run("analyze", "lamp.journey.yaml", "--events", "events.csv", "--feedback", "feedback.csv", "--format", "html", "-o", "again.html", cwd=shop)
    assert again.returncode == 0, again.err
    assert (shop / "again.html").read_text(encoding="utf-8") == page
    assert [p.name for p in shop.iterdir() if p.name.startswith(".")] == []  # no temporary file left behind


def test_without_feedback_or_conversion_the_sections_are_left_out(tmp_path):
    write(tmp_path, "lamp.journey.yaml", MAP.replace("analytics:\n  conversion: order-placed\n", ""))
    write(tmp_path, "events.csv", LOG)
    result = run("analyze", "lamp.journey.yaml", "--events", "events.csv", "--format", "html", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.err
    assert re.findall(r'data-chart="([a-z0-9-]+)"', result.out) == ["journey", "funnel", "support-1", "drift", "flow"]


XSS_LOG = LOG + """\
c2,2024-01-01T11:06:00Z,<img src=x onerror=alert(1)>,web
c5,2024-01-04T09:30:00Z,contact,phone
"""


def test_text_from_the_data_is_escaped(tmp_path):
    write(tmp_path, "lamp.journey.yaml", EMOTIONAL_MAP)
    log = "customer_id,timestamp,event,channel,reason\n" + "".join(line + ",</table><script>alert(2)</script>\n" for line in XSS_LOG.splitlines()[1:])
    write(tmp_path, "events.csv", log)
    write(tmp_path, "feedback.csv", FEEDBACK.replace("Arrived late", '"<script>alert(3)</script>"'))
    result = run("analyze", "lamp.journey.yaml", "--events", "events.csv", "--feedback", "feedback.csv", "--breakdown", "reason", "--format", "html", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.err
    assert "<script" not in result.out and "<img" not in result.out
    assert "&lt;img src=x onerror=alert(1)&gt;" in result.out
    assert "&lt;/table&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in result.out
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in result.out


def test_the_readme_shows_the_report_and_make_examples_writes_it():
    """The README's picture is committed, taken by the screenshot script, and `make examples` writes the page."""
    from helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    image = "docs/images/retail-first-purchase-report.png"
    assert f"]({image})" in readme
    assert (ROOT / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert 'target = folder / "retail-first-purchase-report.html"' in (ROOT / "scripts" / "screenshot-docs.py").read_text(encoding="utf-8")
    examples = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nexamples: install\n", 1)[1].split("\n\n", 1)[0]
    assert any(line.endswith("--format html -o $(OUT)/analysis/report.html") and "--events examples/data/retail-events.csv" in line for line in examples.splitlines())


def test_a_path_file_alone_gives_the_attribution_page(tmp_path):
    """Paths a > b (2 conversions, 1 without) and b (1 conversion): first touch a 2, b 1; last touch b 3."""
    write(tmp_path, "lamp.journey.yaml", MAP)
    write(tmp_path, "paths.csv", "path,total_conversions,total_null\na > b,2,1\nb,1,0\n")
    result = run("analyze", "lamp.journey.yaml", "--paths", "paths.csv", "--format", "html", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.err
    assert re.findall(r'data-chart="([a-z0-9-]+)"', result.out) == ["attribution-channels"]
    rows = {row[0]: row[1:3] for row in tables(result.out)["Conversions credited per path step as a table"][1:]}
    assert rows == {"a": ["2.00", "0.00"], "b": ["1.00", "3.00"]}


def test_charts_are_bounded_and_deterministic():
    """At most 40 bars, labels cut with an ellipsis, markup in a label escaped, the same bytes twice."""
    from journeyctl.analytics import charts

    rows = [(f"<b>touchpoint {n}</b> " + "x" * 60, float(n), str(n)) for n in range(100)]
    svg = charts.bars(rows, label="<script>")
    assert svg.count('<rect class="bar"') == 40
    assert ">&lt;b&gt;touchpoint 0&lt;/b&gt; xxxxxxxxxxxxx…<" in svg  # 34 characters, the last an ellipsis
    assert "<script>" not in svg and "<b>" not in svg
    assert svg == charts.bars(rows, label="<script>")
    curve = charts.curves([f"point {n}" for n in range(60)], [("a", [0.5] * 60, "circle"), ("b", [None] * 59 + [9.0], "square")], label="x")
    assert (curve.count('<circle class="point'), curve.count('<rect class="point')) == (41, 1)  # a: 40 points and its key; b: only its key (its one value is past the 40th)
