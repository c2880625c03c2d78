"""A journey whose every text field is a script, markup or template payload runs nothing.

tests/fixtures/xss.journey.yaml is rendered through the real command, as one
page and as a site, and opened in Chromium with traps set before any of the
page loads: ``window.__xss`` collects what a payload would push, and
``alert``, ``confirm``, ``prompt`` and ``print`` are replaced by recorders.
Each page is opened twice: as written, and with its Content-Security-Policy
switched off, so the escaping alone is what keeps every payload inert.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, run

FIXTURE = ROOT / "tests" / "fixtures" / "xss.journey.yaml"

TRAPS = """
window.__xss = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (...args) => { window.__xss.push(name); };
}
"""

INERT = """() => ({
  traps: window.__xss,
  scripts: document.scripts.length,
  embedded: document.querySelectorAll('iframe, object, embed, img, math, foreignObject, link[rel=stylesheet], body style, svg script').length,
  styles: document.querySelectorAll('style').length,
  handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name)),
  scriptLinks: [...document.querySelectorAll('[href], [src], [action], [data]')].filter(e =>
    ['href', 'src', 'action', 'data'].some(n => (e.getAttribute(n) || '').trim().toLowerCase().startsWith('javascript:'))).length,
  bodyShown: getComputedStyle(document.body).display !== 'none',
  text: document.body.innerText,
})"""


def payloads() -> set[str]:
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    return {text for text in strings(data) if any(mark in text for mark in ("<", "javascript:", "{{", "&lt;"))}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xss")
    page = run("render", str(FIXTURE), "--format", "html", "-o", str(folder / "page.html"))
    assert page.returncode == 0, page.err
    sources = tmp_path_factory.mktemp("xss-sources")
    shutil.copy(FIXTURE, sources / FIXTURE.name)
    site = run("render", str(sources), "--format", "html", "-o", f"{folder / 'site'}/")
    assert site.returncode == 0, site.err
    return folder


def test_fixture_holds_every_kind_of_payload():
    found = payloads()
    assert len(found) >= 15
    for needle in ("<script>", "onerror=", "javascript:", "<svg", "</style>", "</script>", "]]>", "-->", "{{"):
        assert any(needle in text for text in found), needle


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
@pytest.mark.parametrize("name", ["page.html", "site/index.html", "site/xss.html"])
def test_payloads_show_as_text_and_run_nothing(rendered, open_page, name, bypass_csp):
    visit = open_page(rendered, name, init_script=TRAPS, bypass_csp=bypass_csp)
    visit.page.wait_for_timeout(200)  # give a stray onload or onerror its chance
    state = visit.page.evaluate(INERT)
    assert visit.dialogs == []
    assert state["traps"] == []
    assert state["scripts"] == 0
    assert state["embedded"] == 0
    assert state["styles"] == 1
    assert state["handlers"] == []
    assert state["scriptLinks"] == 0
    assert state["bodyShown"]
    assert visit.requests == []
    assert visit.page_errors == []
    assert visit.console_errors == []
    if name != "site/index.html":  # the index shows only the title, owner and persona names
        missing = [text for text in payloads() if text not in state["text"]]
        assert missing == [], "every payload is on the page as text"
    else:
        title = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["title"]
        assert title in state["text"]
