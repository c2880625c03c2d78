"""The reports of ``journeyctl diff``: text for the terminal, Markdown for a pull request, JSON, HTML.

``REPORTS`` maps each format to a function from an ``Outcome`` to text. Only
the text report colours, and only on a terminal (``--color``); it loads rich
only then. JSON's shape is documented in docs/diff.md and carries a
``version`` that changes only when a field changes meaning or goes away.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable

from journeyctl.lifecycle.outcome import ADDED, DELETED, RENAMED, UNCHANGED, UNREADABLE, FileDiff, Outcome, summary
from journeyctl.reporters.safe import safe

JSON_VERSION = 1
MARKS = {"added": "+", "removed": "-", "resolved": "-"}  # the sign before a change, by the last word of its kind


def _sign(kind: str) -> str:
    return MARKS.get(kind.rsplit("-", 1)[-1], "~")


def _heading(item: FileDiff) -> str:
    what = f"{item.kind} {item.journey}" if item.kind and item.journey else item.kind or "file"
    status = {
        ADDED: "added",
        DELETED: "deleted",
        RENAMED: f"renamed from {item.old_path}",
        UNCHANGED: "no change",
        UNREADABLE: "not compared: it has errors",
    }.get(item.status)
    return f"{item.path} ({what})" + (f": {status}" if status else "")


def _problem_line(problem) -> str:
    return f"{problem.path}:{problem.span.line}:{problem.span.column}: {problem.level} {problem.code} {problem.message}"


def _lines(outcome: Outcome) -> list[tuple[str, str]]:
    """(style, text) per line of the text report; style is one of "", "file", "stage", "+", "-", "~", "problem"."""
    lines: list[tuple[str, str]] = [("", f"Comparing {outcome.old} with {outcome.new}")]
    for item in outcome.files:
        if not item.changed and not item.problems:
            continue
        lines.append(("", ""))
        lines.append(("file", _heading(item)))
        for problem in item.problems:
            lines.append(("problem", "  " + _problem_line(problem)))
        for stage, name, changes in item.groups():
            indent = "  "
            if stage is not None:
                lines.append(("stage", f"  stage {stage}" + (f" ({name})" if name else "")))
                indent = "    "
            for change in changes:
                sign = _sign(change.kind)
                lines.append((sign, f"{indent}{sign} {change.message}"))
    lines.append(("", ""))
    lines.append(("", summary(outcome)))
    return [(style, safe(text)) for style, text in lines]


STYLES = {"file": "bold", "stage": "bold cyan", "+": "green", "-": "red", "~": "yellow", "problem": "bold red"}


def text_report(outcome: Outcome, color: bool = False) -> str:
    lines = _lines(outcome)
    if not color:
        return "".join(text + "\n" for _, text in lines)
    from rich.console import Console
    from rich.text import Text

    console = Console(color_system="standard", force_terminal=True, highlight=False, soft_wrap=True, width=10_000)
    with console.capture() as captured:
        for style, text in lines:
            console.print(Text(text, style=STYLES.get(style, "")))
    return captured.get()


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")


def _md(text: str) -> str:
    """Text from a journey, shown as itself in Markdown: no link, emphasis, HTML or table breaks."""
    escaped = safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def markdown_report(outcome: Outcome, color: bool = False) -> str:
    out = [f"**journeyctl diff:** {_md(summary(outcome))}", "", f"Comparing {_md(outcome.old)} with {_md(outcome.new)}."]
    for item in outcome.files:
        if not item.changed and not item.problems:
            continue
        out += ["", f"### {_md(_heading(item))}"]
        if item.problems:
            out.append("")
            out += [f"- ⚠️ {_md(_problem_line(problem))}" for problem in item.problems]
        for stage, name, changes in item.groups():
            out.append("")
            if stage is not None:
                out += [f"**Stage {_md(stage)}**" + (f" ({_md(name)})" if name else ""), ""]
            out += [f"- {_sign(change.kind)} {_md(change.message)}" for change in changes]
    if outcome.errors:
        out.append("")
        out += [f"- ⚠️ {_md(error)}" for error in outcome.errors]
    return "\n".join(out) + "\n"


def json_report(outcome: Outcome, color: bool = False) -> str:
    files = []
    for item in outcome.files:
        files.append(
            {
                "path": item.path,
                "old_path": item.old_path,
                "status": item.status,
                "kind": item.kind,
                "id": item.journey,
                "changes": [
                    {"kind": c.kind, "stage": c.stage, "subject": c.subject, "field": c.field, "old": c.old, "new": c.new, "message": c.message}
                    for _, _, group in item.groups()
                    for c in group
                ],
                "problems": [
                    {"path": p.path, "line": p.span.line, "column": p.span.column, "code": p.code, "level": p.level, "message": p.message}
                    for p in item.problems
                ],
            }
        )
    data = {
        "version": JSON_VERSION,
        "old": outcome.old,
        "new": outcome.new,
        "changed": outcome.changed,
        "summary": summary(outcome),
        "counts": outcome.counts(),
        "files": files,
        "errors": outcome.errors,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def html_report(outcome: Outcome, color: bool = False) -> str:
    from journeyctl.lifecycle.diff_html import page

    return page(outcome)


REPORTS: dict[str, Callable[[Outcome, bool], str]] = {
    "text": text_report,
    "markdown": markdown_report,
    "json": json_report,
    "html": html_report,
}


def write_report(outcome: Outcome, output_format: str, output: str | None, color: str) -> None:
    """The report to ``output`` (written whole or not at all) or to standard output."""
    from journeyctl.commands.diff import Refused

    use = False
    if output_format == "text" and output in (None, "-"):
        from journeyctl.reporters.text import use_color

        use = use_color(color, sys.stdout)
    try:
        text = REPORTS[output_format](outcome, use)
    except ValueError as error:  # the HTML page refuses what it cannot show
        raise Refused(str(error)) from None
    if output_format == "text":  # the text report leaves what stopped part of the comparison to standard error
        for error in outcome.errors:
            sys.stderr.write(f"journeyctl: diff: {safe(error)}\n")
    if output in (None, "-"):
        sys.stdout.write(text)
        return
    from journeyctl import atomic

    try:
        atomic.write_text(output, text)
    except OSError as error:
        raise Refused(f"{output}: cannot write: {getattr(error, 'strerror', None) or error}") from None
