"""The command line itself: version, help, completion, schema export."""

from __future__ import annotations

import json

import pytest

from helpers import EXAMPLES, ROOT, run

from journeyctl import __version__


def test_version():
    for flag in ("--version", "-V"):
        result = run(flag)
        assert (result.returncode, result.out) == (0, f"journeyctl {__version__}\n")


def test_python_dash_m_and_console_script_agree():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).parent / "journeyctl"
    assert script.exists(), "the console script is installed beside the interpreter"
    assert subprocess.run([script, "--version"], capture_output=True, text=True).stdout == f"journeyctl {__version__}\n"


def test_no_arguments_shows_help():
    result = run()
    assert "validate" in result.out + result.err and "schema" in result.out + result.err


@pytest.mark.parametrize("command", ["validate", "schema"])
def test_every_command_has_help_with_examples(command):
    result = run(command, "--help")
    assert result.returncode == 0
    assert "Examples" in result.out
    assert f"journeyctl {command}" in result.out


def test_shell_completion_is_offered():
    import os
    import subprocess
    import sys
    from pathlib import Path

    result = run("--help")
    assert "--install-completion" in result.out and "--show-completion" in result.out
    script = Path(sys.executable).parent / "journeyctl"
    env = {**os.environ, "_JOURNEYCTL_COMPLETE": "complete_bash", "COMP_WORDS": "journeyctl val", "COMP_CWORD": "1"}
    completed = subprocess.run([script], env=env, capture_output=True, text=True)
    assert (completed.returncode, completed.stdout.split()) == (0, ["validate"])


def test_unknown_command_is_a_usage_error():
    result = run("frobnicate")
    assert result.returncode == 2
    assert "No such command" in result.err


@pytest.mark.parametrize("kind", ["journey", "library"])
def test_committed_schema_is_in_sync(kind):
    committed = (ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    generated = run("schema", "--kind", kind)
    assert generated.returncode == 0
    assert generated.out == committed, "run: journeyctl schema --kind {kind} -o schema/{kind}.schema.json"


def test_schema_written_atomically_to_a_file(tmp_path):
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "journey.schema.json"
    assert run("schema", "-o", str(target)).returncode == 0
    schema = json.loads(target.read_text(encoding="utf-8"))
    assert schema["$schema"].endswith("2020-12/schema")
    assert set(schema["required"]) == {"version", "id", "title", "stages"}
    assert [p.name for p in target.parent.iterdir()] == ["journey.schema.json"]  # no temporary left behind


def test_schema_to_an_unwritable_place_is_an_io_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("schema", "-o", str(blocker / "sub" / "schema.json"))
    assert result.returncode == 2
    assert "cannot write" in result.err


def test_schema_into_a_missing_folder_is_an_error_and_creates_nothing(tmp_path):
    result = run("schema", "-o", "missing/journey.schema.json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.err == "journeyctl: cannot write missing/journey.schema.json: the folder missing does not exist; create it first, or write the schema elsewhere\n"
    assert list(tmp_path.iterdir()) == []


def example_files():
    return sorted(EXAMPLES.rglob("*.y*ml"))


def test_examples_exist():
    names = [path.name for path in example_files()]
    assert sum(name.endswith(".journey.yaml") for name in names) >= 3
    assert any(name.endswith(".library.yaml") for name in names)


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_examples_point_editors_at_the_schema(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    kind = "library" if path.name.endswith(".library.yaml") else "journey"
    assert first.startswith("# yaml-language-server: $schema=")
    schema = (path.parent / first.split("$schema=", 1)[1].strip()).resolve()
    assert schema == ROOT / "schema" / f"{kind}.schema.json"


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_examples_match_the_json_schema(path):
    """What editors check with the exported schema agrees with journeyctl on the examples."""
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    kind = "library" if path.name.endswith(".library.yaml") else "journey"
    schema = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_examples_validate():
    result = run("validate", str(EXAMPLES))
    assert result.returncode == 0, result.out
