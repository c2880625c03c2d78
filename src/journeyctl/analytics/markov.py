"""Markov-chain attribution by the removal effect, solved exactly.

Each customer path becomes a walk through states: ``(start) -> s1 -> ... -> sN ->
(conversion)`` or ``-> (null)``, weighted by how many customers took it. Counting the
steps gives the transition matrix of an absorbing Markov chain. With ``Q`` the
probabilities between the transient states (``(start)`` and the channels) and ``r``
the probabilities of stepping into ``(conversion)``, the chance of converting from each
state solves ``(I - Q) x = r``; the model's conversion probability is ``x[(start)]``.

The removal effect of a channel is how much of that probability is lost when the
channel disappears: its states are taken out and every step into them goes to
``(null)`` instead (the customer is lost there, as the literature does it). So
``removal_effect = 1 - P_without / P``. The credit of a channel is its removal effect
over the sum of all removal effects, times the conversions (and times the value).

No simulation: the linear systems are solved directly (``numpy.linalg.solve`` for small
chains, ``scipy.sparse.linalg.spsolve`` once the chain has enough states for sparsity
to pay), so the figures are the same on every run, to the last digit, and a channel
seen on ten paths gets a figure as exact as one seen on ten thousand.

Conventions, those of the ChannelAttribution package:

- Consecutive repeats are collapsed: ``A > A > B`` walks ``A -> B``.
- Order k: a state is a window of k consecutive channels of the path (``A > B > C`` at
  order 2 walks ``(A, B) -> (B, C)``); a path shorter than k is one state, the whole
  path; consecutive identical states are collapsed. Removal effects stay per channel:
  removing a channel removes every state that contains it, so no credit needs to be
  split among the channels of a state.
- Paths with no touch, or with neither conversions nor nulls, are left out of the chain
  (a conversion with no touch has nobody to credit); ``attribution.py`` counts them.

States are sorted, sums run over paths in sorted order, and nothing is rounded here:
rounding is for the output.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

START = "(start)"
CONVERSION = "(conversion)"
NULL = "(null)"

# From this many transient states on, the sparse solver (SuperLU, one thread) beats a
# dense one; measured on 2 cores, where a threaded dense solve of 150 states already
# costs more than the sparse one.
SPARSE_FROM = 50


class PathCount(NamedTuple):
    """One distinct path and how often it ended in a conversion or not.

    ``ages``, when given, is each touch's time before the conversion, in seconds (for
    the time-decay model); aggregated path files have none.
    """

    path: tuple[str, ...]
    conversions: float = 0
    nulls: float = 0
    value: float = 0.0
    ages: tuple[float, ...] | None = None


def merge(paths: Iterable[PathCount]) -> list[PathCount]:
    """Identical paths summed, rows with nothing to count left out, sorted by path."""
    totals: dict[tuple, list[float]] = {}
    for row in paths:
        key = (tuple(row.path), row.ages)
        entry = totals.setdefault(key, [0, 0, 0.0])
        entry[0] += row.conversions
        entry[1] += row.nulls
        entry[2] += row.value
    merged = [
        PathCount(path, conversions, nulls, value, ages)
        for (path, ages), (conversions, nulls, value) in totals.items()
        if conversions > 0 or nulls > 0
    ]
    merged.sort(key=lambda row: (row.path, row.ages or ()))
    return merged


def collapse(path: tuple[str, ...]) -> tuple[str, ...]:
    """Consecutive repeats removed: ``A > A > B > A`` is ``A > B > A``."""
    return tuple(step for index, step in enumerate(path) if index == 0 or step != path[index - 1])


def states_of(path: tuple[str, ...], order: int = 1) -> tuple[tuple[str, ...], ...]:
    """The walk of a path at an order: windows of ``order`` channels, repeats collapsed."""
    if not path:
        return ()
    if len(path) <= order:
        return (tuple(path),)
    windows = [tuple(path[index : index + order]) for index in range(len(path) - order + 1)]
    return tuple(w for index, w in enumerate(windows) if index == 0 or w != windows[index - 1])


@dataclass(frozen=True)
class Chain:
    """The absorbing chain: state names and the weighted step counts between them.

    Row and column 0 is ``(start)``, 1..n the channel states in sorted order; the
    counts matrix has two more columns, ``(conversion)`` and ``(null)``.
    """

    order: int
    states: tuple[tuple[str, ...], ...]
    counts: object  # scipy.sparse.csr_matrix, shape (n + 1, n + 3)

    @property
    def size(self) -> int:
        return len(self.states) + 1

    def name(self, index: int) -> str:
        if index == 0:
            return START
        if index == self.size:
            return CONVERSION
        if index == self.size + 1:
            return NULL
        return " > ".join(self.states[index - 1])

    def transitions(self) -> list[tuple[str, str, float]]:
        """(from, to, probability) for every step seen, in state order."""
        counts = self.counts
        totals = np.asarray(counts.sum(axis=1)).ravel()
        coo = counts.tocoo()
        order = np.lexsort((coo.col, coo.row))
        return [
            (self.name(int(coo.row[i])), self.name(int(coo.col[i])), float(coo.data[i] / totals[coo.row[i]]))
            for i in order
        ]


def build_chain(paths: Iterable[PathCount], order: int = 1) -> Chain:
    """Count the steps of every path (weighted by its conversions plus nulls).

    Done on arrays: the channels are numbered in sorted order (from 1), a state of order
    k is the number whose base-(channels + 1) digits are its channels (0 past the end of a
    path shorter than k), so sorting the numbers sorts the states as tuples.
    """
    from scipy import sparse

    if order < 1:
        raise ValueError("the order of a Markov chain is at least 1")
    rows = [row for row in paths if row.path and (row.conversions > 0 or row.nulls > 0)]
    channels = sorted({step for row in rows for step in row.path})
    base = len(channels) + 1
    if base ** order >= 2**62:
        return build_chain_plainly(rows, order)
    code = {channel: i + 1 for i, channel in enumerate(channels)}
    lengths = np.fromiter((len(row.path) for row in rows), dtype=np.int64, count=len(rows))
    flat = np.fromiter((code[step] for row in rows for step in row.path), dtype=np.int64, count=int(lengths.sum()))
    owner = np.repeat(np.arange(len(rows)), lengths)
    first = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    position = np.arange(len(flat)) - first[owner]
    # Windows start where k channels follow in the same path, or at 0 for a shorter path.
    starts = np.flatnonzero((position <= lengths[owner] - order) | ((position == 0) & (lengths[owner] < order)))
    keys = np.zeros(len(starts), dtype=np.int64)
    for t in range(order):
        at = starts + t
        inside = position[starts] + t < lengths[owner[starts]]
        digit = np.where(inside, flat[np.minimum(at, len(flat) - 1)], 0)
        keys = keys * base + digit
    walk_owner = owner[starts]
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = (keys[1:] != keys[:-1]) | (walk_owner[1:] != walk_owner[:-1])
    keys, walk_owner = keys[keep], walk_owner[keep]
    unique = np.unique(keys)
    state = np.searchsorted(unique, keys) + 1
    size = len(unique) + 1
    conversions = np.fromiter((row.conversions for row in rows), dtype=float, count=len(rows))
    nulls = np.fromiter((row.nulls for row in rows), dtype=float, count=len(rows))
    new_path = np.ones(len(state), dtype=bool)
    new_path[1:] = walk_owner[1:] != walk_owner[:-1]
    last = np.ones(len(state), dtype=bool)
    last[:-1] = new_path[1:]
    previous = np.concatenate(([0], state[:-1]))[: len(state)]  # no walk at all: no step either
    previous[new_path] = 0  # each walk begins at (start)
    total = conversions + nulls
    convert = last & (conversions[walk_owner] > 0)
    lose = last & (nulls[walk_owner] > 0)
    row_index = np.concatenate((previous, state[convert], state[lose]))
    col_index = np.concatenate((state, np.full(int(convert.sum()), size), np.full(int(lose.sum()), size + 1)))
    weights = np.concatenate((total[walk_owner], conversions[walk_owner[convert]], nulls[walk_owner[lose]]))
    counts = sparse.coo_matrix((weights, (row_index, col_index)), shape=(size, size + 2)).tocsr()
    counts.sum_duplicates()
    digits = [(int(key) // base ** (order - 1 - t)) % base for key in unique for t in range(order)]
    states = tuple(
        tuple(channels[d - 1] for d in digits[i * order : (i + 1) * order] if d) for i in range(len(unique))
    )
    return Chain(order, states, counts)


def build_chain_plainly(paths: Iterable[PathCount], order: int = 1) -> Chain:
    """``build_chain`` one path at a time: the reference the fast one is tested against."""
    from scipy import sparse

    if order < 1:
        raise ValueError("the order of a Markov chain is at least 1")
    walks = []
    for row in paths:
        if row.path and (row.conversions > 0 or row.nulls > 0):
            walks.append((states_of(tuple(row.path), order), row.conversions, row.nulls))
    states = tuple(sorted({state for walk, _, _ in walks for state in walk}))
    index = {state: i + 1 for i, state in enumerate(states)}
    size = len(states) + 1
    rows: list[int] = []
    cols: list[int] = []
    weights: list[float] = []
    for walk, conversions, nulls in walks:
        steps = [0, *(index[state] for state in walk)]
        total = conversions + nulls
        rows.extend(steps[:-1])
        cols.extend(steps[1:])
        weights.extend([total] * (len(steps) - 1))
        if conversions > 0:
            rows.append(steps[-1])
            cols.append(size)
            weights.append(conversions)
        if nulls > 0:
            rows.append(steps[-1])
            cols.append(size + 1)
            weights.append(nulls)
    counts = sparse.coo_matrix(
        (np.asarray(weights, dtype=float), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
        shape=(size, size + 2),
    ).tocsr()
    counts.sum_duplicates()
    return Chain(order, states, counts)


def _system(chain: Chain):
    """``I - Q`` (sparse) and ``r`` for the chain's transient states."""
    from scipy import sparse

    counts = chain.counts
    size = chain.size
    totals = np.asarray(counts.sum(axis=1)).ravel()
    totals[totals == 0] = 1.0  # a state with no way out cannot occur; guard anyway
    probabilities = sparse.diags(1.0 / totals) @ counts
    probabilities = probabilities.tocsc()
    q = probabilities[:, :size]
    r = np.asarray(probabilities[:, size].todense()).ravel()
    return (sparse.identity(size, format="csc") - q).tocsc(), r


