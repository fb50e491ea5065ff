"""One-to-one suggestions: the most requests matched, then the best total score.

Steps: candidate pairs (``candidates``) and the previous suggestions that still qualify, the
maximum count over all eligible pairs (``bound``) with the few pairs needed to reach it
(``certify`` when a ban hides it from the bound), scores, one exact solve
(``assignment``), then suggestions with reasons and unmatched requests with theirs.

The objective is lexicographic: the number of matched requests equals the maximum over all
eligible pairs of the programme, and among such assignments the total of request priority
(rarity, waiting), pair score (language, time overlap, region), ``kept`` and ``swap``
bonuses, minus the rising per-sharer ``load`` costs, is as large as possible.

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

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from wikisync.matching import reasons as codes
from wikisync.matching.assignment import solve
from wikisync.matching.bound import maximum_bound, reaching
from wikisync.matching.candidates import Edges, candidate_edges, scored_eligible
from wikisync.matching.certify import certified
from wikisync.matching.reasons import ReasonBook
from wikisync.matching.roster import Roster
from wikisync.matching.scoring import (
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
    ``load`` counts the learners suggested to each person (indexed like the roster).
    """

    suggestions: tuple[Suggestion, ...]
    unmatched: tuple[Unmatched, ...]
    bound: int
    matched: BoolArray
    load: IntArray


def suggest_pairs(roster: Roster, settings: MatchSettings) -> Pairing:
    """Optimal suggestions for every open request of ``roster`` (module docstring)."""
    bound, picked = _optimal_pairs(roster, settings)
    matched = np.zeros(roster.n_requests, dtype=bool)
    matched[picked.request] = True
    return Pairing(
        suggestions=_suggestions(roster, settings, picked),
        unmatched=_unmatched(roster, settings, np.flatnonzero(~matched)),
        bound=bound,
        matched=matched,
        load=np.bincount(picked.sharer, minlength=roster.size).astype(np.int64),
    )


def _optimal_pairs(roster: Roster, settings: MatchSettings) -> tuple[int, Edges]:
    """The proven maximum count, and the chosen pairs of the lexicographic optimum.

    The candidates and last run's still-eligible pairs, with the few seed pairs they need
    (``bound.reaching``), reach the compressed bound, which proves their count maximal;
    when a ban keeps them below it, ``certify`` proves the maximum by widening instead.
    Keeping last run's pairs available is what lets the ``kept`` bonus hold suggestions.
    """
    priority = request_priority(roster, settings)
    bound = maximum_bound(roster, settings)
    previous = _still_valid_previous(roster, settings)
    edges = candidate_edges(roster, settings, priority).union(previous, roster.size)
    edges, cut = reaching(roster, edges, bound, previous)
    if cut.matched < bound.limit:
        proof = certified(roster, settings, edges)
        edges, cut = proof.edges, proof.cut
    weights = settings.weights
    kept = roster.previous_sharer[edges.request] == edges.sharer
    swappable = _has_reverse(roster, edges.request, edges.sharer)
    values = edges.score + priority[edges.request] + weights.kept * kept + weights.swap * swappable
    chosen = solve(edges.problem(roster, values, slot_cost=weights.load), cut)
    return cut.matched, edges.subset(chosen)


def _unmatched(
    roster: Roster, settings: MatchSettings, requests: IntArray
) -> tuple[Unmatched, ...]:
    reasons = unmatched_reasons(roster, settings, requests)
    return tuple(
        Unmatched(roster.request_learners[request], roster.request_skill_ids[request], why)
        for request, why in zip(requests.tolist(), reasons, strict=True)
    )


def _still_valid_previous(roster: Roster, settings: MatchSettings) -> Edges:
    """Last run's suggestions whose pair is still eligible (they may be kept)."""
    requests = np.flatnonzero((roster.previous_sharer >= 0) & roster.request_open)
    sharers = roster.previous_sharer[requests]
    offered = np.isin(
        roster.request_skill[requests] * roster.size + sharers,
        roster.share_skill * roster.size + roster.share_person,
    )
    usable = offered & (roster.capacity[sharers] > 0)
    return scored_eligible(roster, settings, requests[usable], sharers[usable])


def _has_reverse(roster: Roster, requests: IntArray, sharers: IntArray) -> BoolArray:
    """Whether each pair's reverse (the sharer learning from the learner) is among the pairs."""
    learners = roster.request_person[requests]
    forward = learners * roster.size + sharers
    return np.asarray(np.isin(sharers * roster.size + learners, forward))


