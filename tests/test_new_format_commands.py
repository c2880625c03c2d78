"""The format's additions (several entries and channels, serves, parallel, phases, time, fail and
wait points, physical evidence, custom rows, sources, the backlog, persona expectations, the
scenario) through every command, for real: validate, render, analyze, diff, fmt, init, convert.

One map uses every new key; each test runs the real command on it and looks for the new data
where that command should show it. The event log is built so that every figure is known.
"""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers import run, write

MAP = """\
version: 1
id: switch
title: Switching to a cheaper plan
scenario: Ana switches to a cheaper plan before her contract ends
quotes:
  - I just want to pay less
  - text: Why do I have to call to switch?
    source: interviews, May 2026
    link: https://example.com/research/switch-calls
owner: Plans team
entry: [sees-offer, visits-shop]
personas:
  - id: ana
    name: Ana, the careful saver
    goals: [Pay less for the same data]
    needs: [A price she can compare]
    expectations: [A clear price before she commits, No call centre]
  - id: ben
    name: Ben, the shop regular
    goals: [Keep his number]
    needs: [Someone to ask]
channels:
  - {id: shop, name: Shop, kind: physical}
  - {id: social, name: Social media}
  - {id: web, name: Website}
  - {id: app, name: Mobile app}
  - {id: support-chat, name: Support chat}
phases:
  - {id: deciding, name: Deciding, stages: [discover, choose]}
  - {id: doing, name: Doing, stages: [switch]}
rows:
  - {id: systems, name: Systems}
stages:
  - id: discover
    name: Discover
    time: {duration: 1w, frequency: once a year}
  - id: choose
    name: Choose
  - id: switch
    name: Switch
touchpoints:
  - id: visits-shop
    name: Visits a shop
    stage: discover
    channel: shop
    personas: [ben]
    emotion: 0
    events: shop_visit
    next: compares
  - id: sees-offer
    name: Sees the offer
    stage: discover
    channels: [social, web]
    thoughts:
      - text: Is this cheaper than what I pay?
        source: interviews, May 2026
    emotion: {score: 1, label: curious, source: diary study, link: https://example.com/research/diary}
    pain_points:
      - text: The offer hides the contract length
        source: NPS survey Q3
        link: https://example.com/research/nps-q3
    opportunities: [Say the contract length in the offer]
    events: offer_seen
    next: compares
  - id: compares
    name: Compares plans
    stage: choose
    channels: [app, web]
    emotion: {score: -1, label: unsure}
    time: {duration: 10m, wait: 2m, frequency: every switch}
    fail_points: [The price table does not load]
    wait_points:
      - {text: Waits for the credit check, source: analytics}
    physical_evidence: [The price table]
    rows: {systems: [Price engine, Plan catalogue]}
    parallel: true
    events: plans_compared
    next: [orders-plan, asks-chat]
  - id: asks-chat
    name: Asks in the chat
    stage: choose
    channels: [app, support-chat]
    emotion: -1
    events: chat_started
    next: orders-plan
  - id: checks-credit
    name: Checks the credit score
    stage: choose
    lane: backstage
    team: Risk
    serves: [compares, orders-plan]
    rows: {systems: Credit bureau}
  - id: orders-plan
    name: Orders the new plan
    stage: switch
    channel: web
    emotion: {score: 2, label: relieved}
    physical_evidence: [The confirmation email]
    events: plan_ordered
    end: true
opportunities:
  - title: Show the contract length on the offer
    owner: Marketing
    measure: switch completion +10%
    touchpoints: [sees-offer, compares]
analytics:
  conversion: orders-plan
"""

