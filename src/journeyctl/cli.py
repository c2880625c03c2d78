"""The command line: parse options, call one plain function, exit with its code.

Each command's work lives in ``journeyctl.commands.<name>`` and is imported only
when that command runs, so ``journeyctl validate`` never loads the renderers.
"""

import gc
import os
import sys
import types
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

# Start-up builds tens of thousands of objects (typer's commands, pydantic's models)
# that live until the process ends and hold no garbage: the cyclic collector would
# walk them again and again while they are made (about 14 ms of a 0.2 s validate).
# It is off while this module loads, and while a command starts (see ``started``).
_COLLECTING = gc.isenabled()
gc.disable()

import typer  # noqa: E402

from journeyctl import __version__
from journeyctl.help_words import use_words
from journeyctl.reporters import REPORTERS

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


use_words()  # --help shows PATH..., FILE, SECONDS: words, not Python types (help_words.py)

APP_SETTINGS = {
    "name": "journeyctl",
    "help": "Customer journey maps as code: check and render journey YAML files.",
    "no_args_is_help": True,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": "markdown",
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**APP_SETTINGS)


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


# One choice per reporter: adding a format to journeyctl.reporters.REPORTERS adds it here.
OutputFormat = Enum("OutputFormat", {name: name for name in REPORTERS}, type=str)  # type: ignore[misc]


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


class RulesFormat(str, Enum):
    text = "text"
    markdown = "markdown"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"journeyctl {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        Optional[bool],
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    """Customer journey maps as code: check and render journey YAML files.

    Exit codes: 0 all good, 1 a file has errors, 2 usage or I/O error, 3 internal error.
    """
    if ctx.invoked_subcommand != "validate":  # validate says so itself, once its checker is loaded
        started()


PathsArg = Annotated[
    Optional[list[str]],
    typer.Argument(
        help="Journey files, folders (searched for *.journey.yaml and *.library.yaml), or - for standard input. Default: the current folder.",
        show_default=False,
        metavar="PATH...",
    ),
]
ColorOpt = Annotated[
    Color,
    typer.Option("--color", help="Colour the text output: auto (on a terminal, unless NO_COLOR is set; FORCE_COLOR=1 forces it), always, never."),
]


@app.command()
def validate(
    paths: PathsArg = None,
    output_format: Annotated[
        Optional[OutputFormat],
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Output format: text for people; concise for one line per problem; json, sarif, junit and github for programs and CI. Default: text, or github under GitHub Actions.",
            show_default=False,
        ),
    ] = None,
    config: Annotated[
        Optional[Path],
        typer.Option("--config", "-c", help="Lint with this configuration file instead of the nearest .journeyctl.yaml or [tool.journeyctl] in pyproject.toml.", show_default=False, metavar="FILE"),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a problem at this level or above remains: error, warning or info.")
    ] = FailOn.error,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Show only the problems: no summary line.")] = False,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when problems are found (usage and I/O errors still exit 2).")] = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Instead of each problem, show how many there are of each code (with --format text or concise).")
    ] = False,
    jobs: Annotated[
        Optional[int],
        typer.Option("--jobs", "-j", min=1, metavar="N", help="Check files in N processes; 1 checks them in this one. Default: one per processor core.", show_default=False),
    ] = None,
    color: ColorOpt = Color.auto,
) -> None:
    """Check journey files against the format and their cross-references, then lint them.

    Every problem in every file is reported, each at file:line:column. The linter's
    rules (see `journeyctl rules`) are configured in .journeyctl.yaml, found upward
    from each file; without one, the recommended preset applies.

    Exit codes: 0 no problem at the --fail-on level or above, 1 there is one, 2 usage,
    I/O or configuration error.

    **Examples**

        journeyctl validate                         # every journey under this folder

        journeyctl validate examples/retail-first-purchase.journey.yaml

        journeyctl validate --fail-on warning --format sarif examples/ > journeyctl.sarif

        journeyctl validate --format concise --statistics --jobs 2 examples/

        cd examples && journeyctl validate - < switch-mobile-plan.journey.yaml
    """
    import journeyctl.jobs  # noqa: F401 - the checker and the linter, loaded before the collector comes back
    import journeyctl.lint  # noqa: F401
    from journeyctl.commands.validate import run

    started()
    chosen = output_format.value if output_format else None
    options = {"config": config, "fail_on": fail_on.value, "quiet": quiet, "exit_zero": exit_zero, "statistics": statistics, "jobs": jobs}
    raise typer.Exit(run(paths or ["."], chosen, color.value, **options))


