"""The format additions for real maps and service blueprints, through the real ``validate``.

Several channels and entries, steps that serve others, parallel steps, phases, time,
fail and wait points, physical evidence, custom rows, the scenario, quotes, the
journey's backlog, and sources for thoughts, pain points and emotions: a file using
all of them is valid and reads into the model as the format says; each mistake is a
located problem with a suggestion.
"""

from __future__ import annotations

import pickle

from helpers import MINIMAL, problems, write

from journeyctl.checker import check
from journeyctl.model import Initiative, Journey, SourcedText, Timing

BLUEPRINT = """\
version: 1
id: plan-switch
title: Switching to a cheaper plan
scenario: Ana switches to a cheaper plan before her contract ends
quotes:
  - I just want to pay less
  - text: Why do I have to call?
    source: interviews, May 2026
    link: https://research.example.com/switch
entry: [social, review]
personas:
  - id: ana
    name: Ana
    expectations: [A clear price, No call centre]
channels:
  - id: web
    name: Website
  - id: app
    name: App
  - id: store
    name: Store
    kind: physical
phases:
  - id: before
    name: Before the switch
    stages: [discover, compare]
  - id: switch
    name: The switch
    stages: [order]
stages:
  - id: discover
    name: Discover
    time: {duration: 1w, frequency: once a year}
  - id: compare
    name: Compare
  - id: order
    name: Order
rows:
  - id: systems
    name: Systems
    description: The systems behind the step
  - id: content
    name: Content
touchpoints:
  - id: social
    name: Sees a post
    stage: discover
    channels: [app, web]
    thoughts:
      - Is it cheaper?
      - text: My contract ends soon
        source: interviews, May 2026
    emotion: {score: 1, label: curious, source: NPS survey Q3, link: "https://nps.example.com/q3"}
    next: [compare]
  - id: review
    name: Reads a review
    stage: discover
    channel: web
    next: compare
  - id: compare
    name: Compares plans
    stage: compare
    channel: web
    pain_points:
      - text: Prices hide the fees
        source: analytics
      - Too many plans
    fail_points: [The price table does not load]
    wait_points: [{text: Waits for the plan list, source: usability test}]
    physical_evidence: [The comparison page]
    time: {duration: 10m, wait: 2m}
    rows:
      systems: [Pricing service, CMS]
      content: Plan table
    parallel: true
    next: [order, check-id]
  - id: check-id
    name: Identity check
    stage: order
    lane: support
    serves: [compare, order]
  - id: order
    name: Orders the plan
    stage: order
    channel: store
    end: true
opportunities:
  - title: Show every fee up front
    description: One price, fees included
    owner: Pricing team
    measure: Switch completion +10%
    touchpoints: [compare]
  - title: Explain the switch in the app
"""


def journey_of(path) -> Journey:
    report = check([str(path)])
    (document,) = report.documents
    assert document.problems == [] and document.journey is not None, document.problems
    return document.journey


def test_a_blueprint_with_every_addition_is_valid(tmp_path):
    path = write(tmp_path, "switch.journey.yaml", BLUEPRINT)
    code, records = problems(str(path))
    assert (code, records) == (0, [])


