"""The linter: journey-map quality rules, run on every file that passed validation.

``lint(document, config)`` gives the lint problems of one checked file;
``Linter(config_path)`` lints each file it is given with the configuration found for
it, as ``check``'s ``finish`` step; ``lint_report(report, config_path)`` does the
same for every file of a finished ``check`` report. Nothing here
imports more than the rules need: the linter runs on every ``validate``.
"""

from __future__ import annotations

from pathlib import Path

from journeyctl.checker import Document, Report
from journeyctl.lint import suppressions
from journeyctl.lint.config import Config, default_config, load
from journeyctl.lint.config_files import discover
from journeyctl.lint.registry import resolve
from journeyctl.lint.rules import RULES
from journeyctl.lint.view import MapView
from journeyctl.model import Journey, Library
from journeyctl.problems import Level, Problem, sorted_problems

__all__ = ["lint", "lint_report", "Linter", "Config"]


MAX_FINDINGS = 1000  # of one rule in one file; the rest is summed up in one more problem


def lint(document: Document, config: Config) -> list[Problem]:
    """The lint problems of a valid journey or library, suppressions applied.

    A rule stops after ``MAX_FINDINGS`` problems in one file (counted after the
    suppressions), with one more problem that says so: a dense map cannot fill the
    memory with a million warnings nobody reads.
    """
    model = document.model
    if not isinstance(model, (Journey, Library)) or not document.valid or document.data is None:
        return []
    view = MapView(document.path, document.data, model, document.personas or list(model.personas), document.channels or list(model.channels))
    comments, bad = suppressions.find(document.text or "", document.data, document.path, resolve)
    silenced = suppressions.Silencer(comments)
    kept: list[Problem] = []
    for rule in RULES:
        level = config.levels.get(rule.code)
        if level is None or view.kind not in rule.kinds:
            continue
        count = 0
        for finding in rule.check(view, config.options[rule.code]):
            problem = Problem(document.path, finding.span, rule.code, finding.message, level, finding.hint)
            if silenced(problem):
                continue
            if count == MAX_FINDINGS:
                kept.append(Problem(document.path, finding.span, rule.code, f"{rule.name} stops here: it found more than {MAX_FINDINGS:,} problems in this file", level, "Fix the ones above, or switch the rule off for this file, and run again."))
                silenced.unjudged(rule.code)  # its suppressions further on were never tried
                break
            kept.append(problem)
            count += 1
    meta = [*bad, *suppressions.unused(comments, document.path, set(config.levels))]
    return sorted_problems(kept + [_leveled(problem, config.levels) for problem in meta if problem.code in config.levels])


def _leveled(problem: Problem, levels: dict[str, Level]) -> Problem:
    return Problem(problem.path, problem.span, problem.code, problem.message, levels[problem.code], problem.hint)


class Configurations:
    """The configuration of each file: one given file, or the nearest one found upward."""

    def __init__(self, explicit: Path | None = None) -> None:
        self.explicit = explicit
        self.found: dict[Path, Path | None] = {}
        self.loaded: dict[Path | None, Config] = {}
        self.documents: list[Document] = []

    def for_file(self, file: Path | None) -> Config:
        path = self.explicit or discover((file.parent if file else Path.cwd()).resolve(), self.found)
        if path not in self.loaded:
            if path is None:
                self.loaded[path] = default_config(Path.cwd())
            else:
                result = load(path)
                self.loaded[path] = result.config
                if result.problems:
                    self.documents.append(Document(result.config.source or str(path), file=path, text=result.text, kind="config", problems=result.problems))
        return self.loaded[path]


class Linter:
    """Lints one checked document at a time, each with its own configuration."""

    def __init__(self, config_path: Path | None = None) -> None:
        self.configurations = Configurations(config_path)

    def __call__(self, document: Document) -> None:
        if document.kind not in ("journey", "library") or not document.valid:
            return
        config = self.configurations.for_file(document.file)
        if not config.ignores(document.file):
            document.problems.extend(lint(document, config))

    def finish(self, report: Report) -> Report:
        """The report with the configuration files' own problems added."""
        if self.configurations.documents:
            report.documents = sorted([*report.documents, *self.configurations.documents], key=lambda doc: doc.path)
        return report


def lint_report(report: Report, config_path: Path | None = None) -> Report:
    """Lint every valid file of ``report`` in place; configuration problems join the report."""
    linter = Linter(config_path)
    for document in report.documents:
        linter(document)
    return linter.finish(report)

