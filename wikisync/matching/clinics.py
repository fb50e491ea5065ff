"""Skills where a learning clinic would help: demand that pairs and groups leave unmet.

Demand, supply, room and the learners without a match are the skill's
:class:`~wikisync.model.SkillFigures` (people taking part, each once per skill). Per
candidate this module adds:

- ``hosts``: people who share it, take part and are willing to host a clinic
  (``clinic = yes``);
- ``languages`` / ``regions``: those of the learners without a match, with counts, most
  common first (the clinic's planning needs: which language, which time of day).

A skill is a candidate when ``unmatched >= min_unmet``. Its score is
``unmet_weight * unmatched + gap_weight * max(0, demand - room) + host_weight * min(hosts, 3)``
(the gap is against room, the learners the sharers can still take, not against the number
of sharers); candidates are listed best first, ties by skill id.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from numpy.typing import NDArray

from wikisync.matching.roster import Roster, normal_username
from wikisync.matching.settings import ClinicSettings
from wikisync.model import ClinicCandidate, Figures, SkillFigures

IntArray = NDArray[np.int64]

#: At most this many willing hosts add to a clinic's score.
COUNTED_HOSTS = 3


def clinic_candidates(
    roster: Roster, settings: ClinicSettings, figures: Figures
) -> tuple[ClinicCandidate, ...]:
    """Clinic candidates, best first (module docstring)."""
    out = [
        _candidate(roster, settings, index, figures.skill(skill))
        for index, skill in enumerate(roster.skills)
        if figures.skill(skill).unmatched >= max(settings.min_unmet, 1)
    ]
    return tuple(sorted(out, key=lambda candidate: (-candidate.score, candidate.skill)))


def _candidate(
    roster: Roster, settings: ClinicSettings, skill: int, figures: SkillFigures
) -> ClinicCandidate:
    sharers = roster.sharers_of(skill)
    willing = sharers[roster.available[sharers] & roster.clinic[sharers]]
    hosts = tuple(sorted(roster.names[person] for person in willing.tolist()))
    learners = np.array(
        [roster.index[normal_username(name)] for name in figures.waiting], dtype=np.int64
    )
    score = (
        settings.unmet_weight * figures.unmatched
        + settings.gap_weight * max(0, figures.demand - figures.room)
        + settings.host_weight * min(len(hosts), COUNTED_HOSTS)
    )
    return ClinicCandidate(
        skill=figures.skill,
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
