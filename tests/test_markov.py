"""The Markov removal effect, on chains small enough to solve by hand.

Each test works the chain out in its comments: the transition probabilities, the
conversion probability P from (start), P with each channel removed (steps into it go
to (null)), the removal effects 1 - P_without / P, and the credits (removal effect
over their sum, times the conversions).
"""

from __future__ import annotations

import random
import tracemalloc
from fractions import Fraction

import pytest

from journeyctl.analytics import markov as markov_module
from journeyctl.analytics.markov import (
    CONVERSION,
    NULL,
    START,
    PathCount,
    build_chain,
    collapse,
    markov,
    merge,
    states_of,
)


def P(path: str, conversions: float = 0, nulls: float = 0, value: float = 0.0) -> PathCount:
    return PathCount(tuple(path.split(" > ")) if path else (), conversions, nulls, value)


def exact(result, digits: int = 12) -> dict:
    return {name: round(x, digits) for name, x in result.items()}


def test_two_paths_one_converting():
    # A > B converts once, A alone once does not.
    #   start -> A: 1;  A -> B: 1/2, A -> null: 1/2;  B -> conversion: 1.
    #   P = 1/2.  Without A: start goes to null, P = 0.  Without B: A -> B goes to null, P = 0.
    #   Removal effects 1 and 1; credits 1/2 and 1/2 of the one conversion.
    result = markov([P("A > B", 1, 0), P("A", 0, 1)])
    assert result.conversion_probability == 0.5
    assert result.removal_effects == {"A": 1.0, "B": 1.0}
    assert result.conversions == {"A": 0.5, "B": 0.5}


def test_the_classic_three_paths():
    # The example of the Markov attribution literature:
    #   c1 > c2 > c3 converts; c1 does not; c2 > c3 does not.
    #   start -> c1: 2/3, start -> c2: 1/3;  c1 -> c2: 1/2, c1 -> null: 1/2;
    #   c2 -> c3: 1;  c3 -> conversion: 1/2, c3 -> null: 1/2.
    #   P = 2/3 * 1/2 * 1 * 1/2 + 1/3 * 1 * 1/2 = 1/6 + 1/6 = 1/3.
    #   Without c1: P = 1/3 * 1/2 = 1/6, effect 1/2.  Without c2 or c3: P = 0, effect 1.
    #   Sum 5/2: credits c1 = (1/2)/(5/2) = 0.2, c2 = c3 = 0.4.
    result = markov([P("c1 > c2 > c3", 1, 0), P("c1", 0, 1), P("c2 > c3", 0, 1)])
    assert round(result.conversion_probability, 15) == round(1 / 3, 15)
    assert exact(result.removal_effects) == {"c1": 0.5, "c2": 1.0, "c3": 1.0}
    assert exact(result.conversions) == {"c1": 0.2, "c2": 0.4, "c3": 0.4}
    assert result.total_conversions == 1.0


def test_a_loop_is_solved_not_walked():
    # A > B > A converts once; B alone does not. The chain has a loop A -> B -> A.
    #   start -> A: 1/2, start -> B: 1/2;  A -> B: 1/2, A -> conversion: 1/2;
    #   B -> A: 1/2, B -> null: 1/2.
    #   x_A = 1/2 + 1/2 x_B, x_B = 1/2 x_A  =>  x_A = 2/3, x_B = 1/3;  P = 1/2 (2/3 + 1/3) = 1/2.
    #   Without A: x_B = 0, P = 0, effect 1.  Without B: x_A = 1/2, P = 1/4, effect 1/2.
    #   Credits: A = 1 / (3/2) = 2/3, B = 1/3.
    result = markov([P("A > B > A", 1, 0), P("B", 0, 1)])
    assert round(result.conversion_probability, 15) == 0.5
    assert exact(result.removal_effects) == {"A": 1.0, "B": 0.5}
    assert exact(result.conversions) == {"A": round(2 / 3, 12), "B": round(1 / 3, 12)}


def test_value_is_shared_like_conversions():
    # The classic three paths with a value of 250 on the conversion: 50, 100, 100.
    result = markov([P("c1 > c2 > c3", 1, 0, 250.0), P("c1", 0, 1), P("c2 > c3", 0, 1)])
    assert exact(result.value) == {"c1": 50.0, "c2": 100.0, "c3": 100.0}


def test_weights_count_customers():
    # A converts 3 times and fails once; B converts once and fails 3 times.
    #   start -> A: 4/8, start -> B: 4/8;  A -> conversion: 3/4;  B -> conversion: 1/4.
    #   P = 1/2 * 3/4 + 1/2 * 1/4 = 1/2.  Without A: P = 1/8, effect 3/4.  Without B: 3/8, effect 1/4.
    #   Credits of the 4 conversions: A = 3, B = 1.
    result = markov([P("A", 3, 1), P("B", 1, 3)])
    assert exact(result.removal_effects) == {"A": 0.75, "B": 0.25}
    assert exact(result.conversions) == {"A": 3.0, "B": 1.0}


