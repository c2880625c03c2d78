"""The editor's schema and journeyctl agree on every file.

Each case is a small journey (or library) that is valid, or broken in one way.
It is written as JSON, which is YAML too, so journeyctl and the JSON Schema
validator read the very same data: journeyctl through the real ``validate``
command, the JSON Schema validator with the committed schema/*.json. Their
verdicts must be the same. References between ids (an unknown stage) are beyond
what a JSON Schema can say, so the cases keep them right and the verdict counts
the format's problems (Y and S codes) only.
"""

from __future__ import annotations

import copy
import json

import pytest

from helpers import ROOT, run

jsonschema = pytest.importorskip("jsonschema")

BASE = {
    "version": 1,
    "id": "shop",
    "title": "Buying a rug",
    "personas": [{"id": "p", "name": "Maya"}],
    "channels": [{"id": "web", "name": "Website", "kind": "digital"}],
    "stages": [{"id": "look", "name": "Looking"}, {"id": "buy", "name": "Buying"}],
    "touchpoints": [
        {"id": "ad", "name": "Sees an ad", "stage": "look", "channel": "web", "emotion": 1, "next": ["pay"]},
        {"id": "pay", "name": "Pays", "stage": "buy", "end": True},
    ],
}
LIBRARY = {"version": 1, "kind": "library", "personas": [{"id": "p", "name": "Maya"}], "channels": [{"id": "web", "name": "Website"}]}


def top(key, value):
    return lambda data: data.__setitem__(key, value)


def drop(key):
    return lambda data: data.pop(key)


def touchpoint(key, value, index=0):
    return lambda data: data["touchpoints"][index].__setitem__(key, value)


def stage(key, value):
    return lambda data: data["stages"][0].__setitem__(key, value)


def emotion(value):
    return touchpoint("emotion", value)


