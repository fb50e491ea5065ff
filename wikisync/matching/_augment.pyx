# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The compiled kernel of ``wikisync.matching.assignment``: shortest augmenting paths.

``assignment`` states the problem, prepares the arrays and explains why the answer is
optimal; this module only runs the searches, which would take seconds in Python.
"""

from libc.stdint cimport int64_t, uint64_t
from libc.stdlib cimport free, malloc

cdef extern from *:
    """
    typedef __int128 wide_t;
    static inline wide_t wide_of(int64_t high, int64_t low) {
        return (wide_t)(((unsigned __int128)(uint64_t)high << 64) | (uint64_t)low);
    }
    static inline int64_t wide_high(wide_t value) { return (int64_t)(value >> 64); }
    static inline int64_t wide_low(wide_t value) { return (int64_t)(uint64_t)value; }
    """
    # A signed 128-bit integer (GCC's and Clang's __int128), for the capacitated solver's
    # costs, which carry a tie-breaker below the value (see ``capacitated_paths``).
    ctypedef long long wide_t
    wide_t wide_of(int64_t high, int64_t low) noexcept nogil
    int64_t wide_high(wide_t value) noexcept nogil
    int64_t wide_low(wide_t value) noexcept nogil

import numpy as np


# A heap entry: its distance, then a key that orders entries of equal distance: a free
# column, or ending at a column, by number (``col``), before an occupied column, by
# number (``OCCUPIED + col``). Four children to a node keep the heap's moves
# few and short.
cdef struct Entry:
    wide_t dist
    int64_t key


cdef int64_t OCCUPIED = 1 << 40

#: The high word of a column's starting dual when the start does not know the column.
cdef int64_t _UNKNOWN = -(1 << 62) * 2
UNKNOWN = _UNKNOWN


cdef struct Heap:
    Entry* items
    int64_t size
    int64_t room


cdef inline bint _before(Entry a, Entry b) noexcept nogil:
    return a.dist < b.dist or (a.dist == b.dist and a.key < b.key)


cdef int _push(Heap* heap, Entry entry) except -1 nogil:
    cdef int64_t at, parent
    cdef Entry* grown
    if heap.size == heap.room:
        grown = <Entry*> malloc(2 * heap.room * sizeof(Entry))
        if grown == NULL:
            with gil:
                raise MemoryError()
        for at in range(heap.size):
            grown[at] = heap.items[at]
        free(heap.items)
        heap.items = grown
        heap.room *= 2
    at = heap.size
    heap.size += 1
    while at > 0:
        parent = (at - 1) >> 2
        if not _before(entry, heap.items[parent]):
            break
        heap.items[at] = heap.items[parent]
        at = parent
    heap.items[at] = entry
    return 0


cdef Entry _pop(Heap* heap) noexcept nogil:
    cdef Entry top = heap.items[0]
    cdef Entry last
    cdef int64_t at = 0, child, k, stop
    heap.size -= 1
    if heap.size == 0:
        return top
    last = heap.items[heap.size]
    while True:
        child = 4 * at + 1
        if child >= heap.size:
            break
        stop = child + 4 if child + 4 < heap.size else heap.size
        for k in range(child + 1, stop):
            if _before(heap.items[k], heap.items[child]):
                child = k
        if not _before(heap.items[child], last):
            break
        heap.items[at] = heap.items[child]
        at = child
    heap.items[at] = last
    return top


def shortest_augmenting_paths(
    const int64_t[::1] starts,
    const int64_t[::1] cols,
    const int64_t[::1] costs,
    const int64_t[::1] group,
    const int64_t[::1] group_row,
    const int64_t[::1] offset,
    int64_t n_cols,
):
    """The minimum-cost assignment covering every row: the column of each row.

    Rows are a CSR over ``starts`` (one start per row), ``cols`` and ``costs`` (all >= 0);
    ``group[row]`` numbers rows that share their edges, ``group_row[g]`` is the row whose
    edges group ``g`` uses and ``offset[row]`` the amount the row's costs exceed that
    row's. Rows are placed in index order, each along a shortest augmenting path
    (Dijkstra on reduced costs ``cost - u[row] - v[col]``, which stay >= 0 from the zero
    start); a group already scanned in a search at no better distance is skipped. Ties go
    to the nearer column, then to a free one, then to the lower index. Raises
    ``ValueError`` when some row cannot be placed.
    """
    cdef int64_t n_rows = starts.shape[0]
    u_array = np.zeros(n_rows, dtype=np.int64)
    v_array = np.zeros(n_cols, dtype=np.int64)
    placed = np.full(n_rows, -1, dtype=np.int64)
    holder = np.full(n_cols, -1, dtype=np.int64)
    cdef int64_t[::1] u = u_array
    cdef int64_t[::1] v = v_array
    cdef int64_t[::1] col_of_row = placed
    cdef int64_t[::1] row_of_col = holder
    cdef int64_t n_groups = group_row.shape[0]
    cdef int64_t n_edges = cols.shape[0]
    cdef int64_t* dist = <int64_t*> malloc(max(n_cols, 1) * sizeof(int64_t))
    cdef int64_t* pred = <int64_t*> malloc(max(n_cols, 1) * sizeof(int64_t))
    cdef int64_t* seen = <int64_t*> malloc(max(n_cols, 1) * sizeof(int64_t))
    cdef int64_t* done = <int64_t*> malloc(max(n_cols, 1) * sizeof(int64_t))
    cdef int64_t* best = <int64_t*> malloc(max(n_groups, 1) * sizeof(int64_t))
    cdef int64_t* best_stamp = <int64_t*> malloc(max(n_groups, 1) * sizeof(int64_t))
    cdef int64_t* scanned = <int64_t*> malloc(max(n_rows, 1) * sizeof(int64_t))
    cdef int64_t* finished = <int64_t*> malloc(max(n_cols, 1) * sizeof(int64_t))
    cdef Heap heap
    heap.room = 1024
    heap.size = 0
    heap.items = <Entry*> malloc(heap.room * sizeof(Entry))
    cdef int64_t start, row, row_dist, base, g, first, end, shift, e, col, candidate
    cdef int64_t n_scanned, n_finished, col_dist, total, at, previous
    cdef Entry entry
    cdef int64_t stuck = -1
    try:
        if (dist == NULL or pred == NULL or seen == NULL or done == NULL or best == NULL
                or best_stamp == NULL or scanned == NULL or finished == NULL
                or heap.items == NULL):
            raise MemoryError()
        with nogil:
            for at in range(n_cols):
                seen[at] = -1
                done[at] = -1
            for at in range(n_groups):
                best_stamp[at] = -1
            for start in range(n_rows):
                if col_of_row[start] >= 0:
                    continue
                heap.size = 0
                n_scanned = 1
                n_finished = 0
                scanned[0] = start
                row = start
                row_dist = 0
                while True:
                    base = row_dist - u[row] + offset[row]
                    g = group[row]
                    if best_stamp[g] != start or base < best[g]:
                        best_stamp[g] = start
                        best[g] = base
                        first = group_row[g]
                        end = starts[first + 1] if first + 1 < n_rows else n_edges
                        shift = offset[first]
                        for e in range(starts[first], end):
                            col = cols[e]
                            if done[col] == start:
                                continue
                            candidate = costs[e] - shift + base - v[col]
                            if seen[col] != start or candidate < dist[col]:
                                seen[col] = start
                                dist[col] = candidate
                                pred[col] = row
                                entry.dist = candidate
                                entry.key = col + (OCCUPIED if row_of_col[col] >= 0 else 0)
                                _push(&heap, entry)
                    while True:
                        if heap.size == 0:
                            stuck = start
                            break
                        entry = _pop(&heap)
                        col = entry.key % OCCUPIED
                        if done[col] != start and entry.dist == dist[col]:
                            done[col] = start
                            break
                    if stuck >= 0:
                        break
                    col_dist = entry.dist
                    finished[n_finished] = col
                    n_finished += 1
                    if row_of_col[col] < 0:
                        break
                    row = row_of_col[col]
                    row_dist = col_dist
                    scanned[n_scanned] = row
                    n_scanned += 1
                if stuck >= 0:
                    break
                total = col_dist
                u[start] += total
                for at in range(1, n_scanned):
                    row = scanned[at]
                    u[row] += total - dist[col_of_row[row]]
                for at in range(n_finished):
                    v[finished[at]] -= total - dist[finished[at]]
                while True:
                    row = pred[col]
                    row_of_col[col] = row
                    previous = col_of_row[row]
                    col_of_row[row] = col
                    col = previous
                    if row == start:
                        break
        if stuck >= 0:
            raise ValueError(f"row {stuck} has no augmenting path: no side-perfect assignment")
        return placed
    finally:
        free(dist)
        free(pred)
        free(seen)
        free(done)
        free(best)
        free(best_stamp)
        free(scanned)
        free(finished)
        free(heap.items)

#: The costs of ``capacitated_paths`` are ``cost << TIE_SHIFT`` plus a tie-breaker below
#: ``1 << TIE_SHIFT`` divided by the number of rows (see ``assignment``).
TIE_SHIFT = 60
cdef int _SHIFT = 60


# What a search needs of a column, together: its marks first, then its distance and dual.
cdef struct Column:
    int64_t mark     # 2 * search + 1 once finished in that search, 2 * search once reached
    int64_t pred     # the row a search reached it through
    int64_t via      # backwards, the column that row would move to
    wide_t dist
    wide_t p


# An edge and a row each read as one piece: a search reaches rows and their edges
# out of order. An edge keeps its cost's value and, packed together, its tie-breaker and
# its column: sixteen bytes (see ``_edge_cost`` and ``_edge_col``).
cdef struct Edge:
    int64_t value
    int64_t packed   # tie-breaker << COL_BITS | column


#: Bits of the column in an edge's packed word, and the tie-breaker's bits above them.
cdef int COL_BITS = 27
cdef int64_t COL_MASK = (1 << 27) - 1
cdef int _TIE_BITS = 36
TIE_BITS = _TIE_BITS


cdef inline int64_t _edge_col(Edge* edge) noexcept nogil:
    return edge.packed & COL_MASK


cdef inline wide_t _wide_cost(int64_t value, int64_t tie) noexcept nogil:
    """An edge's cost: its value in the high part, its tie-breaker below it."""
    return ((<wide_t> value) << _SHIFT) + tie


