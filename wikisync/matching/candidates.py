"""The candidate pairs the solver starts from: few per request, but never too few.

A popular skill can have thousands of learners and sharers, and scoring every pair of them
would dominate the run time. Instead:

- for a skill with few pairs (at most ``FULL_PAIRS``) every eligible pair is a candidate;
- otherwise people are blocked by (skill, language): a learner sees the sharers of the
  skill who speak one of the learner's languages and live in the nearest time zones, and
  every sharer likewise sees the nearest learners. People in the same time zone are
  spread evenly over each other, so no sharer is left without candidates;
- with ``language_policy = "preferred"`` the same is done once more ignoring language.

The pairs are scored and pruned: a request keeps its ``candidates_per_request`` best
sharers, a sharer keeps at most ``HUB_SLOTS`` candidates per unit of capacity (it will take
few learners anyway), and every request keeps its best sharer and every sharer its
``SHARER_SLOTS`` best learners per unit of capacity. Pruning can only lower the matched
count; ``bound`` adds back the few pairs needed to reach the maximum.

The capacity these widths count is bounded by what a sharer can use
(``candidate_capacity``): above ``USUAL_CAPACITY`` it is no more than the sharer's fair
share of the skill's learners (open requests over sharers, rounded up). A sharer with room
for a thousand learners in a skill of a hundred learners and fifty sharers then gets the
candidates of one with room for three, so the pairs, and the time and memory of the solve,
follow the programme and not the capacity values; the requests' own candidates and the
bound's pairs still reach every sharer with room.

On later runs every request also sees the nearest sharers who had capacity left after the
last run's suggestions (``_spare_capacity_pairs``). When an edit removes a sharer, the
learners it leaves can then move straight to a free place: without these pairs the
lexicographic count pushes them along chains that move other learners' suggestions,
which is most of the churn an edit causes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from wikisync.matching.arrays import first_of_each, ranks_in_order, stable_order, unique_sorted
from wikisync.matching.assignment import Problem
from wikisync.matching.roster import Roster
from wikisync.matching.scoring import scored_pairs
from wikisync.matching.settings import MatchSettings

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

#: Skills with at most this many (learner, sharer) pairs are not blocked.
FULL_PAIRS = 4096
#: Sharers in the time-zone window of each (request, language).
REQUEST_WINDOW = 5
#: Learners in the time-zone window of each (sharer, skill, language), per unit of capacity,
#: and as many again spread evenly over the whole bucket.
SHARER_WINDOW = 2
#: Best learners per unit of capacity a sharer always keeps.
SHARER_SLOTS = 2
#: Most candidates per unit of capacity a sharer keeps.
HUB_SLOTS = 8
#: Capacities up to this many learners count in full in the candidate widths.
USUAL_CAPACITY = 3

#: Pairs scored at once (see ``_scored``).
SCORE_BLOCK = 1 << 19

_OFFSET_SPAN = 4096
_OFFSET_SHIFT = 1440


@dataclass(frozen=True, slots=True)
class Edges:
    """Candidate pairs: a request index, a sharer (person index) and the pair score."""

    request: IntArray
    sharer: IntArray
    score: IntArray

    def __len__(self) -> int:
        return len(self.request)

    def union(self, other: Edges, people: int) -> Edges:
        """These pairs and ``other``'s, each once, sorted by (request, sharer)."""
        request = np.concatenate([self.request, other.request])
        sharer = np.concatenate([self.sharer, other.sharer])
        score = np.concatenate([self.score, other.score])
        first = first_of_each(request * people + sharer)
        return Edges(request[first], sharer[first], score[first])

    def subset(self, mask: BoolArray) -> Edges:
        """The pairs selected by ``mask``."""
        return Edges(self.request[mask], self.sharer[mask], self.score[mask])

    def problem(
        self, roster: Roster, values: IntArray | None = None, slot_cost: int = 0
    ) -> Problem:
        """The assignment problem of these pairs: requests as rows, people as columns.

        Without ``values`` every pair is worth 0, which is all a maximum count needs.
        """
        return Problem(
            n_rows=roster.n_requests,
            capacity=roster.capacity,
            edge_row=self.request,
            edge_col=self.sharer,
            edge_value=values if values is not None else np.zeros(len(self), dtype=np.int64),
            slot_cost=slot_cost,
            slot_base=roster.slot_base,
        )

    def holds(self, other: Edges, people: int) -> BoolArray:
        """Which of these pairs (sorted, as ``union`` leaves them) are among ``other``'s."""
        keys = self.request * people + self.sharer
        wanted = other.request * people + other.sharer
        position = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
        held = np.zeros(len(self), dtype=bool)
        if len(keys):
            held[position[keys[position] == wanted]] = True
        return held


