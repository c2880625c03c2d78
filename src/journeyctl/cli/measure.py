"""The command that measures a map against data: ``analyze``."""

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from journeyctl.cli.base import Color, ColorOpt, FailOn, app

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
