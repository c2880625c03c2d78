"""The speed bench runs end to end, tiny, and prints the four comparisons with their ratios."""

from __future__ import annotations

import re
import subprocess
import sys

from helpers import ROOT

BENCH = ROOT / "bench" / "speed_bench.py"


def test_speed_bench_prints_the_four_ratios(tmp_path):
    result = subprocess.run(
        [sys.executable, str(BENCH), "--files", "3", "--peer-files", "2", "--touchpoints", "30",
         "--runs", "1", "--corpus-runs", "1", "--work", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ") and not line.startswith("| work") and "---" not in line]
    works = [row.split(" | ")[0].lstrip("| ") for row in rows]
    assert works == [
        "validate one example file (retail-first-purchase.journey.yaml)",
        "validate 3 files",
        "render SVG, 30 touchpoints",
        "HTML page, 30 touchpoints",
    ]
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert re.fullmatch(r"\d+\.\d\d s \(\d+\.\d\d CPU\)", cells[1]), cells
        assert re.fullmatch(r"\d+\.\d\d×", cells[3]) and re.fullmatch(r"\d+\.\d\d×", cells[4]), cells
        assert re.fullmatch(r"(yes|no); (yes|no)", cells[6].split(" (peer")[0]), cells
    assert "(peer: 2 files, scaled)" in rows[1]
    assert "`--jobs 1`" in result.stdout and "HTML page:" in result.stdout and "MB" in result.stdout
    # The floor under the one-file run: the stack's imports alone, with and without typer, in the same run.
    floor = re.search(r"PyYAML, pydantic, typer\), no more, takes \d+\.\d\d s \(\d+\.\d\d CPU\), (\d+\.\d\d)× yamllint's CPU time; "
                      r"without typer \d+\.\d\d s \(\d+\.\d\d CPU\), so typer's share is (-?\d+) ms of CPU\. journeyctl's own part .* is the rest: (-?\d+) ms\.", result.stdout)
    assert floor, result.stdout
    assert re.search(r"The floor under `render --format svg`: .* take \d+\.\d\d s of CPU, \d+\.\d\d× the engine, .* own part of the render is -?\d+ ms\.", result.stdout)
    # What it printed is what it wrote, and the inputs stayed in the folder it was given.
    assert (tmp_path / "speed-results.md").read_text(encoding="utf-8") == result.stdout
    assert len(list((tmp_path / "speed-corpus-3").glob("*.journey.yaml"))) == 3
    assert (tmp_path / "speed.html").stat().st_size > (tmp_path / "speed.svg").stat().st_size > 0
