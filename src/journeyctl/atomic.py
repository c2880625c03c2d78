"""Write output files whole or not at all, and never destroy what is not ours to replace.

Every file journeyctl writes goes through here (``write_bytes``, ``write_text``,
and ``staged_folder`` for a whole site). What happens depends on what the
target is:

* a regular file, or nothing yet: the data goes to a temporary file in the
  same folder, named ``.NAME.journeyctl-tmp-XXXXXXXX`` so that people recognise
  it, is flushed to disk and renamed over the target in one step. An existing
  file keeps its mode; a new one gets ``0666`` less the umask, as any program
  that creates files does;
* a character device, a FIFO or a socket (``/dev/null``, ``/dev/stdout``, a
  named pipe): written through, as ``cat > target`` would; the device stays a
  device;
* a symbolic link: the file it points to is written (atomically, as above);
  the link stays a link. A link that points nowhere writable is refused;
* ``-``: standard output.

Temporary files are removed when a write fails or is interrupted (SIGINT, and
SIGTERM once ``interrupts.interruptible`` is in effect). A process killed outright
(SIGKILL, a power cut) can leave one behind: the next write into that folder
removes those older than a minute (``STALE_AFTER``), matching our own pattern
only.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import stat
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

TMP_MARK = ".journeyctl-tmp-"
STALE_AFTER = 60.0  # seconds: a temporary file older than this is left over from a killed run
_STALE = re.compile(r"^\..*" + re.escape(TMP_MARK) + r"[0-9a-f]{8}$")

_live: set[str] = set()  # temporary files and folders being written now
_lock = threading.Lock()
_umask: int | None = None


class WriteError(OSError):
    """An output that cannot be written; ``str()`` is a plain sentence for people."""

    def __init__(self, path: Path | str, reason: str, code: int | None = None) -> None:
        super().__init__(code or 0, reason)
        self.path = str(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.reason}"


REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "the file or folder may not be changed (permission denied, or marked immutable)",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "too many symbolic links (a link that leads back to itself?)",
    errno.ENOENT: "no such folder",
    errno.EXDEV: "the staging folder and the target are on different file systems",
    errno.EFBIG: "the file is too large for this file system",
    errno.EIO: "an input/output error on the device",
    errno.EBADF: "it is closed",
    errno.EPIPE: "the program reading it has gone",
}


def plain(error: OSError, path: Path | str | None = None) -> WriteError:
    """``error`` as a ``WriteError`` whose message a person can act on."""
    if isinstance(error, WriteError):
        return error
    if error.errno in (errno.ENOTDIR, errno.EEXIST) and path is not None:
        blocking = _file_in_the_way(Path(path))
        if blocking is not None:
            return WriteError(path, f"{blocking} is a file, not a folder", error.errno)
    reason = REASONS.get(error.errno or 0) or (error.strerror or str(error)).lower()
    return WriteError(path if path is not None else (error.filename or "the output"), reason, error.errno)


def _file_in_the_way(path: Path) -> Path | None:
    """The first folder of ``path`` that is in fact a file (``-o notes.txt/site/``), if any."""
    for parent in reversed(path.parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return None


def new_file_mode() -> int:
    """``0666`` less the process's umask: what ``open(..., "w")`` would give."""
    global _umask
    with _lock:
        if _umask is None:
            _umask = _read_umask()
        return 0o666 & ~_umask


def _read_umask() -> int:
    try:  # Linux 4.7+: read it without changing it
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _tmp_name(folder: Path, name: str) -> Path:
    return folder / f".{name}{TMP_MARK}{secrets.token_hex(4)}"


def clean_stale(folder: Path) -> None:
    """Remove temporary files and folders a killed run left in ``folder`` (ours only, and old)."""
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not _STALE.match(entry.name):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if now - info.st_mtime < STALE_AFTER:
                continue
            if stat.S_ISDIR(info.st_mode):
                shutil.rmtree(entry.path, ignore_errors=True)
            elif stat.S_ISREG(info.st_mode):
                os.unlink(entry.path)


def _track(path: str) -> None:
    with _lock:
        _live.add(path)


def _untrack(path: str) -> None:
    with _lock:
        _live.discard(path)


def remove_live() -> None:
    """Remove every temporary file or folder being written now (on a signal, before exiting)."""
    with _lock:
        paths = list(_live)
        _live.clear()
    for path in paths:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(path)


def resolve_target(path: Path) -> Path:
    """Where writing ``path`` really writes: a symbolic link's final target, else ``path``."""
    if not path.is_symlink():
        return path
    try:
        target = Path(os.path.realpath(path, strict=False))
    except (OSError, RuntimeError) as error:  # a loop of links
        raise WriteError(path, "it is a symbolic link that leads back to itself") from error
    if target.is_symlink():
        raise WriteError(path, "it is a symbolic link that leads back to itself")
    if not target.parent.is_dir():
        raise WriteError(path, f"it is a symbolic link to {target}, whose folder does not exist")
    if target.exists() and target.is_dir():
        raise WriteError(path, f"it is a symbolic link to the folder {target}")
    return target


def write_through(path: Path | str, data: bytes) -> None:
    """Write to a device, FIFO or socket as it is: open, write, close; never replace it."""
    try:
        with open(path, "wb", buffering=0) as handle:
            view = memoryview(data)
            while view:
                written = handle.write(view)
                view = view[written or len(view):]
    except OSError as error:
        raise plain(error, path) from None


