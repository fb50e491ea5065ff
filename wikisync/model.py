"""Plain, frozen data shared by every stage of the pipeline.

Data flows one way: read -> parse -> normalise -> match -> render -> plan -> write -> record.
Each stage takes and returns these records; none of them knows about the wiki.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum, IntEnum

#: Babel level for a native speaker ("N"); levels 0-5 are used as written.
NATIVE = 6


class Severity(IntEnum):
    """How much a problem matters; errors make ``wikisync check`` exit non-zero."""

    INFO = 0
    WARNING = 1
    ERROR = 2


class Status(Enum):
    """Whether a participant takes part in matching right now."""

    ACTIVE = "active"
    AWAY = "away"
    INACTIVE = "inactive"


class AccountState(Enum):
    """What the wiki said about a participant's account; ``USABLE`` unless it said otherwise.

    ``REFUSED``: the wiki refuses the name itself (no account can have it).
    """

    USABLE = "usable"
    MISSING = "missing"
    BLOCKED = "blocked"
    DORMANT = "dormant"
    REFUSED = "refused"


class EntryKind(Enum):
    """Where a record came from; decides merge precedence."""

    DIRECTORY = "directory"
    REGISTRATION = "registration"
    CSV = "csv"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where an entry was read: a wiki page (title, revision) or a file, and its position."""

    page: str
    revision: int = 0
    index: int = 0
    line: int = 0


@dataclass(frozen=True, slots=True)
class Problem:
    """Something an editor should fix; reported, never fatal.

    ``code`` is a stable identifier (``unknown-skill``, ``missing-username`` ...) that the
    renderer translates; ``message`` is the English one-liner for logs and the CLI.
    ``value`` and ``hints`` are user-derived and must be escaped before rendering.
    """

    code: str
    severity: Severity
    message: str
    source: SourceRef | None = None
    username: str | None = None
    field: str | None = None
    value: str = ""
    hints: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One template as written on a page, parameters mapped to canonical field names.

    Values are raw wikitext (comments and markup still in); repeated parameters are
    already resolved (the last wins, as in MediaWiki).
    """

    kind: EntryKind
    fields: Mapping[str, str]
    source: SourceRef
    unknown_params: tuple[str, ...] = ()


class RecordKind(Enum):
    """Which template a raw record was read from: one of the two of the resources pages,
    the organisation entry of the organisation pages, a feedback line about a shop talk,
    or one of the three of the indicators page."""

    RESOURCE = "resource"
    CLINIC = "clinic"
    ORGANISATION = "organisation"
    ORGANISATION_FEEDBACK = "organisation-feedback"
    INDICATOR = "indicator"
    OBJECTIVE = "objective"
    KEY_RESULT = "key-result"


#: The field of a clinic's recording in one language: this prefix, then the language as
#: written (``recording_fr``); a recording of no stated language is ``recording``.
RECORDING_PREFIX = "recording_"


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One ``{{Learning resource}}``, ``{{Learning clinic}}`` or ``{{Organisation entry}}``
    template as written.

    ``fields`` maps canonical parameter names (``skill``, ``url``, ``recording_fr`` …) to raw
    wikitext; a repeated parameter is already resolved (the last wins, as in MediaWiki).
    """

    kind: RecordKind
    fields: Mapping[str, str]
    source: SourceRef


class ResourceKind(Enum):
    """What a learning resource is; ``OTHER`` for a kind not given or not recognised."""

    RECORDING = "recording"
    SLIDES = "slides"
    GUIDE = "guide"
    ETHERPAD = "etherpad"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class LearningResource:
    """A resource for learning one skill, from a ``{{Learning resource}}`` entry.

    ``url`` is a checked http(s) address; ``languages`` are language codes (empty when the
    entry names none); ``clinic`` is the clinic it came from as written (plain text).
    Where it was written is not kept: its problems are located when it is read, and a
    page shows the same resource wherever on the resources pages it stands.
    """

    skill: str
    title: str
    url: str
    languages: tuple[str, ...] = ()
    kind: ResourceKind = ResourceKind.OTHER
    clinic: str = ""
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Recording:
    """The recording of a clinic in one language (``""``: the language is not given)."""

    language: str
    url: str


@dataclass(frozen=True, slots=True)
class ClinicRecord:
    """A learning clinic that took place, from a ``{{Learning clinic}}`` record.

    ``host`` is an account name as written on the page; it is shown only for a participant
    who agreed to be named. ``languages`` are the codes the clinic was held in.
    """

    skill: str
    date: dt.date | None = None
    host: str | None = None
    languages: tuple[str, ...] = ()
    recordings: tuple[Recording, ...] = ()


