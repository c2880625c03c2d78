"""The example images under docs/images/ are what scripts/render-docs-images.sh draws today."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "render-docs-images.sh"
IMAGES = ("retail-flow.svg", "retail-flow.png", "switch-blueprint.svg", "switch-blueprint.png", "trip-blueprint.svg", "trip-blueprint.png")


def test_docs_images_are_up_to_date(tmp_path):
    """Run the script on a copy of the repository's examples (and the trip map) and compare byte for byte."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (tmp_path / "tests" / "snapshots").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "snapshots" / "trip.journey.yaml", tmp_path / "tests" / "snapshots")
    (tmp_path / "scripts").mkdir()
    shutil.copy(SCRIPT, tmp_path / "scripts" / SCRIPT.name)
    (tmp_path / "docs" / "images").mkdir(parents=True)
    env = {key: value for key, value in os.environ.items() if key != "JOURNEYCTL_ENGINE"}
    done = subprocess.run(["sh", str(tmp_path / "scripts" / SCRIPT.name)], env={**env, "PYTHON": sys.executable}, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    stale = [name for name in IMAGES if (tmp_path / "docs" / "images" / name).read_bytes() != (ROOT / "docs" / "images" / name).read_bytes()]
    assert not stale, f"docs/images/{', '.join(stale)} out of date: run scripts/render-docs-images.sh and commit the result"
