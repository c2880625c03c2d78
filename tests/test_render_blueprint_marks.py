"""What the diagrams draw of issue 11's format: file order without next, entries, channels,
serves, parallel steps, fail and wait points, time, physical evidence and phases.

Each test draws a small journey through the real command (DOT, or SVG from graphviz-pure)
or asks the real engine for its layout (-Tjson), and checks what a reader would see.
"""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
import yaml
from helpers import run, write

from journeyctl.model import Journey
from journeyctl.render import dot_source
from journeyctl.render.engine import choose

SVG = "{http://www.w3.org/2000/svg}"

TRIP = """\
version: 1
id: trip
title: Flying out of the airport
entry: [books-online, books-agent]
phases:
  - {id: before, name: Before the trip, stages: [plan, check-in]}
  - {id: at-airport, name: At the airport, stages: [board]}
stages:
  - id: plan
    name: Plan
    time: {duration: 2w}
  - id: check-in
    name: Check in
  - id: board
    name: Board
channels:
  - {id: web, name: Website}
  - {id: agent, name: Travel agent, kind: human}
  - {id: app, name: Mobile app}
  - {id: desk, name: Check-in desk, kind: physical}
touchpoints:
  - id: books-online
    name: Books a flight online
    stage: plan
    channel: web
    next: checks-in
  - id: books-agent
    name: Books through an agent
    stage: plan
    channel: agent
    next: checks-in
  - id: checks-in
    name: Checks in
    stage: check-in
    channels: [app, web, desk]
    parallel: true
    time: {duration: 10m, wait: 20m, frequency: every trip}
    fail_points: [The app logs the traveller out]
    wait_points: [Queue at the desk, Bag drop]
    physical_evidence: [The boarding pass, The bag tag]
    next: [drops-bag, gets-pass]
  - id: drops-bag
    name: Drops the bag
    stage: check-in
    channel: desk
    lane: frontstage
    next: boards
  - id: gets-pass
    name: Gets the boarding pass
    stage: check-in
    channel: app
    next: boards
  - id: id-check
    name: Checks the passport
    stage: check-in
    lane: backstage
    serves: [checks-in, drops-bag]
  - id: boards
    name: Boards the plane
    stage: board
    channel: desk
    physical_evidence: [The seat number]
    end: true
"""

NO_NEXT = """\
version: 1
id: walk
title: A walk in file order
personas:
  - {id: quick, name: Quick}
  - {id: slow, name: Slow}
stages:
  - {id: one, name: One}
  - {id: two, name: Two}
touchpoints:
  - {id: a, name: Arrives, stage: one}
  - {id: b, name: Browses, stage: one, personas: [slow]}
  - {id: c, name: Buys, stage: two}
  - {id: keeps-stock, name: Keeps the stock, stage: two, lane: support, serves: [c]}
  - {id: d, name: Leaves, stage: two}
"""


def journey(text: str) -> Journey:
    return Journey.model_validate(yaml.safe_load(text))


def layout(source: str) -> dict:
    engine = choose("graphviz-pure", "svg")
    done = subprocess.run([engine.path, "-Tjson"], input=source.encode(), capture_output=True, timeout=60, check=True)
    return json.loads(done.stdout)


def objects(data: dict) -> dict[str, dict]:
    return {o["id"]: o for o in data["objects"] if "id" in o}


def arrows(data: dict, prefix: str) -> dict[str, tuple[str, str]]:
    """Edge id -> (tail id, head id), as drawn (an edge written backwards with dir=back is turned round)."""
    names = {o["_gvid"]: o.get("id", o.get("name")) for o in data["objects"]}
    found = {}
    for edge in data.get("edges", []):
        if edge.get("id", "").startswith(prefix):
            tail, head = names[edge["tail"]], names[edge["head"]]
            found[edge["id"]] = (head, tail) if edge.get("dir") == "back" else (tail, head)
    return found


def point(obj: dict) -> tuple[float, float]:
    x, y = obj["pos"].split(",")
    return float(x), float(y)


def box(obj: dict) -> tuple[float, float, float, float]:
    return tuple(map(float, obj["bb"].split(",")))


def words(element: ET.Element) -> str:
    return " ".join(" ".join((t.text or "").split()) for t in element.iter(f"{SVG}text"))


@pytest.fixture
def trip(tmp_path):
    return write(tmp_path, "trip.journey.yaml", TRIP)


