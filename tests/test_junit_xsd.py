"""--format junit as Jenkins and GitLab read it: valid against Jenkins' JUnit XSD, whatever the files hold."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from helpers import EXAMPLES, ROOT, run, write

xmlschema = pytest.importorskip("xmlschema")
SCHEMA = xmlschema.XMLSchema(str(ROOT / "tests" / "data" / "jenkins-junit.xsd"))

BROKEN = "version: 1\nid: broken\ntitle: Broken\nstages:\n  - id: s\n    name: S\n    chanel: web\n"
WARNED = "version: 1\nid: warned\ntitle: Warned\nstages:\n  - {id: s, name: S}\n  - {id: t, name: T}\ntouchpoints:\n  - {id: x, name: X, stage: s}\n"
# Raw control characters and a bidi override: an unknown key, a title, a file name.
HOSTILE = b'version: 1\nid: hostile\ntitle: "\x1b[2J\x07"\nstages:\n  - id: s\n    name: S\n    ch\xe2\x80\xaeanel: web\n    "\\e]0;pwned\\a": 1\n'


def junit(*args, cwd):
    result = run("validate", "--format", "junit", *args, cwd=cwd)
    assert result.out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return result


def test_the_schema_refuses_what_jenkins_refuses():
    """The schema is a real check: the attributes the old output had are refused."""
    assert not SCHEMA.is_valid('<testsuites skipped="0"><testsuite name="a" tests="0"/></testsuites>')
    assert not SCHEMA.is_valid('<testsuites><testsuite name="a" tests="1"><testcase name="x" file="x.yaml"/></testsuite></testsuites>')
    assert not SCHEMA.is_valid('<testsuites><testsuite name="a" tests="1"><testcase name="x"><system-out/><failure/></testcase></testsuite></testsuites>')
    assert SCHEMA.is_valid('<testsuites><testsuite name="a" tests="1" skipped="0"><testcase name="x"><failure message="m"/><system-out>o</system-out></testcase></testsuite></testsuites>')


def test_failures_warnings_and_usage_errors_are_valid_junit(tmp_path):
    write(tmp_path, "maps/broken.journey.yaml", BROKEN)
    write(tmp_path, "maps/warned.journey.yaml", WARNED)
    result = junit("maps", "gone.journey.yaml", cwd=tmp_path)
    assert result.returncode == 2
    SCHEMA.validate(result.out)
    root = ET.fromstring(result.out)
    assert (root.attrib["tests"], root.attrib["failures"], root.attrib["errors"]) == ("3", "1", "1")
    assert "skipped" not in root.attrib
    assert all("file" not in case.attrib for case in root.iter("testcase"))
    cases = {case.attrib["name"]: case for case in root.iter("testcase")}
    assert cases["maps/broken.journey.yaml"].find("failure").attrib["type"] == "S001"
    assert cases["maps/warned.journey.yaml"].find("system-out").text.startswith("maps/warned.journey.yaml:6:10: warning L002 ")
    assert cases["gone.journey.yaml"].find("error").attrib["message"] == "gone.journey.yaml: no such file or folder"


def test_fail_on_warning_and_a_clean_run_are_valid_junit(tmp_path):
    write(tmp_path, "warned.journey.yaml", WARNED)
    SCHEMA.validate(junit("--fail-on", "warning", "warned.journey.yaml", cwd=tmp_path).out)
    SCHEMA.validate(junit(str(EXAMPLES), cwd=tmp_path).out)


def test_control_characters_never_reach_the_xml(tmp_path):
    write(tmp_path, "hostile.journey.yaml", HOSTILE)
    write(tmp_path, "name\x1b[31m\u202e.journey.yaml", BROKEN)
    result = junit(".", cwd=tmp_path)
    SCHEMA.validate(result.out)  # a forbidden character would make it unreadable
    assert not any(ord(c) < 0x20 and c not in "\n" for c in result.out)
    assert "\u202e" not in result.out and "\x1b" not in result.out
    names = {case.attrib["name"] for case in ET.fromstring(result.out).iter("testcase")}
    assert names == {"hostile.journey.yaml", "name\\x1b[31m\\u202e.journey.yaml"}
    assert "the character U+001B is not allowed in YAML" in result.out