cdef inline wide_t _edge_cost(Edge* edge) noexcept nogil:
    return _wide_cost(edge.value, edge.packed >> COL_BITS)


cdef struct Row:
    int64_t first   # its edges are first .. end - 1
    int64_t end
    wide_t u        # its dual
    wide_t dist     # the distance the search reached it at


# The rows each column holds: a linked list through next_row and prev_row, headed by
# first_row, with the column's load and each row's column.
cdef struct Holding:
    int64_t n_rows
    int64_t* first_row
    int64_t* next_row
    int64_t* prev_row
    int64_t* load
    int64_t* col_of_row


cdef inline void _hold(Holding* held, int64_t row, int64_t col) noexcept nogil:
    held.col_of_row[row] = col
    held.prev_row[row] = -1
    held.next_row[row] = held.first_row[col]
    if held.first_row[col] >= 0:
        held.prev_row[held.first_row[col]] = row
    held.first_row[col] = row
    held.load[col] += 1


cdef inline void _release(Holding* held, int64_t row) noexcept nogil:
    cdef int64_t col = held.col_of_row[row]
    if held.prev_row[row] >= 0:
        held.next_row[held.prev_row[row]] = held.next_row[row]
    else:
        held.first_row[col] = held.next_row[row]
    if held.next_row[row] >= 0:
        held.prev_row[held.next_row[row]] = held.prev_row[row]
    held.col_of_row[row] = -1
    held.load[col] -= 1


