"""One-to-one suggestions: the most learners and requests matched, then the best total score.

Steps: candidate pairs (``candidates``) and the previous suggestions that still qualify, the
maximum count over all eligible pairs (``bound``) with the few pairs needed to reach it
(``certify`` when a ban hides it from the bound), scores, one exact solve
(``assignment``), then suggestions with reasons and unmatched requests with theirs.

The objective is lexicographic. With ``objective = "participants"`` (the default) the
number of learners with at least one suggestion is the maximum over all eligible pairs
of the programme (``coverage``, proven by ``certify``); with ``"requests"`` that step is
left out. Either way the number of matched requests then equals the maximum over all
eligible pairs (both maxima are reached together, see ``coverage``), and among such
assignments the total of request priority (rarity, waiting), pair score (language, time
overlap, region), ``kept`` and ``swap`` bonuses, minus the rising per-sharer ``load``
costs, is as large as possible.

Reciprocal swaps. Rewarding "A learns from B while B learns from A" exactly would make
the objective quadratic (a quadratic assignment problem, NP-hard). Instead a pre-pass gives
``weights.swap`` to every candidate pair whose reverse pair (the sharer learning any skill
from the learner) is also a candidate, so both halves of a possible swap are attractive
together, and one exact linear solve decides. The ``swap`` reason and its points appear
only on suggestions whose reverse was suggested too. A re-solve loop was rejected: it
multiplies the solve time, can oscillate, and its fixed point is no more optimal. Because
the bonus depends only on the candidates, never on the previous result, the objective is a
fixed linear function of the input, which is what makes results stable: re-running with
the result as history only adds ``kept`` to the chosen pairs, so the same assignment is
then the unique optimum.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from wikisync.collector import collector_paused
from wikisync.matching import reasons as codes
from wikisync.matching.arrays import first_highest_of_each
from wikisync.matching.assignment import Cut, Solved, WarmStart, solve_from
from wikisync.matching.bound import maximum_bound, reaching
from wikisync.matching.candidates import Edges, candidate_edges, room_pairs, scored_eligible
from wikisync.matching.certify import certified
from wikisync.matching.coverage import Gadget, covered_owners, gadget
from wikisync.matching.reasons import ReasonBook, ReasonColumn, reason_column, reason_tuples
from wikisync.matching.roster import Roster, contains
from wikisync.matching.scoring import (
    PairFeatures,
    available_sharers,
    pair_features,
    rarity_points,
    request_priority,
    waiting_points,
)
from wikisync.matching.settings import MatchSettings
from wikisync.matching.unmatched import unmatched_reasons
from wikisync.model import Reason, Suggestion, Unmatched

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Pairing:
    """The pair suggestions, the requests left without one, and how loaded each person is.

    ``bound`` is the proven maximum number of requests any assignment could match;
    ``matched`` marks the requests (indexed like the roster's requests) that got a suggestion;
    ``load`` counts the learners suggested to each person (indexed like the roster);
    ``solved`` is how the exact solve went, with the start it leaves for the next run.
    """

    suggestions: tuple[Suggestion, ...]
    unmatched: tuple[Unmatched, ...]
    bound: int
    matched: BoolArray
    load: IntArray
    solved: Solved


def suggest_pairs(
    roster: Roster, settings: MatchSettings, start: WarmStart | None = None
) -> Pairing:
    """Optimal suggestions for every open request of ``roster`` (module docstring), the
    exact solve started from ``start`` (the last run's, which only makes it faster)."""
    bound, picked, backups, solved = _optimal_pairs(roster, settings, start)
    matched = np.zeros(roster.n_requests, dtype=bool)
    matched[picked.request] = True
    with collector_paused():
        suggestions = _suggestions(roster, settings, picked, backups)
        unmatched = _unmatched(roster, settings, np.flatnonzero(~matched))
    return Pairing(
        suggestions=suggestions,
        unmatched=unmatched,
        bound=bound,
        matched=matched,
        load=np.bincount(picked.sharer, minlength=roster.size).astype(np.int64),
        solved=solved,
    )


def _optimal_pairs(
    roster: Roster, settings: MatchSettings, warm: WarmStart | None
) -> tuple[int, Edges, IntArray, Solved]:
    """The proven maximum count, the chosen pairs of the lexicographic optimum, each
    chosen pair's backup sharer (-1 none), and how the solve (from ``warm``) went.

    Accepted suggestions are held first (:func:`accepted_pairs`): the solve sees their
    requests as closed and their sharers' capacity as taken, so re-optimisation never
    moves them, and the bound is the maximum with them held. Then the candidates and last
    run's still-eligible pairs, with the bound's seed pairs (``bound.reaching``), reach the
    compressed bound, which proves their count maximal; when a ban keeps them below it,
    ``certify`` proves the maximum by widening instead. Under the ``participants``
    objective ``certify`` then widens the pairs until the ``coverage`` problem's cut
    proves the learners covered maximal too; widening never changes the most requests
    that can be served, so the count stays proven. Keeping last run's pairs available
    is what lets the ``kept`` bonus hold suggestions; where last run's pair is no longer
    eligible (declined, the sharer gone), its backup takes that bonus, so it is offered
    first.
    """
    held = accepted_pairs(roster, settings)
    free = _without(roster, held)
    priority = request_priority(free, settings)
    bound = maximum_bound(free, settings)
    previous = _still_valid_previous(free, settings)
    backups = _still_valid_backups(free, settings, previous)
    candidates = (
        candidate_edges(free, settings, priority)
        .union(previous, free.size)
        .union(backups, free.size)
    )
    edges, cut = reaching(free, candidates, bound)
    if cut.matched < bound.limit:
        proof = certified(free, settings, edges)
        edges, cut = proof.edges, proof.cut
    served = cut.matched
    dummies = None
    if settings.objective == "participants":
        dummies = learner_gadget(free, held)
        start = np.concatenate([cut.assignment, np.zeros(len(dummies.row), dtype=bool)])
        proof = certified(free, settings, edges, dummies, start)
        edges, cut = proof.edges, proof.cut
    weights = settings.weights
    kept = free.previous_sharer[edges.request] == edges.sharer
    kept |= contains(_pair_keys(free, backups), _pair_keys(free, edges))
    swappable = _has_reverse(free, edges.request, edges.sharer)
    values = edges.score + priority[edges.request] + weights.kept * kept + weights.swap * swappable
    solved = _solved(free, edges, values, weights.load, dummies, cut, warm)
    picked = edges.subset(solved.chosen[: len(edges)]).union(held, roster.size)
    return served + len(held), picked, backup_sharers(roster, settings, picked), solved


def _solved(
    roster: Roster,
    edges: Edges,
    values: IntArray,
    load: int,
    dummies: Gadget | None,
    cut: Cut,
    warm: WarmStart | None,
) -> Solved:
    """The exact solve of ``edges`` worth ``values`` (with the ``dummies``' edges after
    them, if any), its rows and columns keyed by request and person; the problem is let
    go once solved."""
    request_keys, person_keys = roster.identity_keys()
    problem = dataclasses.replace(
        edges.problem(roster, values, slot_cost=load), row_keys=request_keys, col_keys=person_keys
    )
    if dummies is not None:
        problem = dummies.augment(problem, weighted=True)
    return solve_from(problem, cut, warm)


def learner_gadget(roster: Roster, held: Edges) -> Gadget:
    """The ``coverage`` dummies of the open requests of ``roster``, owned by their learners;
    a learner with a held pair is covered already."""
    covered = covered_owners(roster.request_person, held.request, roster.size)
    return gadget(roster.request_person, roster.request_open, covered)


def accepted_pairs(roster: Roster, settings: MatchSettings) -> Edges:
    """The accepted suggestions that still qualify: the request is open, the sharer still
    shares the skill, takes part and may be paired with the learner; a sharer whose
    capacity fell below their accepted learners keeps the first requests."""
    requests = np.flatnonzero((roster.accepted_sharer >= 0) & roster.request_open)
    sharers = roster.accepted_sharer[requests]
    offered = roster.offers(sharers, roster.request_skill[requests]) & (
        roster.capacity[sharers] > 0
    )
    pairs = scored_eligible(roster, settings, requests[offered], sharers[offered])
    order = np.lexsort((pairs.request, pairs.sharer))
    sharer = pairs.sharer[order]
    starts = np.r_[True, sharer[1:] != sharer[:-1]] if len(sharer) else np.zeros(0, dtype=bool)
    first = np.maximum.accumulate(np.where(starts, np.arange(len(sharer)), 0))
    within = np.zeros(len(order), dtype=bool)
    within[order] = np.arange(len(sharer)) - first < roster.capacity[sharer]
    return pairs.subset(within)


def _without(roster: Roster, held: Edges) -> Roster:
    """``roster`` with the ``held`` pairs' requests closed and their sharers' places taken."""
    if not len(held):
        return roster
    request_open = roster.request_open.copy()
    request_open[held.request] = False
    taken = np.bincount(held.sharer, minlength=roster.size)
    return dataclasses.replace(roster, request_open=request_open, capacity=roster.capacity - taken)


def backup_sharers(roster: Roster, settings: MatchSettings, picked: Edges) -> IntArray:
    """For each picked pair, its backup (-1 none): of the sharers of the request's skill
    who still have room once every picked pair is counted (``candidates.room_pairs``),
    the one with the best pair score, the lowest index on a tie (the pairs come in
    (request, sharer) order). The pairs are eligible,
    so a backup is never banned, never the learner and never the suggested sharer (who
    is also left out when they have room for more)."""
    load = np.bincount(picked.sharer, minlength=roster.size)
    room = roster.capacity - load > 0
    chosen = np.full(roster.n_requests, -1, dtype=np.int64)
    chosen[picked.request] = picked.sharer
    pairs = room_pairs(roster, settings, np.unique(picked.request), room)
    others = pairs.subset(pairs.sharer != chosen[pairs.request])
    first = first_highest_of_each(others.request, others.score)
    best = np.full(roster.n_requests, -1, dtype=np.int64)
    best[others.request[first]] = others.sharer[first]
    return best[picked.request]


def _still_valid_backups(roster: Roster, settings: MatchSettings, previous: Edges) -> Edges:
    """Last run's backups, still eligible, of requests whose suggestion is not."""
    held = np.zeros(roster.n_requests, dtype=bool)
    held[previous.request] = True
    requests = np.flatnonzero((roster.previous_backup >= 0) & roster.request_open & ~held)
    sharers = roster.previous_backup[requests]
    offered = roster.offers(sharers, roster.request_skill[requests])
    usable = offered & (roster.capacity[sharers] > 0)
    return scored_eligible(roster, settings, requests[usable], sharers[usable])


def _pair_keys(roster: Roster, edges: Edges) -> IntArray:
    """One sortable key per (request, sharer) pair; sorted when ``edges`` is."""
    return np.asarray(edges.request * roster.size + edges.sharer, dtype=np.int64)


def _unmatched(
    roster: Roster, settings: MatchSettings, requests: IntArray
) -> tuple[Unmatched, ...]:
    reasons = unmatched_reasons(roster, settings, requests)
    indices = requests.tolist()
    learners = [roster.request_learners[request] for request in indices]
    skills = [roster.request_skill_ids[request] for request in indices]
    return tuple(map(Unmatched, learners, skills, reasons))


def _still_valid_previous(roster: Roster, settings: MatchSettings) -> Edges:
    """Last run's suggestions whose pair is still eligible (they may be kept)."""
    requests = np.flatnonzero((roster.previous_sharer >= 0) & roster.request_open)
    sharers = roster.previous_sharer[requests]
    offered = roster.offers(sharers, roster.request_skill[requests])
    usable = offered & (roster.capacity[sharers] > 0)
    return scored_eligible(roster, settings, requests[usable], sharers[usable])


def _has_reverse(roster: Roster, requests: IntArray, sharers: IntArray) -> BoolArray:
    """Whether each pair's reverse (the sharer learning from the learner) is among the pairs."""
    learners = roster.request_person[requests]
    forward = np.sort(learners * roster.size + sharers)
    return contains(forward, sharers * roster.size + learners)


def _suggestions(
    roster: Roster, settings: MatchSettings, picked: Edges, backups: IntArray
) -> tuple[Suggestion, ...]:
    indices = picked.request.tolist()
    learners = [roster.request_learners[request] for request in indices]
    skills = [roster.request_skill_ids[request] for request in indices]
    sharers = [roster.names[sharer] for sharer in picked.sharer.tolist()]
    named = [roster.names[backup] if backup >= 0 else None for backup in backups.tolist()]
    scores, reasons = _explained(roster, settings, picked)
    accepted = (roster.accepted_sharer[picked.request] == picked.sharer).tolist()
    return tuple(map(Suggestion, learners, sharers, skills, scores, reasons, named, accepted))


def _swap_skills(roster: Roster, picked: Edges) -> tuple[BoolArray, IntArray]:
    """Which suggestions' reverse was suggested too, and the skill the sharer learns back.

    When the sharer learns several skills from the learner, the skill is the first by id;
    the skill entry is meaningless where there is no reverse.
    """
    if not len(picked):
        return np.zeros(0, dtype=bool), np.zeros(0, dtype=np.int64)
    learners = roster.request_person[picked.request]
    skills = roster.request_skill[picked.request]
    forward = learners * roster.size + picked.sharer
    order = np.lexsort((skills, forward))
    keys = forward[order]
    first = order[np.r_[True, keys[1:] != keys[:-1]]]
    pairs, lowest = forward[first], skills[first]
    backward = picked.sharer * roster.size + learners
    found = np.minimum(np.searchsorted(pairs, backward), len(pairs) - 1)
    return np.asarray(pairs[found] == backward), lowest[found].astype(np.int64)


def _explained(
    roster: Roster, settings: MatchSettings, picked: Edges
) -> tuple[list[int], list[tuple[Reason, ...]]]:
    """Scores and reasons of the chosen pairs, from the same terms the solver used.

    The score is the pair score, priority, ``kept``, and ``swap`` when the swap happened;
    the reasons come in the order of ``reasons``.
    """
    learners = roster.request_person[picked.request]
    skills = roster.request_skill[picked.request]
    features = pair_features(roster, learners, picked.sharer, settings)
    sharers_per_skill = available_sharers(roster)
    rarity = rarity_points(sharers_per_skill, settings)[skills]
    waited = roster.waited_days[picked.request]
    kept = roster.previous_sharer[picked.request] == picked.sharer
    swapped, swap_skill = _swap_skills(roster, picked)
    weights = settings.weights
    total = (
        picked.score
        + rarity
        + waiting_points(waited, settings)
        + weights.kept * kept
        + weights.swap * swapped
    )
    get = ReasonBook().get
    columns = [
        _language_reasons(roster, features, get),
        reason_column(
            features.hours_known, [features.hours], lambda hours: get(codes.TIME_OVERLAP, hours)
        ),
        _region_reasons(roster, learners, picked.sharer, features.region_bonus, get),
        reason_column(
            rarity > 0, [sharers_per_skill[skills]], lambda count: get(codes.RARE_SKILL, count)
        ),
        reason_column(
            waited >= codes.WAITED_MIN_DAYS, [waited], lambda days: get(codes.WAITED, days)
        ),
        reason_column(
            roster.accepted_sharer[picked.request] == picked.sharer, [], lambda: get(codes.ACCEPTED)
        ),
        reason_column(
            roster.request_released[picked.request],
            [],
            lambda: get(codes.RELEASED, settings.answer_days),
        ),
        reason_column(kept, [], lambda: get(codes.KEPT)),
        reason_column(swapped, [swap_skill], lambda skill: get(codes.SWAP, roster.skills[skill])),
    ]
    return total.tolist(), reason_tuples(columns)


def _language_reasons(
    roster: Roster, features: PairFeatures, get: Callable[..., Reason]
) -> ReasonColumn:
    """Each pair's best common language and level, or the lack of a common language."""

    def reason(language: int, level: int) -> Reason:
        if language < 0:
            return get(codes.NO_COMMON_LANGUAGE)
        return get(codes.COMMON_LANGUAGE, roster.languages[language], level)

    everyone = np.ones(len(features.language), dtype=bool)
    return reason_column(everyone, [features.language, features.level], reason)


def _region_reasons(
    roster: Roster,
    learners: IntArray,
    sharers: IntArray,
    bonus: BoolArray,
    get: Callable[..., Reason],
) -> ReasonColumn:
    """The region reason of each pair meeting the region preference."""
    return reason_column(
        bonus,
        [roster.region[learners], roster.region[sharers]],
        lambda mine, theirs: get(*_region_pair(roster, mine, theirs)),
    )


def _region_pair(roster: Roster, mine: int, theirs: int) -> tuple[str, ...]:
    """The region reason's code and arguments for a pair from regions ``mine`` and ``theirs``."""
    if mine == theirs:
        return (codes.SAME_REGION, roster.regions[mine])
    return (codes.DIFFERENT_REGION, roster.regions[mine], roster.regions[theirs])
