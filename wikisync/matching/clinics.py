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

from wikisync.matching.pairs import Pairing
from wikisync.matching.roster import Roster
from wikisync.matching.settings import ClinicSettings
from wikisync.model import ClinicCandidate, Group

#: At most this many willing hosts add to a clinic's score.
COUNTED_HOSTS = 3


def clinic_candidates(
    roster: Roster, settings: ClinicSettings, pairing: Pairing, groups: Sequence[Group]
) -> tuple[ClinicCandidate, ...]:
    """Clinic candidates, best first (module docstring)."""
    grouped = {(name, group.skill) for group in groups for name in group.members}
    demand = np.bincount(
        roster.request_skill[roster.request_open], minlength=len(roster.skills)
    ).astype(np.int64)
    sharing = roster.capacity[roster.share_person]
    supply = np.bincount(roster.share_skill, weights=sharing, minlength=len(roster.skills))
    waiting: dict[int, list[int]] = {}
    for request in np.flatnonzero(roster.request_open & ~pairing.matched).tolist():
        learner = roster.request_learners[request]
        if (learner, roster.request_skill_ids[request]) not in grouped:
            waiting.setdefault(int(roster.request_skill[request]), []).append(
                int(roster.request_person[request])
            )
    out = [
        _candidate(roster, settings, skill, int(demand[skill]), int(supply[skill]), learners)
        for skill, learners in sorted(waiting.items())
        if len(learners) >= settings.min_unmet
    ]
    return tuple(sorted(out, key=lambda candidate: (-candidate.score, candidate.skill)))


def _candidate(
    roster: Roster,
    settings: ClinicSettings,
    skill: int,
    demand: int,
    supply: int,
    learners: list[int],
) -> ClinicCandidate:
    hosts = tuple(
        sorted(
            roster.names[int(person)]
            for person in roster.sharers_of(skill)
            if roster.available[person] and roster.people[int(person)].clinic
        )
    )
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
        regions=_ranked(
            Counter(
                roster.regions[int(roster.region[p])] for p in learners if roster.region[p] >= 0
            )
        ),
        score=score,
    )


def _spoken(roster: Roster, learners: list[int]) -> Counter[str]:
    speaks = roster.speaks(np.array(learners, dtype=np.int64)).sum(axis=0)
    return Counter({roster.languages[i]: int(n) for i, n in enumerate(speaks.tolist()) if n})


def _ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
