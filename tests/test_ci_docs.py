"""docs/ci.md: its snippets are valid YAML, and the journeyctl commands in them work as described."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import xml.etree.ElementTree as ET

import yaml
from helpers import EXAMPLES, ROOT, run, write

TEXT = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
BLOCKS = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", TEXT, re.DOTALL)]


def commands() -> list[str]:
    found = []
    workflow, gitlab = BLOCKS[0], BLOCKS[1]
    found += [step["run"] for step in workflow["jobs"]["lint"]["steps"] if "journeyctl validate" in step.get("run", "")]
    found += [line for line in gitlab["journeys"]["script"] if line.startswith("journeyctl")]
    return found


def test_snippets_parse_and_have_their_parts():
    workflow, gitlab, precommit = BLOCKS
    steps = workflow["jobs"]["lint"]["steps"]
    assert any(step.get("uses", "").startswith("github/codeql-action/upload-sarif") for step in steps)
    assert gitlab["journeys"]["artifacts"]["reports"]["junit"] == "journeyctl-junit.xml"
    hook_ids = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert {hook["id"] for hook in precommit["repos"][0]["hooks"]} <= hook_ids


def test_snippet_commands_run_on_the_examples(tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    ran = []
    for command in commands():
        words = shlex.split(command.split(" > ")[0])
        assert words[:2] == ["journeyctl", "validate"]
        result = run(*words[1:], cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
        assert result.returncode == 0, result.out + result.err
        ran.append((words, result.out))
    annotations, sarif, junit = (out for _, out in ran)
    assert annotations == "Checked 4 files: no problems.\n"  # github format: nothing to annotate
    assert json.loads(sarif)["runs"][0]["results"] == []
    assert ET.fromstring(junit).attrib["failures"] == "0"


def test_github_step_annotates_a_problem(tmp_path):
    write(tmp_path, "a.journey.yaml", "version: 1\nid: a\ntitle: A\nstages:\n  - {id: s, name: S}\n  - {id: t, name: T}\ntouchpoints:\n  - {id: x, name: X, stage: s}\n")
    result = run("validate", "--fail-on", "warning", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert result.out.startswith("::warning file=a.journey.yaml,line=6,col=10,endLine=6,endColumn=11,title=L002 empty-stage::")
