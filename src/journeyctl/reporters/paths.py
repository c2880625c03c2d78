"""Paths as CI tools want them: relative to the repository root, not to the working folder.

GitHub places an annotation or a code-scanning result by its path from the root
of the repository, and SARIF viewers resolve a result's URI against a base
(``%SRCROOT%``). journeyctl shows paths relative to the folder it runs in; run
from a subfolder, or given absolute paths, those would point nowhere. The root
is the nearest folder at or above the working folder that holds ``.git`` (a
folder, or the file a worktree or submodule has), found by looking, without
running git; without one, the working folder. A file outside the root keeps its
absolute path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePath


def repository_root(folder: Path) -> Path:
    """The nearest folder at or above ``folder`` holding .git; else ``folder`` itself."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


@dataclass(frozen=True)
class RepositoryPaths:
    cwd: Path
    root: Path

    @classmethod
    def here(cls) -> RepositoryPaths:
        cwd = Path(os.path.abspath(os.getcwd()))
        return cls(cwd, repository_root(cwd))

    def absolute(self, shown: str) -> Path | None:
        """The absolute path of a path as journeyctl shows it; None for standard input."""
        if shown.startswith("<"):
            return None
        return Path(os.path.normpath(self.cwd / shown))

    def relative(self, shown: str) -> str:
        """``shown`` relative to the root, with forward slashes; absolute when outside the root."""
        path = self.absolute(shown)
        if path is None:
            return shown
        try:
            return PurePath(path.relative_to(self.root)).as_posix()
        except ValueError:
            return path.as_posix()

    def inside(self, shown: str) -> bool:
        path = self.absolute(shown)
        return path is not None and path.is_relative_to(self.root)
