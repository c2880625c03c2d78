"""How long `journeyctl render` takes on big journeys, next to the layout engine alone.

    python bench/render_bench.py                     # 100, 250 and 500 touchpoints, 5 runs each
    python bench/render_bench.py --sizes 500 --runs 9

For each size it writes a generated journey under bench/.work/, then takes the
median wall and CPU time of whole processes (start-up included, as a user or CI sees it),
the four below taking turns run by run:

* `journeyctl validate`: start-up, reading and checking, shared by every command;
* `journeyctl render --format dot`: the same plus building the DOT (no engine);
* `journeyctl render --format svg`: the same plus the engine;
* the engine alone (`graphviz-pure -Tsvg`) on the very DOT journeyctl wrote
  (for the blueprint, render runs the engine twice: the layout, then drawing
  the lines onto it with `-Kneato -n2`, which keeps the positions);
* the engine alone on that DOT with every xlabel turned back into a label,
  to show what per-edge labels cost on big maps (flow view only).

"Render's own part" is the CPU time of `render --format svg` less that of
`validate` and of the engine alone: what drawing adds besides the engine.
It prints a Markdown table and writes it to bench/.work/render-results.md.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
LANES = ["customer", "customer", "customer", "frontstage", "backstage", "support"]


def generate(touchpoints: int, stages: int = 10, seed: int = 7) -> dict:
    """A journey of ``touchpoints`` steps: mostly a forward chain, with branches, retries and skips."""
    rng = random.Random(seed)
    personas = [{"id": f"p{i}", "name": f"Persona {i}"} for i in range(4)]
    channels = [{"id": f"c{i}", "name": f"Channel number {i}"} for i in range(8)]
    stage_list = [{"id": f"s{i}", "name": f"Stage {i} of the long journey"} for i in range(stages)]
    items = []
    for index in range(touchpoints):
        stage = index * stages // touchpoints
        item: dict = {
            "id": f"t{index}",
            "name": f"Step {index}: the customer does something rather specific here",
            "stage": f"s{stage}",
            "channel": f"c{rng.randrange(8)}",
            "lane": rng.choice(LANES),
            "emotion": {"score": rng.choice([-2, -1, 0, 1, 2]), "label": rng.choice(["calm", "annoyed", "happy"])},
        }
        if rng.random() < 0.3:
            item["pain_points"] = ["It takes too long", "Nobody explains why"][: rng.randint(1, 2)]
        if rng.random() < 0.2:
            item["personas"] = [f"p{rng.randrange(4)}"]
        if rng.random() < 0.05:
            item["milestone"] = True
        flows = []
        if index + 1 < touchpoints:
            flows.append({"to": f"t{index + 1}", "label": "continues to the next step"} if rng.random() < 0.4 else f"t{index + 1}")
        if index + 3 < touchpoints and rng.random() < 0.25:
            flows.append({"to": f"t{index + 3}", "condition": "already a customer"})
        if index > 5 and rng.random() < 0.08:
            flows.append({"to": f"t{index - rng.randint(1, 5)}", "label": "tries again"})
        if flows:
            item["next"] = flows
        else:
            item["end"] = True
        items.append(item)
    return {
        "version": 1,
        "id": f"bench-{touchpoints}",
        "title": f"A generated journey of {touchpoints} touchpoints",
        "personas": personas,
        "channels": channels,
        "stages": stage_list,
        "touchpoints": items,
    }


class Timing(float):
    """A median wall time in seconds, carrying the median CPU time (user + system) as ``cpu``."""

    cpu: float


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Failed(Exception):
    """The command failed; the message is its first error line."""


def _run_once(command: list[str], may_fail: bool) -> tuple[float, float]:
    cpu_before = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu_before
    if done.returncode != 0 and may_fail:
        errors = [line for line in done.stderr.decode(errors="replace").splitlines() if line and not line.startswith("Warning")]
        raise Failed(errors[0] if errors else f"exit status {done.returncode}")
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr.decode(errors='replace')}")
    return wall, cpu


def alternating(commands: list[list[str]], runs: int) -> list[Timing]:
    """Median wall and CPU time of ``runs`` runs of each command; each must succeed.

    The commands take turns run by run (every other round in reverse order), so a
    busy moment on a shared machine slows them alike. CPU time counts the process
    and its children (the engine) and is much less disturbed than wall time.
    """
    walls: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    order = list(range(len(commands)))
    for number in range(runs):
        for index in order if number % 2 == 0 else reversed(order):
            wall, cpu = _run_once(commands[index], False)
            walls[index].append(wall)
            cpus[index].append(cpu)
    results = []
    for wall, cpu in zip(walls, cpus):
        result = Timing(statistics.median(wall))
        result.cpu = statistics.median(cpu)
        results.append(result)
    return results


def timed(command: list[str], runs: int, may_fail: bool = False) -> Timing:
    """Median wall and CPU time of ``runs`` runs of one command (``Failed`` when it fails and ``may_fail``)."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = _run_once(command, may_fail)
        walls.append(wall)
        cpus.append(cpu)
    result = Timing(statistics.median(walls))
    result.cpu = statistics.median(cpus)
    return result


