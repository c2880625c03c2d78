"""`journeyctl validate` runs the linter: through the real command, on real files."""

from __future__ import annotations

import json

from helpers import EXAMPLES, run, where, write
from lint_helpers import lint_records

MISSING_PURCHASE = """\
version: 1
id: shop
title: Buying a lamp
stages:
  - id: awareness
    name: Awareness
  - id: consideration
    name: Consideration
  - id: post-purchase
    name: Post-purchase
touchpoints:
  - {id: sees-ad, name: Sees an ad, stage: awareness}
  - {id: compares, name: Compares lamps, stage: consideration}
  - {id: gets-lamp, name: Gets the lamp, stage: post-purchase}
"""

ORPHAN = """\
version: 1
id: shop
title: Buying a lamp
stages:
  - id: purchase
    name: Purchase
touchpoints:
  - id: adds-to-basket
    name: Adds to basket
    stage: purchase
    next: [pays]
  - id: pays
    name: Pays
    stage: purchase
    end: true
  - id: gets-receipt
    name: Gets a receipt
    stage: purchase
    end: true
"""


def test_examples_lint_clean_under_recommended():
    result = run("validate", "--fail-on", "info", str(EXAMPLES))
    assert result.returncode == 0, result.out
    assert result.out.endswith("no problems.\n")


def test_a_journey_missing_a_stage_is_caught_at_the_right_line(tmp_path):
    path = write(tmp_path, "shop.journey.yaml", MISSING_PURCHASE)
    code, records = lint_records(str(path))
    assert code == 0  # a warning does not fail the run by default
    assert where(records) == [(9, 9, "L001")]
    assert records[0]["name"] == "missing-stage" and records[0]["level"] == "warning"
    assert records[0]["message"] == 'the journey has no "purchase" stage (stage model classic: awareness → consideration → purchase → post-purchase)'


def test_a_journey_with_an_orphan_touchpoint_is_caught_at_the_right_line(tmp_path):
    path = write(tmp_path, "shop.journey.yaml", ORPHAN)
    result = run("validate", str(path))
    assert result.out.startswith(
        f"{path}:16:9: warning L003 the touchpoint \"gets-receipt\" is cut off: no step leads to it and it leads nowhere\n"
        "   |\n"
        "16 |   - id: gets-receipt\n"
        "   |         ^^^^^^^^^^^^\n"
    )
    assert result.out.endswith("Checked 1 file: 1 warning in 1 file.\n")


def test_fail_on_sets_the_exit_code(tmp_path):
    path = write(tmp_path, "shop.journey.yaml", ORPHAN)
    assert run("validate", str(path)).returncode == 0
    assert run("validate", "--fail-on", "warning", str(path)).returncode == 1
    assert run("validate", "--fail-on", "info", str(path)).returncode == 1
    write(tmp_path, ".journeyctl.yaml", "rules:\n  orphan-touchpoint: error\n")
    assert run("validate", str(path)).returncode == 1
    write(tmp_path, ".journeyctl.yaml", "rules:\n  orphan-touchpoint: info\n")
    assert run("validate", "--fail-on", "warning", str(path)).returncode == 0
    assert run("validate", "--fail-on", "info", str(path)).returncode == 1


def test_bad_fail_on_is_a_usage_error(tmp_path):
    result = run("validate", "--fail-on", "sometimes", str(tmp_path))
    assert result.returncode == 2
    assert "sometimes" in result.err


def test_invalid_files_are_not_linted(tmp_path):
    path = write(tmp_path, "shop.journey.yaml", ORPHAN.replace("    end: true\n", "    end: maybe\n", 1))
    code, records = lint_records(str(path))
    assert code == 1
    assert [r["code"] for r in records] == ["S003"]


def test_linting_reads_standard_input(tmp_path):
    code, records = lint_records("-", input=ORPHAN, cwd=tmp_path)
    assert where(records) == [(16, 9, "L003")] and records[0]["path"] == "<stdin>"


def test_rules_lists_and_explains():
    listing = run("rules")
    assert listing.returncode == 0
    lines = listing.out.splitlines()
    assert lines[0].split() == ["code", "name", "default", "recommended", "what", "it", "finds"]
    assert any(line.split()[:4] == ["L003", "orphan-touchpoint", "warning", "warning"] for line in lines)
    one = run("rules", "orphan-touchpoint")
    assert one.returncode == 0
    assert one.out.startswith("L003 orphan-touchpoint\nDefault level: warning (recommended: warning, strict: error)\n")
    assert "Failing example:" in one.out and "Passing example:" in one.out
    assert run("rules", "l003").out == one.out
    options = run("rules", "L014").out
    assert "max_touchpoints (whole number; default 20): The most touchpoints a stage may hold." in options


def test_rules_unknown_rule_suggests(tmp_path):
    result = run("rules", "orphan-touchpont")
    assert result.returncode == 2
    assert result.err == 'journeyctl: there is no lint rule "orphan-touchpont". Did you mean "orphan-touchpoint"?\n'


def test_json_report_carries_lint_problems_and_summary(tmp_path):
    path = write(tmp_path, "shop.journey.yaml", ORPHAN)
    result = run("validate", "--format", "json", "--fail-on", "warning", str(path))
    document = json.loads(result.out)
    assert document["summary"]["warnings"] == 1 and document["summary"]["exit_code"] == 1
    assert document["files"] == [{"path": str(path), "kind": "journey", "valid": True}]
