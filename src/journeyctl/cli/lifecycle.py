"""The commands of a map's life in git: ``diff``, ``fmt``, ``convert`` and ``init``."""

from enum import Enum
from typing import Annotated, Optional

import typer

from journeyctl.cli.base import Color, ColorOpt, PathsArg, app

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
