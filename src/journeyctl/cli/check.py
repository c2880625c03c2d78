"""The commands that check: ``validate``, ``rules`` and ``schema``."""

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from journeyctl.cli.base import Color, ColorOpt, FailOn, OutputFormat, PathsArg, app, started

class RulesFormat(str, Enum):
    text = "text"
    markdown = "markdown"


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