def candidate_edges(roster: Roster, settings: MatchSettings, priority: IntArray) -> Edges:
    """Scored, eligible, pruned candidate pairs for every open request."""
    open_requests = np.flatnonzero(roster.request_open)
    active = roster.capacity[roster.share_person] > 0
    share_person, share_skill = roster.share_person[active], roster.share_skill[active]
    skill_count = len(roster.skills)
    learners_per_skill = np.bincount(roster.request_skill[open_requests], minlength=skill_count)
    sharers_per_skill = np.bincount(share_skill, minlength=skill_count)
    small = learners_per_skill * sharers_per_skill <= FULL_PAIRS
    keys = [_all_pairs(roster, open_requests, share_person, share_skill, small)]
    for by_language in _blockings(settings):
        keys += _blocked_pairs(
            roster, open_requests, share_person, share_skill, ~small, by_language
        )
    pairs = unique_sorted(np.concatenate(keys))
    del keys
    edges = _scored(roster, settings, pairs)
    del pairs
    pruned = _pruned(roster, settings, edges, priority)
    del edges
    spare = unique_sorted(_spare_capacity_pairs(roster, settings, open_requests))
    return pruned.union(_scored(roster, settings, spare), roster.size)


def room_pairs(
    roster: Roster, settings: MatchSettings, requests: IntArray, room: BoolArray
) -> Edges:
    """Scored, eligible pairs of ``requests`` with the sharers of their skill who have
    ``room``: all of them for a skill with few pairs, otherwise the ``REQUEST_WINDOW``
    nearest in time within each of the request's (skill, language) buckets. They depend
    on nothing but the roster, ``requests`` and ``room``, so the same result gives the same
    pairs."""
    records = np.flatnonzero(room[roster.share_person])
    share_person, share_skill = roster.share_person[records], roster.share_skill[records]
    skill_count = len(roster.skills)
    learners_per_skill = np.bincount(roster.request_skill[requests], minlength=skill_count)
    sharers_per_skill = np.bincount(share_skill, minlength=skill_count)
    small = learners_per_skill * sharers_per_skill <= FULL_PAIRS
    keys = [_all_pairs(roster, requests, share_person, share_skill, small)]
    keys += [
        _nearest_pairs(roster, requests, share_person, share_skill, by_language)
        for by_language in _blockings(settings)
    ]
    return _scored(roster, settings, unique_sorted(np.concatenate(keys)))


def scored_eligible(
    roster: Roster, settings: MatchSettings, requests: IntArray, sharers: IntArray
) -> Edges:
    """The given pairs, deduplicated, without forbidden ones, with their pair scores.

    Pairs without a common language are dropped unless the language policy is "preferred".
    """
    return _scored(roster, settings, unique_sorted(_pair_keys(roster, requests, sharers)))


def _pair_keys(roster: Roster, requests: IntArray, sharers: IntArray) -> IntArray:
    """One integer per (request, sharer) pair; sorting them sorts by request, then sharer."""
    return (np.asarray(requests, dtype=np.int64) << _person_bits(roster)) | sharers


def _person_bits(roster: Roster) -> int:
    """The low bits of a pair key that hold the sharer."""
    return max(roster.size - 1, 1).bit_length()


def _scored(roster: Roster, settings: MatchSettings, keys: IntArray) -> Edges:
    """``scored_eligible`` of distinct ``_pair_keys``, in ascending order.

    Millions of keys are scored ``SCORE_BLOCK`` at a time, so that the arrays of one
    block's scoring, not of all pairs at once, are what the memory holds besides the
    kept pairs; the kept keys and scores are joined one array at a time."""
    kept: list[IntArray] = []
    scores: list[IntArray] = []
    for start in range(0, len(keys), SCORE_BLOCK):
        block_keys, block_scores = _scored_block(
            roster, settings, keys[start : start + SCORE_BLOCK]
        )
        kept.append(block_keys)
        scores.append(block_scores)
    joined = np.concatenate(kept) if kept else np.zeros(0, dtype=np.int64)
    del kept
    score = np.concatenate(scores) if scores else np.zeros(0, dtype=np.int64)
    del scores
    bits = _person_bits(roster)
    return Edges(joined >> bits, joined & ((1 << bits) - 1), score)


