"""The validation benchmark: its corpus is valid and deterministic, the script runs end
to end, and ``journeyctl validate`` imports nothing it does not use."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import EXAMPLES, ROOT, run

BENCH = ROOT / "bench"
PEER = Path(sys.executable).parent / "check-jsonschema"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"bench_{name}"] = module
    spec.loader.exec_module(module)
    return module


validate_bench = _load("validate_bench")


def generate(out: Path, *options: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, str(BENCH / "generate_corpus.py"), "--out", str(out), *options],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate(out, "--count", "3")
    return out


def test_generated_journeys_validate_clean(tiny):
    """Valid, and clean for the linter too: the bench times a run with nothing to report."""
    files = sorted(tiny.glob("*.journey.yaml"))
    assert [f.name for f in files] == [f"journey-000{n}.journey.yaml" for n in (1, 2, 3)]
    result = run("validate", "--format", "json", "--fail-on", "info", str(tiny))
    report = json.loads(result.out)
    assert result.returncode == 0, result.out
    assert report["problems"] == []
    assert report["summary"]["files"] == 3


def test_generated_journeys_have_the_promised_shape(tiny):
    flows = []
    for path in sorted(tiny.glob("*.journey.yaml")):
        journey = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        touchpoints = journey["touchpoints"]
        assert 50 <= len(touchpoints) <= 200
        assert 4 <= len(journey["stages"]) <= 7
        assert len(journey["personas"]) >= 2 and len(journey["channels"]) >= 4
        assert touchpoints[-1]["end"] is True
        assert all("next" in tp for tp in touchpoints[:-1])
        assert {tp.get("lane", "customer") for tp in touchpoints} >= {"customer", "frontstage", "backstage"}
        order = {tp["id"]: index for index, tp in enumerate(touchpoints)}
        for index, tp in enumerate(touchpoints):
            for flow in tp.get("next", []):
                target = order[flow["to"] if isinstance(flow, dict) else flow]
                flows.append((target - index, isinstance(flow, dict) and "condition" in flow))
    assert any(step > 1 and conditional for step, conditional in flows), "no branch that skips ahead"
    assert any(step < 0 for step, _ in flows), "no loop back"


def test_the_corpus_is_deterministic(tmp_path):
    options = ("--count", "2", "--min-touchpoints", "5", "--max-touchpoints", "12")
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(first, *options)
    generate(second, *options)
    generate(other, *options, "--seed", "7")
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert all((first / n).read_bytes() == (second / n).read_bytes() for n in names)
    assert any((first / n).read_bytes() != (other / n).read_bytes() for n in names)
    # A smaller corpus written over a larger one leaves no stale journeys behind.
    generate(first, "--count", "1", "--min-touchpoints", "5", "--max-touchpoints", "12")
    assert sorted(p.name for p in first.iterdir()) == [".journeyctl.yaml", "journey-0001.journey.yaml"]
    assert (first / names[0]).read_bytes() == (second / names[0]).read_bytes()


def test_the_peer_accepts_the_same_files(tiny):
    """check-jsonschema reads YAML its own way; the corpus must be valid for both tools."""
    assert PEER.exists(), "check-jsonschema is missing: pip install -e '.[bench]'"
    files = sorted(str(p) for p in tiny.glob("*.journey.yaml"))
    result = subprocess.run(
        [str(PEER), "--schemafile", str(ROOT / "schema" / "journey.schema.json"), *files],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_bench_runs_end_to_end_and_keeps_other_sections(tiny, tmp_path):
    doc = tmp_path / "performance.md"
    rendering = "## Rendering\n\nRender timings, written by someone else.\n"
    doc.write_text(f"# Performance\n\nIntro.\n\n{rendering}", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(BENCH / "validate_bench.py"), "--quick", "--corpus", str(tiny), "--write-doc", str(doc)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    rows = {line.split(" | ")[0].lstrip("| ") for line in result.stdout.splitlines() if line.startswith("| ")}
    assert {"Interpreter floor (`python -c pass`)", "Whole corpus"} <= rows
    assert any(r.startswith("One median-sized journey (") for r in rows)
    whole = next(line for line in result.stdout.splitlines() if line.startswith("| Whole corpus"))
    cells = [c.strip() for c in whole.strip("|").split("|")]
    assert cells[1] == "3" and all(c.endswith(("ms", " s")) for c in cells[3:7]) and cells[7].endswith("×")
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Performance\n\nIntro.\n\n" + rendering)
    assert text.count(validate_bench.START_MARK) == text.count(validate_bench.END_MARK) == 1
    assert text.count("## Validation") == 1
    assert "journeyctl validate" in text and "check-jsonschema" in text and "Machine:" in text


def test_doc_update_replaces_only_its_own_block(tmp_path):
    doc = tmp_path / "performance.md"
    validate_bench.update_doc(doc, f"{validate_bench.START_MARK}\nfirst\n{validate_bench.END_MARK}\n")
    with doc.open("a", encoding="utf-8") as handle:
        handle.write("\n## Rendering\n\nKept.\n")
    validate_bench.update_doc(doc, f"{validate_bench.START_MARK}\nsecond\n{validate_bench.END_MARK}\n")
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Performance\n")
    assert "second" in text and "first" not in text
    assert text.count("## Validation") == 1 and text.endswith("## Rendering\n\nKept.\n")


def test_bench_without_a_corpus_says_how_to_make_one(tmp_path):
    result = subprocess.run(
        [sys.executable, str(BENCH / "validate_bench.py"), "--quick", "--corpus", str(tmp_path / "none")],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "generate_corpus.py" in result.stderr and "Traceback" not in result.stderr


def imported_modules(*args: str) -> set[str]:
    """Every module the real command imports, from ``python -X importtime``."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "JOURNEYCTL_DEBUG")}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "journeyctl", *args],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert "Traceback" not in result.stderr
    return {match[4] for match in validate_bench._IMPORT_LINE.finditer(result.stderr)}


RETAIL = str(EXAMPLES / "retail-first-purchase.journey.yaml")


@pytest.mark.parametrize("options", [(), ("--format", "json"), ("--color", "never")])
def test_validate_imports_no_renderer_templates_or_colour(options):
    modules = imported_modules("validate", *options, RETAIL)
    assert "journeyctl.checker" in modules and "yaml" in modules
    assert validate_bench.forbidden_imports(modules) == []


def test_the_import_check_sees_rich_when_colour_is_on():
    """The check above can fail: with colour on, the text reporter does load rich."""
    modules = imported_modules("validate", "--color", "always", RETAIL)
    assert "rich" in validate_bench.forbidden_imports(modules)


def test_validate_runs_without_pydantic_plugin_search():
    """The command skips pydantic's search of installed packages for plugins: no
    package metadata is read, and the models still validate (an error is still found)."""
    modules = imported_modules("validate", RETAIL)
    assert "pydantic" in modules and "importlib.metadata" not in modules and "email" not in modules
    result = run("validate", "--format", "concise", "-", input="version: 1\nid: x\ntitle: T\nstages: []\ntouchpoints: []\nextra: 1\n")
    assert result.returncode == 1 and "S001" in result.out
