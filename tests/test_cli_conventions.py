"""What users expect from ruff and yamllint: --quiet, --exit-zero, concise, --statistics, colour rules, words in help."""

from __future__ import annotations

import pytest
from helpers import EXAMPLES, run, write

MAP = """\
version: 1
id: shop
title: Shop
stages:
  - id: s
    name: S
    chanel: web
  - id: t
    name: T
touchpoints:
  - id: x
    name: X
    stage: s
"""
WARNED = "version: 1\nid: w\ntitle: W\nstages:\n  - {id: s, name: S}\n  - {id: t, name: T}\ntouchpoints:\n  - {id: x, name: X, stage: s}\n"


def folder(tmp_path):
    write(tmp_path, "shop.journey.yaml", MAP)
    write(tmp_path, "w.journey.yaml", WARNED)
    return tmp_path


def test_concise_is_one_line_per_problem(tmp_path):
    result = run("validate", "--format", "concise", ".", cwd=folder(tmp_path))
    assert result.returncode == 1
    assert result.out.splitlines() == [
        'shop.journey.yaml:7:5: S001 unknown key "chanel" in the stage "s"',
        'w.journey.yaml:6:10: L002 the stage "t" has no touchpoints',
        "Checked 2 files: 1 error, 1 warning in 2 files.",
    ]


def test_quiet_shows_only_the_problems(tmp_path):
    folder(tmp_path)
    concise = run("validate", "-q", "--format", "concise", ".", cwd=tmp_path)
    assert concise.out.splitlines() == ['shop.journey.yaml:7:5: S001 unknown key "chanel" in the stage "s"', 'w.journey.yaml:6:10: L002 the stage "t" has no touchpoints']
    text = run("validate", "--quiet", ".", cwd=tmp_path)
    assert text.returncode == 1
    assert "Checked" not in text.out and text.out.startswith("shop.journey.yaml:7:5: error S001") and not text.out.endswith("\n\n")
    clean = run("validate", "--quiet", str(EXAMPLES))
    assert (clean.returncode, clean.out, clean.err) == (0, "", "")


def test_exit_zero_keeps_usage_errors(tmp_path):
    folder(tmp_path)
    assert run("validate", "--exit-zero", ".", cwd=tmp_path).returncode == 0
    assert run("validate", "--exit-zero", "--fail-on", "warning", "w.journey.yaml", cwd=tmp_path).returncode == 0
    assert run("validate", "--exit-zero", ".", "missing.journey.yaml", cwd=tmp_path).returncode == 2


def test_statistics_counts_per_code(tmp_path):
    folder(tmp_path)
    write(tmp_path, "w2.journey.yaml", WARNED.replace("id: w\n", "id: w2\n"))
    result = run("validate", "--statistics", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.out.splitlines() == ["2  L002  warning  empty-stage", "1  S001  error    unknown-key", "Checked 3 files: 1 error, 2 warnings in 3 files."]
    under_actions = run("validate", "--statistics", ".", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert under_actions.out == result.out  # the github default gives way to the counts asked for
    refused = run("validate", "--statistics", "--format", "json", ".", cwd=tmp_path)
    assert refused.returncode == 2 and "--statistics" in refused.err and refused.out == ""


@pytest.mark.parametrize(
    ("env", "flag", "coloured"),
    [
        ({}, "auto", False),  # not a terminal
        ({"FORCE_COLOR": "1"}, "auto", True),
        ({"FORCE_COLOR": "0"}, "auto", False),
        ({"FORCE_COLOR": "false"}, "auto", False),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, "auto", False),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, "never", False),
        ({"NO_COLOR": "1"}, "always", True),
        ({"FORCE_COLOR": "1"}, "never", False),
    ],
)
def test_colour_rules(tmp_path, env, flag, coloured):
    folder(tmp_path)
    result = run("validate", "--color", flag, "shop.journey.yaml", cwd=tmp_path, env=env)
    assert ("\x1b[" in result.out) is coloured


@pytest.mark.parametrize("command", ["validate", "render", "schema", "rules"])
def test_help_shows_words_not_type_names(command):
    result = run(command, "--help", env={"COLUMNS": "200"})
    assert result.returncode == 0
    for type_name in ("<list[str]>", "<float range>", "<bool>", "<str>", "<path>", "<int>", "<float>"):
        assert type_name not in result.out, type_name


def test_help_names_the_values_in_words():
    validate = run("validate", "--help", env={"COLUMNS": "200"}).out
    render = run("render", "--help", env={"COLUMNS": "200"}).out
    assert "PATH..." in validate and "FILE" in validate and "--jobs" in validate
    assert "SECONDS" in render and "ID" in render and "FOLDER" in render


@pytest.mark.parametrize(("word", "suggestion"), [("orphan", "orphan-touchpoint"), ("orphan-touchpiont", "orphan-touchpoint"), ("loop", "endless-loop")])
def test_rules_suggests_the_rule_a_word_starts(word, suggestion):
    result = run("rules", word)
    assert result.returncode == 2
    assert result.err == f'journeyctl: there is no lint rule "{word}". Did you mean "{suggestion}"?\n'


def test_rules_lists_several_matches():
    result = run("rules", "unreach")
    assert result.err == 'journeyctl: there is no lint rule "unreach". Did you mean one of: unreachable-stage, unreachable-touchpoint?\n'


@pytest.mark.parametrize(
    ("args", "warning"),
    [
        (["-o", "notes.txt"], "journeyctl: warning: notes.txt will hold an SVG drawing, which its name (.txt) does not say; name it notes.svg, or choose the format with --format\n"),
        (["--format", "dot", "-o", "x.svg"], "journeyctl: warning: x.svg will hold Graphviz DOT source, which its name (.svg) does not say; name it x.dot, or leave out --format dot to write what the name says\n"),
    ],
)
def test_render_warns_when_the_name_says_another_format(tmp_path, args, warning):
    result = run("render", str(EXAMPLES / "switch-mobile-plan.journey.yaml"), *args, cwd=tmp_path)
    assert result.returncode == 0, result.err
    assert warning in result.err
    assert (tmp_path / args[-1]).exists()


@pytest.mark.parametrize("args", [["-o", "map.svg"], ["--format", "dot", "-o", "map.gv"], ["-o", "map"], ["--format", "dot", "-o", "-"]])
def test_render_says_nothing_when_the_name_fits(tmp_path, args):
    result = run("render", str(EXAMPLES / "switch-mobile-plan.journey.yaml"), *args, cwd=tmp_path)
    assert result.returncode == 0, result.err
    assert "warning" not in result.err
