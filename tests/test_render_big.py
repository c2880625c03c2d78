"""Big maps: folded into columns, arrow words as xlabels, drawn in reasonable time (bench/ measures 500)."""

from __future__ import annotations

import json
import subprocess
import time
import xml.etree.ElementTree as ET

import pytest
import yaml
from helpers import run, write

from journeyctl.model import Journey
from journeyctl.render import dot_source
from journeyctl.render.engine import choose
from journeyctl.render.flow import BIG, COLUMN

SVG = "{http://www.w3.org/2000/svg}"
SIZE = 240
STAGES = 4


def big_journey(size: int = SIZE) -> dict:
    touchpoints = []
    for index in range(size):
        flows = []
        if index + 1 < size:
            flows.append({"to": f"t{index + 1}", "label": "next"} if index % 3 == 0 else f"t{index + 1}")
        if index % 17 == 5:
            flows.append({"to": f"t{index - 3}", "condition": "it failed"})
        touchpoints.append(
            {
                "id": f"t{index}",
                "name": f"Step {index} of a long journey",
                "stage": f"s{index * STAGES // size}",
                "lane": ["customer", "frontstage", "backstage", "support"][index % 4],
                "emotion": (index % 5) - 2,
                **({"next": flows} if flows else {"end": True}),
            }
        )
    return {
        "version": 1,
        "id": "big",
        "title": "A big journey",
        "stages": [{"id": f"s{i}", "name": f"Stage {i}"} for i in range(STAGES)],
        "touchpoints": touchpoints,
    }


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    return write(tmp_path_factory.mktemp("big"), "big.journey.yaml", yaml.safe_dump(big_journey(), sort_keys=False))


@pytest.mark.parametrize("view", ["flow", "blueprint"])
def test_a_big_journey_draws_every_touchpoint_in_reasonable_time(big_file, view):
    assert SIZE > BIG
    start = time.perf_counter()
    result = run("render", str(big_file), "--view", view, "-o", "-")
    elapsed = time.perf_counter() - start
    assert result.returncode == 0, result.err
    assert elapsed < 30, f"{view} of {SIZE} touchpoints took {elapsed:.1f} s"
    root = ET.fromstring(result.stdout)
    nodes = [g for g in root.iter(f"{SVG}g") if "touchpoint" in (g.get("class") or "").split()]
    assert len(nodes) == SIZE


def test_big_flow_folds_stages_into_columns_read_top_down():
    journey = Journey.model_validate(big_journey())
    source = dot_source(journey, "flow")
    assert "xlabel=" in source and " label=<next>" not in source
    engine = choose("graphviz-pure", "svg")
    layout = json.loads(subprocess.run([engine.path, "-Tjson"], input=source.encode(), capture_output=True, check=True, timeout=120).stdout)
    where = {o["id"]: tuple(map(float, o["pos"].split(","))) for o in layout["objects"] if o.get("id", "").startswith("flow-tp-")}
    per_stage = SIZE // STAGES
    for stage in range(STAGES):
        ids = [f"flow-tp-t{i}" for i in range(stage * per_stage, (stage + 1) * per_stage)]
        columns = [ids[i : i + COLUMN] for i in range(0, len(ids), COLUMN)]
        for column in columns:
            xs = {round(where[i][0], 1) for i in column}
            ys = [where[i][1] for i in column]
            assert len(xs) == 1, column
            assert ys == sorted(ys, reverse=True), column  # y grows upwards: first step on top
        lefts = [where[column[0]][0] for column in columns]
        assert lefts == sorted(lefts)
    # The map is much wider than tall, but not one endless row.
    width, height = map(float, layout["bb"].split(",")[2:])
    assert width < 80 * 72 and height < 20 * 72
