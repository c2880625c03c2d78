"""Each lint rule on failing and passing input, with the exact line and column of each problem."""

from __future__ import annotations

from lint_helpers import lint_text, where

HEAD = "version: 1\nid: shop\ntitle: Buying a lamp\n"
STAGES4 = """\
stages:
  - id: awareness
    name: Awareness
  - id: consideration
    name: Consideration
  - id: purchase
    name: Purchase
  - id: post-purchase
    name: Post-purchase
"""


def tp(ident: str, stage: str = "purchase", extra: str = "") -> str:
    return f"  - id: {ident}\n    name: {ident.replace('-', ' ').capitalize()}\n    stage: {stage}\n{extra}"


# --- missing-stage -----------------------------------------------------------------

def test_missing_stage_points_at_the_stage_it_should_come_before(tmp_path):
    text = HEAD + STAGES4.replace("  - id: purchase\n    name: Purchase\n", "")
    problems = lint_text(tmp_path, text, {"missing-stage": {}})
    assert where(problems) == [(9, 9, "L001")]  # - id: post-purchase
    assert problems[0].message == 'the journey has no "purchase" stage (stage model classic: awareness → consideration → purchase → post-purchase)'
    assert problems[0].hint.startswith('Add a stage "purchase" before "post-purchase".')


def test_missing_last_stage_points_at_the_stage_before(tmp_path):
    text = HEAD + STAGES4.replace("  - id: post-purchase\n    name: Post-purchase\n", "")
    problems = lint_text(tmp_path, text, {"missing-stage": {}})
    assert where(problems) == [(9, 9, "L001")]  # - id: purchase
    assert 'after "purchase"' in problems[0].hint


def test_stages_match_by_alias_and_by_name(tmp_path):
    text = HEAD + """\
stages:
  - {id: see, name: Discover}
  - {id: compare, name: Compare}
  - {id: checkout, name: Checkout}
  - {id: after, name: Loyalty}
"""
    assert lint_text(tmp_path, text, {"missing-stage": {"model": "classic"}}) == []


def test_auto_model_leaves_a_journey_with_its_own_stages_alone(tmp_path):
    text = HEAD + "stages:\n  - {id: choose, name: Choose}\n  - {id: sign-up, name: Sign up}\n  - {id: switch, name: Switch}\n"
    assert lint_text(tmp_path, text, {"missing-stage": {}}) == []
    assert where(lint_text(tmp_path, text, {"missing-stage": {"model": "classic"}})) == [(5, 10, "L001"), (6, 10, "L001")]  # before "choose", after "sign-up"


def test_auto_model_picks_the_five_stage_model(tmp_path):
    text = HEAD + "stages:\n" + "".join(f"  - {{id: {s}, name: {s.capitalize()}}}\n" for s in ("awareness", "consideration", "purchase", "advocacy"))
    problems = lint_text(tmp_path, text, {"missing-stage": {}})
    assert where(problems) == [(8, 10, "L001")]
    assert '"retention" stage (stage model advocacy' in problems[0].message


def test_custom_stage_list_with_aliases(tmp_path):
    text = HEAD + "stages:\n  - {id: kaufen, name: Kaufen}\n  - {id: nutzen, name: Nutzen}\n"
    rules = {"missing-stage": {"stages": ["purchase", "use", "renew"], "aliases": {"purchase": ["kaufen"], "use": ["nutzen"]}}}
    problems = lint_text(tmp_path, text, rules)
    assert where(problems) == [(6, 10, "L001")]
    assert 'Add a stage "renew" after "nutzen".' in problems[0].hint


# --- empty-stage ---------------------------------------------------------------------

def test_empty_stage(tmp_path):
    text = HEAD + "stages:\n  - id: awareness\n    name: Awareness\n  - id: purchase\n    name: Purchase\ntouchpoints:\n" + tp("pays")
    assert where(lint_text(tmp_path, text, {"empty-stage": None})) == [(5, 9, "L002")]
    full = text.replace("stage: purchase", "stage: awareness") + tp("gets-receipt")
    assert lint_text(tmp_path, full, {"empty-stage": None}) == []


# --- flow rules ----------------------------------------------------------------------

FLOW = HEAD + """\
stages:
  - id: purchase
    name: Purchase
  - id: delivery
    name: Delivery
touchpoints:
"""


def test_orphan_touchpoint_caught_at_its_line(tmp_path):
    text = FLOW + tp("adds-to-basket", extra="    next: [pays]\n") + tp("pays", extra="    end: true\n") + tp("gets-receipt", extra="    end: true\n")
    problems = lint_text(tmp_path, text, {"orphan-touchpoint": None})
    assert where(problems) == [(18, 9, "L003")]
    assert problems[0].message == 'the touchpoint "gets-receipt" is cut off: no step leads to it and it leads nowhere'


