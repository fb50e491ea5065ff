"""Optimal capacitated assignment: the most matched rows, then the best total value.

The problem: rows (learn requests) and columns (sharers with a capacity); each row takes at
most one column, column ``j`` at most ``capacity[j]`` rows. Among all assignments with the
largest possible number of matched rows, find one with the largest total of edge values
minus slot costs, where a column's k-th row (k = 0, 1, ...) costs ``slot_cost * (base + k)``.
Rising slot costs make each column a set of slots, one per unit of capacity, and the
problem a bipartite matching between rows and slots.

Method, exact at every step:

1. Dinic's maximum flow (scipy) finds a maximum assignment, grown from a greedy one (or
   from a given feasible one).
2. The Dulmage-Mendelsohn decomposition of that assignment splits the graph. Let Z be what
   is reachable from unmatched rows along alternating paths (the residual network). By
   Konig's theorem ``(rows not in Z) + (slots in Z)`` is a minimum vertex cover, so every
   maximum matching matches every row outside Z to a slot outside Z, every slot in Z to a
   row in Z, and uses no other edge. The best maximum matching is therefore the best
   *row-perfect* matching of part A (rows and slots outside Z) together with the best
   *slot-perfect* matching of part B (rows and slots in Z), solved independently; the
   count is fixed and no big-M weights are needed.
3. Each part is a rectangular assignment in which one side must be matched entirely. It
   is solved by successive shortest augmenting paths (Dijkstra on reduced costs, as in
   Crouse's rectangular variant), compiled (``_augment.pyx``): costs are shifted to be
   >= 0, so zero duals are a feasible start, and every search keeps them feasible, which
   makes each placement exact. In part A a column stays one node with its capacity and
   its rising costs (a min-cost flow whose searches reach a column once and end there
   while it has room), so neither time nor memory depends on the capacities. In part B
   every column is full (a column reached with room left would give an augmenting
   path), so its capacity is at most its edges; there the columns are split into slots,
   which share their edges and are scanned once per search.

Compiled solvers for the whole problem were measured and rejected: on the same 100,000
person problem OR-Tools' cost-scaling min-cost flow (``solve_max_flow_with_min_cost``
semantics) took 22 s where the part solver took 12 s in pure Python, and scipy's sparse
Jonker-Volgenant (LAPJVsp) resets a column-length array per row, so its time grows with
rows x columns.

Ties. In part A each edge's cost carries a tie-breaker below one unit of value, from its
row's and column's keys (:func:`tie_bits`; the kernel's costs are 128-bit), so that
its optimum is one assignment in all but rare cases, and which of the equal optima wins
follows what rows and columns stand for. That is what lets part A start warm: from the
duals of the last solve (:class:`WarmStart`), rows whose start no longer proves optimal
are let go, columns with room priced too high are settled, the free rows are placed, and
the result is kept only when its duals prove it the only optimum (:func:`solve_from`); any
exact solve finds that one. Part B, solved from nothing every time, places its rows in
index order; the kernel's remaining ties go to the lower index. The same input always
gives the same answer.
"""

from __future__ import annotations

import enum
import io
import zipfile
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.csgraph import breadth_first_order, connected_components, maximum_flow

from wikisync.matching._augment import (
    TIE_BITS,
    TIE_SHIFT,
    UNKNOWN,
    capacitated_paths,
    shortest_augmenting_paths,
    tight_arcs,
)
from wikisync.matching.arrays import (
    entries_at,
    first_of_each,
    stable_order,
    unique_sorted,
)

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Problem:
    """Rows, capacitated columns and the edges between them (one edge per row-column pair).

    ``row_keys`` and ``col_keys`` name rows and columns by what they stand for (64-bit
    keys, the same from run to run); they break ties between equal optima and carry a
    solve's duals to the next (see :class:`WarmStart`). Without them, positions do.
    """

    n_rows: int
    capacity: IntArray
    edge_row: IntArray
    edge_col: IntArray
    edge_value: IntArray
    slot_cost: int = 0
    slot_base: IntArray | None = None
    row_keys: IntArray | None = None
    col_keys: IntArray | None = None


@dataclass(frozen=True, slots=True)
class _Slots:
    """The problem with every column split into one slot per unit of capacity."""

    edge: IntArray
    row: IntArray
    col: IntArray
    slot: IntArray
    cost: IntArray
    value: IntArray


