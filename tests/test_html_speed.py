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
