"""Naive matchers to compare the engine with, on exactly the same eligible pairs.

- ``random_baseline``: each open request gets a sharer drawn uniformly from its eligible
  sharers (seeded), ignoring capacity;
- ``overlap_baseline``: each open request gets the eligible sharer who shares the most of
  the learner's wanted skills (ties: username order), ignoring capacity.

``eligible_pairs`` lists every eligible (request, sharer) pair of the programme skill by
skill; it is exhaustive (quadratic per skill), meant for evaluation, not for matching.
``maximum_matched`` and ``maximum_covered`` are the exact maxima of requests served and of
learners given a suggestion, by max flow on those pairs, independent of the engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.csgraph import maximum_flow

from wikisync.matching.roster import Roster
from wikisync.matching.settings import MatchSettings

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class SkillPairs:
    """The open requests of one skill, its sharers with capacity, and who may meet whom."""

    skill: int
    requests: IntArray
    sharers: IntArray
    eligible: NDArray[np.bool_]


def eligible_pairs(roster: Roster, settings: MatchSettings) -> Iterator[SkillPairs]:
    """Every skill with open requests and sharers, with its full eligibility matrix."""
    requests = np.flatnonzero(roster.request_open)
    skills = roster.request_skill[requests]
    order = np.argsort(skills, kind="stable")
    requests, skills = requests[order], skills[order]
    for skill in np.unique(skills).tolist():
        mine = requests[np.searchsorted(skills, skill) : np.searchsorted(skills, skill, "right")]
        sharers = roster.sharers_of(skill)
        sharers = sharers[roster.capacity[sharers] > 0]
        if len(sharers):
            yield SkillPairs(
                skill, mine, sharers, _eligibility(roster, settings, skill, mine, sharers)
            )


def _eligibility(
    roster: Roster, settings: MatchSettings, skill: int, requests: IntArray, sharers: IntArray
) -> NDArray[np.bool_]:
    learners = roster.request_person[requests]
    if settings.language_policy == "required":
        common = roster.speaks(learners).astype(np.float32) @ roster.speaks(sharers).T.astype(
            np.float32
        )
        allowed = common > 0
    else:
        allowed = np.ones((len(requests), len(sharers)), dtype=bool)
    rows, cols = np.nonzero(allowed)
    banned = roster.is_forbidden(
        learners[rows], sharers[cols], np.full(len(rows), skill, dtype=np.int64)
    )
    allowed[rows[banned], cols[banned]] = False
    return allowed


def maximum_matched(roster: Roster, settings: MatchSettings) -> int:
    """The most open requests any assignment within capacities can serve (exact max flow)."""
    requests, sharers = _all_eligible(roster, settings)
    n_requests = roster.n_requests
    return _max_flow(
        np.arange(n_requests, dtype=np.int64),
        np.ones(n_requests, dtype=np.int64),
        requests,
        n_requests + sharers,
        n_requests,
        roster.capacity,
    )


def maximum_covered(roster: Roster, settings: MatchSettings) -> int:
    """The most learners any assignment within capacities can give at least one open
    request (exact max flow: one unit per learner, through their requests, to sharers)."""
    return covered_within_capacity(roster, *_all_eligible(roster, settings))


def covered_within_capacity(roster: Roster, requests: IntArray, sharers: IntArray) -> int:
    """The most learners that the (request, sharer) pairs given can serve at least once
    with each sharer taking at most its capacity (exact max flow)."""
    n_people = roster.size
    learners = roster.request_person[requests]
    # Arcs learner -> sharer stand for the learner's requests: one unit per learner means
    # one request each, and parallel requests merge into one arc.
    pairs = np.unique(learners * n_people + sharers)
    return _max_flow(
        np.arange(n_people, dtype=np.int64),
        np.ones(n_people, dtype=np.int64),
        pairs // n_people,
        n_people + pairs % n_people,
        n_people,
        roster.capacity,
    )


def eligible_learners(roster: Roster, settings: MatchSettings) -> BoolArray:
    """Which people have an open request with at least one eligible sharer."""
    requests, _ = _all_eligible(roster, settings)
    has = np.zeros(roster.size, dtype=bool)
    has[roster.request_person[requests]] = True
    return has


def _all_eligible(roster: Roster, settings: MatchSettings) -> tuple[IntArray, IntArray]:
    """(request, sharer) of every eligible pair of the programme."""
    rows: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    cols: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    for block in eligible_pairs(roster, settings):
        local_rows, local_cols = np.nonzero(block.eligible)
        rows.append(block.requests[local_rows])
        cols.append(block.sharers[local_cols])
    return np.concatenate(rows).astype(np.int64), np.concatenate(cols).astype(np.int64)


def _max_flow(
    sources: IntArray,
    source_units: IntArray,
    tails: IntArray,
    heads: IntArray,
    first_sharer: int,
    capacity: IntArray,
) -> int:
    """The maximum flow of source -> ``sources`` (``source_units`` each) -> ... ->
    sharers (node ``first_sharer + person``, ``capacity`` each) -> sink, where the middle
    arcs ``tails -> heads`` carry one unit each."""
    if not len(tails):
        return 0
    n_sharers = len(capacity)
    source, sink = first_sharer + n_sharers, first_sharer + n_sharers + 1
    all_tails = np.concatenate(
        [np.full(len(sources), source), tails, first_sharer + np.arange(n_sharers)]
    )
    all_heads = np.concatenate([sources, heads, np.full(n_sharers, sink)])
    units = np.concatenate([source_units, np.ones(len(tails), dtype=np.int64), capacity])
    usable = units > 0
    network = sp.csr_array(
        (units[usable].astype(np.int32), (all_tails[usable], all_heads[usable])),
        shape=(sink + 1, sink + 1),
    )
    return int(maximum_flow(network, source, sink, method="dinic").flow_value)


def random_baseline(roster: Roster, settings: MatchSettings, seed: int) -> dict[int, int]:
    """Request index -> a uniformly drawn eligible sharer (seeded; capacity ignored)."""
    rng = np.random.default_rng(seed)
    chosen: dict[int, int] = {}
    for block in eligible_pairs(roster, settings):
        counts = block.eligible.sum(axis=1)
        draws = rng.random(len(block.requests))
        target = np.floor(draws * counts).astype(np.int64) + 1
        position = (np.cumsum(block.eligible, axis=1) >= target[:, None]).argmax(axis=1)
        for row in np.flatnonzero(counts > 0).tolist():
            chosen[int(block.requests[row])] = int(block.sharers[position[row]])
    return chosen


def overlap_baseline(roster: Roster, settings: MatchSettings) -> dict[int, int]:
    """Request index -> the eligible sharer sharing most of the learner's wishes (no capacity)."""
    wants = _person_skill_matrix(roster, roster.request_person, roster.request_skill)
    offers = _person_skill_matrix(roster, roster.share_person, roster.share_skill)
    chosen: dict[int, int] = {}
    for block in eligible_pairs(roster, settings):
        learners = roster.request_person[block.requests]
        overlap = (wants[learners] @ offers[block.sharers].T).toarray()
        overlap = np.where(block.eligible, overlap, -1)
        best = overlap.argmax(axis=1)
        for row in np.flatnonzero(overlap.max(axis=1) >= 0).tolist():
            chosen[int(block.requests[row])] = int(block.sharers[best[row]])
    return chosen


def _person_skill_matrix(roster: Roster, persons: IntArray, skills: IntArray) -> sp.csr_array:
    known = skills >= 0
    data = np.ones(int(known.sum()), dtype=np.int32)
    matrix = sp.csr_array(
        (data, (persons[known], skills[known])), shape=(roster.size, max(1, len(roster.skills)))
    )
    matrix.data[:] = 1
    return matrix
