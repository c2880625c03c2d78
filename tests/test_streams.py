"""Closed standard streams and a full standard output: a plain message and the documented exit code."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

import pytest
from helpers import EXAMPLES

JOURNEYCTL = f"{shlex.quote(sys.executable)} -m journeyctl"


def shell(command: str, tmp_path) -> subprocess.CompletedProcess:
    """Run ``command`` in bash, standard error captured into a file (it may be the stream we close)."""
    env = {**os.environ, "NO_COLOR": "", "FORCE_COLOR": ""}
    env.pop("JOURNEYCTL_DEBUG", None)
    err = tmp_path / "stderr.txt"
    result = subprocess.run(["bash", "-c", f"{command} 2>>{shlex.quote(str(err))}"], capture_output=True, env=env, timeout=60)
    result.err = err.read_text(encoding="utf-8") if err.exists() else ""  # type: ignore[attr-defined]
    assert "Traceback" not in result.err and "Exception ignored" not in result.err, result.err
    return result


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "command",
    [
        f"validate {EXAMPLES}",
        f"validate --format json {EXAMPLES}",
        "schema",
        "--help",
        f"render {EXAMPLES / 'switch-mobile-plan.journey.yaml'} --format dot -o -",
    ],
)
def test_standard_output_on_a_full_device_is_exit_2(tmp_path, command):
    result = shell(f"{JOURNEYCTL} {command} > /dev/full", tmp_path)
    assert result.returncode == 2
    assert result.err == "journeyctl: cannot write to standard output: no space left on the device\n"


def test_closed_standard_output_is_exit_2(tmp_path):
    result = shell(f"{JOURNEYCTL} validate {EXAMPLES} >&-", tmp_path)
    assert result.returncode == 2
    assert result.err == "journeyctl: cannot write to standard output: it is closed\n"


def test_closed_standard_input_is_an_unreadable_input(tmp_path):
    result = shell(f"{JOURNEYCTL} validate - <&-", tmp_path)
    assert result.returncode == 2
    assert result.err == "journeyctl: -: cannot read: standard input is closed\n"
    assert result.stdout.decode().endswith("1 path could not be checked (see above).\n")


def test_closed_standard_input_does_not_matter_when_unused(tmp_path):
    result = shell(f"{JOURNEYCTL} validate {EXAMPLES} <&-", tmp_path)
    assert (result.returncode, result.stdout) == (0, b"Checked 4 files: no problems.\n")


def test_closed_standard_error_still_gives_the_output_and_the_code(tmp_path):
    bad = tmp_path / "bad.journey.yaml"
    bad.write_text("version: 1\nid: b\ntitle: B\nstages: []\n", encoding="utf-8")
    env = {**os.environ, "NO_COLOR": ""}
    result = subprocess.run(["bash", "-c", f"{JOURNEYCTL} validate {bad} missing.journey.yaml 2>&-"], capture_output=True, env=env, timeout=60)
    assert result.returncode == 2
    assert b"Traceback" not in result.stdout
    assert result.stdout.decode().endswith("1 path could not be checked (see above).\n")


def test_a_reader_that_goes_away_is_not_an_error(tmp_path):
    result = shell(f"{JOURNEYCTL} validate --format json {EXAMPLES} | head -c 10 > /dev/null; exit ${{PIPESTATUS[0]}}", tmp_path)
    assert result.returncode == 0
    assert result.err == ""
