"""The engine against naive baselines on one synthetic programme, and match() timings.

``evaluate`` generates a programme (``wikisync.dev.synth``), runs the engine under both
objectives (``matching.objective``: "participants" and "requests") and the two baselines
of ``baselines`` and measures, with the same scoring function for all four:

- served / feasible: requests served within capacity (per sharer at most its capacity
  counts) against the exact maximum over all eligible pairs (max flow, computed here
  independently of the engine's own proof);
- covered / coverable: learners with at least one suggestion within capacity (the most
  learners the suggestions can serve once each with no sharer over capacity) against the
  most learners any assignment within capacities can give one (max flow with one unit per
  learner, also independent of the engine);
- worst off: the fewest suggestions of any learner with an eligible request (capacity
  ignored);
- Gini: the Gini coefficient of sharer utilisation (learners given / capacity, over the
  sharers with capacity; 0 is perfectly even);
- over capacity: sharers given more learners than their capacity (and the excess);
- mean score: mean pair score + request priority (``scoring``; no kept or swap points);
- load: the most learners given to one sharer, and the mean over sharers given any;
- churn: after ``perturb`` edits 1% of the entries, the share of suggestions for requests
  that still exist whose sharer changed, each engine re-run with its own previous
  suggestions as history; averaged over ``CHURN_DRAWS`` independent edits, because one
  edit that happens to hit a sharer a baseline piles hundreds of learners on moves a
  large share of that baseline's suggestions at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from wikisync.dev import synth
from wikisync.dev.baselines import (
    covered_within_capacity,
    eligible_learners,
    maximum_covered,
    maximum_matched,
    overlap_baseline,
    random_baseline,
)
from wikisync.matching import match
from wikisync.matching.history import MatchHistory
from wikisync.matching.roster import Roster, build_roster
from wikisync.matching.scoring import request_priority, scored_pairs
from wikisync.matching.settings import MatchSettings
from wikisync.model import LearnRequest, MatchResult, Person, Taxonomy

IntArray = NDArray[np.int64]

ENGINE = "optimal, participants"
ENGINE_REQUESTS = "optimal, requests"
RANDOM = "random eligible"
OVERLAP = "skill overlap"

#: Share of entries ``perturb`` edits between the two runs of the churn measurement.
CHURN_FRACTION = 0.01
#: Independent edits the churn is averaged over.
CHURN_DRAWS = 5


@dataclass(frozen=True, slots=True)
class EngineScore:
    """How one matcher did (see the module docstring for each measure)."""

    name: str
    suggested: int
    served: int
    feasible_share: float
    covered: int
    coverable_share: float
    worst_off: int
    gini: float
    over_capacity: int
    excess: int
    mean_score: float
    max_load: int
    mean_load: float
    churn: float


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """The programme evaluated and one row per matcher, the engine first."""

    people: int
    skills: int
    seed: int
    open_requests: int
    feasible_maximum: int
    learners: int
    coverable_maximum: int
    rows: tuple[EngineScore, ...]


Assignment = Mapping[LearnRequest, str]


Matcher = Callable[[Roster], dict[int, int]]


def evaluate(n_people: int = 1000, seed: int = 1, n_skills: int = 60) -> EvaluationReport:
    """Compare the engine with the baselines on a synthetic programme (module docstring)."""
    taxonomy = synth.generate_taxonomy(n_skills, seed)
    people = synth.generate_people(n_people, taxonomy, seed)
    settings = MatchSettings()
    roster = build_roster(people, taxonomy, (), MatchHistory(), settings, synth.REFERENCE_DATE)
    baselines: dict[str, Matcher] = {
        RANDOM: lambda r: random_baseline(r, settings, seed),
        OVERLAP: lambda r: overlap_baseline(r, settings),
    }
    firsts = {
        name: match(people, taxonomy, (), MatchHistory(), engine, synth.REFERENCE_DATE)
        for name, engine in ENGINES.items()
    }
    before = {name: _as_assignment(result) for name, result in firsts.items()}
    before.update({name: _named(roster, run(roster)) for name, run in baselines.items()})
    churn = _mean_churn(people, taxonomy, seed, firsts, before, baselines)
    bound = Bounds(
        maximum_matched(roster, settings),
        maximum_covered(roster, settings),
        eligible_learners(roster, settings),
    )
    return EvaluationReport(
        people=n_people,
        skills=n_skills,
        seed=seed,
        open_requests=int(roster.request_open.sum()),
        feasible_maximum=bound.served,
        learners=int(bound.learners.sum()),
        coverable_maximum=bound.covered,
        rows=tuple(
            _measure(name, roster, settings, bound, before[name], churn[name]) for name in before
        ),
    )


#: The engine under each objective, in the order of the report.
ENGINES = {
    ENGINE: MatchSettings(objective="participants"),
    ENGINE_REQUESTS: MatchSettings(objective="requests"),
}


@dataclass(frozen=True, slots=True)
class Bounds:
    """The most requests served and learners covered, and who has an eligible request."""

    served: int
    covered: int
    learners: NDArray[np.bool_]


def _mean_churn(
    people: Sequence[Person],
    taxonomy: Taxonomy,
    seed: int,
    firsts: Mapping[str, MatchResult],
    before: Mapping[str, Assignment],
    baselines: Mapping[str, Matcher],
) -> dict[str, float]:
    """Each matcher's churn, averaged over ``CHURN_DRAWS`` edits of the programme."""
    today = synth.REFERENCE_DATE
    histories = {name: MatchHistory().after(first, today) for name, first in firsts.items()}
    totals = dict.fromkeys(before, 0.0)
    for draw in range(1, CHURN_DRAWS + 1):
        changed = synth.perturb(people, CHURN_FRACTION, seed + draw)
        later = build_roster(changed, taxonomy, (), MatchHistory(), MatchSettings(), today)
        after = {
            name: _as_assignment(match(changed, taxonomy, (), histories[name], engine, today))
            for name, engine in ENGINES.items()
        }
        after.update({name: _named(later, run(later)) for name, run in baselines.items()})
        for name in before:
            totals[name] += _churn(before[name], after[name], later)
    return {name: total / CHURN_DRAWS for name, total in totals.items()}


