"""Skills where a learning clinic would help: demand that pairs and groups leave unmet.

Demand, supply, room and the learners without a match are the skill's
:class:`~wikisync.model.SkillFigures` (people taking part, each once per skill). Per
candidate this module adds:

- ``hosts``: people who share it, take part and are willing to host a clinic
  (``clinic = yes``);
- ``languages`` / ``regions``: those of the learners without a match, with counts, most
  common first (the clinic's planning needs: which language, which time of day);
- ``suggested_hosts``: whom to ask first, at most three: the willing hosts, then the other
  available sharers who have met most learners in the skill (feedback ``met``), each with
  that count; ``interpretation``: for the learners who share no language with the
  first of them, the language each knows best, with counts;
- ``slots``: two UTC hours for the session (:func:`~wikisync.matching.meetings.two_slots`
  over the learners' time zones, within the waking window), each with the learners it
  suits.

A skill is a candidate when ``unmatched >= min_unmet``. Its score is
``unmet_weight * unmatched + gap_weight * max(0, demand - room) + host_weight * min(hosts, 3)``
(the gap is against room, the learners the sharers can still take, not against the number
of sharers); candidates are listed best first, ties by skill id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np
from numpy.typing import NDArray

from wikisync.matching.meetings import two_slots
from wikisync.matching.roster import MET, Roster, normal_username
from wikisync.matching.settings import ClinicSettings
from wikisync.model import ClinicCandidate, Feedback, Figures, SkillFigures, SuggestedHost

IntArray = NDArray[np.int64]

#: At most this many willing hosts add to a clinic's score.
COUNTED_HOSTS = 3
#: At most this many people are suggested as a clinic's hosts.
SUGGESTED_HOSTS = 3


def clinic_candidates(
    roster: Roster,
    settings: ClinicSettings,
    figures: Figures,
    feedback: Iterable[Feedback] = (),
    waking: tuple[int, int] = (8, 22),
) -> tuple[ClinicCandidate, ...]:
    """Clinic candidates, best first (module docstring); ``waking`` is the local waking
    window (``day_start``, ``day_end``) of the suggested slots."""
    met = met_learners(feedback)
    out = [
        _candidate(roster, settings, index, figures.skill(skill), met, waking)
        for index, skill in enumerate(roster.skills)
        if figures.skill(skill).unmatched >= max(settings.min_unmet, 1)
    ]
    return tuple(sorted(out, key=lambda candidate: (-candidate.score, candidate.skill)))


def met_learners(feedback: Iterable[Feedback]) -> Counter[tuple[str, str]]:
    """(sharer, skill) -> the distinct learners the sharer met in the skill."""
    pairs = {
        (normal_username(f.sharer), f.skill, normal_username(f.learner))
        for f in feedback
        if f.status == MET
    }
    return Counter((sharer, skill) for sharer, skill, _ in pairs)


def _candidate(
    roster: Roster,
    settings: ClinicSettings,
    skill: int,
    figures: SkillFigures,
    met: Mapping[tuple[str, str], int],
    waking: tuple[int, int],
) -> ClinicCandidate:
    sharers = roster.sharers_of(skill)
    available = sharers[roster.available[sharers]]
    willing = available[roster.clinic[available]]
    hosts = tuple(sorted(roster.names[person] for person in willing.tolist()))
    learners = np.array(
        [roster.index[normal_username(name)] for name in figures.waiting], dtype=np.int64
    )
    score = (
        settings.unmet_weight * figures.unmatched
        + settings.gap_weight * max(0, figures.demand - figures.room)
        + settings.host_weight * min(len(hosts), COUNTED_HOSTS)
    )
    languages = _ranked(_spoken(roster, learners))
    suggested = _suggested_hosts(roster, available, figures.skill, met)
    timed = learners[roster.offset_known[learners]]
    return ClinicCandidate(
        skill=figures.skill,
        hosts=hosts,
        languages=languages,
        regions=_ranked(_regions(roster, learners)),
        score=score,
        suggested_hosts=suggested,
        interpretation=_interpretation(roster, suggested, learners),
        slots=two_slots([int(o) for o in roster.offset[timed].tolist()], *waking),
        timed=len(timed),
    )


def _suggested_hosts(
    roster: Roster, available: IntArray, skill: str, met: Mapping[tuple[str, str], int]
) -> tuple[SuggestedHost, ...]:
    """Willing hosts, then sharers who met learners in the skill, most met first."""
    names = roster.names
    chosen = [
        SuggestedHost(name, willing, count)
        for person, willing in zip(
            available.tolist(), roster.clinic[available].tolist(), strict=True
        )
        for name in [names[person]]
        for count in [met.get((name, skill), 0)]
        if willing or count
    ]
    chosen.sort(key=lambda host: (not host.willing, -host.met, host.name))
    return tuple(chosen[:SUGGESTED_HOSTS])


def _interpretation(
    roster: Roster, suggested: tuple[SuggestedHost, ...], learners: IntArray
) -> tuple[tuple[str, int], ...] | None:
    """The languages to interpret into, with how many learners need each: a learner who
    shares no language with the first suggested host counts once, in the language they
    know best (the first by code on a tie); learners who list no language are left out.
    None when there is no host to plan for."""
    if not suggested:
        return None
    host = roster.index[suggested[0].name]
    hosts_languages = roster.speaks(np.array([host], dtype=np.int64))[0]
    speaks = roster.speaks(learners)
    stranded = learners[speaks.any(axis=1) & ~speaks[:, hosts_languages].any(axis=1)]
    strongest = np.argmax(roster.levels[stranded], axis=1)
    return _ranked(Counter(roster.languages[i] for i in strongest.tolist()))


def _spoken(roster: Roster, learners: IntArray) -> Counter[str]:
    speaks = roster.speaks(learners).sum(axis=0)
    return Counter({roster.languages[i]: int(n) for i, n in enumerate(speaks.tolist()) if n})


def _regions(roster: Roster, learners: IntArray) -> Counter[str]:
    region = roster.region[learners]
    counts = np.bincount(region[region >= 0], minlength=len(roster.regions))
    return Counter({roster.regions[i]: int(n) for i, n in enumerate(counts.tolist()) if n})


def _ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
