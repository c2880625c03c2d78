"""``x-`` extension data: kept with the part of the journey it was written in, shown when a
template asks for it, and no field (the schema, the hints and equality ignore it)."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest

from helpers import EXAMPLES, ROOT, run
from journeyctl.checker import check
from journeyctl.model import Journey, Persona, Stage, Touchpoint

LIBRARY = """\
version: 1
kind: library
id: shared
personas:
  - id: maya
    name: Maya
    x-crm-segment: parents
    x-owner: {team: research, since: "2024"}
channels:
  - id: web
    name: Web shop
    kind: digital
    x-analytics: GA-42
"""

JOURNEY = """\
version: 1
id: with-own-keys
title: A journey with the team's own keys
x-jira: CX-123
x-markup: <script>alert(1)</script> & "quotes"
imports:
  - path: shared.library.yaml
    personas: [maya]
    channels: [web]
personas:
  - id: local
    name: Local person
    x-note: written here
stages:
  - id: purchase
    name: Purchase
    x-dashboard: https://analytics.example.com/checkout
  - id: after
    name: After
touchpoints:
  - id: pays
    name: Pays by card
    stage: purchase
    channel: web
    next: [thanks]
    x-jira: CX-7
    x-research:
      interviews: 14
      source: <b>checkout study</b>
    x-tags: [a, b]
  - id: thanks
    name: Reads the thank-you page
    stage: after
    end: true
    description:
"""

# A template that shows every part's x- data, so the page says what a template sees.
TEMPLATE = """\
<!doctype html>
<ul>
<li>journey|{{ journey.extensions["x-jira"] }}|{{ journey.extensions["x-markup"] }}</li>
{% for p in journey.personas %}<li>persona {{ p.id }}|{{ p.extensions.get("x-crm-segment", "-") }}|{{ p.extensions.get("x-note", "-") }}</li>
{% endfor %}{% for s in journey.stages %}<li>stage {{ s.id }}|{{ s.extensions.get("x-dashboard", "-") }}</li>
{% for tp in s.touchpoints %}<li>touchpoint {{ tp.id }}|{{ tp.extensions.get("x-jira", "-") }}|{{ tp.extensions["x-research"].source if "x-research" in tp.extensions else "-" }}|{{ tp.extensions.get("x-tags", [])|join("+") }}</li>
{% endfor %}{% endfor %}</ul>
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "shared.library.yaml").write_text(LIBRARY, encoding="utf-8")
    (tmp_path / "with-own-keys.journey.yaml").write_text(JOURNEY, encoding="utf-8")
    return tmp_path


def checked(folder: Path):
    """The journey as validate builds it, imports merged in."""
    seen = []
    report = check([str(folder / "with-own-keys.journey.yaml")], lambda doc: seen.append((doc.kind, doc.valid, doc.journey)))
    assert not report.usage_errors
    [(_, valid, journey)] = [item for item in seen if item[0] == "journey"]
    assert valid and journey is not None
    return journey


def test_each_part_keeps_its_own_x_keys(folder):
    journey = checked(folder)
    assert dict(journey.extensions) == {"x-jira": "CX-123", "x-markup": '<script>alert(1)</script> & "quotes"'}
    purchase, after = journey.stages
    assert dict(purchase.extensions) == {"x-dashboard": "https://analytics.example.com/checkout"}
    assert dict(after.extensions) == {}
    pays, thanks = journey.touchpoints
    assert pays.extensions["x-jira"] == "CX-7"
    assert pays.extensions["x-research"] == {"interviews": "14", "source": "<b>checkout study</b>"}
    assert pays.extensions["x-tags"] == ["a", "b"]
    assert list(pays.extensions) == ["x-jira", "x-research", "x-tags"]  # the order as written
    assert dict(thanks.extensions) == {} and thanks.description is None  # a blank key is still left out
    personas = {p.id: p for p in journey.personas}
    assert dict(personas["local"].extensions) == {"x-note": "written here"}
    # imported from the library: the library's own x- data comes along
    assert dict(personas["maya"].extensions) == {"x-crm-segment": "parents", "x-owner": {"team": "research", "since": "2024"}}
    [web] = journey.channels
    assert dict(web.extensions) == {"x-analytics": "GA-42"}


