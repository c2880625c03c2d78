"""The heuristic attribution models, checked to the last digit on a small path file.

The paths (conversions, nulls, value):

    A > B > C       12  5  120
    B                4  6   40
    C > A            2  0   30
    A > A > B        3  1    0
    A > D > B > C   10  0  100
    D                0 10    0
                    --      ---
                    31      290

Worked by hand below, model by model; every column adds up to 31 conversions and 290.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from journeyctl.analytics.attribution import (
    MODELS,
    NO_CHANNEL,
    attribute,
    channel_paths,
    drop_touches,
)
from journeyctl.analytics.markov import PathCount, markov

ROOT = Path(__file__).resolve().parent.parent


def P(path: str, conversions: float = 0, nulls: float = 0, value: float = 0.0, ages=None) -> PathCount:
    return PathCount(tuple(path.split(" > ")) if path else (), conversions, nulls, value, ages)


PATHS = [
    P("A > B > C", 12, 5, 120),
    P("B", 4, 6, 40),
    P("C > A", 2, 0, 30),
    P("A > A > B", 3, 1, 0),
    P("A > D > B > C", 10, 0, 100),
    P("D", 0, 10, 0),
]


def column(result, model: str, what: str = "conversions", digits: int = 10) -> dict[str, float]:
    return {row.name: round(getattr(row, what)[model], digits) for row in result.rows}


@pytest.fixture(scope="module")
def result():
    return attribute(PATHS)


def test_first_touch(result):
    # A: 12 (A > B > C) + 3 (A > A > B) + 10 (A > D > B > C); B: 4; C: 2 (C > A).
    assert column(result, "first_touch") == {"A": 25.0, "B": 4.0, "C": 2.0, "D": 0.0}
    # Value: A: 120 + 0 + 100; B: 40; C: 30.
    assert column(result, "first_touch", "value") == {"A": 220.0, "B": 40.0, "C": 30.0, "D": 0.0}


def test_last_touch(result):
    # C: 12 + 10; B: 4 + 3; A: 2.
    assert column(result, "last_touch") == {"A": 2.0, "B": 7.0, "C": 22.0, "D": 0.0}
    assert column(result, "last_touch", "value") == {"A": 30.0, "B": 40.0, "C": 220.0, "D": 0.0}


def test_linear(result):
    # A > B > C: 4 each.  B: 4.  C > A: 1 each.  A > A > B: A 2 (two touches), B 1.
    # A > D > B > C: 2.5 each.
    # A = 4 + 1 + 2 + 2.5 = 9.5;  B = 4 + 4 + 1 + 2.5 = 11.5;  C = 4 + 1 + 2.5 = 7.5;  D = 2.5.
    assert column(result, "linear") == {"A": 9.5, "B": 11.5, "C": 7.5, "D": 2.5}
    # Value: 40 each of 120; 40; 15 each of 30; 25 each of 100.
    assert column(result, "linear", "value") == {"A": 80.0, "B": 105.0, "C": 80.0, "D": 25.0}


def test_position_based(result):
    # A > B > C: 40/20/40 of 12 = 4.8, 2.4, 4.8.  B: 4.  C > A: 50/50 = 1, 1.
    # A > A > B: first A 1.2, middle A 0.6, B 1.2.  A > D > B > C: 4, 1, 1, 4 (20% shared by two).
    # A = 4.8 + 1 + 1.8 + 4 = 11.6;  B = 2.4 + 4 + 1.2 + 1 = 8.6;  C = 4.8 + 1 + 4 = 9.8;  D = 1.
    assert column(result, "position_based") == {"A": 11.6, "B": 8.6, "C": 9.8, "D": 1.0}
    # Value: 48, 24, 48;  40;  15, 15;  40, 10, 10, 40.
    assert column(result, "position_based", "value") == {"A": 103.0, "B": 74.0, "C": 103.0, "D": 10.0}


def test_time_decay_by_position(result):
    # Half-life 1 touch: weights 1, 1/2, 1/4, ... from the last touch back, normalised:
    #   two touches 1/3, 2/3; three 1/7, 2/7, 4/7; four 1/15, 2/15, 4/15, 8/15.
    # A > B > C: 12/7, 24/7, 48/7.  B: 4.  C > A: C 2/3, A 4/3.  A > A > B: A 3/7 + 6/7, B 12/7.
    # A > D > B > C: A 2/3, D 4/3, B 8/3, C 16/3.
    # A = 12/7 + 4/3 + 9/7 + 2/3 = 5;  B = 24/7 + 4 + 12/7 + 8/3 = 248/21;
    # C = 48/7 + 2/3 + 16/3 = 90/7;  D = 4/3.   5 + 248/21 + 270/21 + 28/21 = 31.
    assert column(result, "time_decay") == {
        "A": 5.0,
        "B": round(248 / 21, 10),
        "C": round(90 / 7, 10),
        "D": round(4 / 3, 10),
    }


def test_time_decay_half_life_is_an_option():
    # Half-life 2 touches on A > B: weights 2 ** -0.5 and 1; A gets 1 / (1 + sqrt 2) of the conversion.
    result = attribute([P("A > B", 1, 0)], ["time_decay"], half_life=2)
    assert column(result, "time_decay") == {"A": round(1 / (1 + 2**0.5), 10), "B": round(2**0.5 / (1 + 2**0.5), 10)}


def test_time_decay_by_age_in_seconds():
    # Touches 2 days, 1 day and 0 s before the conversion, half-life 1 day: weights 1/4, 1/2, 1
    # -> 1/7, 2/7, 4/7 of 7 conversions.
    day = 86400.0
    path = P("A > B > C", 7, 0, 0, ages=(2 * day, day, 0.0))
    result = attribute([path], ["time_decay"], half_life_seconds=day)
    assert column(result, "time_decay") == {"A": 1.0, "B": 2.0, "C": 4.0}
    # The default half-life is 7 days: a touch a week before counts half as much as the last one.
    week = attribute([P("A > B", 3, 0, 0, ages=(7 * day, 0.0))], ["time_decay"])
    assert column(week, "time_decay") == {"A": 1.0, "B": 2.0}


def test_every_model_shares_out_all_conversions(result):
    assert result.total_conversions == 31
    assert result.total_value == 290
    for model in MODELS:
        assert round(sum(row.conversions[model] for row in result.rows), 9) == 31
        assert round(sum(row.value[model] for row in result.rows), 9) == 290


def test_markov_is_one_of_the_columns(result):
    expected = markov(PATHS)
    assert column(result, "markov", digits=12) == {c: round(x, 12) for c, x in expected.conversions.items()}
    # D is on a converting path, so removing it loses conversions: its credit is more than 0,
    # though it is never first or last on a converting path.
    assert result.markov.removal_effects["D"] > 0


def test_a_single_touch_gets_everything():
    result = attribute([P("A", 5, 1, 50)])
    for model in MODELS:
        assert result.rows[0].conversions[model] == 5.0
        assert result.rows[0].value[model] == 50.0


def test_conversions_without_a_touch_are_unattributed():
    result = attribute([P("", 4, 0, 40), P("A", 1, 0, 10)])
    assert result.unattributed_conversions == 4
    assert result.unattributed_value == 40
    assert [row.name for row in result.rows] == ["A"]
    assert result.rows[0].conversions["linear"] == 1.0


def test_to_dict_rounds_only_at_the_output(result):
    data = result.to_dict(digits=4)
    row_b = next(row for row in data["rows"] if row["name"] == "B")
    assert row_b["conversions"]["time_decay"] == 11.8095
    assert data["conversions"] == 31.0
    assert data["value"] == 290.0
    assert data["models"] == list(MODELS)
    # nothing was rounded in the result itself
    kept = next(r for r in result.rows if r.name == "B").conversions["time_decay"]
    assert kept == pytest.approx(248 / 21, rel=1e-15) and kept != 11.8095


def test_channel_paths_merge_touchpoints_of_one_channel():
    channel_of = {"sees-ad": "social", "views-product": "web", "adds-to-cart": "web", "calls": None}
    paths = [
        P("sees-ad > views-product > adds-to-cart", 2, 1),
        P("sees-ad > adds-to-cart", 1, 0),
        P("calls", 0, 1),
    ]
    merged = channel_paths(paths, channel_of)
    assert merged == [
        P(NO_CHANNEL, 0, 1),
        P("social > web", 1, 0),
        P("social > web > web", 2, 1),
    ]
    result = attribute(merged)
    # Linear keeps the repeated touch: web gets 2/3 of the 2 conversions on the longer path.
    assert column(result, "linear") == {NO_CHANNEL: 0.0, "social": round(1 / 2 + 2 / 3, 10), "web": round(1 / 2 + 4 / 3, 10)}


def test_drop_touches_removes_the_conversion_touchpoint():
    paths = [P("ad > cart > order", 3, 0), P("ad > cart", 0, 2), P("order", 1, 0)]
    assert drop_touches(paths, {"order"}) == [P("", 1, 0), P("ad > cart", 3, 2)]


def test_the_same_result_whatever_the_order_of_the_paths():
    shuffled = list(PATHS)
    random.Random(4).shuffle(shuffled)
    assert attribute(shuffled) == attribute(PATHS)


def test_a_bad_half_life_is_refused():
    with pytest.raises(ValueError):
        attribute(PATHS, half_life=0)


def test_the_bench_runs_tiny(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\n## Other\n\nkept\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "attribution_bench.py"), "--quick", "--write-doc", str(doc)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Markov, order 3" in result.stdout
    text = doc.read_text(encoding="utf-8")
    assert "## Other\n\nkept" in text
    assert "## Attribution" in text
    assert "| distinct paths |" in text
