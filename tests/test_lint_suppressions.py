"""Suppression comments: this line, the next line, the whole file; unused and unknown ones reported."""

from __future__ import annotations

from helpers import where, write
from lint_helpers import lint_records

BASE = """\
version: 1
id: shop
title: "Shop # journeyctl: disable=L003"
description: |
  # journeyctl: disable-file=dead-end
stages:
  - id: purchase
    name: Purchase
  - id: delivery  # journeyctl: disable=empty-stage
    name: Delivery
touchpoints:
  - id: adds-to-basket
    name: Adds to basket
    stage: purchase
    next: [pays]
  # journeyctl: disable-next-line=orphan-touchpoint -- the workshop adds the step before it

  - id: pays
    name: 'Pays # journeyctl: disable=L016'
    stage: purchase
  - id: gets-receipt
    name: Gets a receipt
    stage: purchase
"""
# pays: dead end (L006, line 18); gets-receipt: orphan (L003, line 21).


def test_comments_silence_their_line_and_hash_in_text_is_not_a_comment(tmp_path):
    path = write(tmp_path, "shop.journey.yaml", BASE)
    code, records = lint_records(str(path))
    assert where(records) == [
        (16, 35, "L900"),  # nothing to silence on the next line (pays is reached)
        (18, 9, "L006"),  # the block text's "disable-file" is not a comment
        (21, 9, "L003"),  # the quoted title's "disable" is not a comment
    ]
    assert records[0]["message"] == "nothing to silence: orphan-touchpoint finds no problem on the next line"
    assert code == 0


def test_next_line_and_file_suppressions_silence(tmp_path):
    text = BASE.replace("  # journeyctl: disable-next-line=orphan-touchpoint -- the workshop adds the step before it\n\n  - id: pays\n", "  - id: pays\n")
    text = text.replace("  - id: gets-receipt\n", "  # journeyctl: disable-next-line=orphan-touchpoint\n  # a second comment between\n  - id: gets-receipt\n")
    text = "# journeyctl: disable-file=dead-end\n" + text
    path = write(tmp_path, "shop.journey.yaml", text)
    assert lint_records(str(path)) == (0, [])


def test_several_rules_in_one_comment_and_unknown_names(tmp_path):
    text = BASE.replace("  - id: gets-receipt\n", "  - id: gets-receipt  # journeyctl: disable=L003, missing-team,S001 ,dead-end\n")
    path = write(tmp_path, "shop.journey.yaml", text)
    code, records = lint_records(str(path))
    line = 21
    assert [(r["line"], r["column"], r["code"], r["level"]) for r in records if r["line"] == line] == [
        (line, 51, "L900", "warning"),  # missing-team: nothing to silence
        (line, 64, "L901", "warning"),  # S001 is not a lint rule
        (line, 70, "L900", "warning"),  # dead-end: gets-receipt is an orphan, not a dead end
    ]
    assert [r for r in records if r["line"] == line and r["code"] == "L901"][0]["message"] == '"S001" is not a lint rule, so it cannot be disabled'


def test_a_comment_that_is_not_understood(tmp_path):
    text = BASE.replace("  - id: gets-receipt\n", "  - id: gets-receipt  # journeyctl: turn off L003\n")
    path = write(tmp_path, "shop.journey.yaml", text)
    _, records = lint_records(str(path))
    assert (21, 23, "L901") in where(records)


def test_unused_suppression_of_a_rule_that_is_off_is_not_reported(tmp_path):
    write(tmp_path, ".journeyctl.yaml", "rules:\n  empty-stage: off\n  unused-suppression: error\n")
    path = write(tmp_path, "shop.journey.yaml", BASE)
    code, records = lint_records(str(path), cwd=tmp_path)
    assert [(r["line"], r["code"], r["level"]) for r in records] == [(16, "L900", "error"), (18, "L006", "warning"), (21, "L003", "warning")]
    assert code == 1


def test_next_line_comment_at_the_end_of_the_file_silences_nothing(tmp_path):
    """It used to silence the rule in the whole file: with no next line, it silences nothing, and says so."""
    text = BASE + "  # journeyctl: disable-next-line=orphan-touchpoint, dead-end\n\n# a last comment\n"
    path = write(tmp_path, "shop.journey.yaml", text)
    code, records = lint_records(str(path))
    assert where(records) == [
        (16, 35, "L900"),
        (18, 9, "L006"),  # still reported: the comment at the end does not reach it
        (21, 9, "L003"),
        (24, 35, "L900"),
        (24, 54, "L900"),
    ]
    assert records[3]["message"] == "nothing to silence: no line follows this comment, so orphan-touchpoint is disabled nowhere"
    assert records[4]["message"] == "nothing to silence: no line follows this comment, so dead-end is disabled nowhere"
    assert code == 0


def test_thousands_of_suppressions_each_silence_their_own_line(tmp_path):
    """One comment per touchpoint, 8,000 of them: each is matched by its line, not against every other."""
    touchpoints = "".join(f"  - id: t{i}  # journeyctl: disable=missing-team\n    name: T{i}\n    stage: purchase\n    lane: backstage\n" for i in range(8000))
    text = "version: 1\nid: shop\ntitle: Shop\nstages:\n  - {id: purchase, name: Purchase}\ntouchpoints:\n" + touchpoints
    text = text.replace("  - id: t7999  # journeyctl: disable=missing-team\n", "  - id: t7999  # journeyctl: disable=missing-team, dead-end\n")
    path = write(tmp_path, "shop.journey.yaml", text)
    code, records = lint_records(str(path), "--fail-on", "info")
    last = 6 + 7999 * 4 + 1
    assert [(r["line"], r["code"], r["message"]) for r in records if r["code"] != "L014"] == [
        (last, "L900", "nothing to silence: dead-end finds no problem on this line"),
    ]
    assert code == 1  # the stage is overloaded (L014), and --fail-on info counts the warnings
