"""``--format text``: messages for people, in the style of ruff and rustc.

    examples/shop.journey.yaml:12:5: error S001 unknown key "chanel" in the touchpoint "see-ad"
       |
    12 |     chanel: web
       |     ^^^^^^
       = hint: Did you mean "channel"?

Lines are built as (text, style) pieces; styles become colour through rich only
when colour is on, and rich is not even imported otherwise.
"""

from __future__ import annotations

from journeyctl.reporters import Reporter

Piece = tuple[str, str]
LEVEL_STYLES = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}
WIDTH = 120


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _window(line: str, column: int, width: int) -> tuple[str, int]:
    """Cut a long source line around ``column``; the new line and the column in it."""
    line = line.replace("\t", " ")
    if len(line) <= WIDTH:
        return line, column
    start = max(0, min(column - 1 - WIDTH // 2, len(line) - WIDTH))
    cut = line[start : start + WIDTH]
    prefix = "…" if start else ""
    suffix = "…" if start + WIDTH < len(line) else ""
    return prefix + cut + suffix, column - start + len(prefix)


def problem_lines(problem, source: list[str]) -> list[list[Piece]]:
    span = problem.span
    lines: list[list[Piece]] = [
        [
            (f"{problem.path}:{span.line}:{span.column}:", "bold"),
            (" ", ""),
            (problem.level, LEVEL_STYLES.get(problem.level, "bold")),
            (f" {problem.code}", "dim"),
            (f" {problem.message}", ""),
        ]
    ]
    if 0 < span.line <= len(source):
        text, column = _window(source[span.line - 1], span.column, span.end_column - span.column)
        width = span.end_column - span.column if span.end_line == span.line else len(text) - column + 1
        width = max(1, min(width, len(text) - column + 1))
        gutter = " " * len(str(span.line))
        lines.append([(f"{gutter} |", "blue")])
        lines.append([(f"{span.line} | ", "blue"), (text, "")])
        lines.append([(f"{gutter} | ", "blue"), (" " * (column - 1), ""), ("^" * width, LEVEL_STYLES.get(problem.level, "bold"))])
        if problem.hint:
            lines.append([(f"{gutter} = ", "blue"), ("hint: ", "bold cyan"), (problem.hint, "")])
    elif problem.hint:
        lines.append([("  = ", "blue"), ("hint: ", "bold cyan"), (problem.hint, "")])
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


class TextReporter(Reporter):
    def report(self, report) -> None:
        sources = {doc.path: doc.lines for doc in report.documents}
        blocks: list[list[list[Piece]]] = [problem_lines(p, sources.get(p.path, [])) for p in report.problems]
        lines = [line for block in blocks for line in (*block, [])]
        lines.append(summary(report))
        for message in report.usage_errors:
            self.err.write(f"journeyctl: {message}\n")
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
