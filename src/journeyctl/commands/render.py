"""``journeyctl render``: check journey files, then draw each valid journey.

Formats are looked up in ``BACKENDS``: each names its file extension and the
function that turns one journey into bytes; HTML also has a "site" function for
many journeys at once (an index and a page each). Adding a format is one entry.

Outputs (documented in docs/render.md):

* ``-o FILE``: one journey, written to FILE; with no ``--format``, FILE's
  extension picks the format.
* ``-o DIR`` (an existing folder, a path ending in ``/``, or any path when
  there are several journeys): one file per journey, named
  ``<file name>-<view>[-<persona>].<ext>`` (``<file name>.html`` for HTML).
* ``-o -``: one journey, to standard output.
* no ``-o``: as ``-o out/``.
"""

from __future__ import annotations

import gc
import importlib
import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from journeyctl import atomic, forked, interrupts
from journeyctl.checker import Document, Report, check
from journeyctl.commands.output_names import mismatch
from journeyctl.reporters.safe import safe
from journeyctl.commands.validate import use_color
from journeyctl.reporters import reporter_class
from journeyctl.sources import SUFFIXES

DEFAULT_DIR = "out"
MAX_TIMEOUT = 7 * 24 * 3600.0  # a week: longer time limits are taken as this
EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


@dataclass(frozen=True)
class Options:
    view: str
    persona: str | None
    engine: str | None
    timeout: float
    templates: Path | None
    deadline: float | None = None  # time.monotonic() when the whole run must end; set by run()
    events: tuple[str, ...] = ()  # --events: event logs whose traffic the flow view draws
    traffic: dict | None = None  # doc path -> render.flow.Traffic, read from --events by _run

    def remaining(self) -> float:
        """Seconds left of ``--timeout``, which covers the whole run (every engine and template)."""
        if self.deadline is None:
            return min(self.timeout, MAX_TIMEOUT)
        return self.deadline - time.monotonic()


class Refused(Exception):
    """A run that cannot go on, with a message for people and an exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _image(output_format: str) -> Callable[[Document, Options], bytes]:
    def draw(doc: Document, options: Options) -> bytes:
        from journeyctl.render import render

        traffic = options.traffic.get(doc.path) if options.traffic else None
        return render(doc.journey, output_format, view=options.view, persona=options.persona, engine=options.engine, timeout=_left(options), traffic=traffic)

    return draw


def _html_module():
    try:
        return importlib.import_module("journeyctl.render.html")
    except ModuleNotFoundError as error:
        if error.name != "journeyctl.render.html":
            raise
        raise Refused("HTML output is not available in this version of journeyctl; use --format svg, png, pdf or dot") from None


def _html_page(doc: Document, options: Options) -> bytes:
    html = _html_module()
    from journeyctl.render import flow_svg

    def flow() -> str:  # drawn by render_html, which builds the rest of the page while the engine runs
        return flow_svg(doc.journey, persona=options.persona, engine=options.engine, timeout=_left(options))

    try:
        page = html.render_html(doc.journey, persona=options.persona, templates=options.templates, flow_svg=flow, timeout=_left(options))
    except html.TemplateError as error:
        raise Refused(str(error)) from None
    return page.encode("utf-8")


def _html_site(documents: list[Document], out_dir: Path, options: Options) -> list[Path]:
    """Every file checked goes to the site: its index shows invalid files and libraries too."""
    html = _html_module()
    try:
        return html.render_site(documents, out_dir, templates=options.templates, persona=options.persona, engine=options.engine, timeout=_left(options))
    except html.TemplateError as error:
        raise Refused(str(error)) from None


TRAFFIC_FORMATS = ("svg", "png", "pdf", "dot")  # the formats --events draws on


def _traffic(journeys: list[Document], options: Options, output_format: str) -> dict:
    """``--events``: each journey's traffic in the event logs (the analytics, loaded only here)."""
    if output_format == "html":
        raise Refused("--events draws the traffic on a diagram (svg, png, pdf, dot); for the page with the measured map, run journeyctl analyze MAP --events LOG --format html")
    if output_format not in TRAFFIC_FORMATS:
        raise Refused(f"--events draws the traffic on a diagram (svg, png, pdf, dot), not in {output_format}")
    if options.view != "flow":
        raise Refused("--events draws the traffic on the flow view; leave out --view blueprint")
    try:
        from journeyctl.analytics.traffic import observed
    except ImportError:
        raise Refused("--events needs the analytics extra, which is not installed; install it with: pip install 'journeyctl[analytics]'") from None
    from journeyctl.analytics.engine import EngineError as DataEngineError
    from journeyctl.analytics.read import DataError

    try:
        return {doc.path: observed(doc, list(options.events)) for doc in journeys}
    except (DataError, DataEngineError) as error:
        raise Refused(str(error)) from None


