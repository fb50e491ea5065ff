"""Account names follow MediaWiki's rules; a refused name is described, never repeated."""

from __future__ import annotations

import datetime as dt

import pytest

from wikisync.model import EntryKind, RawEntry, Severity, SourceRef
from wikisync.normalize import SEVERITIES
from wikisync.normalize.entry import normalise_entry
from wikisync.normalize.skills import SkillIndex
from wikisync.normalize.usernames import (
    _MAYBE_REFUSED,
    _mixed_script_letter,
    _refused_character,
    canonical_username,
    username_from_wikitext,
)
from wikisync.settings.programme import Programme

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Ama Kofi", "Ama Kofi"),
        ("ama", "Ama"),
        ("émile Zola", "Émile Zola"),
        ("  Ama_Kofi  ", "Ama Kofi"),
        ("__Ama__Kofi__", "Ama Kofi"),
        ("Ama\u00a0Kofi", "Ama Kofi"),
        ("Ama\u3000Kofi", "Ama Kofi"),
        ("Ama\u2003 Kofi", "Ama Kofi"),
        ("Ama\u200e", "Ama"),
        ("\u200fAma", "Ama"),
        ("\u202aAma Kofi\u202c", "Ama Kofi"),
        ("Ama\u202eKofi", "AmaKofi"),
        ("User:ama_kofi\u200e", "Ama kofi"),
        ("محمد علي", "محمد علي"),
        ("\u200fمحمد\u200f", "محمد"),
        ("महात्मा गांधी", "महात्मा गांधी"),
        ("Иван Петров", "Иван Петров"),
        ("иван", "Иван"),
        ("Αλέξανδρος", "Αλέξανδρος"),
        ("山田太郎", "山田太郎"),
        ("דוד לוי", "דוד לוי"),
        ("Dmitry Дмитрий", "Dmitry Дмитрий"),
        ("Ama-Kofi.2", "Ama-Kofi.2"),
        ("x" * 255, "X" + "x" * 254),
        ("ßeta", "ßeta"),
    ],
)
def test_valid_names_take_mediawikis_canonical_form_without_a_problem(
    written: str, expected: str
) -> None:
    assert canonical_username(written) == (expected, ())


@pytest.mark.parametrize(
    ("written", "described"),
    [
        ("Ama\u200dKofi", "character 4: U+200D ZERO WIDTH JOINER"),
        ("Ama\u200cKofi", "character 4: U+200C ZERO WIDTH NON-JOINER"),
        ("Ama\u200bKofi", "character 4: U+200B ZERO WIDTH SPACE"),
        ("Kofi\ue000", "character 5: U+E000 (a private-use character)"),
        ("Kofi\U000f0001", "character 5: U+F0001 (a private-use character)"),
        ("Ko\x01fi", "character 3: U+0001 (a control character)"),
        ("Ko\x7ffi", "character 3: U+007F (a control character)"),
        ("Ko\x85fi", "character 3: U+0085 (a control character)"),
        ("Ko\ufffdfi", "character 3: U+FFFD REPLACEMENT CHARACTER"),
        ("Ko\ufdd0fi", "character 3: U+FDD0 (not a character)"),
        ("jane.doe@example.org", "character 9: U+0040 COMMERCIAL AT"),
        ("Ama:Kofi", "character 4: U+003A COLON"),
        ("Ama#Kofi", "character 4: U+0023 NUMBER SIGN"),
        ("Ama>Kofi", "character 4: U+003E GREATER-THAN SIGN"),
        ("Ama/Kofi", "character 4: U+002F SOLIDUS"),
        ("A[m]a", "character 2: U+005B LEFT SQUARE BRACKET; character 4: U+005D RIGHT"),
        ("Project:Page", "character 8: U+003A COLON"),
        ("Ama~~~Kofi", "contains ~~~, a percent escape or a character reference"),
        ("Ama%41Kofi", "contains ~~~, a percent escape or a character reference"),
        ("é" * 128, "256 bytes"),
        ("1.2.3.4", "an IP address"),
        ("1.2.3.xxx", "an IP address"),
        ("2001:db8::1", "character 5: U+003A COLON"),
        ("..", "a relative path"),
    ],
)
def test_names_the_wiki_refuses_are_described_by_position_and_never_repeated(
    written: str, described: str
) -> None:
    name, issues = canonical_username(written)
    assert name is None
    [issue] = issues
    assert issue.code == "invalid-username"
    assert issue.value.startswith(described)
    assert "copy the name from the user page" in issue.message
    shown = issue.message + issue.value
    assert written not in shown
    assert len(written) < 5 or written[1:-1] not in shown
    hidden = [c for c in written if not (c.isascii() and c.isprintable())]
    assert not any(character in shown for character in hidden)


