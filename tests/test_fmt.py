"""journeyctl fmt's layout: canonical, idempotent, never a change of meaning, every comment kept.

Generated journeys are written in many layouts (keys shuffled, indentation of two to
four spaces, lists in flow or block style, comments above keys and at line ends) and
formatted; the validated model and the composed data must be the same before and
after, and each comment must still sit with the key it was written for.
"""

from __future__ import annotations

import json
import random
import re
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeyctl.lifecycle.fmt import format_text
from journeyctl.model import MODELS, Journey, Stage, Touchpoint
from journeyctl.yaml_source import Mapping, Quoted, Sequence, compose

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PLAIN = re.compile(r"-?[A-Za-z0-9][A-Za-z0-9 .,'-]*")
TRICKY = ["no", "yes", "on", "off", "2024-01-01", "0x1F", "1e3", "012", "true", "1.50", "a: b", "# not a comment", "- dash", "it's"]


def data_of(node: object) -> object:
    if isinstance(node, Mapping):
        return {key: data_of(value) for key, value in node.items()}
    if isinstance(node, Sequence):
        return [data_of(item) for item in node]
    return ("quoted", str(node)) if isinstance(node, Quoted) else node


def read(text: str) -> tuple[object, object]:
    root, problems = compose(text, "test")
    assert not [p for p in problems if p.level == "error"], problems
    kind = root.get("kind") if root.get("kind") in MODELS else "journey"
    return data_of(root), MODELS[kind].model_validate(root)


def check_format(text: str) -> str:
    out = format_text(text)
    data_before, model_before = read(text)
    data_after, model_after = read(out)
    assert model_after == model_before
    assert data_after == data_before  # dicts compare without their order: only key order may change
    assert format_text(out) == out, "formatting is idempotent"
    return out


# -- a generated journey, written out in a random layout ----------------------

ids = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
texts = st.one_of(st.sampled_from(TRICKY), st.text(alphabet=string.ascii_letters + string.digits + " .,'-:#\"é", min_size=1, max_size=24).filter(lambda t: t.strip() == t and t))


@st.composite
def journeys(draw):
    stage_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    stages = []
    for ident in stage_ids:
        stage = {"id": ident, "name": draw(texts)}
        if draw(st.booleans()):
            stage["goal"] = draw(texts)
        if draw(st.booleans()):
            stage["expectations"] = draw(st.lists(texts, min_size=1, max_size=3))
        if draw(st.booleans()):
            stage["kpis"] = [{"name": draw(texts), "target": draw(texts)}]
        stages.append(stage)
    tp_ids = draw(st.lists(ids, max_size=5, unique=True))
    touchpoints = []
    for ident in tp_ids:
        tp = {"id": ident, "name": draw(texts), "stage": draw(st.sampled_from(stage_ids))}
        if draw(st.booleans()):
            tp["emotion"] = draw(st.one_of(st.sampled_from(["-2", "-1", "0", "1", "2", "0.5"]), st.fixed_dictionaries({"score": st.sampled_from(["-1", "1.5"]), "label": texts})))
        if tp_ids and draw(st.booleans()):
            tp["next"] = draw(st.lists(st.sampled_from(tp_ids), min_size=1, max_size=3, unique=True))
        if draw(st.booleans()):
            tp["pain_points"] = draw(st.lists(texts, min_size=1, max_size=2))
        if draw(st.booleans()):
            tp["lane"] = draw(st.sampled_from(["customer", "frontstage", "backstage", "support"]))
        if draw(st.booleans()):
            tp["milestone"] = draw(st.sampled_from(["true", "false"]))
        if draw(st.booleans()):
            tp["x-note"] = draw(texts)
        touchpoints.append(tp)
    journey = {"version": "1", "id": draw(ids), "title": draw(texts), "stages": stages}
    if touchpoints:
        journey["touchpoints"] = touchpoints
    if draw(st.booleans()):
        journey["tags"] = draw(st.lists(texts, min_size=1, max_size=3))
    if draw(st.booleans()):
        journey["description"] = draw(texts)
    return journey


def scalar(value: str, flow: bool = False) -> str:
    plain = PLAIN.fullmatch(value) and value.strip() == value and not (flow and "," in value) and value.lower() != "null"
    return value if plain else json.dumps(value, ensure_ascii=False)


