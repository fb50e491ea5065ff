"""The registration export read by header: aliases, unread headers, roles, private columns."""

from __future__ import annotations

import pytest

from wikisync.errors import ConfigError
from wikisync.model import Problem
from wikisync.planning.plan import PRIVATE_SOURCE_PREFIX
from wikisync.reading.parse import alias_table
from wikisync.reading.records import read_registration_csv
from wikisync.settings.programme import Programme, load_programme

CAPACITY_EXCHANGE = {
    "sources": {
        "csv": {
            "columns": {"Agreed to share my profile": "consent"},
            "role_column": "Role",
            "skills_column": "Capacities",
            "roles": {"Mentor": "share", "Mentee": "learn", "Mentor and mentee": "both"},
        }
    }
}
#: A sign-up export in the shape of the Capacity Exchange's mentor and mentee download.
EXPORT = (
    b"Submitted at,Username,Role,Capacities,Languages,Affiliation,Time zone,Email,"
    b"Full name,Phone number,Gender,Agreed to share my profile,Comments\n"
    b"2026-05-01 10:02,Ama,Mentor,Photography; Video editing,en-N,Wikimedia Ghana,"
    b"Africa/Accra,ama.secret@example.org,Ama Secretname,+233 20 555 0101,female,yes,"
    b"happy to help\n"
    b"2026-05-02 11:40,Kofi,Mentee,Photography,fr-2,,UTC,kofi.hidden@example.org,"
    b"Kofi Hiddenname,0244 123 456 78,male,yes,\n"
    b"2026-05-03 09:15,Efua,Mentor and mentee,Wikidata,en-3,,UTC,,,,,yes,\n"
    b"2026-05-04 08:00,Yaw,Observer,Wikidata,en-3,,UTC,,,,,yes,\n"
)
SECRETS = ("ama.secret", "Secretname", "555 0101", "kofi.hidden", "Hiddenname", "123 456")


def read(data: bytes, programme: Programme) -> tuple[list[dict[str, str]], list[Problem]]:
    entries, problems = read_registration_csv(
        data,
        programme.sources.csv_columns,
        programme.public_fields,
        f"{PRIVATE_SOURCE_PREFIX}signups.csv",
        aliases=alias_table(programme.templates),
        roles=programme.sources.csv_roles,
    )
    return [dict(entry.fields) for entry in entries], problems


def test_headers_are_read_by_the_fields_names_and_aliases() -> None:
    data = b"User name,Time zone,Skills to share,Skills to learn,consent\nAma,UTC,Photo,Video,yes\n"
    rows, problems = read(data, load_programme({}))
    assert rows == [
        {"username": "Ama", "timezone": "UTC", "share": "Photo", "learn": "Video", "consent": "yes"}
    ]
    assert problems == []


def test_the_explicit_mapping_wins_over_an_alias() -> None:
    programme = load_programme({"sources": {"csv": {"columns": {"Name": "affiliation"}}}})
    rows, _ = read(b"Name,Username,Consent\nWiki Ghana,Ama,yes\n", programme)
    assert rows == [{"affiliation": "Wiki Ghana", "username": "Ama", "consent": "yes"}]


def test_unread_headers_are_reported_once_by_name_without_any_cell() -> None:
    data = b"Username,Consent,Notes,Skills to learn\nAma,yes,note one,Photo\nKofi,yes,note two,x\n"
    programme = load_programme({"public_fields": ["username", "share"]})
    _, problems = read(data, programme)
    assert [(p.code, p.message) for p in problems] == [
        ("csv-unmapped-column", 'column "Notes" is not read: it names no field'),
        ("csv-unmapped-column", 'column "Skills to learn" is not read: its field is not public'),
    ]
    assert not any("note" in repr(p).casefold() and "Notes" not in p.message for p in problems)
    assert "Photo" not in repr(problems)


def test_a_role_column_decides_whether_capacities_are_shared_or_learned() -> None:
    rows, problems = read(EXPORT, load_programme(CAPACITY_EXCHANGE))
    shared = [(row["username"], row.get("share"), row.get("learn")) for row in rows]
    assert shared == [
        ("Ama", "Photography; Video editing", None),
        ("Kofi", None, "Photography"),
        ("Efua", "Wikidata", "Wikidata"),
        ("Yaw", None, None),
    ]
    assert rows[0]["timezone"] == "Africa/Accra" and rows[0]["consent"] == "yes"
    codes = [(p.code, p.source.index if p.source else None) for p in problems]
    assert codes == [
        ("csv-unmapped-column", 0),
        ("csv-unmapped-column", 0),
        ("csv-unknown-role", 3),
    ]
    assert [p.message.split('"')[1] for p in problems[:2]] == ["Submitted at", "Comments"]
    assert "Observer" not in repr(problems)


def test_private_columns_are_never_read_whatever_their_header() -> None:
    columns = ["Username", "Consent", "Your e-mail address", "Real name", "Phone number"]
    cells = ["Ama", "yes", "ama.secret@example.org", "Ama Secretname", "+233 20 555 0101"]
    data = f"{','.join(columns)}\n{','.join(cells)}\n".encode()
    rows, problems = read(data, load_programme({}))
    assert rows == [{"username": "Ama", "consent": "yes"}]
    assert problems == []
    rows, problems = read(EXPORT, load_programme(CAPACITY_EXCHANGE))
    everything = repr((rows, problems))
    assert not [secret for secret in SECRETS if secret in everything]
    assert not any(
        p.message.startswith(('column "Email', 'column "Full', 'column "Phone')) for p in problems
    )


def test_contact_details_typed_into_public_cells_are_withheld() -> None:
    data = (
        "Username,Role,Capacities,Affiliation,Consent\n"
        "Ama,Mentor,Photography - write jroe (AT) example DOT com,"
        "Jane Roe <x [at] y [dot] org>,yes\n"
        "Kofi,Mentee,call +233 20 555 0101,name at example dot org,yes\n"
        "jroe＠example.org,Mentor,Photography,,yes\n"
    ).encode()
    rows, problems = read(data, load_programme(CAPACITY_EXCHANGE))
    assert rows[0] == {"username": "Ama", "consent": "yes"}
    assert rows[1] == {"username": "Kofi", "consent": "yes"}
    assert "username" not in rows[2]
    everything = repr((rows, problems))
    for secret in ("jroe", "Jane Roe", "555 0101", "name at", "x [at]"):
        assert secret not in everything
    assert {p.code for p in problems} == {"csv-private-value"}


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        ({"columns": {"E-mail address": "username"}}, 'columns.E-mail address: "E-mail address"'),
        ({"role_column": "Role"}, "skills_column: expected a CSV header"),
        ({"role_column": "Role", "skills_column": "Phone"}, 'skills_column: "Phone" is private'),
        (
            {"role_column": "Role", "skills_column": "Capacities", "roles": {"mentor": "teach"}},
            "roles.mentor: expected one of share, learn, both",
        ),
    ],
)
def test_bad_csv_settings_name_their_path(csv: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_programme({"sources": {"csv": csv}})