@dataclass(frozen=True, slots=True)
class Cut:
    """A maximum matching's size and its minimum cut (the Dulmage-Mendelsohn set Z).

    ``rows_reached`` and ``cols_reached`` mark rows and columns reachable from unmatched
    rows by alternating paths; ``assignment`` marks the edges of the maximum assignment
    found and ``rows_matched`` the rows it matches.
    An edge from a reached row to an unreached column would be an edge the cut does not
    cover: if the full graph has none, no assignment in it can match more rows than
    ``matched``.
    """

    matched: int
    rows_reached: BoolArray
    cols_reached: BoolArray
    rows_matched: BoolArray
    assignment: BoolArray


def maximum_cut(problem: Problem, start: BoolArray | None = None) -> Cut:
    """The size of a maximum assignment of ``problem`` and the cut that proves it.

    ``start`` may give a feasible assignment to grow from (see ``maximum_assignment``).
    """
    return cut_of(problem, maximum_assignment(problem, start))


def cut_of(problem: Problem, assignment: BoolArray) -> Cut:
    """The cut proving that ``assignment`` (a maximum one, as a mask over edges) is maximum.

    The reached sets are those reachable from the source in the residual network of
    source -> row -> column -> sink: the same as alternating paths in the slot graph.
    """
    rows_reached, cols_reached = _residual_reach(problem, assignment)
    matched_rows = np.zeros(problem.n_rows, dtype=bool)
    matched_rows[problem.edge_row[assignment]] = True
    return Cut(int(assignment.sum()), rows_reached, cols_reached, matched_rows, assignment)


def maximum_assignment(problem: Problem, start: BoolArray | None = None) -> BoolArray:
    """A maximum assignment of ``problem`` (a mask over its edges), grown from ``start``.

    ``start`` may give a feasible assignment to grow from, as when edges were only added
    since it was found. It is first extended greedily (each free row's first edge while
    its column has room); Dinic's algorithm (scipy) on the residual network does the rest.
    """
    taken = start if start is not None else np.zeros(len(problem.edge_row), dtype=bool)
    return _augmented(problem, _greedy_assignment(problem, taken))


#: Rounds of the greedy start: each gives the rows still free an edge to a column with room.
_GREEDY_ROUNDS = 8


def _greedy_assignment(problem: Problem, taken: BoolArray) -> BoolArray:
    """``taken`` plus, round by round, each free row's first edge to a column with room.

    Columns take proposals in row order while they have room. A near-maximum start leaves
    Dinic's algorithm few augmenting paths to find, which is most of its time.
    """
    grown = taken.copy()
    for _ in range(_GREEDY_ROUNDS):
        busy = np.zeros(problem.n_rows, dtype=bool)
        busy[problem.edge_row[grown]] = True
        room = problem.capacity - np.bincount(
            problem.edge_col[grown], minlength=len(problem.capacity)
        )
        open_edges = np.flatnonzero(~busy[problem.edge_row] & (room[problem.edge_col] > 0))
        if not len(open_edges):
            break
        first = open_edges[first_of_each(problem.edge_row[open_edges])]
        cols = problem.edge_col[first]
        order = np.argsort(cols, kind="stable")
        rank = np.empty(len(cols), dtype=np.int64)
        rank[order] = np.arange(len(cols)) - np.searchsorted(cols[order], cols[order])
        grown[first[rank < room[cols]]] = True
    return grown


