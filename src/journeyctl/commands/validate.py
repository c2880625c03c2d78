"""``journeyctl validate``: check files and report every problem."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from journeyctl.checker import check
from journeyctl.reporters import reporter_class


def use_color(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def run(paths: list[str], output_format: str, color: str) -> int:
    report = check(paths)
    reporter = reporter_class(output_format)(sys.stdout, sys.stderr, color=use_color(color, sys.stdout))
    reporter.report(report)
    return report.exit_code
