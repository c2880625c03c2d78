"""Time journeyctl on pathological inputs: each must finish in seconds, in bounded memory.

    python bench/hostile_bench.py                   # every case at full size, a markdown table
    python bench/hostile_bench.py --scale 0.05      # the same cases, smaller (the smoke test)
    python bench/hostile_bench.py --case dense-graph --keep /tmp/hostile

Each case writes one hostile input (a file of a few MB at most, under the 10 MiB
cap) into a temporary folder, runs the real ``journeyctl`` command on it as a whole
process, and reports its wall-clock time, its CPU time and its peak memory (the
child's own maximum resident set, from ``os.wait4``), next to the exit code it
gave and the one it should give. A case that runs past ``--timeout`` is killed and
reported as such.

This is a regression check, not a unit test: the figures depend on the machine.
The script fails (exit 1) when a case gives an unexpected exit code, runs past
its time limit, or prints a traceback; its results are in docs/performance.md,
section "Hostile input".
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from journeyctl.checker import MAX_IMPORT_DEPTH
from journeyctl.render.perspective import BYPASS_LIMIT

HEADER = "version: 1\nid: hostile\ntitle: A hostile journey\n"


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    size: int  # the full size; --scale shrinks it
    build: Callable[[Path, int], list[str]]  # writes the input, gives the command's arguments
    exit_code: Callable[[int], int]  # the exit code expected at a size


def _stages(count: int = 1) -> str:
    return "stages:\n" + "".join(f"  - {{id: s{i}, name: Stage {i}}}\n" for i in range(count))


def unknown_next(folder: Path, n: int) -> list[str]:
    """N touchpoints, each leading to an id that does not exist (and looks like many that do)."""
    lines = [HEADER, _stages(), "touchpoints:\n"]
    lines += [f"  - {{id: step-{i:05d}, name: Step {i}, stage: s0, end: true, next: [stepx-{i:05d}]}}\n" for i in range(n)]
    return _write(folder, lines, "validate")


def wide_next(folder: Path, n: int) -> list[str]:
    """One touchpoint whose next steps list N other touchpoints."""
    lines = [HEADER, _stages(), "touchpoints:\n", "  - id: hub\n    name: Hub\n    stage: s0\n    next:\n"]
    lines += [f"      - t{i}\n" for i in range(n)]
    lines += [f"  - {{id: t{i}, name: T{i}, stage: s0, end: true}}\n" for i in range(n)]
    return _write(folder, lines, "validate")


def dense_graph(folder: Path, n: int) -> list[str]:
    """N touchpoints over four stages, each leading to a third of all the others."""
    lines = [HEADER, _stages(4), "touchpoints:\n"]
    fan = max(2, n // 3)
    for i in range(n):
        targets = ", ".join(f"t{(i + 1 + k * 3) % n}" for k in range(fan))
        lines.append(f"  - {{id: t{i}, name: T{i}, stage: s{i * 4 // n}, next: [{targets}]}}\n")
    return _write(folder, lines, "validate")


def suppressions(folder: Path, n: int) -> list[str]:
    """N touchpoints, each with a comment that silences its own missing-team warning."""
    lines = [HEADER, _stages(), "touchpoints:\n"]
    for i in range(n):
        lines.append(f"  - id: t{i}  # journeyctl: disable=missing-team\n    name: T{i}\n    stage: s0\n    lane: backstage\n")
    return _write(folder, lines, "validate")


def persona_hub(folder: Path, n: int) -> list[str]:
    """N touchpoints lead to a hub the persona skips, which leads to N more: N x N arrows around it."""
    lines = [HEADER, "personas:\n  - {id: p, name: P}\n  - {id: q, name: Q}\n", _stages(), "touchpoints:\n"]
    lines += [f"  - {{id: a{i}, name: A{i}, stage: s0, next: [hub]}}\n" for i in range(n)]
    lines.append("  - {id: hub, name: Hub, stage: s0, personas: [q], next: [" + ", ".join(f"b{i}" for i in range(n)) + "]}\n")
    lines += [f"  - {{id: b{i}, name: B{i}, stage: s0, end: true}}\n" for i in range(n)]
    path = folder / "hostile.journey.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return ["render", "--persona", "p", "-f", "dot", "-o", str(folder / "out.dot"), str(path)]


def import_chain(folder: Path, n: int) -> list[str]:
    """A journey importing a library that imports another, N deep."""
    for i in range(n):
        imports = f"imports:\n  - path: lib{i + 1}.library.yaml\n" if i + 1 < n else ""
        text = f"version: 1\nkind: library\nid: lib{i}\n{imports}personas:\n  - {{id: p{i}, name: P{i}, goals: [g], needs: [n]}}\n"
        (folder / f"lib{i}.library.yaml").write_text(text, encoding="utf-8")
    (folder / ".git").mkdir(exist_ok=True)  # the imports stay inside this "repository"
    text = HEADER + "imports:\n  - path: lib0.library.yaml\n" + _stages() + "touchpoints:\n  - {id: t, name: T, stage: s0}\n"
    return _write(folder, [text], "validate")


def _template(body: str, *options: str) -> Callable[[Path, int], list[str]]:
    """A page template that is hostile whatever the size: the size only names the case's row."""

    def build(folder: Path, n: int) -> list[str]:  # noqa: ARG001 - the hostility is in the template
        (folder / "templates").mkdir(exist_ok=True)
        (folder / "templates" / "journey.html").write_text(body, encoding="utf-8")
        path = folder / "hostile.journey.yaml"
        path.write_text(HEADER + _stages() + "touchpoints:\n  - {id: t, name: T, stage: s0}\n", encoding="utf-8")
        return ["render", "-f", "html", "--templates", str(folder / "templates"), *options, "-o", str(folder / "out.html"), str(path)]

    return build


