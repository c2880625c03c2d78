"""journeyctl convert and render --format mermaid: Mermaid journey diagrams in and out.

Everything runs through the real command. The exports are also fed to the real
Mermaid parser (the npm packages pinned in tests/mermaid, installed by
scripts/ensure-mermaid.sh) when node and those packages are here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import EXAMPLES, MINIMAL, ROOT, run, write
from journeyctl.checker import check

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.journey.yaml"))
MERMAID_DIR = ROOT / "tests" / "mermaid"

# The user journey example of Mermaid's documentation (mermaid.js.org, "User Journey Diagram").
DOCS_EXAMPLE = """\
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""


def journey_of(path: Path):
    report = check([str(path)])
    [doc] = [doc for doc in report.documents if doc.kind == "journey"]
    assert doc.valid, doc.problems
    return doc.journey


def convert(tmp_path: Path, source: Path, name: str, *extra: str):
    out = tmp_path / name
    result = run("convert", str(source), "-o", str(out), *extra)
    assert result.returncode == 0, result.err
    return out, result


# ---- Mermaid in -----------------------------------------------------------------


def test_the_documentation_example_becomes_a_valid_journey(tmp_path):
    source = write(tmp_path, "day.mmd", DOCS_EXAMPLE)
    out, result = convert(tmp_path, source, "day.journey.yaml")
    assert result.out.strip() == str(out)
    journey = journey_of(out)
    assert journey.id == "my-working-day" and journey.title == "My working day"
    assert [(p.id, p.name) for p in journey.personas] == [("me", "Me"), ("cat", "Cat")]
    assert [(s.id, s.name) for s in journey.stages] == [("go-to-work", "Go to work"), ("go-home", "Go home")]
    rows = [(t.id, t.stage, t.personas, t.emotion.score, [n.to for n in t.next], t.end) for t in journey.touchpoints]
    assert rows == [
        ("make-tea", "go-to-work", ["me"], 2, ["go-upstairs"], False),
        ("go-upstairs", "go-to-work", ["me"], 0, ["do-work"], False),
        ("do-work", "go-to-work", ["me", "cat"], -2, ["go-downstairs"], False),  # 1, Mermaid's worst, is our worst
        ("go-downstairs", "go-home", ["me"], 2, ["sit-down"], False),
        ("sit-down", "go-home", ["me"], 2, [], True),
    ]
    # valid, and lint-clean but for what Mermaid cannot hold: the personas' goals and needs
    checked = run("validate", "--format", "json", str(out))
    assert checked.returncode == 0, checked.out
    assert {p["code"] for p in json.loads(checked.out)["problems"]} == {"L015"}


def test_mermaid_to_journey_to_mermaid_gives_back_the_same_text(tmp_path):
    canonical = DOCS_EXAMPLE.replace("    ", "  ").replace("  section", "  section").replace("      ", "    ")
    source = write(tmp_path, "day.mmd", canonical)
    journey, _ = convert(tmp_path, source, "day.journey.yaml")
    back, _ = convert(tmp_path, journey, "back.mmd")
    assert back.read_text() == "journey\n  title My working day\n  section Go to work\n    Make tea: 5: Me\n    Go upstairs: 3: Me\n    Do work: 1: Me, Cat\n  section Go home\n    Go downstairs: 5: Me\n    Sit down: 5: Me\n"


def test_the_output_is_the_same_bytes_every_time(tmp_path):
    source = write(tmp_path, "day.mmd", DOCS_EXAMPLE)
    first = run("convert", str(source)).stdout
    assert first and run("convert", str(source)).stdout == first
    example = EXAMPLE_FILES[0]
    assert run("convert", str(example)).stdout == run("convert", str(example)).stdout


def test_ids_are_slugged_and_unique_and_decimal_scores_stay(tmp_path):
    text = "journey\n  title Été 2024\n  section Buy\n    Pay!: 2.5: Ana\n    Pay?: 4: ana\n  section Buy\n    Café & cake: 1\n"
    out, _ = convert(tmp_path, write(tmp_path, "x.mmd", text), "x.journey.yaml")
    journey = journey_of(out)
    assert journey.id == "ete-2024" and journey.title == "Été 2024"
    assert [s.id for s in journey.stages] == ["buy", "buy-2"]
    assert [(t.id, t.name, t.emotion.score) for t in journey.touchpoints] == [("pay", "Pay!", -0.5), ("pay-2", "Pay?", 1), ("cafe-cake", "Café & cake", -2)]
    assert [(p.id, p.name) for p in journey.personas] == [("ana", "Ana"), ("ana-2", "ana")]
    assert journey.touchpoints[2].personas == []  # no actors: all personas, as the format reads an empty list


