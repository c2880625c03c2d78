"""Text from a file never reaches the terminal raw: control and bidi characters show as escapes.

A key, a value or a file name can hold ESC (colours, clearing the screen), BEL, CR
(overwriting a line) or a bidi override (U+202E, the "Trojan Source" trick). Every
output format shows them as ``\\x1b`` or ``\\u202e``; ids with them are invalid.
"""

from __future__ import annotations

import json
import os

import pytest
from helpers import run, write

FORMATS = ["text", "concise", "json", "github", "sarif", "junit"]
# A key with ESC and BEL (quoted YAML escapes: the file itself is printable) and a raw U+202E.
KEYS = 'version: 1\nid: shop\ntitle: Shop\nstages:\n  - id: s\n    name: S\n    "ch\\e[2J\\aanel\\r": web\n    ex\u202etra: 1\n'
# Raw ESC in the file: YAML refuses it, and the quoted line must not carry it.
RAW = b'version: 1\nid: raw\ntitle: "Red \x1b[31m alert"\nstages: []\n'
UNSAFE = ["\x1b", "\x07", "\r", "\u202e"]


def assert_clean(text: str) -> None:
    for char in UNSAFE:
        assert char not in text, f"{char!r} reached the output"


@pytest.mark.parametrize("output_format", FORMATS)
def test_unsafe_characters_in_keys_are_escaped_in_every_format(tmp_path, output_format):
    write(tmp_path, "shop.journey.yaml", KEYS)
    result = run("validate", "--format", output_format, "shop.journey.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert_clean(result.stdout.decode())
    assert_clean(result.stderr.decode())
    shown = json.loads(result.out) if output_format in ("json", "sarif") else None
    text = json.dumps(shown, ensure_ascii=False) if shown else result.out
    assert 'ch\\x1b[2J\\x07anel\\r' in text.replace("\\\\", "\\")
    assert "ex\\u202etra" in text.replace("\\\\", "\\")


def test_the_quoted_source_line_is_escaped_and_the_caret_still_points_at_it(tmp_path):
    write(tmp_path, "raw.journey.yaml", RAW)
    result = run("validate", "raw.journey.yaml", cwd=tmp_path)
    assert_clean(result.out)
    lines = result.out.splitlines()
    assert lines[0] == "raw.journey.yaml:3:13: error Y004 the character U+001B is not allowed in YAML"
    assert lines[2] == '3 | title: "Red \\x1b[31m alert"'
    assert lines[3] == "  |             ^^^^"  # under the four characters of \x1b


def test_colour_output_escapes_too(tmp_path):
    write(tmp_path, "shop.journey.yaml", KEYS)
    result = run("validate", "--color", "always", "shop.journey.yaml", cwd=tmp_path)
    assert "\x1b[" in result.out  # journeyctl's own colours
    assert "\x1b[2J" not in result.out and "\x07" not in result.out and "\u202e" not in result.out
    assert "\\x1b[2J" in result.out


def test_unsafe_file_names_are_escaped(tmp_path):
    write(tmp_path, "evil\x1b]0;title\x07\u202e.journey.yaml", "version: 1\nid: e\ntitle: E\nstages:\n  - id: s\n    name: S\n    chanel: web\n")
    for output_format in ("text", "concise", "github", "junit"):
        result = run("validate", "--format", output_format, ".", cwd=tmp_path)
        assert result.returncode == 1
        assert_clean(result.out)
        assert "evil\\x1b]0;title\\x07\\u202e.journey.yaml" in result.out


def test_a_missing_path_with_control_characters_is_escaped_on_stderr(tmp_path):
    result = run("validate", "gone\x1b[2J.journey.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "\x1b" not in result.err
    assert "journeyctl: gone\\x1b[2J.journey.yaml: no such file or folder" in result.err


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200f"])
def test_bidi_characters_in_ids_are_a_validation_problem(tmp_path, char):
    text = f'version: 1\nid: shop\ntitle: Shop\nstages:\n  - id: "pay{char}ment"\n    name: Payment\ntouchpoints:\n  - id: pays\n    name: Pays\n    stage: "pay{char}ment"\n'
    write(tmp_path, "shop.journey.yaml", text)
    result = run("validate", "--format", "json", "shop.journey.yaml", cwd=tmp_path)
    assert result.returncode == 1
    escaped = f"\\u{ord(char):04x}"
    problems = [(p["line"], p["code"]) for p in json.loads(result.out)["problems"]]
    assert (5, "S004") in problems
    messages = [p["message"] for p in json.loads(result.out)["problems"]]
    assert any(f"pay{escaped}ment" in message for message in messages)
    assert all(char not in message for message in messages)


def test_rules_escapes_an_unknown_rule_name():
    result = run("rules", "orphan\x1b[2J")
    assert result.returncode == 2
    assert "\x1b" not in result.err and "orphan\\x1b[2J" in result.err


def test_render_messages_are_escaped_too(tmp_path):
    result = run("render", "gone\x1b[2J\u202e.journey.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "\x1b" not in result.err and "\u202e" not in result.err
    assert "journeyctl: gone\\x1b[2J\\u202e.journey.yaml: no such file or folder" in result.err


def test_a_skipped_file_with_control_characters_is_noticed_escaped(tmp_path):
    os.mkfifo(tmp_path / "pipe\x1b[2J.journey.yaml")
    result = run("validate", ".", cwd=tmp_path)
    assert "\x1b[2J" not in result.err
    assert "pipe\\x1b[2J.journey.yaml" in result.err