@dataclass(frozen=True, slots=True)
class SkillMaterials:
    """The resources and past clinics of one skill, in page order."""

    resources: tuple[LearningResource, ...] = ()
    clinics: tuple[ClinicRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class Library:
    """Every learning resource and past clinic the resources pages list, in page order."""

    resources: tuple[LearningResource, ...] = ()
    clinics: tuple[ClinicRecord, ...] = ()

    def by_skill(self) -> dict[str, SkillMaterials]:
        """The materials of each skill that has any, by skill id."""
        resources: dict[str, list[LearningResource]] = {}
        clinics: dict[str, list[ClinicRecord]] = {}
        for resource in self.resources:
            resources.setdefault(resource.skill, []).append(resource)
        for clinic in self.clinics:
            clinics.setdefault(clinic.skill, []).append(clinic)
        return {
            skill: SkillMaterials(tuple(resources.get(skill, ())), tuple(clinics.get(skill, ())))
            for skill in sorted({*resources, *clinics})
        }


#: The materials of a skill that has neither resources nor past clinics.
NO_MATERIALS = SkillMaterials()


@dataclass(frozen=True, slots=True)
class Skill:
    """A canonical skill of the taxonomy."""

    id: str
    label: str
    aliases: tuple[str, ...] = ()
    area: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)
    resources: tuple[str, ...] = ()
    description: str = ""
    #: Categories whose members share (learn) this skill, as profile pages read them.
    share_categories: tuple[str, ...] = ()
    learn_categories: tuple[str, ...] = ()

    def label_in(self, lang: str) -> str:
        """The label in ``lang``, falling back to the English label."""
        return self.labels.get(lang) or self.label


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The canonical skills, in page order."""

    skills: tuple[Skill, ...]

    def get(self, skill_id: str) -> Skill | None:
        """The skill with this id, or None."""
        for skill in self.skills:
            if skill.id == skill_id:
                return skill
        return None


@dataclass(frozen=True, slots=True, order=True)
class Language:
    """A spoken language as an ISO 639 code with a Babel level (0-5, 6 = native)."""

    code: str
    level: int = 3


@dataclass(frozen=True, slots=True)
class Person:
    """A normalised participant: the unit that matching and rendering work on.

    ``utc_offset`` is minutes east of UTC (derived from the time zone at normalisation
    time), or None when the time zone is unknown. ``shares`` and ``learns`` hold
    canonical skill ids only; strings that matched no skill stay in ``unknown_skills``.
    ``public`` is False for people who did not agree to be named on generated pages.
    ``account`` says why the account checks took the person out of matching, if they did.
    """

    username: str
    source: SourceRef
    kind: EntryKind = EntryKind.DIRECTORY
    affiliation: str = ""
    region: str | None = None
    country: str = ""
    languages: tuple[Language, ...] = ()
    timezone: str | None = None
    utc_offset: int | None = None
    shares: tuple[str, ...] = ()
    learns: tuple[str, ...] = ()
    unknown_skills: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    capacity: int = 2
    status: Status = Status.ACTIVE
    away_until: dt.date | None = None
    clinic: bool = False
    do_not_match: frozenset[str] = frozenset()
    notify: bool = False
    public: bool = True
    account: AccountState = AccountState.USABLE


@dataclass(frozen=True, slots=True)
class Organisation:
    """A normalised organisation (an affiliate, a user group, a partner) that takes part in
    the programme as a whole.

    ``members`` and ``contact`` are canonical account names as the entry lists them (in
    its order); ``participants`` are the directory's people linked to it either way (listed
    as members, or naming it as their affiliation), in username order. ``offers`` and
    ``wants`` hold canonical skill ids; strings that matched no skill stay in
    ``unknown_skills``. ``aliases`` are other names the organisation goes by (a person's
    affiliation may name it by one). ``capacity`` is how many sessions it takes part in per
    period; ``utc_offset`` minutes east of UTC, as for people. ``do_not_match`` names the
    organisations it is never to be matched with (as written; compared as names are).
    """

    name: str
    source: SourceRef
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    contact: str | None = None
    region: str | None = None
    country: str = ""
    languages: tuple[Language, ...] = ()
    timezone: str | None = None
    utc_offset: int | None = None
    offers: tuple[str, ...] = ()
    wants: tuple[str, ...] = ()
    unknown_skills: tuple[str, ...] = ()
    questions: str = ""
    capacity: int = 1
    status: Status = Status.ACTIVE
    away_until: dt.date | None = None
    participants: tuple[str, ...] = ()
    do_not_match: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, order=True)
class LearnRequest:
    """One learner wanting one skill."""

    learner: str
    skill: str


@dataclass(frozen=True, slots=True)
class Reason:
    """One structured reason for a suggestion or for the lack of one.

    ``code`` is stable (``common-language``, ``time-overlap``, ``same-region``, ``swap``,
    ``kept``, ``no-sharer`` ...); ``args`` are the values the renderer puts in the message.
    """

    code: str
    args: tuple[str | int, ...] = ()


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A suggested learner-sharer pair for one skill, with its score and reasons.

    ``backup`` is the sharer offered first should this one decline or be released: the
    best-scored other eligible sharer of the skill who still has room (None: nobody has).
    A backup takes no capacity until it becomes the suggestion. ``accepted``: feedback
    says the suggestion was accepted, so it is held until it is met or declined.
    """

    learner: str
    sharer: str
    skill: str
    score: int
    reasons: tuple[Reason, ...] = ()
    backup: str | None = None
    accepted: bool = False


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A learn request that got no suggestion, and why."""

    learner: str
    skill: str
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True, slots=True)
class MeetingTime:
    """A weekly hour suggested for a group.

    ``utc_hour`` (0-23) is the hour in which most of the people with a known time zone are
    awake (``awake`` of ``known``); ``local`` gives each of them (host first, then the
    members) with their local time then, in minutes after midnight.
    """

    utc_hour: int
    awake: int
    known: int
    local: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Group:
    """A small learning group for one skill around a host (sharer or clinic host).

    ``number`` tells the groups of one skill and language apart (1, 2 …, in id order);
    ``languages`` are those everyone in it speaks, ``language`` first; ``meeting`` is the
    suggested weekly hour, None when nobody's time zone is known.
    """

    id: str
    skill: str
    language: str
    members: tuple[str, ...]
    host: str | None = None
    number: int = 1
    languages: tuple[str, ...] = ()
    meeting: MeetingTime | None = None


@dataclass(frozen=True, slots=True)
class SuggestedHost:
    """Someone who could host a clinic: ``willing`` (``clinic = yes``) and the learners they
    have ``met`` in the skill."""

    name: str
    willing: bool
    met: int


@dataclass(frozen=True, slots=True)
class ClinicCandidate:
    """A skill where a learning clinic would help, with what planning it needs.

    Its demand, supply and unmatched learners are the skill's :class:`SkillFigures`.
    ``hosts`` are the willing hosts (they count in the score); ``suggested_hosts`` the
    people to ask first: willing hosts, then the sharers who met most learners in the
    skill. ``interpretation``: the languages of the learners who share none with the first
    suggested host, each learner once in the language they know best, with counts (None
    without a host). ``slots``: up to two UTC hours with how many of the
    ``timed`` learners (those with a known time zone) each suits.
    """

    skill: str
    hosts: tuple[str, ...] = ()
    languages: tuple[tuple[str, int], ...] = ()
    regions: tuple[tuple[str, int], ...] = ()
    score: int = 0
    suggested_hosts: tuple[SuggestedHost, ...] = ()
    interpretation: tuple[tuple[str, int], ...] | None = None
    slots: tuple[tuple[int, int], ...] = ()
    timed: int = 0


@dataclass(frozen=True, slots=True)
class Feedback:
    """What a learner and sharer said about a suggestion (``met``, ``declined`` ...)."""

    learner: str
    sharer: str
    skill: str
    status: str
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class OrganisationFeedback:
    """What organisations said about a shop-talk session: the organisation that asked, the
    one that offered, the skill (its id) and the status (``held``, ``declined`` ...).

    Organisation names are spelled as their entries name them.
    """

    asking: str
    offering: str
    skill: str
    status: str
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class ShopTalkSeat:
    """One asking organisation's place in a shop-talk session, with why it is there."""

    asking: str
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True, slots=True)
class ShopTalk:
    """A suggested shop-talk session: the organisation that offers ``skill`` and those that
    asked for it (in name order), with the languages all of them speak (best first) and
    two suggested UTC hours, each with how many of its organisations (of those whose time
    zone is known) it suits (see :func:`wikisync.matching.meetings.two_slots`)."""

    offering: str
    skill: str
    seats: tuple[ShopTalkSeat, ...]
    languages: tuple[str, ...] = ()
    slots: tuple[tuple[int, int], ...] = ()
    timed: int = 0

    @property
    def asking(self) -> tuple[str, ...]:
        """The asking organisations, in the order of the seats."""
        return tuple(seat.asking for seat in self.seats)


