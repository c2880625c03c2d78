"""The page's own work made cheaper without changing a byte of what it prints.

The built-in templates print each value with one call (``html._printed``) instead of
Jinja's ``escape(finalize(value))``; these tests hold the short way to Jinja's own.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from jinja2 import DictLoader, Environment
from markupsafe import Markup, escape

from journeyctl.checker import check
from journeyctl.render import EngineError, UnknownPersona, dot_source, engine, flow_svg, html_context
from journeyctl.render.html import TrustedEnvironment, _finalize, _printed, environment, render_html

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


# The page's records are built while the layout engine runs (render_html given a function
# that draws the flow diagram): the same page, the same errors, the engine tied to journeyctl.

ROOT = Path(__file__).resolve().parents[1]
RETAIL = ROOT / "examples" / "retail-first-purchase.journey.yaml"
AIRPORT = ROOT / "tests" / "fixtures" / "airport-blueprint.journey.yaml"


def journey_of(path: Path):
    report = check([str(path)])
    return next(doc.journey for doc in report.documents if doc.journey is not None)


@pytest.mark.parametrize("path, persona", [(RETAIL, None), (AIRPORT, None), (AIRPORT, "noor-family-holiday")])
def test_the_page_built_beside_the_engine_is_the_same_page(path: Path, persona: str | None) -> None:
    journey = journey_of(path)
    after = render_html(journey, persona=persona, flow_svg=flow_svg(journey, persona=persona))
    beside = render_html(journey, persona=persona, flow_svg=lambda: flow_svg(journey, persona=persona))
    assert beside == after


def test_the_records_are_built_in_another_thread_once_the_engine_runs(monkeypatch) -> None:
    journey = journey_of(RETAIL)
    seen = {}
    real = html_context.page_context

    def recorded(*args, **kwargs):
        seen["thread"] = threading.current_thread()
        seen["engines"] = len(engine._children)  # the engine's process is running meanwhile
        return real(*args, **kwargs)

    monkeypatch.setattr(html_context, "page_context", recorded)
    page = render_html(journey, flow_svg=lambda: flow_svg(journey))
    assert seen["thread"] is not threading.current_thread() and seen["thread"].name == "journeyctl-page"
    assert seen["engines"] == 1
    assert "<svg" in page and getattr(engine._started, "call", None) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pipe grows to hold the input on Linux")
def test_the_engine_takes_a_big_map_whole_before_the_other_work_starts() -> None:
    """A 500-touchpoint map's DOT (300 kB) goes into the engine's pipe at once, so the page's
    work never stands between the engine and its input."""
    journey = journey_of(RETAIL)
    dot = dot_source(journey)
    big = dot + "\n".join(f"// {'x' * 120} {n}" for n in range(3000))
    assert len(big.encode()) > 300_000
    called = []
    engine.when_started(lambda: called.append(True))
    try:
        out = engine.choose(None, "svg").run(big, "svg")
    finally:
        engine.when_started(None)
    assert called == [True] and out.startswith(b"<?xml")


def test_an_unknown_persona_is_said_before_anything_is_built() -> None:
    journey = journey_of(RETAIL)
    with pytest.raises(UnknownPersona):
        render_html(journey, persona="nobody", flow_svg=lambda: flow_svg(journey, persona="nobody"))
    assert getattr(engine._started, "call", None) is None


def test_the_engine_failing_is_the_error_even_while_the_records_are_built() -> None:
    journey = journey_of(RETAIL)

    def broken() -> str:
        engine.choose(None, "svg").run("digraph { a -> }", "svg")  # a syntax error, after the engine started
        return ""

    with pytest.raises(EngineError):
        render_html(journey, flow_svg=broken)


def test_what_fails_beside_the_engine_fails_the_page(monkeypatch) -> None:
    journey = journey_of(RETAIL)

    def fails(*args, **kwargs):
        raise RuntimeError("the records could not be built")

    monkeypatch.setattr(html_context, "page_context", fails)
    with pytest.raises(RuntimeError, match="could not be built"):
        render_html(journey, flow_svg=lambda: flow_svg(journey))


def test_without_an_engine_the_records_are_built_afterwards_here(monkeypatch) -> None:
    journey = journey_of(RETAIL)
    threads = []
    real = html_context.page_context
    monkeypatch.setattr(html_context, "page_context", lambda *a, **k: (threads.append(threading.current_thread()), real(*a, **k))[1])
    drawn = flow_svg(journey)
    assert render_html(journey, flow_svg=lambda: drawn) == render_html(journey, flow_svg=drawn)
    assert threads == [threading.current_thread()] * 2


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_a_coordinate_worked_out_once_reads_as_worked_out_each_time(x: float, y: float) -> None:
    from journeyctl.render import emotion_marks

    for value in (x, y, (x + y) / 2, round(x, 1), float(int(x))):
        assert emotion_marks._coordinate(value) == emotion_marks._number(value)
        assert emotion_marks._coordinate(value) == emotion_marks._number(value)  # from the cache


def test_the_page_module_leaves_jinja_and_the_records_to_the_drawing() -> None:
    """The command imports the page module before it draws; Jinja and the records' modules
    come with the page (while the engine runs), so that importing them is not in the way."""
    import subprocess

    code = (
        "import sys, journeyctl.render.html as h\n"
        "print(sorted(m for m in ('jinja2', 'journeyctl.render.html_env', 'journeyctl.render.html_context') if m in sys.modules))\n"
        "h.environment\n"
        "print('jinja2' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["[]", "True"]