def _scored_block(
    roster: Roster, settings: MatchSettings, keys: IntArray
) -> tuple[IntArray, IntArray]:
    """The eligible ones of ``keys`` and their scores."""
    bits = _person_bits(roster)
    requests, sharers = keys >> bits, keys & ((1 << bits) - 1)
    learners, skills = roster.request_person[requests], roster.request_skill[requests]
    score, common = scored_pairs(roster, learners, sharers, settings)
    keep = ~roster.is_forbidden(learners, sharers, skills)
    if settings.language_policy == "required":
        keep &= common
    return keys[keep], score[keep]


def _blockings(settings: MatchSettings) -> tuple[bool, ...]:
    return (True,) if settings.language_policy == "required" else (True, False)


def _all_pairs(
    roster: Roster,
    open_requests: IntArray,
    share_person: IntArray,
    share_skill: IntArray,
    small: BoolArray,
) -> IntArray:
    """The keys of every (request, sharer) pair of the skills marked ``small``."""
    requests = open_requests[small[roster.request_skill[open_requests]]]
    skills = roster.request_skill[requests]
    first = np.searchsorted(share_skill, skills, side="left")
    count = np.searchsorted(share_skill, skills, side="right") - first
    pair_request = np.repeat(requests, count)
    starts = np.repeat(first - (np.cumsum(count) - count), count)
    pair_sharer = share_person[starts + np.arange(int(count.sum()))]
    return _pair_keys(roster, pair_request, pair_sharer)


def _blocked_pairs(
    roster: Roster,
    open_requests: IntArray,
    share_person: IntArray,
    share_skill: IntArray,
    large: BoolArray,
    by_language: bool,
) -> list[IntArray]:
    """Keys of time-zone neighbours within (skill, language) buckets, seen from both sides."""
    requests = open_requests[large[roster.request_skill[open_requests]]]
    records = np.flatnonzero(large[share_skill])
    req_entry, req_key = roster.language_buckets(
        roster.request_person[requests], roster.request_skill[requests], by_language
    )
    share_entry, share_key = roster.language_buckets(
        share_person[records], share_skill[records], by_language
    )
    requests = requests[req_entry]
    sharer_people = share_person[records[share_entry]]
    learners = _by_offset(req_key, roster.offset[roster.request_person[requests]])
    sharers = _by_offset(share_key, roster.offset[sharer_people])
    request_part = _pair_keys(roster, requests, np.zeros_like(requests))
    widths = SHARER_WINDOW * candidate_capacity(
        roster, sharer_people, share_skill[records[share_entry]]
    )
    return [
        _windows(
            learners, sharers, np.full(len(req_key), REQUEST_WINDOW), request_part, sharer_people
        ),
        _windows(sharers, learners, widths, sharer_people, request_part),
        _strides(_Sorted.of(share_key), _Sorted.of(req_key), widths, sharer_people, request_part),
    ]


def _spare_capacity_pairs(
    roster: Roster, settings: MatchSettings, open_requests: IntArray
) -> IntArray:
    """Keys of each open request with the nearest sharers who still have room after last run.

    Room is capacity minus last run's suggestions for requests still open. After an edit,
    a learner whose sharer left can then move straight to a free place instead of pushing
    other learners along a chain, and a place a departed learner frees goes to someone
    waiting. Nothing on a first run.
    """
    previous = roster.previous_sharer[roster.request_open & (roster.previous_sharer >= 0)]
    if not len(previous):
        return np.zeros(0, dtype=np.int64)
    spare = roster.capacity > np.bincount(previous, minlength=roster.size)
    records = np.flatnonzero(spare[roster.share_person])
    return np.concatenate(
        [
            _nearest_pairs(
                roster,
                open_requests,
                roster.share_person[records],
                roster.share_skill[records],
                by_language,
            )
            for by_language in _blockings(settings)
        ]
    )