class Writer:
    """Writes a journey in a layout chosen by ``rnd``, noting where each comment was put."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.unit = rnd.choice([2, 3, 4])
        self.lines: list[str] = []
        self.above: dict[str, str] = {}  # comment -> the key it was written above
        self.eol: dict[str, str] = {}  # comment -> the key whose line it ends

    def comment(self) -> str:
        return f"# note {len(self.above) + len(self.eol)}"

    def mapping(self, data: dict, col: int, dash: str | None = None) -> None:
        keys = list(data)
        self.rnd.shuffle(keys)
        for index, key in enumerate(keys):
            lead = dash if (dash is not None and index == 0) else " " * col
            # comments above a list item's dash belong to the item, those above the file's
            # first key to the file's header: neither is a key's own comment
            if (index > 0 or (dash is None and col > 0)) and self.rnd.random() < 0.2:
                note = self.comment()
                self.above[note] = key
                self.lines.append(" " * col + note)
            self.entry(key, data[key], col, lead)

    def entry(self, key: str, value: object, col: int, lead: str) -> None:
        if isinstance(value, str):
            line = f"{lead}{key}: {scalar(value)}"
            if self.rnd.random() < 0.2:
                note = self.comment()
                self.eol[note] = key
                line += "  " + note
            self.lines.append(line)
        elif isinstance(value, dict):
            self.lines.append(f"{lead}{key}:")
            self.mapping(value, col + self.unit)
        elif all(isinstance(item, str) for item in value) and self.rnd.random() < 0.5:
            self.lines.append(f"{lead}{key}: [{', '.join(scalar(item, flow=True) for item in value)}]")
        else:
            self.lines.append(f"{lead}{key}:")
            offset = self.rnd.choice([0, self.unit])
            for item in value:
                dash = " " * (col + offset) + "- "
                if isinstance(item, dict):
                    self.mapping(item, col + offset + 2, dash)
                else:
                    self.lines.append(dash + scalar(item))


def written(journey: dict, rnd: random.Random) -> Writer:
    writer = Writer(rnd)
    writer.lines.append("# yaml-language-server: $schema=../schema/journey.schema.json")
    writer.mapping(journey, 0)
    return writer


def content_after(lines: list[str], index: int) -> str:
    for line in lines[index + 1:]:
        if line.strip() and not line.lstrip().startswith("#"):
            return line.strip().removeprefix("- ")
    raise AssertionError("no content after the comment")


@SETTINGS
@given(journeys(), st.randoms(use_true_random=False))
def test_generated_journeys_keep_their_meaning_and_comments(journey, rnd):
    writer = written(journey, rnd)
    text = "\n".join(writer.lines) + "\n"
    out = check_format(text)
    lines = out.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schema/journey.schema.json"
    for note, key in writer.above.items():
        found = [i for i, line in enumerate(lines) if line.strip() == note]
        assert len(found) == 1, (note, out)
        assert content_after(lines, found[0]).startswith(f"{key}:"), (note, key, out)
    for note, key in writer.eol.items():
        found = [line for line in lines if line.endswith(note)]
        assert len(found) == 1, (note, out)
        assert found[0].strip().removeprefix("- ").startswith(f"{key}: "), (note, key, out)
    assert_canonical(out)


def assert_canonical(text: str) -> None:
    root, _ = compose(text, "test")

    def in_order(mapping: dict, model) -> None:
        rank = {name: i for i, name in enumerate(model.model_fields)}
        keys = [key for key in mapping if key in rank]
        assert keys == sorted(keys, key=rank.__getitem__), keys
        unknown = [key for key in mapping if key not in rank]
        assert list(mapping)[len(keys):] == unknown, "unknown keys come last"

    in_order(root, Journey)
    for stage in root["stages"]:
        in_order(stage, Stage)
    for tp in root.get("touchpoints", []):
        in_order(tp, Touchpoint)
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        assert indent % 2 == 0, line


# -- the rules, one at a time ---------------------------------------------------

SCRAMBLED = """\
# yaml-language-server: $schema=../schema/journey.schema.json
# journeyctl: disable-file=L001
title: no   # the title is the word no
id: shop
version: 1
x-jira: CX-1
stages:
- name: Awareness
  # why this id
  id: awareness
