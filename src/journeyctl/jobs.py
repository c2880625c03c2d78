"""``validate --jobs N``: check and lint files in several processes, with the output of one.

The work on the files is one plain function, ``validate_files``: check the files
in order with one checker, lint each as soon as it is checked, keep only what a
report shows. ``--jobs 1`` runs it on every file in this process; more jobs run it
in worker processes on contiguous shares of the files, and the shares' results
are put together in input order, so the report, and every byte of the output, is
what one process gives:

* a file checked by two workers (a library that journeys in both import) is
  checked the same way by both; the first one's result is kept;
* the paths that could not be read are reported in input order;
* what depends on the order files are read in makes the run start over in one
  process: an import cycle is reported where it was entered, and how deep a chain
  of libraries goes depends on where it was entered (``Checker.order_dependent``).

Small runs (fewer than ``MIN_FILES`` files) and standard input never start a pool:
the processes would cost more than they save. Workers are forked where the
system can (Linux), so they start with journeyctl already imported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from journeyctl.checker import Document, Report, check_sources
from journeyctl.forked import default_jobs  # noqa: F401 - the command's default: one job per core
from journeyctl.sources import STDIN, find

MIN_FILES = 8
SHARES_PER_JOB = 4  # smaller shares even out files of different sizes


@dataclass
class Outcome:
    """What ``validate_files`` found in its share of the files."""

    documents: list[Document] = field(default_factory=list)
    usage_errors: list[str] = field(default_factory=list)
    config_documents: list[Document] = field(default_factory=list)
    order_dependent: bool = False
    process: int = field(default_factory=os.getpid)  # which process did the work
    cpu: float = 0.0  # CPU seconds it took (bench/validate_bench.py reads it)


def validate_files(sources: list[Path | str], config: Path | None) -> Outcome:
    """Check and lint these files, in order: the work of one process."""
    import time

    from journeyctl.lint import Linter

    started = time.process_time()
    linter = Linter(config)

    def finish(document: Document) -> None:
        linter(document)
        document.release()  # the report needs only the problems and the lines they point at

    checker = check_sources(sources, finish)
    documents = list(checker.documents.values())
    for document in documents:  # what a report never shows need not travel between processes
        document.personas, document.channels = [], []
    configs = list(linter.configurations.documents)
    return Outcome(documents, checker.usage_errors, configs, checker.order_dependent, cpu=time.process_time() - started)


def shares(items: list, jobs: int) -> list[list]:
    """``items`` cut into contiguous shares, in order, about ``SHARES_PER_JOB`` per job."""
    count = min(len(items), jobs * SHARES_PER_JOB)
    size, extra = divmod(len(items), count)
    cut, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        cut.append(items[start:end])
        start = end
    return cut


def _ignore_interrupts() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool


def in_workers(sources: list[Path | str], config: Path | None, jobs: int) -> list[Outcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    parts = shares(sources, jobs)
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(parts)), mp_context=multiprocessing.get_context(method), initializer=_ignore_interrupts)
    try:
        outcomes = list(pool.map(validate_files, parts, [config] * len(parts)))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return outcomes


def merge(outcomes: list[Outcome]) -> Outcome:
    merged = Outcome()
    documents: dict[str, Document] = {}
    configs: dict[str, Document] = {}
    for outcome in outcomes:
        for document in outcome.documents:
            documents.setdefault(document.path, document)
        for document in outcome.config_documents:
            configs.setdefault(document.path, document)
        merged.usage_errors.extend(outcome.usage_errors)
        merged.order_dependent = merged.order_dependent or outcome.order_dependent
    merged.documents, merged.config_documents = list(documents.values()), list(configs.values())
    return merged


def validate(paths: list[str], config: Path | None, jobs: int) -> Report:
    """The report of ``journeyctl validate PATHS``, from ``jobs`` processes."""
    import journeyctl.lint  # noqa: F401 - registers the rules' codes and names here too, before any fork

    found = find(paths)
    sources = found.files
    outcome = None
    if jobs > 1 and len(sources) >= MIN_FILES and STDIN not in sources:
        outcome = merge(in_workers(sources, config, jobs))
        if outcome.order_dependent:
            outcome = None
    if outcome is None:
        outcome = validate_files(sources, config)
    documents = sorted([*outcome.documents, *outcome.config_documents], key=lambda doc: doc.path)
    return Report(documents, [*found.errors, *outcome.usage_errors])
