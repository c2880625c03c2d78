"""``journeyctl analyze``: the journey map measured against an event log.

Check the map (as validate does: a map with errors is reported and not analysed,
exit 1), read the events (plain errors, exit 2), run the few engine queries, compute
the measures, write the report. Drift problems count for ``--fail-on`` like
validate's problems: exit 1 when one at that level or above is found.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from journeyctl.checker import LEVEL_RANK

ROLES = ("customer", "timestamp", "event", "channel", "value")
PROGRESS_AFTER = 1.0  # seconds before a read says it is busy
MISSING_EXTRA = "journeyctl analyze needs the analytics extra, which is not installed; install it with: pip install 'journeyctl[analytics]'"


class UsageError(Exception):
    pass


@dataclass
class Options:
    events: list[str] = field(default_factory=list)
    output_format: str = "text"
    output: str | None = None
    fail_on: str = "error"
    columns: list[str] = field(default_factory=list)  # ROLE=COLUMN
    abandonment: list[str] = field(default_factory=list)  # FROM:TO
    breakdown: str | None = None
    engine: str = "duckdb"
    connection: str | None = None
    table: str | None = None
    spark_master: str | None = None
    config: Path | None = None
    color: str = "auto"
    # attribution and feedback (analytics/sections.py)
    paths: str | None = None
    paths_columns: list[str] = field(default_factory=list)  # ROLE=COLUMN
    half_life: str | None = None  # touches (2) or a time (7d); default 7d for events, 1 touch for path files
    markov_order: int = 1
    feedback: str | None = None
    feedback_columns: list[str] = field(default_factory=list)  # ROLE=COLUMN
    survey: str | None = None
    feedback_threshold: float = 1.0  # CSAT points
    min_answers: int = 30
    # --discover: a draft journey from the log (analytics/discover.py)
    discover: bool = False
    min_share: float = 0.01
    min_link: float = 0.10


def _fail(message: str) -> int:
    print(f"journeyctl: {message}", file=sys.stderr)
    return 2


def _column_overrides(given: list[str], columns: dict) -> dict:
    from journeyctl.analytics.inputs import overrides

    try:
        return {**columns, **overrides(given, ROLES, "--column", example="customer=user_id")}
    except ValueError as error:
        raise UsageError(str(error)) from None


def _pairs(given: list[str], plan) -> list[tuple[str, str]]:
    from journeyctl.schema_errors import did_you_mean

    pairs = []
    for item in given:
        source, sep, target = item.partition(":")
        if not sep or not source or not target:
            raise UsageError(f"--abandonment {item}: write FROM:TO with two touchpoint ids, such as adds-to-cart:order-placed")
        for ident in (source, target):
            if ident not in plan.touchpoints:
                hint = did_you_mean(ident, plan.touchpoints)
                raise UsageError(f'--abandonment {item}: the map has no touchpoint "{ident}"' + (f"; {hint}" if hint else ""))
            if ident not in plan.tracked:
                raise UsageError(f'--abandonment {item}: the touchpoint "{ident}" has no events, so it cannot be measured')
        pairs.append((source, target))
    return pairs


def _check_map(path: str, options: Options):
    """The checked document, or an exit code after reporting why there is none."""
    from journeyctl.checker import check
    from journeyctl.lint import Linter

    linter = Linter(options.config)
    report = linter.finish(check([path], linter))
    if report.usage_errors:
        for message in report.usage_errors:
            print(f"journeyctl: {message}", file=sys.stderr)
        return None, 2
    documents = [doc for doc in report.documents if doc.kind != "config"]
    if any(doc.kind == "config" and doc.problems for doc in report.documents) or not documents:
        _report_problems(report, options, "error")
        return None, 2
    # The map itself, not a library it imports (the report lists those too).
    wanted = Path(path).resolve()
    doc = next((d for d in documents if d.file == wanted), documents[0])
    if not all(d.valid for d in report.documents):
        _report_problems(report, options, "error")
        return None, 1
    if doc.kind != "journey" or doc.journey is None:
        return None, _fail(f"{path}: is a library file; analyze measures a journey")
    return doc, 0


def _report_problems(report, options: Options, fail_on: str) -> None:
    from journeyctl.reporters import REPORTERS, reporter_class
    from journeyctl.commands.validate import use_color

    report.fail_on = fail_on
    name = options.output_format if options.output_format in REPORTERS else "text"
    reporter_class(name)(sys.stdout, sys.stderr, color=use_color(options.color, sys.stdout)).report(report)


class Progress:
    """A notice on standard error when a step takes longer than a moment."""

    def __init__(self, message: str) -> None:
        self.message, self.shown, self.started = message, False, time.perf_counter()
        self.timer = threading.Timer(PROGRESS_AFTER, self._show)
        self.timer.daemon = True

    def _show(self) -> None:
        self.shown = True
        print(f"journeyctl: {self.message}…", file=sys.stderr, flush=True)

    def __enter__(self) -> Progress:
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.cancel()
        if self.shown and exc[0] is None:
            print(f"journeyctl: done in {time.perf_counter() - self.started:.1f} s", file=sys.stderr, flush=True)


def run(map_path: str | None, options: Options) -> int:
    """The analysis, stopped cleanly by SIGINT, SIGTERM or SIGHUP: exit 128 + the signal,
    no output half-written, the engine's scratch folder removed (at exit, as on success)."""
    from journeyctl import atomic, interrupts

    try:
        with interrupts.interruptible():
            return _run(map_path, options)
    except BaseException as error:
        signum = error.signum if isinstance(error, interrupts.Interrupted) else interrupts.signalled()
        if signum is None:
            raise
        atomic.remove_live()
        _fail("stopped by a signal; nothing half-written was left behind")
        return 128 + signum


