"""The flow and blueprint views, drawn by the real engine through the real command.

The DOT of a small journey is kept as a snapshot under tests/snapshots/. After a
deliberate change to the drawing, rewrite the snapshots and review the diff:

    JOURNEYCTL_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_render_views.py -k snapshot
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from helpers import run

from journeyctl.model import Journey
from journeyctl.render import EngineError, dot_source, flow_svg
from journeyctl.render.engine import choose

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
COFFEE = SNAPSHOTS / "coffee.journey.yaml"
SVG = "{http://www.w3.org/2000/svg}"
STAGES = {"discover": "1. Discover", "order": "2. Order", "collect": "3. Collect"}
TOUCHPOINTS = {
    "see-offer": "Sees the morning offer",
    "sign-up": "Creates an account",
    "create-order": "Picks a drink & pays",
    "payment-failed": "Payment fails",
    "prepare": "Barista prepares the drink",
    "notify": 'Sends "ready" notification',
    "pick-up": "Picks up at the counter",
    "restock": "Restocks beans",
}


def coffee() -> Journey:
    return Journey.model_validate(yaml.safe_load(COFFEE.read_text(encoding="utf-8")))


def words(element: ET.Element) -> str:
    return " ".join(" ".join((t.text or "").split()) for t in element.iter(f"{SVG}text"))


def groups(svg: bytes, kind: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.get("id"): g for g in root.iter(f"{SVG}g") if kind in (g.get("class") or "").split()}


def render_svg(*args: str) -> bytes:
    result = run("render", str(COFFEE), "-o", "-", "--format", "svg", *args)
    assert result.returncode == 0, result.err
    return result.stdout


def layout(journey: Journey, view: str, persona: str | None = None) -> dict:
    """The engine's own coordinates for our DOT (-Tjson): names, ids, positions, boxes."""
    engine = choose("graphviz-pure", "svg")
    done = subprocess.run([engine.path, "-Tjson"], input=dot_source(journey, view, persona).encode(), capture_output=True, timeout=60, check=True)
    return json.loads(done.stdout)


def positions(data: dict) -> dict[str, tuple[float, float]]:
    return {o["id"]: tuple(map(float, o["pos"].split(","))) for o in data["objects"] if "pos" in o and "id" in o}


def boxes(data: dict) -> dict[str, tuple[float, float, float, float]]:
    return {o["id"]: tuple(map(float, o["bb"].split(","))) for o in data["objects"] if "bb" in o and "id" in o}


def test_flow_svg_shows_every_stage_and_touchpoint_with_its_words():
    svg = render_svg()
    clusters = groups(svg, "cluster")
    nodes = groups(svg, "node")
    assert set(clusters) == {f"flow-stage-{sid}" for sid in STAGES}
    for sid, name in STAGES.items():
        assert name in words(clusters[f"flow-stage-{sid}"])
    touchpoints = {key: value for key, value in nodes.items() if key.startswith("flow-tp-")}
    assert set(touchpoints) == {f"flow-tp-{tid}" for tid in TOUCHPOINTS}
    for tid, name in TOUCHPOINTS.items():
        assert name in words(touchpoints[f"flow-tp-{tid}"])
    assert "Mobile app" in words(touchpoints["flow-tp-see-offer"])
    assert "Coffee shop" in words(touchpoints["flow-tp-pick-up"])
    assert "curious (+1)" in words(touchpoints["flow-tp-see-offer"])


def test_flow_svg_draws_arrows_with_their_words_and_conditions():
    svg = render_svg()
    edges = groups(svg, "edge")
    links = {key: words(edge) for key, edge in edges.items() if key.startswith("flow-link-")}
    assert len(links) == 8
    assert 'taps "Try it"' in links.values()
    assert "if card declined" in links.values()
    assert "order sent" in links.values()
    dashed = [key for key, edge in edges.items() if any(p.get("stroke-dasharray") for p in edge.iter(f"{SVG}path"))]
    assert len(dashed) == 1 and links[dashed[0]] == "if card declined"


def test_flow_marks_emotion_milestones_moments_of_truth_and_pain_points():
    nodes = groups(render_svg(), "node")

    def fill(tid: str) -> str:
        return next(nodes[f"flow-tp-{tid}"].iter(f"{SVG}path")).get("fill")

    assert fill("payment-failed") == "#ca0020"  # -2
    assert fill("sign-up") == "#f4a582"  # -1
    assert fill("create-order") == "#f7f7f7"  # 0.5 counts as neutral
    assert fill("see-offer") == "#92c5de"  # 1
    assert fill("pick-up") == "#0571b0"  # 2
    assert fill("prepare") == "#ffffff"  # no score
    assert "milestone" in nodes["flow-tp-create-order"].get("class").split()
    assert len(list(nodes["flow-tp-create-order"].iter(f"{SVG}path"))) == 2  # double border
    assert "MILESTONE" in words(nodes["flow-tp-create-order"])
    assert "moment-of-truth" in nodes["flow-tp-pick-up"].get("class").split()
    assert "MOMENT OF TRUTH" in words(nodes["flow-tp-pick-up"])
    assert "! 2 pain points" in words(nodes["flow-tp-sign-up"])
    assert "pain" not in nodes["flow-tp-see-offer"].get("class").split()


