"""Property-based tests: no input, however strange, makes validate crash.

Each generated input goes through the same path as ``journeyctl validate``
(read, decode, compose, schema, imports, references, both reporters) in this
process; a crash is any exception, and every problem must sit inside the file.
"""

from __future__ import annotations

import io
import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import MINIMAL

from journeyctl.checker import check
from journeyctl.model import Journey
from journeyctl.reporters import reporter_class

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
KEYS = sorted({*Journey.model_fields, "name", "stage", "next", "to", "score", "by_persona", "lane", "path", "emotion", "personas"})


def validate(tmp_path, data: bytes) -> None:
    path = tmp_path / "fuzz.journey.yaml"
    path.write_bytes(data)
    report = check([str(path)])
    assert report.exit_code in (0, 1)
    # YAML breaks lines at \r, \n, NEL, U+2028 and U+2029, as str.splitlines does.
    lines = len(data.decode("utf-8", errors="replace").splitlines()) + 1
    for problem in report.problems:
        assert 1 <= problem.span.line <= max(lines, 1) + 1, problem
        assert problem.span.column >= 1
        assert problem.message
    for name in ("text", "json"):
        reporter_class(name)(io.StringIO(), io.StringIO()).report(report)


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes(tmp_path, data):
    validate(tmp_path, data)


@SETTINGS
@given(st.text(alphabet=string.printable + "é→💥\u202e\x00\x85\u2028", max_size=2000))
def test_any_text(tmp_path, text):
    validate(tmp_path, text.encode("utf-8", errors="surrogatepass"))


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30), st.sampled_from(["no", "on", "2024-01-01", "~", "-3", "1e9", "maya"]))
trees = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=10)), children, max_size=6)),
    max_leaves=40,
)


@SETTINGS
@given(st.dictionaries(st.sampled_from(KEYS), trees, max_size=12))
def test_any_yaml_shape(tmp_path, document):
    validate(tmp_path, yaml.safe_dump(document, allow_unicode=True).encode("utf-8"))


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, len(MINIMAL)), st.integers(0, 8), st.text(alphabet=":-[]{}#&*!|>'\" \n\tab", max_size=4)), max_size=6))
def test_edits_of_a_valid_journey(tmp_path, edits):
    text = MINIMAL
    for start, length, insert in edits:
        text = text[:start] + insert + text[start + length :]
    validate(tmp_path, text.encode("utf-8"))
