"""The page's own work made cheaper without changing a byte of what it prints.

The built-in templates print each value with one call (``html._printed``) instead of
Jinja's ``escape(finalize(value))``; these tests hold the short way to Jinja's own.
"""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
from jinja2 import DictLoader, Environment
from markupsafe import Markup, escape

from journeyctl.render.html import TrustedEnvironment, _finalize, _printed, environment

VALUES = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=())),
    st.builds(Markup, st.text()),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_a_printed_value_is_what_jinja_would_print(value: object) -> None:
    assert str(_printed(value)) == str(escape(_finalize(value)))


def test_a_str_subclass_takes_jinja_way() -> None:
    class Noted(str):
        pass

    value = Noted('<b>"x"\x07</b>')
    assert _printed(value) == "&lt;b&gt;&#34;x&#34;&lt;/b&gt;"


SOURCE = (
    "{{ a }}|{{ b }}|{{ n }}|{{ none }}|{{ m }}"
    "{% autoescape false %}|{{ a }}{% endautoescape %}"
    "{% set block %}{{ a }}{% endset %}|{{ block }}"
    "{% macro card(x) %}<i>{{ x }}</i>{% endmacro %}|{{ card(a) }}"
    "{% filter upper %}|{{ a }}{% endfilter %}"
)
CONTEXT = {"a": "<Tom & \"Jerry\">\x1b", "b": "plain", "n": 3.5, "none": None, "m": Markup("<em>kept</em>")}


def test_built_in_templates_print_the_same_as_jinja() -> None:
    settings_ = dict(autoescape=True, finalize=_finalize, loader=DictLoader({"t": SOURCE}))
    ours = TrustedEnvironment(**settings_).get_template("t").render(CONTEXT)
    jinja = Environment(**settings_).get_template("t").render(CONTEXT)
    assert ours == jinja
    assert "&lt;Tom &amp; &#34;Jerry&#34;&gt;" in ours and "|<Tom & \"Jerry\">" in ours and "<em>kept</em>" in ours


def test_built_in_templates_are_compiled_to_the_one_call() -> None:
    env = environment()
    source = env.loader.get_source(env, "macros.html")[0]
    code = env.compile(source, "macros.html", raw=True)
    assert "environment.printed(" in code and "escape(environment.finalize(" not in code


def test_user_templates_keep_jinja_own_way(tmp_path) -> None:
    (tmp_path / "journey.html").write_text("{{ x }}", encoding="utf-8")
    env = environment(tmp_path)
    code = env.compile("{{ x }}", "t", raw=True)
    assert "environment.printed(" not in code and "escape(" in code
