"""Searching a folder for journey and library files, without being led astray.

A folder given on the command line is searched for ``*.journey.yaml`` and
``*.library.yaml`` files (hidden folders, ``node_modules`` and ``__pycache__``
left out). What a file name promises is not trusted:

* a symbolic link is followed only when it leads to a file inside the same
  repository (the nearest folder above holding ``.git``, else the folder
  searched), the containment imports have; a link out (``x.journey.yaml`` ->
  ``/etc/passwd``) is skipped with a notice;
* a link that leads back to itself, or nowhere, is skipped with a notice;
* only regular files are read: a FIFO, a device or a socket named like a
  journey would hang or flood the run, and is skipped with a notice;
* linked folders are not entered, so a loop of folder links cannot make the
  search endless.

Files named one by one on the command line are read as given (``<(cat x)`` is
a pipe, and that is fine).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

SKIPPED_FOLDERS = ("node_modules", "__pycache__")


def walk(folder: Path, is_wanted: Callable[[str], bool], notice: Callable[[str], None]) -> Iterator[Path]:
    """The wanted files under ``folder``, in a stable order; ``notice`` hears about each one skipped."""
    from journeyctl.checker import repository_root

    root = repository_root(folder)
    for current, dirs, names in os.walk(folder, onerror=lambda error: notice(f"{error.filename}: cannot be searched: {error.strerror}; skipped")):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS)
        for name in sorted(names):
            if not is_wanted(name):
                continue
            path = Path(current) / name
            why = _why_not(path, root)
            if why is None:
                yield path
            else:
                notice(f"{path}: {why}; skipped")


def _why_not(path: Path, root: Path) -> str | None:
    """Why ``path`` is not read, or None when it is a regular file we may read."""
    try:
        info = os.lstat(path)
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if stat.S_ISLNK(info.st_mode):
        try:
            target = Path(os.path.realpath(path, strict=True))
        except OSError as error:
            if error.errno == errno.ELOOP:
                return "a symbolic link that leads back to itself"
            return "a symbolic link to nothing"
        except RuntimeError:
            return "a symbolic link that leads back to itself"
        if not target.is_relative_to(root):
            return f"a symbolic link that leads outside the repository ({root})"
        info = os.stat(target)
    if stat.S_ISREG(info.st_mode):
        return None
    return f"not a regular file but {_kind(info.st_mode)}"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"