touchpoints:
    # Awareness
    - stage: awareness
      name: 'Sees an ad'
      id: sees-ad
      personas: [
        maya, leo]
      next:
      -   pays   # the only way on
      # before the emotion
      emotion: {label: curious, score: 0x1F}
    - name: Pays
      id: pays  # journeyctl: disable=L003
      stage: awareness
      # journeyctl: disable-next-line=L011
      description: 2024-01-01
      thoughts:
      - yes
      - "on"
      pain_points: [a very long pain point that goes on and on, another long one that does not stop, and a third]
"""

FORMATTED = """\
# yaml-language-server: $schema=../schema/journey.schema.json
# journeyctl: disable-file=L001
version: 1
id: shop
title: no   # the title is the word no
stages:
  # why this id
  - id: awareness
    name: Awareness
touchpoints:
  # Awareness
  - id: sees-ad
    name: 'Sees an ad'
    stage: awareness
    personas: [maya, leo]
    # before the emotion
    emotion: {score: 0x1F, label: curious}
    next:
      - pays     # the only way on
  - id: pays    # journeyctl: disable=L003
    name: Pays
    stage: awareness
    # journeyctl: disable-next-line=L011
    description: 2024-01-01
    thoughts:
      - yes
      - "on"
    pain_points:
      - a very long pain point that goes on and on
      - another long one that does not stop
      - and a third
x-jira: CX-1
"""


def test_a_scrambled_file_comes_out_in_the_canonical_layout():
    # the emotion score 0x1F is not a number journeyctl reads: the layout is checked on the text
    out = format_text(SCRAMBLED)
    assert out == FORMATTED
    assert format_text(out) == out


def test_scalars_keep_their_text():
    text = "version: 1\nid: a\ntitle: no\ndescription: 2024-01-01\nowner: 0x1F\nstatus: as-is\ntags: [on, off, 1e3, '012', \"null\", ~x]\nstages:\n  - id: s\n    name: 1.50\n"
    assert check_format(text) == text


def test_short_id_lists_go_on_one_line_and_long_ones_one_a_line():
    ids = [f"persona-number-{n}" for n in range(6)]
    text = "version: 1\nid: a\ntitle: T\nstages:\n  - id: s\n    name: S\ntouchpoints:\n  - id: t\n    name: T\n    stage: s\n    personas:\n" + "".join(f"      - {i}\n" for i in ids[:2])
    out = check_format(text)
    assert "    personas: [persona-number-0, persona-number-1]\n" in out
    long = text.replace("    personas:\n", "    personas: [" + ", ".join(ids) + "]\n").split("    personas: [")[0] + "    personas: [" + ", ".join(ids) + "]\n"
    out = check_format(long)
    assert "    personas:\n" + "".join(f"      - {i}\n" for i in ids) in out
    assert max(len(line) for line in out.splitlines()) <= 88


def test_text_lists_keep_the_style_they_were_written_in():
    text = "version: 1\nid: a\ntitle: T\ntags: [retail, first purchase]\nstages:\n  - id: s\n    name: S\n    expectations:\n      - Short\n"
    assert check_format(text) == text


def test_block_text_and_hashes_inside_it_are_left_alone():
    text = "version: 1\nid: a\ntitle: T\nstages:\n  - name: S\n    description: |\n      # a heading, not a comment\n        indented\n      end\n    id: s\n"
    out = check_format(text)
    assert "    description: |\n      # a heading, not a comment\n        indented\n      end\n" in out
    assert out.index("- id: s") < out.index("name: S")


def test_a_library_follows_the_library_order():
    text = "personas:\n  - name: Maya\n    id: maya\nkind: library\nversion: 1\n"
    assert check_format(text) == "version: 1\nkind: library\npersonas:\n  - id: maya\n    name: Maya\n"


def test_comments_after_the_last_key_stay_at_the_end():
    text = "title: T\nid: a\nversion: 1\nstages:\n  - id: s\n    name: S\n# the end\n"
    assert check_format(text).endswith("    name: S\n# the end\n")


def test_a_comment_after_a_list_indented_with_it_stays_with_the_list():
    text = (
        "version: 1\nid: a\ntitle: T\nstages:\n  - id: s\n    name: S\n    kpis:  # measures\n      - name: K\n"
        "        target: 5%\n      # after the last measure\n    # about the goal\n    goal: G\n"
    )
    out = check_format(text)
    assert out.endswith("    # about the goal\n    goal: G\n    kpis:  # measures\n      - name: K\n        target: 5%\n      # after the last measure\n")
