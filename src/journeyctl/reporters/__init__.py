"""Reporters turn a check's result into output: one class per format, found by name.

Adding a format is one entry in ``REPORTERS``; the module is imported only when
that format is asked for. Only the text reporter knows about colour, so machine
formats on standard output stay clean.
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
}


class Reporter:
    """Writes a report; ``out`` gets the result, ``err`` what went wrong with the run itself."""

    def __init__(self, out: TextIO, err: TextIO, *, color: bool = False) -> None:
        self.out, self.err, self.color = out, err, color

    def report(self, report: Report) -> None:
        raise NotImplementedError


def reporter_class(name: str) -> type[Reporter]:
    module, _, attribute = REPORTERS[name].partition(":")
    return getattr(importlib.import_module(module), attribute)
