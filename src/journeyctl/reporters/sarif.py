"""``--format sarif``: a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

One run; the tool's driver lists every rule journeyctl has (validation codes and lint
rules) with its name, summary, help text and default level, and each problem is a
result pointing at its region of the file. Paths are relative URIs under
``%SRCROOT%``. No time stamps or absolute paths: the same input gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from urllib.parse import quote

from journeyctl import __version__
from journeyctl.problems import CODES
from journeyctl.reporters import Reporter

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def rule_descriptors() -> list[dict]:
    from journeyctl.lint.registry import BY_CODE

    descriptors = []
    for code, (name, summary) in sorted(CODES.items()):
        entry = BY_CODE.get(code)
        level = entry.level if entry is not None else "error"
        text = entry.doc if entry is not None and hasattr(entry, "doc") else summary
        descriptors.append(
            {
                "id": code,
                "name": name,
                "shortDescription": {"text": summary},
                "fullDescription": {"text": text.split("\n\n", 1)[0].replace("\n", " ").strip()},
                "help": {"text": text, "markdown": entry.markdown() if hasattr(entry, "markdown") else summary},
                "defaultConfiguration": {"level": LEVELS[level]},
                "properties": {"tags": ["lint" if code.startswith("L") else "validation"]},
            }
        )
    return descriptors


def uri(path: str) -> str:
    return quote(PurePath(path).as_posix(), safe="/")


def result(problem, index: dict[str, int]) -> dict:
    span = problem.span
    text = problem.message + (f" Hint: {problem.hint}" if problem.hint else "")
    return {
        "ruleId": problem.code,
        "ruleIndex": index[problem.code],
        "level": LEVELS[problem.level],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri(problem.path), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line, "endColumn": span.end_column},
                }
            }
        ],
    }


class SarifReporter(Reporter):
    def report(self, report) -> None:
        rules = rule_descriptors()
        index = {rule["id"]: position for position, rule in enumerate(rules)}
        run = {
            "tool": {
                "driver": {
                    "name": "journeyctl",
                    "version": __version__,
                    "rules": rules,
                }
            },
            "invocations": [
                {
                    "executionSuccessful": not report.usage_errors,
                    "toolExecutionNotifications": [{"level": "error", "message": {"text": message}} for message in report.usage_errors],
                }
            ],
            "artifacts": [{"location": {"uri": uri(doc.path), "uriBaseId": "%SRCROOT%"}} for doc in report.documents],
            "results": [result(problem, index) for problem in report.problems if problem.code in index],
            "columnKind": "unicodeCodePoints",
        }
        log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
        json.dump(log, self.out, indent=2, ensure_ascii=False)
        self.out.write("\n")
        for message in report.usage_errors:
            self.err.write(f"journeyctl: {message}\n")
