"""A run that a signal stops: SIGINT, SIGTERM and SIGHUP become an exception that unwinds it.

Within ``interruptible``, the signal calls what stops the work beside us (the layout
engine, worker processes) and raises ``Interrupted`` in the main thread, so every write in
progress removes its temporary file on the way out (``atomic``) and the command exits with
128 + the signal's number.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def interruptible(on_signal: Callable[[], None] | None = None) -> Iterator[None]:
    """Within the block, SIGINT, SIGTERM and SIGHUP raise ``Interrupted`` after calling ``on_signal``.

    ``on_signal`` stops what runs beside us (the layout engine); the exception
    then unwinds every write in progress, which removes its temporary file.
    Only the main thread can install signal handlers; elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):  # noqa: ARG001 - the signal handler's signature
        global _signalled
        _signalled = signum
        if on_signal is not None:
            on_signal()
        raise Interrupted(signum)

    previous = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


_signalled: int | None = None


def signalled() -> int | None:
    """The signal ``interruptible`` last caught, if any: a library that catches our
    ``Interrupted`` and raises its own error instead (DuckDB: "Query interrupted")
    still leaves this set."""
    return _signalled


class Interrupted(BaseException):
    """A signal asked the run to stop; the exit status is 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
