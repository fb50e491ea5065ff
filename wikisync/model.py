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
    """A suggested learner-sharer pair for one skill, with its score and reasons."""

    learner: str
    sharer: str
    skill: str
    score: int
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A learn request that got no suggestion, and why."""

    learner: str
    skill: str
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True, slots=True)
class Group:
    """A small learning group for one skill around a host (sharer or clinic host)."""

    id: str
    skill: str
    language: str
    members: tuple[str, ...]
    host: str | None = None


@dataclass(frozen=True, slots=True)
class ClinicCandidate:
    """A skill where a learning clinic would help, with what planning it needs."""

    skill: str
    demand: int
    supply: int
    unmet: int
    hosts: tuple[str, ...] = ()
    languages: tuple[tuple[str, int], ...] = ()
    regions: tuple[tuple[str, int], ...] = ()
    score: int = 0


@dataclass(frozen=True, slots=True)
class Feedback:
    """What a learner and sharer said about a suggestion (``met``, ``declined`` ...)."""

    learner: str
    sharer: str
    skill: str
    status: str
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Everything the matching stage produces for the renderers."""

    suggestions: tuple[Suggestion, ...] = ()
    unmatched: tuple[Unmatched, ...] = ()
    groups: tuple[Group, ...] = ()
    clinics: tuple[ClinicCandidate, ...] = ()
