"""`journeyctl render --format html`: the page, the site, templates and safety, without a browser.

What a browser shows is tested in tests/browser/; here the HTML itself is
parsed and held to what it promises.
"""

from __future__ import annotations

import hashlib
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import EXAMPLES, MINIMAL, ROOT, run, write

from journeyctl.checker import check

EXAMPLE_JOURNEYS = sorted(EXAMPLES.glob("*.journey.yaml"))
XSS = ROOT / "tests" / "fixtures" / "xss.journey.yaml"

# Every tag the default templates write, the embedded flow diagram's included.
PAGE_TAGS = {
    "html", "head", "meta", "link", "title", "style", "body", "a", "header", "nav", "main", "footer", "section",
    "div", "p", "h1", "h2", "h3", "h4", "dl", "dt", "dd", "ul", "li", "strong", "code", "span", "article",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "details", "summary", "figure",
    "svg", "g", "path", "rect", "line", "text", "tspan", "desc", "polygon", "polyline", "ellipse", "defs",
    "q", "cite", "blockquote",
}

BLUEPRINT = """\
version: 1
id: repair
title: Gets a phone repaired
personas:
  - id: sam
    name: Sam
stages:
  - id: book
    name: Book
  - id: wait
    name: Wait
  - id: collect
    name: Collect
touchpoints:
  - id: books-online
    name: Books a repair online
    stage: book
    emotion: 1
    next: [confirms]
  - id: confirms
    name: Confirmation screen
    stage: book
    lane: frontstage
    next: [schedules]
  - id: schedules
    name: Schedules a technician
    stage: book
    lane: backstage
    next: [parts]
  - id: parts
    name: Orders parts
    stage: book
    lane: support
    next: [picks-up]
  - id: picks-up
    name: Picks up the phone
    stage: collect
    emotion: {score: 2, label: relieved}
    end: true
"""