def test_entry_is_no_orphan_and_the_first_touchpoint_then_is(tmp_path):
    text = FLOW.replace("stages:", "entry: pays\nstages:") + tp("adds-to-basket", extra="    next: [pays]\n") + tp("pays", extra="    end: true\n")
    problems = lint_text(tmp_path, text, {"orphan-touchpoint": None})
    assert where(problems) == [(11, 9, "L003")]
    assert problems[0].message == 'the touchpoint "adds-to-basket" is cut off: no step leads to it'


def test_journey_without_next_is_read_in_file_order(tmp_path):
    text = FLOW + tp("adds-to-basket") + tp("pays") + tp("receives-lamp", "delivery")
    rules = {name: None for name in ("orphan-touchpoint", "unreachable-touchpoint", "unreachable-stage", "dead-end", "endless-loop")}
    assert lint_text(tmp_path, text, rules) == []


def test_unreachable_touchpoints_and_stage(tmp_path):
    text = (
        FLOW
        + tp("pays", extra="    end: true\n")
        + tp("receives-lamp", "delivery", "    next: [unpacks]\n")
        + tp("unpacks", "delivery", "    next: [receives-lamp]\n")
    )
    assert where(lint_text(tmp_path, text, {"unreachable-touchpoint": None})) == [(14, 9, "L004"), (18, 9, "L004")]
    assert where(lint_text(tmp_path, text, {"unreachable-stage": None})) == [(7, 9, "L005")]
    linked = text.replace("    end: true\n", "    next: [receives-lamp]\n", 1)
    assert lint_text(tmp_path, linked, {"unreachable-touchpoint": None, "unreachable-stage": None}) == []


def test_dead_end(tmp_path):
    text = FLOW + tp("pays", extra="    next: [gets-receipt, gets-invoice]\n") + tp("gets-receipt") + tp("gets-invoice", extra="    milestone: true\n")
    problems = lint_text(tmp_path, text, {"dead-end": None})
    assert where(problems) == [(14, 9, "L006")]
    assert lint_text(tmp_path, text.replace("stage: purchase\n  - id: gets-invoice", "stage: purchase\n    end: true\n  - id: gets-invoice"), {"dead-end": None}) == []


def test_backward_flow_points_at_the_step(tmp_path):
    text = FLOW + tp("pays", extra="    next: [receives-lamp]\n") + tp("receives-lamp", "delivery", "    end: true\n    next:\n      - to: gets-receipt\n      - to: pays\n        condition: wrong lamp\n") + tp("gets-receipt", "delivery", "    end: true\n")
    problems = lint_text(tmp_path, text, {"backward-flow": None})
    assert where(problems) == [(20, 9, "L012")]
    assert problems[0].level == "info"


def test_endless_loop_and_a_loop_with_a_way_out(tmp_path):
    trapped = FLOW + tp("pays", extra="    next: [fails]\n") + tp("fails", extra="    next: [retries]\n") + tp("retries", extra="    next: [fails]\n")
    problems = lint_text(tmp_path, trapped, {"endless-loop": None})
    assert where(problems) == [(14, 9, "L013")]
    assert problems[0].message.endswith("fails → retries → fails")
    way_out = trapped.replace("    next: [fails]\n", "    next: [fails, gives-up]\n", 2) + tp("gives-up", extra="    end: true\n")
    assert lint_text(tmp_path, way_out, {"endless-loop": None}) == []
    marked = trapped.replace("  - id: retries\n", "  - id: retries\n    end: true\n")
    assert lint_text(tmp_path, marked, {"endless-loop": None}) == []


def test_self_loop_is_a_loop(tmp_path):
    text = FLOW + tp("pays", extra="    next: [waits]\n") + tp("waits", extra="    next: [waits]\n")
    assert where(lint_text(tmp_path, text, {"endless-loop": None})) == [(14, 9, "L013")]


def test_a_long_chain_does_not_overflow(tmp_path):
    steps = "".join(tp(f"s{i}", extra=f"    next: [s{i + 1}]\n") for i in range(3000)) + tp("s3000", extra="    next: [s0]\n")
    problems = lint_text(tmp_path, FLOW + steps, {"endless-loop": None})
    assert where(problems) == [(10, 9, "L013")]


# --- people and channels ---------------------------------------------------------------

LIBRARY = """\
version: 1
kind: library
personas:
  - {id: maya, name: Maya, goals: [a], needs: [b]}
  - {id: leo, name: Leo, goals: [a], needs: [b]}
channels:
  - {id: web, name: Website}
  - {id: shop, name: Shop}
"""