def test_comments_front_matter_and_accessibility_lines(tmp_path):
    text = "---\ntitle: From front matter\n---\n%%{init: {'theme': 'forest'}}%%\njourney\n  %% a comment\n  accTitle: Ignored\n  accDescr: A short day\n  section Morning # the first part\n    Wake up: 2: Me # too early\n"
    out, _ = convert(tmp_path, write(tmp_path, "x.mermaid", text), "x.journey.yaml")
    journey = journey_of(out)
    assert (journey.title, journey.description) == ("From front matter", "A short day")
    assert [(s.name, [t.name for t in journey.touchpoints]) for s in journey.stages] == [("Morning", ["Wake up"])]


def test_a_byte_order_mark_and_windows_line_ends_are_read_as_mermaid_reads_them(tmp_path):
    source = write(tmp_path, "x.mmd", "\ufeffjourney\r\n  title Day\r\n  section Morning\r\n    Wake up: 2: Me \r\n")
    out, _ = convert(tmp_path, source, "x.journey.yaml")
    journey = journey_of(out)
    assert (journey.title, [s.name for s in journey.stages], [(t.name, t.emotion.score) for t in journey.touchpoints]) == ("Day", ["Morning"], [("Wake up", -1)])
    assert [p.name for p in journey.personas] == ["Me"]


def test_a_markdown_file_gives_its_mermaid_journey_block_with_lines_of_the_file(tmp_path):
    text = "# Our map\n\n```mermaid\nflowchart LR\n  a --> b\n```\n\nThe journey:\n\n```mermaid\njourney\n  title Day\n  section S\n    Fine: 4: Me\n    Broken: 9: Me\n```\n"
    source = write(tmp_path, "README.md", text)
    result = run("convert", str(source), "-o", str(tmp_path / "out.journey.yaml"))
    assert result.returncode == 1
    assert f"{source}:15:13: error M002 the score must be a number from 1 (worst) to 5 (best); found \"9\"" in result.err
    assert not (tmp_path / "out.journey.yaml").exists()
    write(tmp_path, "README.md", text.replace("Broken: 9", "Broken: 1"))
    out, _ = convert(tmp_path, source, "out.journey.yaml")
    assert [t.name for t in journey_of(out).touchpoints] == ["Fine", "Broken"]


def test_a_task_before_any_section_goes_into_a_stage_named_start_with_a_warning(tmp_path):
    source = write(tmp_path, "x.mmd", "journey\n  title T\n  Wake up: 3: Me\n  section Work\n    Type: 2: Me\n")
    out, result = convert(tmp_path, source, "x.journey.yaml")
    assert f"{source}:3:3: warning M003 this task comes before the first section; it goes into a stage named Start" in result.err
    journey = journey_of(out)
    assert [(s.id, s.name) for s in journey.stages] == [("start", "Start"), ("work", "Work")]
    assert [(t.stage, t.name) for t in journey.touchpoints] == [("start", "Wake up"), ("work", "Type")]


@pytest.mark.parametrize(
    ("line", "where", "code", "message"),
    [
        ("    Make tea: 0: Me", "4:15", "M002", 'the score must be a number from 1 (worst) to 5 (best); found "0"'),
        ("    Make tea: 6", "4:15", "M002", 'the score must be a number from 1 (worst) to 5 (best); found "6"'),
        ("    Make tea: great: Me", "4:15", "M002", 'the score must be a number from 1 (worst) to 5 (best); found "great"'),
        ("    Make tea: : Me", "4:15", "M002", "the score must be a number from 1 (worst) to 5 (best); found nothing"),
        ("    Make tea: -1: Me", "4:15", "M002", 'found "-1"'),
        ("    Make tea", "4:5", "M001", 'expected a task with a score, such as "Make tea: 3: Me"; found no colon'),
        ("    Make tea: 3: Me: Cat", "4:20", "M001", "a task has at most two colons: name: score: actors"),
        ("    Make tea: 3; Go: 2", "4:16", "M001", "Mermaid's journey diagram does not allow ; in a line"),
        ("  section Home: 3", "4:15", "M001", "a section's name cannot hold a colon"),
        ("journey", "4:1", "M001", "a second journey line"),
        ("  section", "4:3", "M001", "a section line needs its name after the word section"),
    ],
)
def test_bad_lines_get_a_located_message_and_exit_1(tmp_path, line, where, code, message):
    source = write(tmp_path, "bad.mmd", f"journey\n  title T\n  section S\n{line}\n")
    result = run("convert", str(source), "-o", str(tmp_path / "out.journey.yaml"))
    assert result.returncode == 1, result.err
    assert f"{source}:{where}: error {code} " in result.err
    assert message in result.err
    assert not (tmp_path / "out.journey.yaml").exists() and result.out == ""


