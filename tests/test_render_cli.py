"""`journeyctl render` as users and CI run it: where files go, formats, refusals and exit codes."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from helpers import EXAMPLES, MINIMAL, run, write

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
COFFEE = SNAPSHOTS / "coffee.journey.yaml"
EXAMPLE_JOURNEYS = sorted(EXAMPLES.rglob("*.journey.yaml"))
PNG = b"\x89PNG\r\n\x1a\n"

BROKEN = """\
version: 1
id: broken
title: Broken on purpose
stages:
  - id: awareness
    name: Awareness
touchpoints:
  - id: see-ad
    name: Sees an ad
    stage: awarenes
    chanel: web
"""


def listed(result) -> list[str]:
    return result.out.splitlines()


@pytest.mark.parametrize("fmt, magic", [("svg", b"<?xml"), ("png", PNG), ("dot", b"digraph journey {")])
def test_every_example_renders(fmt, magic, tmp_path):
    """The README's main command: every example journey, each in its own file."""
    assert EXAMPLE_JOURNEYS, "the examples are missing"
    result = run("render", str(EXAMPLES), "--format", fmt, "-o", str(tmp_path))
    assert result.returncode == 0, result.err
    expected = sorted(str(tmp_path / f"{p.name.removesuffix('.journey.yaml')}-flow.{fmt}") for p in EXAMPLE_JOURNEYS)
    assert sorted(listed(result)) == expected
    for name in expected:
        assert Path(name).read_bytes().startswith(magic)
    # Library files are inputs too, but they are not journeys: nothing is drawn for them.
    assert not [p for p in tmp_path.iterdir() if "library" in p.name]


def test_every_example_renders_as_a_blueprint(tmp_path):
    result = run("render", *map(str, EXAMPLE_JOURNEYS), "--view", "blueprint", "-o", str(tmp_path))
    assert result.returncode == 0, result.err
    assert len(listed(result)) == len(EXAMPLE_JOURNEYS)
    assert all(name.endswith("-blueprint.svg") for name in listed(result))


def test_without_output_files_go_to_out(tmp_path):
    source = write(tmp_path, "maps/first.journey.yaml", MINIMAL)
    result = run("render", str(source), cwd=tmp_path)
    assert result.returncode == 0, result.err
    assert listed(result) == [os.path.join("out", "first-flow.svg")]
    assert (tmp_path / "out" / "first-flow.svg").read_bytes().startswith(b"<?xml")


def test_the_output_file_extension_picks_the_format(tmp_path):
    result = run("render", str(COFFEE), "-o", str(tmp_path / "map.png"))
    assert result.returncode == 0, result.err
    assert (tmp_path / "map.png").read_bytes().startswith(PNG)
    result = run("render", str(COFFEE), "-o", str(tmp_path / "map.dot"))
    assert (tmp_path / "map.dot").read_text(encoding="utf-8").startswith("digraph journey {")
    # An explicit --format wins over the extension.
    result = run("render", str(COFFEE), "--format", "svg", "-o", str(tmp_path / "map.image"))
    assert result.returncode == 0 and (tmp_path / "map.image").read_bytes().startswith(b"<?xml")


def test_an_existing_folder_gets_a_named_file(tmp_path):
    result = run("render", str(COFFEE), "--view", "blueprint", "--persona", "student", "-o", str(tmp_path))
    assert result.returncode == 0, result.err
    assert listed(result) == [str(tmp_path / "coffee-blueprint-student.svg")]


def test_standard_output_takes_one_journey(tmp_path):
    result = run("render", str(COFFEE), "-o", "-")
    assert result.returncode == 0 and result.stdout.startswith(b"<?xml")
    first = write(tmp_path, "a.journey.yaml", MINIMAL)
    second = write(tmp_path, "b.journey.yaml", MINIMAL.replace("id: minimal", "id: other"))
    result = run("render", str(first), str(second), "-o", "-")
    assert result.returncode == 2 and result.stdout == b""
    assert "give a folder with -o" in result.err


def test_standard_input_is_a_journey_named_by_its_id(tmp_path):
    result = run("render", "-", "-o", str(tmp_path) + "/", input=MINIMAL)
    assert result.returncode == 0, result.err
    assert listed(result) == [str(tmp_path / "minimal-flow.svg")]


def test_several_journeys_need_a_folder(tmp_path):
    first = write(tmp_path, "a.journey.yaml", MINIMAL)
    second = write(tmp_path, "b.journey.yaml", MINIMAL)
    result = run("render", str(first), str(second), "-o", str(tmp_path / "both.svg"))
    assert result.returncode == 2
    assert "both.svg names one file" in result.err
    assert not (tmp_path / "both.svg").exists()
    result = run("render", str(first), str(second), "-o", str(tmp_path / "drawn"))
    assert result.returncode == 0, result.err
    assert sorted(listed(result)) == [str(tmp_path / "drawn" / "a-flow.svg"), str(tmp_path / "drawn" / "b-flow.svg")]


