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

from wikisync.matching.arrays import first_of_each, ranks_within, unique_sorted
from wikisync.matching.assignment import Problem
from wikisync.matching.roster import Roster
from wikisync.matching.scoring import pair_features, pair_scores
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
    requests, sharers = _all_pairs(roster, open_requests, share_person, share_skill, small)
    blocked = [
        _blocked_pairs(roster, open_requests, share_person, share_skill, ~small, by_language)
        for by_language in _blockings(settings)
    ]
    requests = np.concatenate([requests, *(pair[0] for pair in blocked)])
    sharers = np.concatenate([sharers, *(pair[1] for pair in blocked)])
    edges = _pruned(
        roster, settings, scored_eligible(roster, settings, requests, sharers), priority
    )
    spare = _spare_capacity_pairs(roster, settings, open_requests)
    return edges.union(scored_eligible(roster, settings, *spare), roster.size)


def scored_eligible(
    roster: Roster, settings: MatchSettings, requests: IntArray, sharers: IntArray
) -> Edges:
    """The given pairs, deduplicated, without forbidden ones, with their pair scores.

    Pairs without a common language are dropped unless the language policy is "preferred".
    """
    keys = unique_sorted(requests * roster.size + sharers)
    requests, sharers = keys // roster.size, keys % roster.size
    learners, skills = roster.request_person[requests], roster.request_skill[requests]
    allowed = ~roster.is_forbidden(learners, sharers, skills)
    requests, sharers, learners = requests[allowed], sharers[allowed], learners[allowed]
    features = pair_features(roster, learners, sharers, settings)
    keep = (
        features.level >= 0
        if settings.language_policy == "required"
        else np.ones(len(requests), bool)
    )
    score = pair_scores(features, settings)
    return Edges(requests[keep], sharers[keep], score[keep])


def _blockings(settings: MatchSettings) -> tuple[bool, ...]:
    return (True,) if settings.language_policy == "required" else (True, False)


def _all_pairs(
    roster: Roster,
    open_requests: IntArray,
    share_person: IntArray,
    share_skill: IntArray,
    small: BoolArray,
) -> tuple[IntArray, IntArray]:
    """Every (request, sharer) pair of the skills marked ``small``."""
    requests = open_requests[small[roster.request_skill[open_requests]]]
    skills = roster.request_skill[requests]
    first = np.searchsorted(share_skill, skills, side="left")
    count = np.searchsorted(share_skill, skills, side="right") - first
    pair_request = np.repeat(requests, count)
    starts = np.repeat(first - (np.cumsum(count) - count), count)
    pair_sharer = share_person[starts + np.arange(int(count.sum()))]
    return pair_request, pair_sharer


def _blocked_pairs(
    roster: Roster,
    open_requests: IntArray,
    share_person: IntArray,
    share_skill: IntArray,
    large: BoolArray,
    by_language: bool,
) -> tuple[IntArray, IntArray]:
    """Time-zone neighbours within (skill, language) buckets, seen from both sides."""
    requests = open_requests[large[roster.request_skill[open_requests]]]
    records = np.flatnonzero(large[share_skill])
    req_entry, req_key = roster.language_buckets(
        roster.request_person[requests], roster.request_skill[requests], by_language
    )
    share_entry, share_key = roster.language_buckets(
        share_person[records], share_skill[records], by_language
    )
    req_people = roster.request_person[requests[req_entry]]
    sharer_people = share_person[records[share_entry]]
    asked, offered = _windows(
        req_key,
        roster.offset[req_people],
        share_key,
        roster.offset[sharer_people],
        np.full(len(req_key), REQUEST_WINDOW),
    )
    widths = SHARER_WINDOW * np.maximum(roster.capacity[sharer_people], 1)
    offering, wanted = _windows(
        share_key, roster.offset[sharer_people], req_key, roster.offset[req_people], widths
    )
    spreading, spread = _strides(share_key, req_key, widths)
    pair_request = np.concatenate(
        [requests[req_entry[asked]], requests[req_entry[wanted]], requests[req_entry[spread]]]
    )
    pair_sharer = np.concatenate(
        [sharer_people[offered], sharer_people[offering], sharer_people[spreading]]
    )
    return pair_request, pair_sharer


def _spare_capacity_pairs(
    roster: Roster, settings: MatchSettings, open_requests: IntArray
) -> tuple[IntArray, IntArray]:
    """Each open request with the nearest sharers who still have room after last run.

    Room is capacity minus last run's suggestions for requests still open. After an edit,
    a learner whose sharer left can then move straight to a free place instead of pushing
    other learners along a chain, and a place a departed learner frees goes to someone
    waiting. Nothing on a first run.
    """
    previous = roster.previous_sharer[roster.request_open & (roster.previous_sharer >= 0)]
    if not len(previous):
        nothing = np.zeros(0, dtype=np.int64)
        return nothing, nothing
    spare = roster.capacity > np.bincount(previous, minlength=roster.size)
    records = np.flatnonzero(spare[roster.share_person])
    found = [
        _nearest_pairs(
            roster,
            open_requests,
            roster.share_person[records],
            roster.share_skill[records],
            by_language,
        )
        for by_language in _blockings(settings)
    ]
    return (
        np.concatenate([pair[0] for pair in found]),
        np.concatenate([pair[1] for pair in found]),
    )


