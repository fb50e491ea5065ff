"""Skills where a learning clinic would help: demand that pairs and groups leave unmet.

Per skill, over people taking part:

- ``demand``: open learn requests (met requests are not counted);
- ``supply``: the total remaining capacity of the people who share it (a person sharing
  several skills counts fully for each, so this is an upper bound on what they can give);
- ``unmet``: requests left with neither a pair suggestion nor a group;
- ``hosts``: people who share it and are willing to host a clinic (``clinic = yes``);
- ``languages`` / ``regions``: those of the unmet learners, with counts, most common first
  (the clinic's planning needs: which language, which time of day).

A skill is a candidate when ``unmet >= min_unmet``. Its score is
``unmet_weight * unmet + gap_weight * max(0, demand - supply) + host_weight * min(hosts, 3)``;
candidates are listed best first, ties by skill id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from wikisync.matching.pairs import Pairing
from wikisync.matching.roster import Roster, contains
from wikisync.matching.settings import ClinicSettings
from wikisync.model import ClinicCandidate, Group

IntArray = NDArray[np.int64]

#: At most this many willing hosts add to a clinic's score.
COUNTED_HOSTS = 3


def clinic_candidates(
    roster: Roster, settings: ClinicSettings, pairing: Pairing, groups: Sequence[Group]
) -> tuple[ClinicCandidate, ...]:
    """Clinic candidates, best first (module docstring)."""
    demand = np.bincount(
        roster.request_skill[roster.request_open], minlength=len(roster.skills)
    ).astype(np.int64)
    sharing = roster.capacity[roster.share_person]
    supply = np.bincount(roster.share_skill, weights=sharing, minlength=len(roster.skills))
    out = [
        _candidate(roster, settings, skill, int(demand[skill]), int(supply[skill]), learners)
        for skill, learners in _waiting(roster, pairing, groups).items()
        if len(learners) >= settings.min_unmet
    ]
    return tuple(sorted(out, key=lambda candidate: (-candidate.score, candidate.skill)))


def _waiting(roster: Roster, pairing: Pairing, groups: Sequence[Group]) -> dict[int, IntArray]:
    """Skill -> learners (ascending) whose open request got neither a pair nor a group."""
    requests = np.flatnonzero(roster.request_open & ~pairing.matched)
    skills, learners = roster.request_skill[requests], roster.request_person[requests]
    n_skills = len(roster.skills)
    grouped = np.sort(_grouped_keys(roster, groups))
    keep = ~contains(grouped, learners * n_skills + skills)
    skills, learners = skills[keep], learners[keep]
    order = np.lexsort((learners, skills))
    skills, learners = skills[order], learners[order]
    if not len(skills):
        return {}
    starts = np.flatnonzero(np.r_[True, skills[1:] != skills[:-1]])
    return dict(zip(skills[starts].tolist(), np.split(learners, starts[1:]), strict=True))


def _grouped_keys(roster: Roster, groups: Sequence[Group]) -> IntArray:
    """``person * skills + skill`` of every group member of the roster, for that group's skill."""
    skill_index = {skill: position for position, skill in enumerate(roster.skills)}
    keys = [
        roster.index[name] * len(roster.skills) + skill_index[group.skill]
        for group in groups
        if group.skill in skill_index
        for name in group.members
        if name in roster.index
    ]
    return np.array(keys, dtype=np.int64)


def _candidate(
    roster: Roster,
    settings: ClinicSettings,
    skill: int,
    demand: int,
    supply: int,
    learners: IntArray,
) -> ClinicCandidate:
    sharers = roster.sharers_of(skill)
    willing = sharers[roster.available[sharers] & roster.clinic[sharers]]
    hosts = tuple(sorted(roster.names[person] for person in willing.tolist()))
    unmet = len(learners)
    score = (
        settings.unmet_weight * unmet
        + settings.gap_weight * max(0, demand - supply)
        + settings.host_weight * min(len(hosts), COUNTED_HOSTS)
    )
    return ClinicCandidate(
        skill=roster.skills[skill],
        demand=demand,
        supply=supply,
        unmet=unmet,
        hosts=hosts,
        languages=_ranked(_spoken(roster, learners)),
        regions=_ranked(_regions(roster, learners)),
        score=score,
    )


def _spoken(roster: Roster, learners: IntArray) -> Counter[str]:
    speaks = roster.speaks(learners).sum(axis=0)
    return Counter({roster.languages[i]: int(n) for i, n in enumerate(speaks.tolist()) if n})


def _regions(roster: Roster, learners: IntArray) -> Counter[str]:
    region = roster.region[learners]
    counts = np.bincount(region[region >= 0], minlength=len(roster.regions))
    return Counter({roster.regions[i]: int(n) for i, n in enumerate(counts.tolist()) if n})


def _ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