def write_bytes(path: Path | str, data: bytes, *, make_parents: bool = True) -> str:
    """Write ``data`` to ``path`` whole or not at all (see the module's notes for devices and links).

    Returns "file" when a file was written (and replaced in one step), "stream"
    when the data went through to a device, a FIFO, a socket or standard output.
    """
    if str(path) == "-":
        _stdout(data)
        return "stream"
    path = Path(path)
    try:
        info = os.stat(path)  # follows links: what the path leads to
    except FileNotFoundError:
        info = None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise WriteError(path, "it is a symbolic link that leads back to itself") from None
        raise plain(error, path) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise WriteError(path, "it is a folder")
    descriptor = _descriptor(path)
    if descriptor is not None:
        # /dev/stdout, /dev/fd/N and /proc/self/fd/N name a file we hold open: write to it as it is
        # open (appending after `>>`), rather than opening it again, which would truncate it
        _write_descriptor(descriptor, data, path)
        return "stream"
    if info is not None and not stat.S_ISREG(info.st_mode):
        write_through(path, data)
        return "stream"
    target = resolve_target(path)
    try:
        if make_parents:
            target.parent.mkdir(parents=True, exist_ok=True)
        _replace(target, data, info)
    except OSError as error:
        raise plain(error, path) from None
    return "file"


def _descriptor(path: Path) -> int | None:
    """The open file descriptor ``path`` names (``/dev/stdout`` is 1), or None."""
    text = os.path.abspath(path)
    named = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
    if text in named:
        return named[text]
    for prefix in ("/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"):
        if text.startswith(prefix) and text[len(prefix):].isdigit():
            return int(text[len(prefix):])
    return None


def _write_descriptor(fd: int, data: bytes, path: Path) -> None:
    stream = {0: sys.stdin, 1: sys.stdout, 2: sys.stderr}.get(fd, False)
    if stream is None:  # closed when journeyctl started: the number may now belong to a file we opened
        raise WriteError(path, "it is closed")
    if fd == 1:
        with contextlib.suppress(ValueError, OSError):
            sys.stdout.flush()
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except BrokenPipeError:
        raise
    except OSError as error:
        raise plain(error, path) from None


def write_text(path: Path | str, text: str, *, make_parents: bool = True) -> str:
    return write_bytes(path, text.encode("utf-8"), make_parents=make_parents)


def _stdout(data: bytes) -> None:
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise plain(error, "standard output") from None


def _replace(target: Path, data: bytes, info: os.stat_result | None) -> None:
    folder = target.parent
    clean_stale(folder)
    tmp = _tmp_name(folder, target.name)
    _track(str(tmp))
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            _set_mode(handle.fileno(), info)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    finally:
        _untrack(str(tmp))


def _set_mode(fd: int, info: os.stat_result | None) -> None:
    """An existing file's mode (and owner, when we may), else the umask's mode for a new file."""
    if info is None:
        os.fchmod(fd, new_file_mode())
        return
    if hasattr(os, "fchown"):
        with contextlib.suppress(OSError):
            os.fchown(fd, info.st_uid, info.st_gid)
    os.fchmod(fd, stat.S_IMODE(info.st_mode))


@contextlib.contextmanager
def staged_folder(out: Path) -> Iterator[Path]:
    """A temporary folder whose files move into ``out`` when the block ends without error.

    Write every file of a site into the folder this yields; nothing reaches
    ``out`` until all of them are written and flushed. When ``out`` does not
    exist yet, the staging folder is made beside it and renamed to it in one
    step; otherwise it is made inside ``out`` and each file is renamed over its
    counterpart (keeping that file's mode). On error the staging folder is removed.
    """
    out = Path(out)
    fresh = not out.exists()
    try:
        if fresh:
            parent = out.parent
            parent.mkdir(parents=True, exist_ok=True)
            clean_stale(parent)
            stage = _tmp_name(parent, out.name)
        else:
            if not out.is_dir():
                raise WriteError(out, "it is a file, not a folder")
            clean_stale(out)
            stage = _tmp_name(out, "site")
        _track(str(stage))
        os.mkdir(stage, 0o700)
    except OSError as error:
        raise plain(error, out) from None
    try:
        yield stage
        _commit(stage, out, fresh)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    finally:
        _untrack(str(stage))


def stage_file(stage: Path, name: str, data: bytes, existing: Path | None = None) -> None:
    """One file of a staged folder, flushed to disk, with ``existing``'s mode when there is one."""
    try:
        info = os.stat(existing) if existing is not None and existing.is_file() else None
    except OSError:
        info = None
    path = stage / name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            _set_mode(handle.fileno(), info)
    except OSError as error:
        raise plain(error, existing or path) from None


def _commit(stage: Path, out: Path, fresh: bool) -> None:
    try:
        _fsync_dir(stage)
        if fresh:
            os.chmod(stage, 0o777 & ~_umask_or_default())
            os.rename(stage, out)
            _fsync_dir(out.parent)
            return
        names = sorted(os.listdir(stage))
        for name in names:  # every target checked before the first one is replaced
            target = out / name
            if target.is_symlink():
                raise WriteError(target, "it is a symbolic link; a site replaces only regular files")
            if target.exists() and not target.is_file():
                raise WriteError(target, "it is not a regular file; a site replaces only regular files")
        for name in names:
            os.replace(stage / name, out / name)
        os.rmdir(stage)
        _fsync_dir(out)
    except OSError as error:
        raise plain(error, out) from None


def _umask_or_default() -> int:
    new_file_mode()
    return _umask if _umask is not None else 0o022


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
