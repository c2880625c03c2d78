"""Hints that teach, through the real `journeyctl validate`: where a misplaced key belongs,
text with a colon in a list, one value written as a list and a list written as one value.

MINIMAL ends with a touchpoint at line 10, so a line added to it is line 11.
"""

from __future__ import annotations

import json

from helpers import MINIMAL, problems, run, write


def _one(text: str) -> dict:
    code, records = problems("-", input=text)
    assert code == 1 and len(records) == 1, records
    return records[0]


def _at(record: dict) -> tuple:
    return (record["line"], record["column"], record["code"])


# --- a key in the wrong place points to where it belongs ---------------------------


def test_a_stage_key_in_a_touchpoint_says_it_belongs_to_a_stage():
    record = _one(MINIMAL + "    kpis:\n      - name: Conversion\n")
    assert _at(record) == (11, 5, "S001")
    assert record["message"] == 'unknown key "kpis" in the touchpoint "sees-ad"'
    assert record["hint"] == '"kpis" belongs to a stage.'


def test_a_key_of_two_places_names_both():
    record = _one(MINIMAL + "    expectations: [Free delivery]\n")
    assert _at(record) == (11, 5, "S001")
    assert record["hint"] == '"expectations" belongs to a persona or a stage.'


def test_a_touchpoint_key_in_a_stage_says_it_belongs_to_a_touchpoint():
    text = MINIMAL.replace("    name: Awareness\n", "    name: Awareness\n    fail_points: [The ad does not load]\n")
    record = _one(text)
    assert _at(record) == (7, 5, "S001")
    assert record["hint"] == '"fail_points" belongs to a touchpoint.'


def test_a_misspelt_key_that_belongs_elsewhere_gets_both():
    record = _one(MINIMAL + "    expectation: [Free delivery]\n")
    assert record["hint"] == 'Did you mean "expectations"? It belongs to a persona or a stage.'
    stage = _one(MINIMAL.replace("    name: Awareness\n", "    name: Awareness\n    goals: [Find a lamp]\n"))
    assert _at(stage) == (7, 5, "S001")
    assert stage["hint"] == 'Did you mean "goal"? "goals" belongs to a persona.'


def test_a_key_indented_too_deep_is_told_to_line_up_with_its_neighbour():
    record = _one(MINIMAL + "    emotion:\n      score: -1\n      pain_points: [The ad hides the price]\n")
    assert _at(record) == (13, 7, "S001")
    assert record["message"] == 'unknown key "pain_points" in the touchpoint "sees-ad"'
    assert record["hint"] == '"pain_points" belongs to the touchpoint "sees-ad": line it up with "emotion", not inside it.'


def test_a_journey_key_in_a_touchpoint_belongs_to_the_journey():
    record = _one(MINIMAL + "    entry: sees-ad\n")
    assert _at(record) == (11, 5, "S001")
    assert record["hint"] == '"entry" belongs to the journey: line it up with "touchpoints", not inside it.'


def test_a_journey_key_in_a_library_says_it_belongs_in_a_journey_file(tmp_path):
    text = "version: 1\nkind: library\nstages: []\npersonas:\n  - id: maya\n    name: Maya\n    kpis: []\n"
    code, records = problems(str(write(tmp_path, "people.library.yaml", text)))
    assert code == 1
    assert [(_at(r), r["hint"]) for r in records] == [
        ((3, 1, "S001"), '"stages" belongs in a journey file, not in a library.'),
        ((7, 5, "S001"), '"kpis" belongs to a stage in a journey file, not in a library.'),
    ]


def test_a_key_that_belongs_nowhere_still_lists_the_known_keys():
    record = _one(MINIMAL + "    colour: red\n")
    assert record["hint"].startswith("Known keys here: id, name, stage, channel, ")


def test_a_misspelling_of_a_key_here_keeps_its_plain_suggestion():
    record = _one(MINIMAL + "    chanel: web\n")
    assert record["hint"] == 'Did you mean "channel"?'


# --- text with a colon, read by YAML as a mapping ------------------------------------


def test_unquoted_text_with_a_colon_in_a_list_gets_put_it_in_quotes():
    record = _one(MINIMAL + "    actions:\n      - Team: text\n")
    assert _at(record) == (12, 9, "S003")
    assert record["message"] == 'item 1 of "actions" should be text, not a mapping'
    assert record["hint"] == 'Put the text in quotes: - "Team: text"'


def test_in_a_list_of_sourced_texts_it_is_one_problem_not_two():
    # A thought may be a mapping {text, source}: "Team" is neither, and "text" is missing,
    # but the person wrote one thought with a colon in it.
    record = _one(MINIMAL + "    thoughts:\n      - Note to self: ask about fees\n")
    assert _at(record) == (12, 9, "S003")
    assert record["hint"] == 'Put the text in quotes: - "Note to self: ask about fees"'


def test_quotes_already_in_the_text_are_kept():
    record = _one(MINIMAL + '    thoughts:\n      - She said: "never again"\n')
    assert record["hint"] == """Put the text in quotes: - 'She said: "never again"'"""


def test_text_with_a_colon_outside_a_list():
    record = _one(MINIMAL + "    description:\n      Why: it is cheap\n")
    assert _at(record) == (12, 7, "S003")
    assert record["hint"] == 'Put the text in quotes: description: "Why: it is cheap"'