def _augmented(problem: Problem, flow: BoolArray) -> BoolArray:
    """A maximum assignment grown from the feasible assignment ``flow``."""
    n_rows, n_cols = problem.n_rows, len(problem.capacity)
    source, sink = n_rows + n_cols, n_rows + n_cols + 1
    busy = np.zeros(n_rows, dtype=bool)
    busy[problem.edge_row[flow]] = True
    spare = usable_capacity(problem) - np.bincount(problem.edge_col[flow], minlength=n_cols)
    free_rows = np.flatnonzero(~busy)
    open_cols = np.flatnonzero(spare > 0)
    idle = np.flatnonzero(~flow)
    used = np.flatnonzero(flow)
    tails = np.concatenate(
        [
            np.full(len(free_rows), source),
            problem.edge_row[idle],
            n_rows + problem.edge_col[used],
            n_rows + open_cols,
        ]
    )
    heads = np.concatenate(
        [
            free_rows,
            n_rows + problem.edge_col[idle],
            problem.edge_row[used],
            np.full(len(open_cols), sink),
        ]
    )
    capacity = np.concatenate(
        [np.ones(len(tails) - len(open_cols), dtype=np.int32), spare[open_cols]]
    )
    network = sp.csr_array((capacity.astype(np.int32), (tails, heads)), shape=(sink + 1, sink + 1))
    result = maximum_flow(network, source, sink, method="dinic")
    if not result.flow_value:
        return flow
    extra = entries_at(result.flow, tails, heads) > 0
    offset = len(free_rows)
    grown = flow.copy()
    grown[idle[extra[offset : offset + len(idle)]]] = True
    grown[used[extra[offset + len(idle) : offset + len(idle) + len(used)]]] = False
    return grown


def _residual_reach(problem: Problem, flow: BoolArray) -> tuple[BoolArray, BoolArray]:
    """Rows and columns reachable from unmatched rows in the residual network of ``flow``."""
    n_rows, n_cols = problem.n_rows, len(problem.capacity)
    source = n_rows + n_cols
    busy = np.zeros(n_rows, dtype=bool)
    busy[problem.edge_row[flow]] = True
    free_rows = np.flatnonzero(~busy)
    tails = np.concatenate(
        [np.full(len(free_rows), source), problem.edge_row[~flow], n_rows + problem.edge_col[flow]]
    )
    heads = np.concatenate([free_rows, n_rows + problem.edge_col[~flow], problem.edge_row[flow]])
    reached = _reached_from(source, source + 1, tails, heads)
    return reached[:n_rows], reached[n_rows:source]


def _reached_from(start: int, nodes: int, tails: IntArray, heads: IntArray) -> BoolArray:
    graph = sp.csr_array((np.ones(len(tails), dtype=np.int8), (tails, heads)), shape=(nodes, nodes))
    order = breadth_first_order(graph, start, directed=True, return_predecessors=False)
    reached = np.zeros(nodes, dtype=bool)
    reached[order] = True
    return reached


class StartOutcome(enum.Enum):
    """How part A of a solve began: from nothing, from the last run's duals, or from
    nothing after a warm result could not be proven to be the only optimum."""

    COLD = "cold"
    WARM = "warm"
    NOT_UNIQUE = "not unique"


@dataclass(frozen=True, slots=True)
class WarmStart:
    """What part A of one solve leaves for the next: by key, each row's dual (a 128-bit
    integer as its high and low words) and the column it holds, each column's dual, and
    the value the costs were counted down from (``top``: cost = top - value).

    A start only speeds a solve up. Whatever it holds (stale, from another programme, or
    empty), the solve gives the answer a cold solve gives: rows whose start breaks
    optimality are let go, and a warm answer is kept only once it is proven to be the
    only optimum (:func:`solve_from`).
    """

    row_keys: IntArray
    row_u: IntArray
    row_col: IntArray
    col_keys: IntArray
    col_p: IntArray
    top: int

    @classmethod
    def empty(cls) -> WarmStart:
        """A start that holds nothing."""
        none = np.zeros(0, dtype=np.int64)
        return cls(none, np.zeros((0, 2), np.int64), none, none, np.zeros((0, 2), np.int64), 0)

    def usable(self) -> bool:
        """Whether the start holds rows, with duals small enough that no sum of the
        kernel can overflow (any optimum's duals are far below the bound)."""
        duals = np.concatenate([self.row_u[:, 0], self.col_p[:, 0]])
        return bool(len(self.row_keys)) and bool((np.abs(duals) < _DUAL_BOUND).all())

    def to_bytes(self) -> bytes:
        """The start as bytes to keep (NumPy's ``.npz``, no pickles)."""
        buffer = io.BytesIO()
        np.savez(buffer, **{name: getattr(self, name) for name in _START_ARRAYS}, top=self.top)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, payload: bytes) -> WarmStart | None:
        """A start kept by :meth:`to_bytes`, or None when ``payload`` is not one."""
        try:
            with np.load(io.BytesIO(payload), allow_pickle=False) as stored:
                arrays = {name: np.asarray(stored[name], dtype=np.int64) for name in _START_ARRAYS}
                top = int(stored["top"])
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return None
        rows, cols = len(arrays["row_keys"]), len(arrays["col_keys"])
        shapes = {
            "row_u": (rows, 2), "row_col": (rows,), "col_keys": (cols,), "col_p": (cols, 2),
            "row_keys": (rows,),
        }  # fmt: skip
        if any(arrays[name].shape != shape for name, shape in shapes.items()):
            return None
        return cls(**arrays, top=top)


