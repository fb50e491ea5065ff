"""The vectorised helpers of the matching, against plain definitions on random data."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import maximum_flow

from wikisync.matching.arrays import (
    entries_at,
    first_highest_of_each,
    ranks_in_order,
    stable_order,
    unique_sorted,
)


def _plain_ranks(group: np.ndarray, primary: np.ndarray) -> list[int]:
    ranks = []
    for at in range(len(group)):
        same = [other for other in range(len(group)) if group[other] == group[at]]
        before = [o for o in same if (primary[o], o) < (primary[at], at)]
        ranks.append(len(before))
    return ranks


@pytest.mark.parametrize("grouped", [True, False])
@pytest.mark.parametrize("seed", range(4))
def test_ranks_in_order_rank_within_groups_by_value_then_position(seed: int, grouped: bool) -> None:
    rng = np.random.default_rng(seed)
    group = rng.integers(0, 7, 120)
    if grouped:
        group = np.sort(group)
    primary = rng.integers(-5, 6, 120)
    assert ranks_in_order(group, primary).tolist() == _plain_ranks(group, primary)


def test_ranks_in_order_of_keys_too_wide_to_pack() -> None:
    group = np.array([3, 1, 3, 1, 3], dtype=np.int64) << 40
    primary = np.array([1 << 30, 0, -(1 << 30), 0, 1 << 30], dtype=np.int64)
    assert ranks_in_order(group, primary).tolist() == [1, 0, 0, 1, 2]
    assert ranks_in_order(np.zeros(0, np.int64), np.zeros(0, np.int64)).tolist() == []


def test_stable_order_and_unique_sorted_are_argsort_and_unique() -> None:
    keys = np.random.default_rng(3).integers(-50, 50, 400)
    assert stable_order(keys).tolist() == np.argsort(keys, kind="stable").tolist()
    assert unique_sorted(keys).tolist() == np.unique(keys).tolist()


def test_entries_at_reads_a_maximum_flow_and_matrices_out_of_order() -> None:
    tails = np.array([0, 0, 1, 2, 1, 3])
    heads = np.array([2, 1, 3, 3, 2, 4])
    capacity = np.array([1, 1, 1, 1, 1, 2], dtype=np.int32)
    network = sp.csr_array((capacity, (tails, heads)), shape=(5, 5))
    flow = maximum_flow(network, 0, 4, method="dinic").flow
    dense = flow.toarray()
    rows, cols = np.array([0, 0, 3, 4, 2, 1]), np.array([1, 2, 4, 3, 0, 4])
    assert entries_at(flow, rows, cols).tolist() == dense[rows, cols].tolist()
    messy = sp.csr_array(
        (np.array([5, 7, 1]), np.array([3, 0, 3]), np.array([0, 3, 3])), shape=(2, 4)
    )
    assert not messy.has_canonical_format
    assert entries_at(messy, np.array([0, 0, 0, 1]), np.array([3, 0, 1, 3])).tolist() == [
        6,
        7,
        0,
        0,
    ]
    empty = sp.csr_array((2, 2), dtype=np.int64)
    assert entries_at(empty, np.array([0, 1]), np.array([1, 1])).tolist() == [0, 0]


@pytest.mark.parametrize("seed", range(5))
def test_first_highest_of_each_is_the_first_best_of_every_run(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for size in (0, 1, 7, 200):
        groups = np.sort(rng.integers(0, 9, size))
        scores = rng.integers(-3, 3, size)
        want = [
            min(at for at in range(size) if groups[at] == g and scores[at] == best)
            for g in sorted(set(groups.tolist()))
            for best in [max(scores[groups == g])]
        ]
        assert first_highest_of_each(groups, scores).tolist() == want