def _run(map_path: str | None, options: Options) -> int:
    if options.discover:
        from journeyctl.analytics.discover import command as discover

        return discover(map_path, options)
    if not map_path:
        return _fail("name the journey file to measure: journeyctl analyze MAP --events FILE (or draft one with --discover)")
    files_only = not options.events and not options.connection and bool(options.paths or options.feedback)
    if not options.events and not options.connection and not files_only:
        return _fail("name the event log with --events FILE (or --connection URL --table NAME), or give --paths FILE or --feedback FILE")
    if options.connection and not options.table:
        return _fail("--connection needs --table NAME: the table of events in that database")
    if options.events and options.connection:
        return _fail("give either --events or --connection, not both")
    if options.output_format == "csv" and not options.output:
        return _fail("--format csv writes one file per table: name the folder with -o FOLDER")
    doc, code = _check_map(map_path, options)
    if doc is None:
        return code
    try:
        import duckdb  # noqa: F401
        import ibis  # noqa: F401
        import numpy  # noqa: F401
    except ImportError:
        return _fail(MISSING_EXTRA)
    from journeyctl.analytics.engine import EngineError
    from journeyctl.analytics.plan import plan_from
    from journeyctl.analytics.read import DataError

    plan = plan_from(doc.journey)
    try:
        plan.columns = _column_overrides(options.columns, plan.columns)
        pairs = _pairs(options.abandonment, plan)
        if not plan.tracked and not files_only:
            raise UsageError(f"{doc.path}: no touchpoint has events, so nothing in the log can be measured; add events to the touchpoints (docs/analytics.md)")
    except UsageError as error:
        return _fail(str(error))
    try:
        if files_only:
            from journeyctl.analytics.sections import files_only as sections_only

            analysis = sections_only(doc, plan, options)
        else:
            analysis = _analyse(doc, plan, pairs, options)
    except (DataError, EngineError, UsageError) as error:
        return _fail(str(error))
    return _write(analysis, doc, options)


