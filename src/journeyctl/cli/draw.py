"""The command that draws: ``render``."""

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from journeyctl.cli.base import Color, ColorOpt, PathsArg, app

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
