"""Small learning groups for learners who got no one-to-one suggestion.

Who goes into groups: learners taking part whose request for a known skill got no pair
suggestion (matched learners are already served). A group shares one language that every
member speaks (at the minimum level) and gathers ``min_size`` to ``max_size`` learners of
one skill around a host: someone taking part who shares the skill and speaks the language,
either a clinic host (``clinic = yes``) or a sharer with capacity left after the pair
suggestions, at most ``groups_per_host`` groups each. Nobody is grouped with someone they
must not be matched with (``do_not_match``, declined feedback).

How, per skill in id order:

1. Previous groups are kept: the members still waiting (at least ``min_size`` of them)
   stay together with their previous host when the host still qualifies.
2. The remaining learners are grouped language by language, the most widely spoken
   language first. Learners are ordered by time zone, so groups are time-zone neighbours;
   ``n`` learners make ``ceil(n / max_size)`` groups of near-equal size (7 -> 4 + 3, never
   5 + 1 + 1). Because ``max_size >= 2 * min_size - 1``, every split respects
   ``min_size``: no one is ever left alone in a group. Learners who do not fit (too few,
   or no host) simply stay ungrouped.

A group's id is a hash of skill, language and members, so it stays the same between runs
for as long as its members do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from wikisync.matching.pairs import Pairing
from wikisync.matching.roster import Roster, normal_username
from wikisync.matching.settings import GroupSettings
from wikisync.model import Group

IntArray = NDArray[np.int64]


def group_id(skill: str, language: str, members: Iterable[str]) -> str:
    """The stable id of a group: a short hash of skill, language and sorted members."""
    text = "\n".join([skill, language, *sorted(members)])
    return "g-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def group_sizes(count: int, settings: GroupSettings) -> list[int]:
    """Sizes of the groups ``count`` learners make: as few groups as possible, near-equal."""
    if count < settings.min_size:
        return []
    groups = -(-count // settings.max_size)
    small, extra = divmod(count, groups)
    return [small + 1] * extra + [small] * (groups - extra)


@dataclass(slots=True)
class _Hosts:
    """Who may host groups of which skill, best first, and how many groups each hosts."""

    roster: Roster
    spare: IntArray
    quota: int
    hosted: IntArray = field(init=False)
    ranked: dict[int, IntArray] = field(default_factory=dict)
    willing: dict[int, frozenset[int]] = field(default_factory=dict)
    speaking: dict[tuple[int, int], IntArray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.hosted = np.zeros(self.roster.size, dtype=np.int64)

    def best(
        self, skill: int, language: int, members: Sequence[int], preferred: int | None = None
    ) -> int | None:
        """The host for a group: ``preferred`` if still possible, else the first in rank.

        Rank: clinic hosts, then most spare capacity after pair suggestions, then name.
        """
        if preferred is not None and self._may_host(preferred, skill, language, members):
            return preferred
        has_ban = self.roster.has_ban
        for person in self._open(skill, language).tolist():
            if person in members:
                continue
            if not has_ban[person] or not _any_banned(self.roster, [person], members, skill):
                return int(person)
        return None

    def count(self, skill: int, language: int) -> int:
        """How many people could still host a group of ``skill`` in ``language``."""
        return len(self._open(skill, language))

    def take(self, person: int) -> None:
        """Count one more group hosted by ``person``."""
        self.hosted[person] += 1

    def _open(self, skill: int, language: int) -> IntArray:
        """The ranked people of ``skill`` who speak ``language`` and may host another group.

        People who reached the quota never host again, so each call keeps the shorter list.
        """
        hosts = self.speaking.get((skill, language))
        if hosts is None:
            ranked = self._ranked(skill)
            hosts = ranked[self.roster.levels[ranked, language] >= self.roster.min_level]
        hosts = hosts[self.hosted[hosts] < self.quota]
        self.speaking[skill, language] = hosts
        return hosts

    def _ranked(self, skill: int) -> IntArray:
        if skill not in self.ranked:
            roster = self.roster
            sharers = roster.sharers_of(skill)
            clinic = roster.clinic[sharers]
            willing = sharers[roster.available[sharers] & (clinic | (self.spare[sharers] > 0))]
            order = np.lexsort((willing, -self.spare[willing], ~roster.clinic[willing]))
            self.ranked[skill] = willing[order]
        return self.ranked[skill]

    def _willing(self, skill: int) -> frozenset[int]:
        """The people ``_ranked`` lists for ``skill``, as a set."""
        if skill not in self.willing:
            self.willing[skill] = frozenset(self._ranked(skill).tolist())
        return self.willing[skill]

    def _may_host(self, person: int, skill: int, language: int, members: Sequence[int]) -> bool:
        roster = self.roster
        if person in members or self.hosted[person] >= self.quota:
            return False
        if person not in self._willing(skill):
            return False
        if roster.levels[person, language] < roster.min_level:
            return False
        return not _any_banned(roster, [person], members, skill)


def learning_groups(
    roster: Roster, settings: GroupSettings, pairing: Pairing, previous: Sequence[Group]
) -> tuple[Group, ...]:
    """Groups for learners without a pair suggestion (module docstring)."""
    waiting = _waiting_learners(roster, pairing)
    hosts = _Hosts(roster, roster.capacity - pairing.load, settings.groups_per_host)
    skill_index = {skill: position for position, skill in enumerate(roster.skills)}
    by_skill: dict[int, list[Group]] = {}
    for group in sorted(previous, key=lambda g: g.id):
        by_skill.setdefault(skill_index.get(group.skill, -1), []).append(group)
    out: list[Group] = []
    for skill in sorted(waiting):
        pool = waiting[skill]
        kept = _kept_groups(roster, settings, hosts, skill, pool, by_skill.get(skill, []))
        out.extend(kept)
        out.extend(_new_groups(roster, settings, hosts, skill, pool))
    return tuple(sorted(out, key=lambda g: (g.skill, g.language, g.id)))


def _waiting_learners(roster: Roster, pairing: Pairing) -> dict[int, set[int]]:
    """Skill -> people taking part whose request for it got no pair suggestion."""
    requests = np.flatnonzero(roster.request_open & ~pairing.matched)
    if not len(requests):
        return {}
    skills = roster.request_skill[requests]
    order = np.argsort(skills, kind="stable")
    skills, people = skills[order], roster.request_person[requests[order]]
    starts = np.flatnonzero(np.r_[True, skills[1:] != skills[:-1]])
    return {
        skill: set(group.tolist())
        for skill, group in zip(skills[starts].tolist(), np.split(people, starts[1:]), strict=True)
    }


def _kept_groups(
    roster: Roster,
    settings: GroupSettings,
    hosts: _Hosts,
    skill: int,
    pool: set[int],
    previous: Sequence[Group],
) -> list[Group]:
    kept = []
    for group in previous:
        language = _language_index(roster, group.language)
        members = sorted(
            roster.index[name]
            for name in (normal_username(member) for member in group.members)
            if name in roster.index and roster.index[name] in pool
        )
        if language < 0 or len(members) < settings.min_size or len(members) > settings.max_size:
            continue
        if not _all_speak(roster, members, language) or _any_banned(
            roster, members, members, skill
        ):
            continue
        before = roster.index.get(normal_username(group.host)) if group.host else None
        host = hosts.best(skill, language, members, preferred=before)
        if host is None and settings.require_host:
            continue
        kept.append(_make_group(roster, hosts, skill, language, members, host))
        pool.difference_update(members)
    return kept


def _new_groups(
    roster: Roster, settings: GroupSettings, hosts: _Hosts, skill: int, pool: set[int]
) -> list[Group]:
    """Groups of the waiting learners of ``skill``, widest language first (module docstring)."""
    groups: list[Group] = []
    people = np.array(sorted(pool), dtype=np.int64)
    speaks = np.ascontiguousarray(roster.speaks(people).T)
    with_bans = frozenset(people[roster.has_ban[people]].tolist())
    waiting = np.ones(len(people), dtype=bool)
    speakers_per_language = speaks.sum(axis=1)
    untried = np.ones(len(speaks), dtype=bool)
    while True:
        remaining = np.where(untried, speakers_per_language, 0)
        language = int(remaining.argmax())
        if remaining[language] < settings.min_size:
            return groups
        untried[language] = False
        chosen = people[waiting & speaks[language]]
        speakers = chosen[np.argsort(roster.offset[chosen], kind="stable")].tolist()
        sizes = group_sizes(len(speakers), settings)
        if settings.require_host:
            sizes = _fit_to_hosts(sizes, hosts.count(skill, language), settings)
        grouped: list[int] = []
        for members in _chunks(speakers, sizes):
            if not with_bans.isdisjoint(members):
                members = _without_conflicts(roster, members, skill)
            if len(members) < settings.min_size:
                continue
            host = hosts.best(skill, language, members)
            if host is None and settings.require_host:
                continue
            groups.append(_make_group(roster, hosts, skill, language, members, host))
            grouped.extend(members)
        if grouped:
            positions = np.searchsorted(people, grouped)
            waiting[positions] = False
            speakers_per_language -= speaks[:, positions].sum(axis=1)


def _fit_to_hosts(sizes: list[int], hosts: int, settings: GroupSettings) -> list[int]:
    """With fewer hosts than groups, fewer groups of the largest size (the rest wait)."""
    if hosts >= len(sizes):
        return sizes
    return [settings.max_size] * hosts


def _chunks(items: Sequence[int], sizes: Sequence[int]) -> list[list[int]]:
    out, start = [], 0
    for size in sizes:
        out.append(list(items[start : start + size]))
        start += size
    return out


def _without_conflicts(roster: Roster, members: list[int], skill: int) -> list[int]:
    """``members`` minus anyone banned from someone listed before them."""
    kept: list[int] = []
    for person in members:
        if not _any_banned(roster, [person], kept, skill):
            kept.append(person)
    return kept


def _any_banned(roster: Roster, some: Sequence[int], others: Sequence[int], skill: int) -> bool:
    """Whether anyone in ``some`` and anyone else in ``others`` are banned from each other."""
    some = [a for a in some if roster.has_ban[a]]
    others = [b for b in others if roster.has_ban[b]]
    return any(
        roster.banned(a, b, skill) or roster.banned(b, a, skill)
        for a in some
        for b in others
        if a != b
    )


def _all_speak(roster: Roster, members: Sequence[int], language: int) -> bool:
    return bool((roster.levels[list(members), language] >= roster.min_level).all())


def _language_index(roster: Roster, code: str) -> int:
    lowered = code.lower()
    return roster.languages.index(lowered) if lowered in roster.languages else -1


def _make_group(
    roster: Roster,
    hosts: _Hosts,
    skill: int,
    language: int,
    members: Sequence[int],
    host: int | None,
) -> Group:
    names = sorted([roster.names[person] for person in members])
    skill_id, code = roster.skills[skill], roster.languages[language]
    if host is not None:
        hosts.take(host)
    return Group(
        id=group_id(skill_id, code, names),
        skill=skill_id,
        language=code,
        members=tuple(names),
        host=roster.names[host] if host is not None else None,
    )
