"""The integer score of a (learner, sharer) pair and of a learn request's priority.

``MatchSettings.weights`` documents every term. Pair terms (language, time overlap, region)
depend on the two people; priority terms (rarity of the skill, weeks waited) depend only on
the request and decide which requests get scarce sharers; history terms (kept, swap) are
added by the pair matcher. Everything is vectorised over arrays of person indices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from wikisync.matching.roster import Roster
from wikisync.matching.settings import MatchSettings

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """What two people have in common, one entry per pair.

    ``language`` is the index (into ``Roster.languages``) of the best common language and
    ``level`` the Babel level both can use in it; both are -1 without a common language.
    ``hours`` counts whole waking hours in common, ``hours_known`` whether both time zones
    are known; ``region_bonus`` whether the region preference is met.
    """

    language: IntArray
    level: IntArray
    hours: IntArray
    hours_known: BoolArray
    region_bonus: BoolArray


def pair_features(
    roster: Roster, learners: IntArray, sharers: IntArray, settings: MatchSettings
) -> PairFeatures:
    """The features of each (learner, sharer) pair."""
    language, level = _best_common_language(roster, learners, sharers)
    hours, known = _waking_overlap(roster, learners, sharers, settings)
    return PairFeatures(
        language, level, hours, known, _region_bonus(roster, learners, sharers, settings)
    )


def available_sharers(roster: Roster) -> IntArray:
    """How many people who share each skill take part in matching now (with capacity left)."""
    active = roster.capacity[roster.share_person] > 0
    return np.bincount(roster.share_skill[active], minlength=len(roster.skills)).astype(np.int64)


def rarity_points(sharers: IntArray, settings: MatchSettings) -> IntArray:
    """Points per skill for being rare: ``rarity`` x (rare_skill_sharers + 1 - sharers)."""
    steps = np.maximum(settings.rare_skill_sharers + 1 - sharers, 0)
    return np.where(sharers > 0, settings.weights.rarity * steps, 0).astype(np.int64)


def waiting_points(waited_days: IntArray, settings: MatchSettings) -> IntArray:
    """Points per request for full weeks waited, capped at ``max_waiting_weeks``."""
    weeks = np.minimum(waited_days // 7, settings.max_waiting_weeks)
    return np.asarray(settings.weights.waiting * weeks, dtype=np.int64)


def request_priority(roster: Roster, settings: MatchSettings) -> IntArray:
    """Rarity plus waiting points for every request (0 for requests with an unknown skill)."""
    rarity = rarity_points(available_sharers(roster), settings)
    skill_rarity = np.where(
        roster.request_skill >= 0, rarity[np.maximum(roster.request_skill, 0)], 0
    )
    return np.asarray(skill_rarity + waiting_points(roster.waited_days, settings), dtype=np.int64)


def scored_pairs(
    roster: Roster, learners: IntArray, sharers: IntArray, settings: MatchSettings
) -> tuple[IntArray, BoolArray]:
    """Each pair's points, and whether the two have a common language.

    Points for language (``language`` x the level of ``pair_features``' best common
    language), time overlap and region, or the no-common-language cost instead of the
    language points. Which language is common is not worked out: candidate generation
    scores millions of pairs and needs no more.
    """
    level = _best_common_level(roster, learners, sharers)
    weights = settings.weights
    common = level >= 0
    score = np.where(common, weights.language * level.astype(np.int64), -weights.no_common_language)
    score += _time_and_region_points(roster, learners, sharers, settings)
    return np.asarray(score, dtype=np.int64), np.asarray(common)


def _best_common_language(
    roster: Roster, learners: IntArray, sharers: IntArray
) -> tuple[IntArray, IntArray]:
    """The common language with the highest usable level (ties: lowest index), and that level.

    Goes through the learner's few languages (``Roster.spoken``, ascending) and looks up the
    sharer's level in each.
    """
    language = np.full(len(learners), -1, dtype=np.int64)
    level = np.full(len(learners), -1, dtype=np.int64)
    for slot in range(roster.spoken.shape[1]):
        code = roster.spoken[learners, slot].astype(np.int64)
        mine = roster.spoken_levels[learners, slot]
        theirs = roster.levels[sharers, np.maximum(code, 0)]
        usable = (code >= 0) & (theirs >= roster.min_level)
        candidate = np.where(usable, np.minimum(mine, theirs), -1)
        better = candidate > level
        level = np.where(better, candidate, level)
        language = np.where(better, code, language)
    return language, level


def _best_common_level(roster: Roster, learners: IntArray, sharers: IntArray) -> NDArray[np.int8]:
    """The level of ``_best_common_language`` alone (-1 without a common language).

    Goes through the sharer's few languages and looks up the learner's level in each: the
    highest of the lower of the two levels, counting only languages both speak at
    ``min_level`` or above. Pairs usually come sorted by learner, so the lookups in the
    learner's row stay in the cache. A padding slot (language -1) reads some level of the
    learner, but the sharer's level there is -1, which the lower of the two keeps.
    """
    width = roster.levels.shape[1]
    levels = roster.levels.reshape(-1)
    rows = learners * width
    level = np.full(len(learners), -1, dtype=np.int8)
    for slot in range(roster.spoken.shape[1]):
        code = np.ascontiguousarray(roster.spoken[:, slot]).take(sharers)
        theirs = np.ascontiguousarray(roster.spoken_levels[:, slot]).take(sharers)
        np.maximum(level, np.minimum(levels.take(rows + code), theirs), out=level)
    level[level < roster.min_level] = -1
    return level


def _waking_overlap(
    roster: Roster, learners: IntArray, sharers: IntArray, settings: MatchSettings
) -> tuple[IntArray, BoolArray]:
    """Whole hours both are awake; half the waking window when a time zone is unknown."""
    window = (settings.day_end - settings.day_start) * 60
    shift = roster.offset[learners] - roster.offset[sharers]
    shift = np.abs((shift + MINUTES_PER_DAY // 2) % MINUTES_PER_DAY - MINUTES_PER_DAY // 2)
    overlap = np.maximum(window - shift, 0) + np.maximum(window - (MINUTES_PER_DAY - shift), 0)
    known = roster.offset_known[learners] & roster.offset_known[sharers]
    neutral = (settings.day_end - settings.day_start) // 2
    return np.where(known, overlap // 60, neutral).astype(np.int64), np.asarray(known)


def _time_and_region_points(
    roster: Roster, learners: IntArray, sharers: IntArray, settings: MatchSettings
) -> IntArray:
    """``time_overlap`` x common hours plus ``region`` x region bonus, for each pair.

    Both terms depend only on each person's UTC offset, whether it is known, and region,
    and people differ little in those: the points of every pair of such kinds of people
    come from a small table.
    """
    kind, example = _person_kinds(roster)
    kinds = len(example)
    if kinds * kinds > len(learners):
        return _direct_time_and_region_points(roster, learners, sharers, settings)
    first, second = np.divmod(np.arange(kinds * kinds, dtype=np.int64), kinds)
    table = _direct_time_and_region_points(roster, example[first], example[second], settings)
    return table.take(kind[learners] * kinds + kind[sharers])


def _direct_time_and_region_points(
    roster: Roster, learners: IntArray, sharers: IntArray, settings: MatchSettings
) -> IntArray:
    weights = settings.weights
    hours, _ = _waking_overlap(roster, learners, sharers, settings)
    bonus = _region_bonus(roster, learners, sharers, settings)
    return np.asarray(weights.time_overlap * hours + weights.region * bonus, dtype=np.int64)


def _person_kinds(roster: Roster) -> tuple[IntArray, IntArray]:
    """Each person's kind (UTC offset, whether it is known, region) and one person per kind."""
    regions = len(roster.regions) + 1
    offset = roster.offset - (int(roster.offset.min()) if roster.size else 0)
    key = (offset * 2 + roster.offset_known) * regions + roster.region + 1
    _, example, kind = np.unique(key, return_index=True, return_inverse=True)
    return kind.astype(np.int64), example.astype(np.int64)


def _region_bonus(
    roster: Roster, learners: IntArray, sharers: IntArray, settings: MatchSettings
) -> BoolArray:
    mine, theirs = roster.region[learners], roster.region[sharers]
    known = (mine >= 0) & (theirs >= 0)
    if settings.region_preference == "same":
        return np.asarray(known & (mine == theirs))
    if settings.region_preference == "different":
        return np.asarray(known & (mine != theirs))
    return np.zeros(len(learners), dtype=bool)
