"""Maps written as a new user would, from docs/format.md alone, after published journey maps
and service blueprints: each validates with no problem at any level, through the real
`journeyctl validate`, and uses the parts of the format it was written to show.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, problems, run, write

FIXTURES = ROOT / "tests" / "fixtures"
REAL_MAPS = ["airport-blueprint", "marketplace-buyer", "telecom-plan-switch"]


def _map(name: str) -> dict:
    return yaml.safe_load((FIXTURES / f"{name}.journey.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", REAL_MAPS)
def test_a_real_map_validates_with_no_problem_at_any_level(name):
    path = FIXTURES / f"{name}.journey.yaml"
    code, records = problems(str(path), "--fail-on", "info", lint=True)
    assert (code, records) == (0, [])


def test_all_real_maps_in_one_run_say_no_problems():
    result = run("validate", *(str(FIXTURES / f"{name}.journey.yaml") for name in REAL_MAPS))
    assert result.returncode == 0
    assert result.out.strip() == "Checked 3 files: no problems."


def test_the_airport_blueprint_has_31_steps_or_more_over_four_lanes():
    journey = _map("airport-blueprint")
    steps = journey["touchpoints"]
    lanes = Counter(step.get("lane", "customer") for step in steps)
    assert len(steps) >= 31
    assert set(lanes) == {"customer", "frontstage", "backstage", "support"}
    by_id = {step["id"]: step for step in steps}
    support = [step for step in steps if step.get("lane") == "support"]
    # Every support process serves a step, and at least one serves a customer step.
    assert support and all(step.get("serves") for step in support)
    assert any(by_id[served].get("lane", "customer") == "customer" for step in support for served in step["serves"])
    # One identity check serves three screens.
    assert len(by_id["checks-travel-document"]["serves"]) == 3
    for key in ("time", "fail_points", "wait_points", "physical_evidence", "rows"):
        assert any(key in step for step in steps), key
    assert any(isinstance(item, dict) and item.get("source") for step in steps for item in step.get("pain_points", []) + step.get("thoughts", []))
    assert [row["id"] for row in journey["rows"]] == ["systems", "metrics"]
    assert len(journey["phases"]) == 3


def test_without_serves_the_support_processes_are_cut_off_again(tmp_path):
    """The fixture's support lane is connected by `serves` alone: take it away and lint says so."""
    text = (FIXTURES / "airport-blueprint.journey.yaml").read_text(encoding="utf-8")
    cut = "\n".join(line for line in text.splitlines() if not line.startswith("    serves: ")) + "\n"
    code, records = problems(str(write(tmp_path, "airport.journey.yaml", cut)), lint=True)
    cut_off = {record["message"].split('"')[1] for record in records if record["code"] == "L003"}
    assert code == 0  # warnings only
    assert {"maintains-car-park", "counts-queue", "checks-travel-document", "publishes-flight-information"} <= cut_off


def test_the_marketplace_buyer_crosses_six_channels_with_several_on_one_step():
    journey = _map("marketplace-buyer")
    assert len(journey["channels"]) == 6
    assert len(journey["entry"]) == 3
    used = {channel for step in journey["touchpoints"] for channel in step.get("channels", [step.get("channel")]) if channel}
    assert used == {channel["id"] for channel in journey["channels"]}
    assert sum(len(step.get("channels", [])) >= 2 for step in journey["touchpoints"]) >= 5


def test_the_telecom_switch_uses_phases_parallel_steps_and_its_own_rows():
    journey = _map("telecom-plan-switch")
    steps = {step["id"]: step for step in journey["touchpoints"]}
    assert [phase["stages"] for phase in journey["phases"]] == [["realise", "choose"], ["change", "first-bill"]]
    assert steps["confirms-change"]["parallel"] is True and len(steps["confirms-change"]["next"]) == 2
    assert steps["contract-rules"]["lane"] == "support" and len(steps["contract-rules"]["serves"]) == 3
    assert {row["id"] for row in journey["rows"]} == {key for step in steps.values() for key in step.get("rows", {})}
    assert all(item.get("owner") and item.get("measure") for item in journey["opportunities"])


@pytest.mark.parametrize("name", REAL_MAPS)
def test_a_real_map_is_reported_the_same_twice(name):
    path = str(FIXTURES / f"{name}.journey.yaml")
    first = run("validate", "--format", "json", path).out
    assert first == run("validate", "--format", "json", path).out
    assert json.loads(first)["problems"] == []


def test_a_slip_in_a_real_map_is_found_at_its_line(tmp_path):
    """The slip made while writing the telecom map: a source with a comma, in braces."""
    text = (FIXTURES / "telecom-plan-switch.journey.yaml").read_text(encoding="utf-8")
    quoted = 'source: "customer interviews, June 2026"}'
    line = next(number for number, row in enumerate(text.splitlines(), 1) if quoted in row)
    path = write(tmp_path, "telecom.journey.yaml", text.replace(quoted, "source: customer interviews, June 2026}"))
    code, records = problems(str(path))
    assert code == 1
    assert [(record["line"], record["code"], record["hint"]) for record in records] == [
        (line, "S001", 'In braces a comma starts a new key: put text with a comma in quotes, as source: "customer interviews, June 2026"')
    ]


def test_the_fixtures_folder_holds_the_real_maps():
    assert {path.name for path in Path(FIXTURES).glob("*.journey.yaml")} >= {f"{name}.journey.yaml" for name in REAL_MAPS}
