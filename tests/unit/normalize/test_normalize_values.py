"""Normalisers of single values: names, times, availability, text, lists (languages and
places have their own modules)."""

from __future__ import annotations

import datetime as dt

import pytest

from wikisync.model import Status
from wikisync.normalize.dates import parse_date
from wikisync.normalize.lists import split_list
from wikisync.normalize.markup import plain_text
from wikisync.normalize.numbers import parse_capacity, parse_flag
from wikisync.normalize.skills import SkillIndex
from wikisync.normalize.status import parse_status
from wikisync.normalize.text import clean_text, truncate
from wikisync.normalize.timezones import parse_timezone
from wikisync.normalize.usernames import canonical_username, username_from_wikitext

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("example", "Example"),
        ("Some_user  name", "Some user name"),
        ("User:Ama_K", "Ama K"),
        ("user : Ama", "Ama"),
        ("Utilisateur:Ama", "Ama"),
        ("Usuario:Ama", "Ama"),
        ("[[User:Ama|the display name]]", "Ama"),
        ("[[:User:Ama/sandbox|Ama]]", "Ama"),
        ("[[Special:Contributions/Ama]]", "Ama"),
        ("{{u|ama}}", "Ama"),
        ("{{User|Ama}}", "Ama"),
        ("{{noping|1=Ama}}", "Ama"),
        ("[[User:Ama|Ama]] ([[User talk:Ama|talk]])", "Ama"),
        ("ßeta", "ßeta"),
        ("émile", "Émile"),
        ("Ama\u200e", "Ama"),
    ],
)
def test_usernames_take_mediawiki_canonical_form(written: str, expected: str) -> None:
    assert username_from_wikitext(written)[0] == expected


@pytest.mark.parametrize(
    "written",
    [
        "A#b",
        "A<b",
        "A>b",
        "A[b]",
        "A|b",
        "A{b}",
        "Sub/page",
        "@start",
        "Project:Page",
        "1.2.3.4",
        "2001:db8::1",
        "A~~~b",
        "A%41b",
        "x" * 256,
        "..",
        "\u202e",
    ],
)
def test_invalid_usernames_are_refused(written: str) -> None:
    name, issues = canonical_username(written)
    assert name is None
    assert issues[-1].code in ("invalid-username", "missing-username")


def test_email_typed_as_username_is_not_repeated_in_the_problem() -> None:
    name, issues = canonical_username("jane.doe@example.org")
    assert name is None
    assert "jane" not in repr(issues)


@pytest.mark.parametrize(
    ("written", "zone", "offset"),
    [
        ("Africa/Accra", "Africa/Accra", 0),
        ("africa/accra", "Africa/Accra", 0),
        ("America/New York", "America/New_York", -240),
        ("Europe/Paris", "Europe/Paris", 120),
        ("UTC+3", "UTC+03:00", 180),
        ("UTC-05:30", "UTC-05:30", -330),
        ("GMT+1", "UTC+01:00", 60),
        ("+0530", "UTC+05:30", 330),
        ("UTC+5.5", "UTC+05:30", 330),
        ("utc", "UTC", 0),
        ("GMT", "UTC", 0),
        ("EAT", "Africa/Nairobi", 180),
    ],
)
def test_time_zones(written: str, zone: str, offset: int) -> None:
    assert parse_timezone(written, TODAY) == (zone, offset, None)


def test_time_zone_offset_depends_on_the_date() -> None:
    assert parse_timezone("Europe/Paris", dt.date(2026, 1, 15))[1] == 60


@pytest.mark.parametrize("written", ["UTC+15", "Mars/Olympus", "EST", "India", "UTC+3:07"])
def test_unknown_time_zones_are_reported(written: str) -> None:
    zone, offset, issue = parse_timezone(written, TODAY)
    assert (zone, offset) == (None, None)
    assert issue is not None and issue.code == "unknown-timezone"


def test_misspelt_time_zone_gets_the_nearest_as_hint() -> None:
    issue = parse_timezone("Africa/Acra", TODAY)[2]
    assert issue is not None and issue.hints[0] == "Africa/Accra"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2026-12-31", dt.date(2026, 12, 31)),
        ("2026/12/31", dt.date(2026, 12, 31)),
        ("31/12/2026", dt.date(2026, 12, 31)),
        ("12/31/2026", dt.date(2026, 12, 31)),
        ("05/04/2026", dt.date(2026, 4, 5)),
        ("31.12.26", dt.date(2026, 12, 31)),
        ("31 December 2026", dt.date(2026, 12, 31)),
        ("December 31st, 2026", dt.date(2026, 12, 31)),
        ("1er janvier 2027", dt.date(2027, 1, 1)),
        ("15 de agosto de 2026", dt.date(2026, 8, 15)),
        ("February 2028", dt.date(2028, 2, 29)),
        ("2026-02-30", None),
        ("soon", None),
        ("31 Smarch 2026", None),
    ],
)
def test_dates(written: str, expected: dt.date | None) -> None:
    assert parse_date(written) == expected