def test_every_bad_line_is_reported_in_one_run(tmp_path):
    source = write(tmp_path, "bad.mmd", "journey\n  section S\n    A: 7\n    B\n    C: 2\n    D: x\n")
    result = run("convert", str(source))
    assert result.returncode == 1
    assert [line.split(": error ")[0] for line in result.err.splitlines() if ": error " in line] == [f"{source}:3:8", f"{source}:4:5", f"{source}:6:8"]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("flow.mmd", "flowchart LR\n  a --> b\n", 'error M004 this is not a Mermaid journey diagram: it starts with "flowchart"'),
        ("empty.mmd", "", "error M004 no Mermaid journey diagram here"),
        ("bare.mmd", "journey\n  title Nothing\n", "error M004 the journey diagram has no section and no task"),
        ("notes.md", "# Notes\n\n```mermaid\npie\n  \"a\": 1\n```\n", "error M004 no Mermaid journey diagram here: a Markdown file needs a ```mermaid block"),
    ],
)
def test_files_without_a_journey_diagram_say_so(tmp_path, name, text, message):
    result = run("convert", str(write(tmp_path, name, text)))
    assert result.returncode == 1
    assert message in result.err


def test_usage_errors_exit_2(tmp_path):
    assert run("convert", str(tmp_path / "missing.mmd")).returncode == 2
    other = run("convert", str(write(tmp_path, "notes.txt", "journey\n")))
    assert other.returncode == 2 and "cannot tell which way to convert" in other.err
    source = write(tmp_path, "day.journey.yaml", MINIMAL)
    before = source.read_bytes()
    same = run("convert", str(source), "-o", str(source))
    assert same.returncode == 2 and "never overwrites its input" in same.err and source.read_bytes() == before
    library = run("convert", str(EXAMPLES / "shared" / "personas-and-channels.library.yaml"))
    assert library.returncode == 2 and "holds no journey" in library.err


def test_an_invalid_journey_is_not_exported(tmp_path):
    source = write(tmp_path, "bad.journey.yaml", "version: 1\nid: x\ntitle: X\nstages:\n  - id: a\n    name: A\ntouchpoints:\n  - id: t\n    name: T\n    stage: nowhere\n")
    result = run("convert", str(source), "-o", str(tmp_path / "x.mmd"))
    assert result.returncode == 1 and "R001" in result.err
    assert not (tmp_path / "x.mmd").exists()


# ---- Mermaid out ----------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda path: path.name)
def test_round_trip_keeps_stages_touchpoints_order_personas_and_scores(tmp_path, example):
    original = journey_of(example)
    mermaid, _ = convert(tmp_path, example, "map.mmd")
    back, _ = convert(tmp_path, mermaid, "back.journey.yaml")
    converted = journey_of(back)
    assert [s.name for s in converted.stages] == [s.name for s in original.stages]
    stage_name = {s.id: s.name for s in original.stages}
    in_order = [t for s in original.stages for t in original.touchpoints if t.stage == s.id]
    assert len(converted.touchpoints) == len(original.touchpoints)
    converted_stage = {s.id: s.name for s in converted.stages}
    for before, after in zip(in_order, converted.touchpoints):
        assert after.name == before.name.replace(":", " -")
        assert converted_stage[after.stage] == stage_name[before.stage]
        expected_score = round(before.emotion.score) if before.emotion else 0
        if before.emotion and abs(before.emotion.score % 1) == 0.5:
            expected_score = int(before.emotion.score + (0.5 if before.emotion.score > 0 else -0.5))
        assert after.emotion.score == expected_score, before.id
        names = {p.id: p.name.replace(",", " -") for p in original.personas}
        expected_personas = [names[p] for p in before.personas] or list(names.values())
        assert sorted(p.name for p in converted.personas if p.id in after.personas) == sorted(expected_personas)
    chain = [t.id for t in converted.touchpoints]
    assert [[n.to for n in t.next] for t in converted.touchpoints] == [[following] for following in chain[1:]] + [[]]
    assert [t.end for t in converted.touchpoints] == [False] * (len(chain) - 1) + [True]


