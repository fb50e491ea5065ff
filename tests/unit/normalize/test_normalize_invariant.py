"""No entry with a usable account name is ever lost: it becomes a person or a merged duplicate."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from wikisync.model import EntryKind, RawEntry, SourceRef, Status, Taxonomy
from wikisync.normalize import normalise
from wikisync.normalize.entry import has_consent
from wikisync.normalize.usernames import username_from_wikitext
from wikisync.settings.programme import default_programme

TODAY = dt.date(2026, 6, 1)
Row = tuple[EntryKind, str, str, str, str, int]
NAMES = st.sampled_from(
    [
        "Ama",
        "ama",
        "Ama_",
        "[[User:Ama|A]]",
        "{{u|Kofi}}",
        "Kofi",
        "",
        "bad|name",
        "Efua",
        "User:Efua",
        "1.2.3.4",
        "Yaw",
        "<!-- -->",
    ]
)
ENTRIES = st.lists(
    st.tuples(
        st.sampled_from(list(EntryKind)),
        NAMES,
        st.sampled_from(["yes", "no", "", "Yes, I agree"]),
        st.sampled_from(["Photography", "Video editing", "Basket weaving", ""]),
        st.sampled_from(["active", "away until 2027-01-01", "inactive", "???"]),
        st.integers(min_value=0, max_value=3),
    ),
    max_size=25,
)


def raw_entries(rows: list[Row]) -> list[RawEntry]:
    return [
        RawEntry(
            kind,
            {"username": name, "consent": consent, "share": share, "status": status},
            SourceRef(f"Page {page}", page, index, index + 1),
        )
        for index, (kind, name, consent, share, status, page) in enumerate(rows)
    ]


@settings(max_examples=200, deadline=None)
@given(ENTRIES)
def test_every_entry_is_accounted_for(
    rows: list[tuple[EntryKind, str, str, str, str, int]],
) -> None:
    entries = raw_entries(rows)
    result = normalise(entries, Taxonomy(()), default_programme(), TODAY)
    assert len(entries) == len(result.people) + result.merged + result.withheld + result.unnamed
    usable = [entry for entry in entries if has_consent(entry)]
    names = {username_from_wikitext(entry.fields["username"])[0] for entry in usable} - {None}
    assert {person.username for person in result.people} == names
    assert result.merged == sum(
        1 for entry in usable if username_from_wikitext(entry.fields["username"])[0]
    ) - len(names)


@settings(max_examples=100, deadline=None)
@given(ENTRIES)
def test_output_does_not_depend_on_hash_order(rows: list[Row]) -> None:
    entries = raw_entries(rows)
    first = normalise(entries, Taxonomy(()), default_programme(), TODAY)
    second = normalise(list(entries), Taxonomy(()), default_programme(), TODAY)
    assert first == second
    assert [person.username for person in first.people] == sorted(
        person.username for person in first.people
    )


def test_directory_beats_registration_beats_csv() -> None:
    entries = [
        RawEntry(EntryKind.CSV, {"username": "Ama", "consent": "yes", "status": "inactive"},
                 SourceRef("export.csv", 0, 0, 2)),
        RawEntry(EntryKind.DIRECTORY, {"username": "Ama", "affiliation": "Directory"},
                 SourceRef("Directory", 5, 0, 1)),
        RawEntry(EntryKind.REGISTRATION,
                 {"username": "Ama", "consent": "yes", "affiliation": "Registration"},
                 SourceRef("Registrations", 9, 0, 1)),
    ]  # fmt: skip
    result = normalise(entries, Taxonomy(()), default_programme(), TODAY)
    (person,) = result.people
    assert person.kind is EntryKind.DIRECTORY
    assert person.affiliation == "Directory"
    assert person.status is Status.INACTIVE
    assert result.merged == 2
    assert [problem.code for problem in result.problems] == ["duplicate-entry"] * 2


def test_within_a_kind_the_more_recent_page_wins() -> None:
    entries = [
        RawEntry(EntryKind.DIRECTORY, {"username": "Ama", "affiliation": "Newer"},
                 SourceRef("B", 20, 0, 1)),
        RawEntry(EntryKind.DIRECTORY, {"username": "Ama", "affiliation": "Older"},
                 SourceRef("A", 10, 0, 1)),
    ]  # fmt: skip
    (person,) = normalise(entries, Taxonomy(()), default_programme(), TODAY).people
    assert (person.affiliation, person.source.page) == ("Newer", "B")


def test_a_wish_not_to_be_named_survives_a_merge() -> None:
    entries = [
        RawEntry(EntryKind.DIRECTORY, {"username": "Ama"}, SourceRef("A", 10, 0, 1)),
        RawEntry(EntryKind.REGISTRATION, {"username": "Ama", "consent": "yes", "public": "no"},
                 SourceRef("R", 5, 0, 1)),
    ]  # fmt: skip
    (person,) = normalise(entries, Taxonomy(()), default_programme(), TODAY).people
    assert person.public is False


def test_an_unusable_value_is_filled_from_a_lower_ranked_entry() -> None:
    entries = [
        RawEntry(EntryKind.DIRECTORY, {"username": "Ama", "region": "Atlantis", "clinic": "no"},
                 SourceRef("D", 10, 0, 1)),
        RawEntry(EntryKind.REGISTRATION,
                 {"username": "Ama", "consent": "yes", "region": "SSA", "clinic": "yes"},
                 SourceRef("R", 5, 0, 1)),
    ]  # fmt: skip
    (person,) = normalise(entries, Taxonomy(()), default_programme(), TODAY).people
    assert person.region == "Sub-Saharan Africa"
    assert person.clinic is False
