"""``--format sarif``: a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

One run; the tool's driver lists every rule journeyctl has (validation codes and lint
rules) with its name, summary, help text and default level, and each problem is a
result pointing at its region of the file.

Paths are URIs relative to the repository root (the folder holding ``.git``, found
upward from the working folder; else the working folder), with ``uriBaseId``
``SRCROOT``; ``originalUriBaseIds`` gives that root as an absolute ``file:`` URI, as
the SARIF specification asks. A file outside the root gets an absolute ``file:``
URI and no base. No time stamps: the same files checked from the same place give
the same bytes.

``informationUri`` and the rules' ``helpUri`` must be absolute URIs (SARIF 2.1.0,
3.19.17 and 3.49.12), and journeyctl has no public web address yet: both are left
out, and the full help text of every rule travels in ``help`` instead.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from journeyctl import __version__
from journeyctl.problems import CODES
from journeyctl.reporters import Reporter
from journeyctl.reporters.paths import RepositoryPaths
from journeyctl.reporters.safe import safe

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
BASE = "SRCROOT"


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


def file_uri(path) -> str:
    """An absolute ``file:`` URI; a folder's ends with a slash."""
    text = quote(path.as_posix(), safe="/")
    return "file://" + (text if text.startswith("/") else "/" + text)


def location(path: str, paths: RepositoryPaths) -> dict:
    """An artifactLocation: relative to %SRCROOT% inside the repository, absolute outside it."""
    if paths.inside(path):
        return {"uri": quote(paths.relative(path), safe="/"), "uriBaseId": BASE}
    absolute = paths.absolute(path)
    return {"uri": file_uri(absolute) if absolute is not None else quote(path, safe="/")}


def result(problem, index: dict[str, int], paths: RepositoryPaths) -> dict:
    span = problem.span
    text = safe(problem.message) + (f" Hint: {safe(problem.hint)}" if problem.hint else "")
    return {
        "ruleId": problem.code,
        "ruleIndex": index[problem.code],
        "level": LEVELS[problem.level],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": location(problem.path, paths),
                    "region": {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line, "endColumn": span.end_column},
                }
            }
        ],
    }


class SarifReporter(Reporter):
    def report(self, report) -> None:
        rules = rule_descriptors()
        paths = RepositoryPaths.here()
        root = file_uri(paths.root).rstrip("/") + "/"
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
                    "toolExecutionNotifications": [{"level": "error", "message": {"text": safe(message)}} for message in report.usage_errors],
                }
            ],
            "originalUriBaseIds": {BASE: {"uri": root, "description": {"text": "The root of the repository (the folder holding .git), or the folder journeyctl ran in."}}},
            "artifacts": [{"location": location(doc.path, paths)} for doc in report.documents],
            "results": [result(problem, index, paths) for problem in report.problems if problem.code in index],
            "columnKind": "unicodeCodePoints",
        }
        log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
        json.dump(log, self.out, indent=2, ensure_ascii=False)
        self.out.write("\n")
        self.write_usage_errors(report)
