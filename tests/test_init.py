"""journeyctl init: every preset valid and lint-clean, never a file replaced, prompts on a real terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import run, write
from hypothesis import given, settings
from hypothesis import strategies as st

from journeyctl.lifecycle.fmt import format_text
from journeyctl.lifecycle.init import PRESETS, Answers, journey_text, yaml_text
from journeyctl.lint.stage_models import stage_models
from journeyctl.yaml_source import compose

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_each_preset_is_valid_lint_clean_and_formatted(tmp_path, preset):
    result = run("init", "--preset", preset, "--title", "Buying a rug: online", "--persona", "Maya, the busy parent", cwd=tmp_path)
    assert result.returncode == 0, result.err
    assert result.out == "buying-a-rug-online.journey.yaml\n"
    path = tmp_path / "buying-a-rug-online.journey.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=journey.schema.json\n")
    checked = run("validate", "--fail-on", "info", "--format", "concise", str(path))
    assert (checked.returncode, checked.out) == (0, "Checked 1 file: no problems.\n"), checked.out
    assert run("fmt", "--check", str(path)).returncode == 0, "init writes what fmt would"
    root, _ = compose(text, "x")
    assert root["title"] == "Buying a rug: online"
    assert root["personas"][0]["id"] == "maya-the-busy-parent"
    assert root["personas"][0]["name"] == "Maya, the busy parent"
    stage_ids = [stage["id"] for stage in root["stages"]]
    model = stage_models()["classic" if preset == "blueprint" else preset]
    assert stage_ids == [stage.id for stage in model.stages], "the preset's stages are the linter's stage model"
    lanes = {tp.get("lane", "customer") for tp in root["touchpoints"]}
    assert lanes == ({"customer", "frontstage", "backstage", "support"} if preset == "blueprint" else {"customer"})
    if preset == "blueprint":
        for stage in stage_ids:  # each stage of the blueprint shows more than the customer's side
            assert len({tp.get("lane", "customer") for tp in root["touchpoints"] if tp["stage"] == stage}) >= 2


def test_the_defaults_apply_without_a_terminal(tmp_path):
    result = run("init", cwd=tmp_path, input="")
    assert result.returncode == 0, result.err
    assert result.out == "a-new-customer-journey.journey.yaml\n"
    assert "Next: replace the placeholder texts in a-new-customer-journey.journey.yaml" in result.err
    assert "journeyctl schema -o journey.schema.json" in result.err
    root, _ = compose((tmp_path / result.out.strip()).read_text(), "x")
    assert [s["id"] for s in root["stages"]] == ["awareness", "consideration", "purchase", "post-purchase"]


def test_an_existing_file_is_never_replaced(tmp_path):
    path = write(tmp_path, "shop.journey.yaml", "mine\n")
    result = run("init", "shop.journey.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.err == "journeyctl: shop.journey.yaml already exists; init never replaces a file: give another name, or move the file away\n"
    assert path.read_text() == "mine\n"
    config = write(tmp_path, ".journeyctl.yaml", "rules: {}\n")
    assert run("init", "--config", cwd=tmp_path).returncode == 2
    assert config.read_text() == "rules: {}\n"


def test_a_folder_and_a_new_subfolder(tmp_path):
    (tmp_path / "maps").mkdir()
    write(tmp_path, "schema/journey.schema.json", "{}\n")
    result = run("init", "maps", "--title", "Shop", cwd=tmp_path)
    assert result.out == "maps/shop.journey.yaml\n"
    assert (tmp_path / "maps/shop.journey.yaml").read_text().startswith("# yaml-language-server: $schema=../schema/journey.schema.json\n")
    assert "journeyctl schema" not in result.err, "the schema is there already"
    deeper = run("init", "new/area/trip.journey.yaml", cwd=tmp_path)
    assert deeper.returncode == 0 and (tmp_path / "new/area/trip.journey.yaml").is_file()
    folder = run("init", "other/", "--title", "Shop", cwd=tmp_path)
    assert folder.out == "other/shop.journey.yaml\n" and (tmp_path / "other/shop.journey.yaml").is_file()


def test_config_writes_a_commented_configuration_the_loader_accepts(tmp_path):
    result = run("init", "--config", cwd=tmp_path)
    assert (result.returncode, result.out) == (0, ".journeyctl.yaml\n")
    text = (tmp_path / ".journeyctl.yaml").read_text()
    assert text.startswith("# journeyctl's configuration") and "extends: recommended" in text
    run("init", "--title", "Shop", cwd=tmp_path)
    checked = run("validate", "--fail-on", "info", cwd=tmp_path)
    assert (checked.returncode, checked.out) == (0, "Checked 1 file: no problems.\n")
    # the commented options are real: switched on, they take effect
    text = text.replace("  # missing-stage:\n  #   model: advocacy", "  missing-stage:\n    model: advocacy")
    (tmp_path / ".journeyctl.yaml").write_text(text)
    switched = run("validate", "--format", "concise", cwd=tmp_path)
    assert ': L001 the journey has no "advocacy" stage' in switched.out
    (tmp_path / "new").mkdir()
    mixed = run("init", "--config", "--title", "x", cwd=tmp_path / "new")
    assert mixed.returncode == 2 and "--title, --preset and --persona are for a new journey" in mixed.err
    assert list((tmp_path / "new").iterdir()) == []


def test_bad_values_are_usage_errors(tmp_path):
    blank = run("init", "--title", "   ", cwd=tmp_path)
    assert (blank.returncode, blank.err) == (2, "journeyctl: the title is blank; write a few words\n")
    unknown = run("init", "--preset", "nonsense", cwd=tmp_path)
    assert unknown.returncode == 2 and "nonsense" in unknown.err
    assert list(tmp_path.iterdir()) == []


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(lambda t: t.strip() and t.isprintable()))
def test_any_title_reads_back_as_written(title):
    text = journey_text(Answers(title=title.strip(), persona=title.strip()), "# header")
    root, problems = compose(text, "x")
    assert not problems
    assert str(root["title"]) == title.strip()
    assert str(root["personas"][0]["name"]) == title.strip()
    assert format_text(text) == text


def test_yaml_text_quotes_what_would_not_read_as_text():
    assert yaml_text("Maya, the busy parent") == "Maya, the busy parent"
    assert yaml_text("no") == '"no"'
    assert yaml_text("Rugs: online") == '"Rugs: online"'
    assert yaml_text("- dash") == '"- dash"'


def _read_until(fd: int, wanted: bytes, seen: bytearray, start: int = 0, timeout: float = 20) -> int:
    """Read the terminal until ``wanted`` shows after ``start``; where it ends."""
    deadline = time.monotonic() + timeout
    while wanted not in seen[start:]:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"waited for {wanted!r}, the terminal shows {bytes(seen)!r}"
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                break
            seen.extend(chunk)
    assert wanted in seen[start:], f"the program ended; the terminal shows {bytes(seen)!r}"
    return seen.index(wanted, start) + len(wanted)


def test_the_questions_on_a_real_terminal(tmp_path):
    controller, terminal = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"}
    env.pop("JOURNEYCTL_DEBUG", None)
    process = subprocess.Popen([sys.executable, "-m", "journeyctl", "init"], stdin=terminal, stdout=terminal, stderr=terminal, cwd=tmp_path, env=env, close_fds=True)
    os.close(terminal)
    seen = bytearray()
    try:
        _read_until(controller, b"Title of the journey [A new customer journey]: ", seen)
        os.write(controller, b"Switching energy supplier\n")
        _read_until(controller, b"Who takes it (a persona's name) [Our first persona]: ", seen)
        os.write(controller, b"Sam, who moved house\n")
        asked = _read_until(controller, b"Stage model [classic]: ", seen)
        assert b"blueprint  A service blueprint" in seen
        os.write(controller, b"nonsense\n")
        refused = _read_until(controller, b"is not one of", seen, asked)
        _read_until(controller, b"Stage model [classic]: ", seen, refused)
        os.write(controller, b"advocacy\n")
        _read_until(controller, b"switching-energy-supplier.journey.yaml", seen)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
    root, _ = compose((tmp_path / "switching-energy-supplier.journey.yaml").read_text(), "x")
    assert root["title"] == "Switching energy supplier"
    assert root["personas"][0]["name"] == "Sam, who moved house"
    assert [s["id"] for s in root["stages"]][-1] == "advocacy"
    assert b"Traceback" not in seen
