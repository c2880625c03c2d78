"""docs/format.md tells the truth: its examples are valid, its tables match the models.

Complete journeys in the page (```yaml blocks whose first line after comments is
``version: 1``) go through the real ``journeyctl validate -``. Smaller snippets are
checked against the model of the object they show. The field tables, the emotion
scale, the lanes, the channel kinds and the YAML limits are compared with the code,
so the reference cannot drift from the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import ROOT, run, write

from journeyctl import __version__
from journeyctl.model import (
    CHANNEL_KINDS,
    EMOTION_LABELS,
    KPI,
    LANES,
    STATUSES,
    Channel,
    Emotion,
    Flow,
    Import,
    Journey,
    Initiative,
    Library,
    Persona,
    Phase,
    Row,
    Sourced,
    Stage,
    Timing,
    Touchpoint,
)
from journeyctl.sources import MAX_BYTES
from journeyctl.yaml_source import MAX_DEPTH, MAX_EXPANDED, Mapping, compose

DOC = ROOT / "docs" / "format.md"
TEXT = DOC.read_text(encoding="utf-8")
LINES = TEXT.splitlines()

# Section heading -> the model whose keys its table lists.
TABLES = {
    "The journey": Journey,
    "Imports": Import,
    "Personas": Persona,
    "Channels": Channel,
    "Stages": Stage,
    "KPIs": KPI,
    "Phases": Phase,
    "Touchpoints": Touchpoint,
    "Time": Timing,
    "Emotion": Emotion,
    "Sources": Sourced,
    "Custom rows": Row,
    "The journey's backlog": Initiative,
    "Next steps (flow)": Flow,
    "Library files": Library,
}


@dataclass(frozen=True)
class Block:
    line: int  # of the opening fence
    lang: str
    text: str

    @property
    def body(self) -> list[str]:
        """The lines that are neither blank nor comments."""
        return [line for line in self.text.splitlines() if line.strip() and not line.lstrip().startswith("#")]

    @property
    def complete(self) -> bool:
        return bool(self.body) and self.body[0] == "version: 1"

    @property
    def file_name(self) -> str | None:
        first = self.text.splitlines()[0]
        return first.removeprefix("# file:").strip() if first.startswith("# file:") else None


def blocks() -> list[Block]:
    found, open_at, lang, body = [], None, "", []
    for number, line in enumerate(LINES, start=1):
        if open_at is None and line.startswith("```"):
            open_at, lang, body = number, line[3:].strip(), []
        elif open_at is not None and line == "```":
            found.append(Block(open_at, lang, "\n".join(body) + "\n"))
            open_at = None
        elif open_at is not None:
            body.append(line)
    assert open_at is None, f"the code block opened on line {open_at} is never closed"
    return found


YAML = [block for block in blocks() if block.lang == "yaml"]
COMPLETE = [block for block in YAML if block.complete]
SNIPPETS = [block for block in YAML if not block.complete]


def section(heading: str) -> list[str]:
    """The lines under a ``##`` or ``###`` heading, up to the next heading."""
    start = next(i for i, line in enumerate(LINES) if re.fullmatch(rf"#{{2,3}} {re.escape(heading)}", line))
    end = next((i for i in range(start + 1, len(LINES)) if LINES[i].startswith("## ") or LINES[i].startswith("### ")), len(LINES))
    return LINES[start + 1 : end]


def table(lines: list[str], first_header: str) -> list[list[str]]:
    """The rows of the first table in ``lines`` whose header starts with ``first_header``."""
    for i, line in enumerate(lines):
        if line.startswith(f"| {first_header} |"):
            rows = []
            for row in lines[i + 2 :]:
                if not row.startswith("|"):
                    break
                rows.append([cell.strip() for cell in row.strip().strip("|").split("|")])
            return rows
    raise AssertionError(f"no table starting with '| {first_header} |'")


def code(cell: str) -> str:
    match = re.fullmatch(r"`([^`]+)`", cell)
    assert match, f"expected one `name` in the cell {cell!r}"
    return match.group(1)


@pytest.fixture(scope="module")
def docs_folder(tmp_path_factory) -> Path:
    """A folder holding the library files the page names with '# file:', for imports."""
    folder = tmp_path_factory.mktemp("docs")
    for block in YAML:
        if block.file_name:
            write(folder, block.file_name, block.text)
    return folder


def test_the_page_has_complete_examples_and_snippets():
    assert len(COMPLETE) >= 8
    assert len(SNIPPETS) >= 8
    assert any(block.file_name for block in COMPLETE), "the imports example needs its library file"


@pytest.mark.parametrize("block", COMPLETE, ids=lambda block: f"line-{block.line}")
def test_complete_example_is_valid(block, docs_folder):
    result = run("validate", "-", input=block.text, cwd=docs_folder)
    assert result.returncode == 0, f"docs/format.md line {block.line}:\n{result.out}{result.err}"
    assert "no problems" in result.out


