"""The programme as indexed arrays: who takes part, speaks what, shares and wants what.

Everything downstream works on integer indices into these arrays, so that scoring and
solving are vectorised and independent of the order the records arrived in: people are
deduplicated and sorted by normalised username, skills by id, requests by (learner, skill).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from wikisync.matching.arrays import mixed_keys, text_keys, unique_sorted
from wikisync.matching.history import MatchHistory
from wikisync.matching.settings import MatchSettings
from wikisync.model import Feedback, LearnRequest, Person, Status, Taxonomy

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

#: Babel level stored for a language a person does not list.
NOT_SPOKEN = -1

MET = "met"
DECLINED = "declined"
ACCEPTED = "accepted"


#: Usernames whose normal form is remembered: a run asks for each name several times
#: (entries, requests, history, feedback), and a programme seldom has more people.
_NAMES_REMEMBERED = 1 << 18


@functools.lru_cache(maxsize=_NAMES_REMEMBERED)
def normal_username(name: str) -> str:
    """A username as MediaWiki stores it: spaces for underscores, single spaces, capitalised."""
    collapsed = " ".join(name.replace("_", " ").split())
    return collapsed[:1].upper() + collapsed[1:]


def is_available(person: Person, today: dt.date) -> bool:
    """Whether ``person`` takes part in matching on ``today``.

    Active people do; inactive people do not; people away take part again once their
    ``away_until`` date is in the past (away without a date means away until further notice).
    """
    if person.status is Status.ACTIVE:
        return True
    if person.status is Status.AWAY:
        return person.away_until is not None and person.away_until < today
    return False


@dataclass(frozen=True, slots=True)
class Roster:
    """The indexed programme for one matching run (see the module docstring).

    People (index ``p``): ``people``, normalised ``names`` and ``index`` (name -> p);
    ``available`` today; ``clinic`` willing to host a clinic; ``capacity`` for new
    learners (0 when not available); ``slot_base`` learners already counted against
    capacity (met, when configured); ``offset`` minutes east of UTC (0 when
    ``offset_known`` is False); ``region`` index into ``regions`` (-1 unknown); ``levels``
    Babel level per language of ``languages`` (``NOT_SPOKEN`` when not listed);
    ``spoken``/``spoken_levels`` each person's languages at or above ``min_level`` as
    language indices and levels, padded with -1.

    Skills: ``skills`` (taxonomy ids, sorted); ``share_person``/``share_skill`` one record
    per person and skill they share, sorted by (skill, person).

    Requests (index ``r``): ``request_learners``/``request_skill_ids`` as written (met
    requests left out); ``request_person``, ``request_skill`` (-1 unknown skill);
    ``request_open`` (learner available, skill known); ``waited_days`` and
    ``previous_sharer`` and ``previous_backup`` (-1 none) from the history;
    ``accepted_sharer`` (-1 none) the sharer whose suggestion the latest feedback on the
    pair says was accepted (the previous suggestion's first, then by name);
    ``request_released`` whether an unanswered suggestion was released from the request.

    Bans: ``forbidden`` sorted keys of banned pairs (every skill) and pair-skill triples,
    ``forbidden_set`` the same as a set, ``has_ban`` who appears in any ban, and
    ``banned_request``/``banned_sharer`` every banned (request, sharer) pair in which the
    sharer shares the skill, including learners who share what they want to learn.
    """

    people: tuple[Person, ...]
    names: tuple[str, ...]
    index: Mapping[str, int]
    available: BoolArray
    clinic: BoolArray
    capacity: IntArray
    slot_base: IntArray
    offset: IntArray
    offset_known: BoolArray
    region: IntArray
    regions: tuple[str, ...]
    languages: tuple[str, ...]
    levels: NDArray[np.int8]
    spoken: NDArray[np.int16]
    spoken_levels: NDArray[np.int8]
    skills: tuple[str, ...]
    share_person: IntArray
    share_skill: IntArray
    request_learners: tuple[str, ...]
    request_skill_ids: tuple[str, ...]
    request_person: IntArray
    request_skill: IntArray
    request_open: BoolArray
    waited_days: IntArray
    previous_sharer: IntArray
    previous_backup: IntArray
    accepted_sharer: IntArray
    request_released: BoolArray
    forbidden: IntArray
    forbidden_set: frozenset[int]
    has_ban: BoolArray
    banned_request: IntArray
    banned_sharer: IntArray
    min_level: int

    @property
    def size(self) -> int:
        """Number of people."""
        return len(self.people)

    @property
    def n_requests(self) -> int:
        """Number of learn requests (open or not)."""
        return len(self.request_learners)

    def identity_keys(self) -> tuple[IntArray, IntArray]:
        """A 64-bit key per request (its learner and skill) and per person (their name),
        the same in every run whatever the positions."""
        person_keys = text_keys(self.names)
        skill_keys = text_keys(self.skills)
        return mixed_keys(
            person_keys[self.request_person], skill_keys[self.request_skill]
        ), person_keys

    def request_at(self, index: int) -> LearnRequest:
        """The learn request at ``index`` (learner's normalised name, skill id as written)."""
        return LearnRequest(self.request_learners[index], self.request_skill_ids[index])

    def speaks(self, persons: IntArray) -> NDArray[np.bool_]:
        """For each person in ``persons``, which languages they speak at the minimum level."""
        return np.asarray(self.levels[persons] >= self.min_level)

    def language_buckets(
        self, persons: IntArray, skills: IntArray, by_language: bool
    ) -> tuple[IntArray, IntArray]:
        """Bucket (skill, language) entries for records of (person, skill).

        With ``by_language`` one entry per record and language the person speaks, keyed
        ``skill * (L + 1) + language``; without, one entry per record, keyed
        ``skill * (L + 1) + L`` (L = number of languages). Returns (record index, key).
        Entries come by record, then language, as ``speaks`` lists them; they are read from
        the short rows of ``spoken``, which hold the same languages in the same order.
        """
        width = len(self.languages) + 1
        if not by_language:
            return np.arange(len(persons), dtype=np.int64), skills * width + width - 1
        spoken = self.spoken[persons]
        entry, slot = np.nonzero(spoken >= 0)
        language = spoken[entry, slot].astype(np.int64)
        return entry.astype(np.int64), skills[entry] * width + language

    def offers(self, persons: IntArray, skills: IntArray) -> BoolArray:
        """Whether each of ``persons`` shares the skill at the same position of ``skills``."""
        return contains(
            self.share_skill * self.size + self.share_person, skills * self.size + persons
        )

    def sharers_of(self, skill: int) -> IntArray:
        """Indices of everyone who shares ``skill`` (available or not), in username order."""
        lo, hi = np.searchsorted(self.share_skill, [skill, skill + 1])
        return self.share_person[lo:hi]

    def is_forbidden(self, learners: IntArray, sharers: IntArray, skills: IntArray) -> BoolArray:
        """Which (learner, sharer, skill) triples may never be suggested.

        Covers the same person on both sides, ``do_not_match`` either way round and declined
        feedback (for the pair or the skill, as the settings say).
        """
        forbidden = np.asarray(learners == sharers)
        suspects = np.flatnonzero(self.has_ban[learners] & self.has_ban[sharers])
        if not len(suspects):
            return forbidden
        pairs = learners[suspects] * self.size + sharers[suspects]
        whole_pair = -(pairs + 1)
        one_skill = pairs * len(self.skills) + skills[suspects]
        forbidden[suspects] |= contains(self.forbidden, whole_pair) | contains(
            self.forbidden, one_skill
        )
        return forbidden

    def banned(self, learner: int, sharer: int, skill: int) -> bool:
        """``is_forbidden`` for one (learner, sharer, skill) triple."""
        if learner == sharer:
            return True
        if not (self.has_ban[learner] and self.has_ban[sharer]):
            return False
        keys = self.forbidden_set
        whole = _ban_key(learner, sharer, self.size)
        return (
            whole in keys
            or _skill_ban_key(learner, sharer, skill, self.size, len(self.skills)) in keys
        )


def contains(ordered: IntArray, wanted: IntArray) -> BoolArray:
    """Whether each of ``wanted`` is among the ascending keys ``ordered`` (like ``np.isin``).

    The binary searches go in ascending order of ``wanted``, which keeps them cache-friendly.
    """
    if not len(ordered):
        return np.zeros(len(wanted), dtype=bool)
    order = np.argsort(wanted)
    asked = wanted[order]
    found = np.minimum(np.searchsorted(ordered, asked), len(ordered) - 1)
    present = np.empty(len(wanted), dtype=bool)
    present[order] = ordered[found] == asked
    return present


def _ban_key(learner: int, sharer: int, people: int) -> int:
    """The key banning ``learner`` from ``sharer`` for every skill (negative)."""
    return -(learner * people + sharer + 1)


def _skill_ban_key(learner: int, sharer: int, skill: int, people: int, n_skills: int) -> int:
    """The key banning ``learner`` from ``sharer`` for one skill (non-negative)."""
    return (learner * people + sharer) * n_skills + skill


class RequestPositions:
    """Where each request stands in the roster's (learner, skill) order, for reading what
    earlier runs and feedback say about requests."""

    def __init__(self, learners: Sequence[str], skills: Sequence[str]) -> None:
        self.count = len(learners)
        self._at = {key: at for at, key in enumerate(zip(learners, skills, strict=True))}

    def of(self, requests: Iterable[LearnRequest]) -> IntArray:
        """The position of each of ``requests`` (its learner normalised), -1 where the
        roster has no such request."""
        at = self._at
        found = (at.get((normal_username(r.learner), r.skill), -1) for r in requests)
        return np.fromiter(found, dtype=np.int64)

    def spread(self, requests: Iterable[LearnRequest], values: IntArray, missing: int) -> IntArray:
        """``values`` (one per of ``requests``) at their requests' positions, ``missing``
        elsewhere; of two requests at one position, the later one's value."""
        spread = np.full(self.count, missing, dtype=np.int64)
        positions = self.of(requests)
        known = np.flatnonzero(positions >= 0)[::-1]
        _, last = np.unique(positions[known], return_index=True)
        spread[positions[known[last]]] = values[known[last]]
        return spread


def build_roster(
    people: Iterable[Person],
    taxonomy: Taxonomy,
    feedback: Iterable[Feedback],
    history: MatchHistory,
    settings: MatchSettings,
    today: dt.date,
) -> Roster:
    """Index the programme for one run on ``today``; the input order never matters."""
    unique, names = _deduplicated(people)
    index = {name: position for position, name in enumerate(names)}
    skills = tuple(sorted({skill.id for skill in taxonomy.skills}))
    skill_index = {skill: position for position, skill in enumerate(skills)}
    met, met_per_sharer = _met(feedback, index)
    languages, levels = _levels(unique)
    regions = tuple(sorted({p.region for p in unique if p.region}))
    available = np.array([is_available(p, today) for p in unique], dtype=bool)
    spoken, spoken_levels = _spoken_lists(levels, settings.min_language_level)
    used = met_per_sharer if settings.met_uses_capacity else np.zeros(len(unique), np.int64)
    capacity = np.maximum(np.array([p.capacity for p in unique], dtype=np.int64), 0) - used
    capacity = np.where(available, np.maximum(capacity, 0), 0)
    share_person, share_skill = _shares(unique, skill_index)
    learners, wanted, request_person, request_skill = _requests(unique, names, skill_index, met)
    request_open = available[request_person] & (request_skill >= 0)
    position = RequestPositions(learners, wanted)
    forbidden = _forbidden(unique, index, feedback, skill_index, settings)
    banned_request, banned_sharer = _banned_pairs(
        forbidden,
        len(unique),
        len(skills),
        request_person,
        request_skill,
        share_person,
        share_skill,
    )
    return Roster(
        people=unique,
        names=names,
        index=index,
        available=available,
        clinic=np.array([p.clinic for p in unique], dtype=bool),
        capacity=capacity,
        slot_base=used,
        offset=np.array([p.utc_offset or 0 for p in unique], dtype=np.int64),
        offset_known=np.array([p.utc_offset is not None for p in unique], dtype=bool),
        region=_region_indices(unique, regions),
        regions=regions,
        languages=languages,
        levels=levels,
        spoken=spoken,
        spoken_levels=spoken_levels,
        skills=skills,
        share_person=share_person,
        share_skill=share_skill,
        request_learners=learners,
        request_skill_ids=wanted,
        request_person=request_person,
        request_skill=request_skill,
        request_open=request_open,
        waited_days=_waited_days(position, history, today),
        previous_sharer=_previous_sharers(position, history.previous, index),
        previous_backup=_previous_sharers(position, history.backups, index),
        accepted_sharer=_previous_sharers(position, _accepted(feedback, history), index),
        request_released=_released(position, history),
        forbidden=forbidden,
        forbidden_set=frozenset(forbidden.tolist()),
        has_ban=_has_ban(forbidden, len(unique), len(skills)),
        banned_request=banned_request,
        banned_sharer=banned_sharer,
        min_level=settings.min_language_level,
    )


def _deduplicated(people: Iterable[Person]) -> tuple[tuple[Person, ...], tuple[str, ...]]:
    """One record per normalised username (sorted), and those names.

    Among duplicates the earliest source wins, whatever order they came in.
    """
    listed = list(people)
    keys = [normal_username(person.username) for person in listed]
    by_name = dict(zip(keys, listed, strict=True))
    if len(by_name) < len(listed):
        records: dict[str, list[Person]] = {}
        for name, person in zip(keys, listed, strict=True):
            records.setdefault(name, []).append(person)
        for name, same in records.items():
            if len(same) > 1:
                by_name[name] = min(same, key=_source_order)
    names = tuple(sorted(by_name))
    return tuple(by_name[name] for name in names), names


def _source_order(person: Person) -> tuple[str, int, int, str]:
    """Sort key putting the earliest source first (ties by the whole record)."""
    return (person.source.page, person.source.index, person.source.line, repr(person))


def _met(
    feedback: Iterable[Feedback], index: Mapping[str, int]
) -> tuple[set[tuple[str, str]], IntArray]:
    """(learner, skill) requests already met, and how many met learners each person has."""
    met: set[tuple[str, str]] = set()
    met_pairs: set[tuple[str, str, str]] = set()
    for item in feedback:
        if item.status.strip().lower() == MET:
            learner, sharer = normal_username(item.learner), normal_username(item.sharer)
            met.add((learner, item.skill))
            met_pairs.add((learner, sharer, item.skill))
    per_sharer = np.zeros(len(index), dtype=np.int64)
    for _, sharer, _ in met_pairs:
        if sharer in index:
            per_sharer[index[sharer]] += 1
    return met, per_sharer


def _released(position: RequestPositions, history: MatchHistory) -> BoolArray:
    """For each request, whether an unanswered suggestion was released from it."""
    released = np.zeros(position.count, dtype=bool)
    at = position.of(history.released)
    released[at[at >= 0]] = True
    return released


def _accepted(feedback: Iterable[Feedback], history: MatchHistory) -> dict[LearnRequest, str]:
    """The sharer of each request whose latest feedback on the pair is ``accepted``: last
    run's suggestion when it is one of them, else the first by name."""
    accepted: dict[LearnRequest, list[str]] = {}
    for item in feedback:
        if item.status == ACCEPTED:
            request = LearnRequest(normal_username(item.learner), item.skill)
            accepted.setdefault(request, []).append(normal_username(item.sharer))
    if not accepted:
        return {}
    previous = {
        LearnRequest(normal_username(request.learner), request.skill): normal_username(sharer)
        for request, sharer in history.previous.items()
    }
    return {
        request: previous[request] if previous.get(request) in sharers else min(sharers)
        for request, sharers in accepted.items()
    }


def _shares(people: Sequence[Person], skill_index: Mapping[str, int]) -> tuple[IntArray, IntArray]:
    """One (person, skill) record per known skill each person shares, sorted by (skill, person)."""
    persons = _owners([len(person.shares) for person in people])
    skills = np.array(
        [skill_index.get(skill, -1) for person in people for skill in person.shares],
        dtype=np.int64,
    )
    known = skills >= 0
    keys = unique_sorted(skills[known] * len(people) + persons[known])
    return keys % max(len(people), 1), keys // max(len(people), 1)


def _requests(
    people: Sequence[Person],
    names: Sequence[str],
    skill_index: Mapping[str, int],
    met: set[tuple[str, str]],
) -> tuple[tuple[str, ...], tuple[str, ...], IntArray, IntArray]:
    """Every learn request not already met, sorted by (learner, skill), as parallel arrays."""
    wanted = [skill for person in people for skill in person.learns]
    vocabulary = sorted(set(wanted))
    rank = {skill: position for position, skill in enumerate(vocabulary)}
    persons = _owners([len(person.learns) for person in people])
    ranks = np.array([rank[skill] for skill in wanted], dtype=np.int64)
    keys = unique_sorted(persons * max(len(vocabulary), 1) + ranks)
    persons, ranks = keys // max(len(vocabulary), 1), keys % max(len(vocabulary), 1)
    if met:
        open_ = [
            (names[person], vocabulary[skill]) not in met
            for person, skill in zip(persons.tolist(), ranks.tolist(), strict=True)
        ]
        persons, ranks = persons[open_], ranks[open_]
    known = np.array([skill_index.get(skill, -1) for skill in vocabulary], dtype=np.int64)
    learners = tuple([names[person] for person in persons.tolist()])
    skills = tuple([vocabulary[skill] for skill in ranks.tolist()])
    return learners, skills, persons, known[ranks]


def _region_indices(people: Sequence[Person], regions: Sequence[str]) -> IntArray:
    lookup = {region: position for position, region in enumerate(regions)}
    return np.array([lookup.get(p.region or "", -1) for p in people], dtype=np.int64)


def _owners(counts: Sequence[int]) -> IntArray:
    """The person index of each entry of lists concatenated person by person (``counts`` long)."""
    return np.repeat(np.arange(len(counts), dtype=np.int64), np.array(counts, dtype=np.int64))


def _levels(people: Sequence[Person]) -> tuple[tuple[str, ...], NDArray[np.int8]]:
    """The language codes (lower case, sorted) and each person's Babel level in each.

    A language listed twice counts at the higher level.
    """
    codes = [language.code.lower() for person in people for language in person.languages]
    values = [language.level for person in people for language in person.languages]
    languages = tuple(sorted(set(codes)))
    lookup = {code: position for position, code in enumerate(languages)}
    rows = _owners([len(person.languages) for person in people])
    cols = np.array([lookup[code] for code in codes], dtype=np.int64)
    levels = np.full((len(people), max(1, len(languages))), NOT_SPOKEN, dtype=np.int8)
    np.maximum.at(levels, (rows, cols), np.array(values, dtype=np.int8))
    return languages, levels


def _spoken_lists(
    levels: NDArray[np.int8], min_level: int
) -> tuple[NDArray[np.int16], NDArray[np.int8]]:
    """Each person's usable languages as a row of language indices (ascending, -1 padded).

    ``levels`` has one column per language; pair scoring compares these short rows
    instead of whole ``levels`` rows.
    """
    usable = levels >= min_level
    width = max(1, int(usable.sum(axis=1).max(initial=0)))
    people, language = np.nonzero(usable)
    slot = np.arange(len(people)) - np.searchsorted(people, people)
    spoken = np.full((levels.shape[0], width), -1, dtype=np.int16)
    spoken_levels = np.full((levels.shape[0], width), -1, dtype=np.int8)
    spoken[people, slot] = language
    spoken_levels[people, slot] = levels[people, language]
    return spoken, spoken_levels


def _waited_days(position: RequestPositions, history: MatchHistory, today: dt.date) -> IntArray:
    """For each request, the days since it was first seen unmet (0 for one not seen)."""
    days = [max(0, (today - day).days) for day in history.waiting_since.values()]
    return position.spread(history.waiting_since, np.array(days, dtype=np.int64), 0)


def _previous_sharers(
    position: RequestPositions, sharers: Mapping[LearnRequest, str], index: Mapping[str, int]
) -> IntArray:
    """For each request, the person index of the sharer ``sharers`` names for it (-1 none)."""
    people = [index.get(normal_username(sharer), -1) for sharer in sharers.values()]
    return position.spread(sharers, np.array(people, dtype=np.int64), -1)


def _forbidden(
    people: Sequence[Person],
    index: Mapping[str, int],
    feedback: Iterable[Feedback],
    skill_index: Mapping[str, int],
    settings: MatchSettings,
) -> IntArray:
    """Sorted keys of (learner, sharer) bans on every skill and of (learner, sharer, skill) bans."""
    size, n_skills = len(people), len(skill_index)
    keys: set[int] = set()
    for position, person in enumerate(people):
        for other in person.do_not_match:
            other_position = index.get(normal_username(other))
            if other_position is not None and other_position != position:
                keys.add(_ban_key(position, other_position, size))
                keys.add(_ban_key(other_position, position, size))
    for item in feedback:
        if item.status.strip().lower() != DECLINED:
            continue
        learner = index.get(normal_username(item.learner))
        sharer = index.get(normal_username(item.sharer))
        if learner is None or sharer is None:
            continue
        if settings.declined_scope == "pair":
            keys.add(_ban_key(learner, sharer, size))
            keys.add(_ban_key(sharer, learner, size))
        elif item.skill in skill_index:
            keys.add(_skill_ban_key(learner, sharer, skill_index[item.skill], size, n_skills))
    return np.array(sorted(keys), dtype=np.int64)


def _has_ban(forbidden: IntArray, people: int, n_skills: int) -> BoolArray:
    """Who appears in a ban (on either side): only they need ban checks in groups."""
    pairs = np.concatenate(
        [-forbidden[forbidden < 0] - 1, forbidden[forbidden >= 0] // max(n_skills, 1)]
    )
    involved = np.zeros(people, dtype=bool)
    involved[pairs // people] = True
    involved[pairs % people] = True
    return involved


def _banned_pairs(
    forbidden: IntArray,
    people: int,
    n_skills: int,
    request_person: IntArray,
    request_skill: IntArray,
    share_person: IntArray,
    share_skill: IntArray,
) -> tuple[IntArray, IntArray]:
    """Every (request, sharer) pair that is banned although the sharer shares the skill.

    Includes learners who share what they want to learn; the list is short (bans are
    rare), so checks that must discount banned pairs can go through it one by one.
    """
    whole = -forbidden[forbidden < 0] - 1
    single = forbidden[forbidden >= 0]
    learners = np.concatenate([whole // people, single // n_skills // people])
    sharers = np.concatenate([whole % people, single // n_skills % people])
    only_skill = np.concatenate([np.full(len(whole), -1), single % n_skills]).astype(np.int64)
    first = np.searchsorted(request_person, learners, side="left")
    count = np.searchsorted(request_person, learners, side="right") - first
    ban = np.repeat(np.arange(len(learners), dtype=np.int64), count)
    requests = np.repeat(first - (np.cumsum(count) - count), count) + np.arange(int(count.sum()))
    wanted = (only_skill[ban] < 0) | (only_skill[ban] == request_skill[requests])
    requests, candidates = requests[wanted], sharers[ban[wanted]]
    self_requests = np.arange(len(request_person), dtype=np.int64)
    requests = np.concatenate([requests, self_requests])
    candidates = np.concatenate([candidates, request_person])
    offered = contains(
        share_skill * people + share_person, request_skill[requests] * people + candidates
    )
    keys = unique_sorted(requests[offered] * people + candidates[offered])
    return keys // people, keys % people
