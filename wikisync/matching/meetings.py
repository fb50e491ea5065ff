"""When and in what a learning group can meet: its common languages and a weekly hour.

The hour is the whole UTC hour in which most of the group (host and members with a known
time zone) are awake for the whole hour, within the programme's waking window
(``day_start``-``day_end`` local time, as for pair scoring). Among equally good hours the
one that keeps everyone furthest from the edges of their day wins, then the earliest.
Groups are formed first (:mod:`wikisync.matching.groups`); this only describes them, so
their stability is untouched.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from wikisync.matching.roster import Roster
from wikisync.model import Group, MeetingTime

MINUTES_PER_DAY = 24 * 60


def described_groups(
    roster: Roster,
    groups: Sequence[Group],
    previous: Sequence[Group],
    day_start: int,
    day_end: int,
) -> tuple[Group, ...]:
    """``groups`` with their number within their skill and language, their common
    languages and a suggested weekly meeting time.

    A group kept from ``previous`` (same id) keeps its number; the others take the lowest
    numbers free in their skill and language, in id order.
    """
    numbers = group_numbers(groups, {group.id: group.number for group in previous})
    out = []
    for group in groups:
        people = [roster.index[name] for name in _everyone(group) if name in roster.index]
        out.append(
            dataclasses.replace(
                group,
                number=numbers[group.id],
                languages=common_languages(roster, people, group.language),
                meeting=_meeting(roster, people, day_start, day_end),
            )
        )
    return tuple(out)


def group_numbers(groups: Sequence[Group], kept: Mapping[str, int]) -> dict[str, int]:
    """Group id -> its number among the groups of its skill and language: the number in
    ``kept`` when it is still free, else the lowest free one (groups in id order)."""
    taken: dict[tuple[str, str], set[int]] = {}
    numbers: dict[str, int] = {}
    ordered = sorted(groups, key=lambda group: group.id)
    for group in ordered:
        used = taken.setdefault((group.skill, group.language), set())
        number = kept.get(group.id, 0)
        if number > 0 and number not in used:
            numbers[group.id] = number
            used.add(number)
    for group in ordered:
        if group.id in numbers:
            continue
        used = taken[(group.skill, group.language)]
        number = next(n for n in range(1, len(used) + 2) if n not in used)
        numbers[group.id] = number
        used.add(number)
    return numbers


def _everyone(group: Group) -> list[str]:
    return [*([group.host] if group.host else []), *group.members]


def common_languages(roster: Roster, people: Sequence[int], first: str) -> tuple[str, ...]:
    """The languages everyone of ``people`` speaks at the roster's minimum level, ``first``
    (the group's language) first, then in code order."""
    if not people:
        return (first,)
    levels = roster.levels[list(people), : len(roster.languages)]
    everyone: list[bool] = np.asarray((levels >= roster.min_level).all(axis=0)).tolist()
    spoken = [code for code, shared in zip(roster.languages, everyone, strict=True) if shared]
    return (first, *sorted(code for code in spoken if code != first))


def _meeting(
    roster: Roster, people: Sequence[int], day_start: int, day_end: int
) -> MeetingTime | None:
    known = [person for person in people if roster.offset_known[person]]
    if not known:
        return None
    offsets = [int(roster.offset[person]) for person in known]
    hour, awake = best_hour(offsets, day_start, day_end)
    local = tuple(
        (roster.names[person], (hour * 60 + offset) % MINUTES_PER_DAY)
        for person, offset in zip(known, offsets, strict=True)
    )
    return MeetingTime(hour, awake, len(known), local)


def best_hour(offsets: Sequence[int], day_start: int, day_end: int) -> tuple[int, int]:
    """The UTC hour (0-23) at which most people with these UTC offsets (minutes east) are
    awake for the whole hour, and how many are; ties go to the hour furthest from the
    edges of everyone's waking window, then to the earliest."""
    return _best_hour(Counter(offsets), day_start, day_end)


def two_slots(offsets: Sequence[int], day_start: int, day_end: int) -> tuple[tuple[int, int], ...]:
    """Two UTC hours for a session held twice, each with how many people it suits: the
    :func:`best_hour`, then the hour that suits most of the people the first does not
    (then most people in all). Only the first when it suits everyone it can (no other
    hour suits anyone it leaves out); empty without offsets."""
    if not offsets:
        return ()
    everyone = Counter(offsets)
    first, awake = _best_hour(everyone, day_start, day_end)
    left = Counter(
        {o: n for o, n in everyone.items() if not _awake(first, {o: n}, day_start, day_end)[0]}
    )
    if not any(_awake(hour, left, day_start, day_end)[0] for hour in range(24)):
        return ((first, awake),)

    def rank(hour: int) -> tuple[int, int, int, int]:
        gained = _awake(hour, left, day_start, day_end)[0]
        return (gained, *_awake(hour, everyone, day_start, day_end), -hour)

    second = max((hour for hour in range(24) if hour != first), key=rank)
    return (first, awake), (second, _awake(second, everyone, day_start, day_end)[0])


def _best_hour(offsets: Mapping[int, int], day_start: int, day_end: int) -> tuple[int, int]:
    best = max(range(24), key=lambda hour: (*_awake(hour, offsets, day_start, day_end), -hour))
    return best, _awake(best, offsets, day_start, day_end)[0]


def _awake(hour: int, offsets: Mapping[int, int], day_start: int, day_end: int) -> tuple[int, int]:
    """How many people with these UTC offsets (offset: how many people have it) are awake
    for the whole UTC ``hour``, and their total distance (minutes) from the edges of their
    waking window."""
    start, last = day_start * 60, day_end * 60 - 60
    awake = slack = 0
    for offset, people in offsets.items():
        local = (hour * 60 + offset) % MINUTES_PER_DAY
        if start <= local <= last:
            awake += people
            slack += people * min(local - start, last - local)
    return awake, slack
