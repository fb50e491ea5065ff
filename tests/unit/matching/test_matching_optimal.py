"""match() against an exhaustive search of every assignment of small programmes.

Both objectives: ``"requests"`` (most requests served, then the best total) and
``"participants"`` (most learners with a suggestion, then most requests, then the best
total).

The expected objective is recomputed here from the documented weights (``Weights``), in
plain Python and independently of the vectorised scoring. Candidates are not pruned for
programmes this small once ``candidates_per_request`` exceeds the number of people.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from functools import cache

from hypothesis import given, settings
from matching_builders import TODAY, programmes, run
from test_matching_properties import available, eligible

from wikisync.matching import MatchSettings
from wikisync.model import Person

SETTINGS = MatchSettings(candidates_per_request=50)
REQUESTS = dataclasses.replace(SETTINGS, objective="requests")
WEIGHTS = SETTINGS.weights


def awake_hours(a: Person, b: Person) -> int:
    if a.utc_offset is None or b.utc_offset is None:
        return (SETTINGS.day_end - SETTINGS.day_start) // 2
    both = 0
    for minute in range(24 * 60):
        local_a = (minute + a.utc_offset) % (24 * 60)
        local_b = (minute + b.utc_offset) % (24 * 60)
        start, end = SETTINGS.day_start * 60, SETTINGS.day_end * 60
        both += start <= local_a < end and start <= local_b < end
    return both // 60


def language_points(a: Person, b: Person) -> int:
    mine = {lang.code: lang.level for lang in a.languages if lang.level >= 1}
    theirs = {lang.code: lang.level for lang in b.languages if lang.level >= 1}
    levels = [min(mine[code], theirs[code]) for code in mine.keys() & theirs.keys()]
    return WEIGHTS.language * max(levels) if levels else -WEIGHTS.no_common_language


def value(people: dict[str, Person], options: dict, request: tuple[str, str], sharer: str) -> int:
    learner_name, skill = request
    learner, other = people[learner_name], people[sharer]
    sharers = sum(
        1 for p in people.values() if skill in p.shares and available(p) and p.capacity > 0
    )
    rarity = WEIGHTS.rarity * max(0, SETTINGS.rare_skill_sharers + 1 - sharers)
    region = WEIGHTS.region * (learner.region is not None and learner.region == other.region)
    reverse = any(
        learner_name in sharers_of
        for (back_learner, _), sharers_of in options.items()
        if back_learner == sharer
    )
    return (
        language_points(learner, other)
        + WEIGHTS.time_overlap * awake_hours(learner, other)
        + region
        + rarity
        + WEIGHTS.swap * reverse
    )


Objective = tuple[int, int, int]


def best_objective(people: dict[str, Person], options: dict) -> Objective:
    """The best (learners covered, requests served, total) of every feasible assignment."""
    requests = sorted(options)
    sharers = sorted({s for choices in options.values() for s in choices})
    capacity = tuple(people[s].capacity for s in sharers)

    @cache
    def search(index: int, load: tuple[int, ...], covered: frozenset[str]) -> Objective:
        """The best (newly covered, served, total) of assigning ``requests[index:]``."""
        if index == len(requests):
            return 0, 0, -sum(WEIGHTS.load * k for used in load for k in range(used))
        best = search(index + 1, load, covered)
        learner = requests[index][0]
        for sharer in options[requests[index]]:
            slot = sharers.index(sharer)
            if load[slot] < capacity[slot]:
                after = (*load[:slot], load[slot] + 1, *load[slot + 1 :])
                new, count, total = search(index + 1, after, covered | {learner})
                gain = learner not in covered
                best = max(
                    best,
                    (
                        new + gain,
                        count + 1,
                        total + value(people, options, requests[index], sharer),
                    ),
                )
        return best

    return search(0, tuple(0 for _ in sharers), frozenset())


def engine_objective(people: dict[str, Person], options: dict, result) -> Objective:
    load = Counter(s.sharer for s in result.suggestions)
    total = sum(value(people, options, (s.learner, s.skill), s.sharer) for s in result.suggestions)
    total -= sum(WEIGHTS.load * k for used in load.values() for k in range(used))
    covered = len({s.learner for s in result.suggestions})
    return covered, len(result.suggestions), total


@settings(max_examples=120, deadline=None)
@given(programmes(max_people=7))
def test_participants_cover_the_most_learners_then_serve_the_most_requests(programme) -> None:
    people, feedback = programme
    by_name = {p.username: p for p in people}
    options = eligible(people, feedback, required=True)
    result = run(people, feedback=feedback, settings=SETTINGS, today=TODAY)
    assert engine_objective(by_name, options, result) == best_objective(by_name, options)


@settings(max_examples=120, deadline=None)
@given(programmes(max_people=7))
def test_requests_serve_the_most_requests_then_the_best_total(programme) -> None:
    people, feedback = programme
    by_name = {p.username: p for p in people}
    options = eligible(people, feedback, required=True)
    result = run(people, feedback=feedback, settings=REQUESTS, today=TODAY)
    best = best_objective(by_name, options)
    _, served, total = engine_objective(by_name, options, result)
    assert (served, total) == best_requests(by_name, options)
    # Covering the most learners first never costs a request (the matroid argument).
    assert served == best[1]


def best_requests(people: dict[str, Person], options: dict) -> tuple[int, int]:
    """The best (requests served, total) of every feasible assignment."""
    requests = sorted(options)
    sharers = sorted({s for choices in options.values() for s in choices})
    capacity = tuple(people[s].capacity for s in sharers)

    @cache
    def search(index: int, load: tuple[int, ...]) -> tuple[int, int]:
        if index == len(requests):
            return 0, -sum(WEIGHTS.load * k for used in load for k in range(used))
        best = search(index + 1, load)
        for sharer in options[requests[index]]:
            slot = sharers.index(sharer)
            if load[slot] < capacity[slot]:
                after = (*load[:slot], load[slot] + 1, *load[slot + 1 :])
                count, total = search(index + 1, after)
                best = max(
                    best, (count + 1, total + value(people, options, requests[index], sharer))
                )
        return best

    return search(0, tuple(0 for _ in sharers))
