"""Stable reason codes attached to suggestions and to requests left without one.

The renderer translates each code; ``args`` are the values its message needs.

Why a pair was suggested (``Suggestion.reasons``, in this order):

=====================  ==========================  ==========================================
code                   args                        meaning
=====================  ==========================  ==========================================
common-language        (code, level)               best shared language, level both can use
no-common-language     ()                          no shared language (policy "preferred")
time-overlap           (hours,)                    waking hours in common (known time zones)
same-region            (region,)                   both in this region
different-region       (learner's, sharer's)       regions differ, as the settings prefer
rare-skill             (sharers,)                  only this many people share the skill
waited                 (days,)                     the request has waited this long
accepted               ()                          accepted: held until met or declined
released               (days,)                     the previous sharer did not answer in days
kept                   ()                          the same suggestion as last time
swap                   (skill,)                    the learner shares this skill with the sharer
=====================  ==========================  ==========================================

Why a request got nothing (``Unmatched.reasons``: the first that applies, then ``waited``
when the request has waited at least a week):

=========================  ==========================  ==========================================
code                       args                        meaning
=========================  ==========================  ==========================================
unknown-skill              (skill,)                    the skill is not in the taxonomy
learner-away               (until,) or ()              the learner is away (until this ISO date)
learner-inactive           ()                          the learner's status is inactive
learner-account-missing    ()                          the learner's account does not exist
learner-account-blocked    ()                          the learner's account is blocked
learner-account-dormant    ()                          the learner's account has not edited for
                                                       ``inactive_days`` (the account checks)
no-sharer                  ()                          nobody else shares the skill
sharers-away               (sharers,)                  everyone who shares it is away or inactive
no-common-language         (sharers,)                  none of the available sharers speaks a
                                                       language the learner speaks
excluded                   (sharers,)                  every sharer left is excluded by
                                                       do_not_match or declined feedback
sharers-full               (sharers,)                  the available sharers' capacity went to
                                                       other learners
=========================  ==========================  ==========================================
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from wikisync.model import Reason

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

#: Keys spanning at most this many times their number, plus ``_TABLE_MIN``, are ranked
#: through a table of their range rather than sorted.
_TABLE_FACTOR = 8
_TABLE_MIN = 1024

COMMON_LANGUAGE = "common-language"
NO_COMMON_LANGUAGE = "no-common-language"
TIME_OVERLAP = "time-overlap"
SAME_REGION = "same-region"
DIFFERENT_REGION = "different-region"
RARE_SKILL = "rare-skill"
WAITED = "waited"
ACCEPTED = "accepted"
RELEASED = "released"
KEPT = "kept"
SWAP = "swap"

UNKNOWN_SKILL = "unknown-skill"
LEARNER_AWAY = "learner-away"
LEARNER_INACTIVE = "learner-inactive"
LEARNER_ACCOUNT_MISSING = "learner-account-missing"
LEARNER_ACCOUNT_BLOCKED = "learner-account-blocked"
LEARNER_ACCOUNT_DORMANT = "learner-account-dormant"
NO_SHARER = "no-sharer"
SHARERS_AWAY = "sharers-away"
EXCLUDED = "excluded"
SHARERS_FULL = "sharers-full"

#: Days a request must have waited before ``waited`` is given as a reason.
WAITED_MIN_DAYS = 7


class ReasonBook:
    """Hands out ``Reason`` records, one shared instance per distinct (code, args).

    Reasons are immutable and repeat a lot (``time-overlap (14,)``...); sharing them keeps
    a large run from allocating hundreds of thousands of identical records.
    """

    def __init__(self) -> None:
        self._known: dict[tuple[str, tuple[str | int, ...]], Reason] = {}

    def get(self, code: str, *args: str | int) -> Reason:
        """The reason with this code and these arguments."""
        key = (code, args)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = Reason(code, args)
        return found


@dataclass(frozen=True, slots=True)
class ReasonColumn:
    """At most one reason per position of a list of records.

    ``table`` holds the distinct reasons; ``index`` gives each position's entry of ``table``,
    -1 where the position has no reason.
    """

    index: IntArray
    table: list[Reason]


def reason_column(
    present: BoolArray, values: Sequence[IntArray], reason_of: Callable[..., Reason]
) -> ReasonColumn:
    """``reason_of(*row)`` at each present position, ``row`` being its entries of ``values``.

    ``values`` are integer arrays as long as ``present``; ``reason_of`` is called once per
    distinct row among the present positions.
    """
    index = np.full(len(present), -1, dtype=np.int64)
    where = np.flatnonzero(present)
    if not len(where):
        return ReasonColumn(index, [])
    rows = [np.asarray(column, dtype=np.int64)[where] for column in values]
    key = np.zeros(len(where), dtype=np.int64)
    for row in rows:
        low = int(row.min())
        key = _renumbered(key * (int(row.max()) - low + 1) + (row - low))
    first, index[where] = _first_and_inverse(key)
    found = [row[first].tolist() for row in rows]
    table = [reason_of(*row) for row in zip(*found, strict=True)] if found else [reason_of()]
    return ReasonColumn(index, table)


def reason_tuples(columns: Sequence[ReasonColumn]) -> list[tuple[Reason, ...]]:
    """Per position, its reasons in ``columns``, in the order of ``columns``.

    Positions with the same reasons share one tuple.
    """
    count = len(columns[0].index) if columns else 0
    key = np.zeros(count, dtype=np.int64)
    for column in columns:
        key = _renumbered(key * (len(column.table) + 1) + column.index + 1)
    first, inverse = _first_and_inverse(key)
    distinct = _tuples_at(columns, first)
    return [distinct[position] for position in inverse.tolist()]


def _tuples_at(columns: Sequence[ReasonColumn], positions: IntArray) -> list[tuple[Reason, ...]]:
    """The reason tuples of ``positions``, built one ``zip`` per set of columns present."""
    pattern = np.zeros(len(positions), dtype=np.int64)
    indices = [column.index[positions] for column in columns]
    for bit, index in enumerate(indices):
        pattern |= (index >= 0).astype(np.int64) << bit
    out: list[tuple[Reason, ...]] = [()] * len(positions)
    for shape in np.unique(pattern).tolist():
        chosen = np.flatnonzero(pattern == shape)
        parts = [
            [column.table[i] for i in index[chosen].tolist()]
            for bit, (column, index) in enumerate(zip(columns, indices, strict=True))
            if shape >> bit & 1
        ]
        if parts:
            for position, reasons in zip(chosen.tolist(), zip(*parts, strict=True), strict=True):
                out[position] = reasons
    return out


def _renumbered(key: IntArray) -> IntArray:
    """``key`` with its distinct values replaced by 0, 1, ... in ascending order."""
    return _first_and_inverse(key)[1]


def _first_and_inverse(key: IntArray) -> tuple[IntArray, IntArray]:
    """A position of each distinct value of ``key`` (ascending), and each position's value rank.

    Keys from a range not much wider than their number go through a table of that range
    instead of a sort.
    """
    if not len(key):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    low = int(key.min())
    span = int(key.max()) - low + 1
    if span > _TABLE_FACTOR * len(key) + _TABLE_MIN:
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        return first.astype(np.int64), inverse.astype(np.int64).reshape(-1)
    shifted = key - low
    position = np.full(span, -1, dtype=np.int64)
    position[shifted] = np.arange(len(key), dtype=np.int64)
    used = np.flatnonzero(position >= 0)
    rank = np.zeros(span, dtype=np.int64)
    rank[used] = np.arange(len(used), dtype=np.int64)
    return position[used], rank[shifted]
