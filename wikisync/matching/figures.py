"""The figures every page shows, computed once per run from the roster and the match.

:class:`~wikisync.model.SkillFigures` and :class:`~wikisync.model.Figures` define each
figure; this module counts them. The roster decides who takes part (``available``), which
requests are open (``request_open``: not met, skill known, learner taking part) and the
capacity left (``capacity``); the suggestions and groups decide which of those requests
are paired, grouped or waiting. Clinic candidates and every renderer read these figures
and never count on their own, so all pages agree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from numpy.typing import NDArray

from wikisync.matching.arrays import unique_sorted
from wikisync.matching.history import MatchHistory
from wikisync.matching.roster import DECLINED, MET, Roster, build_roster, contains, normal_username
from wikisync.matching.settings import MatchSettings
from wikisync.model import (
    Feedback,
    Figures,
    Group,
    MatchResult,
    Person,
    SkillFigures,
    Suggestion,
    Taxonomy,
)

IntArray = NDArray[np.int64]


def programme_figures(
    roster: Roster,
    suggestions: Sequence[Suggestion],
    groups: Sequence[Group],
    feedback: Iterable[Feedback],
) -> Figures:
    """The figures of the programme ``roster`` indexes, after these suggestions and groups."""
    n_skills = len(roster.skills)
    requests = np.flatnonzero(roster.request_open)
    persons, skills = roster.request_person[requests], roster.request_skill[requests]
    keys = persons * n_skills + skills
    paired = contains(_request_keys(roster, ((s.learner, s.skill) for s in suggestions)), keys)
    members = ((name, group.skill) for group in groups for name in group.members)
    grouped = ~paired & contains(_request_keys(roster, members), keys)
    waiting = ~paired & ~grouped
    sharing = roster.available[roster.share_person]
    share_person, share_skill = roster.share_person[sharing], roster.share_skill[sharing]
    room = np.bincount(
        share_skill, weights=roster.capacity[share_person], minlength=n_skills
    ).astype(np.int64)
    learners = _names_by_skill(roster, persons, skills)
    sharers = _names_by_skill(roster, share_person, share_skill)
    waiting_names = _names_by_skill(roster, persons[waiting], skills[waiting])
    paired_count = np.bincount(skills[paired], minlength=n_skills).tolist()
    grouped_count = np.bincount(skills[grouped], minlength=n_skills).tolist()
    met, declined = _reported(feedback)
    met_per_skill = Counter(skill for _, _, skill in met)
    per_skill = {
        skill: SkillFigures(
            skill=skill,
            learners=learners[index],
            sharers=sharers[index],
            room=int(room[index]),
            paired=int(paired_count[index]),
            grouped=int(grouped_count[index]),
            waiting=waiting_names[index],
            met=met_per_skill[skill],
        )
        for index, skill in enumerate(roster.skills)
    }
    return Figures(
        skills=per_skill,
        participants=roster.size,
        taking_part=int(roster.available.sum()),
        learners=len(np.unique(persons)),
        sharers=len(np.unique(share_person)),
        met=len(met),
        declined=len(declined),
        accepted=sum(suggestion.accepted for suggestion in suggestions),
        met_by_sharer=dict(sorted(Counter(met.values()).items())),
    )


def figures_of(
    people: Iterable[Person],
    taxonomy: Taxonomy,
    result: MatchResult,
    feedback: Iterable[Feedback],
    settings: MatchSettings,
    today: dt.date,
) -> Figures:
    """The figures of ``result`` for these people on ``today``, without matching again."""
    feedback = tuple(feedback)
    roster = build_roster(people, taxonomy, feedback, MatchHistory(), settings, today)
    return programme_figures(roster, result.suggestions, result.groups, feedback)


def _request_keys(roster: Roster, requests: Iterable[tuple[str, str]]) -> IntArray:
    """Sorted ``person * skills + skill`` of (learner, skill id) pairs the roster knows."""
    skill_index = {skill: position for position, skill in enumerate(roster.skills)}
    keys = [
        roster.index[learner] * len(roster.skills) + skill_index[skill]
        for name, skill in requests
        if skill in skill_index and (learner := normal_username(name)) in roster.index
    ]
    return unique_sorted(np.array(keys, dtype=np.int64))


def _names_by_skill(roster: Roster, persons: IntArray, skills: IntArray) -> list[tuple[str, ...]]:
    """Per skill index, the usernames of ``persons`` paired with it, in username order."""
    order = np.lexsort((persons, skills))
    counts = np.bincount(skills, minlength=len(roster.skills))
    usernames = np.array([person.username for person in roster.people], dtype=object)
    names = usernames[persons[order]].tolist()
    ends = np.cumsum(counts).tolist()
    return [
        tuple(names[end - count : end]) for end, count in zip(ends, counts.tolist(), strict=True)
    ]


def _reported(
    feedback: Iterable[Feedback],
) -> tuple[dict[tuple[str, str, str], str], set[tuple[str, str, str]]]:
    """Distinct (learner, sharer, skill) reported met (with the sharer as first written)
    and reported declined; names compared as MediaWiki stores them."""
    met: dict[tuple[str, str, str], str] = {}
    declined: set[tuple[str, str, str]] = set()
    for item in feedback:
        status = item.status.strip().lower()
        key = (normal_username(item.learner), normal_username(item.sharer), item.skill)
        if status == MET:
            met.setdefault(key, item.sharer)
        elif status == DECLINED:
            declined.add(key)
    return met, declined
