"""Proof that the pruned candidates lose no matches, widening them until the proof holds.

``bound`` settles the count in one flow unless a ban or a learner who shares their own
wish binds; this module is the exact argument for those cases, and for the number of
learners covered under the ``participants`` objective (the same argument on the problem
``coverage`` augments, whose extra columns and edges never depend on the pairs).

A maximum assignment on the candidate pairs comes with a minimum cut (``assignment.Cut``):
the requests reachable from unmatched requests by alternating paths (set A) and the sharers
they reach. Every other request is matched, every reached sharer is full. If no eligible
pair *of the full programme* joins a request in A to a sharer outside the cut, the cut is a
cut of the full graph too, so no assignment can match more requests than this one
(max-flow/min-cut). Candidates are pruned, so this is checked against all eligible pairs,
without listing them:

- a pair is eligible when the sharer shares the skill, takes part, has capacity left, is
  not the learner, is not banned (``Roster.is_forbidden``) and, under the "required"
  language policy, speaks a language the learner speaks;
- so per bucket (skill, language) it is enough to count requests of A whose learner speaks
  the language and available sharers outside the cut who do; when both are non-zero and
  the pairs between them are not all banned, there is an uncovered eligible pair.

For each such bucket, every sharer outside the cut is paired with the reached requests
nearest in time zone (with all of them if that added nothing new) and the check runs
again. Each round adds at least one pair, so the loop ends, with a proven maximum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from wikisync.matching.assignment import Cut, Problem, maximum_cut
from wikisync.matching.candidates import Edges, scored_eligible
from wikisync.matching.coverage import Gadget
from wikisync.matching.roster import Roster
from wikisync.matching.settings import MatchSettings

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

#: Nearest reached requests an uncovered sharer gets, per unit of capacity.
WIDEN_WINDOW = 4

_SPAN = 1 << 13


@dataclass(frozen=True, slots=True)
class Certified:
    """Candidate pairs whose maximum assignment is proven maximal for the whole programme.

    ``cut`` is the proving cut of ``edges`` (reusable by the solver for the same edges).
    """

    edges: Edges
    cut: Cut
    rounds: int

    @property
    def matched(self) -> int:
        """The proven maximum number of matched requests."""
        return self.cut.matched


def certified(
    roster: Roster,
    settings: MatchSettings,
    edges: Edges,
    gadget: Gadget | None = None,
    start: BoolArray | None = None,
) -> Certified:
    """Widen ``edges`` until their maximum assignment provably matches as many as all pairs.

    With a ``gadget`` (``coverage``) the assignment is that of the augmented problem, whose
    dummy edges are the same for every set of pairs, so the same cut check proves that it
    covers as many learners as any assignment of all eligible pairs could. ``start`` may
    give a feasible assignment of ``edges`` (of the augmented problem with a gadget).
    """
    rounds = 0
    while True:
        rounds += 1
        cut = maximum_cut(_problem(roster, edges, gadget), start)
        gaps = _uncovered_buckets(roster, settings, cut)
        if not len(gaps.keys):
            return Certified(edges, cut, rounds)
        wider = _widened(roster, settings, edges, gaps, cut.rows_matched)
        if len(wider) == len(edges):
            wider = _widened(roster, settings, edges, gaps, cut.rows_matched, exhaustive=True)
        real = cut.assignment[: len(edges)]
        start = np.concatenate(
            [wider.holds(edges.subset(real), roster.size), cut.assignment[len(edges) :]]
        )
        edges = wider


def _problem(roster: Roster, edges: Edges, gadget: Gadget | None) -> Problem:
    problem = edges.problem(roster)
    return problem if gadget is None else gadget.augment(problem)


@dataclass(frozen=True, slots=True)
class _Buckets:
    """Buckets with an uncovered eligible pair, and their two sides."""

    keys: IntArray
    request_side: tuple[IntArray, IntArray]
    sharer_side: tuple[IntArray, IntArray]


def _bucket_width(roster: Roster) -> int:
    return len(roster.languages) + 1


def _uncovered_buckets(roster: Roster, settings: MatchSettings, cut: Cut) -> _Buckets:
    reached = np.flatnonzero(cut.rows_reached & roster.request_open)
    outside = (roster.capacity[roster.share_person] > 0) & ~cut.cols_reached[roster.share_person]
    records = np.flatnonzero(outside)
    by_language = settings.language_policy == "required"
    request_entry, request_key = roster.language_buckets(
        roster.request_person[reached], roster.request_skill[reached], by_language
    )
    sharer_entry, sharer_key = roster.language_buckets(
        roster.share_person[records], roster.share_skill[records], by_language
    )
    request_count = _counts(request_key)
    sharer_count = _counts(sharer_key)
    common = np.intersect1d(list(request_count), list(sharer_count))
    banned = _banned_in_buckets(roster, by_language, reached, records)
    gaps = np.array(
        [
            key
            for key in common.tolist()
            if request_count[key] * sharer_count[key] > banned.get(key, 0)
        ],
        dtype=np.int64,
    )
    in_gap_requests = np.isin(request_key, gaps)
    in_gap_sharers = np.isin(sharer_key, gaps)
    return _Buckets(
        keys=gaps,
        request_side=(reached[request_entry[in_gap_requests]], request_key[in_gap_requests]),
        sharer_side=(
            roster.share_person[records[sharer_entry[in_gap_sharers]]],
            sharer_key[in_gap_sharers],
        ),
    )


def _counts(keys: IntArray) -> dict[int, int]:
    values, counts = np.unique(keys, return_counts=True)
    return dict(zip(values.tolist(), counts.tolist(), strict=True))


def _banned_in_buckets(
    roster: Roster, by_language: bool, reached: IntArray, records: IntArray
) -> dict[int, int]:
    """How many banned (request, sharer) pairs each bucket holds between its two sides."""
    in_reach = np.zeros(roster.n_requests, dtype=bool)
    in_reach[reached] = True
    outside = np.zeros(roster.size, dtype=bool)
    outside[roster.share_person[records]] = True
    relevant = in_reach[roster.banned_request] & outside[roster.banned_sharer]
    counts: dict[int, int] = {}
    width = _bucket_width(roster)
    for request, sharer in zip(
        roster.banned_request[relevant].tolist(),
        roster.banned_sharer[relevant].tolist(),
        strict=True,
    ):
        skill = int(roster.request_skill[request])
        learner = int(roster.request_person[request])
        for language in _shared_languages(roster, learner, sharer, by_language):
            key = skill * width + language
            counts[key] = counts.get(key, 0) + 1
    return counts


def _shared_languages(roster: Roster, learner: int, sharer: int, by_language: bool) -> list[int]:
    if not by_language:
        return [len(roster.languages)]
    both = roster.speaks(np.array([learner, sharer], dtype=np.int64))
    return [int(language) for language in np.flatnonzero(both[0] & both[1])]


def _widened(
    roster: Roster,
    settings: MatchSettings,
    edges: Edges,
    gaps: _Buckets,
    matched: BoolArray,
    exhaustive: bool = False,
) -> Edges:
    pair_request, pair_sharer = _bucket_pairs(roster, gaps, matched, exhaustive)
    added = scored_eligible(roster, settings, pair_request, pair_sharer)
    return edges.union(added, roster.size)


def _bucket_pairs(
    roster: Roster,
    gaps: _Buckets,
    matched: BoolArray,
    exhaustive: bool,
) -> tuple[IntArray, IntArray]:
    """Pairs across each bucket: every uncovered sharer with reached requests nearby.

    A sharer with capacity ``c`` gets the ``WIDEN_WINDOW * c`` unmatched requests nearest
    in time zone (each such pair is an augmenting path) and the ``WIDEN_WINDOW`` nearest
    matched ones (which bring it inside the cut); all of them when ``exhaustive``.
    """
    requests, request_keys = gaps.request_side
    sharers, sharer_keys = gaps.sharer_side
    request_offsets = roster.offset[roster.request_person[requests]]
    sharer_offsets = roster.offset[sharers]
    out_requests, out_sharers = [], []
    for wanted, width in (
        (~matched[requests], WIDEN_WINDOW * np.maximum(roster.capacity[sharers], 1)),
        (matched[requests], np.full(len(sharers), WIDEN_WINDOW)),
    ):
        side = np.flatnonzero(wanted)
        by_sharer = _nearest_in_bucket(
            sharer_keys,
            sharer_offsets,
            request_keys[side],
            request_offsets[side],
            width,
            exhaustive,
        )
        out_requests.append(requests[side[by_sharer[1]]])
        out_sharers.append(sharers[by_sharer[0]])
    return np.concatenate(out_requests), np.concatenate(out_sharers)


def _nearest_in_bucket(
    query_keys: IntArray,
    query_offsets: IntArray,
    target_keys: IntArray,
    target_offsets: IntArray,
    width: IntArray,
    exhaustive: bool,
) -> tuple[IntArray, IntArray]:
    """(query, target) index pairs: each query with the targets of its bucket nearest in offset.

    With ``exhaustive`` every query gets every target of its bucket.
    """
    order = np.lexsort((target_offsets, target_keys))
    ordered_keys = target_keys[order]
    lo = np.searchsorted(ordered_keys, query_keys, side="left")
    hi = np.searchsorted(ordered_keys, query_keys, side="right")
    size = hi - lo
    width = size if exhaustive else np.minimum(width, size)
    nearest = np.searchsorted(
        ordered_keys * _SPAN + target_offsets[order], query_keys * _SPAN + query_offsets
    )
    first = np.clip(nearest - width // 2, lo, hi - width)
    query = np.repeat(np.arange(len(query_keys), dtype=np.int64), width)
    step = np.arange(len(query), dtype=np.int64) - np.repeat(np.cumsum(width) - width, width)
    return query, order[np.repeat(first, width) + step]
