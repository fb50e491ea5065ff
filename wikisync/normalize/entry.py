"""One raw entry -> one normalised person, with the problems found on the way.

Every field is read from raw wikitext to plain text, cleaned of invisible characters, cut to
its length limit and then normalised by the module for its concept. Problems name the entry
(page, index, line), the username and the field. Values from private exports (CSV) are
withheld from problems, so nothing typed in a private form reaches a public page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from wikisync.model import EntryKind, Language, Person, Problem, RawEntry, Status
from wikisync.normalize.caching import CACHE_SIZE, MAX_CACHED_LENGTH, cache_short
from wikisync.normalize.contact import has_contact_details
from wikisync.normalize.countries import tidy_country
from wikisync.normalize.languages import parse_languages
from wikisync.normalize.lists import split_list, unique
from wikisync.normalize.markup import plain_text
from wikisync.normalize.numbers import parse_capacity, parse_flag
from wikisync.normalize.problems import Issue, located
from wikisync.normalize.regions import RegionIndex
from wikisync.normalize.skills import CATEGORIES_FIELD, SkillIndex
from wikisync.normalize.status import parse_status
from wikisync.normalize.text import clean_text, single_line, truncate
from wikisync.normalize.timezones import parse_timezone
from wikisync.normalize.usernames import (
    username_from_wikitext,
    usernames_in_items,
    usernames_in_list,
)
from wikisync.settings.programme import Programme

#: Raw wikitext longer than this is cut before it is parsed at all.
RAW_LIMIT = 100_000
#: Fields whose raw value is read as account names rather than as text.
ACCOUNT_FIELDS = ("username", "do_not_match")
_PRIVATE_VALUE = Issue(
    "private-value",
    "the value looks like an e-mail address or a phone number and is withheld",
)


@dataclass(frozen=True, slots=True)
class NormalisedEntry:
    """A person read from one entry, and which fields the entry actually gave."""

    person: Person
    given: frozenset[str]


def has_consent(raw: RawEntry) -> bool:
    """Whether a registration may be used: directory entries always, others with consent=yes."""
    if raw.kind is EntryKind.DIRECTORY:
        return True
    return parse_flag(_line(raw.fields.get("consent", ""), 100)[0], False)[0]


class EntryReader:
    """Turns raw entries into people for one programme, taxonomy and day.

    Build it once per run: it holds the skill and region indexes and their caches.
    """

    def __init__(self, skills: SkillIndex, programme: Programme, today: dt.date) -> None:
        self.skills = skills
        self.settings = programme.normalise
        self.regions = RegionIndex(self.settings.regions, self.settings.region_aliases)
        self.limits = dict(programme.normalise.limits)
        self.today = today

    def read(self, raw: RawEntry) -> tuple[NormalisedEntry | None, list[Problem]]:
        """The person written in ``raw`` (None without a usable account name) and problems."""
        fields = EntryFields(raw, self.limits)
        username = fields.username()
        if username is None:
            return None, fields.problems
        person = self._person(fields, username)
        return NormalisedEntry(person, frozenset(fields.given)), fields.problems

    def _person(self, fields: EntryFields, username: str) -> Person:
        shares, unknown_shares = fields.skills("share", self.skills)
        learns, unknown_learns = fields.skills("learn", self.skills)
        shares, learns = fields.category_skills(self.skills, shares, learns)
        timezone, offset = fields.timezone(self.today)
        status, away_until = fields.status(self.today)
        region = fields.region(self.regions)
        settings = self.settings
        return Person(
            username=username,
            source=fields.source,
            kind=fields.kind,
            affiliation=fields.line("affiliation"),
            region=region,
            country=tidy_country(fields.line("country")),
            languages=fields.languages(settings.languages),
            timezone=timezone,
            utc_offset=offset,
            shares=shares,
            learns=learns,
            unknown_skills=tuple(unique([*unknown_shares, *unknown_learns])),
            projects=fields.items("projects"),
            capacity=fields.capacity(settings.default_capacity, settings.max_capacity),
            status=status,
            away_until=away_until,
            clinic=fields.flag("clinic", False),
            do_not_match=fields.usernames("do_not_match", username),
            notify=fields.flag("notify", False),
            public=fields.flag("public", True),
        )


def normalise_entry(
    raw: RawEntry, skills: SkillIndex, programme: Programme, today: dt.date
) -> tuple[NormalisedEntry | None, list[Problem]]:
    """The person written in ``raw`` (None without a usable account name) and problems.

    For many entries, build one :class:`EntryReader` and call its ``read``.
    """
    return EntryReader(skills, programme, today).read(raw)


def _text(wikitext: str) -> tuple[str, tuple[Issue, ...]]:
    """Plain, cleaned text of a raw value (cut first when absurdly long)."""
    issues: tuple[Issue, ...] = ()
    if len(wikitext) > RAW_LIMIT:
        message = f"value longer than {RAW_LIMIT} characters was cut"
        issues = (Issue("value-too-long", message),)
        wikitext = wikitext[:RAW_LIMIT]
    if has_contact_details(wikitext):
        return "", (*issues, _PRIVATE_VALUE)
    cleaned, found = clean_text(plain_text(wikitext))
    if has_contact_details(cleaned):
        return "", (*issues, _PRIVATE_VALUE)
    return cleaned, issues + found


def _line(wikitext: str, limit: int) -> tuple[str, tuple[Issue, ...]]:
    """Plain, cleaned text of a raw value on one line, cut to ``limit``."""
    text, issues = _text(wikitext)
    value, cut = truncate(single_line(text), limit)
    return value, issues + cut


class EntryFields:
    """The fields of one entry as text, with the problems found and the fields given.

    Each value is read once, by the reading its concept needs (a line, a list of skills,
    languages, account names ...); its problems are located at the entry and the field.
    """

    def __init__(self, raw: RawEntry, limits: dict[str, int]) -> None:
        self.source = raw.source
        self.kind = raw.kind
        self.limits = limits
        self.show_values = raw.kind is not EntryKind.CSV
        self.problems: list[Problem] = []
        self.given: set[str] = set()
        self.name: str | None = None
        self.values = self._without_private_accounts(raw.fields)

    def _without_private_accounts(self, fields: Mapping[str, str]) -> Mapping[str, str]:
        """The fields, with account fields that hold contact details withheld.

        Other fields are checked as they are read; account names are not read as text, and
        a name like "Jane Roe +44 20 7946 0958" must not become an account link.
        """
        private = [
            name
            for name in ACCOUNT_FIELDS
            if name in fields and has_contact_details(fields[name][:RAW_LIMIT])
        ]
        for name in private:
            self.report_one(_PRIVATE_VALUE, name)
        return {key: value for key, value in fields.items() if key not in private}

    def report(self, issues: Iterable[Issue], field: str) -> None:
        """Record ``issues`` found in ``field`` as problems of this entry."""
        for issue in issues:
            self.problems.append(
                located(issue, self.source, self.name, field, show_value=self.show_values)
            )

    def report_one(self, issue: Issue | None, field: str) -> None:
        """Record ``issue``, if any, found in ``field``."""
        if issue is not None:
            self.report((issue,), field)

    def text(self, field: str) -> str:
        """The plain text of ``field`` (lines kept)."""
        written = self.values.get(field)
        if not written:
            return ""
        if len(written) <= MAX_CACHED_LENGTH:
            value, issues = _cached_text(written)
        else:
            value, issues = _text(written)
        if issues:
            self.report(issues, field)
        if value:
            self.given.add(field)
        return value

    def line(self, field: str) -> str:
        """The plain text of ``field`` on one line, cut to its length limit."""
        written = self.values.get(field)
        if not written:
            return ""
        limit = self.limits.get(field, 200)
        if len(written) <= MAX_CACHED_LENGTH:
            value, issues = _cached_line(written, limit)
        else:
            value, issues = _line(written, limit)
        if issues:
            self.report(issues, field)
        if value:
            self.given.add(field)
        return value

    def username(self) -> str | None:
        """The canonical account name, which the problems of the entry carry."""
        name, issues = username_from_wikitext(self.values.get("username", "")[:RAW_LIMIT])
        self.name = name
        self.report(issues, "username")
        return name

    def languages(self, extra: tuple[tuple[str, str], ...]) -> tuple[Language, ...]:
        """The languages with levels."""
        languages, issues = parse_languages(self.text("languages"), extra)
        if issues:
            self.report(issues, "languages")
        return languages

    def timezone(self, today: dt.date) -> tuple[str | None, int | None]:
        """The time zone and its offset from UTC today, in minutes (None when unknown)."""
        timezone, offset, issue = parse_timezone(self.line("timezone"), today)
        self.report_one(issue, "timezone")
        return timezone, offset

    def status(self, today: dt.date) -> tuple[Status, dt.date | None]:
        """Whether the entry takes part now, and until when it is away."""
        status, away_until, issue = parse_status(self.line("status"), today)
        self.report_one(issue, "status")
        return status, away_until

    def region(self, regions: RegionIndex) -> str | None:
        """The canonical region (None when not given or not recognised)."""
        region, issue = regions.lookup(self.line("region"))
        self.report_one(issue, "region")
        return region

    def skills(self, field: str, skills: SkillIndex) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Canonical skill ids and unknown skill strings of ``field``."""
        ids, unknown, issues = skills.field(self.text(field), self.limits.get(field, 200))
        if issues:
            self.report(issues, field)
        return ids, unknown

    def category_skills(
        self, skills: SkillIndex, shares: tuple[str, ...], learns: tuple[str, ...]
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """``shares`` and ``learns`` with the skills of the entry's categories added (a side
        that gains a skill counts as given)."""
        written = self.values.get(CATEGORIES_FIELD, "")
        if not written:
            return shares, learns
        from_shares, from_learns = skills.from_categories(written.splitlines())
        for field, found in (("share", from_shares), ("learn", from_learns)):
            if found:
                self.given.add(field)
        return _union(shares, from_shares), _union(learns, from_learns)

    def items(self, field: str) -> tuple[str, ...]:
        """The distinct items of a free list field."""
        items, issues = _items(self.text(field), self.limits.get(field, 200))
        if issues:
            self.report(issues, field)
        return items

    def capacity(self, default: int, maximum: int) -> int:
        """How many learners at once, within bounds."""
        value, issue = parse_capacity(self.line("capacity"), default, maximum)
        self.report_one(issue, "capacity")
        return value

    def flag(self, field: str, default: bool) -> bool:
        """A yes/no field."""
        value, issue = parse_flag(self.line(field), default)
        self.report_one(issue, field)
        return value

    def usernames(self, field: str, own_name: str) -> frozenset[str]:
        """Account names listed in ``field``, without the entry's own."""
        if not self.text(field):
            return frozenset()
        names, issues = usernames_in_list(self.values[field][:RAW_LIMIT])
        self.report(issues, field)
        return frozenset(name for name in names if name != own_name)

    def accounts(self, field: str) -> tuple[str, ...]:
        """The distinct account names listed in ``field``, in their order (user links,
        user templates and plain names, mixed)."""
        if not self.text(field):
            return ()
        names, issues = usernames_in_items(self.values[field][:RAW_LIMIT])
        self.report(issues, field)
        return tuple(names)

    def account(self, field: str) -> str | None:
        """The one account name ``field`` gives (None when it gives none, or no valid one)."""
        if not self.text(field):
            return None
        name, issues = username_from_wikitext(self.values[field][:RAW_LIMIT])
        self.report(issues, field)
        return name


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*first, *second)))


_cached_text = lru_cache(maxsize=CACHE_SIZE)(_text)
_cached_line = lru_cache(maxsize=CACHE_SIZE)(_line)


@cache_short
def _items(text: str, limit: int) -> tuple[tuple[str, ...], tuple[Issue, ...]]:
    kept: list[str] = []
    issues: list[Issue] = []
    for item in unique(split_list(text)):
        value, cut = truncate(item, limit)
        issues.extend(cut)
        kept.append(value)
    return tuple(kept), tuple(issues)