def test_the_model_reads_every_addition(tmp_path):
    journey = journey_of(write(tmp_path, "switch.journey.yaml", BLUEPRINT))
    tp = {touchpoint.id: touchpoint for touchpoint in journey.touchpoints}
    assert journey.scenario == "Ana switches to a cheaper plan before her contract ends"
    assert journey.entry_ids == ("social", "review")
    assert [(q, q.source, q.link) for q in journey.quotes] == [
        ("I just want to pay less", None, None),
        ("Why do I have to call?", "interviews, May 2026", "https://research.example.com/switch"),
    ]
    assert journey.personas[0].expectations == ["A clear price", "No call centre"]
    assert [(p.id, p.name, p.stages) for p in journey.phases] == [
        ("before", "Before the switch", ["discover", "compare"]),
        ("switch", "The switch", ["order"]),
    ]
    assert journey.stages[0].time == Timing(duration="1w", frequency="once a year")
    assert [(r.id, r.name, r.description) for r in journey.rows] == [
        ("systems", "Systems", "The systems behind the step"),
        ("content", "Content", None),
    ]
    assert tp["social"].channel_ids == ("app", "web")
    assert tp["review"].channel_ids == ("web",)
    assert tp["check-id"].channel_ids == ()
    assert [(t, t.source) for t in tp["social"].thoughts] == [("Is it cheaper?", None), ("My contract ends soon", "interviews, May 2026")]
    assert all(isinstance(t, SourcedText) for t in tp["social"].thoughts)
    emotion = tp["social"].emotion
    assert (emotion.score, emotion.label, emotion.source, emotion.link) == (1, "curious", "NPS survey Q3", "https://nps.example.com/q3")
    assert tp["review"].emotion is None
    compare = tp["compare"]
    assert [(p, p.source) for p in compare.pain_points] == [("Prices hide the fees", "analytics"), ("Too many plans", None)]
    assert compare.fail_points == ["The price table does not load"]
    assert [(w, w.source) for w in compare.wait_points] == [("Waits for the plan list", "usability test")]
    assert compare.physical_evidence == ["The comparison page"]
    assert compare.time == Timing(duration="10m", wait="2m")
    assert compare.rows == {"systems": ["Pricing service", "CMS"], "content": "Plan table"}
    assert (compare.parallel, tp["order"].parallel) == (True, False)
    assert tp["check-id"].serves == ["compare", "order"]
    assert journey.served_by("compare") == ("check-id",)
    assert journey.served_by("order") == ("check-id",)
    assert journey.served_by("social") == ()
    assert journey.opportunities == [
        Initiative(title="Show every fee up front", description="One price, fees included", owner="Pricing team", measure="Switch completion +10%", touchpoints=["compare"]),
        Initiative(title="Explain the switch in the app"),
    ]


def test_a_sourced_text_is_text_and_survives_pickling():
    item = SourcedText("Prices hide the fees", "analytics", "https://example.com/a")
    assert item == "Prices hide the fees" and item.upper() == "PRICES HIDE THE FEES"
    again = pickle.loads(pickle.dumps(item))
    assert (again, again.source, again.link) == ("Prices hide the fees", "analytics", "https://example.com/a")
    assert (SourcedText("plain").source, SourcedText("plain").link) == (None, None)


def test_an_old_file_reads_as_before(tmp_path):
    journey = journey_of(write(tmp_path, "min.journey.yaml", MINIMAL))
    assert journey.entry_ids == ()
    assert journey.phases == journey.rows == journey.opportunities == journey.quotes == []
    assert journey.scenario is None
    for touchpoint in journey.touchpoints:
        assert touchpoint.channel_ids == ((touchpoint.channel,) if touchpoint.channel else ())
        assert (touchpoint.serves, touchpoint.parallel, touchpoint.time, touchpoint.rows) == ([], False, None, {})


def test_one_entry_is_still_one_id(tmp_path):
    journey = journey_of(write(tmp_path, "one.journey.yaml", MINIMAL + "entry: sees-ad\n"))
    assert journey.entry == "sees-ad" and journey.entry_ids == ("sees-ad",)


BROKEN = """\
version: 1
id: broken
title: Broken blueprint
entry: [ad, reviw]
channels:
  - id: web
    name: Website
stages:
  - id: look
    name: Look
  - id: buy
    name: Buy
  - id: after
    name: After
phases:
  - id: early
    name: Early
    stages: [look, after]
  - id: late
    name: Late
    stages: [buy, look, lok]
  - id: back
    name: Back
    stages: [after, buy]
rows:
  - id: content
    name: Content
touchpoints:
  - id: ad
    name: Sees an ad
    stage: look
    channel: web
    channels: [web, mail]
    rows:
      contnt: Banner
    serves: [pay, paymnt]
    next: [pay]
  - id: pay
    name: Pays
    stage: buy
    thoughts:
      - text: Is it safe?
        source: interviews
        link: www.example.com
      - text: Too slow
        sorce: analytics
    time: {wait: 2 days}
    end: true
opportunities:
  - title: Faster payment
    touchpoints: [pya]
"""


