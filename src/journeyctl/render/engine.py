"""Finding and running the Graphviz layout engine.

Two engines read the DOT source we write:

* ``graphviz-pure`` (the default): a Rust port of Graphviz 16.1 installed by
  pip with journeyctl, as a program of that name. It writes SVG and PNG, the
  same bytes on every machine, and needs no system package.
* ``dot``: the Graphviz of the system (Debian's package ``graphviz``, Homebrew's
  ``graphviz``...). The only way to PDF.

The choice is ``--engine``, else the ``JOURNEYCTL_ENGINE`` environment variable,
else ``graphviz-pure`` (``dot`` for PDF). A program is looked for first next to
the running Python (the virtual environment's ``bin``), then on ``PATH``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ENV = "JOURNEYCTL_ENGINE"
DEFAULT = "graphviz-pure"
TIMEOUT = 120.0

INSTALL_PURE = "pip install graphviz-pure (it comes with journeyctl: reinstalling journeyctl brings it back)"
INSTALL_DOT = "apt-get install graphviz on Debian and Ubuntu, brew install graphviz on macOS, or see https://graphviz.org/download/"


@dataclass(frozen=True)
class EngineKind:
    name: str
    program: str
    formats: frozenset[str]
    install: str


ENGINES: dict[str, EngineKind] = {
    "graphviz-pure": EngineKind("graphviz-pure", "graphviz-pure", frozenset({"svg", "png"}), INSTALL_PURE),
    "dot": EngineKind("dot", "dot", frozenset({"svg", "png", "pdf"}), INSTALL_DOT),
}


class EngineError(Exception):
    """The engine cannot be used or did not finish; the message is for people."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Engine:
    kind: EngineKind
    path: str

    def run(self, source: str, output_format: str, timeout: float = TIMEOUT, layout: tuple[str, ...] = ("-Kdot",)) -> bytes:
        """The engine's output for ``source`` in ``output_format`` (svg, png, pdf, or dot for positions).

        ``layout`` picks the layout: dot's by default; ``("-Kneato", "-n2")``
        draws a graph whose positions are already given.
        """
        command = [self.path, *layout, f"-T{output_format}"]
        try:
            done = run_child(command, source.encode("utf-8"), timeout)
        except subprocess.TimeoutExpired:
            raise EngineError(
                f"the layout engine ({self.kind.name}) was still running when the time limit ran out, and was stopped; "
                "give it longer with --timeout, or draw fewer touchpoints (--persona)"
            ) from None
        except OSError as error:
            raise EngineError(f"cannot run the layout engine {self.path}: {error.strerror or error}") from None
        if done.returncode != 0 or not done.stdout:
            raise EngineError(f"the layout engine ({self.kind.name}) failed: {_reason(done)}", exit_code=3)
        return done.stdout


# The engine never outlives journeyctl. On Linux the kernel is asked to kill it when
# its parent dies (prctl PR_SET_PDEATHSIG, kept across exec): when journeyctl runs a
# single thread, by the forked child itself just before it becomes the engine
# (``_die_with_parent``; code between fork and exec is safe only without other
# threads, native ones included); otherwise by a two-line wrapper, a second Python that then becomes the
# engine (about 10 ms of CPU more). Everywhere the engine runs in its own process
# group, which is killed on a timeout and when journeyctl is stopped by a signal
# (``stop_all``).
_WRAPPER = (
    "import os,sys\n"
    "try:\n"
    " import ctypes,signal\n"
    " ctypes.CDLL(None).prctl(1,signal.SIGKILL,0,0,0)\n"  # PR_SET_PDEATHSIG
    "except Exception:\n"
    " pass\n"
    "os.getppid()==int(sys.argv[1]) or os._exit(137)\n"  # the parent died before prctl
    "try:\n"
    " os.execv(sys.argv[2],sys.argv[2:])\n"
    "except OSError as e:\n"
    " sys.stderr.write('cannot run '+sys.argv[2]+': '+e.strerror+'\\n');os._exit(127)\n"
)
_children: set[subprocess.Popen] = set()
_children_lock = threading.Lock()
_stopping = False
_started = threading.local()  # per thread: what to call once its next engine is running (``when_started``)


def when_started(call: Callable[[], None] | None) -> None:
    """Have the next engine this thread runs call ``call`` once its process has started (None: no longer).

    Work that does not need the layout (the rest of an HTML page) can then run in a thread
    of its own while the engine lays out on the other core. The engine is started first,
    so that journeyctl is still one thread when it forks (``_die_with_parent_hook``).
    """
    _started.call = call


def _wrapped(command: list[str]) -> list[str]:
    if sys.platform.startswith("linux"):
        return [sys.executable, "-I", "-S", "-c", _WRAPPER, str(os.getpid()), *command]
    return command


def _die_with_parent_hook():
    """A function for the child between fork and exec that ties it to this process, or None (forked.py)."""
    from journeyctl.forked import tie_to_this_process

    return tie_to_this_process()


