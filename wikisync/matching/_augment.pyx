# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The compiled kernel of ``wikisync.matching.assignment``: shortest augmenting paths.

``assignment`` states the problem, prepares the arrays and explains why the answer is
optimal; this module only runs the searches, which would take seconds in Python.
"""

from libc.stdint cimport int64_t
from libc.stdlib cimport free, malloc

import numpy as np


cdef struct Entry:
    int64_t dist
    int64_t occupied
    int64_t col


cdef inline bint _before(Entry a, Entry b) noexcept nogil:
    if a.dist != b.dist:
        return a.dist < b.dist
    if a.occupied != b.occupied:
        return a.occupied < b.occupied
    return a.col < b.col


cdef struct Heap:
    Entry* items
    int64_t size
    int64_t room


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
        parent = (at - 1) >> 1
        if not _before(entry, heap.items[parent]):
            break
        heap.items[at] = heap.items[parent]
        at = parent
    heap.items[at] = entry
    return 0


cdef Entry _pop(Heap* heap) noexcept nogil:
    cdef Entry top = heap.items[0]
    cdef Entry last
    cdef int64_t at = 0, child
    heap.size -= 1
    if heap.size == 0:
        return top
    last = heap.items[heap.size]
    while True:
        child = 2 * at + 1
        if child >= heap.size:
            break
        if child + 1 < heap.size and _before(heap.items[child + 1], heap.items[child]):
            child += 1
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
                                entry.occupied = row_of_col[col] >= 0
                                entry.col = col
                                _push(&heap, entry)
                    while True:
                        if heap.size == 0:
                            stuck = start
                            break
                        entry = _pop(&heap)
                        col = entry.col
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