def fifo_in_folder(folder: Path, n: int) -> list[str]:
    """A named pipe called like a journey in a scanned folder, beside N small journeys."""
    os.mkfifo(folder / "pipe.journey.yaml")
    for i in range(n):
        text = HEADER.replace("id: hostile", f"id: j{i}") + _stages() + "touchpoints:\n  - {id: t, name: T, stage: s0}\n"
        (folder / ("hostile.journey.yaml" if i == 0 else f"j{i}.journey.yaml")).write_text(text, encoding="utf-8")
    return ["validate", str(folder)]


def _write(folder: Path, lines: list[str], command: str) -> list[str]:
    path = folder / "hostile.journey.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return [command, str(path)]


CASES = [
    Case("unknown-next", "touchpoints leading to unknown ids (each gets a did-you-mean)", 2000, unknown_next, lambda n: 1),
    Case("wide-next", "one touchpoint with this many next steps", 80_000, wide_next, lambda n: 0),
    Case("dense-graph", "touchpoints, each leading to a third of the others", 1800, dense_graph, lambda n: 1),
    Case("suppressions", "suppression comments, one per touchpoint", 8000, suppressions, lambda n: 0),
    # Refused (2) beyond the limit of arrows around skipped touchpoints, drawn (0) within it.
    Case("persona-hub", "touchpoints on each side of a hub the persona skips (render --persona)", 1500, persona_hub, lambda n: 2 if n * n > BYPASS_LIMIT else 0),
    # A plain R003 (1) beyond the deepest chain of imports, valid (0) within it.
    Case("import-chain", "libraries importing each other in a chain", 300, import_chain, lambda n: 1 if n > MAX_IMPORT_DEPTH else 0),
    # Page templates: refused (2) with a message, in seconds and bounded memory.
    Case("template-repeat", "a template printing 'a' * 1,000,000,000", 1, _template("{{ 'a' * 1000000000 }}"), lambda n: 2),
    Case("template-doubling", "a template doubling a text 60 times with ~", 1, _template("{% set ns = namespace(s='a') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}"), lambda n: 2),
    Case("template-loop", "a template with two nested loops of 100,000 (--timeout 3)", 1, _template("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", "--timeout", "3"), lambda n: 2),
    Case("template-recursion", "a template macro that calls itself", 1, _template("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"), lambda n: 2),
    Case("fifo-in-folder", "journeys in a folder that also holds a FIFO named like one", 100, fifo_in_folder, lambda n: 0),
]


@dataclass
class Result:
    case: Case
    size: int
    input_bytes: int
    exit_code: int | None  # None: killed after the time limit
    expected: int
    wall: float
    cpu: float
    peak_mb: float
    traceback: bool

    @property
    def ok(self) -> bool:
        return self.exit_code == self.expected and not self.traceback


def run_case(case: Case, scale: float, timeout: float, folder: Path) -> Result:
    size = max(3, round(case.size * scale))
    args = case.build(folder, size)
    input_bytes = sum(p.stat().st_size for p in folder.iterdir() if p.is_file() and p.name.endswith(".yaml"))
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("JOURNEYCTL_DEBUG", None)
    with open(folder / "stdout.txt", "wb") as out, open(folder / "stderr.txt", "wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "journeyctl", *args], stdout=out, stderr=err, env=env, start_new_session=True)
        deadline = start + timeout
        exit_code: int | None = None
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                exit_code = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() > deadline:
                os.killpg(child.pid, signal.SIGKILL)
                _, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.01)
        wall = time.perf_counter() - start
        child.returncode = exit_code if exit_code is not None else -9  # already reaped
    text = (folder / "stderr.txt").read_bytes() + (folder / "stdout.txt").read_bytes()[:1_000_000]
    peak = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
    return Result(case, size, input_bytes, exit_code, case.exit_code(size), wall, usage.ru_utime + usage.ru_stime, peak, b"Traceback" in text)


def table(results: list[Result]) -> str:
    rows = [
        "| case | size | input | exit (expected) | wall | CPU | peak memory |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for r in results:
        code = "killed" if r.exit_code is None else str(r.exit_code)
        mark = "" if r.ok else " **unexpected**"
        rows.append(
            f"| {r.case.name} | {r.size:,} {r.case.what} | {r.input_bytes / 1024:,.0f} KB | {code} ({r.expected}){mark} "
            f"| {r.wall:.2f} s | {r.cpu:.2f} s | {r.peak_mb:,.0f} MB |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="the size of every case, as a share of the full size (default 1)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a case is killed (default 120)")
    parser.add_argument("--case", action="append", choices=[c.name for c in CASES], help="run only this case (repeatable)")
    parser.add_argument("--keep", type=Path, help="write the inputs and outputs into this folder instead of a temporary one")
    options = parser.parse_args(argv)
    if options.scale <= 0:
        parser.error("--scale must be above 0")
    chosen = [c for c in CASES if not options.case or c.name in options.case]
    results = []
    for case in chosen:
        print(f"{case.name} ...", file=sys.stderr, flush=True)
        if options.keep:
            folder = options.keep / case.name
            folder.mkdir(parents=True, exist_ok=True)
            results.append(run_case(case, options.scale, options.timeout, folder))
        else:
            with tempfile.TemporaryDirectory(prefix=f"hostile-{case.name}-") as tmp:
                results.append(run_case(case, options.scale, options.timeout, Path(tmp)))
    print(f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, {os.cpu_count()} cores; scale {options.scale:g}\n")
    print(table(results))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
