"""Small vectorised operations on integer arrays shared by the matching modules."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

IntArray = NDArray[np.int64]

#: Bits a packed sort key may use: the sign bit stays clear.
_PACKED_BITS = 62


def unique_sorted(keys: IntArray) -> IntArray:
    """The distinct values of ``keys``, ascending (a plain sort: faster than ``np.unique`` here)."""
    ordered = _sorted(keys)
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


def stable_order(keys: IntArray) -> IntArray:
    """The positions of ``keys`` in ascending order, equal keys by position (a stable argsort)."""
    return _sorted_with_positions(keys)[1]


def ranks_within(group: IntArray, primary: IntArray, secondary: IntArray) -> IntArray:
    """Each item's rank within its group, ordered by ``primary`` then ``secondary`` (>= 0)."""
    if not len(group):
        return np.zeros(0, dtype=np.int64)
    primary = primary - primary.min()
    key = (group * (int(primary.max()) + 1) + primary) * (int(secondary.max()) + 1) + secondary
    order = _distinct_order(key)
    return _ranks_of_ordered(order, group[order])


def ranks_in_order(group: IntArray, primary: IntArray) -> IntArray:
    """Each item's rank within its group (>= 0), ordered by ``primary``, equal ones by position."""
    if not len(group):
        return np.zeros(0, dtype=np.int64)
    primary = primary - primary.min()
    shift = int(primary.max()).bit_length()
    if int(group.max()).bit_length() + shift > _PACKED_BITS:
        order = np.asarray(np.lexsort((primary, group)), dtype=np.int64)
        return _ranks_of_ordered(order, group[order])
    key = (group << shift) | primary
    if np.all(group[1:] >= group[:-1]):
        # Already grouped: the stable sort finds the runs, and moves items only within
        # their group, so the groups read the same in its order.
        return _ranks_of_ordered(np.argsort(key, kind="stable"), group)
    ordered, order = _sorted_with_positions(key)
    return _ranks_of_ordered(order, ordered >> shift)


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


def _sorted(keys: IntArray) -> IntArray:
    """``np.sort(keys)``; as 32-bit integers when they fit, which sorts twice as fast."""
    small = np.iinfo(np.int32)
    if (
        len(keys)
        and np.issubdtype(keys.dtype, np.integer)
        and small.min <= int(keys.min())
        and int(keys.max()) <= small.max
    ):
        return np.sort(keys.astype(np.int32)).astype(np.int64)
    return np.sort(keys)


def _packed_positions(keys: IntArray) -> tuple[IntArray | None, int]:
    """``keys`` less their minimum, shifted left, with each position in the freed low bits.

    Returns the packed values and the number of position bits; None for the values when
    they would not fit in ``_PACKED_BITS``.
    """
    bits = max(len(keys) - 1, 1).bit_length()
    if not len(keys):
        return np.zeros(0, dtype=np.int64), bits
    low = int(keys.min())
    if (int(keys.max()) - low).bit_length() + bits > _PACKED_BITS:
        return None, bits
    shifted = np.asarray(keys, dtype=np.int64) - low
    return (shifted << bits) | np.arange(len(keys), dtype=np.int64), bits


def _sorted_with_positions(keys: IntArray) -> tuple[IntArray, IntArray]:
    """``keys`` sorted, and their positions in that order (equal keys by position).

    Each key is sorted with its position packed into the low bits: a plain integer sort is
    several times faster than an argsort. Keys too wide to pack fall back to the argsort.
    """
    packed, bits = _packed_positions(keys)
    if packed is None:
        order = np.asarray(np.argsort(keys, kind="stable"), dtype=np.int64)
        return np.asarray(keys[order], dtype=np.int64), order
    packed.sort()
    low = int(keys.min()) if len(keys) else 0
    return (packed >> bits) + low, packed & ((1 << bits) - 1)


def _distinct_order(keys: IntArray) -> IntArray:
    """``np.argsort(keys)``, sorted faster when the keys are distinct (the order is then unique).

    Equal keys are left in the order ``np.argsort`` gives them.
    """
    ordered, order = _sorted_with_positions(keys)
    if np.any(ordered[1:] == ordered[:-1]):
        return np.asarray(np.argsort(keys), dtype=np.int64)
    return order


def _ranks_of_ordered(order: IntArray, ordered_group: IntArray) -> IntArray:
    """Ranks within groups from an order of the items that keeps each group together.

    ``ordered_group`` holds the items' groups in that order.
    """
    count = len(order)
    new_group = np.empty(count, dtype=bool)
    new_group[:1] = True
    np.not_equal(ordered_group[1:], ordered_group[:-1], out=new_group[1:])
    starts = np.flatnonzero(new_group)
    sizes = np.diff(np.append(starts, count))
    rank = np.empty(count, dtype=np.int64)
    rank[order] = np.arange(count, dtype=np.int64) - np.repeat(starts, sizes)
    return rank