# Who did what. Converters: c1 (offer, compare, order), c2 (offer, compare, chat, order),
# c4 (shop, compare, order). c3 stops after comparing; c5 sees the offer and goes straight to
# the chat (a step the map lacks); c6 visits the shop and clicks a banner the map does not know.
EVENTS = """\
customer_id,timestamp,event,channel
c1,2026-05-01T10:00:00,offer_seen,social
c1,2026-05-01T10:10:00,plans_compared,app
c1,2026-05-01T10:20:00,plan_ordered,web
c2,2026-05-02T10:00:00,offer_seen,web
c2,2026-05-02T10:10:00,plans_compared,web
c2,2026-05-02T10:20:00,chat_started,support-chat
c2,2026-05-02T11:00:00,plan_ordered,web
c3,2026-05-03T10:00:00,offer_seen,web
c3,2026-05-03T10:30:00,plans_compared,app
c4,2026-05-04T10:00:00,shop_visit,shop
c4,2026-05-04T12:00:00,plans_compared,app
c4,2026-05-04T13:00:00,plan_ordered,web
c5,2026-05-05T10:00:00,offer_seen,social
c5,2026-05-05T10:05:00,chat_started,support-chat
c6,2026-05-06T10:00:00,shop_visit,shop
c6,2026-05-06T10:05:00,banner_clicked,web
"""

NAME = "switch.journey.yaml"
LINE = {key: MAP.splitlines().index(text) + 1 for key, text in {"sees-offer": "  - id: sees-offer", "checks-credit": "  - id: checks-credit", "compares": "  - id: compares"}.items()}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("switch")
    write(root, NAME, MAP)
    write(root, "events.csv", EVENTS)
    return root


def card(html: str, touchpoint: str) -> str:
    """The card of one touchpoint on the journey-map page."""
    start = html.index(f'<article class="card" id="tp-{touchpoint}"')
    return html[start : html.index("</article>", start)]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# -- validate ------------------------------------------------------------------------------


def test_validate_is_clean_in_every_format(folder):
    text = run("validate", "--fail-on", "info", NAME, cwd=folder)
    assert (text.returncode, text.out) == (0, "Checked 1 file: no problems.\n")
    report = json.loads(run("validate", "--format", "json", "--fail-on", "info", NAME, cwd=folder).out)
    assert report["problems"] == []
    sarif = json.loads(run("validate", "--format", "sarif", NAME, cwd=folder).out)
    assert sarif["runs"][0]["results"] == []
    junit = ET.fromstring(run("validate", "--format", "junit", NAME, cwd=folder).out)
    assert [case.find("failure") for case in junit.iter("testcase")] == [None] * len(list(junit.iter("testcase")))
    github = run("validate", "--format", "github", NAME, cwd=folder)
    assert (github.returncode, [line for line in github.out.splitlines() if line.startswith("::")]) == (0, [])


BROKEN = (
    MAP.replace("    serves: [compares, orders-plan]\n", "    serves: [compare, orders-plan]\n")
    .replace("    channels: [app, support-chat]\n", "    channel: app\n    channels: [app, support-chat]\n")
    .replace("    rows: {systems: Credit bureau}\n", "    rows: {system: Credit bureau}\n")
)


def test_validate_locates_mistakes_in_the_new_keys_in_every_format(folder):
    write(folder, "broken.journey.yaml", BROKEN)
    lines = BROKEN.splitlines()
    serves = lines.index("    serves: [compare, orders-plan]") + 1
    rows = lines.index("    rows: {system: Credit bureau}") + 1
    channel = lines.index("    channels: [app, support-chat]") + 1
    result = run("validate", "--format", "json", "broken.journey.yaml", cwd=folder)
    assert result.returncode == 1
    report = json.loads(result.out)
    found = {(p["line"], p["code"]) for p in report["problems"] if p["level"] == "error"}
    assert {(serves, "R001"), (rows, "R001")} <= found, report["problems"]
    assert any(line in (channel, channel - 1) and c == "S004" for line, c in found), report["problems"]
    serves_problem = next(p for p in report["problems"] if p["line"] == serves)
    assert serves_problem["column"] == lines[serves - 1].index("compare") + 1
    assert "compares" in serves_problem["hint"]  # did you mean
    text = run("validate", "broken.journey.yaml", cwd=folder)
    assert text.returncode == 1
    assert f"broken.journey.yaml:{serves}:{serves_problem['column']}: error R001" in text.out
    sarif = json.loads(run("validate", "--format", "sarif", "broken.journey.yaml", cwd=folder).out)
    regions = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in sarif["runs"][0]["results"]}
    assert {("R001", serves), ("R001", rows)} <= regions
    github = run("validate", "--format", "github", "broken.journey.yaml", cwd=folder).out
    assert f"::error file=broken.journey.yaml,line={serves},col={serves_problem['column']}," in github
    junit = run("validate", "--format", "junit", "broken.journey.yaml", cwd=folder).out
    failures = [f.get("message", "") + (f.text or "") for f in ET.fromstring(junit).iter("failure")]
    assert len(failures) == 1 and 'message="3 problems' in junit
    assert f"broken.journey.yaml:{serves}:{serves_problem['column']}: error R001" in failures[0] and f"broken.journey.yaml:{rows}:" in failures[0] and "S004" in failures[0]


