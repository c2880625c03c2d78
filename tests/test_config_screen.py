"""The screen that passes a pyproject.toml by unparsed never passes by one that the parse
would take for journeyctl's (a [tool.journeyctl], a slip for it, a ``tool`` that is no table)."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from journeyctl.lint.config_files import has_table, may_name_a_table, parsed_verdict

LETTERS = string.ascii_lowercase + "-_ "


@st.composite
def near_journeyctl(draw) -> str:
    """journeyctl with a few letters added, dropped or changed; or another tool's name."""
    if draw(st.booleans()):
        return draw(st.sampled_from(["setuptools", "pytest", "ruff", "black", "mypy", "coverage", "poetry"]))
    name = list("journeyctl")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(name)))
        what = draw(st.sampled_from(["add", "drop", "change"]))
        if what == "add":
            name.insert(at, draw(st.sampled_from(LETTERS)))
        elif name and at < len(name):
            if what == "drop":
                del name[at]
            else:
                name[at] = draw(st.sampled_from(LETTERS))
    return "".join(name) or "x"


@st.composite
def pyproject(draw) -> str:
    name = draw(near_journeyctl())
    quoted = f'"{name}"' if draw(st.booleans()) or not name.replace("-", "").replace("_", "").isalnum() else name
    if " " in name:
        quoted = f'"{name}"'
    tool = draw(st.sampled_from(["tool", '"tool"', "'tool'"]))
    form = draw(st.sampled_from([
        "[{tool}.{n}]\nextends = \"strict\"\n",
        "[[{tool}.{n}]]\nextends = \"strict\"\n",
        "[{tool}.{n}.rules]\nmissing-team = \"off\"\n",
        "{tool}.{n}.extends = \"strict\"\n",
        "{tool} . {n} . extends = \"strict\"\n",
        "[{tool}]\n{n} = {{ extends = \"strict\" }}\n",
        "{tool} = {{ {n} = {{ extends = \"strict\" }} }}\n",
        "{tool} = \"{n}\"\n",
        "[ {tool} ]\n{n}.extends = \"strict\"\n",
    ]))
    noise = draw(st.sampled_from(["", '[project]\nname = "maps"\ndependencies = ["journeyctl>=0.1"]\n\n', "# uses journeyctl\n"]))
    return noise + form.format(tool=tool, n=quoted) + draw(st.sampled_from(["", "\n[tool.setuptools]\nzip-safe = false\n"])) + "# journeyctl\n"


@settings(max_examples=400, deadline=None)
@given(pyproject())
def test_the_screen_never_passes_by_what_the_parse_would_find(text):
    if parsed_verdict(text):
        assert may_name_a_table(text), text


def test_a_project_that_depends_on_journeyctl_is_passed_by_unparsed(tmp_path):
    text = '[project]\nname = "maps"\ndependencies = ["journeyctl>=0.1"]\n\n[tool.pytest.ini_options]\naddopts = "-q"\n'
    assert not may_name_a_table(text) and not parsed_verdict(text)
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    assert has_table(path) is False


def test_what_only_the_parse_can_settle_is_parsed():
    for text in ('[tool."journ\\u0065yctl"]\nextends = "strict"\n', "[tool]\njourneyctl = { extends = \"strict\" }\n", 'tool = "journeyctl"\n'):
        assert may_name_a_table(text) and parsed_verdict(text), text
