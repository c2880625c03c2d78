"""Reporters turn a check's result into output: one class per format, found by name.

Adding a format is one entry in ``REPORTERS``; the module is imported only when
that format is asked for. Only the text reporter knows about colour, so machine
formats on standard output stay clean. Text taken from files reaches every
format through ``journeyctl.reporters.safe`` (control and bidi characters escaped).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from journeyctl.checker import Report

REPORTERS: dict[str, str] = {
    "text": "journeyctl.reporters.text:TextReporter",
    "json": "journeyctl.reporters.json_report:JsonReporter",
    "github": "journeyctl.reporters.github:GithubReporter",
    "sarif": "journeyctl.reporters.sarif:SarifReporter",
    "junit": "journeyctl.reporters.junit:JunitReporter",
    "concise": "journeyctl.reporters.concise:ConciseReporter",
}
# Not a --format: what validate --statistics writes instead of the problems.
STATISTICS = "journeyctl.reporters.statistics:StatisticsReporter"


class Reporter:
    """Writes a report; ``out`` gets the result, ``err`` what went wrong with the run itself.

    ``quiet`` leaves out everything but the problems (the text formats' summary line).
    """

    def __init__(self, out: TextIO, err: TextIO, *, color: bool = False, quiet: bool = False) -> None:
        self.out, self.err, self.color, self.quiet = out, err, color, quiet

    def report(self, report: Report) -> None:
        raise NotImplementedError

    def write_usage_errors(self, report: Report) -> None:
        from journeyctl.reporters.safe import safe

        for message in report.usage_errors:
            self.err.write(f"journeyctl: {safe(message)}\n")


def reporter_class(name: str) -> type[Reporter]:
    module, _, attribute = (STATISTICS if name == "statistics" else REPORTERS[name]).partition(":")
    return getattr(importlib.import_module(module), attribute)
