"""The measures the bot computes from its data, each a pure function of :class:`MeasureData`.

An indicator names one of :data:`MEASURES` by its name. Each measure's docstring is its
definition, shown next to its figures. Measures about people (``breakdown``) are also
given per region and per organisation: the same function on the data of that group's
people only (:meth:`MeasureData.of_people`).

:func:`measure_data` builds the data from one run: the people, requests and meetings come
from the figures the matching stage counted (:class:`~wikisync.model.Figures`), so that a
count here is the count the statistics page shows.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from wikisync.model import (
    Feedback,
    Library,
    MatchResult,
    Organisation,
    OrganisationFeedback,
    Person,
    Status,
)

#: The feedback status of a shop-talk session that took place.
HELD = "held"
#: The feedback status of a pair that met.
MET = "met"
ACTIVE = Status.ACTIVE


@dataclass(frozen=True, slots=True)
class MeasureData:
    """What the measures are computed from, as plain values.

    ``participants``: every participant's username; ``sharers``: those taking part who
    share a skill; ``requests``: open (learner, skill) learn requests of people taking
    part; ``suggested``: those of them with a suggested sharer; ``waits``: days from a
    suggested request's first sighting to its suggestion's; ``met``: (learner, sharer,
    skill) reported met; ``accepted``: (learner, skill) suggestions accepted;
    ``shop_talks``: the shop-talk feedback statuses; ``organisations``: the organisations
    taking part; ``unmet_skills``: skills with a learner left without a match;
    ``clinics``: learning clinics held (their records).
    """

    participants: frozenset[str] = frozenset()
    sharers: frozenset[str] = frozenset()
    requests: frozenset[tuple[str, str]] = frozenset()
    suggested: frozenset[tuple[str, str]] = frozenset()
    waits: Mapping[tuple[str, str], int] = field(default_factory=dict)
    met: frozenset[tuple[str, str, str]] = frozenset()
    accepted: frozenset[tuple[str, str]] = frozenset()
    shop_talks: tuple[str, ...] = ()
    organisations: frozenset[str] = frozenset()
    unmet_skills: frozenset[str] = frozenset()
    clinics: int = 0

    def of_people(self, people: Collection[str]) -> MeasureData:
        """The data of ``people`` only: their participation, their requests as learners and
        their meetings as learners (what is not about people is left out)."""
        return MeasureData(
            participants=self.participants & frozenset(people),
            sharers=self.sharers & frozenset(people),
            requests=frozenset(r for r in self.requests if r[0] in people),
            suggested=frozenset(r for r in self.suggested if r[0] in people),
            waits={r: days for r, days in self.waits.items() if r[0] in people},
            met=frozenset(m for m in self.met if m[0] in people),
            accepted=frozenset(a for a in self.accepted if a[0] in people),
        )


class Unit(Enum):
    """What a measure's values are: a count, a share (0 to 1) or a number of days."""

    COUNT = "count"
    SHARE = "share"
    DAYS = "days"


def participants(data: MeasureData) -> float | None:
    """Participants: everyone with a directory or registration record, taking part now or
    not."""
    return len(data.participants)


def active_sharers(data: MeasureData) -> float | None:
    """Active sharers: participants taking part in matching (active, or back from being
    away) who share at least one skill."""
    return len(data.sharers)


def learn_requests(data: MeasureData) -> float | None:
    """Learn requests: open requests (a person and a skill they want to learn, with no
    meeting reported for it yet) of participants taking part."""
    return len(data.requests)


def requests_matched(data: MeasureData) -> float | None:
    """Share of requests matched: open learn requests with a suggested sharer, out of all
    open learn requests (none when there are no requests)."""
    if not data.requests:
        return None
    return len(data.suggested & data.requests) / len(data.requests)


def days_to_suggestion(data: MeasureData) -> float | None:
    """Median days from request to suggestion: for each request with a suggested sharer,
    the whole days from the run that first saw the request to the run that first made its
    suggestion; the median of those (none without suggestions)."""
    if not data.waits:
        return None
    return float(statistics.median(sorted(data.waits.values())))


def met_pairs(data: MeasureData) -> float | None:
    """Met pairs: distinct (learner, sharer, skill) reported ``met`` on the feedback
    pages."""
    return len(data.met)


def accepted_suggestions(data: MeasureData) -> float | None:
    """Accepted suggestions: suggestions standing because feedback says they were
    accepted."""
    return len(data.accepted)


def shop_talks_held(data: MeasureData) -> float | None:
    """Shop-talk sessions held: organisation feedback lines whose status is ``held``."""
    return sum(1 for status in data.shop_talks if status == HELD)


def organisations_taking_part(data: MeasureData) -> float | None:
    """Organisations taking part: organisation entries whose status is active."""
    return len(data.organisations)


def unmet_skills(data: MeasureData) -> float | None:
    """Skills with unmet demand: taxonomy skills with at least one learner who has neither
    a suggested sharer nor a place in a learning group."""
    return len(data.unmet_skills)


def clinics_held(data: MeasureData) -> float | None:
    """Clinics held: records of past learning clinics on the resources pages."""
    return data.clinics


