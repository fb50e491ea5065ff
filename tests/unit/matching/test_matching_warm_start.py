"""A solve started from the last run's duals gives exactly the cold solve's answer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_matching_assignment import best_by_dense_assignment, objective

from wikisync.matching.assignment import (
    Problem,
    StartOutcome,
    WarmStart,
    solve,
    solve_from,
)

Pair = tuple[int, int]


@dataclass(frozen=True)
class Programme:
    """A problem by identity: rows and columns by key, edges by (row key, column key)."""

    rows: tuple[int, ...]
    capacity: dict[int, int]
    base: dict[int, int]
    values: dict[Pair, int]
    slot_cost: int

    def problem(self, rng: np.random.Generator) -> Problem:
        """The problem with rows and columns in a random order."""
        rows = list(rng.permutation(np.array(self.rows, dtype=np.int64)))
        cols = list(rng.permutation(np.array(sorted(self.capacity), dtype=np.int64)))
        row_at = {key: at for at, key in enumerate(rows)}
        col_at = {key: at for at, key in enumerate(cols)}
        pairs = [pair for pair in self.values if pair[0] in row_at and pair[1] in col_at]
        order = rng.permutation(len(pairs))
        pairs = [pairs[at] for at in order]
        return Problem(
            n_rows=len(rows),
            capacity=np.array([self.capacity[key] for key in cols], dtype=np.int64),
            edge_row=np.array([row_at[r] for r, _ in pairs], dtype=np.int64),
            edge_col=np.array([col_at[c] for _, c in pairs], dtype=np.int64),
            edge_value=np.array([self.values[pair] for pair in pairs], dtype=np.int64),
            slot_cost=self.slot_cost,
            slot_base=np.array([self.base[key] for key in cols], dtype=np.int64),
            row_keys=np.array(rows, dtype=np.int64),
            col_keys=np.array(cols, dtype=np.int64),
        )


def chosen_pairs(problem: Problem, chosen: np.ndarray) -> set[Pair]:
    assert problem.row_keys is not None and problem.col_keys is not None
    edges = np.flatnonzero(chosen)
    rows = problem.row_keys[problem.edge_row[edges]].tolist()
    cols = problem.col_keys[problem.edge_col[edges]].tolist()
    return set(zip(rows, cols, strict=True))


def programme(rng: np.random.Generator, n_rows: int, n_cols: int, most: int = 4) -> Programme:
    """Random rows, columns of capacity up to ``most`` and edges between them."""
    rows = tuple(range(n_rows))
    cols = [1000 + c for c in range(n_cols)]
    density = rng.uniform(0.1, 0.6)
    values = {
        (r, c): int(rng.integers(-10, 60)) for r in rows for c in cols if rng.random() < density
    }
    return Programme(
        rows=rows,
        capacity={c: int(rng.integers(0, most + 1)) for c in cols},
        base={c: int(rng.integers(0, 3)) for c in cols},
        values=values,
        slot_cost=int(rng.integers(0, 8)),
    )


def changed(rng: np.random.Generator, before: Programme) -> Programme:
    """``before`` after a few edits: rows and columns gone or new, edges gone, new or
    revalued, capacities changed."""
    rows = [r for r in before.rows if rng.random() > 0.05]
    rows += [max(before.rows, default=0) + 1 + k for k in range(int(rng.integers(0, 3)))]
    capacity = {c: k for c, k in before.capacity.items() if rng.random() > 0.05}
    for c in rng.choice(sorted(capacity), size=min(2, len(capacity)), replace=False).tolist():
        capacity[c] = int(rng.integers(0, 5))
    new_col = max(before.capacity, default=999) + 1
    capacity[new_col] = int(rng.integers(1, 4))
    base = {**before.base, new_col: 0}
    values = {pair: value for pair, value in before.values.items() if rng.random() > 0.05}
    for pair in list(values):
        if rng.random() < 0.05:
            values[pair] = int(rng.integers(-10, 60))
    for _ in range(int(rng.integers(0, len(rows) // 4 + 2))):
        pair = (int(rng.choice(rows)) if rows else 0, int(rng.choice(sorted(capacity))))
        values.setdefault(pair, int(rng.integers(-10, 60)))
    return replace(before, rows=tuple(rows), capacity=capacity, base=base, values=values)


def one_sharer_gone(rng: np.random.Generator, before: Programme) -> Programme:
    """``before`` with one column gone, as when a sharer leaves."""
    gone = int(rng.choice(sorted(before.capacity)))
    capacity = {c: k for c, k in before.capacity.items() if c != gone}
    return replace(before, capacity=capacity)


def warm_and_cold(problem: Problem, start: WarmStart) -> tuple[set[Pair], set[Pair], StartOutcome]:
    warm = solve_from(problem, start=start)
    cold = solve(problem)
    return chosen_pairs(problem, warm.chosen), chosen_pairs(problem, cold), warm.outcome


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 40), st.integers(1, 8))
def test_a_warm_solve_after_random_edits_gives_the_cold_answer(
    seed: int, n_rows: int, n_cols: int
) -> None:
    rng = np.random.default_rng(seed)
    before = programme(rng, n_rows, n_cols)
    start = solve_from(before.problem(rng)).start
    after = changed(rng, before)
    problem = after.problem(rng)
    warm, cold, _ = warm_and_cold(problem, start)
    assert warm == cold
    assert objective(problem, np.flatnonzero(solve(problem)).tolist()) == best_by_dense_assignment(
        problem
    )


def test_warm_solves_hold_most_rows_from_the_start_and_agree_with_cold_ones() -> None:
    """Over many programmes with room for most requests (as a programme has), each after a
    sharer left, the warm start does its work: most rows are held from the start instead
    of searched for, and every answer is the cold one."""
    outcomes: Counter[StartOutcome] = Counter()
    searched = rows = 0
    for seed in range(60):
        rng = np.random.default_rng(seed)
        before = programme(rng, 60, 30, most=6)
        after = one_sharer_gone(rng, before)
        problem = after.problem(rng)
        warm = solve_from(problem, start=solve_from(before.problem(rng)).start)
        assert chosen_pairs(problem, warm.chosen) == chosen_pairs(problem, solve(problem))
        outcomes[warm.outcome] += 1
        searched += warm.searched
        rows += warm.rows
    assert outcomes[StartOutcome.WARM] >= 55
    assert searched < rows / 4


def test_a_start_from_an_unrelated_problem_still_gives_the_cold_answer() -> None:
    rng = np.random.default_rng(3)
    problem = programme(rng, 40, 8).problem(rng)
    stranger = solve_from(programme(np.random.default_rng(99), 40, 8).problem(rng)).start

    def noise(high: int) -> WarmStart:
        return replace(
            stranger,
            row_u=rng.integers(-high, high, stranger.row_u.shape),
            col_p=rng.integers(-high, high, stranger.col_p.shape),
        )

    assert not noise(2**62).usable()
    for start in (stranger, noise(2**40), noise(2**62), WarmStart.empty()):
        warm, cold, _ = warm_and_cold(problem, start)
        assert warm == cold


def test_a_tie_the_tie_breakers_cannot_split_falls_back_to_a_cold_solve() -> None:
    # Two columns with one key tie exactly: either could take the row.
    problem = Problem(
        n_rows=1,
        capacity=np.array([1, 1]),
        edge_row=np.array([0, 0]),
        edge_col=np.array([0, 1]),
        edge_value=np.array([5, 5]),
        row_keys=np.array([1]),
        col_keys=np.array([7, 7]),
    )
    cold = solve_from(problem)
    warm = solve_from(problem, start=cold.start)
    assert warm.outcome is StartOutcome.NOT_UNIQUE
    assert warm.chosen.tolist() == cold.chosen.tolist()


def test_an_unchanged_problem_is_held_whole_from_its_own_start() -> None:
    rng = np.random.default_rng(5)
    problem = programme(rng, 50, 25, most=6).problem(rng)
    cold = solve_from(problem)
    warm = solve_from(problem, start=cold.start)
    assert warm.outcome is StartOutcome.WARM
    assert warm.searched == 0
    assert warm.chosen.tolist() == cold.chosen.tolist()
