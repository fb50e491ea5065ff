"""Organisations: each field read as the directory reads it, every doubt a located
problem, accounts from the run's one account check, and people and organisations linked
both ways without ever naming a participant who did not agree to be named."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from wikisync.model import (
    EntryKind,
    Language,
    Organisation,
    Person,
    Problem,
    RawRecord,
    RecordKind,
    SourceRef,
    Status,
)
from wikisync.normalize.organisations import (
    OrganisationIndex,
    account_names,
    link_people,
    member_account_problems,
    name_key,
    normalise_organisations,
)
from wikisync.normalize.skills import SkillIndex
from wikisync.normalize.usernames import AccountInfo
from wikisync.reading.organisations import parse_organisations
from wikisync.running.operations import organisation_record
from wikisync.settings.programme import Programme, Templates, load_programme

DATA = Path(__file__).parent / "data" / "organisations"
TODAY = dt.date(2026, 3, 2)
PAGE = "Organisations"
SOURCE = SourceRef(PAGE, 4, 0, 9)
DIRECTORY = SourceRef("Directory", 2, 0, 1)


def record(**fields: str) -> RawRecord:
    return RawRecord(RecordKind.ORGANISATION, fields, SOURCE)


def codes(problems: list[Problem]) -> list[tuple[str, str | None]]:
    return [(item.code, item.field) for item in problems]


def person(name: str, affiliation: str = "", **changes: object) -> Person:
    return dataclasses.replace(
        Person(name, dataclasses.replace(DIRECTORY, index=len(name))),
        affiliation=affiliation,
        **changes,  # type: ignore[arg-type]
    )


def read_fixture(
    skills: SkillIndex, programme: Programme
) -> tuple[tuple[Organisation, ...], list[Problem]]:
    text = (DATA / "Organisations.wiki").read_text(encoding="utf-8")
    records, read = parse_organisations(text, PAGE, 3, Templates())
    organisations, problems = normalise_organisations(records, skills, programme, TODAY)
    return organisations, [*read, *problems]


def test_a_real_shaped_page_is_read_with_every_mistake_located(
    skills: SkillIndex, programme: Programme
) -> None:
    organisations, problems = read_fixture(skills, programme)
    assert [item.name for item in organisations] == [
        "Wikimedia Ghana User Group",
        "Wikimédia Côte d'Ivoire",
        "Universidad de los Andes",
        "Art+Feminism",
    ]
    assert sorted((p.code, p.field, p.source.line if p.source else 0) for p in problems) == [
        ("contact-not-member", "contact", 24),
        ("duplicate-organisation", "name", 22),
        ("invalid-organisation-capacity", "capacity", 24),
        ("invalid-organisation-capacity", "capacity", 40),
        ("missing-field", "name", 42),
        ("missing-field", "name", 47),
        ("unclosed-template", None, 54),
        ("unknown-parameter", "offerz", 54),
        ("unknown-skill", "wants", 24),
        ("unknown-skill", "wants", 24),
    ]
    typo = next(p for p in problems if p.value == "Phtography")
    assert typo.hints[0] == "Photography"


def test_every_field_is_normalised_as_the_directory_normalises_it(
    skills: SkillIndex, programme: Programme
) -> None:
    ghana, ivoire, andes, art = read_fixture(skills, programme)[0]
    assert ghana.members == ("Ama Mensah", "Kofi Boateng", "Esi", "Yaw Asante")
    assert ghana.contact == "Ama Mensah"
    assert (ghana.region, ghana.country, ghana.timezone) == (
        "Sub-Saharan Africa",
        "Ghana",
        "Africa/Accra",
    )
    assert [language.code for language in ghana.languages] == ["en", "tw", "fr"]
    assert ghana.offers == ("proposal-writing", "video-editing")
    assert ghana.wants == ("monitoring-evaluation", "volunteer-retention", "conflict-management")
    assert ghana.capacity == 2 and ghana.questions.startswith("How do you keep")
    assert ivoire.members == ("Awa Koné", "Ibrahim Traoré", "Unknown Person 9")
    assert ivoire.languages == (Language("fr", 6),)
    assert (ivoire.status, ivoire.away_until) == (Status.AWAY, dt.date(2026, 9, 1))
    assert ivoire.unknown_skills == ("Underwater basket weaving", "Phtography")
    assert ivoire.capacity == 1
    assert andes.aliases == ("Uniandes", "U. de los Andes")
    assert andes.members == ("Lucía Gómez", "Mateo Ruiz")
    assert (andes.utc_offset, andes.capacity, andes.status) == (-300, 10, Status.INACTIVE)
    assert art.members == ("Nadia Rahman", "Kofi Boateng") and art.contact == "Nadia Rahman"


@pytest.mark.parametrize(
    ("written", "sessions", "problem"),
    [("", 1, False), ("3", 3, False), ("2 per month", 2, False), ("0", 0, False),
     ("many", 1, True), ("99", 10, True), ("-2", 1, True)],
)  # fmt: skip
def test_capacity_is_sessions_per_period_within_the_programmes_bounds(
    skills: SkillIndex, programme: Programme, written: str, sessions: int, problem: bool
) -> None:
    [organisation], problems = normalise_organisations(
        [record(name="A", capacity=written)], skills, programme, TODAY
    )
    assert organisation.capacity == sessions
    assert codes(problems) == ([("invalid-organisation-capacity", "capacity")] if problem else [])


def test_bad_input_is_reported_and_never_quoted_when_private(
    skills: SkillIndex, programme: Programme
) -> None:
    [organisation], problems = normalise_organisations(
        [
            record(
                name="A",
                members="[[User:Ok]], Bad#Name, 1.2.3.4",
                contact="+44 20 7946 0958",
                questions="write to jane@example.org",
                region="Atlantis",
                timezone="Mars/Olympus",
                status="sleeping",
                languages="Qwertyish",
            )
        ],
        skills,
        programme,
        TODAY,
    )
    assert organisation.members == ("Ok",) and organisation.contact is None
    assert organisation.questions == ""
    found = set(codes(problems))
    assert {("private-value", "contact"), ("private-value", "questions")} <= found
    assert {("invalid-username", "members"), ("unknown-region", "region")} <= found
    assert {("unknown-timezone", "timezone"), ("unknown-status", "status")} <= found
    assert ("unknown-language", "languages") in found
    shown = " ".join(f"{p.message} {p.value} {p.hints}" for p in problems)
    assert "jane@" not in shown and "7946" not in shown and "Bad#Name" not in shown


def test_duplicates_are_compared_without_case_spacing_or_punctuation(
    skills: SkillIndex, programme: Programme
) -> None:
    first = record(name="Wikimedia Ghana User Group")
    again = dataclasses.replace(
        record(name="  wikimedia ghana user-group "), source=SourceRef("Other page", 1, 3, 40)
    )
    organisations, problems = normalise_organisations([first, again], skills, programme, TODAY)
    assert [item.name for item in organisations] == ["Wikimedia Ghana User Group"]
    [duplicate] = problems
    assert (duplicate.code, duplicate.source, duplicate.hints) == (
        "duplicate-organisation",
        again.source,
        (PAGE,),
    )
    assert name_key("Art+Feminism") == name_key("art + feminism")


def test_the_contact_must_be_a_member(skills: SkillIndex, programme: Programme) -> None:
    organisations, problems = normalise_organisations(
        [
            record(name="A", members="Ama; Kofi", contact="{{u|Kofi}}"),
            record(name="B", members="Ama", contact="User:Yaw"),
            record(name="C", contact="Yaw"),
        ],
        skills,
        programme,
        TODAY,
    )
    assert [item.contact for item in organisations] == ["Kofi", "Yaw", "Yaw"]
    assert [(p.code, p.value) for p in problems] == [
        ("contact-not-member", "Yaw"),
        ("contact-not-member", "Yaw"),
    ]


def test_members_and_contacts_that_are_no_accounts_come_from_the_account_answers() -> None:
    organisation = Organisation(
        "A", SOURCE, members=("Ama", "Ghost", "Bad name", "Unchecked"), contact="Ghost2"
    )
    assert account_names([organisation, organisation]) == [
        "Ama",
        "Ghost",
        "Bad name",
        "Unchecked",
        "Ghost2",
    ]
    answers = {
        "Ama": AccountInfo(True, blocked=True),
        "Ghost": AccountInfo(False),
        "Bad name": AccountInfo(False, refused="invalid"),
        "Ghost2": AccountInfo(False),
    }
    problems = member_account_problems([organisation], answers)
    assert [(p.code, p.field, p.value) for p in problems] == [
        ("member-not-account", "members", "Ghost"),
        ("member-not-account", "members", "refused by the wiki (invalid)"),
        ("member-not-account", "contact", "Ghost2"),
    ]
    assert "Bad name" not in " ".join(p.message for p in problems)


GHANA = Organisation(
    "Wikimedia Ghana User Group", SOURCE, members=("Ama", "Kofi", "Esi", "Yaw", "Nadia")
)
ANDES = Organisation(
    "Universidad de los Andes",
    dataclasses.replace(SOURCE, index=1),
    aliases=("Uniandes",),
    members=("Lucía",),
)
QUIET = Organisation("Art+Feminism", dataclasses.replace(SOURCE, index=2))
PEOPLE = (
    person("Ama", "Wikimedia Ghana User Group"),
    person("Kofi", "wikimedia  ghana user-group"),
    person("Esi"),
    person("Yaw", "Art+Feminism"),
    person("Nadia", "Secret Society", public=False),
    person("Lucía", "Uniandes"),
    person("Mateo", "universidad de los andes"),
    person("Zara", "Uniandes", public=False),
    person("Row", "Uniandes", kind=EntryKind.CSV),
    person("Kwame", "Somewhere else"),
)


def test_people_and_organisations_are_linked_both_ways() -> None:
    linked, problems = link_people([GHANA, ANDES, QUIET], PEOPLE)
    participants = {item.name: item.participants for item in linked}
    assert participants == {
        "Wikimedia Ghana User Group": ("Ama", "Esi", "Kofi", "Nadia", "Yaw"),
        "Universidad de los Andes": ("Lucía", "Mateo", "Row", "Zara"),
        "Art+Feminism": ("Yaw",),
    }
    found = [(p.code, p.source, p.username, p.value, p.hints) for p in problems]
    assert found == [
        ("member-affiliation-mismatch", SOURCE, None, "Esi", ()),
        ("member-affiliation-mismatch", SOURCE, None, "Yaw", ("Art+Feminism",)),
        ("member-affiliation-mismatch", SOURCE, None, "", ()),
        ("affiliation-not-listed", PEOPLE[6].source, "Mateo", ANDES.name, (PAGE,)),
        ("affiliation-not-listed", PEOPLE[7].source, None, ANDES.name, (PAGE,)),
        ("affiliation-not-listed", PEOPLE[8].source, None, ANDES.name, (PAGE,)),
    ]
    assert "their entry says Art+Feminism" in problems[1].message
    assert "names no affiliation" in problems[0].message


def test_a_participant_who_is_not_to_be_named_never_is() -> None:
    _, problems = link_people([GHANA, ANDES, QUIET], PEOPLE)
    for problem in problems:
        shown = " ".join((problem.message, problem.value, *problem.hints, problem.username or ""))
        for hidden in ("Nadia", "Secret Society", "Zara", "Row"):
            assert hidden not in shown


def test_a_name_wins_over_another_organisations_alias() -> None:
    index = OrganisationIndex(
        [Organisation("WMGH", SOURCE), Organisation("Ghana", SOURCE, aliases=("wmgh", "GH"))]
    )
    assert index.lookup(" wmgh ") == "WMGH"
    assert index.lookup("gh") == "Ghana"
    assert index.lookup("") is None and index.lookup("Other") is None


def test_the_same_input_gives_the_same_organisations_and_problems(
    skills: SkillIndex, programme: Programme
) -> None:
    first = read_fixture(skills, programme)
    assert read_fixture(skills, programme) == first
    forward = link_people([GHANA, ANDES, QUIET], PEOPLE)
    backward = link_people([GHANA, ANDES, QUIET], PEOPLE[::-1])
    assert forward[0] == backward[0]
    assert sorted(map(repr, forward[1])) == sorted(map(repr, backward[1]))


def test_the_export_names_only_participants_who_may_be_named() -> None:
    [ghana] = link_people([GHANA], PEOPLE)[0]
    named = {p.username for p in PEOPLE if p.public and p.kind is not EntryKind.CSV}
    exported = organisation_record(ghana, named)
    assert exported["participants"] == ["Ama", "Esi", "Kofi", "Yaw"]
    assert exported["members"] == list(GHANA.members)
    assert "source" not in exported


def test_the_programmes_languages_and_bounds_apply_and_long_names_are_cut(
    skills: SkillIndex,
) -> None:
    programme = load_programme({"normalise": {"languages": {"Nzema": "nzi"}, "max_capacity": 3}})
    [organisation], problems = normalise_organisations(
        [record(name="A" * 300, languages="Nzema", capacity="4")], skills, programme, TODAY
    )
    assert len(organisation.name) <= 200
    assert ("value-too-long", "name") in codes(problems)
    assert organisation.languages == (Language("nzi", 3),)
    assert organisation.capacity == 3
    assert ("invalid-organisation-capacity", "capacity") in codes(problems)


def test_do_not_match_lists_organisations(skills: SkillIndex, programme: Programme) -> None:
    text = (
        "{{Organisation entry | name = Alpha | do_not_match = Beta Group; [[Gamma]]}}\n"
        "{{Organisation entry | name = Delta}}"
    )
    records, read = parse_organisations(text, PAGE, 1, Templates())
    organisations, problems = normalise_organisations(records, skills, programme, TODAY)
    assert not read
    assert [o.do_not_match for o in organisations] == [("Beta Group", "Gamma"), ()]
    assert not problems