def engine_path() -> str:
    sys.path.insert(0, str(HERE.parent / "src"))
    from journeyctl.render.engine import choose

    return choose("graphviz-pure", "svg").path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,250,500", help="touchpoint counts, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (the median is kept)")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    engine = engine_path()
    journeyctl = [sys.executable, "-m", "journeyctl", "render"]
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        source = WORK / f"bench-{size}.journey.yaml"
        source.write_text(yaml.safe_dump(generate(size), sort_keys=False), encoding="utf-8")
        for view in ("flow", "blueprint"):
            dot_file = WORK / f"bench-{size}-{view}.dot"
            subprocess.run([*journeyctl, str(source), "--view", view, "--format", "dot", "-o", str(dot_file)], check=True, capture_output=True)
            validate, only_dot, whole, raw = alternating(
                [
                    [sys.executable, "-m", "journeyctl", "validate", str(source)],
                    [*journeyctl, str(source), "--view", view, "--format", "dot", "-o", str(WORK / "x.dot")],
                    [*journeyctl, str(source), "--view", view, "--format", "svg", "-o", str(WORK / "x.svg")],
                    [engine, "-Tsvg", str(dot_file), "-o", str(WORK / "raw.svg")],
                ],
                args.runs,
            )
            labelled = None
            text = dot_file.read_text(encoding="utf-8")
            if "xlabel=" in text:
                labelled_file = WORK / f"bench-{size}-{view}-labels.dot"
                labelled_file.write_text(text.replace("xlabel=", "label="), encoding="utf-8")
                try:
                    labelled = timed([engine, "-Tsvg", str(labelled_file), "-o", str(WORK / "raw.svg")], args.runs, may_fail=True)
                except Failed as error:
                    labelled = f"fails: {error}"
            rows.append((size, view, validate, only_dot, whole, raw, labelled))
            print(f"{size:>5} {view:<9} validate {validate:.2f}s  dot {only_dot:.2f}s  svg {whole:.2f}s  engine {raw:.2f}s", file=sys.stderr)

    lines = [
        "Median wall time (CPU time in brackets) of whole processes.",
        "",
        "| touchpoints | view | `validate` | `render --format dot` | `render --format svg` | engine alone | render's own part | engine with edge labels, not xlabels |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]

    def cell(value: Timing) -> str:
        return f"{value:.2f} s ({value.cpu:.2f})"

    for size, view, validate, only_dot, whole, raw, labelled in rows:
        own = max(whole.cpu - validate.cpu - raw.cpu, 0.0)
        lines.append(
            f"| {size} | {view} | {cell(validate)} | {cell(only_dot)} | {cell(whole)} | {cell(raw)} | "
            f"{own:.2f} s CPU ({own / whole.cpu:.0%}) | " + (f"{cell(labelled)} |" if isinstance(labelled, Timing) else f"{labelled or '—'} |")
        )
    table = "\n".join(lines) + "\n"
    (WORK / "render-results.md").write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
