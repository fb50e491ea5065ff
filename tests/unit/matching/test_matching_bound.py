"""The compressed max-flow bound and its seed pairs, against the rules applied directly."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from hypothesis import given, settings
from matching_builders import TODAY, person, programmes, taxonomy
from test_matching_properties import available, eligible, maximum_count

from wikisync.matching import MatchHistory, MatchSettings
from wikisync.matching.bound import maximum_bound, reaching
from wikisync.matching.roster import build_roster
from wikisync.model import Person

REQUIRED = MatchSettings()
PREFERRED = MatchSettings(language_policy="preferred")


def bound_of(people: list[Person], config: MatchSettings = REQUIRED):
    roster = build_roster(people, taxonomy(), (), MatchHistory(), config, TODAY)
    return roster, maximum_bound(roster, config)


def capacities(people: list[Person]) -> dict[str, int]:
    return {p.username: p.capacity if available(p) else 0 for p in people}


def without_bans(people: list[Person]) -> list[Person]:
    """The people with no ``do_not_match`` and no wish for a skill they share themselves."""
    return [
        replace(
            p,
            do_not_match=frozenset(),
            learns=tuple(skill for skill in p.learns if skill not in p.shares),
        )
        for p in people
    ]


@settings(max_examples=60, deadline=None)
@given(programmes())
def test_bound_is_the_exact_maximum_without_bans_or_self_pairs(programme) -> None:
    people = without_bans(programme[0])
    for config, required in ((REQUIRED, True), (PREFERRED, False)):
        options = eligible(people, [], required=required)
        assert bound_of(people, config)[1].limit == maximum_count(options, capacities(people))


@settings(max_examples=60, deadline=None)
@given(programmes())
def test_bound_never_undercounts_and_seed_pairs_are_eligible_within_capacity(programme) -> None:
    people = programme[0]
    roster, bound = bound_of(people)
    options = eligible(people, [], required=True)
    assert bound.limit >= maximum_count(options, capacities(people))
    pairs = [
        (roster.request_at(r), roster.names[s])
        for r, s in zip(bound.seed.request.tolist(), bound.seed.sharer.tolist(), strict=True)
    ]
    assert len({request for request, _ in pairs}) == len(pairs) <= bound.limit
    for request, sharer in pairs:
        assert sharer in options[(request.learner, request.skill)]
    load = Counter(sharer for _, sharer in pairs)
    assert all(load[name] <= capacities(people)[name] for name in load)


@settings(max_examples=60, deadline=None)
@given(programmes())
def test_seed_serves_as_many_as_the_bound_without_bans_or_self_pairs(programme) -> None:
    bound = bound_of(without_bans(programme[0]))[1]
    assert len(bound.seed) == bound.limit


def test_seed_pairs_neighbours_in_time_zone() -> None:
    learners = [person(f"L{i}", learns=["video"], offset=60 * i) for i in range(4)]
    sharers = [person(f"S{i}", shares=["video"], capacity=1, offset=60 * i) for i in range(4)]
    roster, bound = bound_of([*learners[::-1], *sharers])
    pairs = {
        roster.request_learners[r]: roster.names[s]
        for r, s in zip(bound.seed.request.tolist(), bound.seed.sharer.tolist(), strict=True)
    }
    assert pairs == {f"L{i}": f"S{i}" for i in range(4)}


def test_a_learner_who_shares_the_skill_is_counted_but_never_seeded() -> None:
    people = [person("Ana", shares=["video"], learns=["video"], capacity=1)]
    bound = bound_of(people)[1]
    assert bound.limit == 1 and len(bound.seed) == 0


def test_reaching_adds_the_seed_pairs_the_candidates_lack() -> None:
    people = [
        person("L1", learns=["video"], offset=0),
        person("L2", learns=["video"], offset=0),
        person("Near", shares=["video"], capacity=1, offset=0),
        person("Far", shares=["video"], capacity=1, offset=600),
    ]
    roster, bound = bound_of(people)
    only_near = bound.seed.subset(bound.seed.sharer == roster.index["Near"])
    edges, cut = reaching(roster, only_near, bound)
    assert bound.limit == cut.matched == 2
    pairs = {
        (roster.request_learners[r], roster.names[s])
        for r, s in zip(edges.request.tolist(), edges.sharer.tolist(), strict=True)
    }
    assert pairs == {("L1", "Near"), ("L2", "Far")}
