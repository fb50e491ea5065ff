"""Private fields of the registration export never reach records, problems or their repr."""

from __future__ import annotations

import datetime as dt

from wikisync.model import Taxonomy
from wikisync.normalize import normalise
from wikisync.reading.records import read_registration_csv
from wikisync.settings.programme import Programme, load_programme

PRIVATE_VALUES = [
    "jane.doe@example.org",
    "Jane Doe",
    "Female",
    "37",
    "+233 20 555 0101",
    "kwame@mail.test",
    "Kwame Mensah",
    "0244-123-456",
    "sam@x.test",
    "Secret Name",
]
CSV = (
    "Timestamp,Email address,Full name,Gender,Age,Phone,Wiki username,Skills to share,"
    "Skills to learn,Consent,Notes\n"
    "2026-05-01,jane.doe@example.org,Jane Doe,Female,37,+233 20 555 0101,JaneD,"
    "Photography,Video editing,yes,call me on +233 20 555 0101\n"
    "2026-05-02,kwame@mail.test,Kwame Mensah,Male,52,0244-123-456,kwame@mail.test,"
    '"Video editing, Photography",,yes,\n'
    "2026-05-03,sam@x.test,Secret Name,,29,,Sam,Photography,,no,\n"
    "2026-05-04,sam@x.test,Secret Name,,,,Sam\xff,Photography,,yes,\n"
)
COLUMNS = {
    "Wiki username": "username",
    "Skills to share": "share",
    "Skills to learn": "learn",
    "Consent": "consent",
}


def read(data: bytes, programme: Programme) -> str:
    entries, problems = read_registration_csv(data, COLUMNS, programme.public_fields)
    result = normalise(entries, Taxonomy(()), programme, dt.date(2026, 6, 1))
    texts = [repr(entries), repr(problems), repr(result)]
    texts += [f"{item.message} {item.value} {item.hints}" for item in [*problems, *result.problems]]
    return "\n".join(texts)


def test_private_values_appear_nowhere() -> None:
    programme = load_programme({})
    everything = read(CSV.encode("utf-8", errors="surrogateescape"), programme)
    for value in PRIVATE_VALUES:
        assert value not in everything
    assert "JaneD" in everything


def test_private_values_appear_nowhere_with_invalid_utf8_and_semicolons() -> None:
    programme = load_programme({})
    data = CSV.replace(",", ";").encode("utf-8")[:-3] + b"\xff\xfe;\n"
    everything = read(data, programme)
    for value in PRIVATE_VALUES:
        assert value not in everything


def test_columns_mapped_to_fields_not_public_are_dropped() -> None:
    programme = load_programme({"public_fields": ["username", "share"]})
    entries, _ = read_registration_csv(CSV.encode(), COLUMNS, programme.public_fields)
    assert all(set(entry.fields) <= {"username", "share", "consent"} for entry in entries)
    assert "Video editing" not in repr([entry.fields.get("learn") for entry in entries])
