"""Attribution and feedback through the real ``journeyctl analyze``, every figure worked out.

The event log: five customers.

- c1: ad, product view, order (amount 100)  -> path sees-ad > views-product, converts, 100
- c2: ad, product view                      -> the same path, no conversion
- c3: product view twice, review, order (50) -> views-product > views-product > reads-review, 50
- c4: ad                                    -> sees-ad, no conversion
- c5: order only (30)                       -> no touch before it: unattributed

Touchpoint paths: P1 sees-ad > views-product (1 conversion, 1 null, 100), P2
views-product > views-product > reads-review (1, 0, 50), P3 sees-ad (0, 1), and one
conversion with no path. Channels: sees-ad is social, the other two web.
"""

from __future__ import annotations

import csv
import json

import pytest

from helpers import run, write

MAP = """\
version: 1
id: shop
title: Buying a lamp
channels:
  - {id: social, name: Social media}
  - {id: web, name: Website}
stages:
  - {id: discover, name: Discover}
  - {id: buy, name: Buy}
touchpoints:
  - id: sees-ad
    name: Sees an ad
    stage: discover
    channel: social
    emotion: 1
    events: ad_click
    next: views-product
  - id: views-product
    name: Views a product
    stage: discover
    channel: web
    emotion: {score: 2, label: delighted}
    events: product_viewed
    next: [reads-review, order-placed, views-product]
  - id: reads-review
    name: Reads a review
    stage: buy
    channel: web
    events: review_read
    next: order-placed
  - id: order-placed
    name: Places the order
    stage: buy
    channel: web
    emotion: 0
    events: order_placed
    end: true
analytics:
  conversion: order-placed
  columns:
    value: amount
"""

EVENTS = [
    ["customer_id", "timestamp", "event", "channel", "amount"],
    ["c1", "2024-01-01T10:00:00Z", "ad_click", "social", ""],
    ["c1", "2024-01-01T10:01:00Z", "product_viewed", "web", ""],
    ["c1", "2024-01-01T10:02:00Z", "order_placed", "web", "100"],
    ["c2", "2024-01-01T11:00:00Z", "ad_click", "social", ""],
    ["c2", "2024-01-01T11:01:00Z", "product_viewed", "web", ""],
    ["c3", "2024-01-02T10:00:00Z", "product_viewed", "web", ""],
    ["c3", "2024-01-02T10:01:00Z", "product_viewed", "web", ""],
    ["c3", "2024-01-02T10:02:00Z", "review_read", "web", ""],
    ["c3", "2024-01-02T10:03:00Z", "order_placed", "web", "50"],
    ["c4", "2024-01-03T10:00:00Z", "ad_click", "social", ""],
    ["c5", "2024-01-04T10:00:00Z", "order_placed", "web", "30"],
]


def _feedback_rows() -> list[list[str]]:
    rows = [["customer_id", "touchpoint", "score", "survey", "comment"]]
    # views-product: ten 1s, ten 2s, ten 3s on CSAT (some named by the event), with comments.
    comments = {1: "The photos\nlie [bold]really[/bold]", 2: "<script>alert(1)</script>", 3: "fine"}
    for i in range(30):
        score = 1 + i // 10
        about = "views-product" if i % 2 else "product_viewed"
        rows.append([f"v{i}", about, str(score), "csat", comments[score] if i % 10 == 0 else ""])
    # sees-ad: thirty 4s; its map emotion +1 is 4 on CSAT.
    rows += [[f"a{i}", "sees-ad", "4", "CSAT", ""] for i in range(30)]
    # reads-review: NPS 10 x10, 8 x5, 3 x5; the map gives it no emotion.
    rows += [[f"r{i}", "reads-review", str(s), "nps", ""] for i, s in enumerate([10] * 10 + [8] * 5 + [3] * 5)]
    rows += [["x1", "checkout-page", "5", "csat", ""], ["x2", "checkout-page", "4", "csat", ""]]  # not on the map
    rows += [["x3", "sees-ad", "6", "csat", ""]]  # off CSAT's scale
    return rows


PATHS = """\
path,total_conversions,total_null,total_conversion_value
A > B > C,12,5,120
B,4,6,40
C > A,2,0,30
A > A > B,3,1,0
A > D > B > C,10,0,100
D,0,10,0
"""


