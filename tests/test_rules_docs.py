"""Every rule documents itself, and its documented examples do what they say."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import ROOT
from lint_helpers import lint_text

from journeyctl.lint.explain import page
from journeyctl.lint.rules import RULES
from journeyctl.yaml_source import compose

IDS = [rule.name for rule in RULES]


def options_of(rule) -> dict:
    blocks = rule.examples("options")
    return dict(compose(blocks[0], "options")[0]) if blocks else {}


def test_codes_and_names_are_unique_and_well_formed():
    codes = [rule.code for rule in RULES]
    names = [rule.name for rule in RULES]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    assert codes == sorted(codes)
    for rule in RULES:
        assert rule.code[0] == "L" and rule.code[1:].isdigit() and len(rule.code) == 4
        assert rule.name == rule.name.lower() and " " not in rule.name
        assert rule.level in ("error", "warning", "info")


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_docstring_says_what_and_why_with_both_examples(rule):
    assert rule.summary.endswith(".")
    assert len(rule.doc.split("\n\n")) >= 3, "what it finds, then why it matters"
    assert len(rule.examples("passing")) == 1 and len(rule.examples("failing")) == 1


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_passing_example_passes(rule, tmp_path):
    assert lint_text(tmp_path, rule.examples("passing")[0], {rule.name: options_of(rule) or rule.level}) == []


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_failing_example_fails_with_this_rule(rule, tmp_path):
    found = lint_text(tmp_path, rule.examples("failing")[0], {rule.name: options_of(rule) or rule.level})
    assert found and {p.code for p in found} == {rule.code}
    assert all(p.level == rule.level and p.message and p.hint for p in found)


def test_rules_doc_is_up_to_date():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == page(), "run: python scripts/generate-rules-doc.py"


def test_generate_script_writes_the_page(tmp_path):
    target = tmp_path / "rules.md"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "generate-rules-doc.py"), str(target)], check=True)
    assert target.read_text(encoding="utf-8") == page()