# -- render --------------------------------------------------------------------------------


def test_render_diagrams_show_channels_phases_times_and_serves(folder):
    for fmt in ("dot", "svg", "png", "pdf"):
        result = run("render", NAME, "--format", fmt, "-o", f"flow.{fmt}", cwd=folder)
        assert (result.returncode, result.out) == (0, f"flow.{fmt}\n"), result.err
    dot = (folder / "flow.dot").read_text(encoding="utf-8")
    svg = (folder / "flow.svg").read_text(encoding="utf-8")
    for drawing in (dot, svg):
        assert "Social media · Website" in drawing  # both channels of sees-offer on its node
        assert "Mobile app · Support chat" in drawing
        assert "Deciding" in drawing and "Doing" in drawing  # the phases over the stages
        assert "Checks the credit score" in drawing
    assert (folder / "flow.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert (folder / "flow.pdf").read_bytes().startswith(b"%PDF-")
    result = run("render", NAME, "--view", "blueprint", "-o", "blueprint.svg", cwd=folder)
    assert result.returncode == 0, result.err
    blueprint = (folder / "blueprint.svg").read_text(encoding="utf-8")
    assert 'class="edge serves"' in blueprint  # checks-credit serves compares and orders-plan
    assert blueprint.count('class="edge serves"') == 2
    for words in ("Systems", "Price engine", "Credit bureau", "The confirmation email", "1 fail point", "1 wait point", "Social media · Website"):
        assert words in blueprint, words


def test_render_page_shows_every_addition(folder):
    result = run("render", NAME, "--format", "html", "-o", "page.html", cwd=folder)
    assert result.returncode == 0, result.err
    html = (folder / "page.html").read_text(encoding="utf-8")
    words = text_of(html)
    assert "Scenario Ana switches to a cheaper plan before her contract ends" in words
    assert "I just want to pay less" in words and "Why do I have to call to switch?" in words
    assert '<a href="https://example.com/research/switch-calls" rel="noreferrer">interviews, May 2026</a>' in html
    assert "Expectations A clear price before she commits No call centre" in words
    # both entries carry the start mark, and only they do
    assert [tp for tp in ("visits-shop", "sees-offer", "compares", "asks-chat", "checks-credit", "orders-plan") if "▶ Start" in card(html, tp)] == ["visits-shop", "sees-offer"]
    assert '<span class="phase-name">Deciding</span>' in html and '<span class="phase-name">Doing</span>' in html
    compares = text_of(card(html, "compares"))
    assert "takes 10 minutes · waits 2 minutes · every switch" in compares
    assert "The price table does not load" in compares and "Waits for the credit check analytics" in compares
    assert "Serves Compares plans , Orders the new plan" in text_of(card(html, "checks-credit"))
    assert '<a href="https://example.com/research/diary" rel="noreferrer">diary study</a>' in card(html, "sees-offer")
    assert '<a href="https://example.com/research/nps-q3" rel="noreferrer">NPS survey Q3</a>' in html
    channels = html[html.index('<tr class="row-channels">') : html.index("</tr>", html.index('<tr class="row-channels">'))]
    cells = [re.findall(r'<span class="channel">([^<]+?) <span', cell) for cell in channels.split("<td")[1:]]
    assert cells == [["Shop"], ["Social media", "Website"], ["Mobile app", "Website"], ["Mobile app", "Support chat"], ["Website"]]  # each step's channels, in file order
    systems = text_of(html[html.index('data-row="systems"') : html.index("</tr>", html.index('data-row="systems"'))])
    assert "Compares plans Price engine Plan catalogue Checks the credit score Credit bureau" in systems
    assert "The price table" in words and "The confirmation email" in words
    backlog = text_of(html[html.index('<table class="initiatives">') :])
    assert backlog.startswith(" Opportunity Owner Measure Where Show the contract length on the offer Marketing switch completion +10% Sees the offer , Compares plans")
    again = run("render", NAME, "--format", "html", "-o", "-", cwd=folder)
    assert again.out == html  # the same page, byte for byte


def test_render_persona_page_and_site(folder):
    result = run("render", NAME, "--persona", "ana", "--format", "html", "-o", "ana.html", cwd=folder)
    assert result.returncode == 0, result.err
    ana = (folder / "ana.html").read_text(encoding="utf-8")
    assert 'id="tp-visits-shop"' not in ana  # Ben's step is not Ana's
    assert "▶ Start" in card(ana, "sees-offer")  # her entry keeps its mark; the other entry is not on her page
    assert "Social media" in ana and "Price engine" in ana
    site = folder / "site"
    maps = folder / "maps"
    write(maps, NAME, MAP)
    write(maps, "other.journey.yaml", MAP.replace("id: switch\n", "id: other\n", 1).replace("title: Switching to a cheaper plan", "title: Another switch"))
    result = run("render", "maps", "--format", "html", "-o", "site/", cwd=folder)
    assert result.returncode == 0, result.err
    assert sorted(p.name for p in site.iterdir()) == ["index.html", "other.html", "switch.html"]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Switching to a cheaper plan" in index and "Another switch" in index
    page = (site / "switch.html").read_text(encoding="utf-8")
    assert [tp for tp in ("visits-shop", "sees-offer") if "▶ Start" in card(page, tp)] == ["visits-shop", "sees-offer"]


# -- analyze -------------------------------------------------------------------------------


def analysis(folder) -> dict:
    result = run("analyze", NAME, "--events", "events.csv", "--format", "json", cwd=folder)
    assert result.returncode == 0, result.err
    return json.loads(result.out)


def test_analyze_counts_drift_and_credits_each_group_of_channels(folder):
    data = analysis(folder)
    measures = data["measures"]
    assert {t["touchpoint"]: (t["events"], t["customers"]) for t in measures["touchpoints"]["touchpoints"]} == {
        "visits-shop": (2, 2), "sees-offer": (4, 4), "compares": (4, 4), "asks-chat": (2, 2), "orders-plan": (3, 3),
    }  # fmt: skip
    drift = measures["drift"]
    assert (drift["events"], drift["unmapped_events"], drift["unmapped_by_event"]) == (16, 1, [{"event": "banner_clicked", "events": 1, "customers": 1}])
    assert [(r["from"], r["to"], r["transitions"]) for r in drift["unmapped_transitions"]] == [("sees-offer", "asks-chat", 1)]
    assert drift["untracked_touchpoints"] == ["checks-credit"]  # the backstage step has no events: listed, not reported
    assert [(p["code"], p["line"]) for p in data["problems"]] == [("D001", LINE["sees-offer"])]
    # Paths before the conversion: c1 sees-offer, compares; c2 sees-offer, compares, asks-chat;
    # c4 visits-shop, compares. A step on several channels is credited to them as one group.
    rows = {r["name"]: r["conversions"] for r in measures["attribution"]["channels"]["rows"]}
    assert sorted(rows) == ["app + support-chat", "app + web", "shop", "social + web"]
    assert {name: (r["first_touch"], r["last_touch"], r["linear"]) for name, r in rows.items()} == {
        "social + web": (2.0, 0.0, 0.833333),  # 1/2 (c1) + 1/3 (c2)
        "app + web": (0.0, 2.0, 1.333333),  # 1/2 + 1/3 + 1/2
        "app + support-chat": (0.0, 1.0, 0.333333),
        "shop": (1.0, 0.0, 0.5),
    }
    # the map's stage time beside the measured one: discover 5, 10, 10, 30 and 120 minutes; choose 10, 50 and 60
    assert [(s["stage"], s["customers"], s["median"], s["mean"], s["map_duration"], s["map_seconds"]) for s in measures["time_per_stage"]["stages"]] == [
        ("discover", 5, 600.0, 2100.0, "1w", 604800), ("choose", 3, 3000.0, 2400.0, None, None), ("switch", 0, None, None, None, None),
    ]  # fmt: skip
    text = run("analyze", NAME, "--events", "events.csv", "--color", "never", cwd=folder).out
    per_stage = text[text.index("Time per stage") :].splitlines()
    assert per_stage[1].split() == ["Stage", "Customers", "Median", "p75", "p90", "Mean", "Map", "says"]
    assert per_stage[3].split() == ["Discover", "(discover)", "5", "10", "min", "30", "min", "1", "h", "24", "min", "35", "min", "7", "d"]
    assert re.search(r"social \+ web\s+2\.00\s+0\.00\s+0\.83", text)
    assert f'{NAME}:{LINE["sees-offer"]}:9: warning D001 customers go from "sees-offer" straight to "asks-chat"' in text


def test_analyze_funnel_starts_at_the_first_entry(folder):
    steps = analysis(folder)["measures"]["funnel"]["steps"]
    # from sees-offer (c1, c2, c3, c5) along its first next steps: compares (c1, c2, c3), orders-plan (c1, c2)
    assert [(s["touchpoint"], s["customers"]) for s in steps] == [("sees-offer", 4), ("compares", 3), ("orders-plan", 2)]


def test_analyze_support_includes_a_step_with_a_support_channel_among_several(folder):
    data = analysis(folder)
    assert data["settings"]["support"] == ["asks-chat"]
    support = data["measures"]["support"]["touchpoints"]
    assert [(s["touchpoint"], s["customers"], s["events"]) for s in support] == [("asks-chat", 2, 2)]


def test_analyze_page_shows_the_channel_groups(folder):
    result = run("analyze", NAME, "--events", "events.csv", "--format", "html", "-o", "report.html", cwd=folder)
    assert result.returncode == 0, result.err
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "social + web" in page and "app + support-chat" in page and "(no channel)" not in page
    stages = text_of(page[page.index('<div class="measured-stages">') : page.index('data-chart="funnel"')])
    # time from the first event in a stage to the first in the next stage reached:
    # discover 5, 10, 10, 30 and 120 minutes (c5, c1, c2, c3, c4); choose 10, 50 and 60 (c1, c2, c4)
    assert "1 Discover 6 customers (100.0%) Median time in the stage: 10 min; the map says: takes 1 week · once a year " in stages
    assert "2 Choose 5 customers (83.3%) Median time in the stage: 50 min Compares plans" in stages
    assert re.search(r"Compares plans 4 customers, 4 events Funnel step 2: [^A-Z]+ The map says: takes 10 minutes · waits 2 minutes · every switch Asks in the chat", stages)
    assert "Checks the credit score No events on the map Serves Compares plans, Orders the new plan 3 Switch" in stages  # the backstage step, untracked


# -- diff ----------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


OLD = (
    MAP.replace("entry: [sees-offer, visits-shop]\n", "entry: sees-offer\n")
    .replace("phases:\n  - {id: deciding, name: Deciding, stages: [discover, choose]}\n  - {id: doing, name: Doing, stages: [switch]}\n", "")
    .replace("    serves: [compares, orders-plan]\n", "")
    .replace("    channels: [app, web]\n", "    channel: web\n")
)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    git(root, "init", "-q", "-b", "main")
    write(root, f"maps/{NAME}", OLD)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "old")
    write(root, f"maps/{NAME}", MAP)
    git(root, "commit", "-q", "-am", "new")
    return root


