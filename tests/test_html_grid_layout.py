"""The journey-map grid, read from the page `journeyctl render --format html` writes: where each
step sits, how wide the grid is, what it costs in bytes, and the new content's markup.

What a browser shows of it is tested in tests/browser/test_html_grid.py.
"""

from __future__ import annotations

import re
import sys

import yaml
from helpers import ROOT, run, write

from journeyctl.render.html_content import Sourced, duration_words, web_link

PACKED = """\
version: 1
id: packed
title: Steps that serve other steps
stages:
  - {id: a, name: With customer steps}
  - {id: b, name: Backstage only}
touchpoints:
  - {id: c1, name: First customer step, stage: a, next: [f2]}
  - {id: f2, name: Screen between, stage: a, lane: frontstage, next: [c2]}
  - {id: c2, name: Second customer step, stage: a, next: [c3]}
  - {id: f1, name: Screen serving the second, stage: a, lane: frontstage, serves: [c2]}
  - {id: b1, name: Backstage serving the screen, stage: a, lane: backstage, serves: [f1]}
  - {id: c3, name: Third customer step, stage: a, end: true}
  - {id: f3, name: A screen before the third, stage: a, lane: frontstage, next: [c3]}
  - {id: f4, name: Another screen before the third, stage: a, lane: frontstage, next: [c3]}
  - {id: s1, name: A system nobody links to, stage: a, lane: support}
  - {id: b2, name: First backstage step, stage: b, lane: backstage, next: [b3]}
  - {id: b3, name: Second backstage step, stage: b, lane: backstage, end: true}
  - {id: s2, name: System serving it, stage: b, lane: support, serves: [b3]}
"""


def render(tmp_path, name: str, text: str) -> str:
    source = write(tmp_path, f"{name}.journey.yaml", text)
    out = tmp_path / f"{name}.html"
    result = run("render", str(source), "--format", "html", "-o", str(out))
    assert result.returncode == 0, result.err
    return out.read_text(encoding="utf-8")


def columns_of(page: str) -> dict[str, int]:
    """Touchpoint id -> the index of the grid column its card is in."""
    where = {}
    for lane in re.findall(r'<tr class="row-lane[^"]*" data-lane="\w+">(.*?)</tr>', page, re.S):
        for index, cell in enumerate(lane.split("<td")[1:]):
            for tid in re.findall(r'<article class="card[^"]*"[^>]* data-touchpoint="([^"]+)"', cell):
                where[tid] = index
    return where


def test_steps_sit_in_the_column_of_what_they_serve_or_connect_to(tmp_path):
    page = render(tmp_path, "packed", PACKED)
    assert columns_of(page) == {
        "c1": 0, "f2": 0,  # a screen linked from the first step sits under it
        "c2": 1, "f1": 1, "b1": 1,  # serves: the screen under the step it serves, the backstage step under the screen
        "c3": 2, "f3": 2, "f4": 2,  # both lead to the third step; no frontstage cell is free in the stage, so they stack
        "s1": 2,  # linked to nothing: under the last step before it in the file
        "b2": 3, "b3": 4, "s2": 4,  # a stage without customer steps takes its columns from the backstage
    }
    assert page.count("<col>") == 5  # five columns for twelve steps
    assert "Serves <a href=\"#tp-c2\">Second customer step</a>" in page


def test_columns_narrow_to_fit_ten_steps_and_stop_at_the_minimum(tmp_path):
    def journey(steps: int) -> str:
        items = "\n".join(f"  - {{id: t{i}, name: Step {i}, stage: s}}" for i in range(steps))
        return f"version: 1\nid: j{steps}\ntitle: Steps\nstages: [{{id: s, name: S}}]\ntouchpoints:\n{items}\n"

    widths = {}
    for steps in (3, 10, 40):
        page = render(tmp_path, f"j{steps}", journey(steps))
        widths[steps] = re.search(r'class="grid" style="--col: (\d+)px; --head: (\d+)px; width: (\d+)px"', page).groups()
    assert widths[3] == ("216", "136", str(136 + 3 * 216))
    assert widths[10] == ("122", "136", "1356")  # ten columns and the headers within 1360 pixels
    assert widths[40] == ("122", "136", str(136 + 40 * 122))


