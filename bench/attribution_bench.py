"""How long the attribution models take, and how much memory they need, by number of paths.

    python bench/attribution_bench.py                 # 10,000 and 100,000 distinct paths, 5 runs
    python bench/attribution_bench.py --write-doc     # the same, and update docs/performance.md
    python bench/attribution_bench.py --quick         # a tiny run, to see that it works

The paths are generated, deterministic: distinct paths of 1 to 8 touches over 12
channels, each with 0 to 5 conversions (10 of value each) and up to 20 non-conversions,
as an aggregated path file gives them. For each size it times, in this process (the
median of the runs; the paths are built before the clock starts):

* the Markov removal effect of order 1, 2 and 3, solved exactly (the chain built from
  the paths, then one linear solve for the whole chain and one per channel removed);
* all six models side by side, as ``journeyctl analyze`` computes them (first touch,
  last touch, linear, position-based, time decay, Markov of order 1);

and, in a separate run, the peak of the memory Python allocates during each of those
(``tracemalloc``: numpy's arrays included), and the number of chain states.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from journeyctl.analytics.attribution import attribute  # noqa: E402
from journeyctl.analytics.markov import PathCount, markov  # noqa: E402

START_MARK = "<!-- attribution-bench:start -->"
END_MARK = "<!-- attribution-bench:end -->"
CHANNELS = 12


def generate(count: int, channels: int = CHANNELS, seed: int = 2024) -> list[PathCount]:
    rng = random.Random(seed)
    names = [f"channel-{i:02d}" for i in range(channels)]
    seen: dict[tuple, PathCount] = {}
    while len(seen) < count:
        path = tuple(rng.choice(names) for _ in range(rng.randint(1, 8)))
        if path in seen:
            continue
        conversions = rng.randint(0, 5)
        nulls = rng.randint(0 if conversions else 1, 20)
        seen[path] = PathCount(path, conversions, nulls, conversions * 10.0)
    return list(seen.values())


def cases(paths: list[PathCount]):
    yield "Markov, order 1", lambda: markov(paths, 1).states
    yield "Markov, order 2", lambda: markov(paths, 2).states
    yield "Markov, order 3", lambda: markov(paths, 3).states
    yield "all six models", lambda: attribute(paths).markov.states


def measure(sizes: list[int], runs: int) -> list[dict]:
    markov(generate(200), 3)  # imports (the sparse solver's too) and first calls out of the timing
    rows = []
    for size in sizes:
        paths = generate(size)
        for name, work in cases(paths):
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                states = work()
                times.append(time.perf_counter() - start)
            tracemalloc.start()
            work()
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            rows.append({"paths": size, "case": name, "states": states, "seconds": statistics.median(times), "peak": peak})
            print(f"{size:>9,} paths  {name:<16} {states:>6,} states  {statistics.median(times):8.3f} s  {peak / 2**20:7.1f} MB", flush=True)
    return rows


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def table(rows: list[dict], runs: int) -> str:
    lines = [
        START_MARK,
        "<!-- Written by bench/attribution_bench.py --write-doc: edit the text outside these markers. -->",
        "",
        f"- Machine: {machine()}; load average {os.getloadavg()[0]:.1f} at the end; median of {runs} runs.",
        f"- Paths: distinct, 1 to 8 touches over {CHANNELS} channels (`bench/attribution_bench.py`).",
        "",
        "| distinct paths | what | chain states | time | peak memory |",
        "| ---: | --- | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['paths']:,} | {row['case']} | {row['states']:,} | {row['seconds']:.3f} s | {row['peak'] / 2**20:.1f} MB |"
        )
    lines.append(END_MARK)
    return "\n".join(lines) + "\n"


def update_doc(path: Path, generated: str) -> None:
    """Replace the text between the markers, keeping every other section of the file."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    start, end = text.find(START_MARK), text.find(END_MARK)
    if start >= 0 and end > start:
        text = text[:start] + generated.rstrip("\n") + text[end + len(END_MARK) :]
    else:
        text = text.rstrip("\n") + "\n\n## Attribution\n\n" + generated
    if not text.endswith("\n"):
        text += "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="500 and 2,000 paths, one run: to see that it works")
    parser.add_argument(
        "--write-doc", nargs="?", const=str(ROOT / "docs" / "performance.md"), default=None, metavar="FILE",
        help="update the Attribution figures in FILE (default docs/performance.md)",
    )
    args = parser.parse_args(argv)
    sizes, runs = ([500, 2_000], 1) if args.quick else (args.sizes, args.runs)
    rows = measure(sizes, runs)
    generated = table(rows, runs)
    print(generated)
    if args.write_doc:
        update_doc(Path(args.write_doc), generated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
