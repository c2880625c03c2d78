"""The format's validators kept between runs (``journeyctl.model.prebuilt``).

Each case runs in a fresh Python, as a command does: the models are built lazily
there, so what a process finds in the kept entry is what it validates with.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


# Installs the validators from FOLDER (argv[1]) and prints whether the kept entry was used,
# then validates a journey with a mistake in it and prints the result and the errors.
PROGRAM = """
import json, sys
from pathlib import Path
from pydantic import ValidationError
from journeyctl.model import Journey, Library, Sourced, prebuilt

roots = {"Journey": Journey, "Library": Library, "Sourced": Sourced}
used = prebuilt.install(roots, Path(sys.argv[1]))
good = {"version": 1, "id": "j", "title": "T", "personas": [{"id": "p", "name": "P"}],
        "stages": [{"id": "s", "name": "S"}],
        "touchpoints": [{"id": "t", "stage": "s", "name": "N", "channel": "web", "x-team": "cx",
                         "thoughts": [{"text": "slow", "source": "interviews"}]}]}
journey = Journey.model_validate(good)
touchpoint = journey.touchpoints[0]
bad = dict(good, touchpoints=[{"id": "t", "stage": "s", "name": " ", "channel": "web", "colour": "red"}])
try:
    Journey.model_validate(bad)
    errors = []
except ValidationError as error:
    errors = [(e["type"], list(e["loc"])) for e in error.errors()]
print(json.dumps({"used": used, "thought": [touchpoint.thoughts[0], touchpoint.thoughts[0].source],
                  "extensions": dict(touchpoint.extensions), "errors": errors}))
"""


def install(folder: Path, **env: str) -> dict:
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    environment.update(env)
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(folder)], capture_output=True, text=True, env=environment, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("validators.*.pickle"))


def test_the_first_run_keeps_the_validators_and_the_next_uses_them_with_the_same_results(tmp_path):
    first = install(tmp_path)
    assert first["used"] is False and len(entries(tmp_path)) == 1
    second = install(tmp_path)
    assert second["used"] is True
    assert {**first, "used": None} == {**second, "used": None}
    assert second["thought"] == ["slow", "interviews"] and second["extensions"] == {"x-team": "cx"}
    assert sorted(tuple(loc) for _, loc in second["errors"]) == [("touchpoints", 0, "colour"), ("touchpoints", 0, "name")]


def test_a_damaged_entry_is_built_afresh_and_replaced(tmp_path):
    install(tmp_path)
    [entry] = entries(tmp_path)
    entry.write_bytes(entry.read_bytes()[:100])
    assert install(tmp_path)["used"] is False
    assert install(tmp_path)["used"] is True


def test_an_entry_from_other_sources_is_never_used_and_is_removed(tmp_path):
    install(tmp_path)
    [entry] = entries(tmp_path)
    stale = entry.with_name(entry.name.rsplit("-", 1)[0] + "-00000000000000000000.pickle")
    entry.rename(stale)
    assert install(tmp_path)["used"] is False
    assert entries(tmp_path) != [stale] and not stale.exists() and len(entries(tmp_path)) == 1


def test_nothing_is_written_when_python_is_told_not_to_write_bytecode(tmp_path):
    assert install(tmp_path, PYTHONDONTWRITEBYTECODE="1")["used"] is False
    assert entries(tmp_path) == []


def test_a_folder_that_cannot_be_made_costs_only_the_build(tmp_path):
    blocked = tmp_path / "taken"
    blocked.write_text("a file where the folder would go")
    assert install(blocked / "__pycache__")["used"] is False
    assert install(blocked / "__pycache__")["used"] is False
    assert blocked.read_text() == "a file where the folder would go"


def test_an_unfinished_entry_left_by_a_killed_run_is_removed_when_old(tmp_path):
    install(tmp_path)
    [entry] = entries(tmp_path)
    old = entry.with_name(entry.name + ".12345.tmp")
    fresh = entry.with_name(entry.name + ".23456.tmp")
    old.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(old, (1, 1))
    entry.unlink()  # the next run builds and writes, and tidies up
    assert install(tmp_path)["used"] is False
    assert not old.exists() and fresh.exists()  # a fresh one may be another run's, still writing
    assert len(entries(tmp_path)) == 1