def test_consecutive_repeats_are_collapsed():
    assert collapse(("A", "A", "B", "B", "A")) == ("A", "B", "A")
    repeated = markov([P("A > A > B", 1, 0), P("A > A", 0, 1)])
    plain = markov([P("A > B", 1, 0), P("A", 0, 1)])
    assert repeated == plain


def test_the_transition_matrix():
    chain = build_chain(merge([P("A > B > A", 1, 0), P("B", 0, 1)]))
    assert chain.transitions() == [
        (START, "A", 0.5),
        (START, "B", 0.5),
        ("A", "B", 0.5),
        ("A", CONVERSION, 0.5),
        ("B", "A", 0.5),
        ("B", NULL, 0.5),
    ]


def test_order_two_states_are_windows():
    assert states_of(("A", "B", "C"), 2) == (("A", "B"), ("B", "C"))
    assert states_of(("A",), 2) == (("A",),)  # shorter than the order: the whole path
    assert states_of(("A", "A", "A", "B"), 2) == (("A", "A"), ("A", "B"))  # (A, A) twice collapsed
    assert states_of(("A", "A", "B"), 1) == (("A",), ("B",))


def test_order_two_sees_what_order_one_cannot():
    # A > B converts, C > B does not, D converts.
    # First order:  start -> A, C, D: 1/3 each;  A -> B, C -> B: 1;  B -> conversion: 1/2;  D -> conversion: 1.
    #   P = 1/3 * 1/2 + 1/3 * 1/2 + 1/3 = 2/3.
    #   Without A: 1/3 * 1/2 + 1/3 = 1/2, effect 1/4.  Without C: the same, 1/4.
    #   Without B: 1/3, effect 1/2.  Without D: 1/3, effect 1/2.  Sum 3/2, 2 conversions:
    #   A = C = 1/3, B = D = 2/3.
    paths = [P("A > B", 1, 0), P("C > B", 0, 1), P("D", 1, 0)]
    first = markov(paths)
    assert exact(first.removal_effects) == {"A": 0.25, "B": 0.5, "C": 0.25, "D": 0.5}
    assert exact(first.conversions) == {"A": round(1 / 3, 12), "B": round(2 / 3, 12), "C": round(1 / 3, 12), "D": round(2 / 3, 12)}
    # Second order: states (A, B), (C, B), (D); start -> each: 1/3; (A, B) and (D) convert, (C, B) does not.
    #   P = 2/3.  Without A: state (A, B) goes, P = 1/3, effect 1/2.  Without B: both (A, B) and (C, B)
    #   go, P = 1/3, effect 1/2.  Without C: (C, B) goes, P stays 2/3, effect 0.  Without D: 1/2.
    #   Sum 3/2: A = B = D = 2/3, C = 0. C is seen to lead nowhere, which order 1 could not tell.
    second = markov(paths, order=2)
    assert second.states == 3
    assert exact(second.removal_effects) == {"A": 0.5, "B": 0.5, "C": 0.0, "D": 0.5}
    assert exact(second.conversions) == {"A": round(2 / 3, 12), "B": round(2 / 3, 12), "C": 0.0, "D": round(2 / 3, 12)}


def test_no_conversions_gives_no_credit():
    result = markov([P("A > B", 0, 5), P("B", 0, 1)])
    assert result.conversion_probability == 0.0
    assert result.conversions == {"A": 0.0, "B": 0.0}


def test_paths_without_touch_are_left_out_of_the_chain():
    # A conversion with no touch has nobody to credit.
    result = markov([P("A", 1, 1), P("", 5, 0)])
    assert result.total_conversions == 1.0
    assert result.conversions == {"A": 1.0}


def test_the_input_order_does_not_matter():
    rng = random.Random(3)
    paths = _random_paths(rng, 300, 6)
    shuffled = list(paths)
    rng.shuffle(shuffled)
    assert markov(paths) == markov(shuffled)
    assert markov(paths, order=2) == markov(shuffled, order=2)


def _random_paths(rng: random.Random, count: int, channels: int) -> list[PathCount]:
    names = [f"ch{i:02d}" for i in range(channels)]
    seen: dict[tuple, PathCount] = {}
    while len(seen) < count:
        path = tuple(rng.choice(names) for _ in range(rng.randint(1, 7)))
        conversions = rng.randint(0, 5)
        seen[path] = PathCount(path, conversions, rng.randint(0 if conversions else 1, 20), conversions * 10.0)
    return list(seen.values())