def _nearest_pairs(
    roster: Roster,
    requests: IntArray,
    share_person: IntArray,
    share_skill: IntArray,
    by_language: bool,
) -> IntArray:
    """Keys of each request with the ``REQUEST_WINDOW`` sharers of its buckets nearest in time."""
    req_entry, req_key = roster.language_buckets(
        roster.request_person[requests], roster.request_skill[requests], by_language
    )
    share_entry, share_key = roster.language_buckets(share_person, share_skill, by_language)
    requests = requests[req_entry]
    sharer_people = share_person[share_entry]
    return _windows(
        _by_offset(req_key, roster.offset[roster.request_person[requests]]),
        _by_offset(share_key, roster.offset[sharer_people]),
        np.full(len(req_key), REQUEST_WINDOW),
        _pair_keys(roster, requests, np.zeros_like(requests)),
        sharer_people,
    )


@dataclass(frozen=True, slots=True)
class _Sorted:
    """Bucket entries in ascending order of a sort key, equal keys by entry index.

    ``order`` holds the entry indices in that order and ``keys`` their keys; ``run`` numbers
    the runs of equal keys, ``run_start`` and ``run_key`` give each run's first position
    and its key.
    """

    order: IntArray
    keys: IntArray
    run: IntArray
    run_start: IntArray
    run_key: IntArray

    @staticmethod
    def of(keys: IntArray) -> _Sorted:
        """The entries with these keys (one per entry), sorted."""
        order = stable_order(keys)
        ordered = keys[order]
        new_run = np.empty(len(ordered), dtype=bool)
        new_run[:1] = True
        np.not_equal(ordered[1:], ordered[:-1], out=new_run[1:])
        run_start = np.flatnonzero(new_run)
        return _Sorted(order, ordered, np.cumsum(new_run) - 1, run_start, ordered[run_start])

    def __len__(self) -> int:
        return len(self.order)

    def rank_and_crowd(self) -> tuple[IntArray, IntArray]:
        """For each position: its rank within its run of equal keys, and that run's length."""
        run_end = np.append(self.run_start[1:], len(self.order))
        rank = np.arange(len(self.order), dtype=np.int64) - self.run_start[self.run]
        return rank, (run_end - self.run_start)[self.run]


def _by_offset(key: IntArray, offset: IntArray) -> _Sorted:
    """Bucket entries sorted by bucket, then UTC offset."""
    return _Sorted.of(_position_key(key, offset))


