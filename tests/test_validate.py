"""`journeyctl validate` on good and bad journeys, through the real command."""

from __future__ import annotations

import json

from helpers import MINIMAL, problems, run, where, write

BROKEN = """\
version: 1
id: broken
title: Broken on purpose
personas:
  - id: maya
    name: Maya
stages:
  - id: awareness
    name: Awareness
  - id: awareness
    name: Again
touchpoints:
  - id: see-ad
    name: Sees an ad
    stage: awarenes
    chanel: web
    emotion: 5
    milestone: yes
    lane: frontstge
    next: [buy, {to: sees-ad}]
  - id: buy
    name: Buys
    stage: awareness
    personas: [maya, tom]
    emotion: {score: 1, by_persona: {mya: -1}}
  - name: No id
    stage: awareness
"""


def test_valid_journey_exits_zero(tmp_path):
    path = write(tmp_path, "ok.journey.yaml", MINIMAL)
    result = run("validate", str(path))
    assert result.returncode == 0
    assert "Checked 1 file: no problems." in result.out


def test_every_problem_is_reported_in_one_run_at_its_place(tmp_path):
    path = write(tmp_path, "broken.journey.yaml", BROKEN)
    code, records = problems(str(path))
    assert code == 1
    assert where(records) == [
        (10, 9, "R002"),  # the second "awareness" id
        (15, 12, "R001"),  # stage: awarenes
        (16, 5, "S001"),  # chanel: the key itself
        (17, 14, "S004"),  # emotion out of range: the value
        (18, 16, "S003"),  # milestone: yes is not a flag
        (19, 11, "S004"),  # unknown lane
        (20, 22, "R001"),  # next to an unknown touchpoint
        (24, 22, "R001"),  # unknown persona
        (25, 38, "R001"),  # unknown persona in by_persona: the key
        (26, 5, "S002"),  # missing id: the mapping's first key
    ]


def test_misspellings_get_did_you_mean(tmp_path):
    path = write(tmp_path, "broken.journey.yaml", BROKEN)
    _, records = problems(str(path))
    hints = {(p["line"], p["code"]): p["hint"] for p in records}
    assert hints[(15, "R001")] == 'Did you mean "awareness"?'
    assert hints[(16, "S001")] == 'Did you mean "channel"?'
    assert hints[(19, "S004")] == 'Did you mean "frontstage"?'
    assert hints[(20, "R001")] == 'Did you mean "see-ad"?'
    assert hints[(25, "R001")] == 'Did you mean "maya"?'


def test_text_output_shows_the_line_and_a_caret(tmp_path):
    path = write(tmp_path, "broken.journey.yaml", BROKEN)
    result = run("validate", str(path))
    assert result.returncode == 1
    expected = (
        f'{path}:16:5: error S001 unknown key "chanel" in the touchpoint "see-ad"\n'
        "   |\n"
        "16 |     chanel: web\n"
        "   |     ^^^^^^\n"
        '   = hint: Did you mean "channel"?\n'
    )
    assert expected in result.out
    assert result.out.rstrip().endswith("Checked 1 file: 10 errors in 1 file.")
    assert "\x1b[" not in result.out  # no colour when not on a terminal


def test_colour_on_request_only(tmp_path):
    path = write(tmp_path, "broken.journey.yaml", BROKEN)
    assert "\x1b[" in run("validate", "--color", "always", str(path)).out
    assert "\x1b[" not in run("validate", "--color", "always", "--format", "json", str(path)).out


def test_yaml_words_stay_text(tmp_path):
    text = MINIMAL.replace("title: A minimal journey", "title: no").replace("name: Sees an ad", "name: 2024-01-01")
    text = text.replace("id: sees-ad", "id: sees-ad\n    description: on\n    team: 12")
    path = write(tmp_path, "words.journey.yaml", text)
    assert problems(str(path)) == (0, [])


def test_flags_are_only_true_or_false(tmp_path):
    path = write(tmp_path, "flag.journey.yaml", MINIMAL + "    milestone: on\n    end: True\n")
    code, records = problems(str(path))
    assert code == 1
    assert [(p["line"], p["code"], p["message"]) for p in records] == [(11, "S003", '"milestone": expected true or false, found on')]


def test_duplicate_keys_are_errors(tmp_path):
    path = write(tmp_path, "dup.journey.yaml", MINIMAL + "    name: Again\n")
    code, records = problems(str(path))
    assert code == 1
    assert where(records) == [(11, 5, "Y005")]
    assert "first on line 9" in records[0]["message"]


def test_newer_format_version_is_one_clear_message(tmp_path):
    path = write(tmp_path, "v2.journey.yaml", MINIMAL.replace("version: 1", "version: 2") + "    brand_new_field: x\n")
    code, records = problems(str(path))
    assert code == 1
    assert where(records) == [(1, 10, "S005")]
    assert "format version 2" in records[0]["message"]


def test_missing_version_is_reported(tmp_path):
    path = write(tmp_path, "nov.journey.yaml", MINIMAL.replace("version: 1\n", ""))
    code, records = problems(str(path))
    assert (code, where(records)) == (1, [(1, 1, "S002")])


