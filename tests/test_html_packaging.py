"""The default templates ship inside the wheel, and an installed journeyctl finds them there.

An editable install (``pip install -e .``, what every other test runs) reads the
checkout's templates/ folder; this test builds a real wheel with pip from a copy
of the project, installs it into a folder of its own and renders from there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import pytest
from helpers import EXAMPLES, ROOT

TEMPLATES = ROOT / "templates"
PROJECT_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE")


def pip(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, timeout=600, cwd=cwd)


def test_wheel_ships_the_templates_and_the_installed_copy_uses_them(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(TEMPLATES, project / "templates")
    for name in PROJECT_FILES:
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, project / name)
    if not (project / "README.md").exists():
        (project / "README.md").write_text("journeyctl\n")

    built = pip("wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "wheels"), str(project))
    if built.returncode != 0 and any(word in built.stderr for word in ("No matching distribution", "Could not fetch", "NewConnectionError")):
        pytest.skip(f"pip cannot reach the package index for the build tools: {built.stderr.strip().splitlines()[-1]}")
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "wheels").glob("journeyctl-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"journeyctl/templates/{p.relative_to(TEMPLATES).as_posix()}" for p in TEMPLATES.rglob("*") if p.is_file()}
    assert shipped and shipped <= names
    assert not any(name.startswith("templates/") for name in names)

    target = tmp_path / "installed"
    installed = pip("install", "--no-deps", "--quiet", "--target", str(target), str(wheel))
    assert installed.returncode == 0, installed.stderr
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import journeyctl.render.html as html; print(html.__file__); print(html.default_templates())"],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=True,
    ).stdout.split()
    assert where == [str(target / "journeyctl" / "render" / "html.py"), str(target / "journeyctl" / "templates")]

    out = tmp_path / "page.html"
    drawn = subprocess.run(
        [sys.executable, "-m", "journeyctl", "render", str(EXAMPLES / "retail-first-purchase.journey.yaml"), "--format", "html", "-o", str(out)],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert drawn.returncode == 0, drawn.stderr
    assert "<h1>First online purchase at Larkspur Home</h1>" in out.read_text(encoding="utf-8")