def test_unused_persona_own_and_imported(tmp_path):
    text = HEAD + """\
imports:
  - path: people.library.yaml
    personas: [maya, leo]
personas:
  - id: tom
    name: Tom
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: pays, name: Pays, stage: purchase, personas: [maya]}
"""
    problems = lint_text(tmp_path, text, {"unused-persona": {}}, files={"people.library.yaml": LIBRARY})
    assert where(problems) == [(6, 22, "L007"), (8, 9, "L007")]
    assert problems[0].message == 'no touchpoint is for the imported persona "leo"'
    assert lint_text(tmp_path, text.replace("personas: [maya]}", "}"), {"unused-persona": {}}) == []


def test_unused_channel_whole_library_import_only_with_imported_all(tmp_path):
    text = HEAD + """\
imports:
  - path: people.library.yaml
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: pays, name: Pays, stage: purchase, channel: web}
"""
    files = {"people.library.yaml": LIBRARY}
    assert lint_text(tmp_path, text, {"unused-channel": {}}, files=files) == []
    problems = lint_text(tmp_path, text, {"unused-channel": {"imported": "all"}}, files=files)
    assert where(problems) == [(5, 11, "L008")]  # the import's path
    own = text.replace("stages:", "channels:\n  - {id: phone, name: Phone}\nstages:")
    assert where(lint_text(tmp_path, own, {"unused-channel": {}}, files=files)) == [(7, 10, "L008")]


def test_persona_without_goals_or_needs_in_a_library(tmp_path):
    library = LIBRARY.replace("{id: leo, name: Leo, goals: [a], needs: [b]}", "{id: leo, name: Leo}")
    problems = lint_text(tmp_path, library, {"persona-without-goals-or-needs": {}}, name="people.library.yaml")
    assert where(problems) == [(5, 10, "L015")]
    assert problems[0].message == 'the persona "leo" has no goals or needs'
    assert lint_text(tmp_path, LIBRARY, {"persona-without-goals-or-needs": {}}, name="people.library.yaml") == []


def test_duplicate_names_case_and_spacing_ignored(tmp_path):
    text = HEAD + """\
stages:
  - {id: purchase, name: Purchase}
  - {id: buy, name: "  purchase "}
touchpoints:
  - {id: pays, name: Pays, stage: purchase}
  - {id: pays-again, name: PAYS, stage: buy}
"""
    problems = lint_text(tmp_path, text, {"duplicate-name": None})
    assert where(problems) == [(6, 21, "L016"), (9, 28, "L016")]
    assert 'the stage "purchase" (line 5)' in problems[0].message


# --- content ---------------------------------------------------------------------------

def test_pain_point_without_opportunity_in_stage_or_touchpoint(tmp_path):
    text = FLOW + tp("pays", extra="    pain_points: [Fee appears late]\n") + tp("gets-receipt", extra="    opportunities: [Email it]\n") + tp("receives-lamp", "delivery", "    pain_points:\n      - Late\n")
    assert where(lint_text(tmp_path, text, {"pain-point-without-opportunity": {}})) == [(21, 5, "L009")]
    assert where(lint_text(tmp_path, text, {"pain-point-without-opportunity": {"scope": "touchpoint"}})) == [(13, 5, "L009"), (21, 5, "L009")]


def test_missing_emotion_only_where_the_map_has_a_curve(tmp_path):
    text = FLOW + tp("adds-to-basket", extra="    emotion: 1\n") + tp("pays") + tp("gets-receipt", extra="    emotion: {score: 2}\n") + tp("packs", extra="    lane: backstage\n")
    problems = lint_text(tmp_path, text, {"missing-emotion": {}})
    assert where(problems) == [(14, 9, "L010")]
    assert problems[0].message == 'the touchpoint "pays" has no emotion, unlike 2 of 3 touchpoints'
    sparse = text.replace("    emotion: {score: 2}\n", "")
    assert lint_text(tmp_path, sparse, {"missing-emotion": {}}) == []  # 1 of 3: no curve
    assert where(lint_text(tmp_path, text, {"missing-emotion": {"lanes": ["customer", "backstage"]}})) == [(14, 9, "L010"), (21, 9, "L010")]


def test_missing_team(tmp_path):
    text = FLOW + tp("pays") + tp("packs", extra="    lane: backstage\n") + tp("ships", extra="    lane: support\n    team: Logistics\n")
    assert where(lint_text(tmp_path, text, {"missing-team": {}})) == [(13, 9, "L011")]
    assert where(lint_text(tmp_path, text, {"missing-team": {"lanes": ["customer", "backstage"]}})) == [(10, 9, "L011"), (13, 9, "L011")]


def test_overloaded_stage(tmp_path):
    text = FLOW + "".join(tp(f"s{i}") for i in range(21)) + tp("receives-lamp", "delivery")
    problems = lint_text(tmp_path, text, {"overloaded-stage": {}})
    assert where(problems) == [(5, 9, "L014")]
    assert problems[0].message == 'the stage "purchase" has 21 touchpoints, more than 20'
    assert lint_text(tmp_path, text, {"overloaded-stage": {"max_touchpoints": 21}}) == []
