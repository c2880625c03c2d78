"""A journey whose every text is hostile still draws: same structure, text shown as text, nothing active."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
import yaml
from helpers import run, write

from journeyctl.render.engine import choose
from journeyctl.render.labels import NAME_LINES, NAME_WIDTH
from journeyctl.render.svg import UnsafeSvg, check
from journeyctl.render.text import wrap

SVG = "{http://www.w3.org/2000/svg}"

NASTY = [
    '"]; n99 [label="injected"]; n0 -> n99; //',
    "a\\\"b\\\\c\\",
    "\\N\\G\\E\\T\\H\\L\\n\\l\\r",
    "{ } [ ] ; , = -> -- subgraph cluster_x { }",
    "<b>bold</b> & <i>it</i> </td></tr></table>> <table>",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)" xlink:href="http://evil.example/x.png">click</a>',
    "&amp; &lt; &#0; &#x1F600; &nbsp; &bogus;",
    "<!-- comment --> ]]> <![CDATA[ x ]]> <?xml version='1.0'?>",
    "line one\nline two\r\nline three\u2028four",
    "control \x01\x02\x07\x08\x0b\x0c\x1b[31m\x7f\x85\x9f end",
    "Ünïcödé ñ 中文字符 العربية עברית 😀🚀 e\u0301",
    "\u202eevil override\u202c and \u200b zero width",
    "https://evil.example/tracker.png url(http://evil.example) javascript:alert(1)",
    "W" * 5000,
    "word " * 400,
    "'single' `back` $dollar %percent",
]
# Ids are restricted by the format, but may look like the names the views generate.
IDS = ["n1", "start", "g0", "e0", "h0", "cluster_s0", "node", "edge", "graph", "subgraph", "digraph", "strict", "0", "a.b", "foot0", "line_interaction_0"]


def hostile_journey() -> dict:
    nasty = itertools.cycle(NASTY)
    lanes = itertools.cycle(["customer", "frontstage", "backstage", "support"])
    stages = [
        {
            "id": sid,
            "name": next(nasty),
            "description": next(nasty),
            "goal": next(nasty),
            "expectations": [next(nasty)],
            "kpis": [{"name": next(nasty), "target": next(nasty), "description": next(nasty)}],
        }
        for sid in ("cluster_s1", "subgraph", "graph")
    ]
    touchpoints = []
    for index, tid in enumerate(IDS):
        following = IDS[index + 1] if index + 1 < len(IDS) else None
        back = IDS[index - 2] if index >= 2 else None
        touchpoints.append(
            {
                "id": tid,
                "name": NASTY[index % len(NASTY)],
                "stage": stages[index * len(stages) // len(IDS)]["id"],
                "channel": "digraph" if index % 2 else None,
                "description": next(nasty),
                "personas": ["n0"] if index % 5 == 4 else [],
                "actions": [next(nasty)],
                "thoughts": [next(nasty)],
                "emotion": {"score": (index % 5) - 2, "label": next(nasty), "by_persona": {"n0": {"score": 2, "label": next(nasty)}}},
                "pain_points": [next(nasty), next(nasty)] if index % 3 == 0 else [],
                "opportunities": [next(nasty)],
                "team": next(nasty),
                "lane": next(lanes),
                "milestone": index % 4 == 0,
                "moment_of_truth": index % 6 == 0,
                "end": following is None,
                "next": [
                    *([{"to": following, "label": next(nasty), "condition": next(nasty)}] if following else []),
                    *([{"to": back, "label": next(nasty)}] if back else []),
                ],
            }
        )
    for touchpoint in touchpoints:
        if touchpoint["channel"] is None:
            del touchpoint["channel"]
    return {
        "version": 1,
        "id": "graph",
        "title": next(nasty),
        "description": next(nasty),
        "owner": next(nasty),
        "tags": [next(nasty)],
        "personas": [
            {"id": pid, "name": next(nasty), "description": next(nasty), "goals": [next(nasty)], "needs": [next(nasty)], "frustrations": [next(nasty)]}
            for pid in ("n0", "edge")
        ],
        "channels": [{"id": "digraph", "name": next(nasty), "description": next(nasty)}],
        "stages": stages,
        "touchpoints": touchpoints,
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    data = hostile_journey()
    path = write(folder, "hostile.journey.yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000))
    checked = run("validate", str(path), "--format", "json")
    assert checked.returncode == 0, checked.out
    return path, data


def svg_of(path, *args: str) -> ET.Element:
    result = run("render", str(path), "--format", "svg", "-o", "-", *args)
    assert result.returncode == 0, result.err
    return ET.fromstring(result.stdout)


def of_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if name in (g.get("class") or "").split()]


def lines_of(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{SVG}text")]


@pytest.mark.parametrize("view", ["flow", "blueprint"])
def test_hostile_text_changes_nothing_in_the_drawing(hostile, view):
    path, data = hostile
    root = svg_of(path, "--view", view)
    touchpoints = {g.get("id"): g for g in of_class(root, "touchpoint")}
    assert set(touchpoints) == {f"{view}-tp-{tp['id']}" for tp in data["touchpoints"]}
    if view == "flow":
        clusters = {g.get("id") for g in of_class(root, "cluster")}
        assert clusters == {f"{view}-stage-{stage['id']}" for stage in data["stages"]}
    else:
        names = {g.get("id") for g in of_class(root, "node")}
        assert {f"{view}-stage-{stage['id']}-name" for stage in data["stages"]} <= names
    links = [g for g in of_class(root, "edge") if (g.get("id") or "").startswith(f"{view}-link-")]
    assert len(links) == sum(len(tp["next"]) for tp in data["touchpoints"])
    for tp in data["touchpoints"]:
        drawn = lines_of(touchpoints[f"{view}-tp-{tp['id']}"])
        for line in wrap(tp["name"], NAME_WIDTH, NAME_LINES):
            assert line in drawn, (tp["id"], line, drawn)
    # The would-be injected node exists only as text inside a label.
    assert "injected" not in lines_of(root)


@pytest.mark.parametrize("view", ["flow", "blueprint"])
def test_hostile_text_leaves_no_script_link_or_handler(hostile, view):
    path, _ = hostile
    root = svg_of(path, "--view", view)
    for element in root.iter():
        assert element.tag.rsplit("}", 1)[-1] not in ("script", "a", "image", "foreignObject", "iframe", "use")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            assert not local.lower().startswith("on"), (name, value)
            assert local not in ("href", "src"), (name, value)
            assert "javascript:" not in value and "evil.example" not in value, (name, value)


def test_hostile_dot_has_only_the_generated_structure(hostile, tmp_path):
    """The engine's reading of our DOT: exactly our nodes and edges, with our names."""
    path, data = hostile
    result = run("render", str(path), "--format", "dot", "-o", "-")
    assert result.returncode == 0, result.err
    engine = choose("graphviz-pure", "svg")
    layout = json.loads(subprocess.run([engine.path, "-Tjson"], input=result.stdout, capture_output=True, check=True, timeout=60).stdout)
    touchpoint_nodes = [o for o in layout["objects"] if o.get("id", "").startswith("flow-tp-")]
    assert len(touchpoint_nodes) == len(data["touchpoints"])
    assert all(o["name"].startswith("n") and o["name"][1:].isdigit() for o in touchpoint_nodes)
    assert "n99" not in {o["name"] for o in layout["objects"]}
    assert len([o for o in layout["objects"] if o["name"].startswith("cluster_")]) == len(data["stages"])


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot (scripts/ensure-graphviz.sh installs it)")
def test_hostile_journey_draws_with_the_system_dot_too(hostile):
    path, data = hostile
    root = svg_of(path, "--engine", "dot")
    assert len(of_class(root, "touchpoint")) == len(data["touchpoints"])


def test_hostile_persona_view(hostile):
    path, data = hostile
    root = svg_of(path, "--persona", "edge")
    expected = [tp for tp in data["touchpoints"] if not tp["personas"]]
    assert len(of_class(root, "touchpoint")) == len(expected)


@pytest.mark.parametrize(
    "markup",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="https://x.example"><text>x</text></a></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><path fill="url(https://x.example/p.svg#p)"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><g id="javascript:x"/></svg>',
        "<svg not xml",
    ],
)
def test_the_svg_guard_catches_active_or_external_markup(markup):
    with pytest.raises(UnsafeSvg):
        check(markup)


def test_the_svg_guard_lets_text_say_anything():
    check('<svg xmlns="http://www.w3.org/2000/svg"><text>javascript:alert(1) url(http://x) onload=&quot;x&quot;</text><path fill="url(#grad)"/></svg>')
