"""Properties of match() on random small programmes: hard constraints, determinism, stability."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st
from matching_builders import TODAY, programmes, run

from wikisync.matching import MatchHistory, MatchSettings
from wikisync.model import Feedback, Person, Status

PREFERRED = MatchSettings(language_policy="preferred")


def available(person: Person) -> bool:
    if person.status is Status.ACTIVE:
        return True
    return (
        person.status is Status.AWAY and person.away_until is not None and person.away_until < TODAY
    )


def declined(feedback: Sequence[Feedback], a: str, b: str) -> bool:
    return any(
        item.status == "declined" and {item.learner, item.sharer} == {a, b} for item in feedback
    )


def met(feedback: Sequence[Feedback], learner: str, skill: str) -> bool:
    return any(
        item.status == "met" and item.learner == learner and item.skill == skill
        for item in feedback
    )


def common_language(a: Person, b: Person) -> bool:
    mine = {lang.code for lang in a.languages if lang.level >= 1}
    return bool(mine & {lang.code for lang in b.languages if lang.level >= 1})


def eligible(people: Sequence[Person], feedback: Sequence[Feedback], required: bool) -> dict:
    """Open request (learner, skill) -> the sharers it may be given, straight from the rules."""
    out = {}
    for learner in people:
        for skill in set(learner.learns):
            if not available(learner) or met(feedback, learner.username, skill):
                continue
            out[(learner.username, skill)] = [
                sharer.username
                for sharer in people
                if sharer is not learner
                and skill in sharer.shares
                and available(sharer)
                and sharer.capacity > 0
                and sharer.username not in learner.do_not_match
                and learner.username not in sharer.do_not_match
                and not declined(feedback, learner.username, sharer.username)
                and (common_language(learner, sharer) or not required)
            ]
    return out


def maximum_count(options: dict, capacity: dict) -> int:
    """Largest number of requests served within capacities (augmenting paths, from scratch)."""
    assigned: dict = {}
    load: Counter = Counter()

    def augment(request, seen: set) -> bool:
        for sharer in options[request]:
            if sharer in seen:
                continue
            seen.add(sharer)
            if load[sharer] < capacity[sharer]:
                assigned[request] = sharer
                load[sharer] += 1
                return True
            for other, holder in list(assigned.items()):
                if holder == sharer and augment(other, seen):
                    assigned[request] = sharer
                    return True
        return False

    return sum(1 for request in sorted(options) if augment(request, set()))


def check_constraints(people, feedback, result, required: bool) -> None:
    options = eligible(people, feedback, required)
    by_name = {p.username: p for p in people}
    seen = set()
    for suggestion in result.suggestions:
        request = (suggestion.learner, suggestion.skill)
        assert request not in seen, "one suggestion per request"
        seen.add(request)
        assert request in options, "only open requests of available learners"
        assert suggestion.sharer in options[request], f"ineligible pair {suggestion}"
    load = Counter(s.sharer for s in result.suggestions)
    for sharer, count in load.items():
        assert count <= by_name[sharer].capacity
    capacity = {p.username: p.capacity if available(p) else 0 for p in people}
    for suggestion in result.suggestions:
        request = (suggestion.learner, suggestion.skill)
        with_room = {
            other
            for other in options[request]
            if other != suggestion.sharer and load[other] < capacity[other]
        }
        if suggestion.backup is None:
            assert not with_room, f"a backup was there for {suggestion}"
        else:
            assert suggestion.backup in with_room, f"backup not eligible or full: {suggestion}"
    assert len(result.suggestions) == maximum_count(options, capacity)
    unmatched = {(u.learner, u.skill) for u in result.unmatched}
    assert not unmatched & seen
    wanted = {(p.username, skill) for p in people for skill in set(p.learns)}
    open_or_closed = {r for r in wanted if not met(feedback, *r)}
    assert unmatched | seen == open_or_closed


@settings(max_examples=150, deadline=None)
@given(programmes())
def test_suggestions_respect_every_hard_constraint_and_match_the_most(programme) -> None:
    people, feedback = programme
    check_constraints(people, feedback, run(people, feedback=feedback), required=True)


@settings(max_examples=80, deadline=None)
@given(programmes())
def test_preferred_language_policy_only_relaxes_the_language_rule(programme) -> None:
    people, feedback = programme
    result = run(people, feedback=feedback, settings=PREFERRED)
    check_constraints(people, feedback, result, required=False)


@settings(max_examples=60, deadline=None)
@given(programmes())
def test_same_input_gives_byte_identical_output(programme) -> None:
    people, feedback = programme
    assert repr(run(people, feedback=feedback)) == repr(run(people, feedback=feedback))


@settings(max_examples=60, deadline=None)
@given(programmes(), st.integers(0, 10_000))
def test_input_order_does_not_matter(programme, seed) -> None:
    people, feedback = programme
    shuffled_people, shuffled_feedback = list(people), list(feedback)
    rng = random.Random(seed)
    rng.shuffle(shuffled_people)
    rng.shuffle(shuffled_feedback)
    assert repr(run(shuffled_people, feedback=shuffled_feedback)) == repr(
        run(people, feedback=feedback)
    )


@settings(max_examples=60, deadline=None)
@given(programmes())
def test_rerun_with_the_result_as_history_keeps_every_suggestion(programme) -> None:
    people, feedback = programme
    first = run(people, feedback=feedback)
    again = run(people, feedback=feedback, history=MatchHistory().after(first, TODAY))
    pairs = {(s.learner, s.skill, s.sharer) for s in first.suggestions}
    assert {(s.learner, s.skill, s.sharer) for s in again.suggestions} == pairs
    assert {g.id for g in again.groups} == {g.id for g in first.groups}
