"""Diagram text fits its box in a browser whose fonts are not the layout engine's.

graphviz-pure sizes each box with Arial's widths; Chromium here draws the SVG's
``Helvetica,sans-Serif`` with the machine's sans-serif (DejaVu Sans on Debian),
which is wider. Each rendered SVG is opened in Chromium as a file, as a person
opens it, and every line of text of every node and stage must sit inside the
node's or the stage's outline (``getBBox``). The journey-map page's embedded flow
diagram is held to the same.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from helpers import run  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.journey.yaml"))
SLACK = 0.5  # user units (points): rounding of the engine's positions

OVERFLOWS = """(root) => {
  const out = [];
  const shapes = ['path', 'polygon', 'ellipse', 'polyline', 'rect'];
  for (const g of root.querySelectorAll('g.node, g.cluster')) {
    let box = null;
    for (const s of g.children) {
      if (!shapes.includes(s.tagName)) continue;
      const b = s.getBBox();
      if (!box || b.width * b.height > box.width * box.height) box = b;
    }
    if (!box) continue;  // a node drawn as plain text has no outline to overflow
    for (const t of g.querySelectorAll('text')) {
      if (!t.textContent.trim()) continue;
      const b = t.getBBox();
      const over = Math.max(box.x - b.x, b.x + b.width - box.x - box.width, box.y - b.y, b.y + b.height - box.y - box.height);
      if (over > %s) out.push(`${g.id}: "${t.textContent}" by ${over.toFixed(1)}`);
    }
  }
  return out;
}""" % SLACK

WIDE = "Wi-Fi ÜBERWEISUNG WWW MMM — 中文字符 and «quotes» with é, ß and Ø"


def long_labels() -> dict:
    """A map whose every label is as long as the views let it be, in wide letters and beyond ASCII."""
    channels = [{"id": f"c{i}", "name": f"Channel {i}: {WIDE}"} for i in range(2)]
    stages = [{"id": f"s{i}", "name": f"Stage {i} WWWWWWW MMMMMMM {WIDE}"} for i in range(3)]
    touchpoints = []
    for i in range(9):
        touchpoints.append(
            {
                "id": f"t{i}",
                "name": ("MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM" if i % 3 == 0 else f"Step {i}: {WIDE} {WIDE}"),
                "stage": f"s{i // 3}",
                "channel": f"c{i % 2}",
                "lane": ["customer", "frontstage", "backstage", "support"][i % 4],
                "emotion": {"score": (i % 5) - 2, "label": "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW"},
                "pain_points": ["Everything takes far too long"] * (1 + i % 2),
                "milestone": i % 4 == 0,
                "moment_of_truth": i % 3 == 1,
                **({"next": [{"to": f"t{i + 1}", "label": f"Continues — {WIDE}"}]} if i < 8 else {"end": True}),
            }
        )
    return {"version": 1, "id": "long-labels", "title": f"Long labels: {WIDE} {WIDE}", "channels": channels, "stages": stages, "touchpoints": touchpoints}


@pytest.fixture(scope="module")
def drawings(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("drawings")
    (folder / "long-labels.journey.yaml").write_text(yaml.safe_dump(long_labels(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    sources = [*map(str, EXAMPLES), str(folder / "long-labels.journey.yaml")]
    for view in ("flow", "blueprint"):
        result = run("render", *sources, "--view", view, "--format", "svg", "-o", str(folder / "out") + "/")
        assert result.returncode == 0, result.err
    return folder / "out"


def svg_names() -> list[str]:
    names = [path.name.split(".")[0] for path in EXAMPLES] + ["long-labels"]
    return [f"{name}-{view}.svg" for name in names for view in ("flow", "blueprint")]


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", svg_names())
def test_no_node_text_overflows_its_shape(drawings, page, name):
    page.goto((drawings / name).as_uri())
    assert page.evaluate("document.querySelectorAll('g.node text').length") > 0
    assert page.evaluate(f"({OVERFLOWS})(document)") == []


def test_the_browser_draws_with_another_font_than_the_engine_measures(drawings, page):
    """The case this file is about: the SVG names Helvetica, Chromium has none of its widths here."""
    page.goto((drawings / "long-labels-flow.svg").as_uri())
    natural = page.evaluate(
        """() => { const t = [...document.querySelectorAll('g.node text')].find(t => t.textContent.startsWith('MMMM'));
                   const c = t.cloneNode(true); c.removeAttribute('textLength'); c.removeAttribute('lengthAdjust');
                   t.parentNode.appendChild(c); return [c.getComputedTextLength(), Number(t.getAttribute('textLength'))]; }"""
    )
    drawn, measured = natural
    assert measured > 0 and abs(drawn - measured) > 1, "the fonts agree: this test shows nothing here"


def test_the_page_embeds_the_fitted_flow(tmp_path, page):
    result = run("render", str(ROOT / "examples" / "switch-mobile-plan.journey.yaml"), "--format", "html", "-o", str(tmp_path / "page.html"))
    assert result.returncode == 0, result.err
    page.goto((tmp_path / "page.html").as_uri())
    flow = page.locator('svg[aria-label="Flow diagram"]')
    assert flow.count() == 1
    assert flow.evaluate(OVERFLOWS) == []