def _solve(a, r: np.ndarray, keep: np.ndarray | None = None) -> float:
    """P(conversion from start) with only the ``keep`` states (start always kept)."""
    if keep is not None:
        a = a[keep][:, keep]
        r = r[keep]
    if a.shape[0] == 0:
        return 0.0
    if a.shape[0] < SPARSE_FROM:
        x = np.linalg.solve(a.toarray(), r)
    else:
        from scipy.sparse.linalg import spsolve

        x = spsolve(a.tocsc(), r)
    return float(x[0])


def conversion_probability(chain: Chain) -> float:
    a, r = _system(chain)
    return _solve(a, r)


@dataclass(frozen=True)
class MarkovResult:
    order: int
    channels: tuple[str, ...]
    states: int
    conversion_probability: float
    removal_effects: dict[str, float]
    conversions: dict[str, float]
    value: dict[str, float]
    total_conversions: float
    total_value: float


def removal_effects(chain: Chain) -> tuple[float, dict[str, float]]:
    """P(conversion) and each channel's removal effect, channels sorted."""
    a, r = _system(chain)
    base = _solve(a, r)
    channels = sorted({channel for state in chain.states for channel in state})
    effects: dict[str, float] = {}
    for channel in channels:
        keep = np.ones(chain.size, dtype=bool)
        for i, state in enumerate(chain.states, start=1):
            if channel in state:
                keep[i] = False
        without = _solve(a, r, np.flatnonzero(keep))
        effect = 1.0 - without / base if base > 0 else 0.0
        effects[channel] = max(effect, 0.0)  # removing a state can only lose conversions
    return base, effects


def markov(paths: Iterable[PathCount], order: int = 1, *, merged: bool = False) -> MarkovResult:
    """Credit per channel by the removal effect, for conversions and for value.

    ``merged``: the paths are already ``merge``d (distinct and sorted), as ``attribute``
    passes them; the work is not done twice.
    """
    rows = [row for row in (paths if merged else merge(paths)) if row.path]
    chain = build_chain(rows, order)
    base, effects = removal_effects(chain)
    total_conversions = float(sum(row.conversions for row in rows))
    total_value = float(sum(row.value for row in rows))
    weight = sum(effects.values())
    share = {channel: (effect / weight if weight > 0 else 0.0) for channel, effect in effects.items()}
    return MarkovResult(
        order=order,
        channels=tuple(effects),
        states=len(chain.states),
        conversion_probability=base,
        removal_effects=effects,
        conversions={channel: s * total_conversions for channel, s in share.items()},
        value={channel: s * total_value for channel, s in share.items()},
        total_conversions=total_conversions,
        total_value=total_value,
    )