def test_every_mistake_is_located_with_a_suggestion(tmp_path):
    path = write(tmp_path, "broken.journey.yaml", BROKEN)
    code, records = problems(str(path))
    assert code == 1
    found = [(p["line"], p["column"], p["code"], p["message"], p["hint"]) for p in records]
    assert found == [
        (4, 13, "R001", 'unknown touchpoint "reviw" in the journey\'s entry', "Known touchpoints: ad, pay."),
        (18, 20, "R005", 'the phase "early" skips the stage "buy" between "look" and "after"', 'A phase holds consecutive stages: add "buy" to it, or end the phase before it.'),
        (21, 19, "R005", 'the stage "look" is in two phases: the phase "early" (line 18) and the phase "late"', "A stage belongs to one phase at most: remove it from one of them."),
        (21, 25, "R001", 'unknown stage "lok" in the phase "late"', 'Did you mean "look"?'),
        (24, 14, "R005", 'the stage "after" is in two phases: the phase "early" (line 18) and the phase "back"', "A stage belongs to one phase at most: remove it from one of them."),
        (24, 21, "R005", 'the stage "buy" is in two phases: the phase "late" (line 21) and the phase "back"', "A stage belongs to one phase at most: remove it from one of them."),
        (33, 5, "S004", 'the touchpoint "ad" has both channel and channels', "Keep one: channel for one channel, channels for a list of them (put the channel in it)."),
        (33, 21, "R001", 'unknown channel "mail" in the touchpoint "ad"', "Known channels: web."),
        (35, 7, "R001", 'unknown row "contnt" in the rows of the touchpoint "ad"', 'Did you mean "content"?'),
        (36, 19, "R001", 'unknown touchpoint "paymnt" in the steps the touchpoint "ad" serves', 'Did you mean "pay"?'),
        (44, 15, "S004", '"link": expected a web address starting with http:// or https://, found www.example.com', None),
        (46, 9, "S001", 'unknown key "sorce" in the touchpoint "pay"', 'Did you mean "source"? It is required here.'),
        (47, 18, "S004", '"wait": expected a length of time such as 30m or 14d (a whole number and s, m, h, d or w), found 2 days', None),
        (51, 19, "R001", 'unknown touchpoint "pya" in the journey\'s opportunity "Faster payment"', 'Did you mean "pay"?'),
    ]


def test_a_phase_out_of_stage_order_is_located(tmp_path):
    text = BROKEN.split("phases:")[0] + """\
phases:
  - id: all
    name: All
    stages: [buy, look]
touchpoints:
  - id: ad
    name: Sees an ad
    stage: look
"""
    code, records = problems(str(write(tmp_path, "order.journey.yaml", text.replace("entry: [ad, reviw]\n", ""))))
    assert code == 1
    assert [(p["line"], p["column"], p["code"], p["message"]) for p in records] == [
        (17, 19, "R005", 'in the phase "all", the stage "look" comes before "buy" in the stages'),
    ]


def test_duplicate_phase_and_row_ids_are_reported(tmp_path):
    text = BLUEPRINT.replace("  - id: content\n    name: Content\n", "  - id: systems\n    name: Content\n").replace(
        "  - id: switch\n    name: The switch\n", "  - id: before\n    name: The switch\n"
    )
    code, records = problems(str(write(tmp_path, "dup.journey.yaml", text)))
    assert code == 1
    assert [(p["code"], p["message"]) for p in records] == [
        ("R002", 'the phase id "before" is used twice (first on line 24)'),
        ("R002", 'the row id "systems" is used twice (first on line 39)'),
        ("R001", 'unknown row "content" in the rows of the touchpoint "compare"'),
    ]