def _left(options: Options) -> float:
    left = options.remaining()
    if left <= 0:
        raise Refused(f"the render took more than {options.timeout:g} seconds and was stopped; give it longer with --timeout")
    return left


def _mermaid(doc: Document) -> bytes:
    """The Mermaid journey diagram, as journeyctl convert writes it (docs/convert.md)."""
    from journeyctl.convert.mermaid_write import to_mermaid

    text, dropped = to_mermaid(doc.journey)
    if dropped:
        _say(f"{doc.path}: dropped (Mermaid's journey cannot hold them): {', '.join(dropped)}")
    return text.encode("utf-8")


class Backend:
    """An output format. A plain class: a frozen dataclass costs about half a millisecond to define on every run."""

    __slots__ = ("extension", "draw", "engine", "site", "per_view", "ready")

    def __init__(
        self,
        extension: str,
        draw: Callable[[Document, Options], bytes],
        engine: bool = False,  # needs the layout engine
        site: Callable[[list[Document], Path, Options], list[Path]] | None = None,  # many journeys into one folder
        per_view: bool = True,  # the file name says the view
        ready: Callable[[], object] | None = None,  # raises Refused when the backend cannot run here
    ) -> None:
        self.extension = extension
        self.draw = draw
        self.engine = engine
        self.site = site
        self.per_view = per_view
        self.ready = ready


BACKENDS: dict[str, Backend] = {
    "svg": Backend("svg", _image("svg"), engine=True),
    "png": Backend("png", _image("png"), engine=True),
    "pdf": Backend("pdf", _image("pdf"), engine=True),
    "dot": Backend("dot", _image("dot")),
    "html": Backend("html", _html_page, engine=True, site=_html_site, per_view=False, ready=_html_module),
    "mermaid": Backend("mmd", lambda doc, options: _mermaid(doc), per_view=False),
}


def format_for(output: str | None, requested: str | None) -> str:
    """The format asked for, else the one the output file's extension names, else SVG."""
    if requested:
        return requested
    if output and output != "-" and not _is_folder(output):
        extension = Path(output).suffix.lower().lstrip(".")
        for name, backend in BACKENDS.items():
            if extension == backend.extension:
                return name
    return "svg"


def _is_folder(output: str) -> bool:
    try:
        return output.endswith(("/", os.sep)) or Path(output).is_dir()
    except OSError:  # a name too long, a loop of links: not a folder; writing it says why
        return False


