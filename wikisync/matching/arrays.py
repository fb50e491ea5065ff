"""Small vectorised operations on integer arrays shared by the matching modules."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

IntArray = NDArray[np.int64]


def unique_sorted(keys: IntArray) -> IntArray:
    """The distinct values of ``keys``, ascending (a plain sort: faster than ``np.unique`` here)."""
    ordered = np.sort(keys)
    if len(ordered):
        ordered = ordered[np.concatenate([[True], ordered[1:] != ordered[:-1]])]
    return np.asarray(ordered, dtype=np.int64)


def first_of_each(keys: IntArray) -> IntArray:
    """Positions of the first occurrence of each distinct value of ``keys``, by ascending value."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    if len(ordered):
        order = order[np.concatenate([[True], ordered[1:] != ordered[:-1]])]
    return np.asarray(order, dtype=np.int64)


def ranks_within(group: IntArray, primary: IntArray, secondary: IntArray) -> IntArray:
    """Each item's rank within its group, ordered by ``primary`` then ``secondary`` (>= 0)."""
    if not len(group):
        return np.zeros(0, dtype=np.int64)
    primary = primary - primary.min()
    key = (group * (int(primary.max()) + 1) + primary) * (int(secondary.max()) + 1) + secondary
    order = np.argsort(key)
    ordered = group[order]
    positions = np.arange(len(group), dtype=np.int64)
    starts = np.where(np.r_[True, ordered[1:] != ordered[:-1]], positions, 0)
    rank = np.empty(len(group), dtype=np.int64)
    rank[order] = positions - np.maximum.accumulate(starts)
    return rank


def entries_at(matrix: sp.csr_array, rows: IntArray, cols: IntArray) -> IntArray:
    """The entries of a sparse matrix at the given (row, col) positions (0 where absent).

    Reads a maximum flow's value on chosen arcs without densifying the matrix.
    """
    coo = matrix.tocoo()
    size = matrix.shape[1]
    keys = np.asarray(coo.row, dtype=np.int64) * size + np.asarray(coo.col, dtype=np.int64)
    order = np.argsort(keys)
    keys, values = keys[order], np.asarray(coo.data, dtype=np.int64)[order]
    wanted = rows * size + cols
    if not len(keys):
        return np.zeros(len(wanted), dtype=np.int64)
    found = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[found] == wanted, values[found], 0).astype(np.int64)