def run_child(command: list[str], data: bytes, timeout: float) -> subprocess.CompletedProcess:
    """Run ``command`` on ``data`` in its own process group; kill the group after ``timeout`` seconds."""
    if timeout <= 0:
        raise subprocess.TimeoutExpired(command, timeout)
    with _children_lock:
        if _stopping:
            raise OSError(errno.EINTR, "journeyctl is stopping")
        hook = _die_with_parent_hook()
        child = subprocess.Popen(
            command if hook is not None else _wrapped(command),
            preexec_fn=hook,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            close_fds=True,
        )
        _children.add(child)
    try:
        started = getattr(_started, "call", None)
        if started is not None:
            _started.call = None
            data = _pour(child, data)
            if not data:  # the engine holds all its input: this thread has nothing to do but wait
                started()
        stdout, stderr = child.communicate(data, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(child)
        child.communicate()
        raise
    except BaseException:
        _kill(child)
        raise
    finally:
        with _children_lock:
            _children.discard(child)
    return subprocess.CompletedProcess(command, child.returncode, stdout, stderr)


_SET_PIPE_SIZE = 1031  # fcntl's F_SETPIPE_SZ (Linux)
_PIPE_MOST = 1 << 20  # the most an unprivileged process may ask for (/proc/sys/fs/pipe-max-size)


def _pour(child: subprocess.Popen, data: bytes) -> bytes:
    """Write as much of ``data`` into the engine's input as its pipe takes without waiting; the rest.

    Linux lets the pipe grow to hold a big map's DOT (300 kB at 500 touchpoints) at once, so
    that no other thread of journeyctl delays the engine's input while this one waits for it
    (a thread that wants Python's interpreter lock back waits up to 5 ms each time).
    """
    if child.stdin is None or not data:
        return data
    fd = child.stdin.fileno()
    with contextlib.suppress(ImportError, OSError, ValueError, AttributeError):  # not Linux, or a pipe that stays as it is
        import fcntl

        fcntl.fcntl(fd, _SET_PIPE_SIZE, min(len(data), _PIPE_MOST))
    written = 0
    try:
        os.set_blocking(fd, False)
        try:
            written = os.write(fd, data)
        finally:
            os.set_blocking(fd, True)
    except (BlockingIOError, InterruptedError):
        written = 0
    except BrokenPipeError:
        return b""  # the engine has already ended: what it said is read as ever, its input no longer
    return data[written:]


def _kill(child: subprocess.Popen) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (OSError, AttributeError):
        with contextlib.suppress(OSError):
            child.kill()


def stop_all() -> None:
    """Kill every engine running now and start no more (journeyctl is being stopped)."""
    global _stopping
    with _children_lock:
        _stopping = True
        children = list(_children)
    for child in children:
        _kill(child)


def _reason(done: subprocess.CompletedProcess) -> str:
    lines = [line.strip() for line in done.stderr.decode("utf-8", errors="replace").splitlines()]
    errors = [line for line in lines if line and not line.lower().startswith("warning")]
    if done.returncode < 0:
        return f"it was stopped by signal {-done.returncode}" + (f" ({errors[0]})" if errors else "")
    if errors:
        return "; ".join(errors[:3]) + (" …" if len(errors) > 3 else "")
    return f"it exited with status {done.returncode} and wrote nothing"


def search_dirs() -> list[str]:
    """Where to look before PATH: the running Python's scripts folder (a venv's bin)."""
    dirs = []
    for folder in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        if folder and folder not in dirs:
            dirs.append(folder)
    return dirs


def locate(program: str) -> str | None:
    for folder in search_dirs():
        found = shutil.which(program, path=folder)
        if found:
            return found
    return shutil.which(program)


def choose(requested: str | None, output_format: str) -> Engine:
    """The engine for ``output_format``: from ``--engine``, else the environment, else the default."""
    source = "--engine"
    name = requested
    if not name:
        name, source = os.environ.get(ENV, "").strip(), ENV
    if not name:
        name, source = ("dot" if output_format == "pdf" else DEFAULT), ""
    kind = ENGINES.get(name)
    if kind is None:
        choices = " or ".join(sorted(ENGINES))
        raise EngineError(f'unknown layout engine "{name}" (from {source}); choose {choices}')
    if output_format not in kind.formats:
        raise EngineError(
            f"{kind.name} cannot write {output_format.upper()}; use --engine dot (Graphviz: {INSTALL_DOT}), "
            "or ask for svg or png"
        )
    path = locate(kind.program)
    if path is None:
        why = "PDF needs Graphviz's dot program, which " if output_format == "pdf" and kind.name == "dot" else f"the layout engine {kind.program} "
        raise EngineError(f"{why}is not installed here (looked next to {sys.executable} and on PATH); install it: {kind.install}")
    return Engine(kind, path)
