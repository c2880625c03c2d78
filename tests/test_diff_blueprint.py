"""journeyctl diff reports changes to the format's additions for real maps and blueprints."""

from __future__ import annotations

from helpers import run, write
from test_format_blueprint import BLUEPRINT

CHANGES = (
    ("entry: [social, review]", "entry: social"),
    ("    channels: [app, web]\n", "    channels: [app]\n"),
    ("      - Too many plans\n", "      - text: Too many plans\n        source: survey\n"),
    ("    fail_points: [The price table does not load]\n", "    fail_points: [The price table does not load, The cart times out]\n"),
    ("    time: {duration: 10m, wait: 2m}\n", "    time: {duration: 15m, wait: 2m}\n"),
    ("      content: Plan table\n", "      content: Plan cards\n"),
    ("    parallel: true\n", ""),
    ("    serves: [compare, order]\n", "    serves: [compare]\n"),
    ("scenario: Ana switches to a cheaper plan before her contract ends", "scenario: Ana switches plans"),
    ("    time: {duration: 1w, frequency: once a year}\n", "    time: {duration: 2w, frequency: once a year}\n"),
    ("NPS survey Q3", "NPS survey Q4"),
    ("  - title: Explain the switch in the app\n", ""),
    ("    expectations: [A clear price, No call centre]\n", "    expectations: [A clear price]\n"),
)


def changed() -> str:
    text = BLUEPRINT
    for old, new in CHANGES:
        assert old in text, old
        text = text.replace(old, new)
    return text


def test_every_addition_shows_in_the_diff(tmp_path):
    write(tmp_path, "old.journey.yaml", BLUEPRINT)
    write(tmp_path, "new.journey.yaml", changed())
    result = run("diff", "--no-index", "old.journey.yaml", "new.journey.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.err
    lines = [line.strip() for line in result.out.splitlines() if line.strip().startswith("~")]
    assert lines == [
        '~ journey scenario: "Ana switches to a cheaper plan before her contract ends" → "Ana switches plans"',
        '~ journey entry: "social, review" → "social"',
        '~ the journey\'s opportunities (the backlog) changed: "Show every fee up front, Explain the switch in the app" → "Show every fee up front"',
        '~ persona "ana" changed: expectations',
        '~ stage "discover" time: "duration 1w, once a year" → "duration 2w, once a year"',
        '~ source of the emotion at social: "NPS survey Q3" → "NPS survey Q4"',
        '~ channel of social: "app, web" → "app"',
        "~ sources of the pain points of compare changed",
        '~ fail points of compare: "The price table does not load" → "The price table does not load, The cart times out"',
        '~ time of compare: "duration 10m, wait 2m" → "duration 15m, wait 2m"',
        '~ rows of compare: "systems: Pricing service, CMS; content: Plan table" → "systems: Pricing service, CMS; content: Plan cards"',
        '~ parallel of compare: "true" → "false"',
        '~ serves of check-id: "compare, order" → "compare"',
    ]


def test_one_channel_written_as_a_list_is_no_change(tmp_path):
    write(tmp_path, "old.journey.yaml", BLUEPRINT)
    write(tmp_path, "new.journey.yaml", BLUEPRINT.replace("    channel: store\n", "    channels: [store]\n").replace("entry: [social, review]", "entry: [social, review]\n"))
    result = run("diff", "--no-index", "old.journey.yaml", "new.journey.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.out + result.err
