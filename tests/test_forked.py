"""``journeyctl.forked.each``: work on several items in forked processes, with the results of one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from journeyctl import forked

pytestmark = pytest.mark.skipif(not forked.available(), reason="needs fork")


def _square_with_pid(item):
    time.sleep(0.02)
    return item * item, os.getpid()


def test_results_come_back_in_input_order_from_the_workers():
    results = forked.each(_square_with_pid, list(range(12)), jobs=2)
    assert [value for value, _ in results] == [n * n for n in range(12)]
    assert os.getpid() not in {pid for _, pid in results}


def test_items_are_never_pickled_only_their_results():
    lock = threading.Lock()  # cannot be pickled; the workers inherit it by the fork
    items = [(lock, n) for n in range(4)]
    assert forked.each(lambda item: item[1] + 1, items, jobs=2) == [1, 2, 3, 4]


def _fails(item):
    if item == 0:
        time.sleep(0.3)  # the first item fails last
        raise ValueError("the first")
    if item == 3:
        raise KeyError("a later one")
    return item


def test_the_first_failure_in_input_order_is_raised_whoever_finished_first():
    with pytest.raises(ValueError, match="the first"):
        forked.each(_fails, [0, 1, 2, 3, 4], jobs=2)


def test_one_job_or_one_item_runs_here():
    assert forked.each(_square_with_pid, [3], jobs=4) == [(9, os.getpid())]
    assert forked.each(_square_with_pid, [1, 2], jobs=1) == [(1, os.getpid()), (4, os.getpid())]


def test_output_the_parent_had_not_written_yet_is_written_once(tmp_path):
    program = textwrap.dedent(
        """
        import sys
        from journeyctl import forked
        sys.stdout.write("before\\n")  # still in the buffer when the workers are forked
        print(forked.each(lambda n: n + 1, [1, 2, 3], jobs=2))
        """
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "before\n[2, 3, 4]\n"


def test_a_signal_to_the_parent_stops_the_workers_and_their_children(tmp_path):
    pids = tmp_path / "pids"
    program = textwrap.dedent(
        f"""
        import os, subprocess, sys, time
        from journeyctl import atomic, forked

        def work(item):
            child = subprocess.Popen(["sleep", "60"])  # as a worker's layout engine would be
            with open({str(pids)!r}, "a") as out:
                out.write(f"{{os.getpid()}} {{child.pid}}\\n")
            time.sleep(60)

        try:
            with atomic.interruptible():
                forked.each(work, [1, 2, 3, 4], jobs=2)
        except atomic.Interrupted as stop:
            sys.exit(128 + stop.signum)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", program], stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (not pids.exists() or len(pids.read_text().split()) < 4):
        time.sleep(0.05)
    started = [int(pid) for pid in pids.read_text().split()]
    parent.send_signal(signal.SIGTERM)
    assert parent.wait(timeout=20) == 128 + signal.SIGTERM
    workers = started[0::2]
    for worker in workers:
        assert not _alive(worker), "a worker outlived the parent"
    # Each worker's own child is killed with it only when the child asked the kernel
    # (render.engine does); this one did not, so it is cleaned up here.
    for child in started[1::2]:
        try:
            os.kill(child, signal.SIGKILL)
        except OSError:
            pass


def _alive(pid: int) -> bool:
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


def test_a_parent_killed_outright_takes_its_workers_and_their_tied_children_with_it(tmp_path):
    pids = tmp_path / "pids"
    program = textwrap.dedent(
        f"""
        import os, subprocess, time
        from journeyctl import forked

        def work(item):
            # as the layout engine is started in a worker: tied to the worker
            child = subprocess.Popen(["sleep", "60"], preexec_fn=forked.tie_to_this_process())
            with open({str(pids)!r}, "a") as out:
                out.write(f"{{os.getpid()}} {{child.pid}}\\n")
            time.sleep(60)

        forked.each(work, [1, 2, 3, 4], jobs=2)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", program], stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (not pids.exists() or len(pids.read_text().split()) < 4):
        time.sleep(0.05)
    started = [int(pid) for pid in pids.read_text().split()]
    parent.kill()
    parent.wait(timeout=20)
    for pid in started:
        assert not _alive(pid), f"{pid} outlived a killed parent"


class _Unsendable(Exception):
    def __init__(self, message, handle):
        super().__init__(message)
        self.handle = handle  # a lock: the exception cannot be pickled


def _fails_unsendably(item):
    if item == 2:
        raise _Unsendable(f"item {item} failed", threading.Lock())
    return item


def test_an_exception_that_cannot_be_sent_back_is_met_again_here():
    with pytest.raises(_Unsendable, match="item 2 failed"):
        forked.each(_fails_unsendably, [0, 1, 2, 3], jobs=2)


def test_with_another_thread_running_the_work_stays_here():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not forked.available()
        assert forked.each(_square_with_pid, [1, 2, 3], jobs=2) == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]
    finally:
        stop.set()
        other.join()
    deadline = time.monotonic() + 5  # a joined thread leaves the kernel's list a moment later
    while not forked.available() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert forked.available()