def test_flow_legend_names_every_emotion_class():
    svg = render_svg()
    title = words(ET.fromstring(svg))
    for name in ("very negative", "negative", "neutral", "positive", "very positive", "no score", "Ordering coffee ahead"):
        assert name in title


def test_flow_keeps_stages_in_file_order_from_left_to_right():
    journey = coffee()
    # Stages listed in reverse of where the arrows go: the file order still wins.
    reordered = journey.model_copy(update={"stages": list(reversed(journey.stages))})
    for subject, order in ((journey, ["discover", "order", "collect"]), (reordered, ["collect", "order", "discover"])):
        clusters = boxes(layout(subject, "flow"))
        spans = [clusters[f"flow-stage-{sid}"] for sid in order]
        for left, right in zip(spans, spans[1:]):
            assert left[2] < right[0], (subject.stages, spans)


@pytest.mark.parametrize("reverse", [False, True], ids=["file order", "stages listed backwards"])
def test_blueprint_puts_lanes_in_rows_and_stages_in_columns(reverse):
    journey = coffee()
    if reverse:
        journey = journey.model_copy(update={"stages": list(reversed(journey.stages))})
    data = layout(journey, "blueprint")
    where = positions(data)
    rows = {}
    for touchpoint in journey.touchpoints:
        rows.setdefault(touchpoint.lane, set()).add(round(where[f"blueprint-tp-{touchpoint.id}"][1], 1))
    assert all(len(ys) == 1 for ys in rows.values()), rows
    y = {lane: ys.pop() for lane, ys in rows.items()}
    lines = {line: where[f"blueprint-line-{line}"][1] for line in ("interaction", "visibility", "internal")}
    # y grows upwards in Graphviz coordinates.
    assert y["customer"] > lines["interaction"] > y["frontstage"] > lines["visibility"] > y["backstage"] > lines["internal"] > y["support"]
    borders = [where[f"blueprint-column-{index}"][0] for index in range(len(STAGES) + 1)]
    assert borders == sorted(borders)
    column = {stage.id: index for index, stage in enumerate(journey.stages)}
    for sid, index in column.items():
        assert borders[index] < where[f"blueprint-stage-{sid}-name"][0] < borders[index + 1]
    for touchpoint in journey.touchpoints:
        x = where[f"blueprint-tp-{touchpoint.id}"][0]
        assert borders[column[touchpoint.stage]] < x < borders[column[touchpoint.stage] + 1], touchpoint.id


def test_blueprint_svg_names_lanes_and_lines():
    svg = render_svg("--view", "blueprint")
    text = words(ET.fromstring(svg))
    for name in ("Customer actions", "Frontstage", "Backstage", "Support processes", "line of interaction", "line of visibility"):
        assert name in text
    nodes = groups(svg, "node")
    assert {key for key in nodes if key.startswith("blueprint-tp-")} == {f"blueprint-tp-{tid}" for tid in TOUCHPOINTS}
    for sid, name in STAGES.items():
        assert name in words(nodes[f"blueprint-stage-{sid}-name"])
    # The three lines run straight across the whole drawing, after their names.
    edges = groups(svg, "edge")
    width = float(ET.fromstring(svg).get("viewBox").split()[2])
    for line in ("interaction", "visibility", "internal"):
        path = next(edges[f"blueprint-line-{line}-rule"].iter(f"{SVG}path")).get("d")
        points = [tuple(map(float, pair.split(","))) for pair in path.replace("M", " ").replace("C", " ").split()]
        assert len({y for _, y in points}) == 1, path
        xs = [x for x, _ in points]
        assert max(xs) - min(xs) > width * 0.7, (path, width)


def test_a_persona_sees_only_their_touchpoints_and_feelings():
    commuter = groups(render_svg("--persona", "commuter"), "node")
    assert "flow-tp-sign-up" not in commuter
    assert "relieved (+2)" in words(commuter["flow-tp-create-order"])
    assert next(commuter["flow-tp-create-order"].iter(f"{SVG}path")).get("fill") == "#0571b0"
    assert "Sam, the commuter" in words(ET.fromstring(render_svg("--persona", "commuter")))
    student = groups(render_svg("--persona", "student"), "node")
    assert "flow-tp-sign-up" in student
    assert "(+0.5)" in words(student["flow-tp-create-order"])


