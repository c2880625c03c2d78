"""The same analysis on DuckDB and on Apache Spark (local mode), through the real command.

A generated log of 100,000 events (bench/generate_events.py: funnel steps, detours to
support, unmapped events, customers whose events all share one second, conversions
outside the window) is analysed twice, ``--engine duckdb`` and ``--engine spark``, and
the JSON reports must be the same to the byte, apart from the engine's name. Spark needs
a Java 17+ runtime: ``make test`` installs one (scripts/ensure-java.sh).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, run

EVENTS = 100_000
ENSURE_JAVA = ROOT / "scripts" / "ensure-java.sh"


def _java_ok() -> bool:
    return shutil.which("java") is not None and subprocess.run(["sh", str(ENSURE_JAVA)], capture_output=True).returncode == 0


needs_java = pytest.mark.skipif(not _java_ok(), reason="Spark needs Java 17+; install it as root with: sh scripts/ensure-java.sh")


# scripts/ensure-java.sh --------------------------------------------------------------


def _fake_bin(folder: Path, java_version: str | None, uid: int) -> dict:
    """A PATH holding a ``java`` that reports ``java_version`` (none: no java) and an ``id`` that says ``uid``."""
    folder.mkdir()
    if java_version is not None:
        java = folder / "java"
        java.write_text(f'#!/bin/sh\necho \'openjdk version "{java_version}" 2024-01-16\' >&2\n')
        java.chmod(0o755)
    fake_id = folder / "id"
    fake_id.write_text(f"#!/bin/sh\necho {uid}\n")
    fake_id.chmod(0o755)
    tools = folder / "tools"
    tools.mkdir()
    for name in ("awk", "sh", "echo", "cat"):  # what the script needs besides java and id
        found = shutil.which(name)
        if found:
            (tools / name).symlink_to(found)
    return {**os.environ, "PATH": f"{folder}:{tools}"}


@pytest.mark.parametrize("version", ["17.0.15", "21.0.2", "25"])
def test_ensure_java_does_nothing_when_java_17_or_newer_is_there(tmp_path, version):
    env = _fake_bin(tmp_path / "bin", version, uid=1000)
    result = subprocess.run(["sh", str(ENSURE_JAVA)], capture_output=True, text=True, env=env)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize("version, found", [("1.8.0_392", "8"), ("11.0.21", "11"), (None, "none")])
def test_ensure_java_says_what_to_run_when_java_is_old_or_missing_and_not_root(tmp_path, version, found):
    env = _fake_bin(tmp_path / "bin", version, uid=1000)
    result = subprocess.run(["sh", str(ENSURE_JAVA)], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"ensure-java: Java 17 or newer is missing (found: {found}); "
        "install it as root with: apt-get install -y openjdk-17-jre-headless\n"
    )


@needs_java
def test_ensure_java_is_silent_with_this_machines_java():
    result = subprocess.run(["sh", str(ENSURE_JAVA)], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_make_test_installs_java():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\nsystem-test-deps:\n", 1)[1].split("\n\n", 1)[0]
    assert "\tsh scripts/ensure-java.sh" in target.splitlines()


# DuckDB and Spark, through the command -----------------------------------------------


@pytest.fixture(scope="module")
def log(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("parity")
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate_events.py"), "--events", str(EVENTS), "--out", str(folder / "events.parquet"), "--journey", str(folder / "shop.journey.yaml")],
        check=True,
        capture_output=True,
    )
    return folder


@pytest.fixture(scope="module")
def reports(log) -> dict:
    from concurrent.futures import ThreadPoolExecutor

    engines = ["duckdb", "spark"] if _java_ok() else ["duckdb"]
    # Both at once: DuckDB is done while Spark is still starting.
    with ThreadPoolExecutor(len(engines)) as pool:
        running = {
            engine: pool.submit(run, "analyze", "shop.journey.yaml", "--events", "events.parquet", "--engine", engine, "--format", "json", cwd=log, timeout=900)
            for engine in engines
        }
        return {engine: future.result() for engine, future in running.items()}


def _known(log: Path) -> dict:
    """Figures of the log counted by DuckDB SQL here, independently of journeyctl."""
    import duckdb

    con = duckdb.connect()
    events, customers, converters = con.execute(
        "SELECT count(*), count(DISTINCT customer_id), count(DISTINCT customer_id) FILTER (WHERE event = 'order_placed') FROM read_parquet(?)",
        [str(log / "events.parquet")],
    ).fetchone()
    unmapped = con.execute("SELECT count(*) FROM read_parquet(?) WHERE event = 'newsletter_open'", [str(log / "events.parquet")]).fetchone()[0]
    return {"events": events, "customers": customers, "converters": converters, "unmapped": unmapped}


def test_duckdb_report_has_the_logs_known_figures(log, reports):
    result = reports["duckdb"]
    assert result.returncode == 0, result.err
    report = json.loads(result.out)
    known = _known(log)
    assert known["events"] == EVENTS
    data = report["data"]
    assert (data["events"], data["customers"], data["converters"]) == (known["events"], known["customers"], known["converters"])
    assert data["mapped_events"] == EVENTS - known["unmapped"]
    steps = report["measures"]["funnel"]["steps"]
    assert [s["touchpoint"] for s in steps] == ["clicks-ad", "visits-home", "views-product", "adds-to-cart", "starts-checkout", "places-order"]
    counts = [s["customers"] for s in steps]
    assert counts == sorted(counts, reverse=True) and counts[-1] > 0


@needs_java
def test_spark_gives_the_same_report_as_duckdb(reports):
    duck, spark = reports["duckdb"], reports["spark"]
    assert duck.returncode == 0, duck.err
    assert spark.returncode == 0, spark.err
    left, right = json.loads(duck.out), json.loads(spark.out)
    assert (left["data"].pop("engine"), right["data"].pop("engine")) == ("duckdb", "spark")
    assert json.dumps(right, indent=1, sort_keys=True) == json.dumps(left, indent=1, sort_keys=True)


@needs_java
def test_spark_keeps_its_logging_and_files_to_itself(log, reports):
    spark = reports["spark"]
    assert spark.returncode == 0, spark.err
    json.loads(spark.out)  # standard output is the report only
    other = [line for line in spark.err.splitlines() if line.strip() and not line.startswith("journeyctl: ")]
    # At most the JVM's own notice about incubator modules, printed before logging starts.
    assert len(other) <= 1, spark.err
    assert all("incubator" in line for line in other), spark.err
    left_behind = {p.name for p in log.iterdir()} - {"events.parquet", "shop.journey.yaml"}
    assert left_behind == set(), left_behind
