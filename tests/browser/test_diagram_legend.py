"""The diagrams' title and legend are never cut off in a browser, whose fonts differ from the layout engine's.

The maps are built so that the legend is the widest part of the drawing: one or two
small touchpoints under a long title and every key of the legend. Chromium draws
the SVG with its own Helvetica stand-in (DejaVu Sans here, wider than the engine's
Arimo); every text of the drawing must stay inside the SVG, and each emotion's word
inside its swatch.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run, write

WIDEST_LEGEND = """\
version: 1
id: legend
title: A long title for a very small map, so that the legend is the widest part of it
status: as-is
stages:
  - {id: only, name: Only}
touchpoints:
  - id: one
    name: One
    stage: only
    milestone: true
    moment_of_truth: true
    parallel: true
    pain_points: [Slow]
    fail_points: [Breaks]
    wait_points: [Queue]
    next:
      - {to: two, condition: if lucky}
      - three
  - {id: two, name: Two, stage: only, end: true}
  - {id: three, name: Three, stage: only, end: true}
  - {id: helps, name: Helps, stage: only, lane: support, serves: [one]}
"""

NO_KEYS = """\
version: 1
id: tiny
title: Tiny
stages:
  - {id: only, name: Only}
touchpoints:
  - {id: one, name: One, stage: only}
"""

OVERFLOW = """() => {
  const svg = document.querySelector('svg');
  const frame = svg.getBoundingClientRect();
  const out = [];
  for (const text of svg.querySelectorAll('text')) {
    const r = text.getBoundingClientRect();
    if (r.left < frame.left - 0.5 || r.right > frame.right + 0.5 || r.top < frame.top - 0.5 || r.bottom > frame.bottom + 0.5)
      out.push(text.textContent);
  }
  return out;
}"""

SWATCHES = """() => {
  const out = [];
  for (const text of document.querySelectorAll('svg > g > text')) {
    const words = text.textContent.trim();
    if (!['very negative', 'negative', 'neutral', 'positive', 'very positive', 'no score'].includes(words)) continue;
    const r = text.getBoundingClientRect();
    const cell = [...document.querySelectorAll('svg > g > polygon')].map(p => p.getBoundingClientRect())
      .find(c => c.left <= r.left + r.width / 2 && r.left + r.width / 2 <= c.right && c.top <= r.top + r.height / 2 && r.top + r.height / 2 <= c.bottom && c.width < 200);
    out.push([words, cell ? cell.left <= r.left && r.right <= cell.right : null]);
  }
  return out;
}"""


@pytest.mark.parametrize("view", ["flow", "blueprint"])
@pytest.mark.parametrize("text", [WIDEST_LEGEND, NO_KEYS], ids=["every key", "no keys"])
def test_no_text_of_the_drawing_is_cut_off(open_page, tmp_path, view, text):
    write(tmp_path, "map.journey.yaml", text)
    result = run("render", "map.journey.yaml", "--view", view, "--format", "svg", "-o", "map.svg", cwd=tmp_path)
    assert result.returncode == 0, result.err
    visit = open_page(tmp_path, "map.svg")
    visit.go("map.svg")
    assert visit.page.evaluate(OVERFLOW) == []
    swatches = visit.page.evaluate(SWATCHES)
    assert [words for words, _ in swatches] == ["very negative", "negative", "neutral", "positive", "very positive", "no score"]
    assert all(inside for _, inside in swatches), swatches
    if text is WIDEST_LEGEND:
        legend = visit.page.evaluate("() => document.querySelector('svg').textContent")
        for key in ("double border: milestone", "fail point: where the service can fail", "black bar: the steps after it all happen, in parallel"):
            assert key in legend


@pytest.mark.parametrize("view", ["flow", "blueprint"])
def test_the_new_marks_fit_their_boxes(open_page, tmp_path, view):
    """Badges, times, several channels, fork bars and notes: no text outside its node or stage."""
    from test_diagram_text_fit import OVERFLOWS

    trip = Path(__file__).resolve().parents[1] / "snapshots" / "trip.journey.yaml"
    result = run("render", str(trip), "--view", view, "--format", "svg", "-o", str(tmp_path / "trip.svg"))
    assert result.returncode == 0, result.err
    visit = open_page(tmp_path, "trip.svg")
    visit.go("trip.svg")
    assert visit.page.evaluate("document.querySelectorAll('g.node text').length") > 10
    assert visit.page.evaluate(f"({OVERFLOWS})(document)") == []
    assert visit.page.evaluate(OVERFLOW) == []


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REAL_MAPS = [FIXTURES / f"{name}.journey.yaml" for name in ("airport-blueprint", "marketplace-buyer", "telecom-plan-switch")]
REAL_MAPS = [path for path in REAL_MAPS if path.exists()]


@pytest.mark.parametrize("view", ["flow", "blueprint"])
@pytest.mark.parametrize("path", REAL_MAPS, ids=[path.name.split(".")[0] for path in REAL_MAPS])
def test_real_maps_fit_in_the_browser(open_page, tmp_path, path, view):
    """The published maps written in the format (fixtures): nothing cut off, no text outside its box."""
    from test_diagram_text_fit import OVERFLOWS

    result = run("render", str(path), "--view", view, "--format", "svg", "-o", str(tmp_path / "map.svg"))
    assert result.returncode == 0, result.err
    visit = open_page(tmp_path, "map.svg")
    visit.go("map.svg")
    assert visit.page.evaluate(f"({OVERFLOWS})(document)") == []
    assert visit.page.evaluate(OVERFLOW) == []


def test_the_traffic_legend_is_not_cut_off(open_page, tmp_path):
    """render --events adds a legend of arrows (width, red dashed, grey dotted) beside the map."""
    from test_render_events import LOG, MAP

    write(tmp_path, "lamp.journey.yaml", MAP)
    write(tmp_path, "events.csv", LOG)
    result = run("render", "lamp.journey.yaml", "--events", "events.csv", "--format", "svg", "-o", "lamp.svg", cwd=tmp_path)
    assert result.returncode == 0, result.err
    visit = open_page(tmp_path, "lamp.svg")
    visit.go("lamp.svg")
    assert "Traffic" in visit.page.evaluate("() => document.getElementById('flow-legend').textContent")
    drawn = visit.page.evaluate("() => document.querySelector('svg').textContent")
    assert "taken, not on the map" in drawn and "on the map, never taken" in drawn
    assert visit.page.evaluate(OVERFLOW) == []
