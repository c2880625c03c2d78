"""Time ``journeyctl validate`` as users run it, next to check-jsonschema on the same files.

    python bench/generate_corpus.py                 # once: 1,000 journeys into bench/corpus/
    python bench/validate_bench.py                  # print the results as a markdown table
    python bench/validate_bench.py --write-doc      # and put them in docs/performance.md
    python bench/validate_bench.py --quick --corpus /tmp/tiny   # a fast end-to-end check

Every figure is a whole process, started the way a user or a CI job starts it
(the ``journeyctl`` and ``check-jsonschema`` commands of this Python environment),
timed from start to exit: interpreter start-up, imports, reading, checking and
reporting. Each figure is the median of several runs; the tools take turns run by
run, so a slow moment on the machine hits both alike. CPU time (user + system of
the child) is shown next to wall-clock time: it is steadier on a busy machine.

The peer, ``check-jsonschema --schemafile schema/journey.schema.json``, reads the
YAML and checks it against the JSON Schema that journeyctl exports. It checks no
references, reports no duplicate keys and gives no line numbers for schema
errors, so it does less work than journeyctl; it is the nearest widely used tool
that checks the same files against the same rules of shape.

Then it times ``journeyctl validate --jobs N`` on the whole corpus for N = 1 (one
process), 2 and the number of cores this process may use, in turns, and reports
the speed-up over one process; every run's output must be byte-identical to
``--jobs 1``'s, or the bench fails. On a machine shared with other work the
wall-clock speed-up says more about the neighbours than about journeyctl, so the
bench also measures the work itself: it runs the same worker pool in its own
process, records each worker's CPU time, and gives the wall time an idle machine
would show: the start-up no pool shares out (the CPU time of the one-file run),
plus the parent's CPU while the pool runs, plus the busiest worker's CPU time.

The script also reports the start-up import cost of ``journeyctl validate`` (from
``python -X importtime``) and fails when a module that validation does not need,
such as jinja2, graphviz, rich or a renderer, is imported on that path.

Exit codes: 0 done, 1 a tool failed on the corpus or imported what it must not,
2 usage error (no corpus, check-jsonschema not installed).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from journeyctl.atomic import write_text

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "bench" / "corpus"
SCHEMA = ROOT / "schema" / "journey.schema.json"
DOC = ROOT / "docs" / "performance.md"
START_MARK = "<!-- validation-bench:start -->"
END_MARK = "<!-- validation-bench:end -->"
SUFFIXES = (".journey.yaml", ".journey.yml")
# Modules the validate path must never load: rendering, templating, colour output, and
# the package-metadata search pydantic would make for plugins (journeyctl.cli skips it).
FORBIDDEN = ("jinja2", "markupsafe", "graphviz", "rich", "pygments", "journeyctl.render", "journeyctl.analytics", "importlib.metadata", "email")
PEER = "check-jsonschema"
REPRODUCE = "python bench/generate_corpus.py && python bench/validate_bench.py --write-doc"


class BenchError(Exception):
    """The benchmark cannot go on: a tool failed, or something it needs is missing."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Timing:
    wall: list[float]
    cpu: list[float]

    @property
    def wall_median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


@dataclass
class Row:
    task: str
    files: int
    size: int
    ours: Timing | None
    peer: Timing | None
    note: str = ""


# -- running -------------------------------------------------------------------------