@app.command()
def rules(
    rule: Annotated[Optional[str], typer.Argument(help="A rule code or name, such as L003 or orphan-touchpoint.", show_default=False, metavar="RULE")] = None,
    output_format: Annotated[
        RulesFormat, typer.Option("--format", "-f", help="text for the terminal, markdown for the documentation page.")
    ] = RulesFormat.text,
) -> None:
    """List the lint rules, or explain one: what it finds, why, its options and examples.

    **Examples**

        journeyctl rules

        journeyctl rules orphan-touchpoint
    """
    from journeyctl.commands.rules import run

    raise typer.Exit(run(rule, output_format.value))


class SchemaKind(str, Enum):
    journey = "journey"
    library = "library"


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Option("--kind", help="Which file kind: journey or library.")] = SchemaKind.journey,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of standard output; its folder must exist.", metavar="FILE")
    ] = None,
) -> None:
    """Print the JSON Schema of the journey format, for editors and other tools.

    The schemas are also committed under schema/ in the repository; journey files
    point their editor at them with a first line such as

        # yaml-language-server: $schema=../schema/journey.schema.json

    **Examples**

        journeyctl schema > journey.schema.json

        journeyctl schema --kind library -o library.schema.json
    """
    from journeyctl.commands.schema import run

    raise typer.Exit(run(kind.value, output))


class RenderFormat(str, Enum):
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"
    html = "html"
    mermaid = "mermaid"


class View(str, Enum):
    flow = "flow"
    blueprint = "blueprint"


class Engine(str, Enum):
    graphviz_pure = "graphviz-pure"
    dot = "dot"


@app.command()
def render(
    paths: PathsArg = None,
    output_format: Annotated[
        Optional[RenderFormat],
        typer.Option("--format", "-f", help="svg, png, pdf (needs Graphviz's dot), dot (the Graphviz source), html, or mermaid (a Mermaid journey diagram, as journeyctl convert writes it). Default: from the -o file's extension, else svg.", show_default=False),
    ] = None,
    output: Annotated[
        Optional[str],
        typer.Option("--output", "-o", help="A file for one journey, a folder for several, or - for standard output. Default: the folder out/.", show_default=False, metavar="FILE|FOLDER"),
    ] = None,
    view: Annotated[View, typer.Option("--view", help="flow: stages left to right with the arrows between touchpoints; blueprint: a service blueprint with lanes.")] = View.flow,
    persona: Annotated[Optional[str], typer.Option("--persona", help="Draw the journey as this persona (an id) lives it.", show_default=False, metavar="ID")] = None,
    engine: Annotated[
        Optional[Engine],
        typer.Option("--engine", help="Layout engine: graphviz-pure (installed with journeyctl) or dot (a system Graphviz). Default: $JOURNEYCTL_ENGINE, else graphviz-pure (dot for PDF).", show_default=False),
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1, metavar="SECONDS", help="Stop the layout engine after this many seconds (at least 1).")] = 120.0,
    templates: Annotated[
        Optional[Path], typer.Option("--templates", help="HTML only: a folder of templates that replace the built-in ones.", show_default=False, metavar="FOLDER")
    ] = None,
    events: Annotated[
        Optional[list[str]],
        typer.Option("--events", "-e", help="Flow view: draw what customers did, from this event log (CSV, Parquet, JSON lines or a quoted glob): arrow widths and counts by traffic, steps not on the map dashed red, steps never taken grey. Repeatable.", show_default=False, metavar="FILE|GLOB"),
    ] = None,
    color: ColorOpt = Color.auto,
) -> None:
    """Draw journeys as diagrams: SVG, PNG, PDF, Graphviz DOT or an HTML page.

    Files are checked first; a journey with errors is not drawn, and its errors
    are reported as `validate` reports them. Library files are skipped.
    Each file written is printed on its own line.

    Exit codes: 0 all drawn, 1 a file has errors, 2 usage error, I/O error or no
    layout engine, 3 the layout engine failed or internal error.

    **Examples**

        journeyctl render examples/retail-first-purchase.journey.yaml -o retail.svg

        journeyctl render examples/ --format png -o diagrams/

        journeyctl render examples/retail-first-purchase.journey.yaml --view blueprint --persona maya-busy-parent -o maya.pdf

        journeyctl render examples/saas-trial-to-paid.journey.yaml --format dot -o - | dot -Tsvg > saas.svg

        journeyctl render examples/retail-first-purchase.journey.yaml --events examples/data/retail-events.csv -o retail-traffic.svg
    """
    from journeyctl.commands.render import Options, run

    options = Options(view.value, persona, engine.value if engine else None, timeout, templates, events=tuple(events or ()))
    raise typer.Exit(run(paths or ["."], output, output_format.value if output_format else None, options, color.value))


class AnalyzeFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"
    github = "github"
    sarif = "sarif"
    html = "html"


class AnalyzeEngine(str, Enum):
    duckdb = "duckdb"
    spark = "spark"


@app.command()
def analyze(
    path: Annotated[
        Optional[str], typer.Argument(help="The journey file whose events, conversion and funnel say what to measure (optional with --discover).", show_default=False, metavar="MAP")
    ] = None,
    events: Annotated[
        Optional[list[str]],
        typer.Option("--events", "-e", help="An event log: a CSV, Parquet or JSON lines file, or a quoted glob such as 'logs/*.parquet'. Repeat for several.", show_default=False, metavar="FILE|GLOB"),
    ] = None,
    output_format: Annotated[
        AnalyzeFormat, typer.Option("--format", "-f", help="text for people; json for programs; csv (one file per table, into -o FOLDER); github or sarif (the map's drift as annotations); html (the measured map: one page with charts, -o report.html).")
    ] = AnalyzeFormat.text,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write to this file (a folder for csv) instead of standard output.", show_default=False, metavar="FILE|FOLDER")] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a drift problem at this level or above is found: error, warning or info.")] = FailOn.error,
    column: Annotated[
        Optional[list[str]],
        typer.Option("--column", help="The log's column for a role, when it differs from the map's analytics.columns: customer=user_id. Roles: customer, timestamp, event, channel, value. Repeatable.", show_default=False, metavar="ROLE=COLUMN"),
    ] = None,
    abandonment: Annotated[
        Optional[list[str]],
        typer.Option("--abandonment", help="Measure abandonment from one touchpoint to another: adds-to-cart:order-placed. Repeatable. Default: cart abandonment, when the map has a cart before the conversion.", show_default=False, metavar="FROM:TO"),
    ] = None,
    breakdown: Annotated[Optional[str], typer.Option("--breakdown", help="Break the support figures down by this property column of the log, such as reason.", show_default=False, metavar="COLUMN")] = None,
    engine: Annotated[AnalyzeEngine, typer.Option("--engine", help="Where the queries run: duckdb (in this process) or spark (a local Spark session, or --spark-master).")] = AnalyzeEngine.duckdb,
    spark_master: Annotated[Optional[str], typer.Option("--spark-master", help="With --engine spark: the cluster's master URL (default: $JOURNEYCTL_SPARK_MASTER, else local).", show_default=False, metavar="URL")] = None,
    connection: Annotated[
        Optional[str],
        typer.Option("--connection", help="Read the events from a database instead of files: an Ibis connection URL such as duckdb://events.db or postgres://user@host/db (with --table).", show_default=False, metavar="URL"),
    ] = None,
    table: Annotated[Optional[str], typer.Option("--table", help="With --connection: the table that holds the events.", show_default=False, metavar="NAME")] = None,
    config: Annotated[
        Optional[Path], typer.Option("--config", "-c", help="Lint the map with this configuration file instead of the nearest one.", show_default=False, metavar="FILE")
    ] = None,
    color: ColorOpt = Color.auto,
    paths: Annotated[
        Optional[str],
        typer.Option("--paths", help="Attribution from an aggregated path file (CSV, Parquet, JSON lines): path (steps joined by >), total_conversions, total_null, optional total_conversion_value. Works without --events.", show_default=False, metavar="FILE"),
    ] = None,
    paths_column: Annotated[
        Optional[list[str]],
        typer.Option("--paths-column", help="The path file's column for a role: conversions=orders. Roles: path, conversions, nulls, value. Repeatable.", show_default=False, metavar="ROLE=COLUMN"),
    ] = None,
    half_life: Annotated[
        Optional[str],
        typer.Option("--half-life", help="Time decay attribution: a touch counts half as much for every half-life before the conversion; a time (12h, 7d) or a number of touches (2). Default: 7d for event logs, 1 touch for path files.", show_default=False, metavar="TIME|N"),
    ] = None,
    markov_order: Annotated[int, typer.Option("--markov-order", min=1, max=4, help="Markov attribution: a state is a run of this many consecutive touchpoints (1 to 4).", metavar="K")] = 1,
    feedback: Annotated[
        Optional[str],
        typer.Option("--feedback", help="Survey answers (CSV, Parquet, JSON lines: touchpoint or event, score, optional survey, customer_id, timestamp, comment) compared with the map's emotions.", show_default=False, metavar="FILE"),
    ] = None,
    feedback_column: Annotated[
        Optional[list[str]],
        typer.Option("--feedback-column", help="The feedback file's column for a role: score=rating. Roles: touchpoint, event, score, survey, customer, timestamp, comment. Repeatable.", show_default=False, metavar="ROLE=COLUMN"),
    ] = None,
    survey: Annotated[Optional[str], typer.Option("--survey", help="The survey of every answer, when the feedback file has no survey column: csat (1-5), nps (0-10) or ces (1-7).", show_default=False, metavar="KIND")] = None,
    feedback_threshold: Annotated[
        float, typer.Option("--feedback-threshold", min=0.0, help="How far, in CSAT points (scaled for NPS and CES), the answers' whole 95% interval must lie from the map's emotion to disagree.", metavar="POINTS")
    ] = 1.0,
    min_answers: Annotated[int, typer.Option("--min-answers", min=1, help="Answers a touchpoint needs before a disagreement is reported.", metavar="N")] = 30,
    discover: Annotated[
        bool, typer.Option("--discover", help="Draft a journey file from the event log instead (touchpoints from frequent events, next steps from what follows what); write it with -o draft.journey.yaml.")
    ] = False,
    min_share: Annotated[float, typer.Option("--min-share", help="With --discover: the share of customers an event needs to become a touchpoint.", metavar="SHARE")] = 0.01,
    min_link: Annotated[float, typer.Option("--min-link", help="With --discover: the share of the steps out of a touchpoint a next step needs.", metavar="SHARE")] = 0.10,
) -> None:
    """Measure the journey against an event log: funnel, abandonment, channels, support, time to purchase, map drift.

    The map is checked first; a map with errors is reported as `validate` reports it
    and not analysed. Every figure is defined in docs/analytics.md. Drift between the
    map and the data (steps customers take that the map lacks, steps nobody takes) is
    reported as problems located in the map.

    Exit codes: 0 done, 1 the map has errors or a drift problem at the --fail-on level,
    2 usage error, unreadable or bad data, 3 internal error.

    **Examples**

        journeyctl analyze examples/retail-first-purchase.journey.yaml --events examples/data/retail-events.csv

        journeyctl analyze examples/retail-first-purchase.journey.yaml --events 'examples/data/*-events.csv' --format json -o analysis.json

        journeyctl analyze examples/retail-first-purchase.journey.yaml -e examples/data/retail-events.csv --abandonment reads-product-page:pays-for-order --breakdown reason

        journeyctl analyze examples/retail-first-purchase.journey.yaml -e examples/data/retail-events.csv --format sarif -o drift.sarif
    """
    from journeyctl.commands.analyze import Options, run

    options = Options(
        events=list(events or []),
        output_format=output_format.value,
        output=output,
        fail_on=fail_on.value,
        columns=list(column or []),
        abandonment=list(abandonment or []),
        breakdown=breakdown,
        engine=engine.value,
        connection=connection,
        table=table,
        spark_master=spark_master,
        config=config,
        color=color.value,
        paths=paths,
        paths_columns=list(paths_column or []),
        half_life=half_life,
        markov_order=markov_order,
        feedback=feedback,
        feedback_columns=list(feedback_column or []),
        survey=survey,
        feedback_threshold=feedback_threshold,
        min_answers=min_answers,
        discover=discover,
        min_share=min_share,
        min_link=min_link,
    )
    raise typer.Exit(run(path, options))


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"