def _as_assignment(result: MatchResult) -> Assignment:
    return {LearnRequest(s.learner, s.skill): s.sharer for s in result.suggestions}


def _named(roster: Roster, chosen: Mapping[int, int]) -> Assignment:
    return {roster.request_at(request): roster.names[sharer] for request, sharer in chosen.items()}


def _churn(before: Assignment, after: Assignment, later: Roster) -> float:
    """Share of earlier suggestions, for requests still open, whose sharer is not the same."""
    still_open = {later.request_at(i) for i in np.flatnonzero(later.request_open).tolist()}
    kept_requests = [request for request in before if request in still_open]
    if not kept_requests:
        return 0.0
    changed = sum(1 for request in kept_requests if after.get(request) != before[request])
    return changed / len(kept_requests)


def _measure(
    name: str,
    roster: Roster,
    settings: MatchSettings,
    bound: Bounds,
    assignment: Assignment,
    churn: float,
) -> EngineScore:
    index = {roster.request_at(position): position for position in range(roster.n_requests)}
    requests = np.array([index[request] for request in assignment], dtype=np.int64)
    sharers = np.array([roster.index[name] for name in assignment.values()], dtype=np.int64)
    load = np.bincount(sharers, minlength=roster.size)
    served = int(np.minimum(load, roster.capacity).sum())
    over = load > roster.capacity
    scores = _scores(roster, settings, requests, sharers)
    loaded = load[load > 0]
    given = np.bincount(roster.request_person[requests], minlength=roster.size)
    covered = covered_within_capacity(roster, requests, sharers)
    return EngineScore(
        name=name,
        suggested=len(requests),
        served=served,
        feasible_share=served / bound.served if bound.served else 1.0,
        covered=covered,
        coverable_share=covered / bound.covered if bound.covered else 1.0,
        worst_off=int(given[bound.learners].min()) if bound.learners.any() else 0,
        gini=gini(_utilisation(roster, load)),
        over_capacity=int(over.sum()),
        excess=int((load - roster.capacity)[over].sum()),
        mean_score=float(scores.mean()) if len(scores) else 0.0,
        max_load=int(loaded.max()) if len(loaded) else 0,
        mean_load=float(loaded.mean()) if len(loaded) else 0.0,
        churn=churn,
    )


