"""Sharing personas and channels between journeys through library files."""

from __future__ import annotations

import json

from helpers import problems, run, where, write

LIBRARY = """\
version: 1
kind: library
personas:
  - id: maya
    name: Maya
  - id: tom
    name: Tom
channels:
  - id: web
    name: Website
"""

JOURNEY = """\
version: 1
id: shop
title: Shopping
imports:
  - path: {path}
stages:
  - id: awareness
    name: Awareness
touchpoints:
  - id: visit
    name: Visits the site
    stage: awareness
    channel: web
    personas: [maya]
"""


def repo(tmp_path):
    (tmp_path / ".git").mkdir(parents=True)
    return tmp_path


def test_journey_uses_imported_personas_and_channels(tmp_path):
    root = repo(tmp_path)
    write(root, "shared/people.library.yaml", LIBRARY)
    journey = write(root, "journeys/shop.journey.yaml", JOURNEY.format(path="../shared/people.library.yaml"))
    result = run("validate", "--format", "json", str(journey))
    assert result.returncode == 0, result.out
    files = [(f["path"].rsplit("/", 1)[-1], f["kind"], f["valid"]) for f in json.loads(result.out)["files"]]
    assert files == [("shop.journey.yaml", "journey", True), ("people.library.yaml", "library", True)]


def test_selected_imports_only(tmp_path):
    root = repo(tmp_path)
    write(root, "people.library.yaml", LIBRARY)
    text = JOURNEY.format(path="people.library.yaml").replace("people.library.yaml\n", "people.library.yaml\n    personas: [tom, mya]\n")
    journey = write(root, "shop.journey.yaml", text)
    code, records = problems(str(journey))
    assert code == 1
    assert [(p["line"], p["code"], p["hint"]) for p in records] == [
        (6, "R001", 'Did you mean "maya"?'),  # mya is not in the library
        (15, "R001", "Known personas: tom."),  # maya was not imported
    ]


def test_import_may_not_leave_the_repository(tmp_path):
    root = repo(tmp_path / "repo")
    write(tmp_path, "outside.library.yaml", LIBRARY)
    journey = write(root, "shop.journey.yaml", JOURNEY.format(path="../outside.library.yaml"))
    code, records = problems(str(journey))
    assert code == 1
    assert where(records)[0] == (5, 11, "R003")
    assert "outside the repository" in records[0]["message"]


def test_symlink_out_of_the_repository_is_refused(tmp_path):
    root = repo(tmp_path / "repo")
    target = write(tmp_path, "outside.library.yaml", LIBRARY)
    (root / "link.library.yaml").symlink_to(target)
    journey = write(root, "shop.journey.yaml", JOURNEY.format(path="link.library.yaml"))
    code, records = problems(str(journey))
    assert code == 1 and "outside the repository" in records[0]["message"]


def test_absolute_import_is_refused(tmp_path):
    root = repo(tmp_path)
    library = write(root, "people.library.yaml", LIBRARY)
    journey = write(root, "shop.journey.yaml", JOURNEY.format(path=str(library)))
    code, records = problems(str(journey))
    assert code == 1 and "absolute path" in records[0]["message"]


def test_missing_import_suggests_a_neighbour(tmp_path):
    root = repo(tmp_path)
    write(root, "people.library.yaml", LIBRARY)
    journey = write(root, "shop.journey.yaml", JOURNEY.format(path="peple.library.yaml"))
    code, records = problems(str(journey))
    assert code == 1
    first = records[0]
    assert (first["line"], first["code"], first["hint"]) == (5, "R003", 'Did you mean "people.library.yaml"?')


def test_import_cycle_is_reported(tmp_path):
    root = repo(tmp_path)
    write(root, "a.library.yaml", LIBRARY + "imports:\n  - path: b.library.yaml\n")
    write(root, "b.library.yaml", "version: 1\nkind: library\nimports:\n  - path: a.library.yaml\n")
    journey = write(root, "shop.journey.yaml", JOURNEY.format(path="a.library.yaml"))
    code, records = problems(str(journey))
    assert code == 1
    cycle = [p for p in records if "import cycle" in p["message"]]
    assert len(cycle) == 1
    assert cycle[0]["path"].endswith("b.library.yaml")
    names = [part.rsplit("/", 1)[-1] for part in cycle[0]["message"].removeprefix("import cycle: ").split(" → ")]
    assert names == ["a.library.yaml", "b.library.yaml", "a.library.yaml"]


def test_libraries_import_libraries(tmp_path):
    root = repo(tmp_path)
    write(root, "base.library.yaml", "version: 1\nkind: library\nchannels:\n  - id: web\n    name: Website\n")
    write(root, "people.library.yaml", "version: 1\nkind: library\nimports:\n  - path: base.library.yaml\npersonas:\n  - id: maya\n    name: Maya\n")
    journey = write(root, "shop.journey.yaml", JOURNEY.format(path="people.library.yaml"))
    assert problems(str(journey)) == (0, [])