@app.command()
def diff(
    args: Annotated[
        Optional[list[str]],
        typer.Argument(help="[OLD] [NEW] [PATHS...]: revisions (a branch, tag or commit; main...HEAD for a pull request), then journey files or folders. Default: the working tree against HEAD, every journey under this folder.", show_default=False, metavar="OLD NEW PATH"),
    ] = None,
    staged: Annotated[bool, typer.Option("--staged", "--cached", help="Compare the index (what git add staged) instead of the working tree.")] = False,
    no_index: Annotated[bool, typer.Option("--no-index", help="Compare two files, OLD and NEW, whether or not they are in git.")] = False,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text for the terminal; markdown for a pull-request comment; json for programs; html: the journey-map page with the changes marked.")
    ] = DiffFormat.text,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write to this file instead of standard output.", show_default=False, metavar="FILE")] = None,
    color: ColorOpt = Color.auto,
) -> None:
    """Show what changed in the journeys between two git revisions: stages, touchpoints, links, emotions, pain points.

    The comparison is of meaning, not of text: a change of layout or of key order is
    no change. Revisions are read through git; the working tree is never touched.

    Exit codes: 0 no change, 1 something changed, 2 an unknown revision or path,
    a file with errors in the new revision, or not a git repository.

    **Examples**

        journeyctl diff                              # the working tree against HEAD

        journeyctl diff main...HEAD --format markdown   # a pull request, as a comment

        journeyctl diff HEAD~3 HEAD examples/retail-first-purchase.journey.yaml

        journeyctl diff --staged

        journeyctl diff --no-index old.journey.yaml new.journey.yaml --format html -o changes.html
    """
    from journeyctl.commands.diff import run

    raise typer.Exit(run(list(args or []), staged=staged, no_index=no_index, output_format=output_format.value, output=output, color=color.value))


