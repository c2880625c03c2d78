"""What every command shares: the typer app, its root options, and the options several commands take.

The commands themselves are defined in ``check``, ``draw``, ``measure`` and
``lifecycle``; ``journeyctl.cli`` imports only the module of the command that runs.
"""

import gc
from enum import Enum
from typing import Annotated, Optional

import typer

from journeyctl import __version__
from journeyctl.help_words import use_words
from journeyctl.reporters import REPORTERS

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


def started() -> None:
    """Start-up is over: what it built stays, so the collector leaves it out from now on."""
    gc.freeze()
    gc.enable()


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
