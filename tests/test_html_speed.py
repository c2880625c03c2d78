"""The built-in templates run without the sandbox; a folder of the user's templates stays sandboxed."""

from __future__ import annotations

import pytest
from jinja2.sandbox import SandboxedEnvironment

from helpers import EXAMPLES, run, write
from journeyctl.render.html import TemplateError, TrustedEnvironment, environment, render_template
from journeyctl.render.sandbox import BoundedEnvironment


def test_built_in_templates_render_in_the_trusted_environment():
    env = environment()
    assert isinstance(env, TrustedEnvironment) and not isinstance(env, SandboxedEnvironment)
    assert env.autoescape is True
    # Autoescaping stays on: text from the journey is text in the page.
    template = env.from_string("{{ name }}")
    assert template.render(name="<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"


def test_a_template_folder_keeps_the_bounded_sandbox(tmp_path):
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "journey.html").write_text("{{ ''.__class__ }}", encoding="utf-8")
    env = environment(folder)
    assert isinstance(env, BoundedEnvironment)
    with pytest.raises(TemplateError, match="not allowed|unsafe|__class__"):
        render_template(env, "journey.html", {})


def test_a_users_template_cannot_reach_python_internals_through_the_command(tmp_path):
    folder = tmp_path / "t"
    write(folder, "journey.html", "{{ journey.__class__.__mro__ }}")
    result = run("render", str(EXAMPLES / "retail-first-purchase.journey.yaml"), "--format", "html",
                 "--templates", str(folder), "-o", str(tmp_path / "page.html"))
    assert result.returncode == 2, result.out + result.err
    assert "Traceback" not in result.err and not (tmp_path / "page.html").exists()


@pytest.mark.parametrize(
    "attribute",
    ['fill="URL(https://x.example/p.svg)"', 'class="JavaScript:x"', 'style="a: url( \'//x.example\')"', 'ONCLICK="x"'],
)
def test_the_faster_svg_guard_still_catches_what_it_skips_searching_for(attribute):
    """The guard searches a value only when it holds a "(" or a ":": the spellings that need them are still caught."""
    from journeyctl.render.svg import UnsafeSvg, check

    with pytest.raises(UnsafeSvg):
        check(f'<svg xmlns="http://www.w3.org/2000/svg"><path {attribute}/></svg>')


def test_printed_values_lose_control_characters_and_stay_plain_text():
    from markupsafe import Markup

    from journeyctl.render.html import _finalize

    class Sneaky(str):
        def __html__(self):
            return "<b>raw</b>"

    assert _finalize("plain words") == "plain words"
    assert _finalize("bell\x07 and\x00 nul\ufffe") == "bell and nul"
    assert _finalize("two\nlines\tand a tab") == "two\nlines\tand a tab"
    assert type(_finalize(Sneaky("printable"))) is str  # a str subclass cannot pass as markup
    assert isinstance(_finalize(Markup("<i>x</i>")), Markup) and _finalize(None) == ""


def test_the_built_in_templates_compiled_code_is_kept_and_checked_against_the_source(tmp_path, monkeypatch):
    import sys

    from jinja2 import DictLoader, Environment

    from journeyctl.render.html import template_cache

    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    sources = {"page.html": "one {{ x }}"}
    first = Environment(loader=DictLoader(sources), bytecode_cache=template_cache(tmp_path / "cache"))
    assert first.get_template("page.html").render(x=1) == "one 1"
    kept = list((tmp_path / "cache").glob("jinja-*.cache"))
    assert len(kept) == 1
    # A later run loads the kept code; an edited template is compiled afresh, never run stale.
    again = Environment(loader=DictLoader(sources), bytecode_cache=template_cache(tmp_path / "cache"))
    assert again.get_template("page.html").render(x=2) == "one 2"
    sources["page.html"] = "two {{ x }}"
    edited = Environment(loader=DictLoader(sources), bytecode_cache=template_cache(tmp_path / "cache"))
    assert edited.get_template("page.html").render(x=3) == "two 3"


def test_no_compiled_code_is_written_when_python_is_told_not_to(tmp_path, monkeypatch):
    import sys

    from jinja2 import DictLoader, Environment

    from journeyctl.render.html import template_cache

    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert template_cache(tmp_path / "missing") is None and not (tmp_path / "missing").exists()
    (tmp_path / "cache").mkdir()
    env = Environment(loader=DictLoader({"p": "x"}), bytecode_cache=template_cache(tmp_path / "cache"))
    assert env.get_template("p").render() == "x"
    assert list((tmp_path / "cache").iterdir()) == []


def test_only_the_built_in_templates_use_kept_code(tmp_path):
    assert environment().bytecode_cache is not None or __import__("sys").dont_write_bytecode
    folder = tmp_path / "t"
    folder.mkdir()
    assert environment(folder).bytecode_cache is None  # a template folder is compiled on each run, in the sandbox


def test_a_page_rendered_from_kept_code_is_the_same_page(tmp_path):
    source = str(EXAMPLES / "retail-first-purchase.journey.yaml")
    env = {"PYTHONDONTWRITEBYTECODE": ""}
    pages = []
    for name in ("first.html", "second.html"):
        result = run("render", source, "--format", "html", "-o", str(tmp_path / name), env=env)
        assert result.returncode == 0, result.err
        pages.append((tmp_path / name).read_bytes())
    assert pages[0] == pages[1]


def test_a_cache_folder_that_refuses_writes_or_holds_damaged_entries_only_costs_a_compile(tmp_path, monkeypatch):
    import sys

    from jinja2 import DictLoader, Environment

    from journeyctl.render.html import template_cache

    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    folder = tmp_path / "cache"
    folder.mkdir()
    cache = template_cache(folder)
    folder.rmdir()  # the write fails as it would in a folder the user may not write to
    env = Environment(loader=DictLoader({"p": "x {{ y }}"}), bytecode_cache=cache)
    assert env.get_template("p").render(y=1) == "x 1"
    assert not folder.exists()

    folder.mkdir()
    Environment(loader=DictLoader({"p": "x {{ y }}"}), bytecode_cache=template_cache(folder)).get_template("p")
    (entry,) = folder.glob("jinja-*.cache")
    entry.write_bytes(entry.read_bytes()[:20] + b"\x00garbage")
    damaged = Environment(loader=DictLoader({"p": "x {{ y }}"}), bytecode_cache=template_cache(folder))
    assert damaged.get_template("p").render(y=2) == "x 2"
