"""The journey and library files of one side of a comparison, each checked as ``validate`` checks it.

A commit's or the index's files are read from git (never checked out) into a
private temporary folder, with every YAML file of that side, so that imports
resolve to the libraries as they were at that revision; the working tree is
checked where it is. Problems keep their place, named the git way:
``HEAD:shop.journey.yaml:12:5``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from journeyctl.checker import Document, check_sources
from journeyctl.lifecycle.git import WORKTREE, Repository, Side
from journeyctl.problems import Problem
from journeyctl.sources import is_journey_file

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Snapshot:
    side: Side
    files: dict[str, Document] = field(default_factory=dict)  # repository path -> checked document
    names: set[str] = field(default_factory=set)  # every file of the side, to tell a path not in the repository


def selected(names: list[str], prefixes: list[str]) -> list[str]:
    """The journey and library files under ``prefixes`` ("" is the whole repository); a file named exactly is taken whatever its name."""
    chosen = []
    for name in names:
        for prefix in prefixes:
            if name == prefix or (is_journey_file(name) and (not prefix or name.startswith(prefix.rstrip("/") + "/"))):
                chosen.append(name)
                break
    return chosen


def read(repo: Repository, side: Side, prefixes: list[str]) -> Snapshot:
    if side.kind == WORKTREE:
        names = repo.worktree_files()
        chosen = selected(names, prefixes)
        root = repo.root.resolve()
        checker = check_sources([root / name for name in chosen])
        return Snapshot(side, _by_path(checker.documents.values(), root, side, chosen), set(names))
    blobs = repo.blobs(side)
    chosen = selected(sorted(blobs), prefixes)
    wanted = sorted({name for name in blobs if name.endswith(YAML_SUFFIXES)} | set(chosen))
    contents = repo.read_blobs([blobs[name] for name in wanted])
    folder = Path(tempfile.mkdtemp(prefix="journeyctl-diff-")).resolve()
    try:
        (folder / ".git").mkdir()  # imports may not leave the repository: this folder stands for it
        for name in wanted:
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(contents.get(blobs[name], b""))
        checker = check_sources([folder / name for name in chosen])
        return Snapshot(side, _by_path(checker.documents.values(), folder, side, chosen), set(blobs))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def read_files(old: Path, new: Path) -> tuple[Document | None, Document | None, list[str]]:
    """Two files outside git (``--no-index``): their documents, and what could not be read."""
    checker = check_sources([old, new])
    found = {doc.file: doc for doc in checker.documents.values() if doc.file is not None}
    return found.get(old.resolve()), found.get(new.resolve()), list(checker.usage_errors)


def _by_path(documents, root: Path, side: Side, chosen: list[str]) -> dict[str, Document]:
    wanted = set(chosen)
    found: dict[str, Document] = {}
    for doc in documents:
        if doc.file is None:
            continue
        try:
            name = Path(os.path.relpath(doc.file, root)).as_posix()
        except ValueError:
            continue
        if name.startswith(".."):
            continue
        where = side.place(name)
        doc.problems = [replace(problem, path=where) if isinstance(problem, Problem) else problem for problem in doc.problems]
        doc.path = where
        if name in wanted:
            found[name] = doc
    return found
