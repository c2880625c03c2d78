"""Run the real journeyctl command and look at what it did."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

MINIMAL = """\
version: 1
id: minimal
title: A minimal journey
stages:
  - id: awareness
    name: Awareness
touchpoints:
  - id: sees-ad
    name: Sees an ad
    stage: awareness
"""


def run(*args: str, input: str | bytes | None = None, cwd: Path | None = None, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """``journeyctl ARGS`` as a user runs it; never a traceback, whatever happens."""
    full_env = {**os.environ, "NO_COLOR": "", "FORCE_COLOR": "", **(env or {})}
    full_env.pop("JOURNEYCTL_DEBUG", None)
    data = input.encode() if isinstance(input, str) else input
    result = subprocess.run(
        [sys.executable, "-m", "journeyctl", *args],
        input=data,
        capture_output=True,
        cwd=cwd,
        env=full_env,
        timeout=timeout,
    )
    result.out = result.stdout.decode("utf-8", errors="replace")  # type: ignore[attr-defined]
    result.err = result.stderr.decode("utf-8", errors="replace")  # type: ignore[attr-defined]
    assert "Traceback" not in result.err, result.err
    assert "Traceback" not in result.out, result.out
    return result


def problems(*args: str, lint: bool = False, **kwargs) -> tuple[int, list[dict]]:
    """Exit code and problem records of ``journeyctl validate --format json ARGS``.

    Lint problems (codes L...) are left out unless ``lint`` is true: these tests are
    about validation, and lint warnings do not change the exit code.
    """
    result = run("validate", "--format", "json", *args, **kwargs)
    records = json.loads(result.out)["problems"]
    return result.returncode, [p for p in records if lint or not p["code"].startswith("L")]


def where(records: list[dict]) -> list[tuple[int, int, str]]:
    return [(p["line"], p["column"], p["code"]) for p in records]


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
