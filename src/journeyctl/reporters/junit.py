"""``--format junit``: JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).

Each checked file is a test case. It fails when it has a problem at the ``--fail-on``
level or above; the failure lists every such problem as ``path:line:col: level CODE
message``. Problems below that level are written to the case's ``system-out``. A path
that could not be checked is a case with an ``error``.

Only what the common JUnit schemas allow is written (Jenkins' junit XSD, which the
xunit plugin and GitLab's reader accept; tests/data/jenkins-junit.xsd): ``testsuites``
with ``name``, ``tests``, ``failures`` and ``errors``; one ``testsuite`` with the same
and ``skipped``; ``testcase`` with ``name`` and ``classname``; children in the order
error, failure, system-out. Text from the files shows control and bidi characters as
escapes (``\\x1b``), so the XML never holds a character XML 1.0 forbids.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from journeyctl.reporters import Reporter
from journeyctl.reporters.safe import safe


def line(problem) -> str:
    hint = f" (hint: {problem.hint})" if problem.hint else ""
    return safe(f"{problem.path}:{problem.span.line}:{problem.span.column}: {problem.level} {problem.code} {problem.name}: {problem.message}{hint}")


class JunitReporter(Reporter):
    def report(self, report) -> None:
        failures = 0
        cases = []
        for doc in report.documents:
            problems = sorted(doc.problems, key=lambda p: p.sort_key())
            failing = [p for p in problems if report.fails(p)]
            others = [p for p in problems if not report.fails(p)]
            case = ET.Element("testcase", {"classname": f"journeyctl.{doc.kind or 'file'}", "name": safe(doc.path)})
            if failing:
                failures += 1
                first = failing[0]
                message = f"{len(failing)} problem{'s' if len(failing) > 1 else ''}; first: {first.code} {safe(first.message)}"
                failure = ET.SubElement(case, "failure", {"message": message, "type": first.code})
                failure.text = "\n".join(line(p) for p in failing)
            if others:
                ET.SubElement(case, "system-out").text = "\n".join(line(p) for p in others)
            cases.append(case)
        errors = len(report.usage_errors)
        for message in report.usage_errors:
            shown = safe(message)
            case = ET.Element("testcase", {"classname": "journeyctl.usage", "name": shown.split(":", 1)[0]})
            ET.SubElement(case, "error", {"message": shown, "type": "usage"}).text = shown
            cases.append(case)
        counts = {"tests": str(len(cases)), "failures": str(failures), "errors": str(errors)}
        root = ET.Element("testsuites", {"name": "journeyctl", **counts})
        suite = ET.SubElement(root, "testsuite", {"name": "journeyctl validate", **counts, "skipped": "0"})
        suite.extend(cases)
        ET.indent(root)
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(ET.tostring(root, encoding="unicode"))
        self.out.write("\n")
        self.write_usage_errors(report)