def test_extensions_are_read_only_and_survive_copies(folder):
    journey = checked(folder)
    with pytest.raises(TypeError, match="read-only"):
        journey.extensions["x-jira"] = "changed"
    with pytest.raises(TypeError, match="read-only"):
        journey.touchpoints[0].extensions.update({"x-new": 1})
    assert journey.extensions["x-jira"] == "CX-123"
    for twin in (copy.deepcopy(journey), pickle.loads(pickle.dumps(journey)), journey.model_copy(update={"title": "Other"})):
        assert dict(twin.extensions) == dict(journey.extensions)
        assert twin.touchpoints[0].extensions["x-tags"] == ["a", "b"]


def test_extensions_are_no_field():
    data = {"id": "s", "name": "S", "x-dashboard": "d"}
    stage = Stage.model_validate(data)
    assert "extensions" not in Stage.model_fields and "x-dashboard" not in stage.model_dump()
    assert stage == Stage.model_validate({"id": "s", "name": "S"})  # x- data does not make two stages differ
    assert stage != Stage.model_validate({"id": "s", "name": "Other"})
    assert dict(Touchpoint.model_validate({"id": "t", "name": "T", "stage": "s"}).extensions) == {}
    assert dict(Persona.model_validate({"id": "p", "name": "P", "x-a": None}).extensions) == {"x-a": None}
    assert "extensions" not in str(Journey.model_json_schema())


def test_an_unknown_key_is_still_refused_and_hints_do_not_offer_extensions(tmp_path):
    path = tmp_path / "bad.journey.yaml"
    text = JOURNEY.replace("imports:\n  - path: shared.library.yaml\n    personas: [maya]\n    channels: [web]\n", "").replace("    channel: web\n", "")
    path.write_text(text.replace("    x-dashboard:", "    extensionz:"), encoding="utf-8")
    result = run("validate", str(path))
    assert result.returncode == 1
    assert f'{path}:13:5: error S001 unknown key "extensionz" in the stage "purchase"' in result.out
    assert "extensions" not in result.out  # not a key of the format, so never suggested


def test_a_template_shows_each_parts_x_data_escaped(folder, tmp_path):
    templates = tmp_path / "my-templates"
    templates.mkdir()
    (templates / "journey.html").write_text(TEMPLATE, encoding="utf-8")
    out = tmp_path / "page.html"
    result = run("render", str(folder / "with-own-keys.journey.yaml"), "--format", "html", "--templates", str(templates), "-o", str(out))
    assert result.returncode == 0, result.out + result.err
    page = out.read_text(encoding="utf-8")
    assert page == (
        "<!doctype html>\n<ul>\n"
        "<li>journey|CX-123|&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;</li>\n"
        "<li>persona maya|parents|-</li>\n"
        "<li>persona local|-|written here</li>\n"
        "<li>stage purchase|https://analytics.example.com/checkout</li>\n"
        "<li>touchpoint pays|CX-7|&lt;b&gt;checkout study&lt;/b&gt;|a+b</li>\n"
        "<li>stage after|-</li>\n"
        "<li>touchpoint thanks|-|-|</li>\n"
        "</ul>\n"
    )
    again = tmp_path / "again.html"
    run("render", str(folder / "with-own-keys.journey.yaml"), "--format", "html", "--templates", str(templates), "-o", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_a_template_cannot_change_the_x_data(folder, tmp_path):
    templates = tmp_path / "my-templates"
    templates.mkdir()
    (templates / "journey.html").write_text('{% set _ = journey.extensions.update({"x-jira": "mine"}) %}{{ journey.extensions["x-jira"] }}', encoding="utf-8")
    result = run("render", str(folder / "with-own-keys.journey.yaml"), "--format", "html", "--templates", str(templates), "-o", str(tmp_path / "p.html"))
    assert result.returncode == 2
    assert "journey.html, line 1: TypeError: the x- data of a journey is read-only" in result.err
    assert not (tmp_path / "p.html").exists()


def test_a_missing_x_key_is_an_error_unless_the_template_asks_with_get(folder, tmp_path):
    templates = tmp_path / "my-templates"
    templates.mkdir()
    page = templates / "journey.html"
    journey = str(folder / "with-own-keys.journey.yaml")
    page.write_text('{% for tp in journey.touchpoints %}{% if tp.extensions["x-jira"] %}{{ tp.extensions["x-jira"] }};{% endif %}{% endfor %}', encoding="utf-8")
    result = run("render", journey, "--format", "html", "--templates", str(templates), "-o", "-")
    assert result.returncode == 2 and "x-jira" in result.err  # strict: "thanks" has no x-jira
    page.write_text('{% for tp in journey.touchpoints %}{% if "x-jira" in tp.extensions %}{{ tp.extensions["x-jira"] }};{% endif %}{% endfor %}', encoding="utf-8")
    result = run("render", journey, "--format", "html", "--templates", str(templates), "-o", "-")
    assert result.returncode == 0 and result.out == "CX-7;"


def test_the_built_in_page_ignores_x_data(folder, tmp_path):
    """The same journey with and without its x- keys renders to the same bytes."""
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "shared.library.yaml").write_text("\n".join(l for l in LIBRARY.splitlines() if not l.strip().startswith("x-")) + "\n", encoding="utf-8")
    lines, skip = [], False
    for line in JOURNEY.splitlines():
        if line.strip().startswith("x-"):
            skip = line.rstrip().endswith(":")
            continue
        if skip and line.startswith("      "):
            continue
        skip = False
        lines.append(line)
    (plain / "with-own-keys.journey.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pages = []
    for where in (folder, plain):
        out = tmp_path / f"{where.name}.html"
        result = run("render", str(where / "with-own-keys.journey.yaml"), "--format", "html", "-o", str(out))
        assert result.returncode == 0, result.out + result.err
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


def _git(repo: Path, *args: str) -> None:
    import subprocess

    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo, capture_output=True, check=True)


