"""The emotion curve's drawing, read back from the page's SVG: branches, single points, half scores, slices.

Every journey here is small and built so that each coordinate has one right value:
columns are 216 pixels wide (a touchpoint in column i sits at x = 216 i + 108), and a
score s sits at y = 40 + (2 - s) * 34 (+2 at 40, +1 at 74, 0 at 108, -1 at 142, -2 at 176).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from helpers import run, write

SVG = "{http://www.w3.org/2000/svg}"


def x_of(column: int) -> float:
    return 216 * column + 108


def y_of(score: float) -> float:
    return 40 + (2 - score) * 34


def render(tmp_path, text: str, *args: str) -> str:
    source = write(tmp_path, "curve.journey.yaml", text)
    out = tmp_path / "page.html"
    result = run("render", str(source), "--format", "html", "-o", str(out), *args)
    assert result.returncode == 0, result.err
    return out.read_text(encoding="utf-8")


def screen_chart(page: str) -> ET.Element:
    """The whole curve of the screen map, parsed."""
    found = re.search(r'<svg class="emotion-chart"[^>]*role="img".*?</svg>', page, re.S)
    assert found, "no emotion chart on the page"
    return ET.fromstring(found.group())


def numbers(path: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]


def curve_points(path: str) -> list[tuple[float, float]]:
    """The end points of every M and C command of a curve's path data."""
    out = []
    for command, args in re.findall(r"([MC])([^MC]*)", path):
        values = numbers(args)
        out.append((values[-2], values[-1]))
    return out


def line_group(chart: ET.Element, key: str) -> ET.Element:
    for group in chart.iter(f"{SVG}g"):
        if group.get("data-line") == key:
            return group
    raise AssertionError(f"no line {key}")


BRANCH = """\
version: 1
id: switch
title: Switches plan
stages: [{id: s, name: Only stage}]
touchpoints:
  - {id: offer, name: Sees the offer, stage: s, emotion: 1, next: [accepts, retention]}
  - {id: retention, name: Retention call, stage: s, emotion: -2, next: [done]}
  - {id: accepts, name: Accepts, stage: s, emotion: 1, next: [done, {to: fails, condition: card declined}]}
  - {id: done, name: Done, stage: s, emotion: 1, end: true}
  - {id: fails, name: Payment fails, stage: s, emotion: -1, end: true}
"""


def test_an_alternative_is_a_dashed_segment_of_its_own_never_a_dip_in_the_main_line(tmp_path):
    chart = screen_chart(render(tmp_path, BRANCH))
    line = line_group(chart, "all")
    solid = [p for p in line.iter(f"{SVG}path") if p.get("class") == "curve"]
    dashed = [p for p in line.iter(f"{SVG}path") if p.get("class") == "curve dashed"]
    # The main line: offer (column 0) -> accepts (column 2) -> done (column 3), flat at +1.
    assert len(solid) == 1
    ends = curve_points(solid[0].get("d"))
    assert ends == [(x_of(0), y_of(1)), (x_of(2), y_of(1)), (x_of(2), y_of(1)), (x_of(3), y_of(1))]
    assert {y for y in numbers(solid[0].get("d"))[1::2]} == {y_of(1)}  # every control point too: no dip
    # Each branch is its own dashed path: the alternative to the call and back, and the declined card.
    branches = {(p.get("data-from"), p.get("data-to")): curve_points(p.get("d")) for p in dashed}
    assert branches == {
        ("offer", "retention"): [(x_of(0), y_of(1)), (x_of(1), y_of(-2))],
        ("retention", "done"): [(x_of(1), y_of(-2)), (x_of(3), y_of(1))],
        ("accepts", "fails"): [(x_of(2), y_of(1)), (x_of(4), y_of(-1))],
    }
    # Each branch has its words at its middle, just above the curve.
    words = {(t.get("data-from"), t.get("data-to")): (t.text, float(t.get("x")), float(t.get("y"))) for t in chart.iter(f"{SVG}text") if "branch" in (t.get("class") or "")}
    assert words == {
        ("offer", "retention"): ("alternative path", (x_of(0) + x_of(1)) / 2, (y_of(1) + y_of(-2)) / 2 - 6),
        ("retention", "done"): ("alternative path", (x_of(1) + x_of(3)) / 2, (y_of(-2) + y_of(1)) / 2 - 6),
        ("accepts", "fails"): ("if card declined", (x_of(2) + x_of(4)) / 2, (y_of(1) + y_of(-1)) / 2 - 6),
    }


