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
* with one job, one item, or where forking is not safe (``available``), the work runs
  here, in order.

Workers ignore SIGINT (the parent handles Ctrl-C and stops them) and die on SIGTERM and
SIGHUP, whatever handlers the parent had when it forked.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# What the forked workers run: set in the parent just before the fork, read in the children.
_work: tuple[Callable, Sequence] | None = None


def available() -> bool:
    """Whether forking is safe here and now: a system that forks (Linux), and one thread in
    this process (a fork copies no other thread, and locks they held stay held in the copy:
    an analytics engine run before, as ``render --events`` does, leaves threads of its own)."""
    return hasattr(os, "fork") and _threads() == 1


def each(work: Callable[[Item], Result], items: Sequence[Item], jobs: int) -> list[Result]:
    """``[work(item) for item in items]``, in up to ``jobs`` forked processes."""
    global _work
    count = min(jobs, len(items))
    if count <= 1 or not available():
        return [work(item) for item in items]
    _work = (work, items)
    for stream in (sys.stdout, sys.stderr):  # a worker flushes what it inherited when it ends
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    import multiprocessing  # only here: a run that draws one journey does without it

    tie = tie_to_this_process()  # made here, in the parent, before the fork
    pool = multiprocessing.get_context("fork").Pool(processes=count, initializer=_start_worker, initargs=(tie,))
    try:
        outcomes = pool.map(_one, range(len(items)), chunksize=1)
    finally:
        pool.terminate()  # at once when something went wrong: a worker's engine dies with it
        pool.join()
        _work = None
    results = []
    for index, (ok, value) in enumerate(outcomes):
        if not ok and value is None:  # what the worker met could not be sent: meet it here
            results.append(work(items[index]))
        elif not ok:
            raise value
        else:
            results.append(value)
    return results


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


def _one(index: int) -> tuple[bool, object]:
    work, items = _work  # type: ignore[misc]
    try:
        return True, work(items[index])
    except Exception as error:  # noqa: BLE001 - raised again in the parent, in input order
        try:
            pickle.dumps(error)
        except Exception:  # noqa: BLE001 - it cannot travel: the parent does the item again, and meets it itself
            return False, None
        return False, error
