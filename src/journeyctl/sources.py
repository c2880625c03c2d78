"""Which files to check, and reading them as text without trusting them.

Folders are searched for journey and library files; ``-`` is standard input.
Bytes become text only when they are UTF-8 and small enough: a binary file, a
file in another encoding or a huge file is a problem at a place, not a crash.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from journeyctl.problems import Problem, Span

MAX_BYTES = 10 * 1024 * 1024
SUFFIXES = (".journey.yaml", ".journey.yml", ".library.yaml", ".library.yml")
STDIN = "-"
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class Found:
    """The inputs a command line names, and what it named that is not there."""

    files: list[Path | str]  # a Path, or STDIN
    errors: list[str]


def is_journey_file(name: str) -> bool:
    return name.endswith(SUFFIXES)


def display(path: Path) -> str:
    """A path as people should see it: relative to the current folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def find(paths: list[str]) -> Found:
    files: list[Path | str] = []
    errors: list[str] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    for raw in paths:
        if raw == STDIN:
            if STDIN not in files:
                files.append(STDIN)
            continue
        path = Path(raw)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except (OSError, ValueError) as error:  # a name too long, a NUL byte
            errors.append(f"{raw}: cannot be read: {(getattr(error, 'strerror', None) or str(error)).lower()}")
            continue
        if is_dir:
            found = list(_walk(path))
            if not found:
                errors.append(f"{raw}: no journey files here (looked for *.journey.yaml and *.library.yaml)")
            for item in found:
                add(item)
        elif exists:
            add(path)
        elif path.is_symlink():
            errors.append(f"{raw}: a symbolic link that leads back to itself or to nothing")
        else:
            errors.append(f"{raw}: no such file or folder")
    return Found(files, errors)


def _walk(folder: Path):
    """The journey and library files under ``folder``: regular files inside the repository (see ``walk``)."""
    from journeyctl.walk import walk

    return walk(folder, is_journey_file, _notice)


def _notice(message: str) -> None:
    """A file the folder search skips, said on standard error (machine formats stay clean on stdout)."""
    from journeyctl.reporters.safe import safe

    sys.stderr.write(f"journeyctl: notice: {safe(message)}\n")  # a file name may hold control characters


class ReadError(Exception):
    """The input could not be read at all (permissions, a folder, a vanished file)."""


def read_bytes(source: Path | str) -> bytes:
    """At most MAX_BYTES + 1 bytes of the file, so a huge file is never loaded whole."""
    try:
        if source == STDIN:
            return sys.stdin.buffer.read(MAX_BYTES + 1)
        with open(source, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise ReadError(f"{source}: cannot read: {error.strerror or error}") from None


def decode(data: bytes, path: str) -> tuple[str | None, Problem | None]:
    """The text of ``data``, or the problem that keeps it from being text."""
    if len(data) > MAX_BYTES:
        return None, Problem(path, Span.point(1, 1), "Y002", f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB", hint="Split the journey into several files.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(path, Span.point(1, 1), "Y001", "the file is saved as UTF-16; journeyctl reads UTF-8", hint="Save the file as UTF-8 in your editor.")
    nul = data.find(b"\x00")
    if nul >= 0:
        return None, Problem(path, _byte_span(data, nul), "Y001", "this is a binary file, not YAML text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        return None, Problem(path, _byte_span(data, error.start), "Y001", f"the file is not UTF-8 text (byte 0x{byte:02X})", hint="Save the file as UTF-8 in your editor.")
    return text.removeprefix("\ufeff"), None


# The line breaks YAML knows, in UTF-8: CR LF, a lone CR (old Mac files), LF, NEL, U+2028, U+2029.
_LINE_BREAK = re.compile(b"\r\n|[\r\n]|\xc2\x85|\xe2\x80[\xa8\xa9]")


def _byte_span(data: bytes, offset: int) -> Span:
    breaks = list(_LINE_BREAK.finditer(data, 0, offset))
    line_start = breaks[-1].end() if breaks else 0
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Span.point(len(breaks) + 1, column)
