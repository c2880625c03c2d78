"""Standard input, output and error as they really are: closed, full, or gone.

A CI script may close a stream (``journeyctl validate >&-``), point standard output
at a full disk or ``/dev/full``, or pipe it into ``head``. Python starts with
``sys.stdout`` set to None when descriptor 1 is closed, and reports a failed write
only when its buffer is flushed, possibly at exit, as a traceback and status 120.
``guard()`` puts a stream in each place, so that:

* writing to a closed or failing standard output raises ``OutputError``, which the
  command line turns into one plain sentence on standard error and exit 2;
* reading a closed standard input (``validate -``) fails like any unreadable file;
* a closed standard error swallows what would be written to it.

``finish()`` flushes standard output before exit, so a full device is reported
while we can still say so, and then points descriptor 1 at /dev/null so that
Python's own flush at exit has nothing left to fail on.
"""

from __future__ import annotations

import errno
import io
import os
import sys

REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "the disk quota is used up",
    errno.EBADF: "it is closed",
    errno.EIO: "an input/output error on the device",
    errno.EFBIG: "the file is too large for this file system",
    errno.EPIPE: "the program reading it has stopped",
}


class OutputError(Exception):
    """Standard output cannot be written; ``str()`` is a plain sentence."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error
        self.broken_pipe = isinstance(error, BrokenPipeError)

    def __str__(self) -> str:
        reason = REASONS.get(self.error.errno or 0) or (self.error.strerror or str(self.error)).lower()
        return f"cannot write to standard output: {reason}"


class _Closed(io.RawIOBase):
    """A stream whose descriptor was closed before we started: every use fails with EBADF."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        raise OSError(errno.EBADF, f"standard {self.name} is closed")

    def write(self, data) -> int:
        raise OSError(errno.EBADF, f"standard {self.name} is closed")

    def isatty(self) -> bool:
        return False


class _Guarded:
    """Standard output, with every failure of a write or flush raised as ``OutputError``."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, data):
        try:
            return self._stream.write(data)
        except OSError as error:
            raise OutputError(error) from None

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise OutputError(error) from None

    @property
    def buffer(self):
        inner = getattr(self._stream, "buffer", None)
        return _Guarded(inner) if inner is not None else None

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _closed_text(name: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BufferedRWPair(_Closed(name), _Closed(name)), encoding="utf-8", errors="replace")


def guard() -> None:
    """Make the three standard streams safe to use whatever state they are in."""
    if sys.stdin is None:
        sys.stdin = _closed_text("input")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stdout is None:
        sys.stdout = _closed_text("output")
    if not isinstance(sys.stdout, _Guarded):
        sys.stdout = _Guarded(sys.stdout)


def finish() -> None:
    """Flush standard output now, raising ``OutputError`` if it cannot take what is left."""
    sys.stdout.flush()


def abandon() -> None:
    """Give up on standard output: what is still buffered goes to /dev/null, not to a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        fd = sys.__stdout__.fileno() if sys.__stdout__ is not None else 1
        os.dup2(devnull, fd)
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
    if sys.__stdout__ is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