def _analyse(doc, plan, pairs, options: Options):
    from journeyctl.analytics import engine as engines
    from journeyctl.analytics.pipeline import measure
    from journeyctl.analytics.read import DataError

    required = ["customer", "timestamp", "event"] + (["channel"] if plan.uses_channel else []) + (["value"] if plan.columns.get("value") else [])
    keep = list(dict.fromkeys(plan.where_columns + ([options.breakdown] if options.breakdown else [])))
    kind = "spark" if options.engine == "spark" else "duckdb"
    with Progress("starting Spark" if kind == "spark" else "reading the events"):
        engine = engines.connect(kind, options.connection, options.spark_master)
        if options.connection:
            events, loaded = engines.load_table(engine, options.table, plan.columns, required, keep)
        else:
            events, loaded = engines.load_files(engine, options.events, plan.columns, required, keep)
    if options.breakdown and options.breakdown not in loaded.properties:
        raise DataError(f'--breakdown {options.breakdown}: the event log has no column "{options.breakdown}"')
    notes = []
    if loaded.null_customers:
        notes.append(f"{loaded.null_customers:,} row{'s' if loaded.null_customers != 1 else ''} without a customer id left out.")
    missing_where = [c for c in plan.where_columns if c not in loaded.properties]
    if missing_where:
        notes.append(f"The event log has no column {', '.join(repr(c) for c in missing_where)}: the events entries with conditions on it match nothing.")
    for note in notes:
        print(f"journeyctl: note: {note}", file=sys.stderr)
    matched = engines.matched(events, plan, cache=True, keep=[options.breakdown] if options.breakdown else [])
    journey = {"id": doc.journey.id, "title": doc.journey.title, "path": doc.path}
    data = {"sources": loaded.files, "engine": engine.kind, "rows_without_customer": loaded.null_customers}
    with Progress("measuring"):
        analysis = measure(matched, plan, journey=journey, data=data, document=doc, abandonment=pairs, breakdown=options.breakdown)
    analysis.notes = notes + analysis.notes
    from journeyctl.analytics.sections import add_sections

    with Progress("attributing and reading the feedback"):
        add_sections(analysis, doc, plan, options, matched=matched, con=engine.duck)
    if engine.kind == "spark":
        from journeyctl.analytics import spark

        spark.stop()
    return analysis


def _write(analysis, doc, options: Options) -> int:
    from journeyctl import atomic
    from journeyctl.analytics import report as reports
    from journeyctl.checker import Document, Report
    from journeyctl.commands.validate import use_color

    fmt = options.output_format
    fails = any(LEVEL_RANK[p.level] >= LEVEL_RANK[options.fail_on] for p in analysis.problems)
    if fmt in ("github", "sarif"):
        import io

        from journeyctl.reporters import reporter_class

        drift_doc = Document(doc.path, file=doc.file, text=doc.text, kind="journey", problems=list(analysis.problems))
        report = Report([drift_doc], [])
        report.fail_on = options.fail_on
        buffer = io.StringIO()
        reporter_class(fmt)(buffer, sys.stderr, color=False).report(report)
        return _emit(buffer.getvalue(), options, atomic) or (1 if fails else 0)
    if fmt == "json":
        return _emit(reports.to_json(analysis), options, atomic) or (1 if fails else 0)
    if fmt == "html":
        from journeyctl.analytics import html_report
        from journeyctl.render.html import TemplateError

        try:
            page = html_report.render(analysis, doc, flow_svg=html_report.traffic_svg(analysis, doc))
        except TemplateError as error:
            return _fail(str(error))
        return _emit(page, options, atomic) or (1 if fails else 0)
    if fmt == "csv":
        folder = Path(options.output)
        if folder.exists() and not folder.is_dir():
            return _fail(f"-o {options.output}: is a file; --format csv writes a folder of files")
        for name, text in reports.csv_tables(analysis).items():
            atomic.write_text(folder / name, text)
            print(folder / name)
        return 1 if fails else 0
    color = use_color(options.color, sys.stdout) if not options.output else False
    text = reports.to_text(analysis, color, problem_lines=lambda problems, c: _problem_text(problems, doc, c))
    return _emit(text, options, atomic) or (1 if fails else 0)


def _problem_text(problems, doc, color: bool) -> str:
    import io

    from journeyctl.checker import Document, Report
    from journeyctl.reporters.text import TextReporter

    buffer = io.StringIO()
    TextReporter(buffer, sys.stderr, color=color).report(Report([Document(doc.path, file=doc.file, text=doc.text, kind="journey", problems=list(problems))], []))
    lines = buffer.getvalue().rstrip("\n").split("\n")
    if lines and lines[-1].startswith("Checked "):
        lines = lines[:-1]  # validate's closing line ("Checked 1 file: ..."); the report has its own
    return "\n".join(lines).rstrip("\n")


def _emit(text: str, options: Options, atomic) -> int:
    """Write to -o (atomically) or standard output; 0, or 2 when the file cannot be written."""
    if options.output and options.output != "-":
        try:
            atomic.write_text(Path(options.output), text)
        except OSError as error:
            return _fail(f"-o {options.output}: cannot write ({error.strerror or error})")
        return 0
    sys.stdout.write(text)
    return 0
