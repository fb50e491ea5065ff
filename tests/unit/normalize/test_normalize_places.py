"""Regions onto the configured list (Wikimedia codes included) and countries from CLDR."""

from __future__ import annotations

import datetime as dt

import pytest

from wikisync.model import EntryKind, RawEntry, SourceRef, Taxonomy
from wikisync.normalize import normalise
from wikisync.normalize.countries import tidy_country
from wikisync.normalize.regions import parse_region
from wikisync.settings.programme import DEFAULT_REGIONS, load_programme

MENA = "Middle East and North Africa"
SSA = "Sub-Saharan Africa"
CEE = "Central and Eastern Europe and Central Asia"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("SSA", SSA),
        ("mena", MENA),
        ("ESEAP", "East, Southeast Asia and Pacific"),
        ("LAC", "Latin America and Caribbean"),
        ("CEE", CEE),
        ("SA", "South Asia"),
        ("NA", "North America"),
        ("WE", "Northern and Western Europe"),
        ("NWE", "Northern and Western Europe"),
        ("USCA", "North America"),
        ("United States and Canada", "North America"),
        ("CEE/CA", CEE),
        ("Central and Eastern Europe", CEE),
        ("Latin America & the Caribbean", "Latin America and Caribbean"),
        ("sub saharan africa", SSA),
    ],
)
def test_regions(written: str, expected: str) -> None:
    assert parse_region(written, DEFAULT_REGIONS) == (expected, None)


@pytest.mark.parametrize(
    "written", ["MEA", "mea", "Middle East and Africa", "Africa & Middle East"]
)
def test_a_wikimedia_region_spanning_two_regions_is_ambiguous(written: str) -> None:
    region, issue = parse_region(written, DEFAULT_REGIONS)
    assert region is None
    assert issue is not None and issue.code == "unknown-region"
    assert "several regions" in issue.message
    assert issue.hints == (MENA, SSA)


def test_the_programme_can_map_a_spanning_region_onto_one() -> None:
    assert parse_region("MEA", DEFAULT_REGIONS, (("MEA", SSA),)) == (SSA, None)


def test_region_aliases_setting_maps_a_spanning_region() -> None:
    programme = load_programme({"normalise": {"region_aliases": {"MEA": SSA}}})
    entry = RawEntry(EntryKind.DIRECTORY, {"username": "Ama", "region": "MEA"}, SourceRef("D"))
    directory = normalise([entry], Taxonomy(()), programme, dt.date(2026, 6, 1))
    assert [person.region for person in directory.people] == [SSA]
    assert not directory.problems


def test_wikimedia_regions_only_cover_the_regions_a_programme_has() -> None:
    region, issue = parse_region("MEA", (("Africa", ("AF",)), ("Asia", ())))
    assert region is None
    assert issue is not None and "not one of the regions" in issue.message


@pytest.mark.parametrize(
    ("written", "first_hint"),
    [
        ("Central Asia", CEE),
        ("Afrika", SSA),
        ("Western Asia and North Africa", MENA),
    ],
)
def test_unknown_region_is_not_guessed_but_hinted(written: str, first_hint: str) -> None:
    region, issue = parse_region(written, DEFAULT_REGIONS)
    assert region is None
    assert issue is not None and issue.hints[0] == first_hint


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("USA", "United States"),
        ("U.S.A.", "United States"),
        ("UK", "United Kingdom"),
        ("Côte d'Ivoire", "Côte d'Ivoire"),
        ("Côte d’Ivoire", "Côte d'Ivoire"),
        ("ivory coast", "Côte d'Ivoire"),
        ("Costa do Marfim", "Côte d'Ivoire"),
        ("ghana", "Ghana"),
        ("  Sierra   Leone ", "Sierra Leone"),
        ("Swaziland", "Eswatini"),
        ("the Comoros", "Comoros"),
        ("The Gambia", "Gambia"),
        ("Sénégal", "Senegal"),
        ("المغرب", "Morocco"),
        ("Marruecos", "Morocco"),
        ("Deutschland", "Germany"),
        ("Turkey", "Türkiye"),
        ("Pays-Bas", "Netherlands"),
        ("atlantis", "Atlantis"),
        ("Online", "Online"),
    ],
)
def test_countries(written: str, expected: str) -> None:
    assert tidy_country(written) == expected
