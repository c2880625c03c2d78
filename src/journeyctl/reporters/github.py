"""``--format github``: workflow commands that GitHub Actions shows as annotations.

    ::error file=journeys/shop.journey.yaml,line=12,col=5,endLine=12,endColumn=11,title=S001 unknown-key::unknown key "chanel" in the touchpoint "see-ad"%0AHint: Did you mean "channel"?

Errors become ``::error``, warnings ``::warning`` and infos ``::notice``; the message
is escaped as GitHub's runner expects. A closing summary line is plain text.
"""

from __future__ import annotations

from journeyctl.reporters import Reporter
from journeyctl.reporters.text import summary

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem) -> str:
    span = problem.span
    properties = {
        "file": problem.path,
        "line": span.line,
        "col": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
        "title": f"{problem.code} {problem.name}",
    }
    listed = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    message = problem.message + (f"\nHint: {problem.hint}" if problem.hint else "")
    return f"::{COMMANDS[problem.level]} {listed}::{escape_data(message)}"


class GithubReporter(Reporter):
    def report(self, report) -> None:
        lines = [annotation(problem) for problem in report.problems]
        lines += [f"::error title=journeyctl::{escape_data(message)}" for message in report.usage_errors]
        lines.append("".join(text for text, _ in summary(report)))
        self.out.write("".join(line + "\n" for line in lines))