cdef inline wide_t _slot(int64_t slot_cost, int64_t base, int64_t k) noexcept nogil:
    """The cost of a column's k-th row, in the scale of the costs."""
    return (<wide_t> (slot_cost * (base + k))) << _SHIFT


cdef inline int64_t _tie(int64_t row_key, int64_t col_key, int bits) noexcept nogil:
    """An edge's tie-breaker, ``bits`` wide, from its row's and column's keys: SplitMix64's
    finaliser of their combination (``arrays.mixed_keys``), its top bits."""
    cdef uint64_t value = (<uint64_t> row_key) * 0x9E3779B97F4A7C15ULL ^ (<uint64_t> col_key)
    value ^= value >> 30
    value *= 0xBF58476D1CE4E5B9ULL
    value ^= value >> 27
    value *= 0x94D049BB133111EBULL
    value ^= value >> 31
    return <int64_t> (value >> (64 - bits)) if bits > 0 else 0


cdef int64_t _repair(
    Row* rows, Edge* edges, Column* column, Holding* held, const int64_t[::1] capacity,
    const int64_t[::1] slot_base, int64_t slot_cost, int64_t n_rows, int64_t n_cols,
) noexcept nogil:
    """Release the rows of a start that break optimality: a held row whose edge is not
    at reduced cost 0 or whose other edges are not all >= 0, and, from a loaded column
    whose dual is below its last row's cost, rows until it is not. Duals are left as they
    are, so no other row is affected; a column left with room may now be priced above
    its next row (``_fill_rooms`` settles that). The number of rows released."""
    cdef int64_t row, col, e, released = 0
    cdef bint tight, feasible
    cdef wide_t reduced
    cdef Row* r
    for row in range(n_rows):
        col = held.col_of_row[row]
        if col < 0:
            continue
        r = &rows[row]
        tight = False
        feasible = True
        for e in range(r.first, r.end):
            reduced = _edge_cost(&edges[e]) - r.u + column[_edge_col(&edges[e])].p
            if reduced < 0:
                feasible = False
                break
            if _edge_col(&edges[e]) == col and reduced == 0:
                tight = True
        if not (feasible and tight):
            _release(held, row)
            released += 1
    for col in range(n_cols):
        while held.load[col] > 0 and (
            column[col].p < _slot(slot_cost, slot_base[col], held.load[col] - 1)
        ):
            _release(held, held.first_row[col])
            released += 1
    return released