# (name, change to BASE, valid?)
CASES = [
    ("as it is", lambda data: None, True),
    ("emotion -2", emotion(-2), True),
    ("emotion 2", emotion(2), True),
    ("emotion 1.5", emotion(1.5), True),
    ("emotion mapping", emotion({"score": -1, "label": "worried"}), True),
    ("feeling by persona, number", emotion({"score": 0, "by_persona": {"p": 2}}), True),
    ("feeling by persona, mapping", emotion({"score": 0, "by_persona": {"p": {"score": -2, "label": "lost"}}}), True),
    ("emotion 3", emotion(3), False),
    ("emotion -3", emotion(-3), False),
    ("emotion 2.5", emotion(2.5), False),
    ("emotion score 3", emotion({"score": 3}), False),
    ("emotion as a word", emotion("happy"), False),
    ("emotion without a score", emotion({"label": "happy"}), False),
    ("feeling by persona out of range", emotion({"score": 0, "by_persona": {"p": 3}}), False),
    ("feeling by persona, not an id", emotion({"score": 0, "by_persona": {"Not An Id": 1}}), False),
    ("empty optional keys", lambda data: data.update(description=None, tags=None, status=None, kind=None, owner=None), True),
    ("empty optional touchpoint keys", lambda data: data["touchpoints"][1].update(milestone=None, lane=None, emotion=None, next=None, channel=None, actions=None), True),
    ("empty required key", touchpoint("name", None), False),
    ("extension keys", lambda data: data.update({"x-jira": {"any": ["thing"]}}) or data["touchpoints"][0].update({"x-note": 1}), True),
    ("title as a number", top("title", 2024), True),
    ("title as a flag", top("title", True), True),
    ("unicode text", touchpoint("name", "漢字 😀 e\u0301"), True),
    ("blank name", touchpoint("name", " "), False),
    ("tab name", touchpoint("name", "\t"), False),
    ("ideographic space name", touchpoint("name", "\u3000"), False),
    ("invisible name", stage("name", "\u200b\u2060"), False),
    ("control-character name", stage("name", "\x01"), False),
    ("empty name", stage("name", ""), False),
    ("blank title", top("title", "  "), False),
    ("blank channel name", lambda data: data["channels"][0].__setitem__("name", "\u3000"), False),
    ("blank tag", top("tags", ["ok", " "]), False),
    ("bad id", top("id", "Not An Id"), False),
    ("id starting with a dash", top("id", "-shop"), False),
    ("id too long", top("id", "a" * 65), False),
    ("id 64 long", top("id", "a" * 64), True),
    ("unknown key", touchpoint("chanel", "web"), False),
    ("unknown top-level key", top("titel", "x"), False),
    ("stages as a mapping", top("stages", {"look": "Looking"}), False),
    ("no stages", top("stages", []), False),
    ("stages missing", drop("stages"), False),
    ("title missing", drop("title"), False),
    ("tags as text", top("tags", "retail"), False),
    ("flag as a word", touchpoint("milestone", "yes"), False),
    ("flag", touchpoint("milestone", True), True),
    ("name as a list", touchpoint("name", ["a", "b"]), False),
    ("version 2", top("version", 2), False),
    ("unknown lane", touchpoint("lane", "front"), False),
    ("unknown status", top("status", "done"), False),
    ("status", top("status", "to-be"), True),
    ("unknown kind", top("kind", "map"), False),
    ("next as one id", touchpoint("next", "pay"), True),
    ("next as mappings", touchpoint("next", [{"to": "pay", "label": "clicks", "condition": "in stock"}]), True),
    ("next without to", touchpoint("next", [{"label": "clicks"}]), False),
    ("next to a bad id", touchpoint("next", ["Not An Id"]), False),
    ("unknown channel kind", lambda data: data["channels"][0].__setitem__("kind", "tv"), False),
    ("kpi", stage("kpis", [{"name": "Conversion", "target": 3.5}]), True),
    ("kpi without a name", stage("kpis", [{"target": "3.5%"}]), False),
    ("the file is a list", lambda data: None, "list"),
    # In quotes, a number or a flag is text, for editors as for journeyctl.
    ("quoted emotion", emotion("1"), False),
    ("quoted score", emotion({"score": "-1"}), False),
    ("quoted flag", touchpoint("milestone", "true"), False),
    ("quoted version", top("version", "1"), False),
    ("quoted text that looks like a number", top("title", "2024"), True),
    # The additions for real maps and service blueprints.
    ("several channels", lambda data: data["touchpoints"][0].pop("channel") and data["touchpoints"][0].update(channels=["web"]), True),
    ("channel and channels", touchpoint("channels", ["web"]), False),
    ("channel empty beside channels", lambda data: data["touchpoints"][0].update(channel=None, channels=["web"]), True),
    ("channels as text", lambda data: data["touchpoints"][0].pop("channel") and data["touchpoints"][0].update(channels="web"), False),
    ("several entries", top("entry", ["ad", "pay"]), True),
    ("one entry", top("entry", "ad"), True),
    ("an empty list of entries", top("entry", []), False),
    ("an entry that is not an id", top("entry", ["ad", "Not An Id"]), False),
    ("serves", touchpoint("serves", ["pay"], index=1), True),
    ("serves a bad id", touchpoint("serves", ["Not An Id"]), False),
    ("parallel", touchpoint("parallel", True), True),
    ("parallel as a word", touchpoint("parallel", "yes"), False),
    ("time", touchpoint("time", {"duration": "10m", "wait": "2m", "frequency": "every order"}), True),
    ("time as words", touchpoint("time", {"duration": "2 days"}), False),
    ("time with an unknown key", touchpoint("time", {"when": "now"}), False),
    ("stage time", stage("time", {"duration": "1w"}), True),
    ("fail, wait points, physical evidence", lambda data: data["touchpoints"][0].update(fail_points=["jams"], wait_points=[{"text": "queue", "source": "ops data"}], physical_evidence=["ticket"]), True),
    ("sourced thought", touchpoint("thoughts", ["plain", {"text": "sourced", "source": "interviews", "link": "https://example.com/a"}]), True),
    ("sourced pain point without a source", touchpoint("pain_points", [{"text": "slow"}]), False),
    ("sourced pain point with a blank source", touchpoint("pain_points", [{"text": "slow", "source": " "}]), False),
    ("sourced pain point with an unknown key", touchpoint("pain_points", [{"text": "slow", "source": "x", "url": "https://a.b"}]), False),
    ("link that is not a web address", touchpoint("pain_points", [{"text": "slow", "source": "x", "link": "www.example.com"}]), False),
    ("physical evidence as a sourced text", touchpoint("physical_evidence", [{"text": "ticket", "source": "x"}]), False),
    ("emotion with a source", emotion({"score": 1, "source": "NPS survey", "link": "http://example.com/nps"}), True),
    ("emotion with a bad link", emotion({"score": 1, "link": "nps"}), False),
    ("custom rows", lambda data: data.update(rows=[{"id": "systems", "name": "Systems"}]) or data["touchpoints"][0].update(rows={"systems": ["CMS", "Shop"]}), True),
    ("custom row as text", lambda data: data.update(rows=[{"id": "systems", "name": "Systems"}]) or data["touchpoints"][0].update(rows={"systems": "CMS"}), True),
    ("custom row as a mapping", lambda data: data.update(rows=[{"id": "systems", "name": "Systems"}]) or data["touchpoints"][0].update(rows={"systems": {"a": "b"}}), False),
    ("custom row without a name", top("rows", [{"id": "systems"}]), False),
    ("phases", top("phases", [{"id": "all", "name": "All", "stages": ["look", "buy"]}]), True),
    ("a phase without stages", top("phases", [{"id": "all", "name": "All", "stages": []}]), False),
    ("scenario, quotes", lambda data: data.update(scenario="Ana moves", quotes=["plain", {"text": "q", "source": "s"}]), True),
    ("backlog", top("opportunities", [{"title": "Fees up front", "owner": "Pricing", "measure": "+10%", "touchpoints": ["ad"]}]), True),
    ("backlog item without a title", top("opportunities", [{"owner": "Pricing"}]), False),
    ("backlog as texts", top("opportunities", ["Fees up front"]), False),
    ("persona expectations", lambda data: data["personas"][0].update(expectations=["A clear price"]), True),
]
LIBRARY_CASES = [
    ("library", lambda data: None, True),
    ("library with a blank persona name", lambda data: data["personas"][0].__setitem__("name", " "), False),
    ("library with stages", lambda data: data.__setitem__("stages", []), False),
    ("library with a bad id", lambda data: data.__setitem__("id", "no spaces allowed"), False),
]
def build(cases, base):
    built = []
    for name, change, verdict in cases:
        data = copy.deepcopy(base)
        if verdict == "list":
            data, verdict = [data], False
        else:
            change(data)
        built.append((name, data, verdict))
    return built


