"""``journeyctl validate``: check files, lint the valid ones, and report every problem."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from journeyctl.reporters import reporter_class
from journeyctl.reporters.text import use_color

__all__ = ["run", "use_color", "default_format"]

STATISTICS_FORMATS = ("text", "concise")


def default_format() -> str:
    """github under GitHub Actions (annotations on the pull request), text elsewhere."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def run(
    paths: list[str],
    output_format: str | None,
    color: str,
    *,
    config: Path | None = None,
    fail_on: str = "error",
    quiet: bool = False,
    exit_zero: bool = False,
    statistics: bool = False,
    jobs: int | None = None,
) -> int:
    if config is not None and not config.is_file():
        print(f"journeyctl: --config {config}: no such file", file=sys.stderr)
        return 2
    chosen = output_format or ("text" if statistics else default_format())
    if statistics and chosen not in STATISTICS_FORMATS:
        print(f"journeyctl: --statistics counts problems for people; it does not go with --format {chosen}", file=sys.stderr)
        return 2
    from journeyctl.jobs import default_jobs, validate

    report = validate(paths, config, jobs or default_jobs())
    report.fail_on = fail_on
    name = "statistics" if statistics else chosen
    reporter = reporter_class(name)(sys.stdout, sys.stderr, color=use_color(color, sys.stdout), quiet=quiet)
    reporter.report(report)
    code = report.exit_code
    return 0 if exit_zero and code == 1 else code