def test_two_journeys_that_would_overwrite_each_other_are_refused(tmp_path):
    first = write(tmp_path, "one/map.journey.yaml", MINIMAL)
    second = write(tmp_path, "two/map.journey.yaml", MINIMAL)
    result = run("render", str(first), str(second), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "would both be drawn to" in result.err
    assert not (tmp_path / "out").exists()


def test_an_input_is_never_overwritten(tmp_path):
    source = write(tmp_path, "map.journey.yaml", MINIMAL)
    result = run("render", str(source), "--format", "svg", "-o", str(source))
    assert result.returncode == 2
    assert "never overwrites its inputs" in result.err
    assert source.read_text(encoding="utf-8") == MINIMAL


def test_an_invalid_journey_is_refused_with_the_errors_validate_gives(tmp_path):
    broken = write(tmp_path, "broken.journey.yaml", BROKEN)
    good = write(tmp_path, "good.journey.yaml", MINIMAL)
    validate = run("validate", str(broken), "--color", "never")
    result = run("render", str(broken), str(good), "-o", str(tmp_path / "drawn"), "--color", "never")
    assert result.returncode == 1
    problem_lines = [line for line in validate.out.splitlines() if re.match(r".+:\d+:\d+: error ", line)]
    assert problem_lines
    for line in problem_lines:
        assert line in result.err
    # The valid journey is still drawn; the broken one is not.
    assert listed(result) == [str(tmp_path / "drawn" / "good-flow.svg")]
    assert not (tmp_path / "drawn" / "broken-flow.svg").exists()


def test_only_libraries_is_nothing_to_draw(tmp_path):
    library = next(EXAMPLES.rglob("*.library.yaml"))
    result = run("render", str(library), "-o", str(tmp_path))
    assert result.returncode == 2
    assert "no journey to draw" in result.err
    assert list(tmp_path.iterdir()) == []


def test_a_missing_path_is_a_usage_error(tmp_path):
    result = run("render", str(tmp_path / "nothing.journey.yaml"), "-o", str(tmp_path / "x"))
    assert result.returncode == 2
    assert "no such file or folder" in result.err
    assert not (tmp_path / "x").exists()


def test_an_unknown_engine_from_the_environment_is_named(tmp_path):
    result = run("render", str(COFFEE), "-o", "-", env={"JOURNEYCTL_ENGINE": "neato"})
    assert result.returncode == 2
    assert 'unknown layout engine "neato" (from JOURNEYCTL_ENGINE)' in result.err


def test_the_environment_chooses_the_engine(tmp_path):
    """graphviz-pure marks its SVG; the system dot does not."""
    pure = run("render", str(COFFEE), "-o", "-", env={"JOURNEYCTL_ENGINE": "graphviz-pure"})
    assert b"graphviz-pure" in pure.stdout
    if shutil.which("dot"):
        system = run("render", str(COFFEE), "-o", "-", env={"JOURNEYCTL_ENGINE": "dot"})
        assert system.returncode == 0 and b"graphviz-pure" not in system.stdout
        # --engine wins over the environment.
        chosen = run("render", str(COFFEE), "-o", "-", "--engine", "graphviz-pure", env={"JOURNEYCTL_ENGINE": "dot"})
        assert b"graphviz-pure" in chosen.stdout


def test_a_missing_engine_says_how_to_install_one(tmp_path):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    result = run("render", str(COFFEE), "-o", str(tmp_path / "map.svg"), "--engine", "dot", env={"PATH": str(empty)})
    assert result.returncode == 2
    assert "is not installed here" in result.err and "apt-get install graphviz" in result.err
    result = run("render", str(COFFEE), "-o", str(tmp_path / "map.pdf"), env={"PATH": str(empty)})
    assert result.returncode == 2
    assert "PDF needs Graphviz's dot program" in result.err
    assert not (tmp_path / "map.svg").exists() and not (tmp_path / "map.pdf").exists()


def test_dot_output_needs_no_engine(tmp_path):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    result = run("render", str(COFFEE), "--format", "dot", "-o", "-", "--engine", "dot", env={"PATH": str(empty)})
    assert result.returncode == 0 and result.stdout.startswith(b"digraph journey {")


def test_help_lists_formats_views_and_engines():
    result = run("render", "--help")
    assert result.returncode == 0
    for word in ("svg", "png", "pdf", "dot", "html", "blueprint", "graphviz-pure", "JOURNEYCTL_ENGINE", "--persona"):
        assert word in result.out


@pytest.mark.skipif(shutil.which("dot") is None, reason="PDF needs Graphviz's dot: sh scripts/ensure-graphviz.sh")
def test_a_pdf_is_the_same_bytes_on_every_run_and_dated_by_source_date_epoch(tmp_path):
    """Graphviz stamps its PDF with the time it was made; journeyctl writes a fixed stamp instead."""
    first, second, dated = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    assert run("render", str(COFFEE), "-o", str(first)).returncode == 0
    assert run("render", str(COFFEE), "-o", str(second)).returncode == 0
    assert run("render", str(COFFEE), "-o", str(dated), env={"SOURCE_DATE_EPOCH": "1764547200"}).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    assert b"/CreationDate (D:19700101000000Z)" in first.read_bytes()
    assert b"/CreationDate (D:20251201000000Z)" in dated.read_bytes()
    assert len(dated.read_bytes()) == len(first.read_bytes())  # the same length: the offsets table stays right
