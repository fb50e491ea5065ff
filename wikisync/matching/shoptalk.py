"""Shop talks: organisations matched for sessions on a skill, one offering, several asking.

Each organisation's wanted skill (a *want*) may get a place in a session of an
organisation that offers the skill. Several organisations wanting the same skill from
the same organisation share one session ("one to many"), up to
``ShopTalkSettings.max_size`` of them; a session takes one unit of the offering
organisation's ``capacity`` (sessions per period).

Hard rules, never broken: both organisations take part now (active, or back from being
away); the offering one has capacity; they share a language at ``min_language_level``
or above (all organisations of a session share one); an organisation is never matched
with itself, nor with one that either names in ``do_not_match``, nor with one that
declined a session with it (feedback ``declined``: the two organisations for every skill,
either way round, or only that skill, as ``declined_scope`` says).

The solver fills sessions in rounds, each an exact optimal assignment
(:func:`wikisync.matching.assignment.solve`: the most wants served, then the best total
score): the wants still without a place are the rows; the columns are the sessions
already formed that have seats left (joining costs no capacity) and the offering
organisations with capacity left (one unit per want). The wants a round gives to the
same organisation for the same skill are then seated together, so their sessions use
fewer units than the round counted, and the next round offers what was saved. When a
round serves nobody, two sessions of one skill that fit in one are merged (if all of
them may meet the host that remains), which frees a unit; failing that, a session is
given to a group of waiting wants of one skill its host offers when that serves more
(its own wants join other sessions where they may, or wait again). The rounds go on
until none of the three serves or frees anything.

Placing a group in one session is a covering decision the assignment cannot see, so a
round prefers, before any score, the hosts and skills that more waiting organisations
could share (up to a full session). This is not proven optimal: on small programmes it
serves as many wants as a brute-force search (the tests compare them), and
:func:`served_bound` gives the most wants any solution could serve, to measure the gap.

A want for which a session was ``held`` (feedback) is served: it is not matched again.

Stability: a want that had a session with an organisation last time (``previous``) and
still qualifies gets the ``kept`` bonus. The solver's rows and columns are in the order of
names, which is all its tie-breakers see, so the same input gives the same sessions in any
order.

Reason codes of a seat (``ShopTalkSeat.reasons``, in this order): ``common-language``
(code), ``members-share`` (people of the offering organisation who share the skill),
``time-overlap`` (hours), ``same-region`` (region) or ``different-region`` (asking's,
offering's), ``rare-skill`` (organisations offering it), ``kept`` ().

Reason codes of an unmet want (``UnmetWant.reasons``, the first that applies):
``organisation-away`` (until, or nothing), ``organisation-inactive``, ``no-offer`` (no
other organisation offers the skill), ``offers-away`` (offering organisations, none
taking part with capacity), ``no-common-language`` (offering organisations left),
``excluded`` (the same, all excluded by ``do_not_match`` or declined feedback),
``offers-full`` (the same: their sessions went to others).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from wikisync.matching.assignment import Problem, maximum_cut, solve
from wikisync.matching.meetings import two_slots
from wikisync.matching.reasons import (
    COMMON_LANGUAGE,
    DIFFERENT_REGION,
    EXCLUDED,
    KEPT,
    NO_COMMON_LANGUAGE,
    RARE_SKILL,
    SAME_REGION,
    TIME_OVERLAP,
)
from wikisync.matching.settings import MatchSettings
from wikisync.model import (
    Organisation,
    OrganisationFeedback,
    Person,
    Reason,
    ShopTalk,
    ShopTalks,
    ShopTalkSeat,
    Status,
    UnmetWant,
)
from wikisync.normalize.organisation_feedback import HELD
from wikisync.normalize.organisations import name_key

MEMBERS_SHARE = "members-share"
ORGANISATION_AWAY = "organisation-away"
ORGANISATION_INACTIVE = "organisation-inactive"
NO_OFFER = "no-offer"
OFFERS_AWAY = "offers-away"
OFFERS_FULL = "offers-full"

#: The feedback status that bans a pair of organisations.
DECLINED = "declined"
#: People who share the skill counted at most, in ``skill_fit``.
MOST_SHARERS = 3

#: (asking, offering, skill), organisation names as their entries write them.
Seat = tuple[str, str, str]
#: (asking, skill).
Want = tuple[str, str]


@dataclass(frozen=True, slots=True)
class ShopTalkInput:
    """What shop-talk matching needs, as plain data.

    ``sharers`` counts, per (organisation name, skill), the people linked to the
    organisation who share the skill themselves; ``previous`` holds the seats of the
    last run's sessions.
    """

    organisations: Sequence[Organisation]
    feedback: Sequence[OrganisationFeedback] = ()
    previous: frozenset[Seat] = frozenset()
    sharers: Mapping[tuple[str, str], int] = field(default_factory=dict)


def takes_part(organisation: Organisation, today: dt.date) -> bool:
    """Whether ``organisation`` takes part on ``today`` (as :func:`is_available` for people)."""
    if organisation.status is Status.ACTIVE:
        return True
    if organisation.status is Status.AWAY:
        return organisation.away_until is not None and organisation.away_until < today
    return False


def common_languages(members: Iterable[Organisation], min_level: int) -> tuple[str, ...]:
    """The language codes every one of ``members`` speaks at ``min_level`` or above, the
    one all speak best first (then by code)."""
    best: dict[str, int] | None = None
    for member in members:
        spoken = {lang.code: lang.level for lang in member.languages if lang.level >= min_level}
        if best is None:
            best = spoken
        else:
            best = {
                code: min(level, spoken[code]) for code, level in best.items() if code in spoken
            }
    return tuple(sorted(best or {}, key=lambda code: (-(best or {})[code], code)))


def common_hours(first: int | None, second: int | None, settings: MatchSettings) -> int:
    """Whole UTC hours in which both offsets' waking windows hold; half the window when
    either is unknown."""
    window = settings.day_end - settings.day_start
    if first is None or second is None:
        return window // 2
    return sum(
        1 for hour in range(24) if _awake(hour, first, settings) and _awake(hour, second, settings)
    )


def _awake(hour: int, offset: int, settings: MatchSettings) -> bool:
    local = (hour * 60 + offset) % (24 * 60)
    return settings.day_start * 60 <= local <= settings.day_end * 60 - 60


class _Programme:
    """The organisations of one run, indexed, with the rules that decide who may meet."""

    def __init__(self, data: ShopTalkInput, settings: MatchSettings, today: dt.date) -> None:
        self.settings = settings
        self.talks = settings.shop_talks
        self.by_name = {
            o.name: o for o in sorted(data.organisations, key=lambda o: (name_key(o.name), o.name))
        }
        self.present = {name for name, o in self.by_name.items() if takes_part(o, today)}
        self.sharers = data.sharers
        self.previous = data.previous
        self.banned = _declined(data.feedback, settings.declined_scope)
        self.held = {
            (name_key(item.asking), item.skill) for item in data.feedback if item.status == HELD
        }
        self.offers: dict[str, int] = {}
        for name in self.present:
            organisation = self.by_name[name]
            if organisation.capacity > 0:
                for skill in organisation.offers:
                    self.offers[skill] = self.offers.get(skill, 0) + 1

    def wants(self) -> list[Want]:
        """Every open want (none already ``held``), sorted by organisation, then skill."""
        return [
            (name, skill)
            for name, o in self.by_name.items()
            for skill in sorted(set(o.wants))
            if (name_key(name), skill) not in self.held
        ]

    def offerers(self, skill: str) -> list[str]:
        """The organisations that offer ``skill``, in name order."""
        return [name for name, o in self.by_name.items() if skill in o.offers]

    def available(self, offering: str) -> bool:
        """Whether ``offering`` takes part and has sessions to give."""
        return offering in self.present and self.by_name[offering].capacity > 0

    def speak(self, asking: str, offering: str) -> bool:
        """Whether the two share a language."""
        pair = (self.by_name[asking], self.by_name[offering])
        return bool(common_languages(pair, self.settings.min_language_level))

    def excluded(self, asking: str, offering: str, skill: str) -> bool:
        """Whether a rule other than language keeps the two apart (self, do_not_match,
        declined)."""
        first, second = self.by_name[asking], self.by_name[offering]
        key_a, key_o = name_key(asking), name_key(offering)
        if key_a == key_o:
            return True
        if key_o in map(name_key, first.do_not_match) or key_a in map(
            name_key, second.do_not_match
        ):
            return True
        return (key_a, key_o, skill) in self.banned or (key_a, key_o, "") in self.banned

    def eligible(self, asking: str, offering: str, skill: str) -> bool:
        """Whether ``asking`` may have a session with ``offering`` on ``skill``."""
        return (
            asking in self.present
            and skill in self.by_name[offering].offers
            and self.available(offering)
            and not self.excluded(asking, offering, skill)
            and self.speak(asking, offering)
        )

    def score(self, asking: str, offering: str, skill: str) -> int:
        """The points of the seat (see :class:`ShopTalkSettings`)."""
        talks = self.talks
        first, second = self.by_name[asking], self.by_name[offering]
        points = talks.skill_fit * min(MOST_SHARERS, self.sharers.get((offering, skill), 0))
        points += talks.time_overlap * common_hours(
            first.utc_offset, second.utc_offset, self.settings
        )
        if _region_met(first, second, talks.region_preference):
            points += talks.region
        points += talks.rarity * max(0, talks.rare_offers + 1 - self.offers.get(skill, 0))
        if (asking, offering, skill) in self.previous:
            points += talks.kept
        return points

    def reasons(self, asking: str, offering: str, skill: str) -> tuple[Reason, ...]:
        """Why ``asking`` has a seat with ``offering`` (the codes in the module's order)."""
        first, second = self.by_name[asking], self.by_name[offering]
        languages = common_languages((first, second), self.settings.min_language_level)
        reasons = [Reason(COMMON_LANGUAGE, (languages[0],))]
        sharers = self.sharers.get((offering, skill), 0)
        if sharers:
            reasons.append(Reason(MEMBERS_SHARE, (sharers,)))
        if first.utc_offset is not None and second.utc_offset is not None:
            hours = common_hours(first.utc_offset, second.utc_offset, self.settings)
            reasons.append(Reason(TIME_OVERLAP, (hours,)))
        preference = self.talks.region_preference
        if _region_met(first, second, preference) and first.region and second.region:
            if preference == "same":
                reasons.append(Reason(SAME_REGION, (first.region,)))
            else:
                reasons.append(Reason(DIFFERENT_REGION, (first.region, second.region)))
        offers = self.offers.get(skill, 0)
        if offers <= self.talks.rare_offers:
            reasons.append(Reason(RARE_SKILL, (offers,)))
        if (asking, offering, skill) in self.previous:
            reasons.append(Reason(KEPT))
        return tuple(reasons)


def _region_met(first: Organisation, second: Organisation, preference: str) -> bool:
    if preference == "none" or not first.region or not second.region:
        return False
    return (first.region == second.region) == (preference == "same")


def _declined(
    feedback: Iterable[OrganisationFeedback], scope: str
) -> frozenset[tuple[str, str, str]]:
    """The banned (asking, offering, skill) keys; skill ``""`` bans every skill. With
    scope ``pair`` a decline bans the two organisations both ways round."""
    banned: set[tuple[str, str, str]] = set()
    for item in feedback:
        if item.status != DECLINED:
            continue
        asking, offering = name_key(item.asking), name_key(item.offering)
        if scope == "pair":
            banned.update({(asking, offering, ""), (offering, asking, "")})
        else:
            banned.add((asking, offering, item.skill))
    return frozenset(banned)


@dataclass(slots=True)
class _Session:
    """A session being formed."""

    offering: str
    skill: str
    asking: list[str]

    def members(self, programme: _Programme) -> list[Organisation]:
        return [programme.by_name[name] for name in (self.offering, *self.asking)]


def shop_talks(data: ShopTalkInput, settings: MatchSettings, today: dt.date) -> ShopTalks:
    """The shop-talk sessions of ``data`` and a reason for each want left without one."""
    programme = _Programme(data, settings, today)
    sessions = _sessions(programme)
    seated = {(name, s.skill) for s in sessions for name in s.asking}
    unmet = [
        UnmetWant(asking, skill, (_unmet_reason(programme, asking, skill, today),))
        for asking, skill in programme.wants()
        if (asking, skill) not in seated
    ]
    finished = tuple(_finished(programme, s) for s in _sorted(sessions))
    wants = len(programme.wants())
    return ShopTalks(finished, tuple(unmet), wants, _bound(programme))


def _sorted(sessions: Iterable[_Session]) -> list[_Session]:
    return sorted(
        sessions,
        key=lambda s: (s.skill, name_key(s.offering), sorted(map(name_key, s.asking))),
    )


def _finished(programme: _Programme, session: _Session) -> ShopTalk:
    asking = sorted(session.asking, key=name_key)
    seats = tuple(
        ShopTalkSeat(name, programme.reasons(name, session.offering, session.skill))
        for name in asking
    )
    members = session.members(programme)
    languages = common_languages(members, programme.settings.min_language_level)
    offsets = [m.utc_offset for m in members if m.utc_offset is not None]
    slots = two_slots(offsets, programme.settings.day_start, programme.settings.day_end)
    return ShopTalk(session.offering, session.skill, seats, languages, slots, len(offsets))


def _sessions(programme: _Programme) -> list[_Session]:
    """The sessions, formed round by round (see the module's description)."""
    free = {name: o.capacity for name, o in programme.by_name.items() if programme.available(name)}
    sessions: list[_Session] = []
    waiting = [
        want
        for want in programme.wants()
        if any(programme.eligible(want[0], o, want[1]) for o in programme.offerers(want[1]))
    ]
    order = {want: index for index, want in enumerate(waiting)}
    while waiting:
        placed = _round(programme, waiting, sessions, free)
        if placed:
            waiting = [want for want in waiting if want not in placed]
        elif not _merged(programme, sessions, free, waiting):
            left = _replaced(programme, sessions, waiting)
            if left is None:
                break
            waiting = sorted(left, key=order.__getitem__)
    return sessions


def _replaced(
    programme: _Programme, sessions: list[_Session], waiting: Sequence[Want]
) -> list[Want] | None:
    """Give the unit of a session to a group of waiting wants of one skill that its host
    offers, when that serves more: the session's wants join other sessions where they
    may, or wait again. The wants waiting afterwards, or None when no session can be
    replaced (the first that can, in the order sessions were formed, is)."""
    for session in sessions:
        offered = sorted(set(programme.by_name[session.offering].offers))
        back = [(name, session.skill) for name in session.asking]
        others = [other for other in sessions if other is not session]
        for skill in offered:
            group = _group(programme, session.offering, skill, waiting)
            if not group:
                continue
            reseated = _reseated(programme, others, back)
            if len(group) + len(reseated) > len(back):
                session.skill, session.asking = skill, [name for name, _ in group]
                left = [want for want in back if want not in reseated]
                return [want for want in waiting if want not in group] + left
            for (name, _), other in reseated.items():
                other.asking.remove(name)
    return None


def _reseated(
    programme: _Programme, sessions: Sequence[_Session], wants: Sequence[Want]
) -> dict[Want, _Session]:
    """Seat each of ``wants`` in the first of ``sessions`` with room that it may join (the
    sessions are changed); the sessions each went to."""
    size = programme.talks.max_size
    seated: dict[Want, _Session] = {}
    for want in wants:
        for session in sessions:
            if (
                len(session.asking) < size
                and _fits(programme, want[0], want[1], session, session.offering)
                and _shared(programme, session, [want[0]])
            ):
                session.asking.append(want[0])
                seated[want] = session
                break
    return seated


def _group(programme: _Programme, offering: str, skill: str, waiting: Sequence[Want]) -> list[Want]:
    """The waiting wants of ``skill`` that may share a new session of ``offering``, in
    order, while there is room and a language all share."""
    group = _Session(offering, skill, [])
    chosen: list[Want] = []
    for want in waiting:
        if (
            want[1] == skill
            and _joins(programme, group, offering, want)
            and programme.eligible(want[0], offering, skill)
        ):
            group.asking.append(want[0])
            chosen.append(want)
    return chosen


def _merged(
    programme: _Programme,
    sessions: list[_Session],
    free: dict[str, int],
    waiting: Sequence[Want],
) -> bool:
    """Move the organisations of one session into another of the same skill that has
    room for all of them and that they may all join, freeing a unit of capacity of a host
    that a waiting want may meet; whether one was moved. The first such pair, in the
    order sessions were formed, is taken."""
    size = programme.talks.max_size
    for source, target in itertools.permutations(sessions, 2):
        if source.skill != target.skill or len(source.asking) + len(target.asking) > size:
            continue
        if not any(programme.eligible(a, source.offering, skill) for a, skill in waiting):
            continue
        if all(
            _fits(programme, name, source.skill, target, target.offering) for name in source.asking
        ) and _shared(programme, target, source.asking):
            target.asking.extend(source.asking)
            sessions.remove(source)
            free[source.offering] += 1
            return True
    return False


def _shared(programme: _Programme, session: _Session, joining: Sequence[str]) -> bool:
    """Whether the session and every organisation joining it share a language."""
    members = [*session.members(programme), *(programme.by_name[name] for name in joining)]
    return bool(common_languages(members, programme.settings.min_language_level))


def _round(
    programme: _Programme,
    waiting: Sequence[Want],
    sessions: list[_Session],
    free: dict[str, int],
) -> set[Want]:
    """One exact assignment of the waiting wants to seats left and to capacity left;
    the wants it placed."""
    size = programme.talks.max_size
    open_sessions = [s for s in sessions if len(s.asking) < size]
    offering = [name for name, units in free.items() if units > 0]
    columns: list[tuple[_Session | None, str]] = [(s, s.offering) for s in open_sessions]
    columns += [(None, name) for name in offering]
    capacity = [size - len(s.asking) for s in open_sessions] + [free[n] for n in offering]
    demand = _demand(programme, waiting)
    rows: list[int] = []
    cols: list[int] = []
    scores: list[int] = []
    shares: list[int] = []
    for row, (asking, skill) in enumerate(waiting):
        for col, (session, name) in enumerate(columns):
            if not _fits(programme, asking, skill, session, name):
                continue
            rows.append(row)
            cols.append(col)
            scores.append(programme.score(asking, name, skill))
            shares.append(min(size, demand.get((name, skill), 1)))
    if not rows:
        return set()
    values = [
        share * (max(scores) + 1) + score for share, score in zip(shares, scores, strict=True)
    ]
    problem = Problem(
        n_rows=len(waiting),
        capacity=np.array(capacity, dtype=np.int64),
        edge_row=np.array(rows, dtype=np.int64),
        edge_col=np.array(cols, dtype=np.int64),
        edge_value=np.array(values, dtype=np.int64),
    )
    chosen = np.flatnonzero(solve(problem))
    return _seat(programme, [(waiting[rows[e]], columns[cols[e]]) for e in chosen], sessions, free)


def _fits(
    programme: _Programme, asking: str, skill: str, session: _Session | None, offering: str
) -> bool:
    """Whether the want may take this column: a session of its skill it can join (a
    language all share, not there yet), or an offering organisation it may meet."""
    if not programme.eligible(asking, offering, skill):
        return False
    if session is None:
        return True
    if session.skill != skill or asking in session.asking:
        return False
    members = [*session.members(programme), programme.by_name[asking]]
    return bool(common_languages(members, programme.settings.min_language_level))


def _demand(programme: _Programme, waiting: Sequence[Want]) -> dict[tuple[str, str], int]:
    """How many waiting wants each (offering organisation, skill) could seat."""
    demand: dict[tuple[str, str], int] = {}
    for asking, skill in waiting:
        for offering in programme.offerers(skill):
            if programme.eligible(asking, offering, skill):
                demand[(offering, skill)] = demand.get((offering, skill), 0) + 1
    return demand


def _seat(
    programme: _Programme,
    placed: Sequence[tuple[Want, tuple[_Session | None, str]]],
    sessions: list[_Session],
    free: dict[str, int],
) -> set[Want]:
    """Seat the round's wants: those given a session join it (unless another joining in
    the same round left no language all share: they wait for the next round); those given
    an offering organisation's capacity share new sessions of its skill where a language
    allows."""
    done: set[Want] = set()
    for want, (session, _) in placed:
        if session is not None and _shared(programme, session, [want[0]]):
            session.asking.append(want[0])
            done.add(want)
    new: list[_Session] = []
    for want, (session, offering) in placed:
        if session is not None:
            continue
        asking, skill = want
        joined = next((s for s in new if _joins(programme, s, offering, want)), None)
        if joined is None:
            joined = _Session(offering, skill, [])
            new.append(joined)
            free[offering] -= 1
        joined.asking.append(asking)
        done.add(want)
    sessions.extend(new)
    return done


def _joins(programme: _Programme, session: _Session, offering: str, want: Want) -> bool:
    if session.offering != offering or session.skill != want[1]:
        return False
    if len(session.asking) >= programme.talks.max_size:
        return False
    members = [*session.members(programme), programme.by_name[want[0]]]
    return bool(common_languages(members, programme.settings.min_language_level))


def _unmet_reason(programme: _Programme, asking: str, skill: str, today: dt.date) -> Reason:
    """The first reason that applies to a want left without a session."""
    organisation = programme.by_name[asking]
    if asking not in programme.present:
        if organisation.status is Status.AWAY:
            until = organisation.away_until.isoformat() if organisation.away_until else None
            return Reason(ORGANISATION_AWAY, (until,) if until else ())
        return Reason(ORGANISATION_INACTIVE)
    others = [o for o in programme.offerers(skill) if name_key(o) != name_key(asking)]
    if not others:
        return Reason(NO_OFFER)
    available = [o for o in others if programme.available(o)]
    if not available:
        return Reason(OFFERS_AWAY, (len(others),))
    speaking = [o for o in available if programme.speak(asking, o)]
    if not speaking:
        return Reason(NO_COMMON_LANGUAGE, (len(available),))
    allowed = [o for o in speaking if not programme.excluded(asking, o, skill)]
    if not allowed:
        return Reason(EXCLUDED, (len(speaking),))
    return Reason(OFFERS_FULL, (len(allowed),))


def served_bound(data: ShopTalkInput, settings: MatchSettings, today: dt.date) -> int:
    """The most wants any solution could serve: a maximum flow in which each offering
    organisation seats ``capacity`` x ``max_size`` wants, whatever their skills (it
    ignores that a session holds one skill and one shared language)."""
    return _bound(_Programme(data, settings, today))


def _bound(programme: _Programme) -> int:
    wants = programme.wants()
    names = [name for name in programme.by_name if programme.available(name)]
    column = {name: index for index, name in enumerate(names)}
    edges = [
        (row, column[offering])
        for row, (asking, skill) in enumerate(wants)
        for offering in programme.offerers(skill)
        if programme.eligible(asking, offering, skill)
    ]
    if not edges:
        return 0
    size = programme.talks.max_size
    problem = Problem(
        n_rows=len(wants),
        capacity=np.array([programme.by_name[n].capacity * size for n in names], dtype=np.int64),
        edge_row=np.array([row for row, _ in edges], dtype=np.int64),
        edge_col=np.array([col for _, col in edges], dtype=np.int64),
        edge_value=np.zeros(len(edges), dtype=np.int64),
    )
    return maximum_cut(problem).matched


def sharer_counts(
    organisations: Iterable[Organisation], people: Iterable[Person]
) -> dict[tuple[str, str], int]:
    """Per (organisation, offered skill), how many people linked to the organisation share
    the skill themselves (the ``sharers`` of :class:`ShopTalkInput`)."""
    shares = {person.username: person.shares for person in people}
    counts: dict[tuple[str, str], int] = {}
    for organisation in organisations:
        for skill in organisation.offers:
            count = sum(1 for name in organisation.participants if skill in shares.get(name, ()))
            if count:
                counts[(organisation.name, skill)] = count
    return counts


def session_rows(talks: ShopTalks) -> list[dict[str, object]]:
    """The sessions as plain records (offering, skill, asking), in their order: what the
    state keeps for the next run and what ``wikisync export`` writes."""
    return [
        {"offering": s.offering, "skill": s.skill, "asking": list(s.asking)} for s in talks.sessions
    ]


def seats_in(rows: Iterable[Mapping[str, object]]) -> frozenset[Seat]:
    """Every seat, (asking, offering, skill), of sessions written by :func:`session_rows`."""
    return frozenset(
        (str(name), str(row["offering"]), str(row["skill"]))
        for row in rows
        for name in row["asking"]  # type: ignore[attr-defined]
    )
