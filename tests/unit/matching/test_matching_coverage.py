"""The coverage gadget against exhaustive enumeration, and the participants objective end to end."""

from __future__ import annotations

import dataclasses
import itertools
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching_builders import TODAY, person, programmes, run, taxonomy
from test_matching_assignment import objective
from test_matching_optimal import best_objective, engine_objective
from test_matching_properties import eligible

from wikisync.dev.baselines import covered_within_capacity, maximum_covered, maximum_matched
from wikisync.errors import ConfigError
from wikisync.matching import MatchHistory, MatchSettings, candidates
from wikisync.matching.assignment import Problem, solve
from wikisync.matching.candidates import scored_eligible
from wikisync.matching.certify import certified
from wikisync.matching.coverage import gadget, separation
from wikisync.matching.roster import build_roster
from wikisync.model import Feedback

Best = tuple[int, int, int]


@st.composite
def owned_problems(draw: st.DrawFn) -> tuple[Problem, np.ndarray, np.ndarray]:
    """A small problem, an owner for each row and which owners are covered already."""
    n_rows = draw(st.integers(1, 6))
    n_cols = draw(st.integers(1, 3))
    pairs = [(r, c) for r in range(n_rows) for c in range(n_cols)]
    chosen = sorted(draw(st.lists(st.sampled_from(pairs), unique=True, max_size=12)))
    values = draw(st.lists(st.integers(-5, 30), min_size=len(chosen), max_size=len(chosen)))
    n_owners = draw(st.integers(1, 3))
    owner = draw(st.lists(st.integers(0, n_owners - 1), min_size=n_rows, max_size=n_rows))
    covered = draw(st.lists(st.booleans(), min_size=n_owners, max_size=n_owners))
    problem = Problem(
        n_rows=n_rows,
        capacity=np.array(draw(st.lists(st.integers(0, 2), min_size=n_cols, max_size=n_cols))),
        edge_row=np.array([r for r, _ in chosen], dtype=np.int64),
        edge_col=np.array([c for _, c in chosen], dtype=np.int64),
        edge_value=np.array(values, dtype=np.int64),
        slot_cost=draw(st.integers(0, 6)),
        slot_base=np.array(draw(st.lists(st.integers(0, 1), min_size=n_cols, max_size=n_cols))),
    )
    return problem, np.array(owner, dtype=np.int64), np.array(covered, dtype=bool)


def covering_objective(
    problem: Problem, owner: np.ndarray, covered: np.ndarray, chosen: list[int]
) -> Best | None:
    """(owners newly covered, matched rows, value minus slot costs), None when infeasible."""
    plain = objective(problem, chosen)
    if plain is None:
        return None
    owners = {int(owner[problem.edge_row[e]]) for e in chosen} - set(np.flatnonzero(covered))
    return len(owners), *plain


def best_covering(problem: Problem, owner: np.ndarray, covered: np.ndarray) -> Best:
    per_row = [
        [None, *np.flatnonzero(problem.edge_row == row).tolist()] for row in range(problem.n_rows)
    ]
    best = (0, 0, 0)
    for choice in itertools.product(*per_row):
        score = covering_objective(problem, owner, covered, [e for e in choice if e is not None])
        if score is not None and score > best:
            best = score
    return best


def solve_covering(problem: Problem, owner: np.ndarray, covered: np.ndarray) -> np.ndarray:
    dummies = gadget(owner, np.ones(problem.n_rows, dtype=bool), covered)
    return solve(dummies.augment(problem, weighted=True))[: len(problem.edge_row)]


@settings(max_examples=300, deadline=None)
@given(owned_problems())
def test_gadget_covers_the_most_owners_then_rows_then_value(case) -> None:
    problem, owner, covered = case
    chosen = np.flatnonzero(solve_covering(problem, owner, covered)).tolist()
    assert covering_objective(problem, owner, covered, chosen) == best_covering(
        problem, owner, covered
    )


@settings(max_examples=200, deadline=None)
@given(owned_problems())
def test_most_owners_and_most_rows_are_reached_together(case) -> None:
    problem, owner, covered = case
    plain = np.flatnonzero(solve(problem)).tolist()
    covering = np.flatnonzero(solve_covering(problem, owner, covered)).tolist()
    assert len(covering) == len(plain)


def test_gadget_gives_each_owner_one_dummy_per_spare_open_row() -> None:
    owner = np.array([0, 0, 0, 1, 2, 2], dtype=np.int64)
    open_rows = np.array([True, True, True, True, True, False])
    dummies = gadget(owner, open_rows, np.array([False, False, True]))
    # Owner 0: three rows, two dummies, each joined to all three rows; owner 1: one row,
    # no dummy; owner 2 is covered already: its one open row gets a dummy of its own.
    assert dummies.n_dummies == 3
    assert list(zip(dummies.row.tolist(), dummies.col.tolist(), strict=True)) == [
        (0, 0),
        (0, 1),
        (1, 0),
        (1, 1),
        (2, 0),
        (2, 1),
        (4, 2),
    ]


def test_dummy_columns_cost_nothing_and_come_after_the_real_ones() -> None:
    problem = Problem(
        n_rows=2,
        capacity=np.array([1]),
        edge_row=np.array([0, 1]),
        edge_col=np.array([0, 0]),
        edge_value=np.array([3, 5]),
        slot_cost=7,
        slot_base=np.array([2]),
    )
    dummies = gadget(np.array([0, 0]), np.ones(2, dtype=bool), np.zeros(1, dtype=bool))
    augmented = dummies.augment(problem, weighted=True)
    assert augmented.capacity.tolist() == [1, 1]
    assert augmented.slot_base is not None and augmented.slot_base.tolist() == [2, 0]
    assert augmented.edge_col.tolist() == [0, 0, 1, 1]
    assert augmented.edge_value[2:].tolist() == [0, 0]
    chosen = solve(augmented)
    assert chosen.tolist() == [False, True, True, False]