def test_only_libraries_can_be_imported(tmp_path):
    root = repo(tmp_path)
    write(root, "other.journey.yaml", JOURNEY.format(path="x").replace("imports:\n  - path: x\n", ""))
    journey = write(root, "shop.journey.yaml", JOURNEY.format(path="other.journey.yaml"))
    code, records = problems(str(journey))
    assert code == 1
    assert [p["line"] for p in records if "only library files" in p["message"]] == [5]


def test_broken_library_fails_its_importers(tmp_path):
    root = repo(tmp_path)
    write(root, "people.library.yaml", LIBRARY.replace("name: Tom", "nme: Tom"))
    journey = write(root, "shop.journey.yaml", JOURNEY.format(path="people.library.yaml"))
    code, records = problems(str(journey))
    assert code == 1
    located = [(p["path"].rsplit("/", 1)[-1], p["line"], p["code"]) for p in records]
    assert ("people.library.yaml", 7, "S001") in located
    assert ("shop.journey.yaml", 5, "R003") in located


def test_local_ids_may_not_clash_with_imported_ones(tmp_path):
    root = repo(tmp_path)
    write(root, "people.library.yaml", LIBRARY)
    text = JOURNEY.format(path="people.library.yaml").replace("stages:", "personas:\n  - id: maya\n    name: Local Maya\nstages:")
    journey = write(root, "shop.journey.yaml", text)
    code, records = problems(str(journey))
    assert code == 1
    assert where(records) == [(7, 9, "R002")]
    assert "also imported from" in records[0]["message"]


def test_a_library_imported_twice_is_read_once(tmp_path):
    root = repo(tmp_path)
    write(root, "people.library.yaml", LIBRARY.replace("name: Tom", "nme: Tom"))
    write(root, "a.journey.yaml", JOURNEY.format(path="people.library.yaml"))
    write(root, "b.journey.yaml", JOURNEY.format(path="people.library.yaml"))
    code, records = problems(str(root))
    assert code == 1
    assert sum(p["code"] == "S001" for p in records) == 1  # the library's own error, once


def test_a_failed_import_is_one_problem_not_one_per_use(tmp_path):
    root = repo(tmp_path)
    text = JOURNEY.format(path="missing.library.yaml") + "  - id: buys\n    name: Buys\n    stage: awareness\n    channel: web\n    personas: [tom]\n"
    journey = write(root, "shop.journey.yaml", text)
    code, records = problems(str(journey))
    assert (code, where(records)) == (1, [(5, 11, "R003")])


# Hostile import paths: each is one located R003 problem with exit 1, never an internal error.


def _import_problem(root, path_yaml: str) -> dict:
    journey = write(root, "shop.journey.yaml", JOURNEY.format(path=path_yaml))
    code, records = problems(str(journey))
    assert code == 1, records
    own = [p for p in records if p["path"].endswith("shop.journey.yaml")]
    assert [(p["line"], p["column"], p["code"]) for p in own] == [(5, 11, "R003")]
    return own[0]


def test_an_import_path_with_a_nul_byte(tmp_path):
    first = _import_problem(repo(tmp_path), '"people\\0.library.yaml"')
    assert first["message"] == "the import path holds a NUL character (\\0), which no file name can"


def test_an_import_path_with_a_name_over_255_bytes(tmp_path):
    first = _import_problem(repo(tmp_path), "shared/" + "a" * 300 + ".library.yaml")
    assert "longer than 255 bytes" in first["message"]


def test_an_import_that_is_a_symlink_loop(tmp_path):
    root = repo(tmp_path)
    (root / "a.library.yaml").symlink_to("b.library.yaml")
    (root / "b.library.yaml").symlink_to("a.library.yaml")
    (root / "self.library.yaml").symlink_to("self.library.yaml")
    assert "symbolic link that leads back to itself" in _import_problem(root, "a.library.yaml")["message"]
    assert "symbolic link that leads back to itself" in _import_problem(root, "self.library.yaml")["message"]


def test_a_chain_of_300_imports_stops_at_50_with_a_plain_problem(tmp_path):
    root = repo(tmp_path)
    for i in range(300):
        more = f"imports:\n  - path: lib{i + 1}.library.yaml\n" if i + 1 < 300 else ""
        write(root, f"lib{i}.library.yaml", f"version: 1\nkind: library\n{more}personas:\n  - {{id: p{i}, name: P{i}}}\n")
    first = _import_problem(root, "lib0.library.yaml")
    assert first["message"].startswith('the library "lib0.library.yaml" has errors')
    result = run("validate", "--format", "json", str(root / "shop.journey.yaml"))
    records = json.loads(result.out)["problems"]
    deep = [p for p in records if "deep" in p["message"]]
    assert [(p["path"].rsplit("/", 1)[-1], p["code"]) for p in deep] == [("lib49.library.yaml", "R003")]
    assert deep[0]["message"] == 'the import "lib50.library.yaml" is more than 50 libraries deep (each importing the next)'
