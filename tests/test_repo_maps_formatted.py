"""The project's own maps are in the layout `journeyctl fmt` writes.

The examples are what users copy, and the test fixtures and snapshots are what the docs and
tests quote by line: a map written by hand in another key order would teach that order and
would move every line reference the day someone formats it. Every journey and library file
under examples/, tests/fixtures/ and tests/snapshots/ is checked; none is deliberately
unformatted today (a fixture whose point is a bad layout would be listed in UNFORMATTED,
with the reason, and left out). The maps the docs and the README show are checked in
test_docs_snippets_formatted.py.
"""

from __future__ import annotations

import re

from helpers import ROOT, run

FOLDERS = ("examples", "tests/fixtures", "tests/snapshots")

# path (from the repository root) -> why it is kept out of the layout fmt writes
UNFORMATTED: dict[str, str] = {}


def _maps() -> list[str]:
    found = []
    for folder in FOLDERS:
        for pattern in ("*.journey.yaml", "*.library.yaml"):
            found += [p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob(pattern)]
    return sorted(p for p in found if p not in UNFORMATTED)


def test_every_map_in_the_repository_is_formatted():
    maps = _maps()
    # the folders as a user would name them; the files one by one once some are left out
    result = run("fmt", "--check", *(maps if UNFORMATTED else FOLDERS), cwd=ROOT)
    assert result.returncode == 0, f"run `journeyctl fmt` on these files:\n{result.out}{result.err}"
    assert result.out == ""
    # every file was read and found formatted, none skipped for errors
    assert re.fullmatch(rf"0 files would be formatted, {len(maps)} already formatted\.\n", result.err), result.err


def test_the_check_covers_the_examples_fixtures_and_snapshots():
    maps = _maps()
    for folder in FOLDERS:
        assert any(p.startswith(folder + "/") for p in maps), folder
    assert "examples/shared/personas-and-channels.library.yaml" in maps
    assert "tests/fixtures/xss.journey.yaml" in maps
    for path in UNFORMATTED:
        assert (ROOT / path).is_file(), f"{path} is listed as unformatted but does not exist"
