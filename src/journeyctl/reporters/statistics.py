"""``validate --statistics``: how many problems of each code, instead of the problems themselves.

      12  L003  warning  orphan-touchpoint
       3  S001  error    unknown-key

Most frequent first, then by code; the summary line follows (not with ``--quiet``).
"""

from __future__ import annotations

from collections import Counter

from journeyctl.reporters import Reporter
from journeyctl.reporters.text import summary


def statistics_lines(problems) -> list[str]:
    counts = Counter(problem.code for problem in problems)
    first = {}
    for problem in problems:
        first.setdefault(problem.code, problem)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if not rows:
        return []
    number = max(len(str(count)) for _, count in rows)
    code = max(len(c) for c, _ in rows)
    level = max(len(first[c].level) for c, _ in rows)
    return [f"{count:>{number}}  {c:<{code}}  {first[c].level:<{level}}  {first[c].name}".rstrip() for c, count in rows]


class StatisticsReporter(Reporter):
    def report(self, report) -> None:
        lines = statistics_lines(report.problems)
        if not self.quiet:
            lines.append("".join(text for text, _ in summary(report)))
        self.write_usage_errors(report)
        self.out.write("".join(line + "\n" for line in lines))
