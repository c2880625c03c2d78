"""The analytics bench runs: a tiny log, one run of each contestant (a smoke test, never a timing)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import ROOT

pytest.importorskip("duckdb")
pytest.importorskip("ibis")


def test_the_bench_runs_checks_its_contestants_agree_and_writes_its_section(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\n## Validation\n\nFigures of another bench.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "analyze_bench.py"), "--sizes", "3000", "6000", "--runs", "1", "--pm4py-max", "3000", "--work", str(tmp_path / "work"), "--write-doc", str(doc)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "| events | customers | analyze (whole report) | analyze funnel+DFG | hand-written DuckDB SQL | pm4py funnel+DFG |" in out
    assert "| 3,000 | " in out and "| 6,000 | " in out
    # pm4py ran at 3,000 events only (--pm4py-max), its graph checked against journeyctl's
    assert "- 3,000 events: funnel " in out and "(pm4py, without the window: " in out.split("- 6,000 events:")[0]
    assert "(pm4py, without the window: " not in out.split("- 6,000 events:")[1]
    assert "Growth from 3,000 to 6,000 events (2× the events):" in out
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Performance\n\n## Validation\n\nFigures of another bench.\n\n## Analytics\n\n<!-- analytics-bench:start -->\n")
    assert text.rstrip().endswith("<!-- analytics-bench:end -->")
    assert (tmp_path / "work" / "events-3k.parquet").exists() and (tmp_path / "work" / "shop.journey.yaml").exists()


def test_the_generated_log_is_the_same_bytes_every_time(tmp_path):
    for name in ("a", "b"):
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate_events.py"), "--events", "5000", "--out", str(tmp_path / f"{name}.parquet")], check=True, capture_output=True)
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
