"""A signal stops analyze cleanly: exit 128 + the signal, and the engine's scratch folder is gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from helpers import EXAMPLES

MAP = EXAMPLES / "retail-first-purchase.journey.yaml"


def big_log(path, copies: int) -> None:
    """The sample log, its customers copied under new ids: long enough to be stopped mid-run."""
    header, *rows = (EXAMPLES / "data" / "retail-events.csv").read_text(encoding="utf-8").splitlines()
    with open(path, "w", encoding="utf-8") as out:
        out.write(header + "\n")
        for copy in range(copies):
            for row in rows:
                out.write(f"x{copy}-{row}\n")


def test_sigterm_stops_analyze_and_leaves_no_scratch_folder(tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    log = tmp_path / "events.csv"
    big_log(log, 40)
    env = {**os.environ, "TMPDIR": str(scratch)}
    env.pop("JOURNEYCTL_DEBUG", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "journeyctl", "analyze", str(MAP), "--events", str(log), "--format", "json", "-o", str(tmp_path / "out.json")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.monotonic() + 60
    while not any(p.name.startswith("journeyctl-duckdb-") for p in scratch.iterdir()):
        assert process.poll() is None, "analyze ended before its engine started"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.3)
    assert process.poll() is None, "analyze ended before the signal: make the log longer"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 128 + signal.SIGTERM, err
    assert b"stopped by a signal" in err and b"Traceback" not in err
    assert list(scratch.iterdir()) == []
    assert not (tmp_path / "out.json").exists()