def test_diff_says_what_the_additions_changed(repo):
    result = run("diff", "HEAD~1", "HEAD", "--color", "never", cwd=repo)
    assert result.returncode == 1, result.err
    assert result.out.splitlines() == [
        "Comparing HEAD~1 with HEAD",
        "",
        f"maps/{NAME} (journey switch)",
        '  ~ journey entry: "sees-offer" → "sees-offer, visits-shop"',
        '  ~ the journey\'s phases changed: none → "deciding, doing"',
        "  stage choose (Choose)",
        '    ~ channel of compares: "web" → "app, web"',
        '    ~ serves of checks-credit: none → "compares, orders-plan"',
        "",
        "1 touchpoint channel changed, 1 touchpoint detail changed, 2 journey details changed",
    ]
    changes = json.loads(run("diff", "HEAD~1", "HEAD", "--format", "json", cwd=repo).out)["files"][0]["changes"]
    assert sorted((c["kind"], c["field"], c["new"]) for c in changes) == [
        ("journey-changed", "entry", "sees-offer, visits-shop"),
        ("journey-changed", "phases", "deciding, doing"),
        ("touchpoint-changed", "serves", "compares, orders-plan"),
        ("touchpoint-channel-changed", "channel", "app, web"),
    ]


def test_diff_page_marks_the_changes_and_keeps_every_entry(repo):
    result = run("diff", "HEAD~1", "HEAD", "--format", "html", "-o", "changes.html", cwd=repo)
    assert result.returncode == 1, result.err
    html = (repo / "changes.html").read_text(encoding="utf-8")
    words = text_of(html)
    assert 'channel of compares: "web" → "app, web"' in words.replace("&#34;", '"').replace("&quot;", '"')
    assert "serves of checks-credit" in words and "the journey's phases changed" in words.replace("&#39;", "'")
    assert "~ Changed: Compares plans" in card(html, "compares") and "~ Changed: Checks the credit score" in card(html, "checks-credit")
    assert "Serves" in text_of(card(html, "checks-credit"))
    # the new side's two entries both carry the start mark (a list entry used to be dropped)
    assert [tp for tp in ("visits-shop", "sees-offer", "compares") if "▶ Start" in card(html, tp)] == ["visits-shop", "sees-offer"]
    assert '<span class="phase-name">Deciding</span>' in html
    again = run("diff", "HEAD~1", "HEAD", "--format", "html", cwd=repo)
    assert again.out == html


