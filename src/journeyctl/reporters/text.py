"""``--format text``: messages for people, in the style of ruff and rustc.

    examples/shop.journey.yaml:12:5: error S001 unknown key "chanel" in the touchpoint "see-ad"
       |
    12 |     chanel: web
       |     ^^^^^^
       = hint: Did you mean "channel"?

Lines are built as (text, style) pieces; styles become colour through rich only
when colour is on, and rich is not even imported otherwise. This module is the
only one that knows about colour (``use_color``). Text from the files (paths,
messages, the quoted line) is shown through ``safe``: control and bidi
characters appear as escapes such as ``\\x1b``, never raw on the terminal.
"""

from __future__ import annotations

import os
from typing import TextIO

from journeyctl.reporters import Reporter
from journeyctl.reporters.safe import safe

Piece = tuple[str, str]
LEVEL_STYLES = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}
WIDTH = 120
FALSE_WORDS = ("0", "false", "no", "off")


def use_color(choice: str, stream: TextIO) -> bool:
    """Whether to colour: ``--color always`` or ``never`` decide; ``auto`` asks the environment.

    Under ``auto``, ``NO_COLOR`` (any non-empty value) turns colour off whatever else
    says; then ``FORCE_COLOR`` turns it on, unless its value is 0, false, no or off,
    which turn it off; otherwise colour is on only on a terminal.
    """
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force:
        return force.strip().lower() not in FALSE_WORDS
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _window(line: str, column: int) -> tuple[str, int]:
    """Cut a long line around ``column``; the new line and the column in it."""
    if len(line) <= WIDTH:
        return line, column
    start = max(0, min(column - 1 - WIDTH // 2, len(line) - WIDTH))
    cut = line[start : start + WIDTH]
    prefix = "…" if start else ""
    suffix = "…" if start + WIDTH < len(line) else ""
    return prefix + cut + suffix, column - start + len(prefix)


def quoted(raw: str, span) -> tuple[str, int, int]:
    """The source line as shown (tabs as spaces, unsafe characters escaped), the caret's column and width."""
    line = raw.replace("\t", " ")
    start = min(max(span.column - 1, 0), len(line))
    end = max(start, min(span.end_column - 1, len(line))) if span.end_line == span.line else len(line)
    before, marked, after = safe(line[:start]), safe(line[start:end]), safe(line[end:])
    text, column = _window(before + marked + after, len(before) + 1)
    width = max(1, min(len(marked), len(text) - column + 1))
    return text, column, width


def headline(problem) -> list[Piece]:
    span = problem.span
    return [
        (f"{safe(problem.path)}:{span.line}:{span.column}:", "bold"),
        (" ", ""),
        (problem.level, LEVEL_STYLES.get(problem.level, "bold")),
        (f" {problem.code}", "dim"),
        (f" {safe(problem.message)}", ""),
    ]


def problem_lines(problem, source: list[str]) -> list[list[Piece]]:
    span = problem.span
    lines: list[list[Piece]] = [headline(problem)]
    hint = safe(problem.hint) if problem.hint else None
    if 0 < span.line <= len(source):
        text, column, width = quoted(source[span.line - 1], span)
        gutter = " " * len(str(span.line))
        lines.append([(f"{gutter} |", "blue")])
        lines.append([(f"{span.line} | ", "blue"), (text, "")])
        lines.append([(f"{gutter} | ", "blue"), (" " * (column - 1), ""), ("^" * width, LEVEL_STYLES.get(problem.level, "bold"))])
        if hint:
            lines.append([(f"{gutter} = ", "blue"), ("hint: ", "bold cyan"), (hint, "")])
    elif hint:
        lines.append([("  = ", "blue"), ("hint: ", "bold cyan"), (hint, "")])
    return lines


def summary(report) -> list[Piece]:
    problems = report.problems
    files = plural(len(report.documents), "file")
    counts = [plural(sum(p.level == level for p in problems), level) for level in ("error", "warning", "info")]
    counts = [c for c in counts if not c.startswith("0 ")]
    if report.usage_errors:
        missed = plural(len(report.usage_errors), "path")
        found = f"{', '.join(counts)} in them" if counts else "no problems in them"
        return [(f"Checked {files}, {found}; ", ""), (f"{missed} could not be checked (see above).", "bold red")]
    if not counts:
        return [(f"Checked {files}: ", ""), ("no problems.", "bold green")]
    bad = sum(1 for doc in report.documents if doc.problems)
    style = "bold red" if not all(doc.valid for doc in report.documents) else "bold yellow"
    return [(f"Checked {files}: ", ""), (", ".join(counts), style), (f" in {plural(bad, 'file')}.", "")]


def problem_text(problem, source: list[str]) -> str:
    """``problem_lines`` as plain text, each line ending in a newline: what it prints without colour."""
    span = problem.span
    head = f"{safe(problem.path)}:{span.line}:{span.column}: {problem.level} {problem.code} {safe(problem.message)}\n"
    hint = safe(problem.hint) if problem.hint else None
    if 0 < span.line <= len(source):
        text, column, width = quoted(source[span.line - 1], span)
        gutter = " " * len(str(span.line))
        block = f"{head}{gutter} |\n{span.line} | {text}\n{gutter} | {' ' * (column - 1)}{'^' * width}\n"
        return f"{block}{gutter} = hint: {hint}\n" if hint else block
    return f"{head}  = hint: {hint}\n" if hint else head


class TextReporter(Reporter):
    def report(self, report) -> None:
        sources = {doc.path: doc.lines for doc in report.documents}
        if not self.color:  # the same text as the pieces below give, without making them
            text = "".join([problem_text(p, sources.get(p.path, [])) + "\n" for p in report.problems])
            if not self.quiet:
                text += "".join(piece for piece, _ in summary(report)) + "\n"
            elif text:
                text = text[:-1]  # no blank line after the last problem when no summary follows
            self.write_usage_errors(report)
            self.out.write(text)
            return
        blocks: list[list[list[Piece]]] = [problem_lines(p, sources.get(p.path, [])) for p in report.problems]
        lines = [line for block in blocks for line in (*block, [])]
        if not self.quiet:
            lines.append(summary(report))
        elif lines:
            lines.pop()  # no blank line after the last problem when no summary follows
        self.write_usage_errors(report)
        self.write(lines)

    def write(self, lines: list[list[Piece]]) -> None:
        if self.color:
            self._write_rich(lines)
        else:
            self.out.write("".join("".join(text for text, _ in line) + "\n" for line in lines))

    def _write_rich(self, lines: list[list[Piece]]) -> None:
        from rich.console import Console
        from rich.text import Text

        console = Console(file=self.out, force_terminal=True, highlight=False, soft_wrap=True)
        for line in lines:
            console.print(Text.assemble(*((text, style or "") for text, style in line)))