@app.command()
def fmt(
    paths: PathsArg = None,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; list the files that would change, and exit 1 if any would.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Write nothing; show how each file would change, as a unified diff (with --check, a change exits 1).")] = False,
) -> None:
    """Rewrite journey and library files in one canonical layout, keeping every comment.

    Keys in the order of the format reference, two-space indentation, short lists of
    ids on one line; comments and `# journeyctl:` suppressions stay where they are, and
    every value stays exactly as written. A file with errors is left as it is. With -
    the file is read from standard input and written to standard output.

    Exit codes: 0 done, 1 a file would change (--check) or has errors and was left
    alone, 2 usage or I/O error.

    **Examples**

        journeyctl fmt --diff examples/retail-first-purchase.journey.yaml

        journeyctl fmt                               # every journey under this folder

        journeyctl fmt examples/ && journeyctl fmt --check examples/

        cd examples && journeyctl fmt - < switch-mobile-plan.journey.yaml > ../switch.formatted.yaml
    """
    from journeyctl.commands.fmt import run

    raise typer.Exit(run(paths or ["."], check=check, diff=diff))


@app.command()
def convert(
    file: Annotated[str, typer.Argument(help="A Mermaid journey diagram (.mmd, .mermaid, or a Markdown file with a ```mermaid block), or a journey file (.journey.yaml).", show_default=False, metavar="FILE")],
    output: Annotated[
        Optional[str],
        typer.Option("--output", "-o", help="Write the result to this file (a .md file gets a ```mermaid block). Default: standard output.", show_default=False, metavar="FILE"),
    ] = None,
    color: ColorOpt = Color.auto,
) -> None:
    """Convert a Mermaid journey diagram into a journey file, or a journey file into Mermaid.

    Mermaid's title, sections, tasks and actors become the journey's title, stages,
    touchpoints and personas; a score from 1 (worst) to 5 (best) becomes the emotion
    score - 3, from -2 to 2, and back. What Mermaid cannot hold (channels, pain
    points, flows other than the written order, ...) is listed on standard error.

    Exit codes: 0 converted, 1 the input has problems (each at file:line:column;
    nothing is written), 2 usage or I/O error.

    **Examples**

        journeyctl convert examples/retail-first-purchase.journey.yaml -o retail.mmd

        journeyctl convert examples/switch-mobile-plan.journey.yaml -o plan.md   # a ```mermaid block for Markdown

        journeyctl convert examples/saas-trial-to-paid.journey.yaml -o trial.mmd && journeyctl convert trial.mmd -o trial.journey.yaml
    """
    from journeyctl.commands.convert import run

    raise typer.Exit(run(file, output, color.value))


class InitPreset(str, Enum):
    classic = "classic"
    loyalty = "loyalty"
    advocacy = "advocacy"
    blueprint = "blueprint"


