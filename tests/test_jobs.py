"""validate --jobs N: several processes, the same bytes as one, in every output format."""

from __future__ import annotations

import os
import shutil

import pytest
from helpers import EXAMPLES, run, write

from journeyctl.reporters import REPORTERS

JOURNEY = """\
version: 1
id: j{n}
title: Journey {n}
imports:
  - path: {library}
stages:
  - id: s
    name: Stage
touchpoints:
  - id: a
    name: Starts
    stage: s
    channel: web
    next: [b]
  - id: b
    name: Ends
    stage: s
    end: true
"""
LIBRARY = "version: 1\nkind: library\nchannels:\n  - id: web\n    name: Website\n"
BROKEN = "version: 1\nid: broken{n}\ntitle: Broken {n}\nstages:\n  - id: s\n    name: S\n    chanel: web\ntouchpoints:\n  - {{id: t, name: T, stage: nowhere}}\n"
WARNED = "version: 1\nid: warned{n}\ntitle: Warned {n}\nstages:\n  - {{id: s, name: S}}\n  - {{id: t, name: T}}\ntouchpoints:\n  - {{id: x, name: X, stage: s}}\n"
CYCLE_A = "version: 1\nkind: library\nimports:\n  - path: b.library.yaml\nchannels:\n  - id: web\n    name: Web\n"
CYCLE_B = "version: 1\nkind: library\nimports:\n  - path: a.library.yaml\nchannels:\n  - id: app\n    name: App\n"


def corpus(root):
    """About 40 files: valid, invalid, warned, importing a shared library from every share, a bad import."""
    (root / ".git").mkdir()
    shutil.copytree(EXAMPLES, root / "examples")
    write(root, "shared/web.library.yaml", LIBRARY)
    for n in range(12):
        write(root, f"maps/{n:02d}-ok.journey.yaml", JOURNEY.format(n=n, library="../shared/web.library.yaml"))
    for n in range(10):
        write(root, f"maps/{n:02d}-broken.journey.yaml", BROKEN.format(n=n))
        write(root, f"more/{n:02d}-warned.journey.yaml", WARNED.format(n=n))
    for n in range(3):
        write(root, f"more/{n:02d}-bad-import.journey.yaml", JOURNEY.format(n=100 + n, library="../shared/missing.library.yaml"))
    write(root, "odd/\x1b[1mnamed\u202e.journey.yaml", BROKEN.format(n=99))
    write(root, "configured/.journeyctl.yaml", "rules:\n  no-such-rule: off\n")
    write(root, "configured/c.journey.yaml", WARNED.format(n=50))
    return root


def outputs(root, *args):
    results = {}
    for jobs in ("1", "2", "3"):
        result = run("validate", "--jobs", jobs, *args, cwd=root)
        results[jobs] = (result.returncode, result.stdout, result.stderr)
    return results


@pytest.mark.parametrize("output_format", sorted(REPORTERS))
def test_every_format_is_byte_identical_with_one_or_several_jobs(tmp_path, output_format):
    root = corpus(tmp_path)
    results = outputs(root, "--format", output_format, "--fail-on", "warning", ".", "missing.journey.yaml")
    assert results["1"][0] == 2  # the missing path and the broken configuration
    assert len(results["1"][1]) > 1000
    assert results["2"] == results["1"]
    assert results["3"] == results["1"]


def test_statistics_and_quiet_are_identical_too(tmp_path):
    root = corpus(tmp_path)
    results = outputs(root, "--statistics", "--quiet", ".")
    assert results["1"][1].decode().splitlines() == [
        "11  L002  warning  empty-stage",
        "11  R001  error    unknown-reference",
        "11  S001  error    unknown-key",
        " 3  R003  error    bad-import",
        " 1  C001  error    unknown-rule",
    ]
    assert results["2"] == results["1"] == results["3"]


def test_an_import_cycle_gives_the_same_report_in_several_processes(tmp_path):
    (tmp_path / ".git").mkdir()
    for n in range(12):
        write(tmp_path, f"{n:02d}.journey.yaml", JOURNEY.format(n=n, library="b.library.yaml" if n % 2 else "a.library.yaml"))
    write(tmp_path, "a.library.yaml", CYCLE_A)
    write(tmp_path, "b.library.yaml", CYCLE_B)
    results = outputs(tmp_path, "--format", "json", ".")
    assert results["1"][0] == 1 and b"import cycle" in results["1"][1]
    assert results["2"] == results["1"] == results["3"]


def test_the_pool_really_runs_in_other_processes_and_keeps_input_order(tmp_path):
    from journeyctl import jobs
    from journeyctl.sources import find

    root = corpus(tmp_path)
    sources = find([str(root)]).files
    outcomes = jobs.in_workers(sources, None, 2)
    workers = {outcome.process for outcome in outcomes}
    assert os.getpid() not in workers and len(workers) == 2
    paths = [doc.file for outcome in outcomes for doc in outcome.documents if doc.file in {s.resolve() for s in sources}]
    order = [s.resolve() for s in sources]
    assert [p for p in order if p in paths] == sorted(set(paths), key=order.index)


def test_shares_are_contiguous_and_cover_every_file():
    from journeyctl.jobs import shares

    items = list(range(41))
    for jobs in (1, 2, 3, 16):
        parts = shares(items, jobs)
        assert [x for part in parts for x in part] == items
        assert all(parts) and max(map(len, parts)) - min(map(len, parts)) <= 1


def test_jobs_must_be_at_least_one(tmp_path):
    result = run("validate", "--jobs", "0", str(EXAMPLES))
    assert result.returncode == 2
    assert "--jobs" in result.err


def test_default_jobs_are_the_available_cores():
    from journeyctl.jobs import default_jobs

    assert default_jobs() == len(os.sched_getaffinity(0))


def test_a_long_import_chain_entered_in_the_middle_gives_the_same_report(tmp_path):
    """How deep a chain of libraries goes depends on where it is entered: such a run is redone in one process."""
    (tmp_path / ".git").mkdir()
    count = 56
    write(tmp_path, "a-first.journey.yaml", JOURNEY.format(n=0, library="chain/lib-00.library.yaml"))
    for n in range(count):
        imports = f"imports:\n  - path: lib-{n + 1:02d}.library.yaml\n" if n + 1 < count else ""
        write(tmp_path, f"chain/lib-{n:02d}.library.yaml", f"version: 1\nkind: library\n{imports}channels:\n  - id: web\n    name: Web\n")
    write(tmp_path, "zz/late.journey.yaml", JOURNEY.format(n=1, library="../chain/lib-30.library.yaml"))
    results = outputs(tmp_path, "--format", "concise", ".")
    assert b"libraries deep" in results["1"][1] and b"zz/late.journey.yaml:5:11: R003" in results["1"][1]
    assert results["2"] == results["1"] == results["3"]
