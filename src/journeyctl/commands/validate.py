"""``journeyctl validate``: check files, lint the valid ones, and report every problem."""

from __future__ import annotations

import os
import sys
from pathlib import Path
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


def default_format() -> str:
    """github under GitHub Actions (annotations on the pull request), text elsewhere."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def run(paths: list[str], output_format: str | None, color: str, *, config: Path | None = None, fail_on: str = "error") -> int:
    if config is not None and not config.is_file():
        print(f"journeyctl: --config {config}: no such file", file=sys.stderr)
        return 2
    from journeyctl.lint import Linter

    linter = Linter(config)

    def finish(document) -> None:
        linter(document)
        document.release()  # the report needs only the problems and the lines they point at

    report = linter.finish(check(paths, finish))
    report.fail_on = fail_on
    reporter = reporter_class(output_format or default_format())(sys.stdout, sys.stderr, color=use_color(color, sys.stdout))
    reporter.report(report)
    return report.exit_code