class Page(HTMLParser):
    """Every tag with its attributes, and the text as a reader gets it."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.current = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.current = tag

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        if self.current not in ("style", "title"):  # the reader sees neither the stylesheet nor the tab title
            self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())]


def render_page(tmp_path: Path, source: Path, *args: str) -> str:
    out = tmp_path / f"{source.name}.html"
    result = run("render", str(source), "--format", "html", "-o", str(out), *args)
    assert result.returncode == 0, result.err
    assert result.out.strip() == str(out)
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("source", EXAMPLE_JOURNEYS, ids=lambda p: p.name)
def test_example_page_shows_the_whole_journey(tmp_path, source):
    page = Page(render_page(tmp_path, source))
    journey = next(d.journey for d in check([str(source)]).documents if d.journey is not None)
    text = page.all_text
    for stage in journey.stages:
        assert stage.name in text
    for touchpoint in journey.touchpoints:
        assert len(page.find("article", data_touchpoint=touchpoint.id)) == 1  # one grid, for the screen and for print
        assert touchpoint.name in text
        for words in [*touchpoint.actions, *touchpoint.thoughts, *touchpoint.pain_points, *touchpoint.opportunities]:
            assert words in text
    for persona in journey.personas:
        assert page.find("article", data_persona=persona.id)
        assert all(goal in text for goal in persona.goals)
    for stage in journey.stages:
        for kpi in stage.kpis:
            assert kpi.name in text
            assert kpi.target is None or f"target {kpi.target}" in text
            assert kpi.current is None or f"now {kpi.current}" in text
    assert journey.title in text


@pytest.mark.parametrize("source", EXAMPLE_JOURNEYS, ids=lambda p: p.name)
def test_page_is_self_contained_and_deterministic(tmp_path, source):
    first = render_page(tmp_path / "a", source)
    again = render_page(tmp_path / "b", source)
    assert first == again
    page = Page(first)
    tags = {tag for tag, _ in page.tags}
    assert tags <= PAGE_TAGS, tags - PAGE_TAGS
    assert "script" not in tags
    assert len(page.find("style")) == 1
    policy = page.find("meta", http_equiv="Content-Security-Policy")
    assert policy and "default-src 'none'" in policy[0]["content"]
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), tag
        for name in ("src", "href", "xlink:href", "action"):
            value = attrs.get(name)
            assert value is None or value.startswith("#") or value == "data:,", (tag, name, value)
    assert not re.search(r"\b20\d\d-\d\d-\d\d", first), "no timestamps in the page"


def test_xss_fixture_stays_text_in_the_markup(tmp_path):
    page = Page(render_page(tmp_path, XSS))
    tags = {tag for tag, _ in page.tags}
    assert tags <= PAGE_TAGS, tags - PAGE_TAGS
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not any("javascript:" in value.lower() for name, value in attrs.items() if value and name in ("href", "src", "data", "action")), (tag, attrs)
    assert '<script>window.__xss.push("script")</script>' in page.all_text
    assert "{{ 7*7 }}" in page.all_text and "49" not in page.all_text


def test_persona_page_keeps_that_persona(tmp_path):
    source = EXAMPLES / "retail-first-purchase.journey.yaml"
    page = Page(render_page(tmp_path, source, "--persona", "leo-careful-saver"))
    assert page.find("article", data_touchpoint="visits-store")  # only Leo checks the rug in a store
    assert [a["data-persona"] for t, a in page.tags if "data-persona" in a] == ["leo-careful-saver"]
    lines = [a for t, a in page.tags if t == "g" and "data-line" in a]
    assert {a["data-personas"] for a in lines} == {"leo-careful-saver"}  # one line
    assert "wary of hidden costs" in page.all_text  # Leo's own feeling, not the general one


def test_unknown_persona_is_a_usage_error(tmp_path):
    result = run("render", str(EXAMPLES / "retail-first-purchase.journey.yaml"), "--format", "html", "--persona", "nobody", "-o", str(tmp_path / "x.html"))
    assert result.returncode == 2
    assert 'no persona "nobody"' in result.err
    assert not (tmp_path / "x.html").exists()


def test_blueprint_lanes_lines_and_branches(tmp_path):
    source = write(tmp_path, "repair.journey.yaml", BLUEPRINT)
    text = render_page(tmp_path, source)
    page = Page(text)
    assert "Service blueprint" in page.all_text
    for name in ("Line of interaction", "Line of visibility", "Line of internal interaction"):
        assert page.find("tr", data_line=name)
    for lane, touchpoint in [("frontstage", "confirms"), ("backstage", "schedules"), ("support", "parts")]:
        row = text.split(f'data-lane="{lane}"', 1)[1].split("</tr>", 1)[0]
        assert f'data-touchpoint="{touchpoint}"' in row
    # The curve joins the two customer steps through the backstage ones, which have no emotion.
    assert page.find("g", data_line="sam")
    assert re.search(r'<path class="curve" d="M108 74C', text)
    # A stage without touchpoints still gets its column.
    assert len(page.find("th", data_stage="wait")) == 1


def test_journey_without_emotions_or_personas(tmp_path):
    source = write(tmp_path, "minimal.journey.yaml", MINIMAL)
    text = render_page(tmp_path, source)
    page = Page(text)
    assert not page.find("svg", class_="emotion-chart")
    assert "Personas" not in page.all_text
    assert "Sees an ad" in page.all_text


def test_lines_follow_the_flow_with_dashes_for_conditions(tmp_path):
    source = write(tmp_path, "branch.journey.yaml", """\
version: 1
id: branch
title: A journey with a branch
stages: [{id: s, name: Only stage}]
touchpoints:
  - {id: a, name: Start, stage: s, emotion: 0, next: [b, {to: c, condition: card declined}]}
  - {id: b, name: Pays, stage: s, emotion: 1, next: [d]}
  - {id: c, name: Retries, stage: s, emotion: -2, next: [a]}
  - {id: d, name: Done, stage: s, emotion: 2, end: true}
