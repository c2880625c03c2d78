"""journeyctl fmt through the real command: files, --check, --diff, standard input, errors, the hook."""

from __future__ import annotations

import shutil

from helpers import EXAMPLES, run, write
from test_precommit_hooks import BY_ID, run_hook

from journeyctl.checker import check

UNORDERED = """\
# yaml-language-server: $schema=../schema/journey.schema.json
title: Shop   # what we call it
id: shop
version: 1
stages:
- name: Awareness
  id: awareness
touchpoints:
- name: Sees an ad
  id: sees-ad
  stage: awareness
"""

ORDERED = """\
# yaml-language-server: $schema=../schema/journey.schema.json
version: 1
id: shop
title: Shop   # what we call it
stages:
  - id: awareness
    name: Awareness
touchpoints:
  - id: sees-ad
    name: Sees an ad
    stage: awareness
"""


def test_fmt_rewrites_a_file_and_says_which(tmp_path):
    path = write(tmp_path, "shop.journey.yaml", UNORDERED)
    result = run("fmt", "shop.journey.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.err
    assert result.out == "shop.journey.yaml\n"
    assert result.err == "1 file formatted.\n"
    assert path.read_text() == ORDERED
    again = run("fmt", "shop.journey.yaml", cwd=tmp_path)
    assert (again.returncode, again.out, again.err) == (0, "", "0 files formatted, 1 already formatted.\n")


def test_check_lists_the_files_that_would_change_and_writes_nothing(tmp_path):
    write(tmp_path, "a.journey.yaml", UNORDERED)
    write(tmp_path, "b.journey.yaml", ORDERED)
    result = run("fmt", "--check", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.out == "a.journey.yaml\n"
    assert result.err == "1 file would be formatted, 1 already formatted.\n"
    assert (tmp_path / "a.journey.yaml").read_text() == UNORDERED
    clean = run("fmt", "--check", "b.journey.yaml", cwd=tmp_path)
    assert clean.returncode == 0 and clean.out == ""


def test_diff_shows_a_unified_diff(tmp_path):
    write(tmp_path, "a.journey.yaml", UNORDERED)
    result = run("fmt", "--diff", "a.journey.yaml", cwd=tmp_path)
    assert result.returncode == 0, "--diff alone shows; with --check it fails"
    assert run("fmt", "--check", "--diff", "a.journey.yaml", cwd=tmp_path).out == result.out
    assert run("fmt", "--check", "--diff", "a.journey.yaml", cwd=tmp_path).returncode == 1
    assert result.out.startswith("--- a.journey.yaml (as it is)\n+++ a.journey.yaml (formatted)\n@@ ")
    assert "\n+version: 1\n+id: shop\n title: Shop   # what we call it\n-id: shop\n-version: 1\n" in result.out
    assert result.out.endswith("\n+  - id: sees-ad\n+    name: Sees an ad\n+    stage: awareness\n")
    assert (tmp_path / "a.journey.yaml").read_text() == UNORDERED


def test_standard_input_to_standard_output(tmp_path):
    result = run("fmt", "-", input=UNORDERED, cwd=tmp_path)
    assert (result.returncode, result.out, result.err) == (0, ORDERED, "")


def test_a_file_with_errors_is_left_alone_and_said_so(tmp_path):
    bad = UNORDERED.replace("  stage: awareness", "  stage: nowhere")
    path = write(tmp_path, "bad.journey.yaml", bad)
    write(tmp_path, "good.journey.yaml", UNORDERED)
    result = run("fmt", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert "journeyctl: bad.journey.yaml: not formatted: it has 1 error (journeyctl validate bad.journey.yaml shows them); the file is left as it is" in result.err
    assert path.read_text() == bad
    assert (tmp_path / "good.journey.yaml").read_text() == ORDERED
    piped = run("fmt", "-", input=bad, cwd=tmp_path)
    assert piped.returncode == 1 and piped.out == bad
    assert "<stdin>: not formatted: it has 1 error" in piped.err


def test_usage_errors_exit_2(tmp_path):
    missing = run("fmt", "nothing.journey.yaml", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.err == "journeyctl: nothing.journey.yaml: no such file or folder\n"


def test_a_read_only_folder_is_a_plain_write_error(tmp_path):
    folder = tmp_path / "maps"
    path = write(folder, "a.journey.yaml", UNORDERED)
    folder.chmod(0o555)
    try:
        result = run("fmt", str(path))
    finally:
        folder.chmod(0o755)
    if result.returncode == 0:  # root may write anywhere
        return
    assert result.returncode == 2
    assert "cannot write" in result.err and "permission denied" in result.err
    assert path.read_text() == UNORDERED
    assert [p.name for p in folder.iterdir()] == ["a.journey.yaml"], "no temporary file is left"


def test_the_examples_mean_the_same_after_fmt(tmp_path):
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy, ignore=shutil.ignore_patterns("data"))
    before = check([str(copy)])
    result = run("fmt", str(copy))
    assert result.returncode == 0, result.err
    after = check([str(copy)])
    assert [doc.path for doc in after.documents] == [doc.path for doc in before.documents]
    for old, new in zip(before.documents, after.documents):
        assert new.valid and not new.problems, new.problems
        assert new.journey == old.journey and new.model == old.model, old.path
        comments = [line.strip() for line in old.text.splitlines() if line.lstrip().startswith("#")]
        assert comments == [line.strip() for line in new.text.splitlines() if line.lstrip().startswith("#")]
    assert run("fmt", "--check", str(copy)).returncode == 0
    lint = run("validate", "--fail-on", "info", str(copy))
    assert lint.returncode == run("validate", "--fail-on", "info", str(EXAMPLES)).returncode


def test_the_pre_commit_hook_formats_the_files_it_is_given(tmp_path):
    hook = BY_ID["journeyctl-fmt"]
    assert hook["entry"] == "journeyctl fmt"
    write(tmp_path, "maps/a.journey.yaml", UNORDERED)
    write(tmp_path, "maps/b.journey.yaml", ORDERED)
    result = run_hook(hook, ["maps/a.journey.yaml", "maps/b.journey.yaml"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "maps/a.journey.yaml\n"
    assert (tmp_path / "maps/a.journey.yaml").read_text() == ORDERED
    again = run_hook(hook, ["maps/a.journey.yaml", "maps/b.journey.yaml"], tmp_path)
    assert (again.returncode, again.stdout) == (0, ""), "a formatted commit goes through untouched"


def test_a_comment_inside_brackets_is_never_lost(tmp_path):
    text = "title: T\nid: a\nversion: 1\nstages:\n  - {name: S,\n     # why\n     id: s}\n"
    path = write(tmp_path, "a.journey.yaml", text)
    result = run("fmt", "a.journey.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "a.journey.yaml: not formatted: a comment inside [...] or {...} would be lost" in result.err
    assert path.read_text() == text


def test_an_alias_keeps_its_anchor_above_it(tmp_path):
    text = "version: 1\nid: a\ntitle: &t T\nstages:\n  - name: *t\n    id: s\n"
    result = run("fmt", "-", input=text, cwd=tmp_path)
    assert (result.returncode, result.out) == (0, text), "moving id above name would not change the meaning, but keys keep their order rather than risk it"
    assert run("validate", "-", input=result.out, cwd=tmp_path).returncode == 0