def _nearest_pairs(
    roster: Roster,
    requests: IntArray,
    share_person: IntArray,
    share_skill: IntArray,
    by_language: bool,
) -> tuple[IntArray, IntArray]:
    """Each request with the ``REQUEST_WINDOW`` sharers of its buckets nearest in time zone."""
    req_entry, req_key = roster.language_buckets(
        roster.request_person[requests], roster.request_skill[requests], by_language
    )
    share_entry, share_key = roster.language_buckets(share_person, share_skill, by_language)
    req_people = roster.request_person[requests[req_entry]]
    sharer_people = share_person[share_entry]
    asked, offered = _windows(
        req_key,
        roster.offset[req_people],
        share_key,
        roster.offset[sharer_people],
        np.full(len(req_key), REQUEST_WINDOW),
    )
    return requests[req_entry[asked]], sharer_people[offered]


def _windows(
    query_key: IntArray,
    query_offset: IntArray,
    target_key: IntArray,
    target_offset: IntArray,
    width: IntArray,
) -> tuple[IntArray, IntArray]:
    """For each query, up to ``width`` targets of its bucket nearest in UTC offset.

    Queries with the same bucket and offset start at evenly spaced points of the block of
    targets with that offset, so a crowded time zone is shared out, not piled on the first
    few targets.
    """
    if not len(query_key) or not len(target_key):
        nothing = np.zeros(0, dtype=np.int64)
        return nothing, nothing
    target_order = np.lexsort((target_offset, target_key))
    target_full = _position_key(target_key, target_offset)[target_order]
    query_full = _position_key(query_key, query_offset)
    lo = np.searchsorted(target_full, query_key * _OFFSET_SPAN, side="left")
    hi = np.searchsorted(target_full, (query_key + 1) * _OFFSET_SPAN, side="left")
    block_lo = np.searchsorted(target_full, query_full, side="left")
    block_hi = np.searchsorted(target_full, query_full, side="right")
    rank, crowd = _rank_within(query_full)
    block = block_hi - block_lo
    spread = block >= width
    first = np.where(
        spread,
        block_lo + (rank * np.maximum(block, 1)) // np.maximum(crowd, 1),
        np.clip(block_lo - (width - block) // 2, lo, np.maximum(lo, hi - width)),
    )
    query = np.repeat(np.arange(len(query_key), dtype=np.int64), width)
    step = np.arange(len(query), dtype=np.int64) - np.repeat(np.cumsum(width) - width, width)
    start = np.repeat(first, width)
    wrapped = np.repeat(block_lo, width) + (start - np.repeat(block_lo, width) + step) % np.maximum(
        np.repeat(block, width), 1
    )
    position = np.where(np.repeat(spread, width), wrapped, start + step)
    inside = position < np.repeat(hi, width)
    return query[inside], target_order[position[inside]]


def _strides(
    query_key: IntArray, target_key: IntArray, width: IntArray
) -> tuple[IntArray, IntArray]:
    """For each query, ``width`` targets of its bucket spaced evenly over the whole bucket.

    Queries of one bucket start at different points, so together they cover it.
    """
    if not len(query_key) or not len(target_key):
        nothing = np.zeros(0, dtype=np.int64)
        return nothing, nothing
    target_order = np.argsort(target_key, kind="stable")
    ordered = target_key[target_order]
    lo = np.searchsorted(ordered, query_key, side="left")
    size = np.searchsorted(ordered, query_key, side="right") - lo
    rank, crowd = _rank_within(query_key)
    width = np.minimum(width, size)
    query = np.repeat(np.arange(len(query_key), dtype=np.int64), width)
    step = np.arange(len(query), dtype=np.int64) - np.repeat(np.cumsum(width) - width, width)
    bucket = np.repeat(size, width)
    start = np.repeat(rank * np.maximum(size, 1) // np.maximum(crowd, 1), width)
    position = np.repeat(lo, width) + (
        start + step * bucket // np.maximum(np.repeat(width, width), 1)
    ) % np.maximum(bucket, 1)
    return query, target_order[position]


def _position_key(key: IntArray, offset: IntArray) -> IntArray:
    return np.asarray(key * _OFFSET_SPAN + offset + _OFFSET_SHIFT, dtype=np.int64)


def _rank_within(values: IntArray) -> tuple[IntArray, IntArray]:
    """Each value's rank among equal values (in index order) and how many are equal."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    first = np.searchsorted(ordered, ordered, side="left")
    count = np.searchsorted(ordered, ordered, side="right") - first
    rank = np.empty(len(values), dtype=np.int64)
    crowd = np.empty(len(values), dtype=np.int64)
    rank[order] = np.arange(len(values)) - first
    crowd[order] = count
    return rank, crowd


def _pruned(roster: Roster, settings: MatchSettings, edges: Edges, priority: IntArray) -> Edges:
    """Keep each request's best sharers and each sharer's best learners (module docstring)."""
    if not len(edges):
        return edges
    request_rank = ranks_within(edges.request, -edges.score, edges.sharer)
    sharer_rank = ranks_within(
        edges.sharer, -(edges.score + priority[edges.request]), edges.request
    )
    capacity = np.maximum(roster.capacity[edges.sharer], 1)
    keep = (
        ((request_rank < settings.candidates_per_request) & (sharer_rank < HUB_SLOTS * capacity))
        | (request_rank == 0)
        | (sharer_rank < SHARER_SLOTS * capacity)
    )
    return edges.subset(keep)