def _windows(
    queries: _Sorted,
    targets: _Sorted,
    width: IntArray,
    query_part: IntArray,
    target_part: IntArray,
) -> IntArray:
    """For each query, up to ``width`` targets of its bucket nearest in UTC offset.

    Both sides come sorted by ``_by_offset``; ``width`` is per query entry. Queries with
    the same bucket and offset start at evenly spaced points of the block of targets with
    that offset, so a crowded time zone is shared out, not piled on the first few targets.
    Returns ``query_part + target_part`` of each (query entry, target entry) pair: the
    two parts of its pair key. A query takes ``count`` targets from ``first`` on; in a
    spread block they wrap around to its start at step ``wrap``.
    """
    if not len(queries) or not len(targets):
        return np.zeros(0, dtype=np.int64)
    bucket = queries.run_key // _OFFSET_SPAN * _OFFSET_SPAN
    run = queries.run
    lo = np.searchsorted(targets.keys, bucket)[run]
    hi = np.searchsorted(targets.keys, bucket + _OFFSET_SPAN)[run]
    block_lo = np.searchsorted(targets.keys, queries.run_key)[run]
    block = np.searchsorted(targets.keys, queries.run_key, side="right")[run] - block_lo
    rank, crowd = queries.rank_and_crowd()
    width = width[queries.order]
    spread = block >= width
    first = np.where(
        spread,
        block_lo + (rank * np.maximum(block, 1)) // np.maximum(crowd, 1),
        np.clip(block_lo - (width - block) // 2, lo, np.maximum(lo, hi - width)),
    )
    count = np.where(spread, width, np.minimum(width, hi - first))
    wrap = np.where(spread, block_lo + block - first, len(targets))
    count, first, wrap, block, query = _by_count(
        count, first, wrap, block, query_part[queries.order]
    )
    target = target_part[targets.order]
    keys = [np.zeros(0, dtype=np.int64)]
    for step in range(int(count[-1])):
        taking = slice(int(np.searchsorted(count, step, side="right")), None)
        position = first[taking] + step
        position -= (step >= wrap[taking]) * block[taking]
        keys.append(query[taking] + target.take(position))
    return np.concatenate(keys)


def _strides(
    queries: _Sorted,
    targets: _Sorted,
    width: IntArray,
    query_part: IntArray,
    target_part: IntArray,
) -> IntArray:
    """For each query, ``width`` targets of its bucket spaced evenly over the whole bucket.

    Both sides come sorted by bucket key alone; ``width`` is per query entry. Queries of
    one bucket start at different points, so together they cover it. Returns the pair
    keys as ``_windows`` does.
    """
    if not len(queries) or not len(targets):
        return np.zeros(0, dtype=np.int64)
    lo = np.searchsorted(targets.keys, queries.run_key)
    size = (np.searchsorted(targets.keys, queries.run_key, side="right") - lo)[queries.run]
    lo = lo[queries.run]
    rank, crowd = queries.rank_and_crowd()
    width = np.minimum(width[queries.order], size)
    start = rank * np.maximum(size, 1) // np.maximum(crowd, 1)
    width, lo, start, size, query = _by_count(width, lo, start, size, query_part[queries.order])
    target = target_part[targets.order]
    keys = [np.zeros(0, dtype=np.int64)]
    for step in range(int(width[-1])):
        taking = slice(int(np.searchsorted(width, step, side="right")), None)
        bucket = size[taking]
        offset = start[taking] + np.floor_divide(step * bucket, width[taking])
        position = lo[taking] + offset % bucket
        keys.append(query[taking] + target.take(position))
    return np.concatenate(keys)


def _by_count(count: IntArray, *values: IntArray) -> tuple[IntArray, ...]:
    """``count`` in ascending order, and ``values`` (one entry per count) in the same order.

    The entries with a count above any given step are then a tail of the arrays, so a
    loop over steps takes each entry ``count`` times and never looks at it again.
    """
    order = np.argsort(count)
    return (count[order], *(column[order] for column in values))


def _position_key(key: IntArray, offset: IntArray) -> IntArray:
    return np.asarray(key * _OFFSET_SPAN + offset + _OFFSET_SHIFT, dtype=np.int64)


def candidate_capacity(roster: Roster, sharers: IntArray, skills: IntArray) -> IntArray:
    """How many learners each (sharer, skill) counts as in candidate widths (at least 1).

    The sharer's capacity, but above ``USUAL_CAPACITY`` no more than the skill's fair share:
    its open requests over the sharers of it who take part, rounded up (module docstring).
    """
    skill_count = len(roster.skills)
    requests = np.bincount(roster.request_skill[roster.request_open], minlength=skill_count)
    active = roster.capacity[roster.share_person] > 0
    offering = np.bincount(roster.share_skill[active], minlength=skill_count)
    fair_share = -(-requests // np.maximum(offering, 1))
    usable = np.maximum(fair_share[skills], USUAL_CAPACITY)
    return np.maximum(np.minimum(roster.capacity[sharers], usable), 1)


def _pruned(roster: Roster, settings: MatchSettings, edges: Edges, priority: IntArray) -> Edges:
    """Keep each request's best sharers and each sharer's best learners (module docstring).

    ``edges`` are sorted by (request, sharer), so among equal scores a request ranks its
    sharers by index, and a sharer its requests. Each rank is made into the masks it
    gives and let go, so that millions of pairs never need more than one at a time.
    """
    if not len(edges):
        return edges
    request_rank = ranks_in_order(edges.request, -edges.score)
    near = request_rank < settings.candidates_per_request
    best = request_rank == 0
    del request_rank
    slot = _sharer_slot(roster, edges, priority)
    return edges.subset((near & (slot < HUB_SLOTS)) | best | (slot < SHARER_SLOTS))


def _sharer_slot(roster: Roster, edges: Edges, priority: IntArray) -> IntArray:
    """Each pair's rank among its sharer's learners (by score plus the request's priority)
    in units of the sharer's candidate capacity: rank ``r`` is within the best ``k`` per
    unit of capacity ``c`` exactly when ``r // c < k``."""
    order_by = edges.score + priority[edges.request]
    np.negative(order_by, out=order_by)
    slot = ranks_in_order(edges.sharer, order_by)
    del order_by
    slot //= candidate_capacity(roster, edges.sharer, roster.request_skill[edges.request])
    return slot
