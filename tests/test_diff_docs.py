"""docs/diff.md: the GitHub Actions snippet is valid, and its diff step runs as written on a pull request."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from helpers import ROOT, write
from test_diff import BASE, CHANGED, commit, git

TEXT = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
WORKFLOW = next(block for block in (yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", TEXT, re.DOTALL)) if "jobs" in block)
STEPS = WORKFLOW["jobs"]["journey-diff"]["steps"]
DIFF_STEP = next(step for step in STEPS if step.get("id") == "diff")


def test_the_workflow_posts_on_pull_requests():
    assert WORKFLOW[True] == "pull_request"  # YAML 1.1 reads the key "on" as true
    assert WORKFLOW["permissions"]["pull-requests"] == "write"
    checkout = next(step for step in STEPS if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    post = STEPS[-1]
    assert post["if"] == "steps.diff.outputs.status == '1'"
    assert "gh pr comment" in post["run"] and "--body-file journey-diff.md" in post["run"]


def pull_request(tmp_path: Path, text: str) -> Path:
    """A clone with origin/main and a branch that changes the journey, as actions/checkout leaves it."""
    origin = tmp_path / "origin"
    origin.mkdir(parents=True)
    git(origin, "init", "-q", "-b", "main")
    write(origin, "maps/shop.journey.yaml", BASE)
    commit(origin, "the map")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    git(clone, "checkout", "-q", "-b", "pr")
    write(clone, "maps/shop.journey.yaml", text)
    commit(clone, "the change")
    write(origin, "other.journey.yaml", BASE.replace("id: shop", "id: other"))  # main moves on: not part of the pull request
    commit(origin, "elsewhere")
    git(clone, "fetch", "-q", "origin")
    return clone


def run_step(clone: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess, str]:
    output = tmp_path / "github-output"
    output.write_text("")
    env = {**os.environ, "BASE_REF": "main", "GITHUB_OUTPUT": str(output), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "-e", "-c", DIFF_STEP["run"]], cwd=clone, env=env, capture_output=True, text=True, timeout=120)
    return result, output.read_text()


def test_the_diff_step_writes_the_comment(tmp_path):
    clone = pull_request(tmp_path, CHANGED)
    result, outputs = run_step(clone, tmp_path)
    assert result.returncode == 0, result.stderr
    assert outputs == "status=1\n"
    comment = (clone / "journey-diff.md").read_text(encoding="utf-8")
    assert comment.startswith("**journeyctl diff:** 1 stage added, 1 stage renamed,")
    assert "other.journey.yaml" not in comment  # only what the pull request changed


def test_the_diff_step_fails_the_job_on_errors_and_stays_quiet_without_changes(tmp_path):
    broken = pull_request(tmp_path / "a", BASE.replace("stage: purchase\n", "stage: purchas\n"))
    result, outputs = run_step(broken, tmp_path / "a")
    assert (result.returncode, outputs) == (1, "status=2\n")
    same = pull_request(tmp_path / "b", BASE.replace("title: Buying a rug", "title: 'Buying a rug'"))
    result, outputs = run_step(same, tmp_path / "b")
    assert (result.returncode, outputs) == (0, "status=0\n")
