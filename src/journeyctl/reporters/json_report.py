"""``--format json``: one JSON document for programs (its shape is in docs/cli.md).

Paths are given exactly (JSON escapes any character); messages and hints show
control and bidi characters as escapes (``\\x1b``), as every format does, so a
program that prints them prints nothing dangerous.
"""

from __future__ import annotations

import json

from journeyctl.reporters import Reporter
from journeyctl.reporters.safe import safe, safe_optional

SCHEMA_VERSION = 1


def problem_record(problem) -> dict:
    span = problem.span
    return {
        "path": problem.path,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "code": problem.code,
        "name": problem.name,
        "level": problem.level,
        "message": safe(problem.message),
        "hint": safe_optional(problem.hint),
    }


class JsonReporter(Reporter):
    def report(self, report) -> None:
        problems = report.problems
        document = {
            "version": SCHEMA_VERSION,
            "files": [{"path": doc.path, "kind": doc.kind, "valid": doc.valid} for doc in report.documents],
            "problems": [problem_record(p) for p in problems],
            "errors": [safe(message) for message in report.usage_errors],
            "summary": {
                "files": len(report.documents),
                "invalid_files": sum(not doc.valid for doc in report.documents),
                "errors": sum(p.level == "error" for p in problems),
                "warnings": sum(p.level == "warning" for p in problems),
                "infos": sum(p.level == "info" for p in problems),
                "exit_code": report.exit_code,
            },
        }
        json.dump(document, self.out, indent=2, ensure_ascii=False)
        self.out.write("\n")
