"""``journeyctl.forked.each``: work on several items in forked processes, with the results of one.

Each case runs in a fresh Python, as a command does: the test process itself runs
threads of its own (the test tools'), and ``each`` forks only a process that has one.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")

# What every case's program starts with: the work functions the cases hand to ``each``.
PRELUDE = textwrap.dedent(
    """
    import json, os, sys, threading, time
    from journeyctl import forked

    def square_with_pid(item):
        time.sleep(0.02)
        return item * item, os.getpid()

    def fails(item):
        if item == 0:
            time.sleep(0.3)  # the first item fails last
            raise ValueError("the first")
        if item == 3:
            raise KeyError("a later one")
        return item

    class Unsendable(Exception):
        def __init__(self, message, handle):
            super().__init__(message)
            self.handle = handle  # a lock: the exception cannot be pickled

    def fails_unsendably(item):
        if item == 2:
            raise Unsendable(f"item {item} failed", threading.Lock())
        return item

    def failure(call):
        try:
            call()
        except Exception as error:
            return [type(error).__name__, str(error)]
    """
)


def fresh(body: str) -> object:
    """Run ``body`` after the prelude in a fresh Python; what it prints, read as JSON."""
    done = subprocess.run([sys.executable, "-c", PRELUDE + textwrap.dedent(body)], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_results_come_back_in_input_order_from_the_workers():
    out = fresh("print(json.dumps({'parent': os.getpid(), 'results': forked.each(square_with_pid, list(range(12)), jobs=2)}))")
    assert [value for value, _ in out["results"]] == [n * n for n in range(12)]
    assert out["parent"] not in {pid for _, pid in out["results"]}


def test_items_are_never_pickled_only_their_results():
    # a lock cannot be pickled, nor a lambda: the workers inherit both by the fork
    assert fresh("lock = threading.Lock(); print(json.dumps(forked.each(lambda item: item[1] + 1, [(lock, n) for n in range(4)], jobs=2)))") == [1, 2, 3, 4]


def test_the_first_failure_in_input_order_is_raised_whoever_finished_first():
    assert fresh("print(json.dumps(failure(lambda: forked.each(fails, [0, 1, 2, 3, 4], jobs=2))))") == ["ValueError", "the first"]


def test_an_exception_that_cannot_be_sent_back_is_met_again_here():
    assert fresh("print(json.dumps(failure(lambda: forked.each(fails_unsendably, [0, 1, 2, 3], jobs=2))))") == ["Unsendable", "item 2 failed"]


def test_one_job_or_one_item_runs_here():
    out = fresh("print(json.dumps([os.getpid(), forked.each(square_with_pid, [3], jobs=4), forked.each(square_with_pid, [1, 2], jobs=1)]))")
    parent, one, two = out
    assert one == [[9, parent]] and two == [[1, parent], [4, parent]]


def test_with_another_thread_running_the_work_stays_here():
    out = fresh(
        """
        stop = threading.Event()
        other = threading.Thread(target=stop.wait)
        other.start()
        before = forked.available()
        results = forked.each(square_with_pid, [1, 2, 3], jobs=2)
        stop.set()
        other.join()
        deadline = time.monotonic() + 5  # a joined thread leaves the kernel's list a moment later
        while not forked.available() and time.monotonic() < deadline:
            time.sleep(0.01)
        print(json.dumps([os.getpid(), before, results, forked.available()]))
        """
    )
    parent, before, results, after = out
    assert before is False and after is True
    assert results == [[1, parent], [4, parent], [9, parent]]


def test_output_the_parent_had_not_written_yet_is_written_once():
    program = PRELUDE + 'sys.stdout.write("before\\n")\nprint(forked.each(lambda n: n + 1, [1, 2, 3], jobs=2))\n'
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "before\n[2, 3, 4]\n"  # still in the buffer when the workers were forked


def _start(program: str, pids: Path) -> tuple[subprocess.Popen, list[int]]:
    parent = subprocess.Popen([sys.executable, "-c", PRELUDE + textwrap.dedent(program)], stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (not pids.exists() or len(pids.read_text().split()) < 4):
        time.sleep(0.05)
    assert pids.exists(), "the workers never started"
    return parent, [int(pid) for pid in pids.read_text().split()]


def test_a_signal_to_the_parent_stops_the_workers(tmp_path):
    pids = tmp_path / "pids"
    parent, started = _start(
        f"""
        import subprocess
        from journeyctl import interrupts

        def work(item):
            child = subprocess.Popen(["sleep", "60"])  # not tied to the worker: cleaned up by the test
            with open({str(pids)!r}, "a") as out:
                out.write(f"{{os.getpid()}} {{child.pid}}\\n")
            time.sleep(60)

        try:
            with interrupts.interruptible():
                forked.each(work, [1, 2, 3, 4], jobs=2)
        except interrupts.Interrupted as stop:
            sys.exit(128 + stop.signum)
        """,
        pids,
    )
    parent.send_signal(signal.SIGTERM)
    assert parent.wait(timeout=20) == 128 + signal.SIGTERM
    for worker in started[0::2]:
        assert not _alive(worker), "a worker outlived the parent"
    for child in started[1::2]:
        try:
            os.kill(child, signal.SIGKILL)
        except OSError:
            pass


def test_a_parent_killed_outright_takes_its_workers_and_their_tied_children_with_it(tmp_path):
    pids = tmp_path / "pids"
    parent, started = _start(
        f"""
        import subprocess

        def work(item):
            # as the layout engine is started in a worker: tied to the worker
            child = subprocess.Popen(["sleep", "60"], preexec_fn=forked.tie_to_this_process())
            with open({str(pids)!r}, "a") as out:
                out.write(f"{{os.getpid()}} {{child.pid}}\\n")
            time.sleep(60)

        forked.each(work, [1, 2, 3, 4], jobs=2)
        """,
        pids,
    )
    parent.kill()
    parent.wait(timeout=20)
    for pid in started:
        assert not _alive(pid), f"{pid} outlived a killed parent"


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs, after giving it a few seconds to end."""
    stat = Path(f"/proc/{pid}/stat")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            state = stat.read_text().split(") ", 1)[1].split()[0]
        except (OSError, IndexError):
            return False
        if state in ("Z", "X"):
            return False
        time.sleep(0.05)
    return True


def test_a_worker_that_dies_is_an_error_not_a_wait_for_ever():
    started = time.monotonic()
    out = fresh(
        """
        import signal
        def dies(item):
            if item == 1:
                os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
            time.sleep(0.2)
            return item
        print(json.dumps(failure(lambda: forked.each(dies, [0, 1, 2, 3], jobs=2))))
        """
    )
    assert out == ["WorkerDied", "a worker process ended before its work was done (was it killed, or out of memory?)"]
    assert time.monotonic() - started < 30