def test_a_condition_met_on_a_skipped_step_names_the_branch(tmp_path):
    text = """\
version: 1
id: skip
title: Skips
personas: [{id: ann, name: Ann}, {id: bo, name: Bo}]
stages: [{id: s, name: Only stage}]
touchpoints:
  - {id: a, name: Start, stage: s, emotion: 0, next: [b, {to: x, condition: in a hurry}]}
  - {id: x, name: Bo's shortcut, stage: s, personas: [bo], emotion: 2, next: [c]}
  - {id: b, name: Middle, stage: s, emotion: 0, next: [c]}
  - {id: c, name: End, stage: s, emotion: 0, end: true}
"""
    chart = screen_chart(render(tmp_path, text))
    ann = line_group(chart, "ann")
    # Ann does not take the shortcut: her line walks through it, and the condition stays its name.
    assert [p.get("data-touchpoint") for p in ann.iter(f"{SVG}path") if p.get("class") == "point"] == ["a", "b", "c"]
    ann_dashed = [(p.get("data-from"), p.get("data-to")) for p in ann.iter(f"{SVG}path") if p.get("class") == "curve dashed"]
    assert ann_dashed == [("a", "c")]
    solid = [p.get("d") for p in ann.iter(f"{SVG}path") if p.get("class") == "curve"]
    assert {y for y in numbers(solid[0])[1::2]} == {y_of(0)}
    labels = [t.text for t in chart.iter(f"{SVG}text") if "branch" in (t.get("class") or "")]
    assert sorted(labels) == ["alternative path", "if in a hurry", "if in a hurry"]  # Bo: a->x, x->c; Ann: a->c


def test_a_persona_with_one_point_is_a_marker_not_a_zero_length_line(tmp_path):
    text = """\
version: 1
id: one
title: One point
personas: [{id: ann, name: Ann}, {id: bo, name: Bo}]
stages: [{id: s, name: Only stage}]
touchpoints:
  - {id: a, name: Start, stage: s, emotion: {score: 1, by_persona: {bo: {score: -1}}}, next: [b]}
  - {id: b, name: Ann's step, stage: s, personas: [ann], emotion: 2, end: true}
"""
    chart = screen_chart(render(tmp_path, text))
    bo = line_group(chart, "bo")
    paths = list(bo.iter(f"{SVG}path"))
    assert [p.get("class") for p in paths] == ["point"]  # no curve at all, not an empty one
    marker = paths[0]
    assert marker.get("data-touchpoint") == "a" and marker.get("data-score") == "-1"
    values = numbers(marker.get("d"))
    # A square (Bo is the second line) 10.2 pixels wide around (108, 142).
    assert marker.get("d") == f"M{x_of(0) - 5.1:g} {y_of(-1) - 5.1:g}l10.2 0 0 10.2-10.2 0Z"
    assert values[0] < x_of(0) < values[0] + 10.2


def test_a_half_score_without_words_is_not_given_a_whole_scores_word(tmp_path):
    text = """\
version: 1
id: half
title: Half
stages: [{id: s, name: Only stage}]
touchpoints:
  - {id: a, name: Start, stage: s, emotion: 0.5, next: [b]}
  - {id: b, name: Then, stage: s, emotion: -1.5, next: [c]}
  - {id: c, name: Last, stage: s, emotion: {score: 1.5, label: relieved}, end: true}
"""
    page = render(tmp_path, text)
    chart = screen_chart(page)
    labels = [" ".join(t.itertext()) for t in chart.iter(f"{SVG}text") if t.get("class") == "label"]
    assert labels == ["between neutral and positive", "between very negative and negative", "relieved"]
    titles = [p.find(f"{SVG}title").text for p in chart.iter(f"{SVG}path") if p.get("class") == "point"]
    assert titles == ["All customers: +0.5 (between neutral and positive)", "All customers: -1.5 (between very negative and negative)", "All customers: +1.5 (relieved)"]
    card = page.split('data-touchpoint="a"', 1)[1].split("</article>", 1)[0]
    assert "+0.5 between neutral and positive" in card
    assert not re.search(r"\+0\.5 (neutral|positive)\b", page) and not re.search(r"-1\.5 (negative|very negative)\b", page)


LONG = "\n".join(
    ["version: 1", "id: long", "title: Long", "stages: [{id: s0, name: One}, {id: s1, name: Two}, {id: s2, name: Three}]", "touchpoints:"]
    + [f"  - {{id: t{i}, name: Step {i}, stage: s{i // 4}, emotion: {(i % 5) - 2}, next: [t{i + 1}]}}" for i in range(11)]
    + ["  - {id: t11, name: Step 11, stage: s2, emotion: -1, end: true}", ""]
)

# A page that draws the whole curve once, then three slices of it (four columns each): by slice(),
# and by a window that reuses it; and a window drawn in full.
SLICES = """\
{% import "emotion_curve.svg" as curve %}
{% set w = chart.column_width * 4 %}
<div class="whole">{{ curve.chart(chart, 0, chart.width, "emotion-curve") }}</div>
<div class="part">{% for x0 in [0, w, 2 * w] %}{{ curve.slice(chart, x0, w) }}{% endfor %}</div>
<div class="window">{{ curve.chart(chart.window(w, w, "emotion-curve"), w, w) }}</div>
<div class="full-window">{{ curve.chart(chart.window(w, w), w, w) }}</div>
"""