def test_diff_page_draws_a_removed_support_step_back(repo, tmp_path):
    """A removed step that served another keeps that link, and only row values the journey still has."""
    new = MAP.replace("rows:\n  - {id: systems, name: Systems}\n", "").replace("    rows: {systems: [Price engine, Plan catalogue]}\n", "")
    new = new[: new.index("  - id: checks-credit")] + new[new.index("  - id: orders-plan") :]
    write(tmp_path, "old.journey.yaml", MAP)
    write(tmp_path, "new.journey.yaml", new)
    result = run("diff", "--no-index", "old.journey.yaml", "new.journey.yaml", "--format", "html", "-o", "gone.html", cwd=tmp_path)
    assert result.returncode == 1, result.err
    html = (tmp_path / "gone.html").read_text(encoding="utf-8")
    ghost = text_of(card(html, "checks-credit"))
    assert "− Removed: Checks the credit score" in ghost and "Serves ~ Changed: Compares plans , Orders the new plan" in ghost  # compares lost its row value
    assert 'data-row="systems"' not in html and "Credit bureau" not in html


# -- fmt -----------------------------------------------------------------------------------


def test_fmt_lays_out_the_additions_once_and_for_all(tmp_path):
    spread = (
        MAP.replace("entry: [sees-offer, visits-shop]\n", "entry:\n  - sees-offer\n  - visits-shop\n")
        .replace("    channels: [app, web]\n", "    channels:\n      - app\n      - web\n")
        .replace("    serves: [compares, orders-plan]\n", "    serves:\n      - compares\n      - orders-plan\n")
        .replace("  - {id: doing, name: Doing, stages: [switch]}\n", "  - id: doing\n    name: Doing\n    stages:\n      - switch\n")
        .replace("      - text: Is this cheaper than what I pay?\n        source: interviews, May 2026\n", "      - source: interviews, May 2026\n        text: Is this cheaper than what I pay?\n")
    )
    path = write(tmp_path, NAME, spread)
    assert run("fmt", "--check", NAME, cwd=tmp_path).returncode == 1
    result = run("fmt", NAME, cwd=tmp_path)
    assert result.returncode == 0, result.err
    formatted = path.read_text(encoding="utf-8")
    for line in ("entry: [sees-offer, visits-shop]\n", "    channels: [app, web]\n", "    serves: [compares, orders-plan]\n", "    stages: [switch]\n",
                 "      - text: Is this cheaper than what I pay?\n        source: interviews, May 2026\n"):  # fmt: skip
        assert line in formatted, line
    assert run("fmt", NAME, cwd=tmp_path).err == "0 files formatted, 1 already formatted.\n"
    assert path.read_text(encoding="utf-8") == formatted  # idempotent
    assert run("fmt", "--check", NAME, cwd=tmp_path).returncode == 0
    write(tmp_path, "before.journey.yaml", spread)
    same = run("diff", "--no-index", "before.journey.yaml", NAME, cwd=tmp_path)
    assert same.returncode == 0, same.out  # the same journey, by meaning
    assert run("validate", "--fail-on", "info", NAME, cwd=tmp_path).returncode == 0
    assert run("fmt", "-", input=formatted, cwd=tmp_path).out == formatted