@pytest.mark.parametrize(
    ("written", "status", "until", "code"),
    [
        ("", Status.ACTIVE, None, None),
        ("Active", Status.ACTIVE, None, None),
        ("activo", Status.ACTIVE, None, None),
        ("inactive", Status.INACTIVE, None, None),
        ("away", Status.AWAY, None, None),
        ("away until 2026-12-31", Status.AWAY, dt.date(2026, 12, 31), None),
        ("away until 2026-06-01", Status.AWAY, dt.date(2026, 6, 1), None),
        ("away until 2026-05-31", Status.ACTIVE, None, "away-expired"),
        ("away until whenever", Status.AWAY, None, "invalid-date"),
        ("sleeping", Status.ACTIVE, None, "unknown-status"),
    ],
)
def test_status(written: str, status: Status, until: dt.date | None, code: str | None) -> None:
    found, found_until, issue = parse_status(written, TODAY)
    assert (found, found_until, issue.code if issue else None) == (status, until, code)


@pytest.mark.parametrize(
    ("written", "expected", "code"),
    [
        ("", 2, None),
        ("0", 0, None),
        ("4 learners", 4, None),
        ("11", 10, "capacity-too-high"),
        ("-1", 2, "invalid-capacity"),
        ("two", 2, "invalid-capacity"),
    ],
)
def test_capacity_is_bounded(written: str, expected: int, code: str | None) -> None:
    value, issue = parse_capacity(written, 2, 10)
    assert (value, issue.code if issue else None) == (expected, code)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("yes", True),
        ("Oui", True),
        ("sí", True),
        ("sim", True),
        ("نعم", True),
        ("no", False),
        ("non", False),
        ("não", False),
        ("Yes, I agree", True),
    ],
)
def test_flags(written: str, expected: bool) -> None:
    assert parse_flag(written, not expected) == (expected, None)


def test_unknown_flag_keeps_the_default_and_is_reported() -> None:
    value, issue = parse_flag("perhaps", True)
    assert value is True
    assert issue is not None and issue.code == "invalid-boolean"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("a, b;c", ["a", "b", "c"]),
        ("a\nb", ["a", "b"]),
        ("* a\n* b\n# c\n• d", ["a", "b", "c", "d"]),
        ("a and b", ["a", "b"]),
        ("a et b y c e d", ["a", "b", "c", "d"]),
        ("a و b", ["a", "b"]),
        ("a<br>b<BR />c", ["a", "b", "c"]),
        ("a، b؛ c", ["a", "b", "c"]),
        (" , ; \n", []),
        ("Brand and band", ["Brand", "band"]),
        ("C#, F#; C++<br>.NET\nNode.js and R", ["C#", "F#", "C++", ".NET", "Node.js", "R"]),
        ("* C#\n*F#\n# C++\n#C#\n**Go", ["C#", "F#", "C++", "C#", "Go"]),
        ("- C#\n– F#\n— R\n•Go\n· C++", ["C#", "F#", "R", "Go", "C++"]),
        ("C# and F#; R y Go", ["C#", "F#", "R", "Go"]),
        (
            "C# -, e-learning, -R, Wikidata (SPARQL)",
            ["C# -", "e-learning", "-R", "Wikidata (SPARQL)"],
        ),
        ("-, —; *\n#\n• ", []),
    ],
)
def test_split_list(written: str, expected: list[str]) -> None:
    assert split_list(written) == expected


def test_split_list_keeps_known_items_with_a_conjunction_together() -> None:
    known = {"monitoring and evaluation"}
    items = split_list("Research and monitoring and evaluation", lambda item: item.lower() in known)
    assert items == ["Research", "monitoring and evaluation"]


def test_plain_text_of_markup() -> None:
    written = "[[User:X|Ex]] {{u|Bob}}<br/>x&amp;y <!-- no --> '''bold''' <ref>cite</ref>{{flag}}"
    assert plain_text(written) == "Ex Bob\nx&y  bold "


def test_clean_text_removes_direction_overrides_but_keeps_arabic() -> None:
    cleaned, issues = clean_text("\u202eمرحبا\u202c  world\u200b")
    assert cleaned == "مرحبا world"
    assert [issue.code for issue in issues] == ["hidden-characters"]


def test_clean_text_composes_to_nfc_silently() -> None:
    assert clean_text("Ame\u0301lie") == ("Amélie", ())


def test_truncate_reports_the_cut() -> None:
    value, issues = truncate("abcdef", 3)
    assert value == "abc"
    assert issues[0].code == "value-too-long"


def test_skill_lookup_ignores_case_accents_punctuation_and_order(skills: SkillIndex) -> None:
    for written in ("VIDEO EDITING", "video-editing", "Editing, video", "montage vidéo"):
        assert skills.lookup(written) == ("video-editing", None), written


def test_a_near_miss_is_never_mapped_to_a_different_skill(skills: SkillIndex) -> None:
    skill_id, issue = skills.lookup("Video editting")
    assert skill_id is None
    assert issue is not None and issue.code == "unknown-skill"
    assert issue.hints[0] == "Video editing"