def test_a_mapping_in_braces_is_meant_and_gets_no_quotes_hint():
    record = _one(MINIMAL + "    actions:\n      - {Team: text}\n")
    assert _at(record) == (12, 9, "S003")
    assert "quotes" not in (record["hint"] or "")


def test_a_sourced_thought_is_still_a_mapping():
    text = MINIMAL + "    thoughts:\n      - {text: Is there a catch?, source: interviews}\n      - source: survey\n"
    record = _one(text)
    assert (record["line"], record["code"]) == (13, "S002")
    assert '"text"' in record["message"]


# --- one value written as a list, a list written as one value ------------------------


def test_one_value_written_as_a_list_says_what_to_write():
    text = MINIMAL + "    team: [Sales]\n    lane:\n      - backstage\n    milestone: [true]\n"
    code, records = problems("-", input=text)
    assert code == 1
    assert [(_at(r), r["hint"]) for r in records] == [
        ((11, 11, "S003"), "Write 'team: Sales', not a list."),
        ((13, 7, "S004"), "Write 'lane: backstage', not a list."),
        ((14, 16, "S003"), "Write 'milestone: true', not a list."),
    ]
    assert records[0]["message"] == '"team" should be text, not a list'


def test_several_values_where_one_belongs_point_to_the_plural_key():
    record = _one(MINIMAL + "    channel: [web, app]\n")
    assert _at(record) == (11, 14, "S003")
    assert record["hint"] == "Write one, as 'channel: web', or several as 'channels: [web, app]'."
    several = _one(MINIMAL + "    team: [Sales, Support]\n")
    assert several["hint"] == "\"team\" holds one value: write one, such as 'team: Sales', not a list."


def test_one_text_where_a_list_of_mappings_belongs_shows_an_item():
    text = MINIMAL.replace("    name: Awareness\n", "    name: Awareness\n    kpis: Conversion rate\n") + "personas: Maya Lopez\n"
    code, records = problems("-", input=text)
    assert code == 1
    assert [(_at(r), r["hint"]) for r in records] == [
        ((7, 11, "S003"), "Each item is a mapping: write '- name: Conversion rate' on the next line, indented."),
        ((12, 11, "S003"), "Each item is a mapping: write '- id: maya-lopez' on the next line, indented, with 'name: Maya Lopez' under it."),
    ]


# --- the same hints in every output ----------------------------------------------------


def test_text_output_shows_the_hint_under_the_caret(tmp_path):
    path = write(tmp_path, "team.journey.yaml", MINIMAL + "    actions:\n      - Team: text\n")
    result = run("validate", str(path))
    assert result.returncode == 1
    assert f"{path}:12:9: error S003 item 1 of \"actions\" should be text, not a mapping\n" in result.out
    assert '   = hint: Put the text in quotes: - "Team: text"\n' in result.out
    records = json.loads(run("validate", "--format", "json", str(path)).out)["problems"]
    assert [(r["line"], r["column"], r["hint"]) for r in records] == [(12, 9, 'Put the text in quotes: - "Team: text"')]


def test_a_comma_in_braces_that_made_a_key_says_to_quote_the_text():
    record = _one(MINIMAL + "    emotion: {score: -1, source: interviews, June 2026}\n")
    assert _at(record) == (11, 46, "S001")
    assert record["message"] == 'unknown key "June 2026" in the touchpoint "sees-ad"'
    assert record["hint"] == 'In braces a comma starts a new key: put text with a comma in quotes, as source: "interviews, June 2026"'


def test_one_text_where_a_mapping_belongs_shows_it_under_its_first_key():
    text = MINIMAL.replace("    name: Awareness\n", "    name: Awareness\n    time: 10m\n") + "    events: [ad_click]\nanalytics: sees-ad\n"
    code, records = problems("-", input=text)
    assert code == 1
    assert [(_at(r), r["hint"]) for r in records] == [
        ((7, 11, "S003"), "Write it as a mapping, such as 'time: {duration: 10m}' (its keys: duration, wait, frequency)."),
        ((13, 12, "S003"), "Write it as a mapping, such as 'analytics: {conversion: sees-ad}' (its keys: conversion, funnel, support, window, session_gap, columns)."),
    ]


def test_a_list_where_an_emotion_belongs_says_to_write_the_score():
    record = _one(MINIMAL + "    emotion: [1]\n")
    assert (_at(record), record["hint"]) == ((11, 14, "S003"), "Write 'emotion: 1', not a list.")


def test_every_touchpoint_key_in_a_stage_is_sent_back_to_the_touchpoint():
    """The places come from the models: each key only a touchpoint has, written in a stage."""
    from journeyctl.model import Journey, Stage, Touchpoint

    keys = [key for key in Touchpoint.model_fields if key not in Stage.model_fields and key not in Journey.model_fields]
    assert {"fail_points", "serves", "physical_evidence", "parallel"} <= set(keys)
    lines = "".join(f"    {key}: x\n" for key in keys)
    code, records = problems("-", input=MINIMAL.replace("    name: Awareness\n", "    name: Awareness\n" + lines))
    assert code == 1
    hints = {record["message"].split('"')[1]: record["hint"] for record in records if record["code"] == "S001"}
    assert set(hints) == set(keys)
    assert all(hint.startswith(f"\"{key}\" belongs to a touchpoint") for key, hint in hints.items()), hints
    assert hints["serves"] == "\"serves\" belongs to a touchpoint."