def _utilisation(roster: Roster, load: IntArray) -> NDArray[np.float64]:
    """Learners given / capacity of every available sharer with capacity."""
    sharers = np.unique(roster.share_person)
    sharers = sharers[roster.capacity[sharers] > 0]
    return np.asarray(load[sharers] / roster.capacity[sharers], dtype=np.float64)


def gini(values: NDArray[np.float64]) -> float:
    """The Gini coefficient of ``values`` (>= 0): 0 when all are equal, near 1 when one
    holds everything; 0 for no values or all zero."""
    total = float(values.sum())
    if not len(values) or total == 0:
        return 0.0
    ordered = np.sort(values)
    ranks = np.arange(1, len(ordered) + 1)
    return float(
        2 * (ranks * ordered).sum() / (len(ordered) * total) - (len(ordered) + 1) / len(ordered)
    )


def _scores(
    roster: Roster, settings: MatchSettings, requests: IntArray, sharers: IntArray
) -> IntArray:
    points, _ = scored_pairs(roster, roster.request_person[requests], sharers, settings)
    return points + request_priority(roster, settings)[requests]


def format_report(report: EvaluationReport) -> str:
    """The report as a plain-text table."""
    lines = [
        f"{report.people:,} people, {report.skills} skills, seed {report.seed}: "
        f"{report.open_requests:,} open requests, feasible maximum {report.feasible_maximum:,}; "
        f"{report.learners:,} learners with an eligible request, coverable maximum "
        f"{report.coverable_maximum:,}; churn averaged over {CHURN_DRAWS} edits of "
        f"{CHURN_FRACTION:.0%} of the entries",
        "",
        f"{'matcher':<24}{'suggested':>10}{'served':>9}{'of max':>8}{'covered':>9}{'of max':>8}"
        f"{'worst':>7}{'over capacity':>15}{'mean score':>12}{'max/mean load':>15}"
        f"{'gini':>6}{'churn':>8}",
    ]
    for row in report.rows:
        over = f"{row.over_capacity} ({row.excess})"
        load = f"{row.max_load} / {row.mean_load:.2f}"
        lines.append(
            f"{row.name:<24}{row.suggested:>10,}{row.served:>9,}{row.feasible_share:>8.1%}"
            f"{row.covered:>9,}{row.coverable_share:>8.1%}{row.worst_off:>7}"
            f"{over:>15}{row.mean_score:>12.1f}{load:>15}{row.gini:>6.2f}{row.churn:>8.1%}"
        )
    return "\n".join(lines)


def time_matching(n_people: int, seed: int = 1, n_skills: int = 200) -> dict[str, float]:
    """Wall and CPU seconds of one ``match`` call on a synthetic programme (generation untimed)."""
    taxonomy = synth.generate_taxonomy(n_skills, seed)
    people = synth.generate_people(n_people, taxonomy, seed)
    requests = sum(len(person.learns) for person in people)
    wall, cpu = time.perf_counter(), time.process_time()
    result = match(people, taxonomy, (), MatchHistory(), MatchSettings(), synth.REFERENCE_DATE)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "people": n_people,
        "skills": n_skills,
        "requests": requests,
        "suggestions": len(result.suggestions),
        "wall_seconds": wall,
        "cpu_seconds": cpu,
    }