cdef int _fill_rooms(
    Row* rows, Edge* edges, Column* column, Holding* held, const int64_t[::1] capacity,
    const int64_t[::1] slot_base, int64_t slot_cost, int64_t n_cols, int64_t n_edges,
    const int64_t[::1] cols, Heap* heap,
) except -1 nogil:
    """Settle every column with room whose dual is above its next row's cost, by
    searches backwards from it (held rows only; free rows are placed afterwards).

    From such a column ``a`` (excess ``delta`` = dual - next row's cost), a search goes
    from a column ``x`` to the column ``y`` of each held row with an edge into ``x``, at
    that edge's reduced cost (the row could move from ``y`` to ``x``), and ends where a
    column could give up its last row, at ``dual - last row's cost``. When such an end is
    nearer than ``delta``, the rows on the path move on (``a`` gains a row, the end
    loses one) and ``a`` is searched from again; otherwise nothing moves. Either way the
    duals of every column finished below the distance reached, and of their rows, fall by
    what they lack of it, which keeps every reduced cost >= 0 and leaves ``a`` priced at
    most at its next row.
    """
    cdef int64_t* col_first
    cdef int64_t* col_edge
    cdef int64_t* edge_row
    cdef int64_t* finished
    cdef int64_t a, x, y, e, k, row, member, searches = 0, n_finished, reached, done, ending
    cdef wide_t delta, candidate, reach, fall
    cdef Column* c
    cdef Entry entry
    for a in range(n_cols):
        if held.load[a] < capacity[a] and (
            column[a].p > _slot(slot_cost, slot_base[a], held.load[a])
        ):
            break
    else:
        return 0  # nothing to settle, as on every cold start
    col_first = <int64_t*> malloc((n_cols + 1) * sizeof(int64_t))
    col_edge = <int64_t*> malloc(max(n_edges, 1) * sizeof(int64_t))
    edge_row = <int64_t*> malloc(max(n_edges, 1) * sizeof(int64_t))
    finished = <int64_t*> malloc(max(n_cols, 1) * sizeof(int64_t))
    if col_first == NULL or col_edge == NULL or edge_row == NULL or finished == NULL:
        free(col_first)
        free(col_edge)
        free(edge_row)
        free(finished)
        with gil:
            raise MemoryError()
    # The edges into each column (a CSR by column) and each edge's row.
    for x in range(n_cols + 1):
        col_first[x] = 0
    for e in range(n_edges):
        col_first[cols[e] + 1] += 1
    for x in range(n_cols):
        col_first[x + 1] += col_first[x]
    for row in range(held.n_rows):
        for e in range(rows[row].first, rows[row].end):
            edge_row[e] = row
    for e in range(n_edges):
        x = cols[e]
        col_edge[col_first[x]] = e
        col_first[x] += 1
    for x in range(n_cols - 1, 0, -1):
        col_first[x] = col_first[x - 1]
    col_first[0] = 0
    for a in range(n_cols):
        while held.load[a] < capacity[a]:
            delta = column[a].p - _slot(slot_cost, slot_base[a], held.load[a])
            if delta <= 0:
                break
            searches += 1
            reached = -2 * searches - 1
            done = reached - 1
            heap.size = 0
            n_finished = 0
            ending = -1
            column[a].mark = reached
            column[a].dist = 0
            entry.dist = 0
            entry.key = OCCUPIED + a
            _push(heap, entry)
            reach = delta
            while heap.size > 0:
                entry = _pop(heap)
                if entry.dist >= delta:
                    break
                if entry.key < OCCUPIED:
                    ending = entry.key
                    reach = entry.dist
                    break
                x = entry.key - OCCUPIED
                c = &column[x]
                if c.mark == done or entry.dist != c.dist:
                    continue
                c.mark = done
                finished[n_finished] = x
                n_finished += 1
                if x != a and held.load[x] > 0:
                    entry.dist = c.dist + c.p - _slot(slot_cost, slot_base[x], held.load[x] - 1)
                    entry.key = x
                    _push(heap, entry)
                for k in range(col_first[x], col_first[x + 1]):
                    e = col_edge[k]
                    row = edge_row[e]
                    y = held.col_of_row[row]
                    if y < 0 or y == x or column[y].mark == done:
                        continue
                    candidate = c.dist + _edge_cost(&edges[e]) - rows[row].u + c.p
                    if column[y].mark != reached or candidate < column[y].dist:
                        column[y].mark = reached
                        column[y].dist = candidate
                        column[y].pred = row
                        column[y].via = x
                        entry.dist = candidate
                        entry.key = OCCUPIED + y
                        _push(heap, entry)
            for k in range(n_finished):
                c = &column[finished[k]]
                fall = reach - c.dist
                c.p -= fall
                member = held.first_row[finished[k]]
                while member >= 0:
                    rows[member].u -= fall
                    member = held.next_row[member]
            if ending < 0:
                break
            # The end gives up a row; each row on the path moves one column on, to a.
            y = ending
            while y != a:
                row = column[y].pred
                x = column[y].via
                _release(held, row)
                _hold(held, row, x)
                y = x
    free(col_first)
    free(col_edge)
    free(edge_row)
    free(finished)
    return 0