# -- init ----------------------------------------------------------------------------------


def test_init_blueprint_uses_serves_and_the_blueprint_marks(tmp_path):
    result = run("init", "--preset", "blueprint", "--title", "Switching plans", "--persona", "Ana", cwd=tmp_path)
    assert result.returncode == 0, result.err
    name = "switching-plans.journey.yaml"
    checked = run("validate", "--fail-on", "info", "--format", "json", name, cwd=tmp_path)
    assert (checked.returncode, json.loads(checked.out)["problems"]) == (0, [])
    from journeyctl.model import Journey
    from journeyctl.yaml_source import compose

    root, _ = compose((tmp_path / name).read_text(encoding="utf-8"), name)
    journey = Journey.model_validate(root)
    business = [t for t in journey.touchpoints if t.lane != "customer"]
    assert business and all(t.serves and not t.next for t in business)  # support steps serve, they do not lead on
    customer = [t.id for t in journey.touchpoints if t.lane == "customer"]
    assert [t.next[0].to for t in journey.touchpoints if t.lane == "customer" and t.next] == customer[1:]
    assert journey.scenario and journey.personas[0].expectations
    assert any(t.fail_points for t in business) and any(t.wait_points for t in journey.touchpoints) and any(t.physical_evidence for t in journey.touchpoints)
    drawn = run("render", name, "--view", "blueprint", "-o", "-", cwd=tmp_path)
    assert drawn.returncode == 0 and drawn.out.count('class="edge serves"') == sum(len(t.serves) for t in business)