def command(name: str) -> list[str]:
    """The console command ``name`` of this Python environment, as users run it."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return [str(local)]
    found = shutil.which(name)
    if found:
        return [found]
    if name == "journeyctl":
        return [sys.executable, "-m", "journeyctl"]
    raise BenchError(f"{name} is not installed; install it with: pip install -e '.[bench]'", 2)


def run_once(cmd: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one whole run of ``cmd``, which must exit 0."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        shown = " ".join(cmd[:4]) + (" ..." if len(cmd) > 4 else "")
        tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
        raise BenchError(f"{shown} exited with {result.returncode}; every corpus file should be valid\n" + "\n".join(tail))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "JOURNEYCTL_DEBUG", "PYTHONPROFILEIMPORTTIME")}
    env["NO_COLOR"] = "1"
    return env


def output_of(cmd: list[str]) -> bytes:
    """Standard output of one run of ``cmd`` (for comparing --jobs runs byte for byte)."""
    return subprocess.run(cmd, capture_output=True, env=_env()).stdout


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def time_turns(commands: list[list[str] | None], runs: int, label: str) -> list[Timing | None]:
    """Run the commands in turn, ``runs`` rounds; a timing per command (None stays None)."""
    timings = [Timing([], []) if cmd else None for cmd in commands]
    for round_number in range(runs):
        print(f"  {label}: run {round_number + 1} of {runs}", file=sys.stderr, flush=True)
        for cmd, timing in zip(commands, timings):
            if cmd and timing:
                wall, cpu = run_once(cmd)
                timing.wall.append(wall)
                timing.cpu.append(cpu)
    return timings


# -- the corpus ----------------------------------------------------------------------


def corpus_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise BenchError(f"{folder}: no corpus here; generate one with: python bench/generate_corpus.py --out {folder}", 2)
    files = sorted(p for p in folder.rglob("*") if p.name.endswith(SUFFIXES) and p.is_file())
    if not files:
        raise BenchError(f"{folder}: no journey files; generate them with: python bench/generate_corpus.py --out {folder}", 2)
    return files


def median_file(files: list[Path]) -> Path:
    """The file of median size (the lower middle one when the count is even)."""
    return sorted(files, key=lambda p: (p.stat().st_size, p.name))[(len(files) - 1) // 2]


def evenly_spaced(files: list[Path], count: int) -> list[Path]:
    """``count`` files spread over the whole sorted corpus, so sizes stay representative."""
    if count >= len(files):
        return list(files)
    step = len(files) / count
    return [files[int(i * step)] for i in range(count)]


def touchpoints(path: Path) -> int:
    """Touchpoints in a generated journey: its list items with a stage (block style, as written)."""
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("  stage: "))


def warm(files: list[Path]) -> None:
    """Read every file once, so the first timed run does not pay for the disk."""
    for path in files:
        path.read_bytes()


# -- import cost ---------------------------------------------------------------------

_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def import_profile(one: Path, runs: int) -> tuple[list[tuple[str, float]], float, set[str]]:
    """Top-level modules of ``journeyctl validate ONE`` by median cumulative import
    time (ms), the median total, and every module imported."""
    per_module: dict[str, list[float]] = {}
    totals: list[float] = []
    imported: set[str] = set()
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "journeyctl", "validate", str(one)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(),
        )
        if result.returncode != 0:
            raise BenchError(f"journeyctl validate {one} exited with {result.returncode} under -X importtime")
        total = 0.0
        for match in _IMPORT_LINE.finditer(result.stderr.decode("utf-8", "replace")):
            cumulative, indent, name = int(match[2]) / 1000, match[3], match[4]
            imported.add(name)
            if len(indent) == 1:  # a top-level import, not one made by another module
                per_module.setdefault(name, []).append(cumulative)
                total += cumulative
        totals.append(total)
    ranked = sorted(((name, statistics.median(v)) for name, v in per_module.items()), key=lambda item: (-item[1], item[0]))
    return ranked, statistics.median(totals), imported


def forbidden_imports(imported: set[str]) -> list[str]:
    return sorted(m for m in imported if any(m == f or m.startswith(f + ".") for f in FORBIDDEN))


# -- reporting -----------------------------------------------------------------------


def seconds(value: float) -> str:
    if value < 1:
        return f"{value * 1000:.0f} ms"
    if value < 100:
        return f"{value:.2f} s"
    return f"{value:.0f} s"


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"


def ratio(row: Row) -> str:
    if not (row.ours and row.peer):
        return "–"
    value = row.ours.wall_median / row.peer.wall_median
    return f"{value:.2f}×"


def cell(timing: Timing | None, what: str) -> str:
    if timing is None:
        return "–"
    return seconds(timing.wall_median if what == "wall" else timing.cpu_median)


def table(rows: list[Row]) -> str:
    lines = [
        "| Task | Files | Size | journeyctl wall | journeyctl CPU | check-jsonschema wall | check-jsonschema CPU | journeyctl ÷ peer (wall) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        peer_wall = cell(row.peer, "wall") if row.peer or not row.note else row.note
        lines.append(
            f"| {row.task} | {f'{row.files:,}' if row.files else '–'} | {megabytes(row.size) if row.size else '–'} "
            f"| {cell(row.ours, 'wall')} | {cell(row.ours, 'cpu')} | {peer_wall} | {cell(row.peer, 'cpu')} | {ratio(row)} |"
        )
    return "\n".join(lines)


@dataclass
class Parallel:
    """One ``--jobs N``: whole-process timings, and the CPU of its parts (from ``pool_profile``)."""

    count: int
    timing: Timing
    busiest: float = 0.0  # CPU seconds of the busiest worker (median over the profile runs)
    parent: float = 0.0  # CPU seconds of the parent while the pool ran
    checking: float = 0.0  # CPU seconds of all the checking, in every worker


def pool_profile(corpus: Path, count: int, runs: int) -> tuple[float, float, float]:
    """Medians of (busiest worker's CPU, parent's CPU during the pool, all checking CPU) for ``count`` jobs."""
    import journeyctl.lint  # noqa: F401 - as journeyctl validate does before forking
    from journeyctl import jobs
    from journeyctl.sources import find

    sources = find([str(corpus)]).files
    busiest, parent, checking = [], [], []
    for _ in range(runs):
        if count == 1:
            outcome = jobs.validate_files(sources, None)
            busiest.append(outcome.cpu)
            parent.append(0.0)
            checking.append(outcome.cpu)
            continue
        started = time.process_time()
        outcomes = jobs.in_workers(sources, None, count)
        parent.append(time.process_time() - started)
        per_worker: dict[int, float] = {}
        for outcome in outcomes:
            per_worker[outcome.process] = per_worker.get(outcome.process, 0.0) + outcome.cpu
        busiest.append(max(per_worker.values()))
        checking.append(sum(per_worker.values()))
    return statistics.median(busiest), statistics.median(parent), statistics.median(checking)


def idle_estimate(row: Parallel, startup: float) -> float:
    """The wall time of ``row`` on an idle machine: start-up, the parent's share, the busiest process.

    ``startup`` is the CPU time of a whole one-file run (interpreter, imports, one file,
    the report), measured in the same bench: the part of a run no pool shares out. It is
    measured on its own rather than as the whole corpus run less its checking, a
    difference of two medians of ten seconds each that the load of a shared machine
    easily turns negative.
    """
    return startup + row.parent + row.busiest


def startup_cpu(rows: list[Row]) -> float:
    one = next(row for row in rows if row.files == 1)
    return one.ours.cpu_median


def jobs_table(jobs: list[Parallel], startup: float) -> str:
    one = next(row for row in jobs if row.count == 1)
    lines = [
        "| `--jobs` | wall | CPU (all processes) | speed-up (wall) | busiest process, CPU | idle-machine estimate | estimated speed-up |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in jobs:
        estimate = idle_estimate(row, startup)
        lines.append(
            f"| {row.count} | {seconds(row.timing.wall_median)} | {seconds(row.timing.cpu_median)} "
            f"| {one.timing.wall_median / row.timing.wall_median:.2f}× | {seconds(row.busiest)} "
            f"| {seconds(estimate)} | {idle_estimate(one, startup) / estimate:.2f}× |"
        )
    return "\n".join(lines)


def runs_note(rows: list[Row]) -> str:
    parts = []
    for row in rows:
        counts = {len(t.wall) for t in (row.ours, row.peer) if t}
        parts.append(f"{row.task.split(' (')[0].lower()}: {'/'.join(str(c) for c in sorted(counts))}")
    return "Runs per median: " + "; ".join(parts) + "."


def import_table(ranked: list[tuple[str, float]], total: float, top: int = 10) -> str:
    lines = ["| Module (imported at top level) | Cumulative import time |", "|---|---:|"]
    lines += [f"| `{name}` | {value:.1f} ms |" for name, value in ranked[:top]]
    lines.append(f"| **all imports** | **{total:.1f} ms** |")
    return "\n".join(lines)


def _first(path: str, pattern: str) -> str | None:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(pattern, text, re.MULTILINE)
    return match[1].strip() if match else None


def machine() -> str:
    cpu = _first("/proc/cpuinfo", r"^model name\s*:\s*(.+)$") or platform.processor() or platform.machine()
    memory = _first("/proc/meminfo", r"^MemTotal:\s*(\d+) kB")
    system = _first("/etc/os-release", r'^PRETTY_NAME="?([^"\n]+)') or platform.system()
    ram = f", {int(memory) / 1024 / 1024:.0f} GiB RAM" if memory else ""
    return f"{cpu}, {os.cpu_count()} cores{ram}; {system}, Linux {platform.release()}" if platform.system() == "Linux" else f"{cpu}, {os.cpu_count()} cores{ram}; {system} {platform.release()}"


def versions() -> str:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    try:
        import yaml

        libyaml = f" with libyaml {yaml._yaml.get_version_string()}"  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        libyaml = " without libyaml"
    try:
        import importlib.util

        ruamel_c = "C parser" if importlib.util.find_spec("_ruamel_yaml") else "pure-Python parser"
    except (ImportError, ValueError):
        ruamel_c = "pure-Python parser"
    return (
        f"Python {platform.python_version()}; journeyctl {version('journeyctl')} (pydantic {version('pydantic')}, "
        f"PyYAML {version('PyYAML')}{libyaml}); check-jsonschema {version('check-jsonschema')} "
        f"(jsonschema {version('jsonschema')}, ruamel.yaml {version('ruamel.yaml')}, {ruamel_c})"
    )


def block(rows: list[Row], corpus: dict, imports: tuple, load: tuple[float, float], args: argparse.Namespace, jobs: list | None = None) -> str:
    ranked, total, imported = imports
    parallel = []
    if jobs:
        parallel = [
            "",
            f"`journeyctl validate --jobs N` on the whole corpus ({corpus['files']:,} files; {cores()} cores available, the default N; "
            f"median of {len(jobs[0].timing.wall)} run{'s' if len(jobs[0].timing.wall) != 1 else ''} each, in turns; every output byte-identical to `--jobs 1`'s). "
            "The busiest process is the one process of `--jobs 1` (its checking), else the busiest worker; the idle-machine estimate adds to it "
            f"the start-up no pool shares out (the CPU of the one-file run above, {seconds(startup_cpu(rows))}) and the parent's CPU while the pool runs:",
            "",
            jobs_table(jobs, startup_cpu(rows)),
        ]
    lines = [
        START_MARK,
        "<!-- Written by bench/validate_bench.py --write-doc: edit the text outside these markers. -->",
        "",
        f"- Machine: {machine()}.",
        f"- Software: {versions()}.",
        f"- Corpus: {corpus['files']:,} generated journeys, {corpus['size'] / 1e6:.1f} MB"
        + (f", {corpus['touchpoints']:,} touchpoints in all" if corpus["touchpoints"] else "")
        + f"; the median-sized file, `{corpus['one']}`, has {corpus['one_touchpoints']} touchpoints ({megabytes(corpus['one_size'])}).",
        f"- Load average of the machine before and after the run: {load[0]:.2f} and {load[1]:.2f}.",
        "",
        table(rows),
        "",
        runs_note(rows) + " Wall is the median wall-clock time of the whole process, CPU the median user + system time; "
        "\"journeyctl ÷ peer\" below 1 means journeyctl is faster.",
        *parallel,
        "",
        f"Start-up imports of `journeyctl validate {corpus['one']}` (`python -X importtime`, median of {args.import_runs} run{'s' if args.import_runs != 1 else ''}):",
        "",
        import_table(ranked, total),
        "",
        f"Not imported on this path, checked on every run: {', '.join(f'`{m}`' for m in FORBIDDEN)}"
        + (" — **but these were: " + ", ".join(forbidden_imports(imported)) + "**." if forbidden_imports(imported) else "."),
        "",
        f"Reproduce, after `pip install -e '.[bench]'`: `{REPRODUCE}`."
        + ("" if args.argv == ["--write-doc"] else f" This run: `python bench/validate_bench.py {' '.join(args.argv)}`."),
        END_MARK,
    ]
    return "\n".join(lines) + "\n"


INTRO = """# Performance