def capacitated_paths(
    const int64_t[::1] starts,
    const int64_t[::1] cols,
    const int64_t[::1] costs,
    const int64_t[::1] row_keys,
    const int64_t[::1] col_keys,
    int tie_bits,
    const int64_t[::1] capacity,
    const int64_t[::1] slot_base,
    int64_t slot_cost,
    const int64_t[::1] start_col,
    const int64_t[:, ::1] start_u,
    const int64_t[:, ::1] start_p,
    int64_t u_shift,
):
    """The minimum-cost assignment covering every row, columns taking up to ``capacity``
    rows each: the column of each row, the duals that prove it optimal (one row per row
    and per column, a 128-bit integer as its high and low 64 bits) and how many rows the
    searches placed.

    Rows are a CSR over ``starts``, ``cols`` and ``costs`` (all >= 0), as above; an edge
    costs ``costs[e] << TIE_SHIFT`` plus its tie-breaker, the top ``tie_bits`` bits of a
    hash of its row's and its column's keys (``row_keys``, ``col_keys``; see ``_tie``).
    A column's k-th row (k = 0, 1, ...) adds ``slot_cost * (slot_base[col] + k) <<
    TIE_SHIFT`` (``slot_cost`` >= 0, so a column's next row never costs less than its
    last). A column is one node whatever its capacity: a search reaches a column, then
    every row it holds at the same distance, or ends there, paying the column's next row,
    when it has room. Duals: ``u``
    per row, ``p`` per column, reduced costs ``cost - u[row] + p[col]`` on an edge,
    ``next row's cost - p[col]`` on ending, ``p[col] - last row's cost`` on giving a row
    up; all stay >= 0, and the edges of the assignment stay at 0.

    The searches start from ``start_col`` (a column per row, -1 for none) with the duals
    ``start_u`` (each raised by ``u_shift << TIE_SHIFT``) and ``start_p`` (high word
    ``UNKNOWN`` for a column the start does not know); all -1 and 0 is the cold start.
    Rows whose start breaks a condition above are let go first (``_repair``), columns
    with room priced above their next row are settled (``_fill_rooms``), and every row
    left free is then placed, in index order. Ties go to the nearer node, then to ending,
    then to the lower column. Raises ``ValueError`` when
    some row cannot be placed.
    """
    cdef int64_t n_rows = starts.shape[0]
    cdef int64_t n_cols = capacity.shape[0]
    cdef int64_t n_edges = cols.shape[0]
    placed = np.full(n_rows, -1, dtype=np.int64)
    u_words = np.zeros((n_rows, 2), dtype=np.int64)
    p_words = np.zeros((n_cols, 2), dtype=np.int64)
    cdef int64_t[:, ::1] u_out = u_words
    cdef int64_t[:, ::1] p_out = p_words
    cdef Row* rows = <Row*> malloc(max(n_rows, 1) * sizeof(Row))
    cdef Edge* edges = <Edge*> malloc(max(n_edges, 1) * sizeof(Edge))
    cdef Row* r
    cdef int64_t[::1] col_of_row = placed
    cdef Column* column = <Column*> malloc(max(n_cols, 1) * sizeof(Column))
    cdef Holding held
    held.first_row = <int64_t*> malloc(max(n_cols, 1) * sizeof(int64_t))
    held.next_row = <int64_t*> malloc(max(n_rows, 1) * sizeof(int64_t))
    held.prev_row = <int64_t*> malloc(max(n_rows, 1) * sizeof(int64_t))
    held.load = <int64_t*> malloc(max(n_cols, 1) * sizeof(int64_t))
    cdef int64_t* scanned = <int64_t*> malloc(max(n_rows, 1) * sizeof(int64_t))
    cdef int64_t* finished = <int64_t*> malloc(max(n_cols, 1) * sizeof(int64_t))
    cdef int64_t* stack = <int64_t*> malloc(max(n_rows, 1) * sizeof(int64_t))
    cdef int64_t no_row = -1
    cdef Heap heap
    heap.room = 1024
    heap.size = 0
    heap.items = <Entry*> malloc(heap.room * sizeof(Entry))
    cdef int64_t start, row, member, e, col, at, ending, previous, searches = 0
    cdef int64_t n_scanned, n_finished, n_stack, reached, finished_mark, mark
    cdef wide_t base, candidate, total, lowest, shift
    cdef Column* c
    cdef Entry entry
    cdef int64_t stuck = -1
    held.col_of_row = &col_of_row[0] if n_rows else &no_row
    held.n_rows = n_rows
    try:
        if (rows == NULL or edges == NULL or column == NULL or held.first_row == NULL
                or held.next_row == NULL or held.prev_row == NULL or held.load == NULL
                or scanned == NULL or finished == NULL or stack == NULL
                or heap.items == NULL):
            raise MemoryError()
        if n_cols > COL_MASK + 1:
            raise ValueError(f"{n_cols} columns: at most {COL_MASK + 1} fit an edge")
        if not 0 <= tie_bits <= _TIE_BITS:
            raise ValueError(f"tie-breakers have 0 to {_TIE_BITS} bits, not {tie_bits}")
        with nogil:
            shift = (<wide_t> u_shift) << _SHIFT
            for at in range(n_rows):
                rows[at].first = starts[at]
                rows[at].end = starts[at + 1] if at + 1 < n_rows else n_edges
                rows[at].u = wide_of(start_u[at, 0], start_u[at, 1]) + shift
            for at in range(n_rows):
                for e in range(rows[at].first, rows[at].end):
                    edges[e].value = costs[e]
                    edges[e].packed = (
                        _tie(row_keys[at], col_keys[cols[e]], tie_bits) << COL_BITS
                    ) | cols[e]
            for at in range(n_cols):
                held.first_row[at] = -1
                held.load[at] = 0
                column[at].mark = -1
                if start_p[at, 0] == _UNKNOWN:
                    column[at].p = _slot(slot_cost, slot_base[at], 0)
                else:
                    column[at].p = wide_of(start_p[at, 0], start_p[at, 1])
            for at in range(n_rows):
                col = start_col[at]
                if col >= 0 and held.load[col] < capacity[col]:
                    _hold(&held, at, col)
            # A column the start does not know is priced so that no held row's edge to
            # it is below 0; above its first row's cost, it is settled with the others.
            for at in range(n_rows):
                if col_of_row[at] < 0:
                    continue
                r = &rows[at]
                for e in range(r.first, r.end):
                    col = _edge_col(&edges[e])
                    if start_p[col, 0] == _UNKNOWN and r.u - _edge_cost(&edges[e]) > column[col].p:
                        column[col].p = r.u - _edge_cost(&edges[e])
            _repair(rows, edges, column, &held, capacity, slot_base, slot_cost, n_rows, n_cols)
            _fill_rooms(
                rows, edges, column, &held, capacity, slot_base, slot_cost, n_cols, n_edges,
                cols, &heap,
            )
            # A free row's dual: its cheapest edge at reduced cost 0, the others >= 0.
            for at in range(n_rows):
                if col_of_row[at] >= 0:
                    continue
                r = &rows[at]
                for e in range(r.first, r.end):
                    candidate = _edge_cost(&edges[e]) + column[_edge_col(&edges[e])].p
                    if e == r.first or candidate < lowest:
                        lowest = candidate
                r.u = lowest if r.end > r.first else 0
            for start in range(n_rows):
                if col_of_row[start] >= 0:
                    continue
                searches += 1
                heap.size = 0
                n_scanned = 0
                n_finished = 0
                stack[0] = start
                n_stack = 1
                rows[start].dist = 0
                ending = -1
                reached = 2 * start
                finished_mark = reached + 1
                while True:
                    # Relax the edges of every row reached at the last finished distance.
                    while n_stack > 0:
                        n_stack -= 1
                        row = stack[n_stack]
                        scanned[n_scanned] = row
                        n_scanned += 1
                        r = &rows[row]
                        base = r.dist - r.u
                        for e in range(r.first, r.end):
                            col = _edge_col(&edges[e])
                            c = &column[col]
                            mark = c.mark
                            if mark == finished_mark:
                                continue
                            candidate = _edge_cost(&edges[e]) + base + c.p
                            if mark != reached or candidate < c.dist:
                                c.mark = reached
                                c.dist = candidate
                                c.pred = row
                                entry.dist = candidate
                                entry.key = OCCUPIED + col
                                _push(&heap, entry)
                    while True:
                        if heap.size == 0:
                            stuck = start
                            break
                        entry = _pop(&heap)
                        if entry.key < OCCUPIED:
                            break
                        c = &column[entry.key - OCCUPIED]
                        if c.mark != finished_mark and entry.dist == c.dist:
                            break
                    if stuck >= 0:
                        break
                    if entry.key < OCCUPIED:
                        ending = entry.key
                        total = entry.dist
                        break
                    col = entry.key - OCCUPIED
                    c.mark = finished_mark
                    finished[n_finished] = col
                    n_finished += 1
                    if held.load[col] < capacity[col]:
                        entry.dist = c.dist + _slot(slot_cost, slot_base[col], held.load[col]) - c.p
                        entry.key = col
                        _push(&heap, entry)
                    member = held.first_row[col]
                    while member >= 0:
                        rows[member].dist = c.dist
                        stack[n_stack] = member
                        n_stack += 1
                        member = held.next_row[member]
                if stuck >= 0:
                    break
                for at in range(n_scanned):
                    row = scanned[at]
                    rows[row].u += total - rows[row].dist
                for at in range(n_finished):
                    c = &column[finished[at]]
                    c.p += total - c.dist
                # Walk back from the column the path ends at: each row on it moves on.
                col = ending
                while True:
                    row = column[col].pred
                    previous = col_of_row[row]
                    if previous >= 0:
                        _release(&held, row)
                    _hold(&held, row, col)
                    if row == start:
                        break
                    col = previous
            for at in range(n_rows):
                u_out[at, 0] = wide_high(rows[at].u)
                u_out[at, 1] = wide_low(rows[at].u)
            for at in range(n_cols):
                p_out[at, 0] = wide_high(column[at].p)
                p_out[at, 1] = wide_low(column[at].p)
        if stuck >= 0:
            raise ValueError(f"row {stuck} has no augmenting path: no side-perfect assignment")
        return placed, u_words, p_words, searches
    finally:
        free(column)
        free(held.first_row)
        free(held.next_row)
        free(held.prev_row)
        free(held.load)
        free(rows)
        free(edges)
        free(scanned)
        free(finished)
        free(stack)
        free(heap.items)