def test_emotions_map_onto_scores_without_flipping(tmp_path):
    emotions = [-2, -1.6, -1.5, -0.5, -0.4, 0, 0.4, 0.5, 1, 1.5, 2]
    touchpoints = "".join(f"  - id: t{i}\n    name: Step {i}\n    stage: s\n    emotion: {e}\n" for i, e in enumerate(emotions))
    touchpoints += "  - id: none\n    name: No feeling\n    stage: s\n"
    source = write(tmp_path, "e.journey.yaml", f"version: 1\nid: e\ntitle: E\nstages:\n  - id: s\n    name: S\ntouchpoints:\n{touchpoints}")
    result = run("convert", str(source))
    assert result.returncode == 0, result.err
    scores = [line.rsplit(": ", 1)[1] for line in result.out.splitlines() if line.startswith("    ")]
    assert scores == ["1", "1", "1", "2", "3", "3", "3", "4", "4", "5", "5", "3"]
    assert "7 emotions rounded to a whole score" in result.err
    assert "1 touchpoint without an emotion (shown as 3)" in result.err


def test_the_notice_counts_what_mermaid_cannot_hold():
    example = EXAMPLES / "retail-first-purchase.journey.yaml"
    journey = journey_of(example)
    result = run("convert", str(example))
    assert result.returncode == 0
    [notice] = [line for line in result.err.splitlines() if "dropped" in line]
    assert notice.startswith(f"journeyctl: {example}: dropped (Mermaid's journey cannot hold them): ")
    pain = sum(len(t.pain_points) for t in journey.touchpoints)
    channels = len(journey.channels)
    opportunities = sum(len(t.opportunities) for t in journey.touchpoints)
    assert pain and channels and opportunities
    for words in (f"{pain} pain points", f"{channels} channels", f"{opportunities} opportunities", f"{len(journey.tags)} tags"):
        assert words in notice
    order = [t for s in journey.stages for t in journey.touchpoints if t.stage == s.id]
    following = {t.id: order[i + 1].id for i, t in enumerate(order[:-1])}
    other_flows = sum(1 for t in order for n in t.next if n.to != following.get(t.id))
    assert f"{other_flows} flows other than the written order" in notice


def test_render_format_mermaid_is_the_same_export(tmp_path):
    example = EXAMPLES / "saas-trial-to-paid.journey.yaml"
    rendered = run("render", str(example), "--format", "mermaid", "-o", "-")
    assert rendered.returncode == 0, rendered.err
    assert rendered.stdout == run("convert", str(example)).stdout
    folder = run("render", str(EXAMPLES), "--format", "mermaid", "-o", str(tmp_path / "out") + "/")
    assert folder.returncode == 0, folder.err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name.replace(".journey.yaml", ".mmd") for p in EXAMPLE_FILES)
    by_extension = run("render", str(example), "-o", str(tmp_path / "map.mmd"))
    assert by_extension.returncode == 0 and (tmp_path / "map.mmd").read_bytes() == rendered.stdout


def test_a_markdown_output_gets_a_mermaid_block_that_converts_back(tmp_path):
    example = EXAMPLES / "switch-mobile-plan.journey.yaml"
    out, _ = convert(tmp_path, example, "README.md")
    text = out.read_text()
    assert text.startswith("```mermaid\njourney\n") and text.endswith("```\n")
    back, _ = convert(tmp_path, out, "back.journey.yaml")
    assert len(journey_of(back).touchpoints) == len(journey_of(example).touchpoints)


HOSTILE = """\
version: 1
id: hostile
title: "Plans: 2024; #1 choice"
personas:
  - id: maya
    name: Maya, the parent
  - id: leo
    name: "Leo: saver"
stages:
  - id: s1
    name: "Section 1: look"
  - id: s2
    name: Title and deed
touchpoints:
  - id: t1
    name: Title page
    stage: s1
    personas: [maya]
    emotion: -2
  - id: t2
    name: "Journey planner: step #2"
    stage: s1
    emotion: 1
  - id: t3
    name: section two
    stage: s2
    personas: [leo]
    emotion: 0.5
  - id: t4
    name: "%% not a comment"
    stage: s2
    emotion: 2
  - id: t5
    name: accTitle stays a task
    stage: s2
    emotion: -1
"""
HOSTILE_TASKS = [
    ("Section 1 - look", "Title page", 1, ["Maya - the parent"]),
    ("Section 1 - look", "Journey planner - step No.2", 4, ["Maya - the parent", "Leo - saver"]),
    ("Title and deed", "section two", 4, ["Leo - saver"]),
    ("Title and deed", "% not a comment", 5, ["Maya - the parent", "Leo - saver"]),
    ("Title and deed", "accTitle stays a task", 2, ["Maya - the parent", "Leo - saver"]),
]


