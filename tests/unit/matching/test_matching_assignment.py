"""The capacitated assignment solver against exhaustive enumeration of small problems."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from wikisync.matching import assignment
from wikisync.matching.assignment import Problem, maximum_cut, solve, within_capacity


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


def solve_incrementally(problem: Problem) -> np.ndarray:
    """``solve`` with every part sent to the incremental solver instead of the compiled one."""
    limit = assignment.COMPILED_LIMIT
    assignment.COMPILED_LIMIT = 0
    try:
        return solve(problem)
    finally:
        assignment.COMPILED_LIMIT = limit


@settings(max_examples=200, deadline=None)
@given(problems())
def test_solver_finds_the_most_rows_then_the_best_value(problem: Problem) -> None:
    chosen = np.flatnonzero(solve(problem)).tolist()
    assert objective(problem, chosen) == best_by_enumeration(problem)


@settings(max_examples=200, deadline=None)
@given(problems())
def test_incremental_solver_finds_the_most_rows_then_the_best_value(problem: Problem) -> None:
    chosen = np.flatnonzero(solve_incrementally(problem)).tolist()
    assert objective(problem, chosen) == best_by_enumeration(problem)


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


def test_within_capacity_keeps_one_edge_per_row_and_fills_columns_in_edge_order() -> None:
    problem = Problem(
        n_rows=3,
        capacity=np.array([1, 2]),
        edge_row=np.array([0, 0, 1, 2]),
        edge_col=np.array([0, 1, 0, 1]),
        edge_value=np.zeros(4, dtype=np.int64),
    )
    kept = within_capacity(problem, np.ones(4, dtype=bool))
    assert kept.tolist() == [True, False, False, True]
