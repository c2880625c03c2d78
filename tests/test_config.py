"""Lint configuration: found upward, presets, levels and options, ignores, and its errors at line:col."""

from __future__ import annotations

import json
import time

import pytest
from helpers import run, where, write
from measure import peak_memory_mb
from lint_helpers import lint_records

from journeyctl.lint.config import glob_regex

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
"""
# gets-receipt: an orphan (L003, warning) and, once linked, a dead end.


def codes(records) -> list[tuple[str, str]]:
    return [(r["code"], r["level"]) for r in records]


def test_without_configuration_the_recommended_preset_applies(tmp_path):
    path = write(tmp_path, "maps/shop.journey.yaml", ORPHAN)
    assert codes(lint_records(str(path), cwd=tmp_path)[1]) == [("L003", "warning")]


def test_nearest_configuration_upward_wins(tmp_path):
    write(tmp_path, ".journeyctl.yaml", "rules:\n  orphan-touchpoint: error\n")
    write(tmp_path, "maps/team/.journeyctl.yml", "rules:\n  L003: info\n")
    top = write(tmp_path, "maps/shop.journey.yaml", ORPHAN)
    deep = write(tmp_path, "maps/team/deep/shop.journey.yaml", ORPHAN)
    code, records = lint_records(str(top), str(deep), cwd=tmp_path)
    assert code == 1
    assert [(r["path"], r["level"]) for r in records] == [("maps/shop.journey.yaml", "error"), ("maps/team/deep/shop.journey.yaml", "info")]


def test_pyproject_tool_table(tmp_path):
    write(tmp_path, "pyproject.toml", '[project]\nname = "maps"\n\n[tool.journeyctl]\nextends = "strict"\n\n[tool.journeyctl.rules]\nmissing-team = "off"\ndead-end = { level = "info" }\n')
    path = write(tmp_path, "shop.journey.yaml", ORPHAN)
    code, records = lint_records(str(path), cwd=tmp_path)
    assert codes(records) == [("L003", "error")]  # strict makes orphans errors
    assert code == 1


def test_pyproject_errors_point_at_the_key(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.journeyctl]\nextends = "strikt"\n\n[tool.journeyctl.rules]\nmissing-team = "offf"\n')
    path = write(tmp_path, "shop.journey.yaml", ORPHAN)
    code, records = lint_records(str(path), cwd=tmp_path)
    assert code == 2
    assert [(r["path"], r["line"], r["column"], r["code"]) for r in records if r["path"] == "pyproject.toml"] == [
        ("pyproject.toml", 2, 1, "C002"),
        ("pyproject.toml", 5, 1, "S004"),
    ]


def test_pyproject_without_the_table_is_passed_by(tmp_path):
    write(tmp_path, ".journeyctl.yaml", "rules:\n  orphan-touchpoint: error\n")
    write(tmp_path, "maps/pyproject.toml", '[project]\nname = "journeyctl-maps"\n')
    path = write(tmp_path, "maps/shop.journey.yaml", ORPHAN)
    assert codes(lint_records(str(path), cwd=tmp_path)[1]) == [("L003", "error")]


def test_options_and_levels_by_code_or_name(tmp_path):
    write(tmp_path, ".journeyctl.yaml", "extends: recommended\nrules:\n  L003: off\n  overloaded-stage:\n    max_touchpoints: 2\n")
    path = write(tmp_path, "shop.journey.yaml", ORPHAN)
    _, records = lint_records(str(path), cwd=tmp_path)
    assert where(records) == [(5, 9, "L014")]
    assert records[0]["message"] == 'the stage "purchase" has 3 touchpoints, more than 2'


def test_explicit_config_option(tmp_path):
    write(tmp_path, ".journeyctl.yaml", "rules:\n  orphan-touchpoint: error\n")
    write(tmp_path, "ci/lint.yaml", "rules:\n  orphan-touchpoint: off\n")
    path = write(tmp_path, "shop.journey.yaml", ORPHAN)
    assert lint_records("--config", "ci/lint.yaml", str(path), cwd=tmp_path) == (0, [])
    missing = run("validate", "--config", "nope.yaml", str(path), cwd=tmp_path)
    assert missing.returncode == 2 and missing.err == "journeyctl: --config nope.yaml: no such file\n"


def test_ignore_globs_skip_linting_not_validation(tmp_path):
    write(tmp_path, ".journeyctl.yaml", "ignore:\n  - drafts/\n  - '*.wip.journey.yaml'\n")
    write(tmp_path, "drafts/a/shop.journey.yaml", ORPHAN)
    write(tmp_path, "maps/shop.wip.journey.yaml", ORPHAN)
    write(tmp_path, "maps/shop.journey.yaml", ORPHAN)
    write(tmp_path, "drafts/broken.journey.yaml", ORPHAN.replace("version: 1", "version: 1\nchanel: web"))
    code, records = lint_records(".", cwd=tmp_path)
    assert [(r["path"], r["code"]) for r in records] == [("drafts/broken.journey.yaml", "S001"), ("maps/shop.journey.yaml", "L003")]
    assert code == 1


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("drafts/**", "drafts/a/b.journey.yaml", True),
        ("drafts/**", "maps/drafts/b.journey.yaml", False),
        ("**/drafts/*", "maps/drafts/b.journey.yaml", True),
        ("*.wip.journey.yaml", "a/b/c.wip.journey.yaml", True),
        ("maps/*.journey.yaml", "maps/x/y.journey.yaml", False),
        ("maps/?.journey.yaml", "maps/y.journey.yaml", True),
        ("./old/", "old/x.journey.yaml", True),
    ],
)
def test_glob_patterns(pattern, path, matches):
    assert bool(glob_regex(pattern).fullmatch(path)) is matches


BAD = """\
extends: strikt
ignore: drafts
rules:
  missing-tema: off
  L014:
    level: warnin
    max_touchpoints: zero
    colour: red
  missing-stage:
    model: clasic
  dead-end: [1]