@pytest.mark.parametrize("written", ["", " ", "_ _", "\u200e", "\u202e\u202c", "User:"])
def test_a_name_of_nothing_but_spaces_and_marks_is_missing(written: str) -> None:
    name, issues = canonical_username(written) if written else username_from_wikitext(written)
    assert name is None
    assert [issue.code for issue in issues] == ["missing-username"]


@pytest.mark.parametrize(
    ("written", "described"),
    [
        ("\u0410dmin", "character 1: U+0410 CYRILLIC CAPITAL LETTER A among Latin letters"),
        ("Jane P\u0430ul", "character 7: U+0430 CYRILLIC SMALL LETTER A among Latin letters"),
        ("\u0391lex", "character 1: U+0391 GREEK CAPITAL LETTER ALPHA among Latin letters"),
        ("Ива\u0440o", "character 5: U+006F LATIN SMALL LETTER O among Cyrillic letters"),
    ],
)
def test_a_word_mixing_lookalike_scripts_is_a_warning_on_a_valid_name(
    written: str, described: str
) -> None:
    name, issues = canonical_username(written)
    assert name == written
    assert [(issue.code, issue.value) for issue in issues] == [("mixed-script-username", described)]
    assert SEVERITIES["mixed-script-username"] is Severity.WARNING


def test_an_invisible_character_mediawiki_keeps_is_a_warning() -> None:
    name, issues = canonical_username("Ama\u00adKofi")
    assert name == "Ama\u00adKofi"
    assert [(issue.code, issue.value) for issue in issues] == [
        ("hidden-username-characters", "character 4: U+00AD SOFT HYPHEN")
    ]


def entry(username: str) -> RawEntry:
    return RawEntry(
        EntryKind.DIRECTORY,
        {"username": username, "share": "Video editing"},
        SourceRef("Directory", 3, 2, 10),
    )


def test_a_refused_name_costs_its_entry_and_its_problem_carries_no_name(
    skills: SkillIndex, programme: Programme
) -> None:
    normalised, problems = normalise_entry(entry("Ama\u200dKofi"), skills, programme, TODAY)
    assert normalised is None
    [found] = problems
    assert (found.code, found.severity, found.field) == (
        "invalid-username",
        Severity.ERROR,
        "username",
    )
    assert found.username is None
    assert found.source == SourceRef("Directory", 3, 2, 10)
    assert "\u200d" not in repr(found)


def test_a_lookalike_name_is_matched_and_its_warning_names_the_account(
    skills: SkillIndex, programme: Programme
) -> None:
    normalised, problems = normalise_entry(entry("\u0410dmin"), skills, programme, TODAY)
    assert normalised is not None and normalised.person.username == "\u0410dmin"
    assert [(p.code, p.username) for p in problems] == [("mixed-script-username", "\u0410dmin")]


def test_the_quick_check_for_refused_characters_matches_the_rule_on_every_code_point() -> None:
    differ = [
        code
        for code in range(0x110000)
        if bool(_MAYBE_REFUSED.fullmatch(chr(code))) != _refused_character(chr(code))
    ]
    assert differ == []


@pytest.mark.parametrize(
    ("name", "position"),
    [("Ivan Petrоv", 10), ("Вася Pupkin Иванoв", 17), ("Ali احمدی", None), ("Zoë Ünal", None)],
)
def test_a_word_mixing_lookalike_scripts_is_found_among_plain_words(
    name: str, position: int | None
) -> None:
    found = _mixed_script_letter(name)
    assert (found[0] if found else None) == position