""")
    text = render_page(tmp_path, source)
    line = text.split('data-line="all"', 1)[1].split("</g>", 1)[0]
    solid = re.search(r'<path class="curve" d="([^"]+)"', line).group(1)
    dashed = re.search(r'<path class="curve dashed" d="([^"]+)"', line).group(1)
    assert solid.count("M") == 2  # a to b, b to d
    assert dashed.count("M") == 1  # a to c, only when the card is declined
    assert dashed.startswith("M108 108C")  # from Start (column 0, score 0) ...
    assert dashed.endswith("540 176")  # ... down to Retries (column 2, score -2); the way back is not drawn
    assert "Only if card declined" in text
    assert "All customers" in text


def test_templates_replace_the_defaults_by_name(tmp_path):
    templates = tmp_path / "house"
    write(templates, "journey.html", '{% extends "default/journey.html" %}{% block title %}House: {{ journey.title }}{% endblock %}')
    write(templates, "style.css", "/* house style */ body { font-family: serif; }")
    source = EXAMPLES / "retail-first-purchase.journey.yaml"
    text = render_page(tmp_path, source, "--templates", str(templates))
    assert "<title>House: First online purchase at Larkspur Home</title>" in text
    assert "/* house style */" in text
    assert "persona-cards" in text  # the rest is the default page
    assert ".card {" not in text  # the default stylesheet is replaced, not added to


def test_user_templates_escape_and_run_sandboxed(tmp_path):
    templates = tmp_path / "mine"
    write(templates, "journey.html", "<h1>{{ journey.title }}</h1><p>{{ journey.description }}</p>")
    source = write(tmp_path, "x.journey.yaml", MINIMAL.replace("title: A minimal journey", 'title: "<b onclick=x()>bold</b>"\ndescription: "</p><script>alert(1)</script>"'))
    text = render_page(tmp_path, source, "--templates", str(templates))
    assert text == "<h1>&lt;b onclick=x()&gt;bold&lt;/b&gt;</h1><p>&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>"

    for body in ("{{ journey.__class__.__mro__ }}", "{{ ''.__class__.__subclasses__() }}", "{{ cycler.__init__.__globals__ }}"):
        write(templates, "journey.html", body)
        result = run("render", str(source), "--format", "html", "--templates", str(templates), "-o", str(tmp_path / "out.html"))
        assert result.returncode == 2, body
        assert "journey.html" in result.err and "unsafe" in result.err, result.err


@pytest.mark.parametrize(
    "body, message",
    [
        ("{% for x in journey.stages %}", "journey.html, line 1: syntax error"),
        ("{{ nothing_here }}", "journey.html, line 1: 'nothing_here' is undefined"),
        ('{% include "missing.html" %}', "template missing.html: no such template"),
    ],
)
def test_broken_templates_are_usage_errors(tmp_path, body, message):
    templates = tmp_path / "broken"
    write(templates, "journey.html", body)
    out = tmp_path / "out.html"
    result = run("render", str(EXAMPLES / "retail-first-purchase.journey.yaml"), "--format", "html", "--templates", str(templates), "-o", str(out))
    assert result.returncode == 2
    assert message in result.err
    assert not out.exists()


def test_missing_template_folder(tmp_path):
    result = run("render", str(EXAMPLES), "--format", "html", "--templates", str(tmp_path / "nope"), "-o", f"{tmp_path}/site/")
    assert result.returncode == 2
    assert "no such folder" in result.err


def test_site_lists_every_file_and_draws_the_valid_journeys(tmp_path):
    folder = tmp_path / "maps"
    write(folder, "good.journey.yaml", MINIMAL)
    write(folder, "index.journey.yaml", MINIMAL.replace("id: minimal", "id: second").replace("A minimal journey", "The second one"))
    write(folder, "bad.journey.yaml", MINIMAL.replace("stage: awareness", "stage: nowhere").replace("A minimal journey", "Broken map"))
    write(folder, "people.library.yaml", "version: 1\nkind: library\npersonas: [{id: p, name: P}]\n")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    out = tmp_path / "site"
    result = run("render", str(folder), "--format", "html", "-o", f"{out}/")
    assert result.returncode == 1  # an input file is invalid; the site is written all the same
    assert sorted(result.out.split()) == sorted(str(out / name) for name in ("index.html", "good.html", "index-2.html"))
    assert sorted(p.name for p in out.iterdir()) == ["good.html", "index-2.html", "index.html"]  # no temporary files left
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()} == before

    index = (out / "index.html").read_text(encoding="utf-8")
    page = Page(index)
    assert {a["href"] for t, a in page.tags if t == "a" and a.get("href", "#")[0] != "#"} == {"good.html", "index-2.html"}
    bad = index.split(f'data-path="{folder}/bad.journey.yaml"', 1)[1].split("</tr>", 1)[0]
    assert "Broken map" in bad and "1 error" in bad and "R001" in bad and "href" not in bad
    assert "people.library.yaml" in index
    assert "All journeys" in (out / "good.html").read_text(encoding="utf-8")


def test_site_for_one_persona_skips_journeys_without_it(tmp_path):
    out = tmp_path / "site"
    result = run("render", str(EXAMPLES), "--format", "html", "--persona", "leo-careful-saver", "-o", f"{out}/")
    assert result.returncode == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "retail-first-purchase.html", "switch-mobile-plan.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'not drawn: the journey "saas-trial-to-paid" has no persona' in html.unescape(index)


def test_validate_never_imports_jinja(tmp_path):
    result = run("validate", str(EXAMPLES), env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert result.returncode == 0, result.err
    imported = {line.split("|")[-1].strip() for line in result.err.splitlines() if line.startswith("import time:")}
    assert "journeyctl.checker" in imported  # the profile is there
    assert not {name for name in imported if name.split(".")[0] in ("jinja2", "markupsafe", "playwright")}