@app.command()
def init(
    path: Annotated[
        Optional[str],
        typer.Argument(help="The new file, or a folder to write it in. Default: a name made from the title (shop.journey.yaml), or .journeyctl.yaml with --config.", show_default=False, metavar="PATH"),
    ] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="The journey's title; its id and file name are made from it.", show_default=False, metavar="TEXT")] = None,
    preset: Annotated[
        Optional[InitPreset],
        typer.Option("--preset", help="The stage model: classic, loyalty, advocacy, or blueprint (a service blueprint with its four lanes). Default: classic.", show_default=False),
    ] = None,
    persona: Annotated[Optional[str], typer.Option("--persona", help="The name of the first persona, such as 'Maya, the busy parent'.", show_default=False, metavar="NAME")] = None,
    config: Annotated[bool, typer.Option("--config", help="Write a commented .journeyctl.yaml (the linter's configuration) instead of a journey.")] = False,
) -> None:
    """Start a new journey from a preset, valid and lint-clean, with texts that say what goes where.

    On a terminal, what the options leave out is asked; in scripts the defaults apply.
    An existing file is never replaced.

    Exit codes: 0 written, 2 usage error, the file exists, or it cannot be written.

    **Examples**

        journeyctl init                              # asks for the title, persona and stage model

        journeyctl init maps/ --title "Buying a rug online" --persona "Maya, the busy parent" --preset advocacy

        journeyctl init --config
    """
    from journeyctl.commands.init import run

    raise typer.Exit(run(path, title=title, preset=preset.value if preset else None, persona=persona, config=config))


def skip_pydantic_plugins() -> None:
    """No pydantic plugins in this process, and no search for them.

    pydantic looks for plugins in every installed package's metadata when it builds
    its first validator; merely importing that search loads ``importlib.metadata`` and
    the ``email`` package (about 9 ms of a 0.2 s ``validate``), even with
    ``PYDANTIC_DISABLE_PLUGINS`` set. journeyctl uses no plugin, so the command puts
    a loader that finds none in its place before pydantic is loaded
    (``tests/test_bench.py`` checks that the search stays out).
    """
    name = "pydantic.plugin._loader"
    if name not in sys.modules:
        loader = types.ModuleType(name, "journeyctl uses no pydantic plugins (journeyctl.cli).")
        loader.get_plugins = lambda: ()  # type: ignore[attr-defined]

        def real(attribute: str) -> object:
            # A pydantic release that asks the loader for more than get_plugins gets the real one;
            # the import machinery's own probes (__path__, __spec__...) are left unanswered.
            if attribute.startswith("__"):
                raise AttributeError(attribute)
            import importlib

            sys.modules.pop(name, None)
            return getattr(importlib.import_module(name), attribute)

        loader.__getattr__ = real  # type: ignore[attr-defined]  # PEP 562: names the stand-in lacks
        sys.modules[name] = loader


def started() -> None:
    """Start-up is over: what it built stays, so the collector leaves it out from now on."""
    gc.freeze()
    gc.enable()


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command ``args`` name, when they start with one.

    Typer builds every registered command's options before it runs one, so
    ``journeyctl validate`` would pay for the 25 options of ``analyze`` too (about
    10 ms). A command's own options, help and errors are the same either way; any
    other first word (an option, a typo, nothing) gets the whole app.
    """
    name = args[0] if args else None
    chosen = [info for info in app.registered_commands if (info.name or typer.main.get_command_name(info.callback.__name__)) == name]
    if not chosen:
        return app
    lean = typer.Typer(**APP_SETTINGS)
    lean.registered_callback = app.registered_callback
    lean.registered_commands = chosen
    return lean


def main() -> None:
    """Entry point: run the app, and turn any unexpected failure into a plain message."""
    from journeyctl import streams

    streams.guard()  # closed standard streams and full devices become plain messages (streams.py)
    skip_pydantic_plugins()
    gc.disable()  # until the command has started
    try:
        try:
            app_for(sys.argv[1:])()
        finally:
            streams.finish()
    except KeyboardInterrupt:
        sys.exit(130)
    except streams.OutputError as error:
        streams.abandon()
        if error.broken_pipe:  # the reader went away (journeyctl validate | head); nothing is left to say
            sys.exit(EXIT_OK)
        print(f"journeyctl: {error}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    except BrokenPipeError:
        streams.abandon()
        sys.exit(EXIT_OK)
    except Exception as error:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("JOURNEYCTL_DEBUG"):
            raise
        print(
            f"journeyctl: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in journeyctl, not in your file. Set JOURNEYCTL_DEBUG=1 to see the details.",
            file=sys.stderr,
        )
        sys.exit(EXIT_INTERNAL)


if _COLLECTING:  # importing this module leaves the collector as it found it; main() starts without it
    gc.enable()
