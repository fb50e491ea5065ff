"""Small vectorised operations on integer arrays shared by the matching modules."""

from __future__ import annotations

import numpy as np
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
    first = np.searchsorted(ordered, ordered, side="left")
    rank = np.empty(len(group), dtype=np.int64)
    rank[order] = np.arange(len(group)) - first
    return rank
