"""``--format github``: workflow commands that GitHub Actions shows as annotations.

    ::error file=journeys/shop.journey.yaml,line=12,col=5,endLine=12,endColumn=11,title=S001 unknown-key::unknown key "chanel" in the touchpoint "see-ad"%0AHint: Did you mean "channel"?

Errors become ``::error``, warnings ``::warning`` and infos ``::notice``; the message
is escaped as GitHub's runner expects. ``file`` is relative to the repository root
(the folder holding ``.git``, found upward from the working folder; else the working
folder), which is where GitHub looks for it whatever folder journeyctl ran in. Text
from the files shows control and bidi characters as escapes (``\\x1b``), so the job
log cannot be coloured, cleared or forged. A closing summary line is plain text.
"""

from __future__ import annotations

from journeyctl.reporters import Reporter
from journeyctl.reporters.paths import RepositoryPaths
from journeyctl.reporters.safe import safe
from journeyctl.reporters.text import summary

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem, paths: RepositoryPaths | None = None) -> str:
    span = problem.span
    properties = {
        "file": paths.relative(problem.path) if paths else problem.path,
        "line": span.line,
        "col": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
        "title": f"{problem.code} {problem.name}",
    }
    listed = ",".join(f"{key}={escape_property(safe(str(value)))}" for key, value in properties.items())
    message = safe(problem.message) + (f"\nHint: {safe(problem.hint)}" if problem.hint else "")
    return f"::{COMMANDS[problem.level]} {listed}::{escape_data(message)}"


class GithubReporter(Reporter):
    def report(self, report) -> None:
        paths = RepositoryPaths.here()
        lines = [annotation(problem, paths) for problem in report.problems]
        lines += [f"::error title=journeyctl::{escape_data(safe(message))}" for message in report.usage_errors]
        if not self.quiet:
            lines.append("".join(text for text, _ in summary(report)))
        self.out.write("".join(line + "\n" for line in lines))