def tight_arcs(
    const int64_t[::1] starts,
    const int64_t[::1] cols,
    const int64_t[::1] costs,
    const int64_t[::1] row_keys,
    const int64_t[::1] col_keys,
    int tie_bits,
    const int64_t[::1] capacity,
    const int64_t[::1] slot_base,
    int64_t slot_cost,
    const int64_t[::1] placed,
    const int64_t[:, ::1] u_words,
    const int64_t[:, ::1] p_words,
):
    """Whether the duals prove an assignment of ``capacitated_paths`` optimal (every
    reduced cost >= 0 and the assignment's at 0), and where it could change at no cost:
    the edges outside it at reduced cost 0, the columns whose next row would cost
    exactly their dual (they could take one more) and the loaded columns whose last row
    costs exactly their dual (they could give one up)."""
    cdef int64_t n_rows = starts.shape[0]
    cdef int64_t n_cols = capacity.shape[0]
    cdef int64_t n_edges = cols.shape[0]
    tight_array = np.zeros(n_edges, dtype=bool)
    take_array = np.zeros(n_cols, dtype=bool)
    give_array = np.zeros(n_cols, dtype=bool)
    load_array = np.zeros(n_cols, dtype=np.int64)
    cdef unsigned char[::1] tight = tight_array.view(np.uint8)
    cdef unsigned char[::1] take = take_array.view(np.uint8)
    cdef unsigned char[::1] give = give_array.view(np.uint8)
    cdef int64_t[::1] load = load_array
    cdef int64_t row, e, end, col
    cdef wide_t u, p, reduced
    cdef bint feasible = True
    with nogil:
        for row in range(n_rows):
            if placed[row] < 0:
                feasible = False
                continue
            load[placed[row]] += 1
            u = wide_of(u_words[row, 0], u_words[row, 1])
            end = starts[row + 1] if row + 1 < n_rows else n_edges
            for e in range(starts[row], end):
                col = cols[e]
                p = wide_of(p_words[col, 0], p_words[col, 1])
                reduced = _wide_cost(costs[e], _tie(row_keys[row], col_keys[col], tie_bits)) - u + p
                if reduced < 0 or (col == placed[row] and reduced != 0):
                    feasible = False
                elif reduced == 0 and col != placed[row]:
                    tight[e] = 1
        for col in range(n_cols):
            p = wide_of(p_words[col, 0], p_words[col, 1])
            if load[col] > capacity[col]:
                feasible = False
            if load[col] < capacity[col]:
                if p > _slot(slot_cost, slot_base[col], load[col]):
                    feasible = False
                elif p == _slot(slot_cost, slot_base[col], load[col]):
                    take[col] = 1
            if load[col] > 0:
                if p < _slot(slot_cost, slot_base[col], load[col] - 1):
                    feasible = False
                elif p == _slot(slot_cost, slot_base[col], load[col] - 1):
                    give[col] = 1
    return feasible, tight_array, take_array, give_array
