"""The CI formats: GitHub annotations, SARIF 2.1.0 (checked against the official schema), JUnit XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
from helpers import ROOT, run, write

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

MAP = """\
version: 1
id: shop
title: Buying a lamp
stages:
  - id: purchase
    name: Purchase
touchpoints:
  - id: pays
    name: Pays, at last
    stage: purchase
    next: [gets-receipt, pays-again]
  - id: gets-receipt
    name: Gets a receipt
    stage: purchase
    end: true
  - id: pays-again
    name: Pays again
    stage: purchase
    next: [retries]
  - id: retries
    name: Retries
    stage: purchase
    next: [pays-again]
  - id: lost
    name: Lost
    stage: purchase
    end: true
"""
# pays-again/retries: an endless loop (error, line 16); lost: an orphan (warning, line 24).
BROKEN = "version: 1\nid: broken\ntitle: Broken\nstages:\n  - id: s\n    name: S\n    chanel: web\n"


def files(tmp_path):
    write(tmp_path, "maps/shop.journey.yaml", MAP)
    write(tmp_path, "maps/broken.journey.yaml", BROKEN)
    return tmp_path


def test_github_annotation_lines(tmp_path):
    result = run("validate", "--format", "github", "maps", cwd=files(tmp_path))
    assert result.returncode == 1
    assert result.out.splitlines() == [
        '::error file=maps/broken.journey.yaml,line=7,col=5,endLine=7,endColumn=11,title=S001 unknown-key::unknown key "chanel" in the stage "s"%0AHint: Known keys here: id, name, description, goal, expectations, time, kpis.',
        "::error file=maps/shop.journey.yaml,line=16,col=9,endLine=16,endColumn=19,title=L013 endless-loop::these touchpoints lead only to each other, with no way out: pays-again → retries → pays-again%0AHint: Add the step that leaves the loop, or mark the touchpoint where customers give up \"end: true\".",
        "::warning file=maps/shop.journey.yaml,line=24,col=9,endLine=24,endColumn=13,title=L003 orphan-touchpoint::the touchpoint \"lost\" is cut off: no step leads to it and it leads nowhere%0AHint: Add it to the next steps of the touchpoint before it, or make it the journey's entry (entry: lost).",
        "Checked 2 files: 2 errors, 1 warning in 2 files.",
    ]


def test_github_format_is_the_default_under_github_actions(tmp_path):
    files(tmp_path)
    result = run("validate", "maps", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert result.out.startswith("::error file=maps/broken.journey.yaml,line=7,col=5,")
    assert run("validate", "--format", "text", "maps", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"}).out.startswith("maps/broken.journey.yaml:7:5: error S001")


def test_github_escapes_percent_newlines_and_property_separators(tmp_path):
    import journeyctl.lint.registry  # noqa: F401 - registers the rule names
    from journeyctl.problems import Problem, Span
    from journeyctl.reporters.github import annotation

    problem = Problem("a,b:c%.journey.yaml", Span(1, 2, 1, 3), "L003", "100% sure\nreally", "info", "one\rtwo")
    # A newline or CR inside a message comes from a file: shown as an escape, never a line of its own.
    assert annotation(problem) == "::notice file=a%2Cb%3Ac%25.journey.yaml,line=1,col=2,endLine=1,endColumn=3,title=L003 orphan-touchpoint::100%25 sure\\nreally%0AHint: one\\rtwo"


def test_sarif_is_valid_against_the_official_schema(tmp_path):
    result = run("validate", "--format", "sarif", "maps", cwd=files(tmp_path))
    assert result.returncode == 1
    log = json.loads(result.out)
    jsonschema.validate(log, SCHEMA)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["L003"]["name"] == "orphan-touchpoint"
    assert by_id["L003"]["defaultConfiguration"] == {"level": "warning"}
    assert "*Failing example:*" in by_id["L003"]["help"]["markdown"]
    assert by_id["S001"]["shortDescription"]["text"].startswith("A key the format does not know")
    results = [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run_["results"]]
    assert results == [("S001", "error", "maps/broken.journey.yaml", 7), ("L013", "error", "maps/shop.journey.yaml", 16), ("L003", "warning", "maps/shop.journey.yaml", 24)]
    for result_ in run_["results"]:
        assert rules[result_["ruleIndex"]]["id"] == result_["ruleId"]


def test_sarif_is_byte_identical_across_runs_and_records_usage_errors(tmp_path):
    files(tmp_path)
    first = run("validate", "--format", "sarif", "maps", "missing.journey.yaml", cwd=tmp_path)
    second = run("validate", "--format", "sarif", "maps", "missing.journey.yaml", cwd=tmp_path)
    assert first.out == second.out and first.returncode == 2
    log = json.loads(first.out)
    jsonschema.validate(log, SCHEMA)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == "missing.journey.yaml: no such file or folder"


def test_junit_xml(tmp_path):
    files(tmp_path)
    result = run("validate", "--format", "junit", "maps", cwd=tmp_path)
    assert result.returncode == 1
    assert result.out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    root = ET.fromstring(result.out)
    assert root.tag == "testsuites" and root.attrib["tests"] == "2" and root.attrib["failures"] == "2"
    cases = {case.attrib["name"]: case for case in root.iter("testcase")}
    assert set(cases) == {"maps/broken.journey.yaml", "maps/shop.journey.yaml"}
    shop = cases["maps/shop.journey.yaml"]
    failure = shop.find("failure")
    assert failure.attrib["type"] == "L013"
    assert failure.text == "maps/shop.journey.yaml:16:9: error L013 endless-loop: these touchpoints lead only to each other, with no way out: pays-again → retries → pays-again (hint: Add the step that leaves the loop, or mark the touchpoint where customers give up \"end: true\".)"
    assert shop.find("system-out").text.startswith("maps/shop.journey.yaml:24:9: warning L003 orphan-touchpoint: ")


def test_junit_fail_on_warning_moves_warnings_into_the_failure(tmp_path):
    files(tmp_path)
    root = ET.fromstring(run("validate", "--format", "junit", "--fail-on", "warning", "maps/shop.journey.yaml", cwd=tmp_path).out)
    case = root.find("testsuite/testcase")
    assert case.find("system-out") is None
    assert case.find("failure").attrib["message"] == "2 problems; first: L013 these touchpoints lead only to each other, with no way out: pays-again → retries → pays-again"


def test_junit_clean_run_and_usage_error(tmp_path):
    write(tmp_path, "ok.journey.yaml", "version: 1\nid: ok\ntitle: OK\nstages:\n  - {id: s, name: S}\ntouchpoints:\n  - {id: t, name: T, stage: s}\n")
    result = run("validate", "--format", "junit", "ok.journey.yaml", "gone.journey.yaml", cwd=tmp_path)
    root = ET.fromstring(result.out)
    assert (root.attrib["tests"], root.attrib["failures"], root.attrib["errors"]) == ("2", "0", "1")
    assert root.find("testsuite/testcase/failure") is None
    assert root.find("testsuite/testcase/error").attrib["message"] == "gone.journey.yaml: no such file or folder"


def test_format_choices_come_from_the_reporter_registry(tmp_path):
    from journeyctl.reporters import REPORTERS

    result = run("validate", "--format", "xml", str(tmp_path))
    assert result.returncode == 2
    assert all(f"'{name}'" in result.err for name in REPORTERS)
    assert set(REPORTERS) >= {"text", "json", "github", "sarif", "junit"}
