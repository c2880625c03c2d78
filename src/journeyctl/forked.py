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
  the messages and the exit code are those of one process;
* when the parent stops (an exception, or a signal that ``atomic.interruptible`` turns
  into one), the workers are killed on the way out; a worker's own children (the layout
  engine) die with it (``render.engine`` asks the kernel for that);
* with one job, one item, or no ``fork`` on the system, the work runs here, in order.

Workers ignore SIGINT (the parent handles Ctrl-C and stops them) and die on SIGTERM and
SIGHUP, whatever handlers the parent had when it forked.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# What the forked workers run: set in the parent just before the fork, read in the children.
_work: tuple[Callable, Sequence] | None = None


def available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


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
    pool = multiprocessing.get_context("fork").Pool(processes=count, initializer=_start_worker)
    try:
        outcomes = pool.map(_one, range(len(items)), chunksize=1)
    finally:
        pool.terminate()  # at once when something went wrong: a worker's engine dies with it
        pool.join()
        _work = None
    results = []
    for ok, value in outcomes:
        if not ok:
            raise value
        results.append(value)
    return results


def _start_worker() -> None:
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
        return False, error
