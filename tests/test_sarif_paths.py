"""SARIF and GitHub annotation paths are relative to the repository root, wherever journeyctl runs."""

from __future__ import annotations

import json

import jsonschema
from helpers import ROOT, run, write

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
BROKEN = "version: 1\nid: broken\ntitle: Broken\nstages:\n  - id: s\n    name: S\n    chanel: web\n"


def repository(tmp_path):
    (tmp_path / ".git").mkdir(parents=True)
    write(tmp_path, "journeys/retail/broken.journey.yaml", BROKEN)
    return tmp_path


def sarif(*args, cwd):
    result = run("validate", "--format", "sarif", *args, cwd=cwd)
    assert result.returncode == 1, result.err
    log = json.loads(result.out)
    jsonschema.validate(log, SCHEMA)
    return log["runs"][0]


def locations(run_):
    return [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run_["results"]]


def test_from_a_subfolder_with_relative_and_absolute_paths_the_uri_is_from_the_root(tmp_path):
    root = repository(tmp_path)
    expected = {"uri": "journeys/retail/broken.journey.yaml", "uriBaseId": "SRCROOT"}
    for cwd, arg in [(root, "journeys"), (root / "journeys", "retail"), (root / "journeys" / "retail", "broken.journey.yaml"), (root / "journeys", str(root / "journeys"))]:
        run_ = sarif(arg, cwd=cwd)
        assert locations(run_) == [expected], (cwd, arg)
        assert run_["artifacts"] == [{"location": expected}]
        base = run_["originalUriBaseIds"]["SRCROOT"]["uri"]
        assert base == root.resolve().as_uri() + "/"


def test_a_worktree_or_submodule_git_file_marks_the_root_too(tmp_path):
    root = tmp_path / "repo"
    write(root, ".git", "gitdir: ../elsewhere\n")
    write(root, "maps/broken.journey.yaml", BROKEN)
    assert locations(sarif("broken.journey.yaml", cwd=root / "maps")) == [{"uri": "maps/broken.journey.yaml", "uriBaseId": "SRCROOT"}]


def test_without_git_the_working_folder_is_the_root(tmp_path):
    write(tmp_path, "maps/broken.journey.yaml", BROKEN)
    run_ = sarif("maps", cwd=tmp_path)
    assert locations(run_) == [{"uri": "maps/broken.journey.yaml", "uriBaseId": "SRCROOT"}]
    assert run_["originalUriBaseIds"]["SRCROOT"]["uri"] == tmp_path.resolve().as_uri() + "/"


def test_a_file_outside_the_repository_gets_an_absolute_uri_and_no_base(tmp_path):
    root = repository(tmp_path / "repo")
    outside = write(tmp_path, "elsewhere/other.journey.yaml", BROKEN)
    run_ = sarif(str(outside), cwd=root)
    assert locations(run_) == [{"uri": outside.resolve().as_uri()}]


def test_uris_are_percent_encoded(tmp_path):
    root = repository(tmp_path)
    write(root, "journeys/a b#1.journey.yaml", BROKEN)
    uris = [loc["uri"] for loc in locations(sarif(".", cwd=root / "journeys"))]
    assert uris == ["journeys/a%20b%231.journey.yaml", "journeys/retail/broken.journey.yaml"]


def test_rules_carry_no_relative_help_uri(tmp_path):
    """helpUri and informationUri must be absolute URIs; journeyctl has no public address, so neither is written."""
    run_ = sarif("journeys", cwd=repository(tmp_path))
    driver = run_["tool"]["driver"]
    assert "informationUri" not in driver
    assert all("helpUri" not in rule for rule in driver["rules"])
    assert all(rule["help"]["text"] for rule in driver["rules"])


def test_github_annotations_use_the_path_from_the_root(tmp_path):
    root = repository(tmp_path)
    for cwd, arg in [(root / "journeys" / "retail", "."), (root / "journeys", str(root / "journeys"))]:
        result = run("validate", "--format", "github", arg, cwd=cwd)
        assert result.out.startswith("::error file=journeys/retail/broken.journey.yaml,line=7,col=5,"), result.out
