"""The emotion curve as Chromium draws it: a flat main line with its branches beside it, a lone point, the printed slices."""

from __future__ import annotations

import io

from helpers import run, write

MAP = """\
version: 1
id: switch
title: Switches plan
personas: [{id: ana, name: Ana}, {id: bo, name: Bo}]
stages: [{id: s, name: Only stage}, {id: t, name: After}]
touchpoints:
  - {id: offer, name: Sees the offer, stage: s, emotion: 1, next: [accepts, retention]}
  - {id: retention, name: Retention call, stage: s, personas: [ana], emotion: -2, next: [done]}
  - {id: accepts, name: Accepts, stage: s, personas: [ana], emotion: 1, next: [done, {to: fails, condition: card declined}]}
  - {id: done, name: Done, stage: t, personas: [ana], emotion: 1, end: true}
  - {id: fails, name: Payment fails, stage: t, personas: [ana], emotion: -1, end: true}
"""

LINE_0 = (31, 78, 156)  # --line-0, #1f4e9c: Ana's line


def boxes(page, selector: str) -> list[dict]:
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].map((e) => {
             const r = e.getBoundingClientRect(); const b = e.getBBox ? e.getBBox() : null;
             return {x: r.x, y: r.y, width: r.width, height: r.height, bbox_height: b ? b.height : null,
                     from: e.getAttribute('data-from'), to: e.getAttribute('data-to'), text: e.textContent};
           })""",
        selector,
    )


def inside(inner: dict, outer: dict) -> bool:
    return (outer["x"] - 0.5 <= inner["x"] and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
            and outer["y"] - 0.5 <= inner["y"] and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5)


def test_branches_beside_a_flat_main_line_and_a_lone_point_in_chromium(tmp_path, open_page):
    source = write(tmp_path, "switch.journey.yaml", MAP)
    result = run("render", str(source), "--format", "html", "-o", str(tmp_path / "page.html"))
    assert result.returncode == 0, result.err
    visit = open_page(tmp_path, "page.html")
    page = visit.page
    chart = ".map-scroll svg.emotion-chart"
    [frame] = boxes(page, chart)
    # Ana's main line (offer, accepts, done, all at +1) is flat: its drawn box has no height.
    [main] = boxes(page, f"{chart} g[data-line=ana] path.curve:not(.dashed)")
    assert main["bbox_height"] < 0.01 and main["width"] > 400
    # Her two branches are dashed paths of their own, each going down from the main line, each with its words.
    branches = boxes(page, f"{chart} g[data-line=ana] path.curve.dashed")
    assert sorted((b["from"], b["to"]) for b in branches) == [("accepts", "fails"), ("offer", "retention"), ("retention", "done")]
    assert all(b["bbox_height"] > 30 for b in branches)
    words = boxes(page, f"{chart} text.branch")
    assert sorted(w["text"] for w in words) == ["alternative path", "alternative path", "if card declined"]
    for box in words:
        assert box["width"] > 20 and inside(box, frame), box
    # Bo has one point, the offer: a marker he can see, not a line of no length.
    assert page.locator(f"{chart} g[data-line=bo] path.curve").count() == 0
    [marker] = boxes(page, f"{chart} g[data-line=bo] path.point")
    assert marker["width"] >= 8 and marker["height"] >= 8 and inside(marker, frame)
    assert page.locator(f"{chart} g[data-line=bo] path.point").is_visible()
    assert visit.console_errors == [] and visit.page_errors == [] and visit.requests == []


def line_pixels(locator) -> int:
    from PIL import Image

    picture = Image.open(io.BytesIO(locator.screenshot())).convert("RGB")
    return sum(1 for pixel in picture.get_flattened_data() if sum(abs(a - b) for a, b in zip(pixel, LINE_0)) < 40)


# The whole curve hidden, as the screen map is in print, and one slice of it reusing its drawing.
SLICE_PAGE = """\
{% import "emotion_curve.svg" as curve %}<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Slice</title><style>{% include "style.css" %}</style></head>
<body><div style="display: none">{{ curve.chart(chart, 0, chart.width, "emotion-curve") }}</div>
<div class="part">{{ curve.slice(chart, chart.column_width, chart.column_width * 3) }}</div></body></html>
"""


def test_the_curve_prints_and_a_slice_draws_the_drawing_it_reuses(tmp_path, open_page):
    source = write(tmp_path, "switch.journey.yaml", MAP)
    result = run("render", str(source), "--format", "html", "-o", str(tmp_path / "page.html"))
    assert result.returncode == 0, result.err
    visit = open_page(tmp_path, "page.html")
    visit.page.emulate_media(media="print")
    printed = [chart for chart in visit.page.locator("svg.emotion-chart").all() if chart.is_visible()]
    assert printed and all(line_pixels(chart) > 200 for chart in printed), "Ana's line is not drawn on paper"

    folder = tmp_path / "t"
    write(folder, "journey.html", SLICE_PAGE)
    result = run("render", str(source), "--format", "html", "--templates", str(folder), "-o", str(tmp_path / "slice.html"))
    assert result.returncode == 0, result.err
    visit = open_page(tmp_path, "slice.html")
    part = visit.page.locator(".part svg.emotion-chart")
    assert part.is_visible() and part.locator("path").count() == 0  # it draws nothing of its own but the scale
    assert line_pixels(part) > 200, "the slice does not show the curve it reuses"
    # The style sheet reaches the copies: the bands are their colours, not the black of an unstyled shape.
    from PIL import Image

    picture = Image.open(io.BytesIO(part.screenshot())).convert("RGB")
    assert picture.getpixel((2, 2)) != (0, 0, 0) and sum(picture.getpixel((2, 2))) > 600
    assert visit.console_errors == [] and visit.page_errors == [] and visit.requests == []


OVERLAPS = """() => {
  const chart = document.querySelector('.map-scroll svg.emotion-chart, svg.emotion-chart[role=img]');
  const box = (e) => e.getBoundingClientRect();
  const words = [...chart.querySelectorAll('text.branch')];
  const others = [...chart.querySelectorAll('text.label:not(.branch), path.point')];
  const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const found = [];
  words.forEach((w, i) => {
    for (const o of [...others, ...words.slice(i + 1)]) if (hit(box(w), box(o))) found.push(w.textContent + ' / ' + (o.textContent || o.getAttribute('data-touchpoint')));
  });
  return {words: words.length, found};
}"""


def test_branch_words_cover_no_other_words_and_no_marker_in_the_examples(tmp_path, open_page):
    from helpers import EXAMPLES

    drawn = 0
    for source in sorted(EXAMPLES.glob("*.journey.yaml")):
        out = tmp_path / f"{source.stem}.html"
        result = run("render", str(source), "--format", "html", "-o", str(out))
        assert result.returncode == 0, result.err
        visit = open_page(tmp_path, out.name)
        if visit.page.locator("svg.emotion-chart").count() == 0:
            continue
        seen = visit.page.evaluate(OVERLAPS)
        assert seen["found"] == [], source.name
        drawn += seen["words"]
    assert drawn > 0  # the examples have branches with their words drawn


def wide_words_map(steps: int = 14) -> str:
    """A long map (its columns narrow to 122 px) whose branch words and feelings are capitals and
    m and w, the widest letters: a count of characters takes them for half their width."""
    scores = [1, -1, 2, 0, -2, 1, 0, 2, -1, 1, 0, -2, 1, 2]
    lines = ["version: 1", "id: wide-words", "title: Wide words on a long map",
             "stages: [{id: a, name: First}, {id: b, name: Second}]", "touchpoints:"]
    for i in range(steps):
        stage = "a" if i < steps // 2 else "b"
        nexts = [f"s{i + 1}"] if i + 1 < steps else []
        if i % 2 == 0 and i + 2 < steps:
            nexts.append(f'{{to: s{i + 2}, condition: "WOMEN MAY WAIT HOME"}}')
        if i % 3 == 0 and i + 1 < steps:
            nexts.append(f'{{to: alt{i}, condition: "MOM WOWS WM"}}')
        end = ", end: true" if i == steps - 1 else ""
        lines.append(f'  - {{id: s{i}, name: "Step {i}", stage: {stage}, emotion: {{score: {scores[i]}, label: "WOW MOMMA"}}, next: [{", ".join(nexts)}]{end}}}')
        if i % 3 == 0 and i + 1 < steps:
            lines.append(f'  - {{id: alt{i}, name: "Other way {i}", stage: {stage}, emotion: {-scores[i] or -1}, next: [s{i + 1}]}}')
    return "\n".join(lines) + "\n"


# Glyph boxes (getBBox, in the chart's own pixels): each branch's words against every other branch's
# words, every feeling label and every marker. The white halo around a label may touch another's.
GLYPH_OVERLAPS = """() => {
  const chart = document.querySelector('.map-scroll svg.emotion-chart');
  const box = (e) => { const b = e.getBBox(); return {l: b.x, t: b.y, r: b.x + b.width, b: b.y + b.height}; };
  const words = [...chart.querySelectorAll('text.branch')];
  const others = [...chart.querySelectorAll('text.label:not(.branch), path.point')];
  const hit = (a, b) => a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b;
  const found = [];
  words.forEach((w, i) => {
    for (const o of [...others, ...words.slice(i + 1)]) if (hit(box(w), box(o))) found.push(w.textContent + ' / ' + (o.textContent || o.getAttribute('data-touchpoint')));
  });
  return {words: words.length, found, width: Number(chart.getAttribute('width'))};
}"""


def test_branch_words_cover_no_words_and_no_marker_where_columns_are_narrowest(tmp_path, open_page):
    from helpers import EXAMPLES, ROOT

    maps = [
        EXAMPLES / "retail-first-purchase.journey.yaml",
        ROOT / "tests" / "fixtures" / "airport-blueprint.journey.yaml",
        write(tmp_path, "wide-words.journey.yaml", wide_words_map()),
    ]
    for source in maps:
        out = tmp_path / f"{source.name}.html"
        result = run("render", str(source), "--format", "html", "-o", str(out))
        assert result.returncode == 0, result.err
        visit = open_page(tmp_path, out.name)
        seen = visit.page.evaluate(GLYPH_OVERLAPS)
        assert seen["found"] == [], (source.name, seen["found"])
        assert seen["words"] >= 1, source.name
        # These maps are long enough that the page narrows its columns to the least, 122 px.
        assert seen["width"] % 122 == 0, (source.name, seen["width"])
    assert seen["words"] >= 6  # the wide-words map keeps most of its branch words on the curve
