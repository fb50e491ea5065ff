"""Small vectorised operations on integer arrays shared by the matching modules."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

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


def first_highest_of_each(groups: IntArray, scores: IntArray) -> IntArray:
    """Within each run of equal values of ``groups`` (sorted), the position of the first
    of the highest ``scores``; ascending."""
    if not len(groups):
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    run = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(groups)]))
    best = np.flatnonzero(scores == np.maximum.reduceat(scores, starts)[run])
    return np.asarray(best[np.r_[True, run[best][1:] != run[best][:-1]]], dtype=np.int64)


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
    """Each item's rank within its group (>= 0), ordered by ``primary``, equal ones by position.

    Made with as few arrays of the items' length alive at once as it can: on millions of
    candidate pairs each one is tens of megabytes.
    """
    if not len(group):
        return np.zeros(0, dtype=np.int64)
    low = int(primary.min())
    shift = (int(primary.max()) - low).bit_length()
    if int(group.max()).bit_length() + shift > _PACKED_BITS:
        order = np.asarray(np.lexsort((primary, group)), dtype=np.int64)
        return _ranks_of_ordered(order, group[order])
    key = np.left_shift(np.asarray(group, dtype=np.int64), shift)
    key |= primary - low
    if np.all(group[1:] >= group[:-1]):
        # Already grouped: the stable sort finds the runs, and moves items only within
        # their group, so the groups read the same in its order.
        order = np.asarray(np.argsort(key, kind="stable"), dtype=np.int64)
        del key
        return _ranks_of_ordered(order, group)
    ordered, order = _sorted_with_positions(key)
    del key
    ordered >>= shift
    return _ranks_of_ordered(order, ordered)


def entries_at(matrix: sp.csr_array, rows: IntArray, cols: IntArray) -> IntArray:
    """The entries of a sparse matrix at the given (row, col) positions (0 where absent).

    Reads a maximum flow's value on chosen arcs without densifying the matrix. In a CSR
    matrix in canonical form (each row's columns ascending, each once, as a maximum flow
    gives it) the positions are already in (row, col) order, so they are searched as
    they stand.
    """
    if not matrix.has_canonical_format:
        matrix = matrix.copy()
        matrix.sum_duplicates()
    size = matrix.shape[1]
    keys = np.repeat(np.arange(matrix.shape[0], dtype=np.int64) * size, np.diff(matrix.indptr))
    keys += matrix.indices
    wanted = rows * size + cols
    if not len(keys):
        return np.zeros(len(wanted), dtype=np.int64)
    found = np.searchsorted(keys, wanted)
    np.minimum(found, len(keys) - 1, out=found)
    return np.where(keys[found] == wanted, matrix.data[found], 0).astype(np.int64)


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
    packed = np.asarray(keys, dtype=np.int64) - low
    packed <<= bits
    packed |= np.arange(len(keys), dtype=np.int64)
    return packed, bits


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
    ordered = packed >> bits
    ordered += int(keys.min()) if len(keys) else 0
    packed &= (1 << bits) - 1
    return ordered, packed


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
    del new_group
    # Count up by one along the order, falling back to 0 at the first item of each group.
    within = np.ones(count, dtype=np.int64)
    within[0] = 0
    within[starts[1:]] = 1 - np.diff(starts)
    np.cumsum(within, out=within)
    rank = np.empty(count, dtype=np.int64)
    rank[order] = within
    return rank


def text_keys(texts: Sequence[str]) -> IntArray:
    """A 64-bit key for each of ``texts``, the same in every process and run (BLAKE2b)."""
    digests = b"".join(
        hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest() for text in texts
    )
    return np.frombuffer(digests, dtype=np.int64).copy() if texts else np.zeros(0, np.int64)


def mixed_keys(first: IntArray, second: IntArray) -> IntArray:
    """A 64-bit key for each pair ``(first[i], second[i])``: SplitMix64's finaliser of
    their combination, so that close inputs give unrelated keys."""
    with np.errstate(over="ignore"):
        value = first.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) ^ second.astype(np.uint64)
        value ^= value >> np.uint64(30)
        value *= np.uint64(0xBF58476D1CE4E5B9)
        value ^= value >> np.uint64(27)
        value *= np.uint64(0x94D049BB133111EB)
        value ^= value >> np.uint64(31)
    return value.view(np.int64)