#: Duals of a usable start stay below 2**57 in their high word (2**121 in all): reduced
#: costs, sums of three such numbers, stay within 128 bits.
_DUAL_BOUND = 1 << 57

_START_ARRAYS = ("row_keys", "row_u", "row_col", "col_keys", "col_p")


@dataclass(frozen=True, slots=True)
class Solved:
    """The best assignment (a mask over the edges), the start it leaves for the next
    solve, how part A began, and how many of its rows the searches placed (the rest were
    held from the start)."""

    chosen: BoolArray
    start: WarmStart
    outcome: StartOutcome
    rows: int = 0
    searched: int = 0


def solve(problem: Problem, cut: Cut | None = None) -> BoolArray:
    """Which edges form the best assignment of ``problem`` (see the module docstring).

    ``cut`` may pass in ``maximum_cut(problem)`` when it is already known.
    """
    return solve_from(problem, cut).chosen


def solve_from(problem: Problem, cut: Cut | None = None, start: WarmStart | None = None) -> Solved:
    """:func:`solve`, with part A started from ``start`` (the last solve's, see
    :class:`WarmStart`), and the start this solve leaves.

    Part A's costs carry a tie-breaker (:func:`tie_bits`), so its optimum is one
    assignment in all but rare cases. A warm result is kept when the duals prove it the
    only optimum: no cycle of zero reduced cost remains along which it could change
    (:func:`only_optimum`); cold and warm solves then agree, as any exact solve finds
    the same only optimum. Otherwise part A is solved again from nothing, as a cold solve.
    """
    chosen = np.zeros(len(problem.edge_row), dtype=bool)
    if not len(problem.edge_row):
        return Solved(chosen, WarmStart.empty(), StartOutcome.COLD)
    cut = cut or maximum_cut(problem)
    rows_reached = cut.rows_reached[problem.edge_row]
    cols_reached = cut.cols_reached[problem.edge_col]
    part_a = _row_perfect_part(problem, ~rows_reached & ~cols_reached)
    if part_a is None:
        solved = Solved(chosen, WarmStart.empty(), StartOutcome.COLD)
    else:
        solved = part_a.solve(start, chosen)
    slots = _expand(problem, np.where(cut.cols_reached, usable_capacity(problem), 0))
    part_b = cut.rows_reached[slots.row] & cut.cols_reached[slots.col]
    chosen[_best_slot_perfect(slots, part_b)] = True
    return Solved(chosen, solved.start, solved.outcome, solved.rows, solved.searched)


