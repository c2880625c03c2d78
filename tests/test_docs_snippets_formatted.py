"""The complete journeys the docs show are in the layout `journeyctl fmt` writes.

A reader copies a map from the docs and keeps its key order; a map shown in another order
teaches that order, and the first `journeyctl fmt` on the copy moves every line. So every
complete journey (a ```yaml block with a top-level `version:` and `stages:`) in docs/*.md
and README.md goes through the real `journeyctl fmt --check`. docs/rules.md is written from
the rules' docstrings, so a map there is fixed in its rule module, then the page regenerated.

Blocks whose first line is `# file: NAME` are written under that name next to the others of
the same page, so a journey that imports a library shown on the page finds it.

A map that shows a mistake on purpose cannot be formatted (fmt leaves a file with errors as
it is); it is listed in ON_PURPOSE, found by a line it holds, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import ROOT, run

PAGES = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]

# (page, a line of the map) -> why the map is not in fmt's layout
ON_PURPOSE: dict[tuple[str, str], str] = {
    ("README.md", "    chanel: social"): (
        "the tour's first map holds four slips for validate to find (a misspelt key, an unknown"
        " stage, an emotion out of range, `yes` for a flag); fmt refuses a file with errors"
    ),
}


@dataclass(frozen=True)
class Snippet:
    page: str  # from the repository root
    line: int  # of the opening fence
    text: str

    @property
    def file_name(self) -> str | None:
        first = self.text.splitlines()[0]
        return first.removeprefix("# file:").strip() if first.startswith("# file:") else None

    @property
    def complete(self) -> bool:
        return bool(re.search(r"^version:", self.text, re.M) and re.search(r"^stages:", self.text, re.M))

    def on_purpose(self) -> str | None:
        lines = self.text.splitlines()
        return next((why for (page, line), why in ON_PURPOSE.items() if page == self.page and line in lines), None)


def yaml_blocks(page: Path) -> list[Snippet]:
    found, open_at, indent, body = [], None, "", []
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        fence = re.fullmatch(r"( *)```(\S*).*", line)
        if open_at is None and fence:
            open_at, indent, lang, body = number, fence.group(1), fence.group(2), []
        elif open_at is not None and line == indent + "```":
            if lang == "yaml" and body:
                found.append(Snippet(page.relative_to(ROOT).as_posix(), open_at, "\n".join(body) + "\n"))
            open_at = None
        elif open_at is not None:
            body.append(line.removeprefix(indent))
    assert open_at is None, f"{page.name}: the code block opened on line {open_at} is never closed"
    return found


BLOCKS = {page.relative_to(ROOT).as_posix(): yaml_blocks(page) for page in PAGES}
COMPLETE = [block for blocks in BLOCKS.values() for block in blocks if block.complete]
CHECKED = [block for block in COMPLETE if block.on_purpose() is None]
SKIPPED = [block for block in COMPLETE if block.on_purpose() is not None]


def write_page(page: str, folder: Path) -> dict[Snippet, Path]:
    """The page's named blocks under their names, its complete maps each in a file of its own."""
    folder.mkdir(parents=True)
    paths = {}
    for block in BLOCKS[page]:
        if block.file_name or block.complete:
            path = folder / (block.file_name or f"line-{block.line}.journey.yaml")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(block.text, encoding="utf-8")
            paths[block] = path
    return paths


@pytest.mark.parametrize("page", sorted({block.page for block in CHECKED}))
def test_every_complete_map_on_the_page_is_formatted(page, tmp_path):
    paths = write_page(page, tmp_path / "page")
    maps = [block for block in CHECKED if block.page == page]
    names = [paths[block].relative_to(tmp_path / "page").as_posix() for block in maps]
    result = run("fmt", "--check", *names, cwd=tmp_path / "page")
    where = ", ".join(f"line {block.line}" for block in maps)
    assert result.returncode == 0, f"{page}: paste the output of `journeyctl fmt` over the maps ({where}):\n{result.out}{result.err}"
    assert result.out == ""
    # every map was read and found formatted, none left out for errors
    assert result.err == f"0 files would be formatted, {len(maps)} already formatted.\n", result.err


def test_the_check_covers_the_pages_that_show_maps():
    pages = {block.page for block in CHECKED}
    assert {"README.md", "docs/format.md", "docs/rules.md"} <= pages
    # every rule shows a passing and a failing map
    assert sum(block.page == "docs/rules.md" for block in CHECKED) >= 36
    # the imports example is checked with the library it imports
    imports = [block for block in CHECKED if re.search(r"^imports:", block.text, re.M)]
    assert imports and all(
        any(other.file_name for other in BLOCKS[block.page]) for block in imports
    ), "a map that imports a library needs the library's block on its page"


@pytest.mark.parametrize("key", sorted(ON_PURPOSE), ids=lambda key: f"{key[0]}:{key[1].strip()}")
def test_a_map_left_out_shows_a_mistake(key, tmp_path):
    page, line = key
    blocks = [block for block in SKIPPED if block.page == page and line in block.text.splitlines()]
    assert len(blocks) == 1, f"{page}: no complete map (or more than one) holds {line!r}; update ON_PURPOSE"
    path = write_page(page, tmp_path / "page")[blocks[0]]
    # it really is a map with mistakes: validate fails on it, so fmt has to leave it as it is
    assert run("validate", str(path)).returncode == 1
    result = run("fmt", "--check", str(path))
    assert result.returncode != 0
    assert "not formatted: it has" in result.err
