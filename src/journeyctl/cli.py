"""The command line: parse options, call one plain function, exit with its code.

Each command's work lives in ``journeyctl.commands.<name>`` and is imported only
when that command runs, so ``journeyctl validate`` never loads the renderers.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from journeyctl import __version__

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

app = typer.Typer(
    name="journeyctl",
    help="Customer journey maps as code: check and render journey YAML files.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"journeyctl {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    """Customer journey maps as code: check and render journey YAML files.

    Exit codes: 0 all good, 1 a file has errors, 2 usage or I/O error, 3 internal error.
    """


PathsArg = Annotated[
    Optional[list[str]],
    typer.Argument(
        help="Journey files, folders (searched for *.journey.yaml and *.library.yaml), or - for standard input. Default: the current folder.",
        show_default=False,
    ),
]
ColorOpt = Annotated[Color, typer.Option("--color", help="Colour the text output: auto (on a terminal), always, never.")]


@app.command()
def validate(
    paths: PathsArg = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format: text for people, json for programs.")
    ] = OutputFormat.text,
    color: ColorOpt = Color.auto,
) -> None:
    """Check journey files against the format and their cross-references.

    Every problem in every file is reported, each at file:line:column.

    Exit codes: 0 every file is valid, 1 a file has errors, 2 usage or I/O error.

    **Examples**

        journeyctl validate                         # every journey under this folder

        journeyctl validate examples/retail.journey.yaml

        journeyctl validate --format json journeys/ > report.json

        cat map.journey.yaml | journeyctl validate -
    """
    from journeyctl.commands.validate import run

    raise typer.Exit(run(paths or ["."], output_format.value, color.value))


class SchemaKind(str, Enum):
    journey = "journey"
    library = "library"


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Option("--kind", help="Which file kind: journey or library.")] = SchemaKind.journey,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of standard output.")] = None,
) -> None:
    """Print the JSON Schema of the journey format, for editors and other tools.

    The schemas are also committed under schema/ in the repository; journey files
    point their editor at them with a first line such as

        # yaml-language-server: $schema=../schema/journey.schema.json

    **Examples**

        journeyctl schema > journey.schema.json

        journeyctl schema --kind library -o schema/library.schema.json
    """
    from journeyctl.commands.schema import run

    raise typer.Exit(run(kind.value, output))


def main() -> None:
    """Entry point: run the app, and turn any unexpected failure into a plain message."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (journeyctl validate | head); nothing is left to say.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
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