severity: high
"""


def test_configuration_errors_at_line_and_column(tmp_path):
    write(tmp_path, ".journeyctl.yaml", BAD)
    path = write(tmp_path, "shop.journey.yaml", ORPHAN)
    code, records = lint_records(str(path), cwd=tmp_path)
    assert code == 2
    config = [r for r in records if r["path"] == ".journeyctl.yaml"]
    assert where(config) == [
        (1, 10, "C002"),  # strikt
        (2, 9, "S003"),  # ignore is not a list
        (4, 3, "C001"),  # missing-tema
        (6, 12, "S004"),  # warnin
        (7, 22, "S003"),  # zero: should be a whole number
        (8, 5, "S001"),  # colour
        (10, 12, "S004"),  # clasic
        (11, 13, "S003"),  # [1]
        (12, 1, "S001"),  # severity
    ]
    hints = {r["line"]: r["hint"] for r in config}
    assert hints[1] == 'Did you mean "strict"?'
    assert hints[4] == 'Did you mean "missing-team"?'
    assert hints[6] == 'Did you mean "warning"?'
    assert hints[10] == 'Did you mean "classic"?'
    messages = {r["line"]: r["message"] for r in config}
    assert messages[8] == 'unknown key "colour" in the rule "overloaded-stage"'
    assert messages[12] == 'unknown key "severity" in the configuration'
    # What could be read still applies: the journey is linted with the rest.
    assert [r["code"] for r in records if r["path"] == "shop.journey.yaml"] == ["L003"]


def test_configuration_yaml_syntax_error(tmp_path):
    write(tmp_path, ".journeyctl.yaml", "rules:\n  dead-end: [off\n")
    path = write(tmp_path, "shop.journey.yaml", ORPHAN)
    result = run("validate", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert result.out.startswith(".journeyctl.yaml:3:1: error Y004 YAML syntax error")


def test_empty_configuration_means_recommended(tmp_path):
    write(tmp_path, ".journeyctl.yaml", "# nothing yet\n")
    path = write(tmp_path, "shop.journey.yaml", ORPHAN)
    assert codes(lint_records(str(path), cwd=tmp_path)[1]) == [("L003", "warning")]


def test_presets_are_valid_and_strict_is_stricter():
    from journeyctl.lint.config import _preset
    from journeyctl.lint.registry import BY_CODE

    recommended, strict = _preset("recommended"), _preset("strict")
    assert set(recommended) == set(BY_CODE), "recommended names every rule"
    rank = {"off": -1, "info": 0, "warning": 1, "error": 2}
    for code, (level, _) in recommended.items():
        assert rank[strict[code][0]] >= rank[level]
        BY_CODE[code].options.model_validate(strict[code][1])


def config_records(tmp_path, name: str, text: str) -> tuple[int, list[dict]]:
    write(tmp_path, name, text)
    path = write(tmp_path, "shop.journey.yaml", ORPHAN)
    code, records = lint_records(str(path), cwd=tmp_path)
    return code, [r for r in records if r["path"] == name]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Each option talks about its own range, not the emotion scale's.
        ("rules:\n  overloaded-stage:\n    max_touchpoints: -5\n", (3, 22, "S004", '"max_touchpoints" must be at least 1; found "-5"')),
        ("rules:\n  missing-stage:\n    auto_max_missing: 9\n", (3, 23, "S004", '"auto_max_missing" must be at most 3; found "9"')),
        ("rules:\n  missing-emotion:\n    min_share: 1.5\n", (3, 16, "S004", '"min_share" must be at most 1; found "1.5"')),
        # A value that fits neither form of a key says what would fit.
        ("extends: {a: b}\n", (1, 10, "S003", '"extends" should be text or a list, not a mapping')),
        # A 5,000-digit number is too long, in plain words.
        ("rules:\n  overloaded-stage:\n    max_touchpoints: " + "9" * 5000 + "\n", (3, 22, "S003", '"max_touchpoints": the number is too long')),
    ],
)
def test_configuration_messages_in_plain_words(tmp_path, text, expected):
    code, records = config_records(tmp_path, ".journeyctl.yaml", text)
    assert code == 2
    assert [(r["line"], r["column"], r["code"], r["message"]) for r in records] == [expected]
    assert "sys." not in records[0]["message"] and "list[str]" not in records[0]["message"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A slip in the header: a TOML syntax error where it is, not a table passed by.
        ('[project]\nname = "maps"\n\n[tool.journeyctl\nextends = "strict"\n', (4, 17, "Y004")),
        # A table whose name is a slip for journeyctl's.
        ('[project]\nname = "maps"\n\n[tool.journeyct]\nextends = "strict"\n', (4, 7, "C003")),
        ('[tool.journeyctll.rules]\nmissing-team = "off"\n', (1, 7, "C003")),
        # tool is not a table: exit 2 with a message, not an internal error.
        ('tool = "journeyctl"\n', (1, 1, "S003")),
        ('tool = 1\n[project]\nname = "journeyctl-maps"\n', (1, 1, "S003")),
    ],
)
def test_pyproject_slips_are_reported(tmp_path, text, expected):
    code, records = config_records(tmp_path, "pyproject.toml", text)
    assert code == 2
    assert where(records) == [expected], records


def test_pyproject_of_other_tools_is_passed_by(tmp_path):
    write(tmp_path, ".journeyctl.yaml", "rules:\n  orphan-touchpoint: error\n")
    write(tmp_path, "maps/pyproject.toml", 'tool = 1\n[project]\nname = "maps"\n[tool.ruff]\nline-length = 99\n')
    path = write(tmp_path, "maps/shop.journey.yaml", ORPHAN)
    assert codes(lint_records(str(path), cwd=tmp_path)[1]) == [("L003", "error")]


def test_huge_pyproject_is_not_read_whole(tmp_path):
    """A configuration file gets the size cap of journeys: a 600 MB pyproject.toml (sparse on
    disk) is refused quickly, in bounded memory."""
    pyproject = tmp_path / "pyproject.toml"
    with open(pyproject, "wb") as handle:
        handle.write(b'[tool.journeyctl]\nextends = "strict"\n#')
        handle.truncate(600 * 1024 * 1024)
    path = write(tmp_path, "shop.journey.yaml", ORPHAN)
    started = time.monotonic()
    done, peak = peak_memory_mb("validate", "--format", "json", str(path), cwd=tmp_path)
    assert time.monotonic() - started < 15
    assert peak < 200, f"{peak:.0f} MB"
    records = [r for r in json.loads(done.stdout)["problems"] if r["path"] == "pyproject.toml"]
    assert (done.returncode, where(records)) == (2, [(1, 1, "Y002")])