def _csv(path, rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    folder = tmp_path_factory.mktemp("attr")
    write(folder, "shop.journey.yaml", MAP)
    _csv(folder / "events.csv", EVENTS)
    _csv(folder / "feedback.csv", _feedback_rows())
    write(folder, "paths.csv", PATHS)
    return folder


@pytest.fixture(scope="module")
def report(shop):
    result = run("analyze", "shop.journey.yaml", "--events", "events.csv", "--feedback", "feedback.csv", "--format", "json", cwd=shop)
    assert result.returncode == 0, result.err
    return json.loads(result.out)


WEEK = 7 * 86400


def rows(level: dict, what: str = "conversions") -> dict:
    return {row["name"]: row[what] for row in level["rows"]}


def test_attribution_per_touchpoint(report):
    section = report["measures"]["attribution"]
    assert section["source"] == "events"
    tp = section["touchpoints"]
    assert tp["conversions"] == 3.0 and tp["unattributed_conversions"] == 1.0
    assert tp["value"] == 180.0 and tp["unattributed_value"] == 30.0
    got = rows(tp)
    # First: P1 -> sees-ad, P2 -> views-product.  Last: P1 -> views-product, P2 -> reads-review.
    # Linear: P1 1/2 each; P2 views-product 2/3 (two touches), reads-review 1/3.
    # 40/20/40: P1 50/50; P2 0.4 + 0.2 to views-product, 0.4 to reads-review.
    # Time decay, by time with the default half-life of 7 days, from each converter's last touch back:
    # c1's ad is 60 s before its product view, c3's views 120 s and 60 s before its review (see below).
    # Markov (repeats collapsed): start -> sees-ad 3/4, -> views-product 1/4; sees-ad -> views-product 2/3,
    #   -> null 1/3; views-product -> conversion, null, reads-review 1/3 each; reads-review -> conversion 1.
    #   x_rr = 1, x_vp = 2/3, x_ad = 4/9, P = 3/4 * 4/9 + 1/4 * 2/3 = 1/2.
    #   Without sees-ad: 1/6 (effect 2/3); without views-product: 0 (1); without reads-review:
    #   x_vp = 1/3, P = 1/4 (1/2).  Sum 13/6; of 2 conversions: 8/13, 12/13, 6/13.
    w60, w120 = 0.5 ** (60 / WEEK), 0.5 ** (120 / WEEK)
    assert got == {
        "sees-ad": {"first_touch": 1.0, "last_touch": 0.0, "linear": 0.5, "position_based": 0.5, "time_decay": round(w60 / (1 + w60), 6), "markov": 0.615385},
        "views-product": {
            "first_touch": 1.0, "last_touch": 1.0, "linear": 1.166667, "position_based": 1.1,
            "time_decay": round(1 / (1 + w60) + (w120 + w60) / (w120 + w60 + 1), 6), "markov": 0.923077,
        },
        "reads-review": {"first_touch": 0.0, "last_touch": 1.0, "linear": 0.333333, "position_based": 0.4, "time_decay": round(1 / (w120 + w60 + 1), 6), "markov": 0.461538},
    }
    assert report["measures"]["attribution"]["half_life"] == {"seconds": WEEK, "text": "7d"}
    assert tp["markov"]["conversion_probability"] == 0.5
    assert tp["markov"]["removal_effects"] == {"reads-review": 0.5, "sees-ad": 0.666667, "views-product": 1.0}
    labels = {row["name"]: row["label"] for row in tp["rows"]}
    assert labels["sees-ad"] == "Sees an ad"
    # Value: P1's 100 and P2's 50, shared the same ways.
    value = rows(tp, "value")
    assert value["sees-ad"]["first_touch"] == 100.0 and value["views-product"]["first_touch"] == 50.0
    assert value["views-product"]["linear"] == 83.333333
    assert value["sees-ad"]["markov"] == 46.153846  # 4/13 of 150


def test_attribution_per_channel(report):
    ch = report["measures"]["attribution"]["channels"]
    # social > web (1, 1), web > web > web (1, 0), social (0, 1).  Markov: start -> social 3/4, web 1/4;
    # social -> web 2/3, null 1/3; web -> conversion 2/3.  P = 1/2; without social 1/6 (2/3), without web 0 (1).
    # Time decay per channel: the sum of its touchpoints' (social: sees-ad's; web: the rest of 2).
    w60 = 0.5 ** (60 / WEEK)
    assert rows(ch) == {
        "social": {"first_touch": 1.0, "last_touch": 0.0, "linear": 0.5, "position_based": 0.5, "time_decay": round(w60 / (1 + w60), 6), "markov": 0.8},
        "web": {"first_touch": 1.0, "last_touch": 2.0, "linear": 1.5, "position_based": 1.5, "time_decay": round(2 - w60 / (1 + w60), 6), "markov": 1.2},
    }


@pytest.mark.parametrize("half_life", ["1m", "60s", "1"])
def test_time_decay_half_life_by_time_or_by_touches(shop, half_life):
    # A half-life of one minute: c1's ad (60 s before the view) weighs 1/2 -> 1/3, 2/3; c3's views
    # 120 s and 60 s before the review weigh 1/4 and 1/2 -> 1/7, 2/7, 4/7. One touch: the same shares,
    # by position, since this log's touches are a minute apart.
    result = run("analyze", "shop.journey.yaml", "--events", "events.csv", "--half-life", half_life, "--format", "json", cwd=shop)
    assert result.returncode == 0, result.err
    section = json.loads(result.out)["measures"]["attribution"]
    decay = {name: credit["time_decay"] for name, credit in rows(section["touchpoints"]).items()}
    assert decay == {"sees-ad": 0.333333, "views-product": round(1 / 3 * 2 + 3 / 7, 6), "reads-review": 0.571429}
    value = {name: credit["time_decay"] for name, credit in rows(section["touchpoints"], "value").items()}
    assert value == {"sees-ad": 33.333333, "views-product": round(200 / 3 + 150 / 7, 6), "reads-review": round(200 / 7, 6)}
    assert section["half_life"] == ({"touches": 1.0} if half_life == "1" else {"seconds": 60, "text": half_life})


def test_feedback_per_touchpoint(report):
    fb = report["measures"]["feedback"]
    assert (fb["answers"], fb["used"], fb["invalid"], fb["unmatched"]) == (80, 80, 1, {"checkout-page": 2})
    by = {t["touchpoint"]: t for t in fb["touchpoints"]}
    vp = by["views-product"]
    # Mean 2, t interval 2 +- 2.0452296 * sqrt(20/29 / 30) = 2 +- 0.3100975; the map's +2 is 5 on CSAT.
    assert (vp["survey"], vp["responses"], vp["customers"], vp["mean"]) == ("csat", 30, 30, 2.0)
    assert vp["mean_interval"] == [1.689903, 2.310097]
    assert vp["distribution"] == {"1": 10, "2": 10, "3": 10, "4": 0, "5": 0}
    assert (vp["map_emotion"], vp["map_expected"], vp["measured_emotion"], vp["verdict"]) == (2.0, 5.0, -1.0, "map-too-positive")
    assert by["sees-ad"]["verdict"] == "agrees" and by["sees-ad"]["mean_interval"] == [4.0, 4.0]
    rr = by["reads-review"]
    # NPS: promoters 1/2 minus detractors 1/4 = 25; SE 100 sqrt(0.034375 / 20) ... see test_feedback.py.
    assert (rr["nps"], rr["nps_interval"], rr["verdict"]) == (25.0, [-11.338705, 61.338705], "no-emotion")
    stages = {(s["stage"], s["survey"]): s for s in fb["stages"]}
    assert stages[("discover", "csat")]["responses"] == 60
    assert stages[("discover", "csat")]["mean"] == 3.0  # (10 + 20 + 30 + 30 * 4) / 60
    assert stages[("discover", "csat")]["map_emotion"] == 1.5


def test_disagreement_is_a_problem_at_the_emotion(report):
    found = [p for p in report["problems"] if p["code"] == "F001"]
    assert len(found) == 1
    (problem,) = found
    assert (problem["line"], problem["column"], problem["level"]) == (22, 22, "warning")  # the 2 of "score: 2"
    assert problem["message"] == (
        'the map says delighted (+2) at "Views a product"; 30 customers rate it 2.0 of 5 on CSAT'
        " (95% interval 1.7-2.3), which is negative (-1) on the map's scale"
    )
    # Comments furthest from the map first (the 1, then the 2), flattened to one line.
    assert problem["hint"].startswith('Customers say: "The photos lie [bold]really[/bold]" (1); "<script>alert(1)</script>" (2); "fine" (3).')


def test_fail_on_warning_counts_the_disagreement(shop):
    result = run("analyze", "shop.journey.yaml", "--events", "events.csv", "--feedback", "feedback.csv", "--fail-on", "warning", "--format", "json", cwd=shop)
    assert result.returncode == 1
    assert any(p["code"] == "F001" for p in json.loads(result.out)["problems"])


def test_text_report_shows_both_sections_with_text_kept_as_text(shop):
    result = run("analyze", "shop.journey.yaml", "--events", "events.csv", "--feedback", "feedback.csv", cwd=shop)
    assert result.returncode == 0, result.err
    out = result.out
    assert "Attribution per touchpoint: credit for 3 conversions (Markov order 1, time decay half-life 7d)" in out
    assert "1 conversion had no touchpoint before it: nobody to credit." in out
    line = next(l for l in out.splitlines() if l.startswith("views-product "))
    assert line.split() == ["views-product", "1.00", "1.00", "1.17", "1.10", "1.17", "0.92", "100.0%"]
    assert "Feedback against the map" in out
    line = next(l for l in out.splitlines() if l.startswith("views-product ") and "CSAT" in l)
    assert "2.0 of 5 (1.7-2.3)" in line and "+2 = 5.0" in line and "map too positive" in line
    # Rich markup in a comment stays text; the line break is gone.
    assert "The photos lie [bold]really[/bold]" in out
    assert "<script>alert(1)</script>" in out
    assert "Left out: 2 answers about nothing on the map (checkout-page: 2); 1 answer with a score off the survey's scale or no survey." in " ".join(out.split())
    assert "F001" in out


def test_a_path_file_alone(shop):
    result = run("analyze", "shop.journey.yaml", "--paths", "paths.csv", "--format", "json", cwd=shop)
    assert result.returncode == 0, result.err
    data = json.loads(result.out)
    assert set(data["measures"]) == {"attribution"}
    ch = data["measures"]["attribution"]["channels"]
    # The same path file as tests/test_attribution.py, worked out there.
    assert rows(ch)["A"] == {"first_touch": 25.0, "last_touch": 2.0, "linear": 9.5, "position_based": 11.6, "time_decay": 5.0, "markov": rows(ch)["A"]["markov"]}
    assert rows(ch)["B"]["time_decay"] == 11.809524  # 248/21
    assert rows(ch, "value")["C"]["position_based"] == 103.0
    assert ch["value"] == 290.0
    assert round(sum(r["markov"] for r in rows(ch).values()), 6) == 31.0


def test_path_file_columns_by_other_names_and_options(shop):
    write(shop, "renamed.csv", "journey,orders,lost\nA > B,2,2\nB,0,4\n")
    result = run(
        "analyze", "shop.journey.yaml", "--paths", "renamed.csv", "--paths-column", "path=journey", "--paths-column", "conversions=orders",
        "--paths-column", "nulls=lost", "--half-life", "2", "--markov-order", "2", "--format", "json", cwd=shop,
    )
    assert result.returncode == 0, result.err
    section = json.loads(result.out)["measures"]["attribution"]
    assert (section["half_life"], section["markov_order"]) == ({"touches": 2.0}, 2)
    got = rows(section["channels"])
    # Half-life 2 touches on A > B: weights 2 ** -0.5 and 1, of 2 conversions.
    assert got["A"]["time_decay"] == round(2 / (1 + 2**0.5), 6)
    # Order 2: states (A, B) and (B): start -> (A, B) 4/8 -> conversion 1/2; (B) never converts.
    # Removing A removes (A, B): P 0, effect 1; removing B removes both: effect 1.  1 conversion each.
    assert (got["A"]["markov"], got["B"]["markov"]) == (1.0, 1.0)
    assert "value" not in section["channels"]


def test_csv_tables(shop, tmp_path):
    out = tmp_path / "tables"
    result = run("analyze", "shop.journey.yaml", "--events", "events.csv", "--feedback", "feedback.csv", "--format", "csv", "-o", str(out), cwd=shop)
    assert result.returncode == 0, result.err
    with (out / "attribution_touchpoints.csv").open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert [r["name"] for r in table] == ["reads-review", "sees-ad", "views-product"]
    assert table[1]["markov"] == "0.615385" and table[1]["value_first_touch"] == "100.0"
    with (out / "feedback_touchpoints.csv").open(encoding="utf-8") as handle:
        feedback = {r["touchpoint"]: r for r in csv.DictReader(handle)}
    assert feedback["views-product"]["mean_low"] == "1.689903" and feedback["views-product"]["verdict"] == "map-too-positive"
    assert (out / "feedback_comments.csv").read_text(encoding="utf-8").count("\n") == 4  # the header and three comments


@pytest.mark.parametrize(
    ("args", "files", "message"),
    [
        (["--paths", "missing.csv"], {}, "--paths missing.csv: no such file"),
        (["--paths", "bad.csv"], {"bad.csv": "path,count\nA,1\n"}, 'no column "total_conversions" for the conversions'),
        (["--paths", "neg.csv"], {"neg.csv": "path,total_conversions,total_null\nA,-1,0\n"}, "row 1: conversions and non-conversions cannot be negative"),
        (["--paths", "paths.csv", "--paths-column", "conv"], {}, "--paths-column conv: write ROLE=COLUMN"),
        (["--paths", "paths.csv", "--half-life", "7d"], {}, "--half-life 7d: a path file has no times; give the half-life in touches"),
        (["--paths", "paths.csv", "--half-life", "soon"], {}, "--half-life soon: write a number of touches (1, 2.5) or a time (30m, 12h, 7d)"),
        (["--paths", "paths.csv", "--half-life", "0"], {}, "--half-life 0: the half-life must be more than 0"),
        (["--feedback", "nosurvey.csv"], {"nosurvey.csv": "touchpoint,score\nsees-ad,4\n"}, "say it with --survey csat, nps or ces"),
        (["--feedback", "nosurvey.csv", "--survey", "stars"], {"nosurvey.csv": "touchpoint,score\nsees-ad,4\n"}, "--survey stars: the surveys are csat"),
        (["--feedback", "noabout.csv", "--survey", "csat"], {"noabout.csv": "page,score\nx,4\n"}, 'no column "touchpoint" or "event"'),
        (["--feedback", "words.csv", "--survey", "csat"], {"words.csv": "touchpoint,score\nsees-ad,five\n"}, 'row 1: the score "five" (score) is not a number'),
    ],
)
def test_bad_files_are_plain_errors(shop, args, files, message):
    for name, text in files.items():
        write(shop, name, text)
    result = run("analyze", "shop.journey.yaml", *args, cwd=shop)
    assert result.returncode == 2, (result.out, result.err)
    assert message in result.err
    assert result.out == ""


def test_survey_option_and_event_names(shop):
    write(shop, "plain.csv", "event,score\nproduct_viewed,1\nad_click,5\nnothing,3\n")
    result = run("analyze", "shop.journey.yaml", "--feedback", "plain.csv", "--survey", "csat", "--format", "json", cwd=shop)
    assert result.returncode == 0, result.err
    fb = json.loads(result.out)["measures"]["feedback"]
    assert {t["touchpoint"]: (t["responses"], t["mean"], t["verdict"], t["customers"]) for t in fb["touchpoints"]} == {
        "sees-ad": (1, 5.0, "too-few-answers", None),
        "views-product": (1, 1.0, "too-few-answers", None),
    }
    assert fb["unmatched"] == {"nothing": 1}


def test_thresholds_are_options(shop):
    result = run(
        "analyze", "shop.journey.yaml", "--feedback", "feedback.csv", "--feedback-threshold", "3.5", "--format", "json", cwd=shop
    )
    # 1.69-2.31 is not wholly more than 3.5 below 5: no disagreement.
    verdicts = {t["touchpoint"]: t["verdict"] for t in json.loads(result.out)["measures"]["feedback"]["touchpoints"]}
    assert verdicts["views-product"] == "agrees"
    result = run("analyze", "shop.journey.yaml", "--feedback", "feedback.csv", "--min-answers", "31", "--format", "json", cwd=shop)
    verdicts = {t["touchpoint"]: t["verdict"] for t in json.loads(result.out)["measures"]["feedback"]["touchpoints"]}
    assert verdicts["views-product"] == "too-few-answers"


def test_the_same_bytes_every_run(shop):
    args = ("analyze", "shop.journey.yaml", "--events", "events.csv", "--feedback", "feedback.csv", "--format", "json")
    assert run(*args, cwd=shop).out == run(*args, cwd=shop).out


def test_a_feedback_file_alone_annotates_the_map(shop):
    result = run("analyze", "shop.journey.yaml", "--feedback", "feedback.csv", "--format", "github", cwd=shop)
    assert result.returncode == 0, result.err
    (line,) = [l for l in result.out.splitlines() if l.startswith("::warning")]
    assert line.startswith("::warning file=shop.journey.yaml,line=22,col=22,endLine=22,endColumn=23,title=F001 emotion-disagrees::the map says delighted (+2)")
    text = run("analyze", "shop.journey.yaml", "--feedback", "feedback.csv", cwd=shop)
    assert text.returncode == 0, text.err
    assert "Attribution" not in text.out and "Funnel" not in text.out
    assert "Feedback against the map" in text.out
    assert "shop.journey.yaml:22:22: warning F001" in text.out
