"""``journeyctl convert FILE [-o OUT]``: Mermaid journey diagram to journey file, and back.

The direction comes from FILE's name: ``.mmd``, ``.mermaid``, ``.md`` and
``.markdown`` are read as Mermaid (in Markdown, the first ```` ```mermaid ````
block that is a journey), ``.yaml`` and ``.yml`` as a journey, which is checked
and linted first, exactly as ``validate`` does. The result goes to standard
output, or to OUT (written whole or not at all); an OUT ending in ``.md`` gets
the diagram as a Markdown block. What Mermaid cannot hold is said on standard
error ("dropped: 3 pain points, 2 channels").

Exit codes: 0 converted (warnings may be shown), 1 the input has problems (each
at file:line:column; nothing is written), 2 usage or I/O error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from journeyctl import atomic
from journeyctl.checker import Document, Report
from journeyctl.reporters import reporter_class
from journeyctl.reporters.safe import safe
from journeyctl.sources import ReadError, decode, read_bytes

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
MERMAID_SUFFIXES = (".mmd", ".mermaid", ".md", ".markdown")
JOURNEY_SUFFIXES = (".yaml", ".yml")


def _say(message: str) -> None:
    sys.stderr.write(f"journeyctl: {safe(message)}\n")


def _show(documents: list[Document], color: str) -> None:
    from journeyctl.commands.validate import use_color

    reporter_class("text")(sys.stderr, sys.stderr, color=use_color(color, sys.stderr)).report(Report(documents, []))


def _fallback_title(path: str) -> str:
    name = Path(path).name
    for suffix in MERMAID_SUFFIXES:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _from_mermaid(path: str, color: str) -> tuple[str | None, int]:
    from journeyctl.convert.mermaid_read import read_diagram, to_journey

    try:
        data = read_bytes(path)
    except ReadError as error:
        _say(str(error))
        return None, EXIT_USAGE
    text, problem = decode(data, path)
    if problem is not None or text is None:
        _show([Document(path, problems=[problem] if problem else [])], color)
        return None, EXIT_INVALID
    diagram, problems = read_diagram(text, path)
    if problems:
        _show([Document(path, text=text, problems=problems)], color)
    if any(problem.level == "error" for problem in problems):
        return None, EXIT_INVALID
    return to_journey(diagram, _fallback_title(path)), EXIT_OK


def _to_mermaid(path: str, color: str) -> tuple[str | None, int]:
    from journeyctl.checker import check
    from journeyctl.convert.mermaid_write import to_mermaid
    from journeyctl.lint import Linter

    linter = Linter()
    report = linter.finish(check([path], linter))
    for message in report.usage_errors:
        _say(message)
    if report.usage_errors:
        return None, EXIT_USAGE
    if report.problems:
        _show([doc for doc in report.documents if doc.problems], color)
    journeys = [doc for doc in report.documents if doc.kind == "journey" and doc.journey is not None]
    if any(not doc.valid for doc in report.documents):
        return None, EXIT_INVALID
    if not journeys:
        _say(f"{path} is a library file (kind: library): it holds no journey to convert")
        return None, EXIT_USAGE
    text, dropped = to_mermaid(journeys[0].journey)
    if dropped:
        _say(f"{path}: dropped (Mermaid's journey cannot hold them): {', '.join(dropped)}")
    return text, EXIT_OK


def _is_input(output: str | None, path: str) -> bool:
    try:
        return output not in (None, "-") and os.path.exists(output) and os.path.samefile(output, path)
    except OSError:
        return False


def run(path: str, output: str | None, color: str) -> int:
    lowered = path.lower()
    if _is_input(output, path):
        _say(f"{output} is the input file; journeyctl never overwrites its input: choose another -o")
        return EXIT_USAGE
    if lowered.endswith(MERMAID_SUFFIXES):
        result, code = _from_mermaid(path, color)
    elif lowered.endswith(JOURNEY_SUFFIXES):
        result, code = _to_mermaid(path, color)
    else:
        _say(f"{path}: cannot tell which way to convert: give a Mermaid file (.mmd, .mermaid, or Markdown .md) or a journey file (.journey.yaml)")
        return EXIT_USAGE
    if result is None:
        return code
    target = output or "-"
    if target != "-" and lowered.endswith(JOURNEY_SUFFIXES) and target.lower().endswith((".md", ".markdown")):
        from journeyctl.convert.mermaid_write import fenced

        result = fenced(result)
    try:
        written = atomic.write_bytes(target, result.encode("utf-8"))
    except atomic.WriteError as error:
        _say(str(error))
        return EXIT_USAGE
    if written == "file":
        print(target)
    return code