# -- convert -------------------------------------------------------------------------------


def test_convert_to_mermaid_and_back(folder):
    result = run("convert", NAME, "-o", "switch.mmd", cwd=folder)
    assert result.returncode == 0, result.err
    mermaid = (folder / "switch.mmd").read_text(encoding="utf-8")
    assert mermaid.splitlines()[:4] == ["journey", "  title Switching to a cheaper plan", "  section Discover", "    Visits a shop: 3: Ben - the shop regular"]
    assert "    Sees the offer: 4: Ana - the careful saver, Ben - the shop regular" in mermaid
    dropped = result.err
    for words in ("1 journey scenario", "2 quotes", "1 entry other than the first touchpoint", "2 phases", "1 custom row", "1 opportunity of the journey",
                  "8 channels on touchpoints", "1 emotion source", "1 fail point", "1 wait point", "2 pieces of physical evidence", "1 parallel step", "2 steps served (serves)"):  # fmt: skip
        assert words in dropped, words
    back = run("convert", "switch.mmd", "-o", "back.journey.yaml", cwd=folder)
    assert back.returncode == 0, back.err
    checked = run("validate", "--format", "json", "back.journey.yaml", cwd=folder)
    assert checked.returncode == 0
    from journeyctl.model import Journey
    from journeyctl.yaml_source import compose

    root, _ = compose((folder / "back.journey.yaml").read_text(encoding="utf-8"), "back")
    journey = Journey.model_validate(root)
    assert [s.name for s in journey.stages] == ["Discover", "Choose", "Switch"]
    assert [(t.name, t.emotion.score) for t in journey.touchpoints] == [
        ("Visits a shop", 0), ("Sees the offer", 1), ("Compares plans", -1), ("Asks in the chat", -1), ("Checks the credit score", 0), ("Orders the new plan", 2),
    ]  # fmt: skip
    assert run("convert", "back.journey.yaml", "-o", "-", cwd=folder).out == mermaid  # the round trip keeps all Mermaid holds
