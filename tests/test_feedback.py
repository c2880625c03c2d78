"""Survey answers against the map, with every figure worked out by hand.

Constants used in the comments: Student's t for 29 degrees of freedom at 97.5% is
2.0452296; the normal quantile at 97.5% is z = 1.9599640 (z**2 = 3.8414588).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from journeyctl.analytics.feedback import (
    Answer,
    clean_comment,
    compare,
    emotion_spans,
    from_emotion,
    pick_comments,
    problems,
    summarize,
    threshold_for,
    to_emotion,
    wilson,
)
from journeyctl.analytics.inputs import kind_of, resolver, score_of
from journeyctl.checker import check_sources
from journeyctl.problems import CODES

JOURNEY = """\
version: 1
id: shop
title: Shop
stages:
  - id: buy
    name: Buying
  - id: after
    name: After the sale
touchpoints:
  - id: checkout
    name: Pays online
    stage: buy
    emotion: {score: 2, label: delighted}
    events: [order_placed]
  - id: delivery
    name: Gets the parcel
    stage: after
    emotion: 1
    events:
      - event: parcel_delivered
        channel: courier
  - id: support
    name: Calls support
    stage: after
    events: [support_call]
"""


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    path = tmp_path_factory.mktemp("fb") / "shop.journey.yaml"
    path.write_text(JOURNEY, encoding="utf-8")
    checker = check_sources([path])
    (document,) = checker.documents.values()
    assert document.valid, document.problems
    return document


def r4(x: float) -> float:
    return round(x, 4)


def test_the_emotion_scale_onto_each_survey():
    # CSAT = emotion + 3; NPS = 2.5 (emotion + 2); CES = 1.5 (emotion + 2) + 1.
    assert [from_emotion("csat", e) for e in (-2, -1, 0, 1, 2)] == [1, 2, 3, 4, 5]
    assert [from_emotion("nps", e) for e in (-2, -1, 0, 1, 2)] == [0, 2.5, 5, 7.5, 10]
    assert [from_emotion("ces", e) for e in (-2, -1, 0, 1, 2)] == [1, 2.5, 4, 5.5, 7]
    assert to_emotion("csat", 2.1) == pytest.approx(-0.9)
    assert to_emotion("nps", 7.5) == 1.0
    assert to_emotion("ces", 7) == 2.0
    # One point on CSAT's 4-point-wide scale is 2.5 on NPS's 10 and 1.5 on CES's 6.
    assert (threshold_for("csat"), threshold_for("nps"), threshold_for("ces")) == (1.0, 2.5, 1.5)


def test_csat_mean_interval_and_share():
    # Ten 1s, ten 2s, ten 3s: mean 2; variance (10 * 1 + 10 * 1) / 29 = 20/29;
    # half-width 2.0452296 * sqrt(20/29 / 30) = 2.0452296 * 0.1516196 = 0.3100975.
    s = summarize("csat", {1: 10, 2: 10, 3: 10})
    assert s.responses == 30
    assert s.distribution == {1: 10, 2: 10, 3: 10, 4: 0, 5: 0}
    assert s.mean == 2.0
    assert (r4(s.mean_interval.low), r4(s.mean_interval.high)) == (1.6899, 2.3101)
    # No 4 or 5: share 0; Wilson's upper end with 0 of n is z**2 / (n + z**2) = 3.8414588 / 33.8414588.
    assert s.share == 0.0
    assert s.share_interval.low == 0.0
    assert r4(s.share_interval.high) == 0.1135
    assert s.nps is None


def test_wilson_interval():
    # 4 of 10: centre (0.4 + 3.8414588 / 20) / (1 + 0.38414588) = 0.427755;
    # half 1.959964 / 1.38414588 * sqrt(0.024 + 3.8414588 / 400) = 1.416011 * 0.183313 = 0.259573.
    interval = wilson(4, 10)
    assert (r4(interval.low), r4(interval.high)) == (0.1682, 0.6873)
    assert wilson(0, 0) is None


def test_nps_points_and_interval():
    # 10 promoters (10), 5 passives (8), 5 detractors (3) of 20: p = 0.5, d = 0.25, NPS = 25.
    # SE = 100 sqrt((0.5 + 0.25 - 0.25**2) / 20) = 100 sqrt(0.034375) = 18.54050;
    # half-width 1.959964 * 18.54050 = 36.33871.  Mean (100 + 40 + 15) / 20 = 7.75.
    s = summarize("nps", {10: 10, 8: 5, 3: 5})
    assert s.nps == 25.0
    assert (r4(s.nps_interval.low), r4(s.nps_interval.high)) == (-11.3387, 61.3387)
    assert s.mean == 7.75
    assert s.share == 0.5 and s.detractors == 0.25
    assert len(s.distribution) == 11


def test_nps_interval_stays_within_the_scale():
    s = summarize("nps", {10: 3})
    assert s.nps == 100.0
    assert s.nps_interval.high == 100.0
    assert s.mean_interval.low == s.mean_interval.high == 10.0  # no spread at all


def test_ces_share_is_5_to_7():
    s = summarize("ces", {7: 2, 5: 1, 4: 1})
    assert s.share == 0.75
    assert s.mean == 5.75


def test_one_answer_has_no_interval():
    assert summarize("csat", {5: 1}).mean_interval is None


def answers(touchpoint: str, kind: str, counts: dict[int, int], comments: dict[int, str] | None = None) -> list[Answer]:
    out = []
    n = 0
    for score, count in counts.items():
        for _ in range(count):
            n += 1
            text = (comments or {}).get(score) if _ == 0 else None
            out.append(Answer(touchpoint, kind, score, text, f"{touchpoint}-{n}"))
    return out


def test_compare_finds_the_disagreement_and_says_it_plainly(doc):
    given = (
        answers("checkout", "csat", {1: 10, 2: 10, 3: 10}, {1: "The card form\nkept failing", 2: "Slow", 3: "ok"})
        + answers("delivery", "csat", {4: 40})
        + answers("support", "csat", {2: 5})
    )
    result = compare(given, doc.journey)
    verdicts = {(t.touchpoint, t.summary.kind): t.verdict for t in result.touchpoints}
    # checkout: the map says +2, 5 on CSAT; the whole interval 1.69-2.31 lies below 5 - 1 = 4.
    # delivery: +1 is 4 on CSAT; forty 4s give the interval 4-4: agrees.  support: no emotion.
    assert verdicts == {("checkout", "csat"): "map-too-positive", ("delivery", "csat"): "agrees", ("support", "csat"): "no-emotion"}
    checkout = result.touchpoints[0]
    assert checkout.expected == 5.0 and checkout.customers == 30
    # Comments furthest from the map (5) first: the 1, then the 2, then the 3; control characters gone.
    assert [(c.score, c.text) for c in checkout.comments] == [(1, "The card form kept failing"), (2, "Slow"), (3, "ok")]
    (problem,) = problems(result, "shop.journey.yaml", emotion_spans(doc.data, doc.journey))
    assert problem.code == "F001" and problem.level == "warning"
    assert (problem.span.line, problem.span.column) == (13, 22)  # the 2 of "score: 2"
    assert problem.message == (
        'the map says delighted (+2) at "Pays online"; 30 customers rate it 2.0 of 5 on CSAT'
        " (95% interval 1.7-2.3), which is negative (-1) on the map's scale"
    )
    assert problem.hint == (
        'Customers say: "The card form kept failing" (1); "Slow" (2); "ok" (3). '
        "Update the emotion to what customers report, or change the experience."
    )
    assert CODES["F001"][0] == "emotion-disagrees"


def test_stages_add_up_their_touchpoints(doc):
    given = answers("delivery", "csat", {4: 40}) + answers("support", "csat", {2: 10}) + answers("checkout", "nps", {9: 2})
    result = compare(given, doc.journey)
    stages = {(s.stage, s.summary.kind): s for s in result.stages}
    assert set(stages) == {("buy", "nps"), ("after", "csat")}
    after = stages[("after", "csat")]
    # 40 fours and 10 twos: mean (160 + 20) / 50 = 3.6; the stage's map emotion is delivery's +1 only.
    assert after.summary.responses == 50
    assert after.summary.mean == 3.6
    assert after.map_emotion == 1.0


def test_too_few_answers_is_not_a_disagreement(doc):
    result = compare(answers("checkout", "csat", {1: 29}), doc.journey)
    assert result.touchpoints[0].verdict == "too-few-answers"
    assert problems(result, "x", {}) == []
    # The minimum is an option.
    assert compare(answers("checkout", "csat", {1: 29}), doc.journey, min_answers=20).touchpoints[0].verdict == "map-too-positive"


def test_the_threshold_is_an_option(doc):
    # delivery says +1 (4 of 5); thirty 3s and 2s around 2.5: the interval lies 1.3-1.7 below 4.
    given = answers("delivery", "csat", {2: 15, 3: 15})
    assert compare(given, doc.journey).touchpoints[0].verdict == "map-too-positive"
    assert compare(given, doc.journey, threshold=2).touchpoints[0].verdict == "agrees"


def test_nps_disagreement_when_the_map_is_too_negative(doc):
    # A journey whose checkout says -2 (0 on NPS): thirty 10s are an NPS of 100.
    text = JOURNEY.replace("emotion: {score: 2, label: delighted}", "emotion: -2")
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "neg.journey.yaml"
        path.write_text(text, encoding="utf-8")
        (document,) = check_sources([path]).documents.values()
    result = compare(answers("checkout", "nps", {10: 30}), document.journey)
    (problem,) = problems(result, "neg.journey.yaml", emotion_spans(document.data, document.journey))
    assert (problem.span.line, problem.span.column) == (13, 14)
    assert problem.message == (
        'the map says very negative (-2) at "Pays online"; 30 customers rate it 10.0 of 10 on NPS'
        " (95% interval 10.0-10.0), an NPS of 100, which is very positive (+2) on the map's scale"
    )


def test_answers_from_the_same_customer_are_said_so(doc):
    given = [Answer("checkout", "csat", 1, None, "c1" if i % 2 else "c2") for i in range(40)]
    (problem,) = problems(compare(given, doc.journey), "x", {})
    assert "40 answers from 2 customers rate it 1.0 of 5" in problem.message


def test_comments_are_cut_and_flattened():
    assert clean_comment("a\r\n\tb\x1b[31m  c\u202e") == "a b [31m c"
    cut = clean_comment("x" * 300)
    assert len(cut) == 200 and cut.endswith("\u2026")
    assert clean_comment("  \n ") == ""


def test_comments_are_chosen_the_same_way_every_time():
    given = [Answer("t", "csat", score, text) for score, text in [(5, "b"), (1, "z"), (5, "a"), (1, "z"), (3, ""), (2, None)]]
    # Expected 5 (the map says +2): furthest first (the 1), then ties by score and text; duplicates once.
    assert [(c.score, c.text) for c in pick_comments(given, 5.0)] == [(1, "z"), (5, "a"), (5, "b")]
    assert [(c.score, c.text) for c in pick_comments(list(reversed(given)), 5.0, count=2)] == [(1, "z"), (5, "a")]
    # The same words under two scores are shown once, with the score that ranks first.
    twice = [Answer("t", "csat", 2, "same"), Answer("t", "csat", 4, "same"), Answer("t", "csat", 3, "other")]
    assert [(c.score, c.text) for c in pick_comments(twice, 5.0)] == [(2, "same"), (3, "other")]
    # No emotion on the map: lowest scores first.
    assert [(c.score, c.text) for c in pick_comments(given, None)] == [(1, "z"), (5, "a"), (5, "b")]


def test_what_an_answer_is_about(doc):
    resolve = resolver(doc.journey)
    assert resolve("checkout") == "checkout"
    assert resolve("order_placed") == "checkout"
    assert resolve("parcel_delivered") == "delivery"  # an event with conditions still names its touchpoint
    assert resolve("unknown_thing") is None


def test_kinds_and_scores():
    assert kind_of(" CSAT ") == "csat" and kind_of("nps") == "nps" and kind_of("stars") is None
    assert score_of("csat", "4") == 4
    assert score_of("csat", 4.0) == 4
    assert score_of("csat", "6") is None
    assert score_of("csat", "4.5") is None
    assert score_of("nps", "0") == 0
    assert score_of("ces", "seven") is None
    assert not math.isnan(summarize("ces", {1: 1, 7: 1}).mean)