def svg_nodes(path, view: str) -> dict[str, ET.Element]:
    result = run("render", str(path), "--view", view, "--format", "svg", "-o", "-")
    assert result.returncode == 0, result.err
    root = ET.fromstring(result.stdout)
    return {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id")}


# A journey without next


@pytest.mark.parametrize("view", ["flow", "blueprint"])
def test_a_journey_without_next_is_drawn_in_file_order_with_arrows(view):
    data = layout(dot_source(journey(NO_NEXT), view))
    tp = f"{view}-tp-"
    assert sorted(arrows(data, f"{view}-link-").values()) == [(tp + "a", tp + "b"), (tp + "b", tp + "c"), (tp + "c", tp + "d")]
    # The support step stands beside the chain: it serves "c" and leads nowhere.
    assert list(arrows(data, f"{view}-serves-").values()) == [(tp + "keeps-stock", tp + "c")]


def test_a_persona_walks_the_file_order_around_what_it_skips():
    data = layout(dot_source(journey(NO_NEXT), "flow", "quick"))
    assert "flow-tp-b" not in objects(data)
    assert sorted(arrows(data, "flow-link-").values()) == [("flow-tp-a", "flow-tp-c"), ("flow-tp-c", "flow-tp-d")]


def test_a_journey_with_next_gets_no_file_order_arrows(trip):
    data = layout(dot_source(journey(TRIP), "flow"))
    drawn = set(arrows(data, "flow-link-").values())
    assert ("flow-tp-books-online", "flow-tp-books-agent") not in drawn
    assert ("flow-tp-gets-pass", "flow-tp-id-check") not in drawn


# Entries, channels, serves, parallel


def test_every_entry_point_gets_the_start_dot():
    data = layout(dot_source(journey(TRIP), "flow"))
    assert sorted(arrows(data, "flow-start-edge").values()) == [("flow-start", "flow-tp-books-agent"), ("flow-start", "flow-tp-books-online")]


@pytest.mark.parametrize("view", ["flow", "blueprint"])
def test_a_step_shows_all_its_channels(trip, view):
    nodes = svg_nodes(trip, view)
    assert "Mobile app · Website · Check-in desk" in words(nodes[f"{view}-tp-checks-in"])
    assert "Travel agent" in words(nodes[f"{view}-tp-books-agent"])


@pytest.mark.parametrize("view", ["flow", "blueprint"])
def test_a_support_step_points_dotted_at_what_it_serves(view):
    source = dot_source(journey(TRIP), view)
    data = layout(source)
    tp = f"{view}-tp-"
    assert sorted(arrows(data, f"{view}-serves-").values()) == [(tp + "id-check", tp + "checks-in"), (tp + "id-check", tp + "drops-bag")]
    serves = [line for line in source.splitlines() if f'id="{view}-serves-' in line]
    assert len(serves) == 2 and all('style="dotted"' in line and "onormal" in line for line in serves)
    links = [line for line in source.splitlines() if f'id="{view}-link-' in line]
    assert links and not any("dotted" in line or "onormal" in line for line in links)


@pytest.mark.parametrize("view", ["flow", "blueprint"])
def test_parallel_next_steps_leave_from_one_bar(view):
    data = layout(dot_source(journey(TRIP), view))
    found = objects(data)
    bar = found[f"{view}-fork-checks-in"]
    assert float(bar["width"]) < float(bar["height"])  # a bar across the way the arrows leave
    tp = f"{view}-tp-"
    assert arrows(data, f"{view}-fork-checks-in-edge") == {f"{view}-fork-checks-in-edge": (tp + "checks-in", f"{view}-fork-checks-in")}
    drawn = arrows(data, f"{view}-link-")
    assert sorted(head for tail, head in drawn.values() if tail == f"{view}-fork-checks-in") == [tp + "drops-bag", tp + "gets-pass"]
    assert not [head for tail, head in drawn.values() if tail == tp + "checks-in"]
    # Either/or steps (the default) have no bar.
    assert [key for key in found if "-fork-" in key and not key.endswith("-edge")] == [f"{view}-fork-checks-in"]


# Fail and wait points, time, evidence


@pytest.mark.parametrize("view", ["flow", "blueprint"])
def test_fail_and_wait_points_are_marked_on_their_step(trip, view):
    nodes = svg_nodes(trip, view)
    text = words(nodes[f"{view}-tp-checks-in"])
    assert "F 1 fail point" in text and "W 2 wait points" in text
    fills = {p.get("fill") for p in nodes[f"{view}-tp-checks-in"].iter(f"{SVG}polygon")}
    assert {"#b42318", "#f5b400"} <= fills  # the red F and the amber W badges
    assert "fail point" not in words(nodes[f"{view}-tp-boards"])
    legend = words(nodes[view])
    assert "fail point: where the service can fail" in legend and "wait point: where the customer waits" in legend


@pytest.mark.parametrize("view", ["flow", "blueprint"])
def test_time_is_written_in_the_box_and_under_the_stage(trip, view):
    nodes = svg_nodes(trip, view)
    assert "takes 10m · waits 20m · every trip" in words(nodes[f"{view}-tp-checks-in"])
    stage = nodes["flow-stage-plan" if view == "flow" else "blueprint-stage-plan-name"]
    assert "1. Plan takes 2w" in words(stage)


def test_the_blueprint_has_a_physical_evidence_row_above_the_customer():
    data = layout(dot_source(journey(TRIP), "blueprint"))
    found = objects(data)
    row = point(found["blueprint-evidence"])[1]
    customer = point(found["blueprint-lane-customer"])[1]
    stage_names = point(found["blueprint-stage-check-in-name"])[1]
    assert stage_names > row > customer  # y grows upwards
    for step, items in (("checks-in", "The boarding pass\nThe bag tag"), ("boards", "The seat number")):
        note = found[f"blueprint-evidence-{step}"]
        assert abs(point(note)[1] - row) < 1
        assert note["shape"] == "note"
        assert "<br/>".join(items.split("\n")) in note["label"]
    # In the column of its step, joined to it.
    columns = [point(found[f"blueprint-column-{index}"])[0] for index in range(4)]
    assert columns[1] < point(found["blueprint-evidence-checks-in"])[0] < columns[2]
    assert columns[2] < point(found["blueprint-evidence-boards"])[0] < columns[3]
    assert arrows(data, "blueprint-evidence-boards-edge") == {"blueprint-evidence-boards-edge": ("blueprint-evidence-boards", "blueprint-tp-boards")}


def test_the_journeys_own_rows_are_rows_of_notes_under_the_lanes():
    text = TRIP.replace("stages:\n  - id: plan", "rows:\n  - {id: systems, name: Systems}\n  - {id: metrics, name: Metrics}\n  - {id: unused, name: Nobody fills it}\nstages:\n  - id: plan", 1)
    text = text.replace("    next: [drops-bag, gets-pass]\n", "    next: [drops-bag, gets-pass]\n    rows: {systems: [Departure control, Bag tags], metrics: Check-in time}\n", 1)
    text = text.replace("    serves: [checks-in, drops-bag]\n", "    serves: [checks-in, drops-bag]\n    rows: {systems: Passport reader}\n", 1)
    data = layout(dot_source(journey(text), "blueprint"))
    found = objects(data)
    assert "blueprint-row-unused" not in found
    systems, metrics = point(found["blueprint-row-systems"])[1], point(found["blueprint-row-metrics"])[1]
    assert point(found["blueprint-lane-support"])[1] > systems > metrics  # in the journey's order, under the lanes
    assert found["blueprint-row-systems-checks-in"]["label"] == "Departure control<br/>Bag tags"
    assert found["blueprint-row-systems-id-check"]["label"] == "Passport reader"
    assert found["blueprint-row-metrics-checks-in"]["label"] == "Check-in time"
    assert abs(point(found["blueprint-row-metrics-checks-in"])[1] - metrics) < 1
    columns = [point(found[f"blueprint-column-{index}"])[0] for index in range(4)]
    assert columns[1] < point(found["blueprint-row-systems-id-check"])[0] < columns[2]
    assert arrows(data, "blueprint-row-systems-id-check-edge") == {"blueprint-row-systems-id-check-edge": ("blueprint-tp-id-check", "blueprint-row-systems-id-check")}


def test_no_evidence_no_phases_no_extra_rows():
    source = dot_source(journey(NO_NEXT), "blueprint")
    assert "Physical evidence" not in source and "row_phase" not in source and "row_note" not in source


# Phases


def test_flow_phases_are_clusters_around_their_stages():
    found = objects(layout(dot_source(journey(TRIP), "flow")))
    before, airport = box(found["flow-phase-before"]), box(found["flow-phase-at-airport"])
    for stage, phase in (("plan", before), ("check-in", before), ("board", airport)):
        inner = box(found[f"flow-stage-{stage}"])
        assert phase[0] < inner[0] and inner[2] < phase[2] and phase[1] < inner[1] and inner[3] < phase[3], stage
    assert before[2] < airport[0]


def test_blueprint_phases_head_their_columns():
    source = dot_source(journey(TRIP), "blueprint")
    found = objects(layout(source))
    columns = [point(found[f"blueprint-column-{index}"])[0] for index in range(4)]
    names = point(found["blueprint-stage-plan-name"])[1]
    before, airport = point(found["blueprint-phase-before"]), point(found["blueprint-phase-at-airport"])
    assert before[1] > names and airport[1] > names
    assert columns[0] < before[0] < columns[2] and columns[2] < airport[0] < columns[3]
    # "Before the trip" spans its two stages: over their middle, no rule between them in its row.
    middle, span = (columns[0] + columns[2]) / 2, columns[2] - columns[0]
    assert abs(before[0] - middle) < span / 4, (before, columns)
    rules = {(tail, head) for tail, head in re.findall(r"^\s*(b\d+_\d+) -> (b\d+_\d+) \[", source, re.M)}
    assert ("b0_1", "b1_1") not in rules and "b0_1 " not in source
    assert {("b0_0", "b1_0"), ("b0_2", "b1_2"), ("b0_3", "b1_3"), ("b1_1", "b2_1")} <= rules


# The legend


def test_the_legend_names_only_the_marks_the_drawing_uses(tmp_path):
    plain = dot_source(journey(NO_NEXT), "flow")
    assert "fail point" not in plain and "milestone" not in plain and "black bar" not in plain
    assert "arrows: the order of the file" in plain and "dotted arrow" in plain
    full = dot_source(journey(TRIP), "flow")
    for key in ("fail point: where", "wait point: where", "dotted arrow, open head", "black bar: the steps after it all happen, in parallel"):
        assert key in full
    assert "arrows: the order of the file" not in full


@pytest.mark.parametrize("view", ["flow", "blueprint"])
def test_the_same_journey_gives_the_same_bytes(trip, view, tmp_path):
    outputs = [run("render", str(trip), "--view", view, "--format", "svg", "-o", "-").stdout for _ in range(2)]
    assert outputs[0] == outputs[1] and outputs[0].startswith(b"<?xml")


def test_hostile_text_in_the_new_places_is_drawn_escaped(tmp_path):
    hostile = '<b>&amp; "x" \\\\N ]; n0 -> n1'
    text = (
        TRIP.replace("name: Before the trip", f"name: '{hostile}'")
        .replace("The seat number", f"'{hostile}'")
        .replace("every trip", f"'{hostile}'")
        .replace("name: Website", f"name: '{hostile}'")
    )
    path = write(tmp_path, "hostile.journey.yaml", text)
    for view in ("flow", "blueprint"):
        result = run("render", str(path), "--view", view, "--format", "svg", "-o", "-")
        assert result.returncode == 0, result.err
        drawn = words(ET.fromstring(result.stdout))
        assert '<b>&amp; "x" \\\\N ]; n0 -> n1' in drawn


def test_a_big_map_says_in_parallel_where_a_folded_column_has_no_room_for_a_bar():
    steps = [{"id": f"t{i}", "name": f"Step {i}", "stage": "long", "next": [f"t{i + 1}"]} for i in range(159)]
    steps.append({"id": "t159", "name": "Step 159", "stage": "long", "end": True})
    steps[10]["parallel"] = True
    steps[10]["next"] = ["t11", "t12"]
    big = Journey.model_validate({"version": 1, "id": "big", "title": "Big", "stages": [{"id": "long", "name": "Long"}], "touchpoints": steps})
    source = dot_source(big, "flow")
    assert "fork" not in source
    parallel = [line for line in source.splitlines() if 'xlabel=<in parallel>' in line]
    assert len(parallel) == 2, parallel


def test_in_the_flow_view_a_support_step_stands_with_what_it_serves_not_before_the_journey():
    found = objects(layout(dot_source(journey(TRIP), "flow")))
    x = {key[len("flow-tp-"):]: point(found[key])[0] for key in found if key.startswith("flow-tp-")}
    # id-check serves checks-in and drops-bag (its own stage): it stands in their column or after it.
    assert x["id-check"] >= x["drops-bag"] - 1 and x["id-check"] > x["checks-in"]
    walk = objects(layout(dot_source(journey(NO_NEXT), "flow")))
    assert abs(point(walk["flow-tp-keeps-stock"])[0] - point(walk["flow-tp-c"])[0]) < 1  # right under "Buys"


def test_a_skipped_entry_point_leads_on_in_file_order():
    text = NO_NEXT.replace("title: A walk in file order\n", "title: A walk in file order\nentry: b\n")
    data = layout(dot_source(journey(text), "flow", "quick"))
    assert list(arrows(data, "flow-start-edge").values()) == [("flow-start", "flow-tp-c")]
