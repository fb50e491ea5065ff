"""Learners first: the most learners with a suggestion, then the most requests, then the score.

The rows of an assignment problem have owners (a request's learner). The objective
``"participants"`` maximises, in this order, the owners with at least one matched row
(covered), the matched rows (served) and the total value minus slot costs.

Covered and served are reached together. The sets of rows that can be matched together
are the independent sets of a matroid (a transversal matroid, columns repeated by
capacity). A matching covering the most owners, one row each, is independent, so it
extends to a basis, a maximum matching, without unmatching any row: the best coverage
and the most rows are reached by one matching. So "participants" never serves fewer
rows than "requests"; it only chooses, among the maximum matchings, one that covers the
most owners.

The gadget reuses the exact solver (``assignment.solve``) unchanged. Every owner with
``k`` open rows gets ``k - 1`` dummy columns of capacity 1 (``k`` when the owner is
already covered, by held pairs), joined to each of the owner's open rows. Dummy columns
come after the real ones; their only slot is their first, with slot base 0, so they cost
nothing. In the augmented problem an owner's rows can all be matched exactly when one of
them has a real partner, so a maximum augmented matching has ``sum(dummies) + covered``
rows: the solver's cardinality phase maximises coverage, and its minimum cut proves it
(``certify`` checks that cut against every eligible pair, as it does the plain one).
Real edges are then worth ``separation + value`` and dummy edges 0, with ``separation``
larger than any difference of total (value - slot costs) between two assignments, so
the value phase maximises real rows first, then the score. The solver's numbers stay
exact only while they fit in int64; :func:`separation` checks the headroom and stops the
run with a ``ConfigError`` rather than ever giving a wrong answer (far beyond any real
programme: the default weights leave room for about ten million requests).

Dummies are appended after the real columns and edges, so ties are still broken by
position in the same order, and a real assignment is the first ``len(real edges)``
entries of an augmented one.

Cost. Under "requests" nearly every sharer is full and almost the whole problem is the
solver's slot-perfect part, whose searches end at the first free row. With the dummies
nearly every row is matched, so the problem moves to the row-perfect part, where each
row that ends on a dummy first explores every cheaper alternating path: matching takes
about 1.1 s instead of 0.7 s at 10,000 people, 35 s instead of 5 s at 50,000 and about
170 s instead of 9 s at 100,000 (synthetic programmes, one core). Solving the dummies
from the slot side instead (dummies as optional slots with null rows) was measured and
was slower. A start from the "requests" optimum that augments only until the coverage
the cardinality phase proved is the way to remove that cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from wikisync.errors import ConfigError
from wikisync.matching.arrays import mixed_keys
from wikisync.matching.assignment import Problem, usable_capacity

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

#: A node count times the largest edge and slot cost bounds every distance and potential
#: of the kernel's searches; kept below 2**60, the few of them a reduced cost adds up
#: stay within int64.
_HEADROOM = 1 << 60


@dataclass(frozen=True, slots=True)
class Gadget:
    """Dummy columns and their edges: one column per spare open row of each owner.

    ``row`` and ``col`` list the dummy edges, ``col`` counted from 0 among the dummies;
    they are sorted by (row, col). ``owner`` is each dummy's owner.
    """

    n_dummies: int
    row: IntArray
    col: IntArray
    owner: IntArray

    def augment(self, problem: Problem, weighted: bool = False) -> Problem:
        """``problem`` with the dummy columns and edges appended after its own.

        With ``weighted`` real edges are worth ``separation(problem) + value`` and dummy
        edges 0 (the value phase then maximises real rows, then value); otherwise every
        edge is worth 0, which is all the cardinality needs.
        """
        n_cols = len(problem.capacity)
        n_real = len(problem.edge_row)
        if weighted:
            real = problem.edge_value + separation(problem)
        else:
            real = np.zeros(n_real, dtype=np.int64)
        base = problem.slot_base if problem.slot_base is not None else np.zeros(n_cols, np.int64)
        col_keys = None
        if problem.col_keys is not None:
            col_keys = np.concatenate([problem.col_keys, self.dummy_keys(problem.col_keys)])
        return Problem(
            n_rows=problem.n_rows,
            capacity=np.concatenate([problem.capacity, np.ones(self.n_dummies, np.int64)]),
            edge_row=np.concatenate([problem.edge_row, self.row]),
            edge_col=np.concatenate([problem.edge_col, n_cols + self.col]),
            edge_value=np.concatenate([real, np.zeros(len(self.row), np.int64)]).astype(np.int64),
            slot_cost=problem.slot_cost,
            slot_base=np.concatenate([base, np.zeros(self.n_dummies, np.int64)]).astype(np.int64),
            row_keys=problem.row_keys,
            col_keys=col_keys,
        )

    def dummy_keys(self, owner_keys: IntArray) -> IntArray:
        """A key for each dummy: its owner's (from ``owner_keys``) and its rank among the
        owner's dummies, mixed apart from every owner's own key."""
        if not self.n_dummies:
            return np.zeros(0, dtype=np.int64)
        starts = np.flatnonzero(np.r_[True, self.owner[1:] != self.owner[:-1]])
        rank = np.arange(self.n_dummies) - np.repeat(starts, np.diff(np.r_[starts, self.n_dummies]))
        return mixed_keys(mixed_keys(owner_keys[self.owner], rank), np.full(self.n_dummies, -1))


def gadget(owner: IntArray, open_rows: BoolArray, covered: BoolArray) -> Gadget:
    """The dummies for rows owned by ``owner`` (one owner per row, >= 0).

    Only ``open_rows`` get dummy edges. An owner already ``covered`` (indexed by owner)
    gets one dummy per open row, so none of its rows counts for coverage; any other owner
    gets one fewer than its open rows.
    """
    rows = np.flatnonzero(open_rows).astype(np.int64)
    owners = owner[rows]
    order = np.lexsort((rows, owners))
    rows, owners = rows[order], owners[order]
    starts = np.r_[True, owners[1:] != owners[:-1]] if len(owners) else np.zeros(0, bool)
    group_start = np.flatnonzero(starts)
    size = np.diff(np.r_[group_start, len(rows)])
    first_owner = owners[group_start]
    dummies = size - 1 + covered[first_owner].astype(np.int64)
    first_dummy = np.r_[0, np.cumsum(dummies)[:-1]].astype(np.int64)
    # Each row of a group gets an edge to each of the group's dummies.
    group_of_row = np.repeat(np.arange(len(size)), size)
    per_row = dummies[group_of_row]
    edge_row = np.repeat(rows, per_row)
    within = np.arange(len(edge_row), dtype=np.int64) - np.repeat(
        np.cumsum(per_row) - per_row, per_row
    )
    edge_col = first_dummy[np.repeat(group_of_row, per_row)] + within
    order = np.lexsort((edge_col, edge_row))
    return Gadget(
        n_dummies=int(dummies.sum()),
        row=edge_row[order].astype(np.int64),
        col=edge_col[order].astype(np.int64),
        owner=np.repeat(first_owner, dummies).astype(np.int64),
    )


def separation(problem: Problem) -> int:
    """A weight larger than any difference of total (value - slot costs) between two
    assignments of ``problem``, so that one more real edge outweighs any such difference.
    It is rounded up to a power of two: any larger weight separates as well, and a weight
    that stays the same from run to run keeps the costs, and a solve's duals, valid for
    the next (see ``assignment.WarmStart``).

    Raises ``ConfigError`` when the separated costs could overflow the kernel's int64
    distances and potentials.
    """
    values = problem.edge_value
    rows = len(np.unique(problem.edge_row))
    high = max(int(values.max()), 0) if len(values) else 0
    low = min(int(values.min()), 0) if len(values) else 0
    usable = usable_capacity(problem).tolist()
    n_cols = len(usable)
    bases = problem.slot_base.tolist() if problem.slot_base is not None else [0] * n_cols
    slot_cost = int(problem.slot_cost)
    slots = int(sum(room * (abs(base) + room) for room, base in zip(usable, bases, strict=True)))
    weight = 1 << (rows * (high - low) + slot_cost * slots).bit_length()
    largest_slot = slot_cost * max(
        (abs(base) + room for room, base in zip(usable, bases, strict=True)), default=0
    )
    nodes = 2 * problem.n_rows + n_cols + 2  # rows, columns and at most a dummy per row
    if nodes * (weight + high - low + largest_slot) >= _HEADROOM:
        raise ConfigError(
            "matching.objective: 'participants' needs numbers beyond 64-bit integers for "
            f"{problem.n_rows} requests with these weights; use 'requests' or lower weights"
        )
    return weight


def covered_owners(owner: IntArray, rows: IntArray, n_owners: int) -> BoolArray:
    """Which owners (of ``n_owners``) own at least one of ``rows``."""
    covered = np.zeros(n_owners, dtype=bool)
    covered[owner[rows]] = True
    return covered
