"""Organisations from the raw records of the organisation pages, linked with the people.

Each value is read as the same field of a directory entry is read (region, country,
languages, time zone, status, skills through the taxonomy, account names from links,
user templates or plain names), and every doubt is a located problem on the problems
page:

- ``name`` is required (``missing-field``: the entry is left out); a second entry of the
  same name, compared as skills are (case, accents, punctuation and spacing aside), is
  left out too (``duplicate-organisation``, the first entry's page as a hint);
- ``offers`` and ``wants``: skills the taxonomy does not know are ``unknown-skill``, with
  the nearest known skills as hints;
- ``capacity``: how many sessions per period, a whole number from 0 to the programme's
  ``max_capacity`` (1 when not given); anything else is
  ``invalid-organisation-capacity``;
- ``contact`` not among the ``members``: ``contact-not-member``;
- ``do_not_match``: the organisations (by name, as written) never to be matched with it
  for a shop talk.

Two checks need more than the entry. Members and the contact are checked as accounts in
the same batched request as the people's accounts (:func:`member_account_problems` reads
its answers): a name that is no account is ``member-not-account``. And people and
organisations are linked both ways (:func:`link_people`): a person's ``affiliation``
that names an organisation (by its name or one of its ``aliases``, compared alike) links
them, and so does an organisation's ``members`` list. Where the two sides disagree:
``member-affiliation-mismatch`` (a member whose entry names another affiliation, or
none) and ``affiliation-not-listed`` (a person whose affiliation names an organisation
that lists members, but not them). A participant who has not agreed to be named is
never named in these problems, nor is what their entry says.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from wikisync.model import EntryKind, Organisation, Person, Problem, RawEntry, RawRecord
from wikisync.normalize.countries import tidy_country
from wikisync.normalize.entry import EntryFields
from wikisync.normalize.keys import fold
from wikisync.normalize.lists import unique
from wikisync.normalize.numbers import parse_capacity
from wikisync.normalize.problems import Issue, problem
from wikisync.normalize.regions import RegionIndex
from wikisync.normalize.skills import SkillIndex
from wikisync.normalize.usernames import AccountInfo
from wikisync.settings.programme import Programme

#: Sessions per period of an organisation that does not say.
DEFAULT_SESSIONS = 1
#: Longest value of each field of an organisation entry (the programme's limits win).
ORGANISATION_LIMITS: Mapping[str, int] = {
    "name": 200,
    "aliases": 400,
    "offers": 400,
    "wants": 400,
    "questions": 1000,
    "do_not_match": 400,
}


def normalise_organisations(
    records: Iterable[RawRecord], skills: SkillIndex, programme: Programme, today: dt.date
) -> tuple[tuple[Organisation, ...], list[Problem]]:
    """The organisations of ``records`` (in their order, one per name), with problems."""
    reader = _Reader(skills, programme, today)
    found: dict[str, Organisation] = {}
    problems: list[Problem] = []
    for record in records:
        organisation, written = reader.read(record)
        problems.extend(written)
        if organisation is None:
            continue
        first = found.setdefault(name_key(organisation.name), organisation)
        if first is not organisation:
            problems.append(_duplicate(organisation, first))
    return tuple(found.values()), problems


def name_key(name: str) -> str:
    """An organisation's name as names are compared: case, accents, punctuation and
    spacing aside ("Wikimedia Ghana User-Group" is "wikimedia ghana user group")."""
    return fold(name)


class _Reader:
    """Turns raw organisation records into organisations for one programme and day."""

    def __init__(self, skills: SkillIndex, programme: Programme, today: dt.date) -> None:
        self.skills = skills
        self.settings = programme.normalise
        self.regions = RegionIndex(self.settings.regions, self.settings.region_aliases)
        self.limits = {**ORGANISATION_LIMITS, **dict(self.settings.limits)}
        self.today = today

    def read(self, record: RawRecord) -> tuple[Organisation | None, list[Problem]]:
        """The organisation of ``record`` (None without a name) and its problems."""
        fields = EntryFields(
            RawEntry(EntryKind.DIRECTORY, record.fields, record.source), self.limits
        )
        name = fields.line("name")
        if not name:
            message = "the organisation has no name; it is left out"
            fields.problems.append(problem("missing-field", message, record.source, field="name"))
            return None, fields.problems
        return self._organisation(fields, name), fields.problems

    def _organisation(self, fields: EntryFields, name: str) -> Organisation:
        offers, unknown_offers = fields.skills("offers", self.skills)
        wants, unknown_wants = fields.skills("wants", self.skills)
        timezone, offset = fields.timezone(self.today)
        status, away_until = fields.status(self.today)
        region = fields.region(self.regions)
        members = fields.accounts("members")
        contact = fields.account("contact")
        if contact is not None and contact not in members:
            message = f"the contact {contact} is not among the members of {name}"
            fields.report_one(Issue("contact-not-member", message, contact), "contact")
        return Organisation(
            name=name,
            source=fields.source,
            aliases=tuple(item for item in fields.items("aliases") if name_key(item)),
            members=members,
            contact=contact,
            region=region,
            country=tidy_country(fields.line("country")),
            languages=fields.languages(self.settings.languages),
            timezone=timezone,
            utc_offset=offset,
            offers=offers,
            wants=wants,
            unknown_skills=tuple(unique([*unknown_offers, *unknown_wants])),
            questions=fields.line("questions"),
            capacity=self._sessions(fields),
            status=status,
            away_until=away_until,
            do_not_match=tuple(item for item in fields.items("do_not_match") if name_key(item)),
        )

    def _sessions(self, fields: EntryFields) -> int:
        written = fields.line("capacity")
        maximum = self.settings.max_capacity
        value, issue = parse_capacity(written, DEFAULT_SESSIONS, maximum)
        if issue is not None:
            message = (
                f'"{written}" is not a number of sessions per period from 0 to {maximum}; '
                f"{value} used"
            )
            fields.report_one(Issue("invalid-organisation-capacity", message, written), "capacity")
        return value


def _duplicate(organisation: Organisation, first: Organisation) -> Problem:
    message = f"another entry already names the organisation {first.name}; this one is left out"
    return problem(
        "duplicate-organisation",
        message,
        organisation.source,
        field="name",
        value=organisation.name,
        hints=(first.source.page,),
    )


def account_names(organisations: Iterable[Organisation]) -> list[str]:
    """Every account the organisations name (members and contacts), once, in order."""
    names = (
        name
        for organisation in organisations
        for name in (
            *organisation.members,
            *((organisation.contact,) if organisation.contact else ()),
        )
    )
    return list(dict.fromkeys(names))


def member_account_problems(
    organisations: Iterable[Organisation], accounts: Mapping[str, AccountInfo]
) -> list[Problem]:
    """A problem for each member or contact the wiki says is no account (``accounts``:
    the answers of the run's account check; a name it did not check is left alone).

    A name the wiki refuses is not repeated (the wiki refuses it for a reason).
    """
    problems: list[Problem] = []
    for organisation in organisations:
        named = [("members", name) for name in organisation.members]
        if organisation.contact:
            named.append(("contact", organisation.contact))
        for field, name in named:
            info = accounts.get(name)
            if info is None or (info.exists and not info.refused):
                continue
            if info.refused:
                message = f"a {field} name of {organisation.name} is refused by the wiki"
                shown = f"refused by the wiki ({info.refused})"
            else:
                message = f"{name}, named by {organisation.name}, is not an account on this wiki"
                shown = name
            problems.append(
                problem(
                    "member-not-account", message, organisation.source, field=field, value=shown
                )
            )
    return problems


class OrganisationIndex:
    """The organisations by their names and aliases, compared as :func:`name_key` does.

    A name wins over another organisation's alias; of two aliases, the first written wins.
    """

    def __init__(self, organisations: Sequence[Organisation]) -> None:
        self._names: dict[str, str] = {}
        for organisation in organisations:
            self._names.setdefault(name_key(organisation.name), organisation.name)
        for organisation in organisations:
            for alias in organisation.aliases:
                self._names.setdefault(name_key(alias), organisation.name)

    def lookup(self, written: str) -> str | None:
        """The name of the organisation ``written`` names (an affiliation), or None."""
        key = name_key(written)
        return self._names.get(key) if key else None


def link_people(
    organisations: Sequence[Organisation], people: Sequence[Person]
) -> tuple[tuple[Organisation, ...], list[Problem]]:
    """The organisations with the people linked to them either way, and a problem for each
    side that the other contradicts (see the module's description).

    An organisation that lists no members claims nobody, so it leaves nobody out.
    """
    index = OrganisationIndex(organisations)
    by_name = {person.username: person for person in people}
    naming: dict[str, list[Person]] = {}
    for person in people:
        chosen = index.lookup(person.affiliation)
        if chosen is not None:
            naming.setdefault(chosen, []).append(person)
    linked: list[Organisation] = []
    problems: list[Problem] = []
    for organisation in organisations:
        listed = [by_name[name] for name in organisation.members if name in by_name]
        for person in listed:
            if index.lookup(person.affiliation) != organisation.name:
                problems.append(_member_elsewhere(organisation, person))
        own = naming.get(organisation.name, [])
        if organisation.members:
            problems.extend(
                _not_listed(organisation, person)
                for person in own
                if person.username not in organisation.members
            )
        participants = sorted({person.username for person in (*listed, *own)})
        linked.append(dataclasses.replace(organisation, participants=tuple(participants)))
    return tuple(linked), problems


def may_be_named(person: Person) -> bool:
    """Whether a problem may name ``person`` and quote their entry: they agreed to be
    named, and the entry is not a row of the private export."""
    return person.public and person.kind is not EntryKind.CSV


def _member_elsewhere(organisation: Organisation, person: Person) -> Problem:
    name = organisation.name
    if not may_be_named(person):
        message = (
            f"a member of {name} who has not agreed to be named has an entry that names "
            "another affiliation or none"
        )
        return problem("member-affiliation-mismatch", message, organisation.source, field="members")
    says = (
        f"their entry says {person.affiliation}"
        if person.affiliation
        else "their entry names no affiliation"
    )
    return problem(
        "member-affiliation-mismatch",
        f"{person.username} is listed as a member of {name}; {says}",
        organisation.source,
        field="members",
        value=person.username,
        hints=(person.affiliation,) if person.affiliation else (),
    )


def _not_listed(organisation: Organisation, person: Person) -> Problem:
    named = may_be_named(person)
    who = person.username if named else "this participant"
    message = f"the entry names {organisation.name}, whose entry does not list {who} as a member"
    return problem(
        "affiliation-not-listed",
        message,
        person.source,
        username=person.username if named else None,
        field="affiliation",
        value=organisation.name,
        hints=(organisation.source.page,),
    )
