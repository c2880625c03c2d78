"""The linter on service blueprints: steps that serve others, parallel steps, several
entries and channels, and L019 pain-point-without-source, at exact positions."""

from __future__ import annotations

from lint_helpers import lint_text, where

FLOW_RULES = {"orphan-touchpoint": {}, "unreachable-touchpoint": {}, "unreachable-stage": {}, "dead-end": {}, "endless-loop": {}}

HEAD = """\
version: 1
id: bags
title: Dropping a bag
stages:
  - {id: check-in, name: Check-in}
  - {id: departure, name: Departure}
touchpoints:
"""


def step(ident: str, extra: str = "", stage: str = "check-in") -> str:
    return f"  - id: {ident}\n    name: {ident.replace('-', ' ').capitalize()}\n    stage: {stage}\n{extra}"


CUSTOMER = step("drops-bag", "    next: [boards]\n") + step("boards", "    end: true\n", "departure")


def test_a_support_step_that_serves_is_neither_cut_off_nor_a_dead_end(tmp_path):
    text = HEAD + CUSTOMER + step("baggage-system", "    lane: support\n    serves: [drops-bag, boards]\n", "departure")
    assert lint_text(tmp_path, text, FLOW_RULES) == []


def test_the_same_step_without_serves_is_cut_off_with_a_hint_to_say_what_it_serves(tmp_path):
    text = HEAD + CUSTOMER + step("baggage-system", "    lane: support\n", "departure")
    problems = lint_text(tmp_path, text, FLOW_RULES)
    assert where(problems) == [(16, 9, "L003")]
    assert problems[0].message == 'the touchpoint "baggage-system" is cut off: no step leads to it and it leads nowhere'
    assert problems[0].hint == "Say which steps it supports with `serves:` (a list of touchpoint ids), or add it to the next steps of the touchpoint before it."
    assert "entry" not in problems[0].hint


def test_a_customer_step_cut_off_still_gets_the_entry_hint(tmp_path):
    text = HEAD + CUSTOMER + step("reads-sign", "    end: true\n")
    problems = lint_text(tmp_path, text, FLOW_RULES)
    assert where(problems) == [(16, 9, "L003")]
    assert problems[0].hint == "Add it to the next steps of the touchpoint before it, or make it the journey's entry (entry: reads-sign)."


def test_a_step_served_by_a_support_step_is_tied_too(tmp_path):
    # loads-bag is backstage, nothing leads to it and it leads nowhere; the support step serves it
    text = HEAD + CUSTOMER + step("loads-bag", "    lane: backstage\n", "departure") + step("baggage-system", "    lane: support\n    serves: [loads-bag, drops-bag]\n", "departure")
    assert lint_text(tmp_path, text, FLOW_RULES) == []


def test_a_support_cluster_tied_to_a_cut_off_branch_is_unreachable(tmp_path):
    # side-door -> lost-bag form a branch nothing reachable leads to; the support step serves it
    text = (
        HEAD
        + CUSTOMER
        + step("side-door", "    next: [lost-bag]\n")
        + step("lost-bag", "    next: [side-door]\n    end: true\n")
        + step("lost-and-found", "    lane: support\n    serves: [lost-bag]\n")
    )
    problems = lint_text(tmp_path, text, FLOW_RULES)
    assert where(problems) == [(16, 9, "L004"), (20, 9, "L004")]
    assert problems[0].message == 'the touchpoint "side-door" cannot be reached from the entry "drops-bag" (only from "lost-bag")'


def test_several_entries_reach_their_branches(tmp_path):
    text = HEAD.replace("touchpoints:\n", "entry: [drops-bag, kiosk]\ntouchpoints:\n") + CUSTOMER + step("kiosk", "    next: [boards]\n")
    assert lint_text(tmp_path, text, FLOW_RULES) == []
    one_entry = text.replace("entry: [drops-bag, kiosk]", "entry: [drops-bag]")
    problems = lint_text(tmp_path, one_entry, FLOW_RULES)
    assert where(problems) == [(17, 9, "L003")]


