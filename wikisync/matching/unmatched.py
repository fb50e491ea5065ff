"""Why a learn request got no suggestion: the first of the reasons in ``reasons`` that applies.

The checks go from the request outwards: is the skill known and the learner taking part;
does anyone else share the skill, take part, have capacity left, speak one of the
learner's languages, and not stand under a ban. A request that passes every check had
eligible sharers whose capacity went to other learners (``sharers-full``). Counts are
vectorised per (skill, language); only requests whose few compatible sharers are all
banned are looked at one by one.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from wikisync.matching import reasons as codes
from wikisync.matching.reasons import ReasonBook, reason_column, reason_tuples
from wikisync.matching.roster import Roster
from wikisync.matching.settings import MatchSettings
from wikisync.model import AccountState, Reason, Status

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


#: The first reasons, in the order they are checked (``_first_reasons`` gives the index);
#: ``learner-away`` stands for ``learner-inactive`` and the account reasons too, ``_reason``
#: tells them apart.
_FIRST = (
    codes.UNKNOWN_SKILL,
    codes.LEARNER_AWAY,
    codes.NO_SHARER,
    codes.SHARERS_AWAY,
    codes.SHARERS_FULL,
    codes.NO_COMMON_LANGUAGE,
    codes.EXCLUDED,
)

#: Why a learner is out of matching when the account checks took them out.
_ACCOUNT_REASONS = {
    AccountState.MISSING: codes.LEARNER_ACCOUNT_MISSING,
    AccountState.BLOCKED: codes.LEARNER_ACCOUNT_BLOCKED,
    AccountState.DORMANT: codes.LEARNER_ACCOUNT_DORMANT,
}


def unmatched_reasons(
    roster: Roster, settings: MatchSettings, requests: IntArray
) -> list[tuple[Reason, ...]]:
    """Reasons for each request in ``requests`` (request indices of the roster)."""
    book = ReasonBook()
    code, value = _first_reasons(roster, settings, requests)
    days = roster.waited_days[requests]
    first = reason_column(
        np.ones(len(requests), dtype=bool),
        [code, value],
        lambda index, argument: _reason(roster, book, _FIRST[index], argument),
    )
    waited = reason_column(
        days >= codes.WAITED_MIN_DAYS, [days], lambda day: book.get(codes.WAITED, day)
    )
    return reason_tuples([first, waited])


def _first_reasons(
    roster: Roster, settings: MatchSettings, requests: IntArray
) -> tuple[IntArray, IntArray]:
    """Per request, the index in ``_FIRST`` of the first reason that applies, and its value.

    The value is the sharer count the reason reports, the request itself for
    ``unknown-skill`` and the learner for ``learner-away`` (``_reason`` turns these into the
    reason's arguments).
    """
    counts = _SharerCounts(roster, requests)
    compatible = _compatible_exists(roster, settings, requests)
    eligible = _eligible_exists(roster, settings, requests, compatible)
    learners = roster.request_person[requests]
    checks = [
        roster.request_skill[requests] < 0,
        ~roster.available[learners],
        counts.everyone <= 0,
        counts.available <= 0,
        counts.open <= 0,
        ~compatible,
        ~eligible,
    ]
    values = [
        requests,
        learners,
        np.zeros(len(requests), dtype=np.int64),
        counts.everyone,
        counts.available,
        counts.open,
        counts.open,
    ]
    full = _FIRST.index(codes.SHARERS_FULL)
    code = np.select(checks, list(range(len(_FIRST))), default=full)
    value = np.select(checks, values, default=counts.open)
    return code.astype(np.int64), value.astype(np.int64)


def _reason(roster: Roster, book: ReasonBook, code: str, value: int) -> Reason:
    """The reason ``code`` for the value ``_first_reasons`` gives with it."""
    if code == codes.UNKNOWN_SKILL:
        return book.get(code, roster.request_skill_ids[value])
    if code == codes.LEARNER_AWAY:
        learner = roster.people[value]
        if learner.status is not Status.AWAY:
            return book.get(_ACCOUNT_REASONS.get(learner.account, codes.LEARNER_INACTIVE))
        until = (learner.away_until.isoformat(),) if learner.away_until else ()
        return book.get(code, *until)
    if code == codes.NO_SHARER:
        return book.get(code)
    return book.get(code, value)


class _SharerCounts:
    """Per request: people who share its skill, those taking part, those with capacity left.

    The learner is never counted as their own sharer.
    """

    def __init__(self, roster: Roster, requests: IntArray) -> None:
        n_skills = max(1, len(roster.skills))
        person, skill = roster.share_person, roster.share_skill
        available = roster.available[person]
        open_ = roster.capacity[person] > 0
        skills = np.maximum(roster.request_skill[requests], 0)
        learners = roster.request_person[requests]
        own = roster.offers(learners, skills)
        self.everyone = np.bincount(skill, minlength=n_skills)[skills] - own
        self.available = np.bincount(skill[available], minlength=n_skills)[skills] - (
            own & roster.available[learners]
        )
        self.open = np.bincount(skill[open_], minlength=n_skills)[skills] - (
            own & (roster.capacity[learners] > 0)
        )


def _open_buckets(roster: Roster) -> tuple[IntArray, IntArray]:
    """Sorted (skill, language) keys of sharers with capacity left, and their counts."""
    records = np.flatnonzero(roster.capacity[roster.share_person] > 0)
    _, keys = roster.language_buckets(
        roster.share_person[records], roster.share_skill[records], by_language=True
    )
    values, counts = np.unique(keys, return_counts=True)
    return values.astype(np.int64), counts.astype(np.int64)


def _compatible_counts(roster: Roster, requests: IntArray) -> IntArray:
    """Per request, the largest number of open sharers speaking one of the learner's languages.

    The learner's own share record (they speak all their languages) is left out.
    """
    keys, counts = _open_buckets(roster)
    learners = roster.request_person[requests]
    entry, wanted = roster.language_buckets(
        learners, roster.request_skill[requests], by_language=True
    )
    size = _lookup(keys, counts, wanted)
    skills = roster.request_skill[requests[entry]]
    own = roster.offers(learners[entry], skills) & (roster.capacity[learners[entry]] > 0)
    best = np.zeros(len(requests), dtype=np.int64)
    np.maximum.at(best, entry, size - own)
    return best


def _lookup(keys: IntArray, counts: IntArray, wanted: IntArray) -> IntArray:
    """``counts`` at ``wanted`` positions of the sorted ``keys``; 0 where a key is missing."""
    if not len(keys):
        return np.zeros(len(wanted), dtype=np.int64)
    found = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[found] == wanted, counts[found], 0).astype(np.int64)


def _compatible_exists(roster: Roster, settings: MatchSettings, requests: IntArray) -> BoolArray:
    if settings.language_policy == "preferred":
        return np.ones(len(requests), dtype=bool)
    return np.asarray(_compatible_counts(roster, requests) > 0)


def _eligible_exists(
    roster: Roster, settings: MatchSettings, requests: IntArray, compatible: BoolArray
) -> BoolArray:
    """Whether some compatible open sharer is not banned (only banned pairs are checked)."""
    eligible = compatible.copy()
    banned = _banned_compatible(roster, settings, requests)
    suspects = np.flatnonzero(compatible & (banned > 0))
    for position in suspects.tolist():
        request = int(requests[position])
        eligible[position] = bool(_eligible_sharers(roster, settings, request).size)
    return eligible


def _banned_compatible(roster: Roster, settings: MatchSettings, requests: IntArray) -> IntArray:
    """Per request, banned other people who share the skill, have capacity and a language."""
    position_of = np.full(roster.n_requests, -1, dtype=np.int64)
    position_of[requests] = np.arange(len(requests))
    learners = roster.request_person[roster.banned_request]
    usable = (
        (position_of[roster.banned_request] >= 0)
        & (roster.banned_sharer != learners)
        & (roster.capacity[roster.banned_sharer] > 0)
    )
    if settings.language_policy == "required":
        shared = roster.speaks(learners) & roster.speaks(roster.banned_sharer)
        usable &= shared.any(axis=1)
    return np.bincount(position_of[roster.banned_request[usable]], minlength=len(requests)).astype(
        np.int64
    )


def _eligible_sharers(roster: Roster, settings: MatchSettings, request: int) -> IntArray:
    sharers = roster.sharers_of(int(roster.request_skill[request]))
    sharers = sharers[roster.capacity[sharers] > 0]
    learner = int(roster.request_person[request])
    if settings.language_policy == "required":
        mine = roster.speaks(np.array([learner], dtype=np.int64))[0]
        sharers = sharers[(roster.speaks(sharers) & mine).any(axis=1)]
    skill = int(roster.request_skill[request])
    banned = roster.is_forbidden(
        np.full(len(sharers), learner, dtype=np.int64),
        sharers,
        np.full(len(sharers), skill, dtype=np.int64),
    )
    return sharers[~banned]
