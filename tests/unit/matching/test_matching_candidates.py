"""Candidate pairs follow the programme, not the capacity values people give."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from matching_builders import TODAY, person, run, taxonomy

from wikisync.matching import MatchHistory, MatchSettings, candidates
from wikisync.matching.candidates import (
    FULL_PAIRS,
    USUAL_CAPACITY,
    candidate_capacity,
    candidate_edges,
)
from wikisync.matching.roster import Roster, build_roster
from wikisync.matching.scoring import request_priority
from wikisync.model import Person

LEARNERS, SHARERS = 120, 40


def crowded(capacity: int) -> list[Person]:
    """One skill with more pairs than ``FULL_PAIRS`` (so its candidates are pruned), three
    learners per sharer, learners and sharers spread over the time zones."""
    assert LEARNERS * SHARERS > FULL_PAIRS
    learners = [
        person(f"L{i:03}", learns=["video"], offset=(i * 37) % 720) for i in range(LEARNERS)
    ]
    sharers = [
        person(f"S{i:02}", shares=["video"], capacity=capacity, offset=(i * 53) % 720)
        for i in range(SHARERS)
    ]
    return [*learners, *sharers]


def roster_of(people: list[Person]) -> Roster:
    return build_roster(people, taxonomy("video"), (), MatchHistory(), MatchSettings(), TODAY)


def pairs_of(people: list[Person]) -> set[tuple[str, str]]:
    roster = roster_of(people)
    edges = candidate_edges(roster, MatchSettings(), request_priority(roster, MatchSettings()))
    return {
        (roster.request_learners[request], roster.names[sharer])
        for request, sharer in zip(edges.request.tolist(), edges.sharer.tolist(), strict=True)
    }


def capacities_counted(people: list[Person]) -> dict[str, int]:
    """What each sharer's capacity counts as in the candidate widths of the one skill."""
    roster = roster_of(people)
    sharers = np.unique(roster.share_person)
    skills = np.zeros(len(sharers), dtype=np.int64)
    counted = candidate_capacity(roster, sharers, skills)
    return dict(zip((roster.names[s] for s in sharers.tolist()), counted.tolist(), strict=True))


def test_usual_capacities_count_in_full() -> None:
    for capacity in range(1, USUAL_CAPACITY + 1):
        assert set(capacities_counted(crowded(capacity)).values()) == {capacity}


def test_a_large_capacity_counts_as_the_fair_share_of_the_skill() -> None:
    fair_share = LEARNERS // SHARERS
    assert set(capacities_counted(crowded(1000)).values()) == {max(fair_share, USUAL_CAPACITY)}


def test_a_scarce_skill_lets_a_large_capacity_count_up_to_its_fair_share() -> None:
    people = [p for p in crowded(1000) if not p.username.startswith("S")]
    people += [person("S00", shares=["video"], capacity=1000), person("S01", shares=["video"])]
    counted = capacities_counted(people)
    assert counted["S00"] == LEARNERS // 2
    assert counted["S01"] == 2


def test_capacity_zero_still_counts_one() -> None:
    roster = roster_of(crowded(0))
    counted = candidate_capacity(roster, np.arange(roster.size), np.zeros(roster.size, np.int64))
    assert counted.min() == 1


def test_candidates_do_not_grow_with_capacities_beyond_what_can_be_used() -> None:
    usable = max(LEARNERS // SHARERS, USUAL_CAPACITY)
    assert pairs_of(crowded(1000)) == pairs_of(crowded(usable))
    assert pairs_of(crowded(10**6)) == pairs_of(crowded(usable))


def test_large_capacities_still_serve_every_learner_once_each() -> None:
    people = crowded(1000)
    result = run(people, taxonomy("video"))
    learners = [s.learner for s in result.suggestions]
    assert sorted(learners) == sorted(p.username for p in people if p.username.startswith("L"))
    loads = [s.sharer for s in result.suggestions]
    # Rising load costs spread learners over the sharers rather than piling them on one.
    assert max(loads.count(name) for name in set(loads)) <= 2 * LEARNERS // SHARERS


def test_a_single_sharer_with_a_huge_capacity_takes_every_learner() -> None:
    people = [p for p in crowded(1) if p.username.startswith("L")]
    people.append(replace(person("Solo", shares=["video"]), capacity=10**7))
    result = run(people, taxonomy("video"))
    assert {s.sharer for s in result.suggestions} == {"Solo"}
    assert len(result.suggestions) == LEARNERS


def test_pairs_scored_in_blocks_are_the_pairs_scored_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = crowded(capacity=2)
    roster = roster_of(people)
    priority = request_priority(roster, MatchSettings())
    at_once = candidate_edges(roster, MatchSettings(), priority)
    monkeypatch.setattr(candidates, "SCORE_BLOCK", 97)
    in_blocks = candidate_edges(roster, MatchSettings(), priority)
    assert len(at_once) > 97 * 3
    for name in ("request", "sharer", "score"):
        assert np.array_equal(getattr(at_once, name), getattr(in_blocks, name))
