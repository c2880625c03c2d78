"""Several journeys drawn side by side in forked workers: the same files as one at a time,
and a signal or a kill leaves no worker, no layout engine and no file behind."""

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
from helpers import EXAMPLES, ROOT, run
from test_render_big import big_journey
from test_render_signals import _alive, _command, _descendants, _gone

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers and engines")


@pytest.mark.parametrize("output_format", ["svg", "dot"])
def test_several_journeys_give_the_files_one_at_a_time_gives(tmp_path, output_format):
    together, alone = tmp_path / "together", tmp_path / "alone"
    done = run("render", str(EXAMPLES), "--format", output_format, "-o", f"{together}/")
    assert done.returncode == 0, done.err
    files = sorted(together.iterdir())
    assert len(files) >= 3
    assert done.out.splitlines() == [str(path) for path in files]  # reported in input order
    for source in sorted(EXAMPLES.glob("*.journey.yaml")):
        one = run("render", str(source), "--format", output_format, "-o", f"{alone}/")
        assert one.returncode == 0, one.err
    assert sorted(path.name for path in alone.iterdir()) == [path.name for path in files]
    for path in files:
        assert (alone / path.name).read_bytes() == path.read_bytes(), path.name


@pytest.fixture(scope="module")
def two_big(tmp_path_factory):
    folder = tmp_path_factory.mktemp("several")
    for name in ("one", "two"):
        (folder / f"{name}.journey.yaml").write_text(yaml.safe_dump(big_journey(4000), sort_keys=False), encoding="utf-8")
    return folder


def _start(folder: Path, out: Path) -> tuple[subprocess.Popen, list[int], list[int]]:
    log = tempfile.TemporaryFile()
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("JOURNEYCTL_DEBUG", None)
    process = subprocess.Popen([sys.executable, "-m", "journeyctl", "render", str(folder), "-o", f"{out}/"], stdout=subprocess.DEVNULL, stderr=log, env=env, cwd=ROOT)
    process.log = log  # type: ignore[attr-defined]
    deadline = time.monotonic() + 90
    engines: list[int] = []
    while time.monotonic() < deadline and process.poll() is None and len(engines) < 2:
        engines = [pid for pid in _descendants(process.pid) if _alive(pid) and "graphviz" in _command(pid)]
        time.sleep(0.02)
    assert len(engines) == 2, "the two layout engines never ran side by side"
    workers = [pid for pid in _descendants(process.pid) if _alive(pid) and pid not in engines and "graphviz" not in _command(pid)]
    assert process.poll() is None, "the render finished before it could be stopped; make the maps bigger"
    return process, engines, workers


def test_a_signal_stops_the_workers_and_their_engines_and_leaves_nothing(two_big, tmp_path):
    out = tmp_path / "out"
    process, engines, workers = _start(two_big, out)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    process.log.seek(0)
    err = process.log.read().decode()
    assert process.returncode == 128 + signal.SIGTERM, err[-2000:]
    assert "Traceback" not in err and "stopped by a signal" in err
    assert _gone(engines + workers), "a worker or an engine outlived journeyctl"
    assert not [p for p in tmp_path.rglob("*") if p.is_file()], "a file was left behind"


def test_a_killed_render_takes_its_workers_and_their_engines_with_it(two_big, tmp_path):
    out = tmp_path / "out"
    process, engines, workers = _start(two_big, out)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert _gone(engines + workers), "a worker or an engine outlived a killed journeyctl"
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_a_site_of_several_journeys_has_the_pages_each_alone_gives(tmp_path):
    together = tmp_path / "together"
    done = run("render", str(EXAMPLES), "--format", "html", "-o", f"{together}/")
    assert done.returncode == 0, done.err
    pages = sorted(path for path in together.iterdir() if path.name != "index.html")
    assert len(pages) >= 3
    for source in sorted(EXAMPLES.glob("*.journey.yaml")):
        alone = tmp_path / source.name
        one = run("render", str(source), "--format", "html", "-o", f"{alone}/")
        assert one.returncode == 0, one.err
        [page] = [path for path in alone.iterdir() if path.name != "index.html"]
        assert page.read_bytes() == (together / page.name).read_bytes(), page.name


def test_a_timeout_in_the_workers_is_each_journey_s_message_and_exit_2(two_big, tmp_path):
    out = tmp_path / "out"
    log = tempfile.TemporaryFile()
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "journeyctl", "render", str(two_big), "-o", f"{out}/", "--timeout", "1"], stdout=subprocess.DEVNULL, stderr=log, cwd=ROOT, timeout=120, check=False)
    log.seek(0)
    err = log.read().decode()
    assert done.returncode == 2, err[-2000:]
    assert "Traceback" not in err
    stopped = [line for line in err.splitlines() if "was still running when the time limit ran out" in line]
    assert [line.split(": ")[1] for line in stopped] == [str(two_big / "one.journey.yaml"), str(two_big / "two.journey.yaml")]  # in input order
    assert time.monotonic() - start < 60
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_a_worker_killed_from_outside_is_exit_3_and_nothing_written(two_big, tmp_path):
    out = tmp_path / "out"
    process, engines, workers = _start(two_big, out)
    assert workers, "no worker process was found"
    os.kill(workers[0], signal.SIGKILL)  # as the out-of-memory killer would
    process.wait(timeout=60)
    process.log.seek(0)
    err = process.log.read().decode()
    assert process.returncode == 3, err[-2000:]
    assert "Traceback" not in err and "a worker process ended before its work was done" in err
    assert _gone(engines + workers), "a worker or an engine outlived the run"
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