def _exact_removal_effects(paths: list[PathCount]) -> dict[str, Fraction]:
    """The same model by a separate route: Fractions and Gaussian elimination."""
    counts: dict[str, dict[str, int]] = {}
    for row in paths:
        steps = [START, *collapse(row.path)]
        for a, b in zip(steps, steps[1:]):
            counts.setdefault(a, {}).setdefault(b, 0)
            counts[a][b] += row.conversions + row.nulls
        if row.conversions:
            counts.setdefault(steps[-1], {}).setdefault(CONVERSION, 0)
            counts[steps[-1]][CONVERSION] += row.conversions
        if row.nulls:
            counts.setdefault(steps[-1], {}).setdefault(NULL, 0)
            counts[steps[-1]][NULL] += row.nulls

    def p(removed: str | None) -> Fraction:
        states = [s for s in counts if s != removed]
        index = {s: i for i, s in enumerate(states)}
        n = len(states)
        a = [[Fraction(int(i == j)) for j in range(n)] + [Fraction(0)] for i in range(n)]
        for s in states:
            total = sum(counts[s].values())
            for t, c in counts[s].items():
                if t == CONVERSION:
                    a[index[s]][n] += Fraction(c, total)
                elif t in index:
                    a[index[s]][index[t]] -= Fraction(c, total)
        for col in range(n):  # Gauss-Jordan
            pivot = next(r for r in range(col, n) if a[r][col] != 0)
            a[col], a[pivot] = a[pivot], a[col]
            for r in range(n):
                if r != col and a[r][col] != 0:
                    f = a[r][col] / a[col][col]
                    a[r] = [x - f * y for x, y in zip(a[r], a[col])]
        return a[index[START]][n] / a[index[START]][index[START]]

    base = p(None)
    return {c: 1 - p(c) / base for c in sorted(counts) if c != START}


def test_agrees_with_an_exact_rational_solution():
    paths = _random_paths(random.Random(11), 60, 5)
    expected = _exact_removal_effects(paths)
    result = markov(paths)
    assert result.removal_effects.keys() == expected.keys()
    for channel, effect in expected.items():
        assert result.removal_effects[channel] == pytest.approx(float(effect), abs=1e-12)


def test_sparse_and_dense_solves_agree(monkeypatch):
    paths = _random_paths(random.Random(5), 2000, 8)
    result = markov(paths, order=2)
    assert result.states > 20
    monkeypatch.setattr(markov_module, "SPARSE_FROM", 0)  # every system through scipy.sparse
    sparse = markov(paths, order=2)
    for channel in result.channels:
        assert sparse.removal_effects[channel] == pytest.approx(result.removal_effects[channel], abs=1e-12)
        assert sparse.conversions[channel] == pytest.approx(result.conversions[channel], abs=1e-9)


def test_credits_add_up_to_the_conversions():
    paths = _random_paths(random.Random(8), 500, 12)
    for order in (1, 2, 3):
        result = markov(paths, order=order)
        assert sum(result.conversions.values()) == pytest.approx(result.total_conversions, rel=1e-12)
        assert sum(result.value.values()) == pytest.approx(result.total_value, rel=1e-12)


def test_ten_thousand_paths_over_twelve_channels():
    # How long it takes is bench/attribution_bench.py's to say (docs/performance.md), not a test's.
    paths = _random_paths(random.Random(1), 10_000, 12)
    result = markov(paths)
    assert len(result.channels) == 12
    assert sum(result.conversions.values()) == pytest.approx(result.total_conversions, rel=1e-12)


def test_a_hundred_thousand_paths_in_reasonable_memory():
    # Third order over 12 channels: about 1,700 states, solved sparse.
    paths = _random_paths(random.Random(2), 100_000, 12)
    tracemalloc.start()
    try:
        result = markov(paths, order=3)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.states > markov_module.SPARSE_FROM
    assert peak < 300 * 2**20, f"{peak / 2**20:.0f} MB"


@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_the_array_chain_equals_the_plain_one(order):
    from journeyctl.analytics.markov import build_chain_plainly

    paths = merge(_random_paths(random.Random(order), 400, 5) + [P("A > A > A", 1, 0), P("B", 0, 2), P("A > B", 2, 0)])
    fast, plain = build_chain(paths, order), build_chain_plainly(paths, order)
    assert fast.states == plain.states
    assert fast.transitions() == plain.transitions()


def test_no_path_with_a_touch_gives_an_empty_chain():
    for paths in ([], [P("", 3, 1)], [P("A", 0, 0)]):
        result = markov(paths)
        assert (result.states, result.conversion_probability, result.conversions) == (0, 0.0, {})
    chain = build_chain([])
    assert chain.states == () and chain.transitions() == []
