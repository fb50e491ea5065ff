# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The compiled kernel of ``wikisync.matching.assignment``: shortest augmenting paths.

``assignment`` states the problem, prepares the arrays and explains why the answer is
optimal; this module only runs the searches, which would take seconds in Python.
"""

from libc.stdint cimport int64_t
from libc.stdlib cimport free, malloc

import numpy as np


# A heap entry: its distance, then a key that orders entries of equal distance: a free
# column, or ending at a column, by number (``col``), before an occupied column, by
# number (``OCCUPIED + col``). Sixteen bytes, and four children to a node, keep the
# heap's moves few and short.
cdef struct Entry:
    int64_t dist
    int64_t key


cdef int64_t OCCUPIED = 1 << 40


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

# What a search needs of a column, together: one cache line read per edge relaxed.
cdef struct Column:
    int64_t mark     # 2 * search + 1 once finished in that search, 2 * search once reached
    int64_t dist
    int64_t p
    int64_t pred


# An edge and a row each read as one piece: a search reaches rows and their edges
# out of order.
cdef struct Edge:
    int64_t col
    int64_t cost


cdef struct Row:
    int64_t first   # its edges are first .. end - 1
    int64_t end
    int64_t u       # its dual
    int64_t dist    # the distance the search reached it at


def capacitated_paths(
    const int64_t[::1] starts,
    const int64_t[::1] cols,
    const int64_t[::1] costs,
    const int64_t[::1] capacity,
    const int64_t[::1] slot_base,
    int64_t slot_cost,
):
    """The minimum-cost assignment covering every row, columns taking up to ``capacity``
    rows each: the column of each row.

    Rows are a CSR over ``starts``, ``cols`` and ``costs`` (all >= 0), as above. A column's
    k-th row (k = 0, 1, ...) adds ``slot_cost * (slot_base[col] + k)`` (``slot_cost`` >= 0,
    so a column's next row never costs less than its last). A column is one node whatever
    its capacity: a search reaches a column, then every row it holds at the same distance,
    or ends there, paying the column's next row, when it has room. Duals: ``u`` per row,
    ``p`` per column, reduced costs ``cost - u[row] + p[col]`` on an edge and
    ``next row's cost - p[col]`` on ending; both stay >= 0 from the zero start, and the
    edges of the assignment stay at 0. Rows are placed in index order. Ties go to the
    nearer node, then to ending, then to the lower column. Raises ``ValueError`` when some
    row cannot be placed.
    """
    cdef int64_t n_rows = starts.shape[0]
    cdef int64_t n_cols = capacity.shape[0]
    cdef int64_t n_edges = cols.shape[0]
    placed = np.full(n_rows, -1, dtype=np.int64)
    cdef Row* rows = <Row*> malloc(max(n_rows, 1) * sizeof(Row))
    cdef Edge* edges = <Edge*> malloc(max(n_edges, 1) * sizeof(Edge))
    cdef Row* r
    cdef int64_t[::1] col_of_row = placed
    cdef Column* column = <Column*> malloc(max(n_cols, 1) * sizeof(Column))
    # The rows each column holds: a linked list through next_row, headed by first_row.
    cdef int64_t* first_row = <int64_t*> malloc(max(n_cols, 1) * sizeof(int64_t))
    cdef int64_t* next_row = <int64_t*> malloc(max(n_rows, 1) * sizeof(int64_t))
    cdef int64_t* prev_row = <int64_t*> malloc(max(n_rows, 1) * sizeof(int64_t))
    cdef int64_t* load = <int64_t*> malloc(max(n_cols, 1) * sizeof(int64_t))
    cdef int64_t* scanned = <int64_t*> malloc(max(n_rows, 1) * sizeof(int64_t))
    cdef int64_t* finished = <int64_t*> malloc(max(n_cols, 1) * sizeof(int64_t))
    cdef int64_t* stack = <int64_t*> malloc(max(n_rows, 1) * sizeof(int64_t))
    cdef Heap heap
    heap.room = 1024
    heap.size = 0
    heap.items = <Entry*> malloc(heap.room * sizeof(Entry))
    cdef int64_t start, row, held, base, end, e, col, candidate, at, ending, total
    cdef int64_t n_scanned, n_finished, n_stack, previous, reached, finished_mark, mark
    cdef Column* c
    cdef Entry entry
    cdef int64_t stuck = -1
    try:
        if (rows == NULL or edges == NULL or column == NULL or first_row == NULL
                or next_row == NULL or prev_row == NULL or load == NULL or scanned == NULL
                or finished == NULL or stack == NULL or heap.items == NULL):
            raise MemoryError()
        with nogil:
            for at in range(n_rows):
                rows[at].first = starts[at]
                rows[at].end = starts[at + 1] if at + 1 < n_rows else n_edges
                rows[at].u = 0
            for e in range(n_edges):
                edges[e].col = cols[e]
                edges[e].cost = costs[e]
            for at in range(n_cols):
                first_row[at] = -1
                load[at] = 0
                column[at].mark = -1
                column[at].p = 0
            for start in range(n_rows):
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
                            col = edges[e].col
                            c = &column[col]
                            mark = c.mark
                            if mark == finished_mark:
                                continue
                            candidate = edges[e].cost + base + c.p
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
                    if load[col] < capacity[col]:
                        entry.dist = c.dist + slot_cost * (slot_base[col] + load[col]) - c.p
                        entry.key = col
                        _push(&heap, entry)
                    held = first_row[col]
                    while held >= 0:
                        rows[held].dist = c.dist
                        stack[n_stack] = held
                        n_stack += 1
                        held = next_row[held]
                if stuck >= 0:
                    break
                for at in range(n_scanned):
                    row = scanned[at]
                    rows[row].u += total - rows[row].dist
                for at in range(n_finished):
                    c = &column[finished[at]]
                    c.p += total - c.dist
                # Walk back from the column the path ends at: each row on it moves on.
                load[ending] += 1
                col = ending
                while True:
                    row = column[col].pred
                    previous = col_of_row[row]
                    if previous >= 0:
                        if prev_row[row] >= 0:
                            next_row[prev_row[row]] = next_row[row]
                        else:
                            first_row[previous] = next_row[row]
                        if next_row[row] >= 0:
                            prev_row[next_row[row]] = prev_row[row]
                    col_of_row[row] = col
                    prev_row[row] = -1
                    next_row[row] = first_row[col]
                    if first_row[col] >= 0:
                        prev_row[first_row[col]] = row
                    first_row[col] = row
                    if row == start:
                        break
                    col = previous
        if stuck >= 0:
            raise ValueError(f"row {stuck} has no augmenting path: no side-perfect assignment")
        return placed
    finally:
        free(column)
        free(first_row)
        free(next_row)
        free(prev_row)
        free(load)
        free(rows)
        free(edges)
        free(scanned)
        free(finished)
        free(stack)
        free(heap.items)
