"""``--format concise``: one line per problem, ``path:line:col: CODE message``, then the summary.

    examples/shop.journey.yaml:12:5: S001 unknown key "chanel" in the touchpoint "see-ad"

For grep, editors' quickfix lists and people who know the codes. No source line,
no hint, no colour; ``--quiet`` leaves out the summary line.
"""

from __future__ import annotations

from journeyctl.reporters import Reporter
from journeyctl.reporters.safe import safe
from journeyctl.reporters.text import summary


def concise_line(problem) -> str:
    span = problem.span
    return f"{safe(problem.path)}:{span.line}:{span.column}: {problem.code} {safe(problem.message)}"


class ConciseReporter(Reporter):
    def report(self, report) -> None:
        lines = [concise_line(problem) for problem in report.problems]
        if not self.quiet:
            lines.append("".join(text for text, _ in summary(report)))
        self.write_usage_errors(report)
        self.out.write("".join(line + "\n" for line in lines))
