"""A warning when an output file's name says one format and journeyctl writes another.

``render -o notes.txt`` writes an SVG drawing (the default) into a file that every
program will open as text; ``render --format png -o map.svg`` writes PNG bytes that
a browser will refuse as SVG. The file is still written as asked; the warning says
what it holds and how to name it.
"""

from __future__ import annotations

from pathlib import Path

# The extensions that mean each format; the first is the one journeyctl writes.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "svg": ("svg",),
    "png": ("png",),
    "pdf": ("pdf",),
    "dot": ("dot", "gv"),
    "html": ("html", "htm"),
}
NAMES = {"svg": "an SVG drawing", "png": "a PNG image", "pdf": "a PDF document", "dot": "Graphviz DOT source", "html": "an HTML page"}


def mismatch(target: Path, output_format: str, requested: str | None) -> str | None:
    """The warning for writing ``output_format`` to ``target``, or None when the name fits.

    A name without an extension is taken as meant: no warning.
    """
    extension = target.suffix.lower().lstrip(".")
    if not extension or extension in EXTENSIONS.get(output_format, (output_format,)):
        return None
    fitting = target.with_suffix("." + EXTENSIONS.get(output_format, (output_format,))[0]).name
    what = NAMES.get(output_format, output_format.upper())
    if requested:
        how = f"name it {fitting}, or leave out --format {requested} to write what the name says"
    else:
        how = f"name it {fitting}, or choose the format with --format"
    return f"warning: {target} will hold {what}, which its name (.{extension}) does not say; {how}"
