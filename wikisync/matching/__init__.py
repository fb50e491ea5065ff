"""Matching: one-to-one suggestions, learning groups and learning-clinic candidates.

``match`` is the whole stage: it takes normalised people, the taxonomy, feedback and the
history of earlier runs, and returns a ``MatchResult`` for the renderers. The same input
always gives the same result, whatever order the records come in.

Modules, in the order data flows through them::

    settings    MatchSettings and its weights (the ``matching`` table of the JSON config)
    history     what earlier runs suggested, how long requests have waited
    roster      the programme as indexed arrays, availability and bans
    scoring     pair score and request priority
    candidates  a pruned set of candidate pairs
    bound       the maximum count over all eligible pairs, from a compressed flow
    certify     proof that pruning lost no matches when a ban hides it from the bound
    assignment  the exact capacitated assignment solver
    _augment    its compiled kernel: shortest augmenting paths (Cython)
    pairs       suggestions with their reasons
    unmatched   why a request got nothing
    groups      learning groups
    figures     the figures every page shows: demand, supply, room, unmatched, met
    clinics     learning-clinic candidates
    shoptalk    shop-talk sessions between organisations (one offering, several asking)
    reasons     the reason codes
    baselines   naive matchers for comparison
    evaluate    the comparison report and match() timings
    arrays      small vectorised operations used by several of the above
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from wikisync.matching.assignment import Solved, StartOutcome, WarmStart
from wikisync.matching.clinics import clinic_candidates
from wikisync.matching.figures import figures_of, programme_figures
from wikisync.matching.groups import learning_groups
from wikisync.matching.history import MatchHistory
from wikisync.matching.meetings import described_groups
from wikisync.matching.pairs import suggest_pairs
from wikisync.matching.roster import build_roster
from wikisync.matching.settings import ClinicSettings, GroupSettings, MatchSettings, Weights
from wikisync.model import Feedback, MatchResult, Person, Taxonomy

__all__ = [
    "ClinicSettings",
    "GroupSettings",
    "MatchHistory",
    "MatchSettings",
    "Matched",
    "StartOutcome",
    "WarmStart",
    "Weights",
    "figures_of",
    "match",
    "match_from",
]


def match(
    people: Iterable[Person],
    taxonomy: Taxonomy,
    feedback: Iterable[Feedback],
    history: MatchHistory,
    settings: MatchSettings,
    today: dt.date,
) -> MatchResult:
    """Pair suggestions, learning groups, clinic candidates and the figures of the programme
    on ``today``.

    ``feedback`` removes met requests and bans declined pairs; ``history`` keeps earlier
    suggestions and groups stable and says how long requests have waited. Pass
    ``MatchHistory()`` and ``MatchSettings()`` for a first run with default settings.
    """
    return match_from(people, taxonomy, feedback, history, settings, today).result


@dataclass(frozen=True, slots=True)
class Matched:
    """A match result and how its exact solve went (``solved.start`` is what the next
    run may start from)."""

    result: MatchResult
    solved: Solved


def match_from(
    people: Iterable[Person],
    taxonomy: Taxonomy,
    feedback: Iterable[Feedback],
    history: MatchHistory,
    settings: MatchSettings,
    today: dt.date,
    start: WarmStart | None = None,
) -> Matched:
    """:func:`match`, its exact solve started from ``start`` (the last run's): the result
    is the same with any start or none, only found sooner."""
    feedback = tuple(feedback)
    roster = build_roster(people, taxonomy, feedback, history, settings, today)
    pairing = suggest_pairs(roster, settings, start)
    formed = learning_groups(roster, settings.groups, pairing, history.groups)
    groups = described_groups(roster, formed, history.groups, settings.day_start, settings.day_end)
    figures = dataclasses.replace(
        programme_figures(roster, pairing.suggestions, groups, feedback),
        released=int(roster.request_released[roster.request_open].sum()),
        paused=len(history.paused),
    )
    waking = (settings.day_start, settings.day_end)
    clinics = clinic_candidates(roster, settings.clinics, figures, feedback, waking)
    result = MatchResult(
        suggestions=pairing.suggestions,
        unmatched=pairing.unmatched,
        groups=groups,
        clinics=clinics,
        figures=figures,
    )
    return Matched(result, pairing.solved)