@dataclass(frozen=True, slots=True)
class UnmetWant:
    """An organisation's wanted skill that got no session, with why (one reason, as for
    people's requests: the first that applies)."""

    asking: str
    skill: str
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True, slots=True)
class ShopTalks:
    """The shop-talk sessions of one run and the wants left without one, both sorted;
    ``wants``: the open wants (those not yet held); ``bound``: the most of them any
    solution could serve (see :func:`wikisync.matching.shoptalk.served_bound`)."""

    sessions: tuple[ShopTalk, ...] = ()
    unmet: tuple[UnmetWant, ...] = ()
    wants: int = 0
    bound: int = 0

    @property
    def served(self) -> int:
        """The wants that have a seat in a session."""
        return sum(len(session.seats) for session in self.sessions)


@dataclass(frozen=True, slots=True)
class SkillFigures:
    """The figures of one skill in one run: the only counts of it that any page shows.

    Who counts: people *taking part* in matching on the run's day, that is active, or away
    with a return date already past. Inactive people, people away and people the account
    checks took out count nowhere. Each person counts once per skill.

    - ``learners`` (``demand``): the people who want to learn the skill and have no ``met``
      feedback for it yet; each is one open request;
    - ``sharers`` (``supply``): the people who share it (with room left or not);
    - ``room``: how many more learners those sharers can take, summed: their capacity, less
      the learners they already met when the settings count those; a person sharing several
      skills counts fully for each, so this is an upper bound on what they can give;
    - ``paired``: learners with a suggested sharer;
    - ``grouped``: learners without one who have a place in a learning group;
    - ``waiting`` (``unmatched``): learners with neither, "without a match";
    - ``met``: learner-sharer pairs reported ``met`` for the skill on the feedback page
      (whether they take part now or not).

    Usernames are spelled as in the participants' records, in username order.
    """

    skill: str
    learners: tuple[str, ...] = ()
    sharers: tuple[str, ...] = ()
    room: int = 0
    paired: int = 0
    grouped: int = 0
    waiting: tuple[str, ...] = ()
    met: int = 0

    @property
    def demand(self) -> int:
        """How many people want to learn the skill."""
        return len(self.learners)

    @property
    def supply(self) -> int:
        """How many people can share the skill."""
        return len(self.sharers)

    @property
    def unmatched(self) -> int:
        """How many learners have neither a suggested sharer nor a group."""
        return len(self.waiting)