def test_names_that_look_like_mermaid_syntax_come_back_as_names(tmp_path):
    source = write(tmp_path, "hostile.journey.yaml", HOSTILE)
    mermaid, result = convert(tmp_path, source, "hostile.mmd")
    assert "names rewritten for Mermaid" in result.err
    back, _ = convert(tmp_path, mermaid, "back.journey.yaml")
    journey = journey_of(back)
    assert journey.title == "Plans: 2024, No.1 choice"
    stages = {s.id: s.name for s in journey.stages}
    people = {p.id: p.name for p in journey.personas}
    assert [(stages[t.stage], t.name, t.emotion.score + 3, [people[p] for p in t.personas]) for t in journey.touchpoints] == HOSTILE_TASKS


# ---- the real Mermaid parser ------------------------------------------------------


def _mermaid_ready() -> bool:
    return shutil.which("node") is not None and (MERMAID_DIR / "node_modules" / "mermaid").is_dir()


needs_mermaid = pytest.mark.skipif(not _mermaid_ready(), reason="needs node and the pinned Mermaid packages: sh scripts/ensure-mermaid.sh")


def mermaid_parse(texts: list[str]) -> list[dict]:
    done = subprocess.run(["node", str(MERMAID_DIR / "parse.mjs")], input=json.dumps(texts).encode(), capture_output=True, cwd=MERMAID_DIR, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


@needs_mermaid
def test_the_parser_check_rejects_what_mermaid_rejects():
    """The check below could fail: Mermaid refuses a task without a score."""
    good, bad = mermaid_parse([DOCS_EXAMPLE, "journey\n  section S\n    no score here\n"])
    assert good["ok"] and good["type"] == "journey" and good["title"] == "My working day"
    assert not bad["ok"] and "Parse error" in bad["error"]


@needs_mermaid
def test_every_export_is_read_by_mermaid_as_written(tmp_path):
    sources = [*EXAMPLE_FILES, write(tmp_path, "hostile.journey.yaml", HOSTILE)]
    texts = []
    for source in sources:
        result = run("convert", str(source))
        assert result.returncode == 0, result.err
        texts.append(result.out)
    rendered = run("render", str(EXAMPLES), "--format", "mermaid", "-o", str(tmp_path / "out") + "/")
    assert rendered.returncode == 0
    texts += [path.read_text() for path in sorted((tmp_path / "out").iterdir())]
    parsed = mermaid_parse(texts)
    for text, result in zip(texts, parsed):
        assert result["ok"], result
        assert result["type"] == "journey"
        # what Mermaid read is what journeyctl reads back from the same text
        mmd = write(tmp_path, "check.mmd", text)
        back, _ = convert(tmp_path, mmd, "check.journey.yaml")
        journey = journey_of(back)
        stages = {s.id: s.name for s in journey.stages}
        people = {p.id: p.name for p in journey.personas}
        ours = [{"section": stages[t.stage], "task": t.name, "score": t.emotion.score + 3, "people": [people[p] for p in t.personas]} for t in journey.touchpoints]
        theirs = [{**task, "task": task["task"].strip().lstrip("\u2060")} for task in result["tasks"]]
        assert theirs == ours
        assert result["title"].strip() == journey.title
        assert result["sections"] == [s.name for s in journey.stages]
    hostile = parsed[len(EXAMPLE_FILES)]
    assert [(t["section"], t["task"].lstrip("\u2060"), t["score"], t["people"]) for t in hostile["tasks"]] == HOSTILE_TASKS


@needs_mermaid
def test_mermaid_and_journeyctl_read_the_documentation_example_alike(tmp_path):
    text = DOCS_EXAMPLE + "    section Evening\n      Read: 4\n"
    [result] = mermaid_parse([text])
    out, _ = convert(tmp_path, write(tmp_path, "day.mmd", text), "day.journey.yaml")
    journey = journey_of(out)
    stages = {s.id: s.name for s in journey.stages}
    people = {p.id: p.name for p in journey.personas}
    assert result["tasks"] == [{"section": stages[t.stage], "task": t.name, "score": t.emotion.score + 3, "people": [people[p] for p in t.personas]} for t in journey.touchpoints]
    assert sorted(result["actors"]) == sorted(people.values())
