"""The capacitated assignment solver against exhaustive enumeration of small problems."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from wikisync.matching._augment import shortest_augmenting_paths
from wikisync.matching.assignment import (
    Problem,
    maximum_cut,
    placing_turns,
    solve,
    usable_capacity,
)


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    n_rows = draw(st.integers(1, 6))
    n_cols = draw(st.integers(1, 3))
    pairs = [(r, c) for r in range(n_rows) for c in range(n_cols)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=12))
    values = draw(st.lists(st.integers(-5, 30), min_size=len(chosen), max_size=len(chosen)))
    return Problem(
        n_rows=n_rows,
        capacity=np.array(draw(st.lists(st.integers(0, 2), min_size=n_cols, max_size=n_cols))),
        edge_row=np.array([r for r, _ in chosen], dtype=np.int64),
        edge_col=np.array([c for _, c in chosen], dtype=np.int64),
        edge_value=np.array(values, dtype=np.int64),
        slot_cost=draw(st.integers(0, 6)),
        slot_base=np.array(draw(st.lists(st.integers(0, 1), min_size=n_cols, max_size=n_cols))),
    )


def objective(problem: Problem, chosen: list[int]) -> tuple[int, int] | None:
    """(matched rows, value minus slot costs), or None when a limit is broken."""
    rows = [int(problem.edge_row[e]) for e in chosen]
    if len(set(rows)) != len(rows):
        return None
    load = np.bincount(problem.edge_col[chosen], minlength=len(problem.capacity))
    if (load > problem.capacity).any():
        return None
    base = problem.slot_base if problem.slot_base is not None else np.zeros_like(load)
    slots = sum(
        problem.slot_cost * (int(base[c]) + k) for c in range(len(load)) for k in range(load[c])
    )
    return len(chosen), int(problem.edge_value[chosen].sum()) - slots


def best_by_enumeration(problem: Problem) -> tuple[int, int]:
    per_row = [
        [None, *np.flatnonzero(problem.edge_row == row).tolist()] for row in range(problem.n_rows)
    ]
    best = (0, 0)
    for choice in itertools.product(*per_row):
        picked = [edge for edge in choice if edge is not None]
        score = objective(problem, picked)
        if score is not None and score > best:
            best = score
    return best


@settings(max_examples=200, deadline=None)
@given(problems())
def test_solver_finds_the_most_rows_then_the_best_value(problem: Problem) -> None:
    chosen = np.flatnonzero(solve(problem)).tolist()
    assert objective(problem, chosen) == best_by_enumeration(problem)


@st.composite
def larger_problems(draw: st.DrawFn) -> Problem:
    """Up to 40 rows and 8 columns of capacity up to 4: longer paths and shared slot edges."""
    n_rows = draw(st.integers(1, 40))
    n_cols = draw(st.integers(1, 8))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    present = rng.random((n_rows, n_cols)) < draw(st.floats(0.1, 0.9))
    rows, cols = np.nonzero(present)
    return Problem(
        n_rows=n_rows,
        capacity=rng.integers(0, 5, n_cols),
        edge_row=rows.astype(np.int64),
        edge_col=cols.astype(np.int64),
        edge_value=rng.integers(-10, 60, len(rows)),
        slot_cost=int(rng.integers(0, 8)),
        slot_base=rng.integers(0, 3, n_cols),
    )


def best_by_dense_assignment(problem: Problem) -> tuple[int, int]:
    """The lexicographic optimum from scipy's dense solver on rows x slots.

    Each edge is worth a large constant plus its value minus the slot's cost, so one more
    matched row outweighs any values; cells without an edge are worth nothing.
    """
    capacity = np.maximum(problem.capacity, 0)
    slot_col = np.repeat(np.arange(len(capacity)), capacity)
    within = np.arange(len(slot_col)) - np.repeat(np.cumsum(capacity) - capacity, capacity)
    base = problem.slot_base if problem.slot_base is not None else np.zeros(len(capacity))
    big = 10**6
    gain = np.zeros((problem.n_rows, max(len(slot_col), 1)), dtype=np.int64)
    for row, col, value in zip(problem.edge_row, problem.edge_col, problem.edge_value, strict=True):
        slots = np.flatnonzero(slot_col == col)
        gain[row, slots] = big + value - problem.slot_cost * (base[col] + within[slots])
    rows, slots = linear_sum_assignment(gain, maximize=True)
    taken = gain[rows, slots] > 0
    total = int(gain[rows, slots][taken].sum())
    matched = int(taken.sum())
    return matched, total - big * matched


@settings(max_examples=150, deadline=None)
@given(larger_problems())
def test_solver_matches_a_dense_solver_on_larger_problems(problem: Problem) -> None:
    chosen = np.flatnonzero(solve(problem)).tolist()
    assert objective(problem, chosen) == best_by_dense_assignment(problem)


def test_a_row_that_cannot_be_placed_is_an_error_not_a_wrong_answer() -> None:
    # Row 1 has no edges, so no assignment covers every row.
    one = np.array([0], dtype=np.int64)
    starts = np.array([0, 1], dtype=np.int64)
    with pytest.raises(ValueError, match="row 1"):
        shortest_augmenting_paths(
            starts, one * 0, one * 0, np.arange(2), np.arange(2), np.zeros(2, dtype=np.int64), 1
        )


@settings(max_examples=200, deadline=None)
@given(problems())
def test_cut_size_is_the_maximum_and_covers_every_edge(problem: Problem) -> None:
    cut = maximum_cut(problem)
    assert cut.matched == best_by_enumeration(problem)[0]
    for row, col in zip(problem.edge_row, problem.edge_col, strict=True):
        assert not (
            cut.rows_reached[row] and not cut.cols_reached[col] and problem.capacity[col] > 0
        )


def test_lexicographic_one_more_match_beats_any_score() -> None:
    # Row 0 alone on column 0 would score 100; giving column 0 to row 1 lets both match.
    problem = Problem(
        n_rows=2,
        capacity=np.array([1, 1]),
        edge_row=np.array([0, 0, 1]),
        edge_col=np.array([0, 1, 0]),
        edge_value=np.array([100, 1, 1]),
    )
    chosen = np.flatnonzero(solve(problem)).tolist()
    assert sorted(chosen) == [1, 2]


def test_rising_slot_costs_spread_learners_over_sharers() -> None:
    problem = Problem(
        n_rows=2,
        capacity=np.array([2, 1]),
        edge_row=np.array([0, 1, 1]),
        edge_col=np.array([0, 0, 1]),
        edge_value=np.array([10, 10, 5]),
        slot_cost=8,
    )
    chosen = np.flatnonzero(solve(problem)).tolist()
    assert sorted(chosen) == [0, 2]


@st.composite
def roomy_problems(draw: st.DrawFn) -> Problem:
    """Columns with more capacity than the first slots a column gets, and more rows than
    that on some columns: the solver must grow the slots of the columns that fill them."""
    n_rows = draw(st.integers(10, 70))
    n_cols = draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    present = rng.random((n_rows, n_cols)) < draw(st.floats(0.3, 1.0))
    rows, cols = np.nonzero(present)
    return Problem(
        n_rows=n_rows,
        capacity=rng.integers(0, 80, n_cols),
        edge_row=rows.astype(np.int64),
        edge_col=cols.astype(np.int64),
        edge_value=rng.integers(-10, 60, len(rows)),
        slot_cost=int(rng.integers(0, 3)),
        slot_base=rng.integers(0, 3, n_cols),
    )


@settings(max_examples=100, deadline=None)
@given(roomy_problems())
def test_large_capacities_give_the_answer_of_every_slot_expanded(problem: Problem) -> None:
    chosen = solve(problem)
    assert objective(problem, np.flatnonzero(chosen).tolist()) == best_by_dense_assignment(problem)


def test_a_huge_capacity_costs_no_more_than_the_edges() -> None:
    """One learner, one sharer with room for ten million: one slot, at once."""
    problem = Problem(
        n_rows=1,
        capacity=np.array([10**7]),
        edge_row=np.array([0]),
        edge_col=np.array([0]),
        edge_value=np.array([5]),
        slot_cost=1,
    )
    assert usable_capacity(problem).tolist() == [1]
    assert solve(problem).tolist() == [True]


def test_rows_with_fewer_edges_are_placed_first_and_equal_ones_in_index_order() -> None:
    edge_rows = np.array([0, 0, 0, 1, 2, 2, 3, 4, 4, 4])
    assert placing_turns(edge_rows, 5).tolist() == [3, 0, 2, 1, 4]
