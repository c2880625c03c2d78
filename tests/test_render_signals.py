"""A render stopped by SIGTERM, SIGINT or SIGKILL leaves no layout engine running and no temporary file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from helpers import ROOT
from test_render_big import big_journey

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the engine")

SIZE = 4000  # a few seconds of layout: long enough to be caught in the middle


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("signals")
    path = folder / "big.journey.yaml"
    path.write_text(yaml.safe_dump(big_journey(SIZE), sort_keys=False), encoding="utf-8")
    return path


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat[stat.rindex(")") + 2 :].split()[1])


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] not in "ZX"  # a zombie has finished; only its parent's reaping is missing


def _descendants(pid: int) -> list[int]:
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        for entry in os.listdir("/proc"):
            if entry.isdigit() and _parent_of(int(entry)) == parent:
                found.append(int(entry))
                frontier.append(int(entry))
    return found


def _start(big_file: Path, out: Path) -> tuple[subprocess.Popen, list[int]]:
    log = tempfile.TemporaryFile()  # the lint warnings of a big map would fill a pipe
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("JOURNEYCTL_DEBUG", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "journeyctl", "render", str(big_file), "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=log,
        env=env,
        cwd=ROOT,
    )
    process.log = log  # type: ignore[attr-defined]
    deadline = time.monotonic() + 60
    engines: list[int] = []
    while time.monotonic() < deadline and process.poll() is None:
        engines = [pid for pid in _descendants(process.pid) if _alive(pid) and "graphviz" in _command(pid)]
        if engines:
            break
        time.sleep(0.02)
    assert engines, "the layout engine never started"
    time.sleep(0.3)  # well inside the layout
    assert process.poll() is None, "the render finished before it could be stopped; make the map bigger"
    return process, engines


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _gone(pids: list[int], within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_render_stopped_by_a_signal_stops_its_engine_and_leaves_nothing(big_file, tmp_path, signum):
    out = tmp_path / "out" / "big.svg"
    process, engines = _start(big_file, out)
    process.send_signal(signum)
    process.wait(timeout=30)
    process.log.seek(0)
    err = process.log.read().decode()
    assert process.returncode == 128 + signum, err[-2000:]
    assert "Traceback" not in err
    assert "stopped by a signal" in err
    assert _gone(engines), f"the layout engine outlived journeyctl: {engines}"
    assert not out.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()], "a temporary file was left behind"


def test_a_killed_render_takes_its_engine_with_it(big_file, tmp_path):
    out = tmp_path / "out" / "big.svg"
    process, engines = _start(big_file, out)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert _gone(engines), f"the layout engine outlived a killed journeyctl: {engines}"
    assert not out.exists()


def test_a_timeout_stops_the_engine_and_is_exit_2(big_file, tmp_path):
    out = tmp_path / "out" / "big.svg"
    log = tempfile.TemporaryFile()
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "journeyctl", "render", str(big_file), "-o", str(out), "--timeout", "1"], stdout=subprocess.DEVNULL, stderr=log, cwd=ROOT, timeout=60, check=False)
    log.seek(0)
    err = log.read().decode()
    assert done.returncode == 2, err[-2000:]
    # the check of a big map may itself use up the second on a slow machine
    assert "was still running when the time limit ran out" in err or "the render took more than 1 seconds" in err
    assert time.monotonic() - start < 30
    assert not out.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
