"""The pre-commit hooks file: its shape, which files it picks, and that its entries run journeyctl."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml
from helpers import ROOT, write

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
BY_ID = {hook["id"]: hook for hook in HOOKS}
GOOD = "version: 1\nid: ok\ntitle: OK\nstages:\n  - {id: s, name: S}\ntouchpoints:\n  - {id: t, name: T, stage: s}\n"
BAD = GOOD.replace("name: T,", "nme: T,")


def console_script() -> str:
    script = Path(sys.executable).parent / "journeyctl"
    assert script.exists(), "pip install -e . puts the journeyctl command beside the interpreter"
    return str(script)


def run_hook(hook: dict, filenames: list[str], cwd: Path) -> subprocess.CompletedProcess:
    words = shlex.split(hook["entry"])
    assert words[0] == "journeyctl"
    args = [console_script(), *words[1:], *hook.get("args", []), *(filenames if hook.get("pass_filenames", True) else [])]
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=60)


def test_hooks_have_the_keys_pre_commit_needs():
    assert set(BY_ID) == {"journeyctl", "journeyctl-all", "journeyctl-fmt"}
    allowed = {"id", "name", "description", "entry", "language", "files", "pass_filenames", "require_serial", "minimum_pre_commit_version", "args", "types"}
    for hook in HOOKS:
        assert {"id", "name", "entry", "language"} <= set(hook) <= allowed
        assert hook["language"] == "python"
        re.compile(hook["files"])


def selected(hook: dict, names: list[str]) -> list[str]:
    return [name for name in names if re.search(hook["files"], name)]


NAMES = ["maps/shop.journey.yaml", "maps/shop.journey.yml", "shared/people.library.yaml", "maps/notes.yaml", "journey.yaml", "README.md", ".journeyctl.yaml", "sub/pyproject.toml"]


def test_files_patterns_pick_journey_files():
    assert selected(BY_ID["journeyctl"], NAMES) == ["maps/shop.journey.yaml", "maps/shop.journey.yml", "shared/people.library.yaml"]
    assert selected(BY_ID["journeyctl-all"], NAMES) == ["maps/shop.journey.yaml", "maps/shop.journey.yml", "shared/people.library.yaml", ".journeyctl.yaml", "sub/pyproject.toml"]


def test_the_hook_runs_journeyctl_on_the_files_it_is_given(tmp_path):
    for name in NAMES:
        write(tmp_path, name, GOOD if ".journey." in name else "[project]\n" if name.endswith(".toml") else "rules: {}\n")
    write(tmp_path, "shared/people.library.yaml", "version: 1\nkind: library\n")
    ok = run_hook(BY_ID["journeyctl"], selected(BY_ID["journeyctl"], NAMES), tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.endswith("Checked 3 files: no problems.\n")
    write(tmp_path, "maps/shop.journey.yaml", BAD)
    failed = run_hook(BY_ID["journeyctl"], selected(BY_ID["journeyctl"], NAMES), tmp_path)
    assert failed.returncode == 1
    assert failed.stdout.startswith('maps/shop.journey.yaml:7:13: error S001 unknown key "nme"')


def test_the_whole_repository_hook_checks_everything(tmp_path):
    write(tmp_path, "maps/a.journey.yaml", GOOD)
    write(tmp_path, "maps/b.journey.yaml", BAD)
    result = run_hook(BY_ID["journeyctl-all"], [".journeyctl.yaml"], tmp_path)
    assert result.returncode == 1
    assert "Checked 2 files: 1 error in 1 file." in result.stdout  # the misspelt required key is one problem