def test_shorthand_and_full_forms_are_equivalent(tmp_path):
    text = MINIMAL + "    emotion: -1.5\n    next: [pays, {to: pays, label: clicks, condition: in stock}]\n"
    text += "  - id: pays\n    name: Pays\n    stage: awareness\n    emotion: {score: 2, label: happy, by_persona: {}}\n    end: true\n"
    path = write(tmp_path, "short.journey.yaml", text)
    assert problems(str(path)) == (0, [])


def test_standard_input(tmp_path):
    result = run("validate", "-", input=MINIMAL)
    assert result.returncode == 0
    code, records = problems("-", input=MINIMAL.replace("stage: awareness", "stage: nowhere"))
    assert code == 1
    assert [(p["path"], p["line"], p["code"]) for p in records] == [("<stdin>", 10, "R001")]


def test_folders_are_searched_for_journeys(tmp_path):
    write(tmp_path, "a.journey.yaml", MINIMAL)
    write(tmp_path, "deep/b.journey.yml", MINIMAL)
    write(tmp_path, "deep/notes.yaml", "not: a journey: at all")
    write(tmp_path, ".hidden/c.journey.yaml", "broken: [")
    result = run("validate", "--format", "json", str(tmp_path))
    assert result.returncode == 0
    paths = [f["path"] for f in json.loads(result.out)["files"]]
    assert [p.rsplit("/", 2)[-2:] for p in paths] == [[tmp_path.name, "a.journey.yaml"], ["deep", "b.journey.yml"]]


def test_default_path_is_the_current_folder(tmp_path):
    write(tmp_path, "x/a.journey.yaml", MINIMAL)
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 0
    assert "Checked 1 file" in result.out


def test_usage_and_io_errors_exit_two(tmp_path):
    result = run("validate", str(tmp_path / "missing.journey.yaml"))
    assert result.returncode == 2
    assert "no such file or folder" in result.err
    (tmp_path / "empty").mkdir()
    result = run("validate", str(tmp_path / "empty"))
    assert result.returncode == 2
    assert "no journey files here" in result.err
    result = run("validate", "--format", "yaml", str(tmp_path))
    assert result.returncode == 2


def test_missing_path_does_not_hide_other_results(tmp_path):
    good = write(tmp_path, "ok.journey.yaml", MINIMAL)
    result = run("validate", "--format", "json", str(good), str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    report = json.loads(result.out)
    assert report["summary"]["files"] == 1
    assert report["errors"] == [f"{tmp_path / 'nope.yaml'}: no such file or folder"]


def test_json_report_shape(tmp_path):
    path = write(tmp_path, "broken.journey.yaml", BROKEN)
    report = json.loads(run("validate", "--format", "json", str(path)).out)
    assert report["version"] == 1
    assert report["files"] == [{"path": str(path), "kind": "journey", "valid": False}]
    assert report["summary"] == {"files": 1, "invalid_files": 1, "errors": 10, "warnings": 0, "infos": 0, "exit_code": 1}
    first = report["problems"][0]
    assert set(first) == {"path", "line", "column", "end_line", "end_column", "code", "name", "level", "message", "hint"}
    assert (first["name"], first["level"], first["end_column"]) == ("duplicate-id", "error", 18)


def test_inputs_are_never_modified(tmp_path):
    path = write(tmp_path, "broken.journey.yaml", BROKEN)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    run("validate", str(path))
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_output_is_deterministic(tmp_path):
    path = write(tmp_path, "broken.journey.yaml", BROKEN)
    assert run("validate", str(path)).out == run("validate", str(path)).out


def test_extension_keys_are_allowed_everywhere(tmp_path):
    text = MINIMAL.replace("title: A minimal journey", "title: A minimal journey\nx-jira: CX-123")
    text = text.replace("stage: awareness", "stage: awareness\n    x-metrics: {visits: [1, 2]}")
    path = write(tmp_path, "ext.journey.yaml", text)
    assert problems(str(path)) == (0, [])
    code, records = problems("-", input=MINIMAL + "    y-metrics: 1\n")
    assert (code, [(p["code"], p["message"]) for p in records]) == (1, [("S001", 'unknown key "y-metrics" in the touchpoint "sees-ad"')])


def test_empty_optional_keys_mean_not_given(tmp_path):
    text = MINIMAL.replace("title: A minimal journey", "title: A minimal journey\ntags:\nowner: ~")
    text += "    milestone:\n    actions:\n    emotion:\n"
    assert problems("-", input=text) == (0, [])
    code, records = problems("-", input=MINIMAL.replace("name: Sees an ad", "name:"))
    assert (code, [(p["line"], p["code"]) for p in records]) == (1, [(9, "S003")])


def test_a_single_next_step_needs_no_list(tmp_path):
    text = MINIMAL + "    next: pays\n  - id: pays\n    name: Pays\n    stage: awareness\n    next: {to: sees-ad, label: again}\n    end: true\n"
    assert problems("-", input=text) == (0, [])
    code, records = problems("-", input=text.replace("next: pays", "next: pay"))
    assert (code, [(p["line"], p["code"], p["hint"]) for p in records]) == (1, [(11, "R001", 'Did you mean "pays"?')])


def test_text_where_a_list_belongs_says_how_to_write_a_list():
    code, records = problems("-", input=MINIMAL + "    actions: Clicks the ad\n")
    assert code == 1
    assert records[0]["message"] == '"actions" should be a list, not "Clicks the ad"'
    assert records[0]["hint"] == "Write each item on its own line starting with '- ', or in brackets: [Clicks the ad]."