def test_a_separation_beyond_int64_is_a_config_error_not_a_wrong_answer() -> None:
    huge = Problem(
        n_rows=2,
        capacity=np.array([1]),
        edge_row=np.array([0, 1]),
        edge_col=np.array([0, 0]),
        edge_value=np.array([0, 2**56]),
    )
    with pytest.raises(ConfigError, match=r"matching\.objective"):
        separation(huge)


def test_participants_give_a_second_learner_a_first_connection() -> None:
    people = [
        person("A", speaks="en-N", learns=["budgeting", "editing"]),
        person("B", speaks="en-1", learns=["editing"], region="MENA", offset=600),
        person("S", speaks="en-N", shares=["budgeting"], capacity=1),
        person("T", speaks="en-N", shares=["editing"], capacity=1),
    ]
    by_request = MatchSettings(objective="requests")
    assert {(s.learner, s.sharer) for s in run(people, settings=by_request).suggestions} == {
        ("A", "S"),
        ("A", "T"),
    }
    assert {(s.learner, s.sharer) for s in run(people).suggestions} == {("A", "S"), ("B", "T")}


@settings(max_examples=60, deadline=None)
@given(programmes(max_people=9))
def test_participants_are_deterministic_and_name_only_real_people(programme) -> None:
    people, feedback = programme
    names = {p.username for p in people}
    first = run(people, feedback=feedback)
    assert run(people, feedback=feedback) == first
    for suggestion in first.suggestions:
        assert suggestion.sharer in names and suggestion.sharer != suggestion.learner
        assert suggestion.backup is None or suggestion.backup in names
    by_request = run(
        people,
        feedback=feedback,
        settings=dataclasses.replace(MatchSettings(), objective="requests"),
    )
    assert len(first.suggestions) == len(by_request.suggestions)
    covered = {s.learner for s in first.suggestions}
    assert len(covered) >= len({s.learner for s in by_request.suggestions})


def test_a_learner_held_by_an_accepted_pair_counts_as_covered() -> None:
    # Ann accepted Sam for budgeting. Tom's one place goes to Bob, who has nothing yet,
    # although Ann, who also wants editing, would score higher with Tom.
    people = [
        person("Ann", speaks="en-N", learns=["budgeting", "editing"]),
        person("Bob", speaks="en-1", learns=["editing"], region="MENA", offset=600),
        person("Sam", speaks="en-N", shares=["budgeting"], capacity=1),
        person("Tom", speaks="en-N", shares=["editing"], capacity=1),
    ]
    answer = [Feedback("Ann", "Sam", "budgeting", "accepted")]
    by_request = MatchSettings(objective="requests")
    assert ("Ann", "Tom") in {
        (s.learner, s.sharer) for s in run(people, feedback=answer, settings=by_request).suggestions
    }
    result = run(people, feedback=answer)
    assert {(s.learner, s.sharer, s.accepted) for s in result.suggestions} == {
        ("Ann", "Sam", True),
        ("Bob", "Tom", False),
    }


@settings(max_examples=80, deadline=None)
@given(programmes(max_people=7))
def test_pruned_candidates_still_cover_the_most_learners(programme) -> None:
    # With every skill blocked and one candidate per request, the candidates alone often
    # cover fewer learners; certify widens them until the cut proves the maximum.
    people, feedback = programme
    by_name = {p.username: p for p in people}
    options = eligible(people, feedback, required=True)
    pruned = MatchSettings(candidates_per_request=1)
    with mock.patch.object(candidates, "FULL_PAIRS", 0):
        result = run(people, feedback=feedback, settings=pruned)
    covered, served, _ = engine_objective(by_name, options, result)
    best = best_objective(by_name, options)
    assert (covered, served) == best[:2]


@settings(max_examples=150, deadline=None)
@given(programmes(max_people=8), st.randoms(use_true_random=False))
def test_certify_widens_any_pairs_until_they_cover_the_most_learners(programme, random) -> None:
    # Start from a random few of the eligible pairs: the coverage cut of the augmented
    # problem must send certify looking for the pairs that cover more learners, and
    # widening never lowers the most requests the plain proof found.
    people, feedback = programme
    match_settings = MatchSettings()
    roster = build_roster(people, taxonomy(), feedback, MatchHistory(), match_settings, TODAY)
    requests, sharers = [], []
    for request in np.flatnonzero(roster.request_open).tolist():
        for sharer in roster.sharers_of(int(roster.request_skill[request])).tolist():
            if roster.capacity[sharer] > 0 and random.random() < 0.3:
                requests.append(request)
                sharers.append(sharer)
    few = scored_eligible(
        roster, match_settings, np.array(requests, np.int64), np.array(sharers, np.int64)
    )
    dummies = gadget(roster.request_person, roster.request_open, np.zeros(roster.size, bool))
    # As in pairs: the plain proof (most requests), then the coverage proof from it.
    served = certified(roster, match_settings, few)
    proof = certified(roster, match_settings, served.edges, dummies)
    chosen = solve(dummies.augment(proof.edges.problem(roster), weighted=True), proof.cut)
    picked = proof.edges.subset(chosen[: len(proof.edges)])
    covered = covered_within_capacity(roster, picked.request, picked.sharer)
    assert covered == len(np.unique(roster.request_person[picked.request]))
    assert covered == maximum_covered(roster, match_settings)
    assert len(picked) == maximum_matched(roster, match_settings)