@dataclass(frozen=True, slots=True)
class _RowPerfect:
    """Part A as the capacitated kernel takes it: rows in their placing turn (CSR over
    ``starts``, each edge's row in ``edge_rows``), local columns, costs counted down from
    ``top``, the tie-breakers' bits, and the keys (which the tie-breakers hash) and edges
    (of the problem) behind rows and columns."""

    edges: IntArray
    starts: IntArray
    edge_rows: IntArray
    cols: IntArray
    costs: IntArray
    tie_bits: int
    capacity: IntArray
    base: IntArray
    slot_cost: int
    top: int
    row_keys: IntArray
    col_keys: IntArray

    def solve(self, start: WarmStart | None, chosen: BoolArray) -> Solved:
        """The best row-perfect matching, marked in ``chosen`` (a mask over the problem's
        edges), from ``start`` if given, falling back to a cold solve when a warm one is
        not the only optimum."""
        outcome = StartOutcome.COLD
        if start is not None and start.usable():
            placed, u, p, searched = self._run(*self._warm(start))
            outcome = StartOutcome.WARM
            if not self.only_optimum(placed, u, p):
                outcome = StartOutcome.NOT_UNIQUE
        if outcome is not StartOutcome.WARM:
            placed, u, p, searched = self._run(*self._cold())
        left = WarmStart(
            row_keys=self.row_keys,
            row_u=u,
            row_col=self.col_keys[placed],
            col_keys=self.col_keys,
            col_p=p,
            top=self.top,
        )
        width = len(self.capacity)
        chosen[self.edges[_partner_edges(self.edge_rows, self.cols, width, placed)]] = True
        return Solved(chosen, _sorted_start(left), outcome, len(self.starts), searched)

    def _run(
        self, start_col: IntArray, start_u: IntArray, start_p: IntArray, u_shift: int
    ) -> tuple[IntArray, IntArray, IntArray, int]:
        placed, u, p, searched = capacitated_paths(
            self.starts, self.cols, self.costs, self.row_keys, self.col_keys, self.tie_bits,
            self.capacity, self.base, self.slot_cost, start_col, start_u, start_p, u_shift,
        )  # fmt: skip
        return placed, u, p, int(searched)

    def _cold(self) -> tuple[IntArray, IntArray, IntArray, int]:
        n_rows, n_cols = len(self.starts), len(self.capacity)
        none = np.full(n_rows, -1, dtype=np.int64)
        return none, np.zeros((n_rows, 2), np.int64), np.zeros((n_cols, 2), np.int64), 0

    def _warm(self, start: WarmStart) -> tuple[IntArray, IntArray, IntArray, int]:
        """The kernel's start from ``start``: rows and columns found by key take their
        duals and held columns; the kernel prices a column not found (``UNKNOWN``)."""
        start_col, start_u, start_p, _ = self._cold()
        start_p[:, 0] = UNKNOWN
        col_at = _found_at(start.col_keys, self.col_keys)
        known = col_at >= 0
        start_p[known] = start.col_p[col_at[known]]
        row_at = _found_at(start.row_keys, self.row_keys)
        found = row_at >= 0
        start_u[found] = start.row_u[row_at[found]]
        by_key = np.argsort(self.col_keys, kind="stable")
        held_at = _found_at(self.col_keys[by_key], start.row_col[row_at[found]])
        start_col[found] = np.where(held_at >= 0, by_key[np.maximum(held_at, 0)], -1)
        return start_col, start_u, start_p, self.top - start.top

    def only_optimum(self, placed: IntArray, u: IntArray, p: IntArray) -> bool:
        """Whether the duals ``u`` and ``p`` prove ``placed`` the only optimum: they
        prove it optimal, and no other assignment is as good.

        Changes at no cost form a graph: an edge outside the assignment at reduced cost 0
        leads from its row to its column, an assigned edge from its column back to its
        row, and a column that could take one more row, or give one up, at no cost leads
        to, or from, one common node. A cycle through a row is another optimum (its rows
        move on, one column may take a row that another gives up); there is none when no
        row shares a strongly connected component.
        """
        optimal, tight, take, give = tight_arcs(
            self.starts, self.cols, self.costs, self.row_keys, self.col_keys, self.tie_bits,
            self.capacity, self.base, self.slot_cost, placed, u, p,
        )  # fmt: skip
        if not optimal:
            return False
        n_rows, n_cols = len(self.starts), len(self.capacity)
        hub = n_rows + n_cols
        loose = np.flatnonzero(tight)
        takes, gives = np.flatnonzero(take), np.flatnonzero(give)
        tails = np.concatenate(
            [self.edge_rows[loose], n_rows + placed, n_rows + takes, np.full(len(gives), hub)]
        )
        heads = np.concatenate(
            [n_rows + self.cols[loose], np.arange(n_rows), np.full(len(takes), hub), n_rows + gives]
        )
        graph = sp.csr_array(
            (np.ones(len(tails), dtype=np.int8), (tails, heads)), shape=(hub + 1, hub + 1)
        )
        _, component = connected_components(graph, directed=True, connection="strong")
        sizes = np.bincount(component)
        return not bool((sizes[component[:n_rows]] > 1).any())


def _found_at(keys: IntArray, wanted: IntArray) -> IntArray:
    """Where each of ``wanted`` is in the sorted ``keys`` (-1 where it is not)."""
    if not len(keys):
        return np.full(len(wanted), -1, dtype=np.int64)
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[at] == wanted, at, -1).astype(np.int64)


