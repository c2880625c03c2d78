"""``--format junit``: JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).

Each checked file is a test case. It fails when it has a problem at the ``--fail-on``
level or above; the failure lists every such problem as ``path:line:col: level CODE
message``. Problems below that level are written to the case's ``system-out``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from journeyctl.reporters import Reporter


def line(problem) -> str:
    hint = f" (hint: {problem.hint})" if problem.hint else ""
    return f"{problem.path}:{problem.span.line}:{problem.span.column}: {problem.level} {problem.code} {problem.name}: {problem.message}{hint}"


class JunitReporter(Reporter):
    def report(self, report) -> None:
        failures = 0
        cases = []
        for doc in report.documents:
            problems = sorted(doc.problems, key=lambda p: p.sort_key())
            failing = [p for p in problems if report.fails(p)]
            others = [p for p in problems if not report.fails(p)]
            case = ET.Element("testcase", {"classname": f"journeyctl.{doc.kind or 'file'}", "name": doc.path, "file": doc.path})
            if failing:
                failures += 1
                first = failing[0]
                message = f"{len(failing)} problem{'s' if len(failing) > 1 else ''}; first: {first.code} {first.message}"
                failure = ET.SubElement(case, "failure", {"message": message, "type": first.code})
                failure.text = "\n".join(line(p) for p in failing)
            if others:
                ET.SubElement(case, "system-out").text = "\n".join(line(p) for p in others)
            cases.append(case)
        errors = len(report.usage_errors)
        for message in report.usage_errors:
            case = ET.Element("testcase", {"classname": "journeyctl.usage", "name": message.split(":", 1)[0]})
            ET.SubElement(case, "error", {"message": message, "type": "usage"}).text = message
            cases.append(case)
        counts = {"tests": str(len(cases)), "failures": str(failures), "errors": str(errors), "skipped": "0"}
        root = ET.Element("testsuites", {"name": "journeyctl", **counts})
        suite = ET.SubElement(root, "testsuite", {"name": "journeyctl validate", **counts})
        suite.extend(cases)
        ET.indent(root)
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(ET.tostring(root, encoding="unicode"))
        self.out.write("\n")
        for message in report.usage_errors:
            self.err.write(f"journeyctl: {message}\n")