@dataclass(frozen=True, slots=True)
class Measure:
    """A measure by name: its function, its unit, whether it breaks down by people, and
    whether a programme wants it to fall (``lower_is_better``: days of waiting, skills
    with unmet demand) rather than rise."""

    name: str
    compute: Callable[[MeasureData], float | None]
    unit: Unit = Unit.COUNT
    breakdown: bool = False
    lower_is_better: bool = False

    @property
    def definition(self) -> str:
        """The measure's definition: its function's docstring, on one line."""
        return " ".join((self.compute.__doc__ or "").split())

    def share_of_target(self, value: float | None, target: float | None) -> float | None:
        """How far ``value`` has come towards ``target``; none without either.

        For a measure that should rise, the value over the target (above 1 past it). For
        one that should fall, the target over the value, at most 1: a value at or below
        the target has reached it (a value of 0 always has), 14 days against a target of 7
        is halfway.
        """
        if value is None or target is None:
            return None
        if not self.lower_is_better:
            return value / target if target else None
        if value <= target:
            return 1.0
        return target / value


#: Every measure an indicator may name, in the order the documentation lists them.
MEASURES: Mapping[str, Measure] = {
    measure.name: measure
    for measure in (
        Measure("participants", participants, breakdown=True),
        Measure("active-sharers", active_sharers, breakdown=True),
        Measure("learn-requests", learn_requests, breakdown=True),
        Measure("requests-matched", requests_matched, Unit.SHARE, breakdown=True),
        Measure(
            "days-to-suggestion",
            days_to_suggestion,
            Unit.DAYS,
            breakdown=True,
            lower_is_better=True,
        ),
        Measure("met-pairs", met_pairs, breakdown=True),
        Measure("accepted-suggestions", accepted_suggestions, breakdown=True),
        Measure("shop-talks-held", shop_talks_held),
        Measure("organisations", organisations_taking_part),
        Measure("unmet-skills", unmet_skills, lower_is_better=True),
        Measure("clinics-held", clinics_held),
    )
}


@dataclass(frozen=True, slots=True)
class Value:
    """A measure's value for one run: in total, by region and by organisation (empty for
    a measure that does not break down). None: nothing to measure."""

    total: float | None
    by_region: Mapping[str, float | None] = field(default_factory=dict)
    by_organisation: Mapping[str, float | None] = field(default_factory=dict)


def evaluate(
    measure: Measure,
    data: MeasureData,
    regions: Mapping[str, Collection[str]],
    organisations: Mapping[str, Collection[str]],
) -> Value:
    """The measure on ``data``, and on each group of people of ``regions`` and
    ``organisations`` (name -> usernames) when it breaks down."""
    total = measure.compute(data)
    if not measure.breakdown:
        return Value(total)
    return Value(
        total,
        {name: measure.compute(data.of_people(people)) for name, people in regions.items()},
        {name: measure.compute(data.of_people(people)) for name, people in organisations.items()},
    )


def region_groups(people: Iterable[Person]) -> dict[str, frozenset[str]]:
    """Usernames by region, for people with a region, regions in name order."""
    groups: dict[str, set[str]] = {}
    for person in people:
        if person.region:
            groups.setdefault(person.region, set()).add(person.username)
    return {name: frozenset(groups[name]) for name in sorted(groups)}


def organisation_groups(
    people: Iterable[Person], organisations: Iterable[Organisation]
) -> dict[str, frozenset[str]]:
    """Usernames by organisation: the people linked to an organisation's entry, and those
    naming it (or an organisation without an entry) as their affiliation."""
    groups: dict[str, set[str]] = {}
    for organisation in organisations:
        groups.setdefault(organisation.name, set()).update(organisation.participants)
    for person in people:
        if person.affiliation:
            groups.setdefault(person.affiliation, set()).add(person.username)
    return {name: frozenset(groups[name]) for name in sorted(groups)}


def measure_data(
    people: Sequence[Person],
    result: MatchResult,
    feedback: Iterable[Feedback],
    shop_talks: Iterable[OrganisationFeedback],
    organisations: Iterable[Organisation],
    library: Library,
    waits: Mapping[tuple[str, str], int],
) -> MeasureData:
    """The data of one run: the people, the match and its figures, the feedback, the
    organisations and the clinics; ``waits`` (days from request to suggestion) come from
    the state (see :func:`days_waited`)."""
    figures = result.figures
    requests = frozenset(
        (learner, skill) for skill, item in figures.skills.items() for learner in item.learners
    )
    suggested = frozenset((s.learner, s.skill) for s in result.suggestions) & requests
    return MeasureData(
        participants=frozenset(person.username for person in people),
        sharers=frozenset(name for item in figures.skills.values() for name in item.sharers),
        requests=requests,
        suggested=suggested,
        waits={request: days for request, days in waits.items() if request in suggested},
        met=frozenset((f.learner, f.sharer, f.skill) for f in feedback if f.status == MET),
        accepted=frozenset((s.learner, s.skill) for s in result.suggestions if s.accepted),
        shop_talks=tuple(item.status for item in shop_talks),
        organisations=frozenset(item.name for item in organisations if item.status is ACTIVE),
        unmet_skills=frozenset(skill for skill, item in figures.skills.items() if item.unmatched),
        clinics=len(library.clinics),
    )


def days_waited(
    suggestions: Iterable[tuple[str, str, str]],
    requested: Mapping[tuple[str, str], dt.datetime],
    suggested: Mapping[tuple[str, str, str], dt.datetime],
    now: dt.datetime,
) -> dict[tuple[str, str], int]:
    """Whole days from each suggested (learner, skill) request's first sighting to its
    (learner, skill, sharer) suggestion's first making (``now`` for one made by this run,
    never below zero)."""
    waits = {}
    for learner, skill, sharer in suggestions:
        start = requested.get((learner, skill), now)
        made = suggested.get((learner, skill, sharer), now)
        waits[(learner, skill)] = max(0, (made.date() - start.date()).days)
    return waits
