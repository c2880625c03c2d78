"""A user's template cannot write a gigabyte, loop for ever, recurse without end or read outside its folder."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from helpers import MINIMAL, ROOT, write

HUGE = [
    ("{{ 'a' * 1000000000 }}", "would be longer than 64 million characters"),
    ("{{ 1000000000 * ['a'] }}", "would be longer than 64 million characters"),
    ("{{ 'a'|center(1000000000) }}", "too large a width or count"),
    ("{{ 'a'.ljust(1000000000) }}", "too large a width or count"),
    ("{{ '%1000000000s'|format('a') }}", "format width in a template is too large"),
    ("{{ '{:>1000000000}'.format('a') }}", "format width in a template is too large"),
    ("{% set ns = namespace(s='a') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}", "would be longer than"),
    ("{% set ns = namespace(s=['a']) %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}", "would be longer than"),
    ("{% set ns = namespace(s='a') %}{% for i in range(60) %}{% set ns.s = (ns.s, ns.s)|join %}{% endfor %}{{ ns.s }}", "would be longer than"),
    ("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}", "the page would be longer than"),
    ("{{ 10 ** 100000 }}", "too large a number"),
]
ENDLESS = [
    "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "{% for a in range(100000) %}{% for b in range(100000) %}.{% endfor %}{% endfor %}",
]
BROKEN = [
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "calls or includes itself without end"),
    ("{% include 'journey.html' %}", "calls or includes itself without end"),
    ("{% extends 'journey.html' %}", "itself without end"),
    ("{{ 10.0 ** 1000 }}", "a number too large to compute"),
    ("{{ 1 / 0 }}", "division by zero"),
    ("{{ journey.title|int + 'a' }}", "TypeError"),
]


def _render(tmp_path, template: str | None, *args: str) -> tuple[subprocess.CompletedProcess, float]:
    """The render of map.journey.yaml with ``template`` as journey.html, and the seconds it took."""
    if template is not None:
        write(tmp_path, "t/journey.html", template)
    write(tmp_path, "map.journey.yaml", MINIMAL)
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("JOURNEYCTL_DEBUG", None)
    command = [sys.executable, "-m", "journeyctl", "render", "map.journey.yaml", "-f", "html", "--templates", "t", *args]
    start = time.monotonic()
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert "Traceback" not in done.stderr
    return done, time.monotonic() - start


@pytest.mark.parametrize(("template", "words"), HUGE, ids=range(len(HUGE)))
def test_a_template_that_would_write_too_much_is_stopped(tmp_path, template, words):
    result, seconds = _render(tmp_path, template, "-o", "map.html")
    assert result.returncode == 2, result.stderr
    assert "template t/journey.html" in result.stderr or "template journey.html" in result.stderr
    assert words in result.stderr
    assert seconds < 30
    assert not (tmp_path / "map.html").exists()


@pytest.mark.parametrize("template", ENDLESS, ids=["silent", "printing"])
def test_a_template_that_loops_for_ever_is_stopped_by_the_timeout(tmp_path, template):
    result, seconds = _render(tmp_path, template, "-o", "map.html", "--timeout", "3")
    assert result.returncode == 2, result.stderr
    assert "ran out of time" in result.stderr
    assert seconds < 20
    assert not (tmp_path / "map.html").exists()


def test_the_timeout_covers_a_whole_site(tmp_path):
    result, seconds = _render(tmp_path, ENDLESS[0], "-o", "site/", "--timeout", "3")
    assert result.returncode == 2, result.stderr
    assert "ran out of time" in result.stderr
    assert seconds < 20
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(("template", "words"), BROKEN, ids=["macro", "include", "extends", "overflow", "zero", "type"])
def test_a_template_that_fails_while_running_is_a_plain_exit_2(tmp_path, template, words):
    result, _ = _render(tmp_path, template, "-o", "map.html")
    assert result.returncode == 2, result.stderr
    assert words in result.stderr
    assert "internal error" not in result.stderr
    assert not (tmp_path / "map.html").exists()


def test_the_memory_a_template_takes_is_bounded(tmp_path):
    """Doubling a text in a loop stops at the page's size, long before the machine's memory."""
    write(tmp_path, "t/journey.html", "{% set ns = namespace(s='a') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}")
    write(tmp_path, "map.journey.yaml", MINIMAL)
    code = (
        "import resource, subprocess, sys;"
        "done = subprocess.run([sys.executable, '-m', 'journeyctl', 'render', 'map.journey.yaml', '-f', 'html', '--templates', 't', '-o', 'map.html'], capture_output=True);"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    code, peak_kib = (int(x) for x in done.stdout.split())
    assert code == 2
    assert peak_kib < 1024 * 1024  # under a gigabyte; without the bound it grows until the machine gives out


def test_a_template_linked_from_outside_its_folder_is_refused(tmp_path):
    write(tmp_path, "elsewhere/secret.html", "SECRET {{ journey.title }}")
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "journey.html").symlink_to(tmp_path / "elsewhere" / "secret.html")
    result, _ = _render(tmp_path, None, "-o", "map.html")
    assert result.returncode == 2
    assert "a link to a file outside the template folder" in result.stderr
    assert not (tmp_path / "map.html").exists()


def test_a_template_linked_inside_its_folder_is_used(tmp_path):
    write(tmp_path, "t/mine/page.html", "MINE {{ journey.title }}")
    (tmp_path / "t" / "journey.html").symlink_to(tmp_path / "t" / "mine" / "page.html")
    result, _ = _render(tmp_path, None, "-o", "map.html")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "map.html").read_text() == "MINE A minimal journey"


def test_the_time_bound_holds_outside_the_main_thread_too(tmp_path):
    """Off the main thread no timer signal can reach the template: the trace hook stops it instead."""
    import threading

    from journeyctl.render.html import TemplateError, environment, render_template

    write(tmp_path, "t/endless.html", ENDLESS[0])
    env = environment(tmp_path / "t")
    outcome: list[BaseException | str] = []

    def work() -> None:
        try:
            outcome.append(render_template(env, "endless.html", {}, time.monotonic() + 1))
        except TemplateError as error:
            outcome.append(error)

    start = time.monotonic()
    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert isinstance(outcome[0], TemplateError) and "ran out of time" in str(outcome[0])
    assert time.monotonic() - start < 20
