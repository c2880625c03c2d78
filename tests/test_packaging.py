"""The sdist and the wheel hold what they should, and the wheel alone gives a working journeyctl.

The build runs offline, in a copy of the sources, through setuptools' own build API
(what pip and build call): first the sdist, then the wheel from the unpacked sdist,
so a file missing from the sdist shows as a broken wheel. The wheel is then installed
alone into an empty folder and run with only the dependencies beside it.
"""

from __future__ import annotations

import email
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from helpers import EXAMPLES, ROOT

SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "src", "templates", "schema")
BUILD = (
    "import sys, warnings\n"
    "warnings.simplefilter('error', DeprecationWarning)\n"  # the old license table warned on every build
    "from setuptools import build_meta\n"
    "print(getattr(build_meta, sys.argv[1])(sys.argv[2]))\n"
)


def build(kind: str, source: Path, out: Path) -> Path:
    done = subprocess.run([sys.executable, "-c", BUILD, kind, str(out)], cwd=source, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "SetuptoolsDeprecationWarning" not in done.stderr, done.stderr[-3000:]
    return out / done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    pytest.importorskip("setuptools", minversion="77")
    work = tmp_path_factory.mktemp("packaging")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        else:
            shutil.copy2(path, source / name)
    sdist = build("build_sdist", source, work / "dist")
    with tarfile.open(sdist) as archive:
        archive.extractall(work / "unpacked", filter="data")
    [unpacked] = (work / "unpacked").iterdir()
    wheel = build("build_wheel", unpacked, work / "wheels")
    return {"sdist": sdist, "wheel": wheel, "work": work}


def test_sdist_holds_the_sources_and_no_tests_it_cannot_run(built):
    with tarfile.open(built["sdist"]) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for needed in ("LICENSE", "README.md", "pyproject.toml", "setup.py", "schema/journey.schema.json", "schema/library.schema.json", "src/journeyctl/cli/__init__.py", "src/journeyctl/lint/presets/recommended.yaml"):
        assert needed in names, needed
    assert any(name.startswith("templates/") for name in names)
    # The tests check the repository as a whole (docs, examples, bench): they stay there.
    assert not any(name.startswith("tests/") for name in names)


def test_wheel_ships_schemas_templates_presets_and_the_licence(built):
    with zipfile.ZipFile(built["wheel"]) as wheel:
        names = set(wheel.namelist())
        [metadata_name] = [name for name in names if name.endswith(".dist-info/METADATA")]
        metadata = email.message_from_string(wheel.read(metadata_name).decode("utf-8"))
        packaged = json.loads(wheel.read("journeyctl/schema/journey.schema.json"))
    assert {"journeyctl/schema/journey.schema.json", "journeyctl/schema/library.schema.json", "journeyctl/lint/presets/recommended.yaml"} <= names
    assert any(name.startswith("journeyctl/templates/") for name in names)
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    assert packaged == json.loads((ROOT / "schema" / "journey.schema.json").read_text(encoding="utf-8"))

    assert metadata["License-Expression"] == "MIT"
    assert metadata["License-File"] == "LICENSE"
    classifiers = metadata.get_all("Classifier")
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert not any(c.startswith("License ::") for c in classifiers)  # the expression says it
    requires = metadata.get_all("Requires-Dist")
    assert "pydantic<3,>=2.9" in requires and "PyYAML<7,>=6.0.1" in requires
    # The package page: the README without relative pictures or links that lead nowhere there.
    page = metadata.get_payload()
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert page.startswith("# journeyctl") and "journeyctl validate" in page
    assert "](docs/" not in page and "](examples/" not in page and "![" not in page
    assert "The journey format (`docs/format.md` in the repository)" in page


def test_the_wheel_alone_validates_and_draws(built):
    """Installed alone, with only its dependencies beside it: the packaged data is found."""
    target = built["work"] / "installed"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", str(target), str(built["wheel"])],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    env = {**os.environ, "PYTHONPATH": str(target), "NO_COLOR": "1"}
    env.pop("JOURNEYCTL_DEBUG", None)
    cwd = built["work"]

    def journeyctl(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "journeyctl", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120)

    where = subprocess.run([sys.executable, "-c", "import journeyctl; print(journeyctl.__file__)"], capture_output=True, text=True, cwd=cwd, env=env)
    assert where.stdout.strip().startswith(str(target)), where.stdout  # the wheel's copy, not the checkout
    checked = journeyctl("validate", str(EXAMPLES))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    page = journeyctl("render", str(EXAMPLES / "retail-first-purchase.journey.yaml"), "--format", "html", "-o", str(cwd / "retail.html"))
    assert page.returncode == 0, page.stderr
    assert "<html" in (cwd / "retail.html").read_text(encoding="utf-8")
    schema = journeyctl("schema")
    assert json.loads(schema.stdout) == json.loads((target / "journeyctl" / "schema" / "journey.schema.json").read_text(encoding="utf-8"))