def test_diff_does_not_count_x_data_as_a_change(tmp_path):
    """x- data is free-form: changing it in every part is no change to the journey."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    map_file = repo / "with-own-keys.journey.yaml"
    without_imports = JOURNEY.replace("imports:\n  - path: shared.library.yaml\n    personas: [maya]\n    channels: [web]\n", "")
    map_file.write_text(without_imports.replace("    channel: web\n", ""), encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "first")
    edited = map_file.read_text(encoding="utf-8")
    for old, new in (("CX-123", "CX-999"), ("written here", "written elsewhere"), ("checkout\n", "other\n"), ("interviews: 14", "interviews: 15"), ("[a, b]", "[c]")):
        assert old in edited
        edited = edited.replace(old, new)
    map_file.write_text(edited + "x-added: new\n", encoding="utf-8")
    result = run("diff", cwd=repo)
    assert (result.returncode, result.out) == (0, "Comparing HEAD with the working tree\n\nno change in the journeys\n")
    map_file.write_text(edited.replace("name: Local person", "name: Someone else"), encoding="utf-8")
    result = run("diff", cwd=repo)
    assert result.returncode == 1 and "Someone else" in result.out


def test_a_template_reaches_each_channels_x_data(folder, tmp_path):
    templates = tmp_path / "my-templates"
    templates.mkdir()
    (templates / "journey.html").write_text(
        '{% for c in journey.channels %}{{ c.id }}={{ c.extensions.get("x-analytics", "-") }};{% endfor %}'
        '{% for tp in journey.touchpoints %}{{ tp.id }}:{% for c in tp.channels %}{{ c.extensions|length }}{% endfor %};{% endfor %}',
        encoding="utf-8",
    )
    result = run("render", str(folder / "with-own-keys.journey.yaml"), "--format", "html", "--templates", str(templates), "-o", "-")
    assert result.returncode == 0, result.err
    assert result.out == "web=GA-42;pays:1;thanks:;"


def test_a_missing_x_key_is_named_in_plain_words_at_its_template_line(folder, tmp_path):
    templates = tmp_path / "my-templates"
    templates.mkdir()
    page = templates / "journey.html"
    journey = str(folder / "with-own-keys.journey.yaml")
    cases = [
        ('{% for tp in journey.touchpoints %}\n{{ tp.extensions["x-jira"] }}{% endfor %}', 'line 2: the touchpoint "thanks" has no x-jira'),
        ('{% for s in journey.stages %}{{ s.extensions["x-dashboard"] }}{% endfor %}', 'line 1: the stage "after" has no x-dashboard'),
        ('{% for c in journey.channels %}\n\n{{ c.extensions["x-owner"] }}{% endfor %}', 'line 3: the channel "web" has no x-owner'),
        ('{{ journey.extensions["x-team"] }}', 'line 1: the journey "with-own-keys" has no x-team'),
    ]
    for text, said in cases:
        page.write_text(text, encoding="utf-8")
        out = tmp_path / "p.html"
        result = run("render", journey, "--format", "html", "--templates", str(templates), "-o", str(out))
        assert result.returncode == 2, result.err
        assert f"template {page}, {said};" in result.err
        assert 'extensions.get("' in result.err
        assert "journeyctl.model" not in result.err and "Traceback" not in result.err and "object" not in result.err
        assert not out.exists()