def test_unreachable_names_every_entry(tmp_path):
    text = (
        HEAD.replace("touchpoints:\n", "entry: [drops-bag, kiosk]\ntouchpoints:\n")
        + CUSTOMER
        + step("kiosk", "    next: [boards]\n")
        + step("lounge", "    next: [bar]\n", "departure")
        + step("bar", "    next: [lounge]\n    end: true\n", "departure")
    )
    problems = lint_text(tmp_path, text, FLOW_RULES)
    assert [p.message for p in problems] == [
        'the touchpoint "lounge" cannot be reached from the entries "drops-bag", "kiosk" (only from "bar")',
        'the touchpoint "bar" cannot be reached from the entries "drops-bag", "kiosk" (only from "lounge")',
    ]


def test_a_loop_whose_only_way_out_is_parallel_is_endless(tmp_path):
    loop = step("screens-bag", "    parallel: true\n    next: [rescreens, boards]\n") + step("rescreens", "    next: [screens-bag]\n")
    text = HEAD + step("drops-bag", "    next: [screens-bag]\n") + loop + step("boards", "    end: true\n", "departure")
    problems = lint_text(tmp_path, text, {"endless-loop": {}})
    assert where(problems) == [(12, 9, "L013")]
    assert problems[0].message == 'these touchpoints loop with no way out (the steps leaving it from "screens-bag" are parallel, so the loop goes on): screens-bag → rescreens → screens-bag'
    choice = text.replace("    parallel: true\n", "")
    assert lint_text(tmp_path, choice, {"endless-loop": {}}) == []


def test_parallel_steps_are_not_dead_ends_or_cut_off(tmp_path):
    text = HEAD + step("drops-bag", "    parallel: true\n    next: [screens-bag, boards]\n") + step("screens-bag", "    lane: backstage\n    end: true\n", "departure") + step("boards", "    end: true\n", "departure")
    assert lint_text(tmp_path, text, FLOW_RULES) == []


CHANNELS = """\
version: 1
id: shop
title: Hearing of the shop
channels:
  - {id: social, name: Social media}
  - {id: ads, name: Online ads}
  - {id: reviews, name: Review sites}
stages:
  - {id: discover, name: Discover}
touchpoints:
  - id: hears
    name: Hears of the shop
    stage: discover
    channels: [social, ads]
"""


def test_a_channel_in_channels_is_used(tmp_path):
    problems = lint_text(tmp_path, CHANNELS, {"unused-channel": {}})
    assert where(problems) == [(7, 10, "L008")]
    assert problems[0].message == 'no touchpoint uses the channel "reviews"'


def test_duplicate_phase_and_row_names(tmp_path):
    text = HEAD.replace("touchpoints:\n", "phases:\n  - {id: a, name: Airport, stages: [check-in]}\n  - {id: b, name: airport, stages: [departure]}\nrows:\n  - {id: s, name: Systems}\n  - {id: t, name: Systems}\ntouchpoints:\n") + CUSTOMER
    problems = lint_text(tmp_path, text, {"duplicate-name": {}})
    assert [(p.span.line, p.message) for p in problems] == [
        (9, 'the phase "b" has the same name as the phase "a" (line 8): "airport"'),
        (12, 'the row "t" has the same name as the row "s" (line 11): "Systems"'),
    ]


PAINS = """\
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - id: browses
    name: Browses
    stage: purchase
    next: [pays]
  - id: pays
    name: Pays
    stage: purchase
    end: true
    pain_points:
      - The fee appears late
      - The form is long
"""


def test_pain_point_without_source_flags_the_map_once_at_its_first_pain_point(tmp_path):
    problems = lint_text(tmp_path, PAINS, {"pain-point-without-source": {}})
    assert where(problems) == [(16, 9, "L019")]
    assert problems[0].message == "none of the map's 2 pain points cites a source"
    assert problems[0].level == "warning"


def test_one_sourced_pain_point_is_enough(tmp_path):
    sourced = PAINS.replace("      - The form is long\n", "      - text: The form is long\n        source: usability test, May 2026\n")
    assert lint_text(tmp_path, sourced, {"pain-point-without-source": {}}) == []


def test_a_map_without_pain_points_is_left_alone(tmp_path):
    text = PAINS.split("    pain_points:")[0]
    assert lint_text(tmp_path, text, {"pain-point-without-source": {}}) == []


def test_pain_point_without_source_is_off_by_default(tmp_path):
    from helpers import problems, write

    path = write(tmp_path, "pains.journey.yaml", PAINS.replace("      - The form is long\n", "").replace("    pain_points:\n", "    opportunities: [Show the fee]\n    pain_points:\n"))
    code, records = problems(str(path), lint=True)
    assert (code, records) == (0, [])