How fast journeyctl is, how it was measured, and how to measure it again on your
own machine. Every figure below is real output of the scripts in `bench/`.
"""


def update_doc(path: Path, generated: str) -> None:
    """Replace the text between the markers, keeping every other section of the file."""
    if path.exists():
        text = path.read_text(encoding="utf-8")
    else:
        text = INTRO
    start, end = text.find(START_MARK), text.find(END_MARK)
    if start >= 0 and end > start:
        text = text[:start] + generated.rstrip("\n") + text[end + len(END_MARK):]
    else:
        text = text.rstrip("\n") + "\n\n## Validation\n\n" + generated
    write_text(path, text if text.endswith("\n") else text + "\n")


# -- main ----------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Whole-process timings of journeyctl validate next to check-jsonschema.")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of journeys (default: bench/corpus)")
    parser.add_argument("--runs-one", type=int, default=11, help="runs for one file and the interpreter floor (default: 11)")
    parser.add_argument("--runs-corpus", type=int, default=5, help="runs for the corpus and the peer slice (default: 5)")
    parser.add_argument("--peer-files", type=int, default=100, help="files in the slice both tools check (default: 100)")
    parser.add_argument("--peer-full", action="store_true", help="also time check-jsonschema on the whole corpus (slow)")
    parser.add_argument("--import-runs", type=int, default=5, help="runs of python -X importtime (default: 5)")
    parser.add_argument("--quick", action="store_true", help="few runs, for a smoke test on a tiny corpus")
    parser.add_argument("--write-doc", nargs="?", type=Path, const=DOC, default=None, metavar="PATH",
                        help="update the Validation section of docs/performance.md (or PATH)")
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    if args.quick:
        args.runs_one, args.runs_corpus, args.import_runs = 2, 1, 1
    for name in ("runs_one", "runs_corpus", "peer_files", "import_runs"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:
        return bench(args)
    except BenchError as error:
        print(f"validate_bench: {error}", file=sys.stderr)
        return error.code


def bench(args: argparse.Namespace) -> int:
    files = corpus_files(args.corpus)
    ours, peer = command("journeyctl"), command(PEER)
    peer_args = [*peer, "--schemafile", str(SCHEMA)]
    one = median_file(files)
    slice_files = evenly_spaced(files, args.peer_files)
    whole_is_slice = len(slice_files) == len(files)
    load_before = os.getloadavg()[0]
    warm(files)
    for cmd in ([*ours, "validate", str(one)], [*peer_args, str(one)]):
        run_once(cmd)  # compiles bytecode caches and checks both tools accept the corpus

    rows: list[Row] = []
    floor, _ = time_turns([[sys.executable, "-c", "pass"], None], args.runs_one, "python -c pass")
    rows.append(Row("Interpreter floor (`python -c pass`)", 0, 0, floor, None))
    one_ours, one_peer = time_turns([[*ours, "validate", str(one)], [*peer_args, str(one)]], args.runs_one, "one file")
    rows.append(Row(f"One median-sized journey ({touchpoints(one)} touchpoints)", 1, one.stat().st_size, one_ours, one_peer))

    slice_size = sum(p.stat().st_size for p in slice_files)
    paths = [str(p) for p in slice_files]
    ours_slice_cmd = [*ours, "validate", str(args.corpus)] if whole_is_slice else [*ours, "validate", *paths]
    label = "whole corpus" if whole_is_slice else f"{len(slice_files)}-file slice"
    s_ours, s_peer = time_turns([ours_slice_cmd, [*peer_args, *paths]], args.runs_corpus, label)
    task = "Whole corpus" if whole_is_slice else f"A slice of the corpus (every {len(files) // len(slice_files)}th file)"
    rows.append(Row(task, len(slice_files), slice_size, s_ours, s_peer))

    if not whole_is_slice:
        peer_cmd = [*peer_args, *(str(p) for p in files)] if args.peer_full else None
        w_ours, w_peer = time_turns([[*ours, "validate", str(args.corpus)], peer_cmd], args.runs_corpus, "whole corpus")
        corpus_size = sum(p.stat().st_size for p in files)
        note = ""
        if w_peer is None and s_peer is not None:
            estimate = s_peer.wall_median * len(files) / len(slice_files)
            note = f"not run (≈ {seconds(estimate)} by the slice)"
        rows.append(Row("Whole corpus (one folder argument)", len(files), corpus_size, w_ours, w_peer, note))

    jobs = time_jobs(ours, args) if len(files) >= 8 else []

    ranked, total, imported = import_profile(one, args.import_runs)
    bad = forbidden_imports(imported)
    load = (load_before, os.getloadavg()[0])

    print(table(rows))
    print()
    print(runs_note(rows))
    print()
    if jobs:
        print(jobs_table(jobs, startup_cpu(rows)))
        print()
    print(f"Start-up imports of journeyctl validate {one.name} (median of {args.import_runs}):")
    print()
    print(import_table(ranked, total))
    print()
    print("Not imported on the validate path: " + ", ".join(FORBIDDEN) + ("" if not bad else f"  -- BUT IMPORTED: {', '.join(bad)}"))

    if args.write_doc:
        total_tps = sum(touchpoints(p) for p in files)
        corpus = {
            "files": len(files), "size": sum(p.stat().st_size for p in files), "touchpoints": total_tps,
            "one": one.name, "one_size": one.stat().st_size, "one_touchpoints": touchpoints(one),
        }
        update_doc(args.write_doc, block(rows, corpus, (ranked, total, imported), load, args, jobs))
        print(f"\nUpdated {args.write_doc}", file=sys.stderr)
    if bad:
        print(f"validate_bench: journeyctl validate imports {', '.join(bad)}, which validation does not need", file=sys.stderr)
        return 1
    return 0


def time_jobs(ours: list[str], args: argparse.Namespace) -> list[Parallel]:
    """``validate --jobs N`` on the whole corpus for N = 1, 2 and the cores, in turns; outputs must match."""
    counts = sorted({1, 2, cores()})
    commands = [[*ours, "validate", "--jobs", str(count), "--format", "json", str(args.corpus)] for count in counts]
    expected = output_of(commands[0])
    for count, cmd in zip(counts[1:], commands[1:]):
        if output_of(cmd) != expected:
            raise BenchError(f"validate --jobs {count} wrote other bytes than --jobs 1 on {args.corpus}")
    timings = time_turns(commands, args.runs_corpus, "--jobs " + "/".join(map(str, counts)))
    rows = []
    for count, timing in zip(counts, timings):
        print(f"  --jobs {count}: CPU of each worker, {args.runs_corpus} run(s)", file=sys.stderr, flush=True)
        rows.append(Parallel(count, timing, *pool_profile(args.corpus, count, args.runs_corpus)))
    return rows


if __name__ == "__main__":
    sys.exit(main())