def verdicts(tmp_path, kind: str, cases) -> dict[str, tuple[bool, bool]]:
    """{case: (journeyctl's verdict, the JSON Schema's verdict)}."""
    schema = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    files = {}
    for number, (name, data, _) in enumerate(cases):
        path = tmp_path / f"case{number}.{kind}.yaml"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        files[path.name] = (name, data)
    result = run("validate", "--format", "json", str(tmp_path))
    assert result.returncode in (0, 1), result.err
    records = json.loads(result.out)["problems"]
    broken = {record["path"].rsplit("/", 1)[-1] for record in records if record["code"][0] in "YS"}
    return {name: (file not in broken, validator.is_valid(data)) for file, (name, data) in files.items()}


def test_the_schema_is_valid_and_has_an_id():
    for kind in ("journey", "library"):
        schema = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$id"] == f"urn:journeyctl:schema:{kind}:1"


def test_schema_and_journeyctl_agree_on_journeys(tmp_path):
    cases = build(CASES, BASE)
    found = verdicts(tmp_path, "journey", cases)
    expected = {name: (verdict, verdict) for name, _, verdict in cases}
    assert found == expected


def test_schema_and_journeyctl_agree_on_libraries(tmp_path):
    cases = build(LIBRARY_CASES, LIBRARY)
    found = verdicts(tmp_path, "library", cases)
    assert found == {name: (verdict, verdict) for name, _, verdict in cases}

