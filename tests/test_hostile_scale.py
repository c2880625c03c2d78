"""Hostile input at scale: what used to take minutes or gigabytes finishes with the right result.

Each test runs the real command on a pathological journey, sized so that it runs in a
second or two now (it took from half a minute to several minutes before). The tests
assert what the command finds and its exit code, not its time: bench/hostile_bench.py
measures the time and memory, and its smoke test is at the end of this file.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

from helpers import ROOT, run, write

HEADER = "version: 1\nid: hostile\ntitle: A hostile journey\n"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_hostile", ROOT / "bench" / "hostile_bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_hostile"] = module
    spec.loader.exec_module(module)
    return module


def _records(*args: str, **kwargs) -> tuple[int, list[dict]]:
    result = run("validate", "--format", "json", *args, **kwargs)
    return result.returncode, json.loads(result.out)["problems"]


def test_two_thousand_unknown_next_steps_each_reported_the_first_with_a_suggestion(tmp_path):
    touchpoints = "".join(f"  - {{id: step-{i:05d}, name: Step {i}, stage: s, end: true, next: [stepx-{i:05d}]}}\n" for i in range(2000))
    path = write(tmp_path, "big.journey.yaml", HEADER + "stages:\n  - {id: s, name: S}\ntouchpoints:\n" + touchpoints)
    code, records = _records(str(path))
    unknown = [p for p in records if p["code"] == "R001"]
    assert code == 1
    assert len(unknown) == 2000
    assert unknown[0]["message"] == 'unknown touchpoint "stepx-00000" in the next steps of the touchpoint "step-00000"'
    assert unknown[0]["hint"] == 'Did you mean "step-00000"?'
    # The comparisons' budget is spent on the first ones; the rest are reported without a hint.
    assert unknown[-1]["hint"] is None
    assert sum(p["hint"] is not None for p in unknown) < 100


def test_two_thousand_unknown_imported_personas_from_a_big_library(tmp_path):
    (tmp_path / ".git").mkdir()
    people = "".join(f"  - {{id: person-{i:05d}, name: Person {i}}}\n" for i in range(2000))
    write(tmp_path, "people.library.yaml", "version: 1\nkind: library\npersonas:\n" + people)
    wanted = ", ".join(f"persnx-{i:05d}" for i in range(2000))
    text = HEADER + f"imports:\n  - path: people.library.yaml\n    personas: [{wanted}]\nstages:\n  - {{id: s, name: S}}\n"
    path = write(tmp_path, "shop.journey.yaml", text)
    code, records = _records(str(path))
    unknown = [p for p in records if p["code"] == "R001"]
    assert code == 1 and len(unknown) == 2000
    assert unknown[0]["message"].endswith('people.library.yaml has no persona "persnx-00000"')
    assert unknown[0]["hint"] == 'Did you mean "person-00000"?'
    assert unknown[-1]["hint"] is None  # no list of 2,000 names under each one either


def test_one_touchpoint_with_twenty_thousand_next_steps(tmp_path):
    n = 20_000
    text = HEADER + "stages:\n  - {id: s, name: S}\ntouchpoints:\n  - id: hub\n    name: Hub\n    stage: s\n    next:\n"
    text += "".join(f"      - t{i}\n" for i in range(n)) + "      - t0\n"  # and one twice
    text += "".join(f"  - {{id: t{i}, name: T{i}, stage: s, end: true}}\n" for i in range(n))
    path = write(tmp_path, "wide.journey.yaml", text)
    code, records = _records(str(path), "--fail-on", "info")
    assert [p["code"] for p in records] == ["L014"]  # the stage is overloaded; nothing else
    assert code == 1


def test_a_dense_graph_reports_each_rule_at_most_a_thousand_times(tmp_path):
    """900 touchpoints over four stages, each leading to a third of the others: 270,000 steps."""
    n = 900
    lines = [HEADER, "stages:\n" + "".join(f"  - {{id: s{i}, name: Stage {i}}}\n" for i in range(4)), "touchpoints:\n"]
    for i in range(n):
        targets = ", ".join(f"t{(i + 1 + k * 3) % n}" for k in range(n // 3))
        lines.append(f"  - {{id: t{i}, name: T{i}, stage: s{i * 4 // n}, next: [{targets}]}}\n")
    path = write(tmp_path, "dense.journey.yaml", "".join(lines))
    code, records = _records(str(path))
    backward = [p for p in records if p["code"] == "L012"]
    assert len(backward) == 1001
    assert backward[-1]["message"] == "backward-flow stops here: it found more than 1,000 problems in this file"
    loops = [p for p in records if p["code"] == "L013"]
    assert len(loops) == 1 and loops[0]["message"].startswith("these touchpoints lead only to each other")
    assert code == 1  # the endless loop is an error


def _hub(folder, n: int):
    """n touchpoints lead to a hub the persona "p" skips; the hub leads to n more."""
    text = HEADER + "personas:\n  - {id: p, name: P}\n  - {id: q, name: Q}\nstages:\n  - {id: s, name: S}\ntouchpoints:\n"
    text += "".join(f"  - {{id: a{i}, name: A{i}, stage: s, next: [hub]}}\n" for i in range(n))
    text += "  - {id: hub, name: Hub, stage: s, personas: [q], next: [" + ", ".join(f"b{i}" for i in range(n)) + "]}\n"
    text += "".join(f"  - {{id: b{i}, name: B{i}, stage: s, end: true}}\n" for i in range(n))
    return write(folder, "hub.journey.yaml", text)


def test_persona_view_around_a_skipped_hub_is_refused_beyond_the_arrow_limit(tmp_path):
    path = _hub(tmp_path, 1500)  # 2,250,000 arrows around the hub
    out = tmp_path / "hub.dot"
    result = run("render", "--persona", "p", "-f", "dot", "-o", str(out), str(path))
    assert result.returncode == 2
    assert 'the journey "hostile" cannot be drawn for the persona "p": around the touchpoints it skips (such as "hub") it would need more than 10,000 arrows' in result.err
    assert not out.exists()


def test_persona_view_around_a_skipped_hub_within_the_limit_links_each_pair_once(tmp_path):
    path = _hub(tmp_path, 60)  # 3,600 arrows
    result = run("render", "--persona", "p", "-f", "dot", "-o", "-", str(path))
    assert result.returncode == 0, result.err
    arrows = [line.split("[", 1)[0].strip() for line in result.out.splitlines() if " -> " in line and not line.strip().startswith("start")]
    assert len(arrows) == 3600 == len(set(arrows))
    assert arrows[:2] == ["n0 -> n60", "n0 -> n61"]


def test_persona_view_through_a_long_skipped_chain_is_refused_beyond_the_walk_limit(tmp_path):
    """2,100 kept touchpoints each enter a chain of 2,100 skipped ones: over 2 million steps to walk."""
    n = 2100
    text = HEADER + "personas:\n  - {id: p, name: P}\n  - {id: q, name: Q}\nstages:\n  - {id: s, name: S}\ntouchpoints:\n"
    text += "".join(f"  - {{id: a{i}, name: A{i}, stage: s, next: [k{i}]}}\n" for i in range(n))
    text += "".join(f"  - {{id: k{i}, name: K{i}, stage: s, personas: [q], next: [k{i + 1}]}}\n" for i in range(n - 1))
    text += f"  - {{id: k{n - 1}, name: K, stage: s, personas: [q], next: [done]}}\n  - {{id: done, name: Done, stage: s, end: true}}\n"
    path = write(tmp_path, "chain.journey.yaml", text)
    result = run("render", "--persona", "p", "-f", "dot", "-o", "-", str(path))
    assert result.returncode == 2
    assert 'it would need to follow more than 2,000,000 steps through them' in result.err
    assert result.stdout == b""


def test_the_whole_journey_page_is_drawn_although_one_persona_view_is_too_tangled(tmp_path):
    """The page's emotion lines take each persona's view: the tangled one goes without arrows around the hub."""
    path = _hub(tmp_path, 110)  # 12,100 arrows around the hub for "p"
    page = tmp_path / "hub.html"
    result = run("render", "-f", "html", "-o", str(page), str(path))
    assert result.returncode == 0, result.err
    assert "<html" in page.read_text(encoding="utf-8")
    refused = run("render", "-f", "html", "--persona", "p", "-o", str(tmp_path / "p.html"), str(path))
    assert refused.returncode == 2 and "more than 10,000 arrows" in refused.err


def test_hostile_bench_runs_every_case_at_a_small_size(tmp_path):
    """The benchmark's smoke test: every case runs and ends with its expected exit code."""
    bench = _bench()
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "hostile_bench.py"), "--scale", "0.02", "--keep", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ") and not line.startswith(("| case", "| ---"))]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows] == [case.name for case in bench.CASES]
    assert "unexpected" not in result.stdout
    assert all((tmp_path / case.name / "hostile.journey.yaml").is_file() for case in bench.CASES)