@dataclass(frozen=True, slots=True)
class Figures:
    """The programme's figures for one run: per skill, and totals (see :class:`SkillFigures`).

    - ``skills``: the figures of every taxonomy skill, by id;
    - ``participants``: everyone with a record, taking part or not;
    - ``taking_part``: those taking part in matching on the run's day;
    - ``learners`` / ``sharers``: people taking part who want to learn (share) at least one
      skill; a learner of two skills counts once here and once per skill in ``requests``;
    - ``requests``, ``paired``, ``grouped``, ``unmatched``: sums over the skills;
    - ``met`` / ``declined``: distinct (learner, sharer, skill) reported ``met`` (``declined``)
      on the feedback page, over every skill;
    - ``accepted``: suggestions held because feedback says they were accepted;
    - ``released`` / ``paused``: open requests whose unanswered suggestion was released,
      and sharers paused for not answering;
    - ``met_by_sharer``: the ``met`` pairs per sharer, spelled as the feedback spells them.
    """

    skills: Mapping[str, SkillFigures] = field(default_factory=dict)
    participants: int = 0
    taking_part: int = 0
    learners: int = 0
    sharers: int = 0
    met: int = 0
    declined: int = 0
    accepted: int = 0
    released: int = 0
    paused: int = 0
    met_by_sharer: Mapping[str, int] = field(default_factory=dict)

    def skill(self, skill_id: str) -> SkillFigures:
        """The figures of ``skill_id`` (all zero for a skill nobody mentions)."""
        return self.skills.get(skill_id) or SkillFigures(skill_id)

    @property
    def requests(self) -> int:
        """Open learn requests of people taking part, over every skill."""
        return sum(item.demand for item in self.skills.values())

    @property
    def paired(self) -> int:
        """Requests with a suggested sharer."""
        return sum(item.paired for item in self.skills.values())

    @property
    def grouped(self) -> int:
        """Requests without a suggested sharer that have a place in a group."""
        return sum(item.grouped for item in self.skills.values())

    @property
    def unmatched(self) -> int:
        """Requests with neither a suggested sharer nor a group."""
        return sum(item.unmatched for item in self.skills.values())


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Everything the matching stage produces for the renderers.

    ``figures`` are the counts every page shows; renderers take them from here and never
    count on their own.
    """

    suggestions: tuple[Suggestion, ...] = ()
    unmatched: tuple[Unmatched, ...] = ()
    groups: tuple[Group, ...] = ()
    clinics: tuple[ClinicCandidate, ...] = ()
    figures: Figures = field(default_factory=Figures)