def test_slices_reuse_the_one_drawing_of_the_curve(tmp_path):
    folder = tmp_path / "t"
    write(folder, "journey.html", SLICES)
    page = render(tmp_path, LONG, "--templates", str(folder))
    whole, parts, window, full = (page.split(f'<div class="{name}">', 1)[1].split("</div>", 1)[0] for name in ("whole", "part", "window", "full-window"))
    column = float(re.search(r'width="([^"]+)"', whole).group(1)) / 12
    w = 4 * column
    assert whole.count('<path class="point"') == 12
    assert page.count('id="emotion-curve-front"') == 1 and page.count('id="emotion-curve-back"') == 1
    slices = re.findall(r'<svg class="emotion-chart"[^>]*viewBox="([^"]+)"[^>]*>(.*?)</svg>', parts + window + full, re.S)
    assert [box for box, _ in slices] == [f"{x0:g} 0 {w:g} 216" for x0 in (0, w, 2 * w, w, w)]
    for box, body in slices[:4]:  # the three slices and the reusing window draw no curve of their own
        assert re.findall(r'<use href="([^"]+)"/>', body) == ["#emotion-curve-back", "#emotion-curve-front"]
        assert "<path" not in body
        assert re.findall(r'<text class="level-text" x="([^"]+)"', body) == [f"{float(box.split()[0]) + 6:g}"] * 5
    # A window without reuse draws its slice in full: the points it shows (columns 3 to 8, a column of margin each side).
    _, body = slices[4]
    assert "<use" not in body
    assert re.findall(r'data-touchpoint="t(\d+)"', body) == [str(i) for i in range(3, 9)]


def test_the_page_is_the_same_on_every_run(tmp_path):
    first = render(tmp_path, BRANCH)
    assert render(tmp_path, BRANCH) == first


def test_a_parallel_step_keeps_both_its_steps_on_the_main_line(tmp_path):
    from journeyctl.model import Touchpoint

    if "parallel" not in getattr(Touchpoint, "model_fields", {}):
        pytest.skip("the format has no parallel steps yet")
    text = """\
version: 1
id: par
title: Parallel
stages: [{id: s, name: Only stage}]
touchpoints:
  - {id: a, name: Orders, stage: s, emotion: 1, parallel: true, next: [b, c]}
  - {id: b, name: Gets an email, stage: s, emotion: 1, next: [d]}
  - {id: c, name: Gets a text, stage: s, emotion: 0, next: [d]}
  - {id: d, name: Receives, stage: s, emotion: 2, end: true}
"""
    chart = screen_chart(render(tmp_path, text))
    line = line_group(chart, "all")
    assert not [p for p in line.iter(f"{SVG}path") if p.get("class") == "curve dashed"]
    solid = [p.get("d") for p in line.iter(f"{SVG}path") if p.get("class") == "curve"]
    assert solid[0].count("M") == 4  # a-b, a-c, b-d, c-d: all of them happen


def test_joins_through_skipped_touchpoints_are_bounded(tmp_path, monkeypatch):
    """A hub a persona skips, between n touchpoints on each side, would join n * n pairs on that persona's line."""
    from journeyctl.checker import check
    from journeyctl.render import emotion_flow
    from journeyctl.render.html_context import page_context

    n = 30
    text = "version: 1\nid: hub\ntitle: Hub\npersonas:\n  - {id: p, name: P}\n  - {id: q, name: Q}\nstages:\n  - {id: s, name: S}\ntouchpoints:\n"
    text += "".join(f"  - {{id: a{i}, name: A{i}, stage: s, emotion: 1, next: [hub]}}\n" for i in range(n))
    text += "  - {id: hub, name: Hub, stage: s, personas: [q], emotion: 0, next: [" + ", ".join(f"b{i}" for i in range(n)) + "]}\n"
    text += "".join(f"  - {{id: b{i}, name: B{i}, stage: s, emotion: -1, end: true}}\n" for i in range(n))
    journey = check([str(write(tmp_path, "hub.journey.yaml", text))]).documents[0].journey
    _, chart, _, _ = page_context(journey)
    segments = {line.key: len(line.segments) for line in chart.lines}
    assert segments == {"p": n * n, "q": 2 * n}  # unbounded below the limit: every pair
    monkeypatch.setattr(emotion_flow, "JOIN_LIMIT", 100)
    _, chart, _, _ = page_context(journey)
    segments = {line.key: len(line.segments) for line in chart.lines}
    assert segments == {"p": 100, "q": 2 * n}  # Q's joins are neighbours': never cut


def test_label_room_is_measured_letter_by_letter():
    from journeyctl.render.emotion_marks import LABEL_CHAR_WIDTH, label_width

    # Nine characters each, but capitals and m or w are about twice as wide as i, l or t.
    wide, narrow = label_width("WOW MOMMA", True), label_width("tilt fill", True)
    assert wide > 2 * narrow
    assert wide > 9 * LABEL_CHAR_WIDTH * 1.4  # more than a count of average characters allows
    assert label_width("WOW MOMMA", False) < wide  # the branch words are not bold
    assert label_width("", True) == 0
    assert label_width("日", False) == 2 * label_width("é", False) > 0  # a wide character: two columns
