"""The four comparisons of the speed targets, in one run, as ratios.

    python bench/speed_bench.py                    # 1,000 files, 500 touchpoints: several minutes
    python bench/speed_bench.py --files 20 --touchpoints 40 --runs 1    # a quick run

Every figure is a whole process, start-up included, as a user or CI runs it; the
contestants of a comparison take turns run by run, so a busy moment slows both
alike, and each figure is a median. CPU time (user + system of the process and
its children, from ``getrusage``) is shown beside wall time: on a machine shared
with other work it is the steadier of the two.

1. ``journeyctl validate`` on one example file, against ``yamllint`` on the same file;
2. ``journeyctl validate`` on a generated corpus (``--files``, 1,000 by default, made
   by ``generate_corpus.py``) with ``--jobs 1`` and with the default number of jobs,
   against ``check-jsonschema`` with the exported JSON Schema: the peer runs on an
   evenly spaced slice (``--peer-files``) and its time is scaled to the whole corpus,
   unless ``--peer-full``;
3. ``journeyctl render --format svg`` of a generated map (``--touchpoints``, 500 by
   default, the journey of ``render_bench.py``), against the layout engine alone on
   the DOT journeyctl writes for it;
4. ``journeyctl render --format html`` of that map against the SVG render: time and bytes.

It prints a Markdown table of the figures and the ratios against the targets, and
writes it to speed-results.md in ``--work`` (bench/.work). Exit status 0 when it ran (whether or
not the targets hold), 2 when a tool is missing or failed.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
EXAMPLE = ROOT / "examples" / "retail-first-purchase.journey.yaml"
SCHEMA = ROOT / "schema" / "journey.schema.json"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"speed_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class BenchError(Exception):
    """A tool is missing or failed: the bench cannot go on."""


@dataclass
class Timing:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    scale: float = 1.0

    @property
    def w(self) -> float:
        return statistics.median(self.wall) * self.scale

    @property
    def c(self) -> float:
        return statistics.median(self.cpu) * self.scale


# The third-party part of a one-file validate's start-up, with the collector off as journeyctl
# has it: PyYAML, pydantic's models and, through typer's parameter machinery, its adapters.
STACK_WITHOUT_TYPER = "import gc; gc.disable(); import yaml, pydantic.main, pydantic.type_adapter, pydantic.functional_validators"
STACK = STACK_WITHOUT_TYPER + "; import typer, typer.core, importlib.util; importlib.util.find_spec('typer._adapters') and __import__('typer._adapters')"


def _env() -> dict[str, str]:
    # JOURNEYCTL_ENGINE is left out too: the render must run the engine it is compared with.
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "JOURNEYCTL_DEBUG", "PYTHONPROFILEIMPORTTIME", "JOURNEYCTL_ENGINE")}
    env["NO_COLOR"] = "1"
    return env


def tool(name: str) -> list[str]:
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise BenchError(f"{name} is not installed; install it with: pip install -e '.[bench]'")
    return [found]


def run_once(cmd: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in ok:
        tail = "\n".join(done.stderr.decode("utf-8", "replace").strip().splitlines()[-5:])
        raise BenchError(f"{' '.join(cmd[:4])} ... exited with {done.returncode}\n{tail}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def turns(commands: list[tuple[list[str], tuple[int, ...]]], runs: int, label: str) -> list[Timing]:
    """Run the commands in turn, ``runs`` rounds; one timing per command."""
    timings = [Timing() for _ in commands]
    for number in range(runs):
        print(f"  {label}: run {number + 1} of {runs}", file=sys.stderr, flush=True)
        pairs = list(zip(commands, timings))
        # Every other round in reverse order, so neither contestant always runs first (a
        # warm file cache, or load that rises or falls through a round, favours neither).
        for (cmd, ok), timing in pairs if number % 2 == 0 else reversed(pairs):
            wall, cpu = run_once(cmd, ok)
            timing.wall.append(wall)
            timing.cpu.append(cpu)
    return timings


# -- the inputs ----------------------------------------------------------------------


def corpus(files: int, work: Path) -> list[Path]:
    """``files`` generated journeys: bench/corpus when it holds exactly that many, else made under bench/.work."""
    generator = _load("generate_corpus")
    default = HERE / "corpus"
    found = sorted(default.glob("*.journey.yaml")) if default.is_dir() else []
    if len(found) == files:
        return found
    out = work / f"speed-corpus-{files}"
    found = sorted(out.glob("*.journey.yaml")) if out.is_dir() else []
    if len(found) != files:
        print(f"  generating {files} journeys into {out}", file=sys.stderr, flush=True)
        generator.generate(out, files, 2024, 50, 200)
        found = sorted(out.glob("*.journey.yaml"))
    return found


def big_map(touchpoints: int, work: Path) -> Path:
    render_bench = _load("render_bench")
    path = work / f"speed-{touchpoints}.journey.yaml"
    text = yaml.safe_dump(render_bench.generate(touchpoints), sort_keys=False)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def evenly_spaced(files: list[Path], count: int) -> list[Path]:
    if count >= len(files):
        return list(files)
    step = len(files) / count
    return [files[int(i * step)] for i in range(count)]


def engine() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from journeyctl.render.engine import choose

    return choose("graphviz-pure", "svg").path


# -- the report ----------------------------------------------------------------------


@dataclass
class Line:
    work: str
    ours: Timing
    peer: Timing
    peer_name: str
    target: float | None  # ours / peer must be at most this; None: no bound
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours.w / self.peer.w

    @property
    def cpu_ratio(self) -> float:
        return self.ours.c / self.peer.c


def fmt(t: Timing) -> str:
    return f"{t.w:.2f} s ({t.c:.2f} CPU)"


def table(lines: list[Line], extra: list[str]) -> str:
    out = [
        "| work | journeyctl | peer | ratio (wall) | ratio (CPU) | target | holds (wall; CPU) |",
        "| --- | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for line in lines:
        target = f"≤ {line.target:.1f}×" if line.target is not None else "keep < 1×"
        bound = line.target if line.target is not None else 1.0
        holds = f"{'yes' if line.ratio <= bound else 'no'}; {'yes' if line.cpu_ratio <= bound else 'no'}"
        out.append(
            f"| {line.work} | {fmt(line.ours)} | {line.peer_name} {fmt(line.peer)} | {line.ratio:.2f}× | "
            f"{line.cpu_ratio:.2f}× | {target} | {holds}{line.note} |"
        )
    return "\n".join(out + [""] + extra) + "\n"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000, help="journeys in the corpus (default: 1000)")
    parser.add_argument("--peer-files", type=int, default=50, help="corpus files check-jsonschema checks, scaled up (default: 50)")
    parser.add_argument("--peer-full", action="store_true", help="let check-jsonschema check the whole corpus (minutes)")
    parser.add_argument("--touchpoints", type=int, default=500, help="touchpoints of the map rendered (default: 500)")
    parser.add_argument("--runs", type=int, default=7, help="runs of the one-file and render comparisons (default: 7)")
    parser.add_argument("--work", type=Path, default=WORK, help="folder for the generated inputs and outputs (default: bench/.work)")
    parser.add_argument("--corpus-runs", type=int, default=3, help="runs of the corpus comparison (default: 3)")
    return parser.parse_args(argv)


def bench(args: argparse.Namespace) -> str:
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    start_load = os.getloadavg()[0]
    ours = [sys.executable, "-m", "journeyctl"]
    lines: list[Line] = []
    extra: list[str] = []

    one = turns(
        [
            ([*ours, "validate", str(EXAMPLE)], (0,)),
            ([*tool("yamllint"), str(EXAMPLE)], (0, 1)),
            ([sys.executable, "-c", STACK_WITHOUT_TYPER], (0,)),
            ([sys.executable, "-c", STACK], (0,)),
        ],
        args.runs, "one file",
    )
    lines.append(Line(f"validate one example file ({EXAMPLE.name})", one[0], one[1], "yamllint", 1.0))
    extra.append(
        f"- The floor under a one-file `validate`: importing what it is built on (PyYAML, pydantic, typer), no more, takes "
        f"{fmt(one[3])}, {one[3].c / one[1].c:.2f}× yamllint's CPU time; without typer {fmt(one[2])}, so typer's share is "
        f"{(one[3].c - one[2].c) * 1000:.0f} ms of CPU. journeyctl's own part (its modules, the check, the lint and the report) "
        f"is the rest: {(one[0].c - one[3].c) * 1000:.0f} ms."
    )

    files = corpus(args.files, work)
    folder = str(files[0].parent)
    peer_slice = files if args.peer_full else evenly_spaced(files, args.peer_files)
    peer_cmd = [*tool("check-jsonschema"), "--schemafile", str(SCHEMA), *map(str, peer_slice)]
    many = turns(
        [([*ours, "validate", "--jobs", "1", folder], (0,)), ([*ours, "validate", folder], (0,)), (peer_cmd, (0,))],
        args.corpus_runs, f"{len(files)} files",
    )
    many[2].scale = len(files) / len(peer_slice)
    scaled = "" if len(peer_slice) == len(files) else f" (peer: {len(peer_slice)} files, scaled)"
    lines.append(Line(f"validate {len(files):,} files", many[1], many[2], "check-jsonschema", None, scaled))
    jobs = many[0].w / many[1].w
    jobs_cpu = many[1].c / max(many[0].c, 1e-9)
    extra.append(
        f"- `--jobs` on {len(files):,} files: `--jobs 1` {fmt(many[0])}, default jobs {fmt(many[1])}: "
        f"{jobs:.2f}× faster in wall time (target ≥ 1.7× on 2 cores); the default's CPU time, all workers together, is {jobs_cpu:.2f}× that of `--jobs 1`."
    )

    source = big_map(args.touchpoints, work)
    dot, svg, html = work / "speed.dot", work / "speed.svg", work / "speed.html"
    subprocess.run([*ours, "render", str(source), "--format", "dot", "-o", str(dot)], check=True, capture_output=True, env=_env())
    draw = turns(
        [
            ([*ours, "render", str(source), "--format", "svg", "-o", str(svg)], (0,)),
            ([engine(), "-Tsvg", str(dot), "-o", str(work / "speed-raw.svg")], (0,)),
            ([*ours, "render", str(source), "--format", "html", "-o", str(html)], (0,)),
        ],
        args.runs, f"render {args.touchpoints}",
    )
    lines.append(Line(f"render SVG, {args.touchpoints} touchpoints", draw[0], draw[1], "engine alone", 2.0))
    lines.append(Line(f"HTML page, {args.touchpoints} touchpoints", draw[2], draw[0], "render SVG", 1.3))
    floor = one[3].c + draw[1].c
    extra.append(
        f"- The floor under `render --format svg`: the stack's start-up (above) and the engine alone together take "
        f"{floor:.2f} s of CPU, {floor / draw[1].c:.2f}× the engine, before the map is read, checked or turned into DOT; "
        f"journeyctl's own part of the render is {(draw[0].c - floor) * 1000:.0f} ms."
    )
    size = html.stat().st_size
    extra.append(f"- HTML page: {size / 1e6:.2f} MB (target ≤ 2 MB: {'holds' if size <= 2e6 else 'does not hold'}); the SVG: {svg.stat().st_size / 1e6:.2f} MB.")
    load = os.getloadavg()
    extra.append(
        f"- Medians of {args.runs} runs ({args.corpus_runs} for the corpus); {os.cpu_count()} cores; "
        f"load average {start_load:.1f} at the start, {load[0]:.1f} at the end; Python {sys.version.split()[0]}. 'holds' reads the wall-clock ratio, then the CPU one: on a quiet machine "
        "the wall clock is what a user waits and shows work done on the second core; on a busy one only the CPU ratio is steady."
    )
    return table(lines, extra)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:
        result = bench(args)
    except BenchError as error:
        print(f"speed_bench: {error}", file=sys.stderr)
        return 2
    (args.work / "speed-results.md").write_text(result, encoding="utf-8")
    print(result, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