def base_name(doc: Document) -> str:
    if doc.file is None:
        return doc.journey.id
    name = doc.file.name
    for suffix in (*SUFFIXES, ".yaml", ".yml"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def file_name(doc: Document, backend: Backend, options: Options) -> str:
    parts = [base_name(doc)]
    if backend.per_view:
        parts.append(options.view)
    if options.persona:
        parts.append(options.persona)
    return "-".join(parts) + "." + backend.extension


def plan(journeys: list[Document], inputs: int, output: str | None, backend: Backend, options: Options) -> tuple[str, Path | None, dict[str, Path]]:
    """Where each journey goes: ("stdout" | "file" | "folder" | "site", folder, {doc path: file}).

    ``inputs`` counts the journey files given, valid or not, so that where the
    files go does not depend on which of them have errors today.
    """
    output = output or DEFAULT_DIR + "/"
    if output == "-":
        if inputs > 1:
            raise Refused(f"-o - writes one journey to standard output, and the inputs hold {inputs}; give a folder with -o")
        return "stdout", None, {}
    if not _is_folder(output) and inputs == 1:
        return "file", None, {journeys[0].path: Path(output)}
    folder = Path(output)
    if not _is_folder(output) and folder.suffix.lower().lstrip(".") in {b.extension for b in BACKENDS.values()}:
        raise Refused(f"{output} names one file, and the inputs hold {inputs} journeys; give a folder with -o")
    if folder.exists() and not folder.is_dir():
        raise Refused(f"{output} is a file; to draw {inputs} journeys, give a folder with -o")
    if backend.site is not None:
        return "site", folder, {}
    targets: dict[str, Path] = {}
    taken: dict[Path, str] = {}
    for doc in journeys:
        target = folder / file_name(doc, backend, options)
        if target in taken:
            raise Refused(f"{taken[target]} and {doc.path} would both be drawn to {target}; render them separately, each with its own -o")
        taken[target] = doc.path
        targets[doc.path] = target
    return "folder", folder, targets


def _check_inputs_untouched(targets: dict[str, Path], documents: list[Document]) -> None:
    inputs = {doc.file for doc in documents if doc.file is not None}
    for target in targets.values():
        if Path(os.path.realpath(target)) in inputs:
            raise Refused(f"{target} is one of the input files; journeyctl never overwrites its inputs: choose another -o")


def _say(message: str) -> None:
    sys.stderr.write(f"journeyctl: {safe(message)}\n")  # paths and ids from files: control characters escaped


def _checked(paths: list[str]) -> Report:
    """The files checked and linted exactly as ``validate`` does: a lint error keeps a journey from being drawn.

    The cyclic garbage collector is off while the files are checked, and what the check
    built (the composed files, the models, the problems) is then set aside from it
    (``gc.freeze``): it lives until the drawing is done and holds no reference cycles, and
    the collector would otherwise walk all of it again while the journeys are drawn
    (about 8 ms of CPU at 500 touchpoints)."""
    from journeyctl.lint import Linter

    collecting = gc.isenabled()
    gc.disable()
    try:
        linter = Linter()
        return linter.finish(check(paths, linter))
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def run(paths: list[str], output: str | None, requested_format: str | None, options: Options, color: str) -> int:
    if not math.isfinite(options.timeout) or options.timeout <= 0:
        _say(f"--timeout {options.timeout}: give a number of seconds, such as 120")
        return EXIT_USAGE
    from journeyctl.render.engine import stop_all

    options = replace(options, deadline=time.monotonic() + min(options.timeout, MAX_TIMEOUT))
    try:
        with interrupts.interruptible(stop_all):
            return _run(paths, output, requested_format, options, color)
    except interrupts.Interrupted as stop:
        stop_all()
        atomic.remove_live()
        _say("stopped by a signal; nothing half-written was left behind")
        return 128 + stop.signum


def _run(paths: list[str], output: str | None, requested_format: str | None, options: Options, color: str) -> int:
    report = _checked(paths)
    if report.problems:
        problems_only = Report(report.documents, [])
        reporter_class("text")(sys.stderr, sys.stderr, color=use_color(color, sys.stderr)).report(problems_only)
    for message in report.usage_errors:
        _say(message)
    if report.usage_errors or any(doc.kind == "config" and doc.problems for doc in report.documents):
        return EXIT_USAGE
    report.documents = [doc for doc in report.documents if doc.kind != "config"]
    journeys = [doc for doc in report.documents if doc.kind == "journey" and doc.journey is not None and doc.valid]
    invalid = [doc for doc in report.documents if not doc.valid]
    status = EXIT_INVALID if invalid else EXIT_OK
    if not journeys:
        if invalid:
            return EXIT_INVALID
        _say("no journey to draw: the inputs hold only library files (kind: library)")
        return EXIT_USAGE

    from journeyctl.render import EngineError, UnknownPersona
    from journeyctl.render.engine import choose

    output_format = format_for(output, requested_format)
    backend = BACKENDS[output_format]
    try:
        if backend.ready is not None:
            backend.ready()
        if backend.engine:
            choose(options.engine, "svg" if output_format == "html" else output_format)
        inputs = sum(1 for doc in report.documents if doc.kind != "library")
        mode, folder, targets = plan(journeys, inputs, output, backend, options)
        if mode == "file" and (warning := mismatch(next(iter(targets.values())), output_format, requested_format)):
            _say(warning)
        _check_inputs_untouched(targets, report.documents)
        if options.events:
            options = replace(options, traffic=_traffic(journeys, options, output_format))
        if mode == "site":
            for path in backend.site(report.documents, folder, options):
                print(path)
            return status
    except (Refused, EngineError, forked.WorkerDied) as error:
        _say(str(error))
        return max(status, error.exit_code)
    except OSError as error:
        _say(str(atomic.plain(error, output)))
        return max(status, EXIT_USAGE)

    def draw(doc: Document) -> bytes | tuple[str, int]:
        """The journey's bytes, or (message, exit code) when it cannot be drawn."""
        try:
            return backend.draw(doc, options)
        except UnknownPersona as error:
            return f"{doc.path}: {error}", EXIT_USAGE
        except (Refused, EngineError) as error:
            return f"{doc.path}: {error}", error.exit_code

    # Several journeys are drawn side by side, in forked processes where the system has
    # them (each drawing's Python as well as its engine; forked.py), else in threads (the
    # engines alone), and written and reported in input order.
    workers = min(len(journeys), forked.default_jobs())
    if workers > 1 and forked.available():
        try:
            results = forked.each(draw, journeys, workers)
        except forked.WorkerDied as error:
            _say(str(error))  # a run that lost a worker writes none of its journeys
            return max(status, error.exit_code)
    elif workers > 1:
        from concurrent.futures import ThreadPoolExecutor  # only here: its import (and logging's) costs a one-journey run

        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(draw, journeys))
    else:
        results = [draw(doc) for doc in journeys]

    for doc, data in zip(journeys, results):
        if isinstance(data, tuple):
            message, code = data
            _say(message)
            status = max(status, code)
            continue
        target = "-" if mode == "stdout" else targets[doc.path]
        try:
            written = atomic.write_bytes(target, data)
        except atomic.WriteError as error:
            _say(str(error))
            status = max(status, EXIT_USAGE)
            continue
        if written == "file":  # a device or a pipe (-o /dev/stdout) gets only the image
            print(target)
    return status
