"""Accepted suggestions are held: re-optimisation never moves them."""

from __future__ import annotations

from hypothesis import given, settings
from matching_builders import person, programmes, run, taxonomy

from wikisync.model import Feedback, Status


def accepted(learner: str, sharer: str, skill: str = "video") -> Feedback:
    return Feedback(learner, sharer, skill, "accepted")


def pairs(result) -> set[tuple[str, str, str]]:
    return {(s.learner, s.sharer, s.skill) for s in result.suggestions}


def test_an_accepted_pair_is_held_even_where_moving_it_would_serve_one_more_request() -> None:
    # Kim can learn only from Ann; Lia from Ann or Bea. The best count moves Lia to Bea,
    # but Lia accepted Ann, so Ann's one place stays Lia's and Kim waits.
    people = [
        person("Ann", speaks="en-3 fr-3", shares=["video"], capacity=1),
        person("Bea", speaks="en-3", shares=["video"], capacity=1),
        person("Kim", speaks="fr-3", learns=["video"]),
        person("Lia", speaks="en-3", learns=["video"]),
    ]
    free = run(people, taxonomy("video"))
    assert pairs(free) == {("Kim", "Ann", "video"), ("Lia", "Bea", "video")}
    held = run(people, taxonomy("video"), [accepted("Lia", "Ann")])
    assert ("Lia", "Ann", "video") in pairs(held)
    [suggestion] = [s for s in held.suggestions if s.learner == "Lia"]
    assert suggestion.accepted
    assert "accepted" in [reason.code for reason in suggestion.reasons]
    assert held.figures.accepted == 1
    assert {u.learner for u in held.unmatched} == {"Kim"}


def test_an_accepted_pair_that_no_longer_qualifies_is_let_go() -> None:
    people = [
        person("Ann", shares=["video"], status=Status.INACTIVE),
        person("Bea", shares=["video"]),
        person("Lia", learns=["video"]),
    ]
    result = run(people, taxonomy("video"), [accepted("Lia", "Ann")])
    assert pairs(result) == {("Lia", "Bea", "video")}
    assert not result.suggestions[0].accepted
    assert result.figures.accepted == 0


def test_a_sharer_whose_capacity_fell_keeps_the_first_accepted_learners() -> None:
    people = [
        person("Ann", shares=["video"], capacity=1),
        person("Kim", learns=["video"]),
        person("Lia", learns=["video"]),
    ]
    result = run(people, taxonomy("video"), [accepted("Kim", "Ann"), accepted("Lia", "Ann")])
    assert pairs(result) == {("Kim", "Ann", "video")}


def test_a_declined_answer_after_an_accepted_one_releases_the_pair() -> None:
    people = [person("Ann", shares=["video"]), person("Lia", learns=["video"])]
    feedback = [Feedback("Lia", "Ann", "video", "declined")]
    assert pairs(run(people, taxonomy("video"), feedback)) == set()


@settings(max_examples=60, deadline=None)
@given(programmes())
def test_every_accepted_pair_that_qualifies_and_fits_stays_suggested(programme) -> None:
    people, feedback = programme
    first = run(people, feedback=feedback)
    chosen = first.suggestions[:2]
    answers = [*feedback, *(accepted(s.learner, s.sharer, s.skill) for s in chosen)]
    again = run(people, feedback=answers)
    held = {(s.learner, s.sharer, s.skill) for s in again.suggestions if s.accepted}
    assert {(s.learner, s.sharer, s.skill) for s in chosen} == held
    load: dict[str, int] = {}
    for s in again.suggestions:
        load[s.sharer] = load.get(s.sharer, 0) + 1
    capacity = {p.username: p.capacity for p in people}
    assert all(load[name] <= capacity[name] for name in load)