def test_new_content_is_escaped_and_links_only_to_the_web(tmp_path):
    text = """\
version: 1
id: evidence
title: Evidence on the page
scenario: "Ana <b>switches</b>"
quotes:
  - {text: "Why is the form <so> long?", source: "interviews & notes", link: "https://research.example/a?b=1&c=<2>"}
phases: [{id: p, name: "First <phase>", stages: [s]}]
rows: [{id: systems, name: Systems}]
stages: [{id: s, name: S, time: {duration: 1w, wait: 1d}}]
touchpoints:
  - id: t
    name: Step
    stage: s
    pain_points: [{text: "Slow & <slower>", source: analytics}]
    fail_points: [Times out]
    wait_points: [{text: Waits, source: call logs, link: "http://logs.example/1"}]
    physical_evidence: [A receipt]
    rows: {systems: "CRM <v2>"}
    time: {duration: 1m, frequency: every order}
"""
    page = render(tmp_path, "evidence", text)
    assert "Ana &lt;b&gt;switches&lt;/b&gt;" in page
    assert '<a href="https://research.example/a?b=1&amp;c=&lt;2&gt;" rel="noreferrer">interviews &amp; notes</a>' in page
    assert "Why is the form &lt;so&gt; long?" in page
    assert "Slow &amp; &lt;slower&gt;<cite>analytics</cite>" in page
    assert '<ul class="fails"><li>Times out</li></ul>' in page
    assert '<a href="http://logs.example/1" rel="noreferrer">call logs</a>' in page
    assert "First &lt;phase&gt;" in page and "CRM &lt;v2&gt;" in page and "A receipt" in page
    assert "takes 1 week · waits 1 day" in page and "takes 1 minute · every order" in page
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert all(h.startswith(("#", "https://", "http://")) or h == "data:," for h in hrefs), hrefs

    bad = text.replace("http://logs.example/1", "javascript:alert(1)")
    result = run("render", str(write(tmp_path, "bad.journey.yaml", bad)), "--format", "html", "-o", str(tmp_path / "bad.html"))
    assert result.returncode != 0 and not (tmp_path / "bad.html").exists()  # the format refuses it before the page


def test_links_and_durations_in_words():
    assert web_link("https://example.com/a") == "https://example.com/a"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//example.com", "https://exa mple.com", "https://x\n", None, 3):
        assert web_link(bad) is None, bad
    assert Sourced("text", "survey", "javascript:x").link is None
    assert Sourced("text", "survey", "javascript:x") == "text"
    assert [duration_words(d) for d in ("1m", "30m", "1h", "2d", "1w", "3w", "45s", None)] == [
        "1 minute", "30 minutes", "1 hour", "2 days", "1 week", "3 weeks", "45 seconds", None,
    ]


def test_the_grid_of_a_500_touchpoint_page_is_lean(tmp_path):
    """Issue 13: the 500-touchpoint page of bench/render_bench.py at most 2 MB; the grid's own part 0.6 MB or less."""
    sys.path.insert(0, str(ROOT / "bench"))
    from render_bench import generate

    page = render(tmp_path, "bench-500", yaml.safe_dump(generate(500), sort_keys=False))
    grid = page[page.index('<section class="map"') : page.index("</section>", page.index('<section class="map"'))]
    chart = sum(len(svg) for svg in re.findall(r'<svg class="emotion-chart.*?</svg>', grid, re.S))
    assert len(re.findall(r'<article[^>]* data-touchpoint="t499"', page)) == 1  # drawn once, for the screen and for print
    assert len(grid.encode()) - chart <= 600_000
    assert ' style="' not in grid.replace('<table class="grid" style="', "").replace('<div class="map-frame" style="', "")
    assert "<td></td>" in grid and 'data-column' not in grid
