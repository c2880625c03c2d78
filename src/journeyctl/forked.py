"""The same work on several items in forked worker processes, with the results of one.

``render`` draws each journey with Python (the DOT, the page, the safety pass) and the
layout engine (a child process). With several journeys and several cores, threads let
the engines run side by side but not the Python, which one lock serialises; worker
processes run both. ``each(work, items, jobs)`` is ``[work(item) for item in items]``
computed in up to ``jobs`` forked processes:

* the workers are forked, so they start with everything the parent has built (the
  checked journeys, the template environment): an item is sent as its index, never
  pickled, and only the results come back;
* results come back in input order, and an exception is raised in the parent for the
  first failing item in input order, whichever worker finished first, so the output,
  the messages and the exit code are those of one process (an exception that cannot be
  sent back is met again by doing that item in the parent);
* when the parent stops (an exception, or a signal that ``interrupts.interruptible`` turns
  into one), the workers are killed on the way out; killed outright, it takes them with
  it (``tie_to_this_process``, which the layout engine's process uses too), and a
  worker's own children (the engine) die with the worker;
* a worker that dies before its work is done (killed, out of memory) is ``WorkerDied``
  in the parent, not a wait for ever;
* with one job, one item, or where forking is not safe (``available``), the work runs
  here, in order.

Workers ignore SIGINT (the parent handles Ctrl-C and stops them) and die on SIGTERM and
SIGHUP, whatever handlers the parent had when it forked.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

def available() -> bool:
    """Whether forking is safe here and now: a system that forks (Linux), and one thread in
    this process (a fork copies no other thread, and locks they held stay held in the copy:
    an analytics engine run before, as ``render --events`` does, leaves threads of its own)."""
    return hasattr(os, "fork") and _threads() == 1


def default_jobs() -> int:
    """The processor cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def each(work: Callable[[Item], Result], items: Sequence[Item], jobs: int) -> list[Result]:
    """``[work(item) for item in items]``, in up to ``jobs`` forked processes."""
    count = min(jobs, len(items))
    if count <= 1 or not available():
        return [work(item) for item in items]
    for stream in (sys.stdout, sys.stderr):  # a worker would otherwise write out what it inherited
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    tie = tie_to_this_process()  # made here, in the parent, before the forks
    workers: list[_Worker] = []
    try:
        try:
            for _ in range(count):
                workers.append(_Worker.start(work, items, tie, workers))
        except OSError:  # no more processes to be had (a limit, memory): those started share the work
            if not workers:
                return [work(item) for item in items]
        outcomes = _share_out(workers, len(items))
    finally:
        for worker in workers:
            worker.stop()  # at once: a worker still drawing takes its engine with it
    results = []
    for index, (ok, value) in enumerate(outcomes):
        if not ok and value is None:  # what the worker met could not be sent: meet it here
            results.append(work(items[index]))
        elif not ok:
            raise value
        else:
            results.append(value)
    return results


class WorkerDied(RuntimeError):
    """A worker process ended before its work was done: killed, or out of memory."""

    exit_code = 3  # as a layout engine that failed: something outside the files gave way


class _Worker:
    """One forked process with a pipe each way: indexes go in, pickled outcomes come out."""

    def __init__(self, pid: int, tasks: int, outcomes: int) -> None:
        self.pid, self.tasks, self.outcomes = pid, tasks, outcomes
        self.doing: int | None = None

    @classmethod
    def start(cls, work: Callable, items: Sequence, tie: Callable[[], None] | None, others: list["_Worker"]) -> "_Worker":
        task_read, task_write = os.pipe()
        out_read, out_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: it never returns
            code = 1
            try:
                os.close(task_write)
                os.close(out_read)
                for other in others:  # the other workers' pipes are theirs
                    os.close(other.tasks)
                    os.close(other.outcomes)
                _start_worker(tie)
                _serve(work, items, task_read, out_write)
                code = 0
            finally:
                os._exit(code)
        os.close(task_read)
        os.close(out_write)
        return cls(pid, task_write, out_read)

    def give(self, index: int) -> None:
        self.doing = index
        os.write(self.tasks, _LENGTH.pack(index))

    def stop(self) -> None:
        for fd in (self.tasks, self.outcomes):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(self.pid, 0)


_LENGTH = struct.Struct("!q")


def _share_out(workers: list[_Worker], count: int) -> list[tuple[bool, object]]:
    """Give the workers the items one at a time, as each finishes one; their outcomes, in input order."""
    import selectors

    outcomes: list = [None] * count
    following = 0
    with selectors.DefaultSelector() as waiting:
        for worker in workers:
            if following < count:
                worker.give(following)
                following += 1
                waiting.register(worker.outcomes, selectors.EVENT_READ, worker)
        done = 0
        while done < count:
            for key, _ in waiting.select():
                worker = key.data
                message = _read_message(worker.outcomes)
                if message is None:
                    raise WorkerDied("a worker process ended before its work was done (was it killed, or out of memory?)")
                outcomes[worker.doing] = pickle.loads(message)
                done += 1
                if following < count:
                    worker.give(following)
                    following += 1
                else:
                    waiting.unregister(worker.outcomes)
    return outcomes


def _serve(work: Callable, items: Sequence, tasks: int, outcomes: int) -> None:
    while True:
        header = _read_exactly(tasks, _LENGTH.size)
        if header is None:
            return  # the parent is done with us
        outcome = _one(work, items, _LENGTH.unpack(header)[0])
        message = pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
        _write_all(outcomes, _LENGTH.pack(len(message)) + message)


def _read_message(fd: int) -> bytes | None:
    header = _read_exactly(fd, _LENGTH.size)
    return None if header is None else _read_exactly(fd, _LENGTH.unpack(header)[0])


def _read_exactly(fd: int, size: int) -> bytes | None:
    """``size`` bytes from ``fd``, or None when it ends first (the other side is gone)."""
    parts, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


_prctl = None  # libc's prctl, once looked up; False where there is none


def _threads() -> int:
    """Threads of this process, native ones too (an analytics engine starts its own), by the kernel's count."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0  # unknown: taken as several


def tie_to_this_process() -> Callable[[], None] | None:
    """A function for a child of this process, to run first thing after the fork, that has
    the kernel kill the child when this process dies (Linux: prctl PR_SET_PDEATHSIG, kept
    across exec); None where that cannot be done safely.

    Code between fork and exec is safe only when the process forking has one thread
    (native threads count: an analytics engine starts its own), so with several the
    answer is None too.
    """
    global _prctl
    if not sys.platform.startswith("linux") or _threads() != 1:
        return None
    if _prctl is None:
        try:
            import ctypes

            _prctl = ctypes.CDLL(None, use_errno=True).prctl
        except (ImportError, OSError, AttributeError):
            _prctl = False
    if _prctl is False:
        return None
    prctl, parent, kill = _prctl, os.getpid(), signal.SIGKILL

    def die_with_parent() -> None:
        prctl(1, kill, 0, 0, 0)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before prctl
            os._exit(137)

    return die_with_parent


def _start_worker(tie: Callable[[], None] | None) -> None:
    if tie is not None:
        tie()  # a worker dies with the parent, even a parent killed outright (SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, signal.SIG_DFL)


def _one(work: Callable, items: Sequence, index: int) -> tuple[bool, object]:
    try:
        return True, work(items[index])
    except Exception as error:  # noqa: BLE001 - raised again in the parent, in input order
        try:
            pickle.dumps(error)
        except Exception:  # noqa: BLE001 - it cannot travel: the parent does the item again, and meets it itself
            return False, None
        return False, error