def test_a_persona_goes_around_the_steps_they_skip():
    journey = coffee()
    # Only the student signs up, and signing up is now the only way to order.
    touchpoints = [
        tp.model_copy(update={"next": [n for n in tp.next if n.to == "sign-up"]}) if tp.id == "see-offer" else tp
        for tp in journey.touchpoints
    ]
    journey = journey.model_copy(update={"touchpoints": touchpoints})
    source = dot_source(journey, "flow", "commuter")
    assert "sign-up" not in source
    data = layout(journey, "flow", "commuter")
    names = {o["_gvid"]: o.get("id") for o in data["objects"]}
    arrows = {(names[e["tail"]], names[e["head"]]) for e in data["edges"] if e.get("id", "").startswith("flow-link-")}
    assert ("flow-tp-see-offer", "flow-tp-create-order") in arrows


def test_an_unknown_persona_is_a_usage_error():
    result = run("render", str(COFFEE), "-o", "-", "--persona", "nobody")
    assert result.returncode == 2
    assert 'no persona "nobody"' in result.err and "commuter, student" in result.err
    assert result.stdout == b""


@pytest.mark.parametrize("view", ["flow", "blueprint"])
def test_the_same_journey_gives_the_same_bytes(view, tmp_path):
    outputs = []
    for attempt in range(2):
        for fmt in ("dot", "svg"):
            target = tmp_path / f"{attempt}.{fmt}"
            assert run("render", str(COFFEE), "--view", view, "-o", str(target)).returncode == 0
            outputs.append(target.read_bytes())
    assert outputs[0] == outputs[2] and outputs[1] == outputs[3]


def test_svg_has_no_doctype_script_or_external_reference():
    for view in ("flow", "blueprint"):
        svg = render_svg("--view", view)
        assert b"<!DOCTYPE" not in svg
        root = ET.fromstring(svg)
        for element in root.iter():
            assert element.tag not in (f"{SVG}script", f"{SVG}a", f"{SVG}image", f"{SVG}foreignObject")
            for name, value in element.attrib.items():
                local = name.rsplit("}", 1)[-1]
                assert not local.startswith("on"), name
                assert local not in ("href", "src"), name
                assert "url(" not in value or value.startswith("url(#"), value


def test_png_is_a_real_png(tmp_path):
    target = tmp_path / "coffee.png"
    result = run("render", str(COFFEE), "-o", str(target))
    assert result.returncode == 0, result.err
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 600 and height > 200


@pytest.mark.skipif(shutil.which("dot") is None, reason="PDF needs Graphviz's dot (scripts/ensure-graphviz.sh installs it)")
def test_pdf_with_the_system_dot(tmp_path):
    target = tmp_path / "coffee.pdf"
    result = run("render", str(COFFEE), "--view", "blueprint", "-o", str(target))
    assert result.returncode == 0, result.err
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]


def test_graphviz_pure_refuses_pdf_in_plain_words():
    result = run("render", str(COFFEE), "-o", "-", "--format", "pdf", "--engine", "graphviz-pure")
    assert result.returncode == 2
    assert "graphviz-pure cannot write PDF" in result.err and "--engine dot" in result.err


def test_flow_svg_is_an_svg_element_for_html_pages():
    svg = flow_svg(coffee(), persona="commuter")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    root = ET.fromstring(svg)
    assert "flow-tp-create-order" in {g.get("id") for g in root.iter(f"{SVG}g")}


def test_an_engine_failure_becomes_a_plain_message():
    engine = choose("graphviz-pure", "svg")
    with pytest.raises(EngineError) as caught:
        engine.run("digraph { a -> }", "svg")
    assert caught.value.exit_code == 3
    assert str(caught.value).startswith("the layout engine (graphviz-pure) failed: ")
    assert "syntax error" in str(caught.value).lower()


@pytest.mark.parametrize("view", ["flow", "blueprint"])
def test_dot_snapshot(view):
    expected_file = SNAPSHOTS / f"coffee-{view}.dot"
    actual = dot_source(coffee(), view)
    if os.environ.get("JOURNEYCTL_UPDATE_SNAPSHOTS"):
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.exists(), f"no snapshot yet: run with JOURNEYCTL_UPDATE_SNAPSHOTS=1 to write {expected_file.name}"
    assert actual == expected_file.read_text(encoding="utf-8"), "the DOT changed: review, then update the snapshot (see this file's docstring)"
    # The command writes the very same text.
    result = run("render", str(COFFEE), "--view", view, "--format", "dot", "-o", "-")
    assert result.stdout.decode("utf-8") == actual