def _sorted_start(start: WarmStart) -> WarmStart:
    """``start`` with its rows and its columns each sorted by key."""
    rows = np.argsort(start.row_keys, kind="stable")
    cols = np.argsort(start.col_keys, kind="stable")
    return WarmStart(
        start.row_keys[rows], start.row_u[rows], start.row_col[rows],
        start.col_keys[cols], start.col_p[cols], start.top,
    )  # fmt: skip


def _partner_edges(rows: IntArray, cols: IntArray, width: int, partner: IntArray) -> IntArray:
    """The position, among edges sorted by (row, col) with columns below ``width``, of
    each row's edge to its ``partner`` column."""
    return np.searchsorted(rows * width + cols, np.arange(len(partner)) * width + partner)


def tie_bits(n_rows: int) -> int:
    """How many bits each tie-breaker has: at most ``TIE_BITS`` (36: with fewer than
    2**24 rows), and few enough that their sum over ``n_rows`` rows stays below one unit
    of cost (``1 << TIE_SHIFT``), so ties never outweigh a difference of value.

    The kernel adds to each edge's cost the top bits of a hash of its row's and its
    column's keys (``arrays.mixed_keys``). That makes one optimum the cheapest in all but
    rare cases (the isolation lemma: two assignments tie only if their tie-breakers add up
    alike). Which optimum wins depends on what the rows and columns stand for, not on
    their positions, so it stays the same from run to run and in any order of the input.
    """
    return min(TIE_BITS, TIE_SHIFT - max(n_rows, 1).bit_length())


def _row_perfect_part(problem: Problem, part: BoolArray) -> _RowPerfect | None:
    """Part A of ``problem`` (the edges in ``part``) as the kernel takes it, or None when
    it has no edges.

    Columns keep their capacity (no slots): the kernel reaches a column once, whatever
    its capacity, so time and memory follow the edges.
    """
    edges = np.flatnonzero(part)
    if not len(edges):
        return None
    row_ids, row_local = _dense_ids(problem.edge_row[edges])
    col_ids, col_local = _dense_ids(problem.edge_col[edges])
    width = len(col_ids)
    turns = placing_turns(row_local, len(row_ids))
    turn = turns[row_local]
    order = stable_order(turn * width + col_local)
    edges = edges[order]
    rows = turn[order]
    cols = col_local[order].astype(np.int64)
    values = problem.edge_value[edges]
    top = int(values.max())
    base = (
        problem.slot_base[col_ids] if problem.slot_base is not None else np.zeros(width, np.int64)
    )
    in_turn = np.empty(len(row_ids), dtype=np.int64)
    in_turn[turns] = row_ids
    row_keys = problem.row_keys[in_turn] if problem.row_keys is not None else in_turn
    col_keys = problem.col_keys[col_ids] if problem.col_keys is not None else col_ids
    return _RowPerfect(
        edges=edges,
        starts=_int64(np.searchsorted(rows, np.arange(len(row_ids)))),
        edge_rows=rows,
        cols=_int64(cols),
        costs=_int64(top - values),
        tie_bits=tie_bits(len(row_ids)),
        capacity=_int64(usable_capacity(problem)[col_ids]),
        base=_int64(base),
        slot_cost=int(problem.slot_cost),
        top=top,
        row_keys=_int64(row_keys),
        col_keys=_int64(col_keys),
    )


def placing_turns(edge_rows: IntArray, n_rows: int) -> IntArray:
    """Each row's turn in the searches (0 first), for rows ``0 .. n_rows - 1`` with one
    edge per item of ``edge_rows``: the rows with the fewest edges first, equal ones in
    index order.

    Any order gives an optimum; this one gives shorter searches. A row with few columns
    to choose from is placed while they are free, instead of after rows that could have
    gone elsewhere took them, which would leave a long chain of moves to undo. On the
    benchmark's 100,000-person problems it nearly halves the kernel's time (about 6 s to
    3.3 s after a first run, 43 s to 24 s on a first run).
    """
    degree = np.bincount(edge_rows, minlength=n_rows)
    turns = np.empty(n_rows, dtype=np.int64)
    turns[np.argsort(degree, kind="stable")] = np.arange(n_rows, dtype=np.int64)
    return turns