# The object a snippet's keys belong to, with the least it needs around it.
CONTAINERS = (
    (Journey, {"version": "1", "id": "snippet", "title": "Snippet", "stages": [{"id": "s", "name": "S"}]}),
    (Stage, {"id": "s", "name": "S"}),
    (Touchpoint, {"id": "t", "name": "T", "stage": "s"}),
    (Emotion, {"score": 0}),
)


@pytest.mark.parametrize("block", SNIPPETS, ids=lambda block: f"line-{block.line}")
def test_snippet_fits_the_format(block):
    data, problems = compose(block.text, f"docs/format.md:{block.line}")
    assert problems == [], problems
    assert isinstance(data, Mapping), f"line {block.line}: a snippet should be a mapping of keys"
    for model, around in CONTAINERS:
        if set(data) <= set(model.model_fields):
            model.model_validate({**around, **data})
            return
    raise AssertionError(f"line {block.line}: the keys {sorted(data)} belong to no object of the format")


@pytest.mark.parametrize("heading", TABLES)
def test_table_lists_every_key_and_which_are_required(heading):
    model = TABLES[heading]
    rows = table(section(heading), "Key")
    documented = {code(row[0]): row[1] for row in rows}
    assert sorted(documented) == sorted(model.model_fields), heading
    for name, required in documented.items():
        assert required.startswith("yes") == model.model_fields[name].is_required(), f"{heading}: {name}"


def test_emotion_scale_matches_the_model():
    rows = table(section("Emotion"), "Score")
    assert {int(code(row[0])): row[1] for row in rows} == EMOTION_LABELS


def test_lanes_kinds_and_statuses_match_the_model():
    assert [code(row[0]) for row in table(section("Touchpoints"), "Lane")] == list(LANES)
    assert [code(row[0]) for row in table(section("Channels"), "Kind")] == list(CHANNEL_KINDS)
    status = next(row for row in table(section("The journey"), "Key") if row[0] == "`status`")
    assert re.findall(r"`([^`]+)`", status[2]) == list(STATUSES)


def test_limits_match_the_reader():
    limits = section("YAML that is not allowed")
    joined = "\n".join(limits)
    assert f"deeper than {MAX_DEPTH} levels" in joined
    assert f"beyond {MAX_EXPANDED:,} values" in joined
    assert f"larger than {MAX_BYTES // (1024 * 1024)} MiB" in joined


def test_version_message_is_what_journeyctl_prints(tmp_path):
    shown = next(block for block in blocks() if block.lang == "text" and "S005" in block.text).text.splitlines()
    command, expected = shown[0], shown[1:]
    assert command == "$ journeyctl validate journey.yaml"
    write(tmp_path, "journey.yaml", "version: 2\nid: newer\ntitle: A journey from the future\nstages:\n  - id: awareness\n    name: Awareness\n")
    result = run("validate", "--color", "never", "journey.yaml", cwd=tmp_path)
    assert result.returncode == 1
    actual = result.out.replace(f"journeyctl {__version__} ", "journeyctl 0.1.0 ").splitlines()
    assert actual == expected


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_links_lead_somewhere():
    anchors = {slug(line.lstrip("#").strip()) for line in LINES if line.startswith("#") and " " in line}
    links = re.findall(r"\]\(([^)\s]+)\)", TEXT)
    assert links
    for link in links:
        if link.startswith("#"):
            assert link[1:] in anchors, f"no heading for the link {link}"
        else:
            assert (DOC.parent / link).resolve().is_file(), f"the link {link} leads to no file"


def linked_examples() -> list[Path]:
    return sorted((DOC.parent / link).resolve() for link in re.findall(r"\]\((\.\./examples/[^)\s]+)\)", TEXT))


def test_the_linked_examples_are_all_the_examples():
    on_disk = sorted(path.resolve() for path in (ROOT / "examples").rglob("*.yaml"))
    assert linked_examples() == on_disk


def test_the_linked_examples_are_valid():
    result = run("validate", *map(str, linked_examples()))
    assert result.returncode == 0, result.out + result.err
    assert "no problems" in result.out


@pytest.mark.parametrize("example", linked_examples(), ids=lambda path: path.name)
def test_example_names_its_schema_for_editors(example):
    first, second = example.read_text(encoding="utf-8").splitlines()[:2]
    kind = "library" if example.name.endswith(".library.yaml") else "journey"
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{example.name}: the first line should name the schema"
    schema = (example.parent / match.group(1)).resolve()
    assert schema == ROOT / "schema" / f"{kind}.schema.json"
    assert schema.is_file()
    assert second == "version: 1"