def _suggestions(roster: Roster, settings: MatchSettings, picked: Edges) -> tuple[Suggestion, ...]:
    explained = _Explanations(roster, settings, picked)
    learners = [roster.request_learners[r] for r in picked.request.tolist()]
    skills = [roster.request_skill_ids[r] for r in picked.request.tolist()]
    sharers = [roster.names[x] for x in picked.sharer.tolist()]
    return tuple(
        Suggestion(
            learner=learners[position],
            sharer=sharers[position],
            skill=skills[position],
            score=explained.score(position),
            reasons=explained.reasons(position),
        )
        for position in range(len(picked))
    )


def _swap_skills(roster: Roster, picked: Edges) -> dict[int, str]:
    """For suggestions whose reverse was suggested too, the skill the sharer learns back."""
    learners = roster.request_person[picked.request]
    reverse = _has_reverse(roster, picked.request, picked.sharer)
    back: dict[tuple[int, int], str] = {}
    for position in np.flatnonzero(reverse).tolist():
        key = (int(learners[position]), int(picked.sharer[position]))
        skill = roster.request_skill_ids[int(picked.request[position])]
        back[key] = min(skill, back.get(key, skill))
    return {
        position: back[(int(picked.sharer[position]), int(learners[position]))]
        for position in np.flatnonzero(reverse).tolist()
    }


class _Explanations:
    """Scores and reasons of the chosen pairs, from the same terms the solver used."""

    def __init__(self, roster: Roster, settings: MatchSettings, picked: Edges) -> None:
        learners = roster.request_person[picked.request]
        skills = roster.request_skill[picked.request]
        features = pair_features(roster, learners, picked.sharer, settings)
        sharers_per_skill = available_sharers(roster)
        self.sharer_count = sharers_per_skill[skills].tolist()
        rarity = rarity_points(sharers_per_skill, settings)[skills]
        waiting = waiting_points(roster.waited_days[picked.request], settings)
        kept = roster.previous_sharer[picked.request] == picked.sharer
        self.swap = _swap_skills(roster, picked)
        weights = settings.weights
        self.swap_points = weights.swap
        self.total = (picked.score + rarity + waiting + weights.kept * kept).tolist()
        self.language = [roster.languages[i] if i >= 0 else "" for i in features.language.tolist()]
        self.level = features.level.tolist()
        self.hours = features.hours.tolist()
        self.hours_known = features.hours_known.tolist()
        self.region = [
            _region_pair(roster, learner, sharer) if bonus else None
            for learner, sharer, bonus in zip(
                learners.tolist(),
                picked.sharer.tolist(),
                features.region_bonus.tolist(),
                strict=True,
            )
        ]
        self.rare = (rarity > 0).tolist()
        self.waited = roster.waited_days[picked.request].tolist()
        self.kept = kept.tolist()
        self.book = ReasonBook()

    def score(self, position: int) -> int:
        """The pair's points: pair score, priority, kept, and swap when the swap happened."""
        return int(self.total[position]) + (self.swap_points if position in self.swap else 0)

    def reasons(self, position: int) -> tuple[Reason, ...]:
        """The pair's reasons, in the order of ``reasons``."""
        get = self.book.get
        language = self.language[position]
        out = [
            get(codes.COMMON_LANGUAGE, language, self.level[position])
            if language
            else get(codes.NO_COMMON_LANGUAGE)
        ]
        if self.hours_known[position]:
            out.append(get(codes.TIME_OVERLAP, self.hours[position]))
        region = self.region[position]
        if region is not None:
            out.append(get(*region))
        if self.rare[position]:
            out.append(get(codes.RARE_SKILL, self.sharer_count[position]))
        if self.waited[position] >= codes.WAITED_MIN_DAYS:
            out.append(get(codes.WAITED, self.waited[position]))
        if self.kept[position]:
            out.append(get(codes.KEPT))
        if position in self.swap:
            out.append(get(codes.SWAP, self.swap[position]))
        return tuple(out)


def _region_pair(roster: Roster, learner: int, sharer: int) -> tuple[str, ...]:
    """The region reason's code and arguments for a pair meeting the region preference."""
    mine = roster.regions[int(roster.region[learner])]
    theirs = roster.regions[int(roster.region[sharer])]
    if mine == theirs:
        return (codes.SAME_REGION, mine)
    return (codes.DIFFERENT_REGION, mine, theirs)