def usable_capacity(problem: Problem) -> IntArray:
    """Each column's capacity, bounded by its edges: a column never takes more rows than
    it has edges (one per row)."""
    degree = np.bincount(problem.edge_col, minlength=len(problem.capacity))
    return np.minimum(np.maximum(problem.capacity, 0), degree).astype(np.int64)


def _expand(problem: Problem, limit: IntArray) -> _Slots:
    """Every column split into its ``limit`` cheapest slots (none where ``limit`` is 0)."""
    first_slot = np.concatenate([[0], np.cumsum(limit)]).astype(np.int64)
    repeats = limit[problem.edge_col]
    edge = np.repeat(np.arange(len(problem.edge_row), dtype=np.int64), repeats)
    within = np.arange(len(edge), dtype=np.int64) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    cols = problem.edge_col[edge]
    base = problem.slot_base[cols] if problem.slot_base is not None else 0
    cost = np.asarray(problem.slot_cost * (base + within), dtype=np.int64)
    return _Slots(
        edge=edge,
        row=problem.edge_row[edge],
        col=cols,
        slot=first_slot[cols] + within,
        cost=cost,
        value=np.asarray(problem.edge_value[edge] - cost, dtype=np.int64),
    )


def _best_slot_perfect(slots: _Slots, part: BoolArray) -> IntArray:
    """Edges of the best matching of part B, which covers every slot of the part.

    The slots of one column have the same edges and differ only by their slot cost, which
    the augmenter uses to skip repeated scans.
    """
    edges = np.flatnonzero(part)
    if not len(edges):
        return edges
    owners, others = slots.slot, slots.row
    owner_ids, owner_local = _dense_ids(owners[edges])
    other_ids, other_local = _dense_ids(others[edges])
    order = stable_order(owner_local * len(other_ids) + other_local)
    edges = edges[order]
    rows = owner_local[order].astype(np.int64)
    cols = other_local[order].astype(np.int64)
    costs = slots.value[edges].max() - slots.value[edges]
    firsts = np.searchsorted(rows, np.arange(len(owner_ids)))
    group = slots.col[edges[firsts]]
    offset = slots.cost[edges[firsts]]
    problem = _Part(len(owner_ids), len(other_ids), firsts, rows, cols, costs, group, offset)
    partner = _shortest_augmenting_paths(problem)
    position = _partner_edges(rows, cols, len(other_ids), partner)
    return unique_sorted(slots.edge[edges[position]])


def _dense_ids(values: IntArray) -> tuple[IntArray, IntArray]:
    """The distinct ``values`` (>= 0) ascending, and each value's index among them.

    What ``np.unique(values, return_inverse=True)`` gives, by counting instead of sorting.
    """
    present = np.zeros(int(values.max()) + 1, dtype=bool)
    present[values] = True
    index = np.cumsum(present, dtype=np.int64) - 1
    return np.flatnonzero(present), index[values]


@dataclass(frozen=True, slots=True)
class _Part:
    """One side-perfect assignment problem, edges sorted by (row, col).

    Rows with the same ``group`` have the same edges, with costs that differ by the row's
    ``offset`` (slots of one column, which are neighbours); other rows are groups of their
    own with offset 0.
    """

    n_rows: int
    n_cols: int
    starts: IntArray
    rows: IntArray
    cols: IntArray
    costs: IntArray
    group: IntArray
    offset: IntArray


def _shortest_augmenting_paths(part: _Part) -> IntArray:
    """Minimum-cost matching covering every row (a row-perfect matching must exist)."""
    new_group = np.r_[True, part.group[1:] != part.group[:-1]]
    group_rows = np.flatnonzero(new_group)
    group_of_row = np.cumsum(new_group, dtype=np.int64) - 1
    return shortest_augmenting_paths(
        _int64(part.starts),
        _int64(part.cols),
        _int64(part.costs),
        group_of_row,
        _int64(group_rows),
        _int64(part.offset),
        part.n_cols,
    )


def _int64(array: NDArray[np.integer]) -> IntArray:
    """``array`` as contiguous int64, copied only when it is not already."""
    return np.ascontiguousarray(array, dtype=np.int64)
