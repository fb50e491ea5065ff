"""The direct scan of plain pages reads exactly what mwparserfromhell reads, or declines."""

from __future__ import annotations

import json
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wikisync.dev.sample import DIRECTORY, TAXONOMY, sample_programme
from wikisync.model import EntryKind
from wikisync.normalize.markup import defuse
from wikisync.reading.parse import (
    parse_entries,
    parse_feedback,
    parse_taxonomy,
    scan_calls,
    tree_calls,
)
from wikisync.settings.programme import Templates

ENTRY = "Skills directory entry"
TEMPLATES = Templates()
DATA = Path(__file__).parent / "data"

NAMES = st.sampled_from(
    [
        ENTRY,
        "skills_directory entry",
        " Skills  directory entry \n",
        "Template:Skills directory entry",
        "template : skills directory entry",
        "\nSkills directory entry ",
        "Skills\ndirectory entry",
        "Skills directory entry\n x",
        "Skill",
        "Match feedback",
        "u",
        "#if:",
        "",
    ]
)
PLAIN = "abcXYZ é中 0123 ,.;:!?*#-_/'\t\n="
TRICKY = PLAIN + "|[]{}<>&~"
FRAGMENTS = st.sampled_from(
    [
        "[[User:Ama|Ama]]",
        "{{u|Ama}}",
        "<!-- note -->",
        "<nowiki>|</nowiki>",
        "<br>",
        "''it|alic''",
        "'''bold'''",
        "http://example.org/a|b",
        "&#124;",
        "&amp;",
        "\n== Heading | x ==\n",
        "\n|",
        "{{{1}}}",
        "-{zh}-",
        "\ufdd0",
        "~~~~",
        "__NOTOC__",
    ]
)
VALUES = st.lists(
    st.one_of(st.text(PLAIN, max_size=12), st.text(TRICKY, max_size=6), FRAGMENTS), max_size=4
).map("".join)
KEYS = st.one_of(
    st.sampled_from(["username", " share ", "learn\n", "Languages", "lang uages", "", " = "]),
    st.text(TRICKY, max_size=8),
)
PARAMS = st.lists(
    st.one_of(
        st.tuples(KEYS, VALUES).map(lambda kv: f"|{kv[0]}={kv[1]}"),
        VALUES.map(lambda value: f"|{value}"),
    ),
    max_size=5,
).map("".join)
CLOSINGS = st.sampled_from(["}}", "}}", "}}", "\n}}", "}}}", "}", "", "\n|}}"])
CALLS = st.builds(lambda n, p, c: "{{" + n + p + c, NAMES, PARAMS, CLOSINGS)
GAPS = st.one_of(
    st.sampled_from(["", "\n", "\n\n", "Intro text.\n", "See [[Some page]] here.\n"]),
    st.sampled_from(["[[a|b]] ", "[x] ", "[", "]", "]]", "[[a]b]", "''note'' ", "{|\n", "{", "}"]),
    st.text(TRICKY, max_size=10),
    FRAGMENTS,
)
PAGES = st.lists(st.tuples(GAPS, CALLS).map("".join), max_size=6).map("".join)

# Pages within what the scan accepts, to exercise every corner of it.
SAFE_FRAGMENTS = st.sampled_from(
    [
        "&#124;",
        "&amp;",
        "http://example.org/a?b=c",
        "\n== Heading ==\n",
        "\n* item",
        "\n# item",
        "\n:indent",
        "\n;term:definition",
        "\n----\n",
        "~~~~",
        "__NOTOC__",
        "'quoted'",
        "=",
        "==",
        " \n ",
    ]
)
SAFE_TEXT = st.lists(st.one_of(st.text(PLAIN + "&~", max_size=10), SAFE_FRAGMENTS), max_size=4).map(
    "".join
)
SAFE_PARAMS = st.lists(
    st.one_of(
        st.tuples(SAFE_TEXT.map(lambda key: key.replace("=", "")), SAFE_TEXT).map(
            lambda kv: f"|{kv[0]}={kv[1]}"
        ),
        SAFE_TEXT.map(lambda value: f"|{value}"),
    ),
    max_size=5,
).map("".join)
SAFE_NAMES = st.sampled_from(
    [
        ENTRY,
        "skills_directory entry",
        " Skills  directory entry \n",
        "Template:Skills directory entry",
    ]
)
SAFE_GAPS = st.one_of(
    st.sampled_from(["", "\n", "Intro.\n", "See [[Some page]] and [https://x.org x].\n"]),
    st.sampled_from(["''note'' ", "== Part ==\n", "[[a|b]][c]", "]x[".replace("]x[", "[x]")]),
    SAFE_TEXT,
)
SAFE_PAGES = st.lists(
    st.tuples(SAFE_GAPS, st.builds(lambda n, p: "{{" + n + p + "}}", SAFE_NAMES, SAFE_PARAMS)).map(
        "".join
    ),
    max_size=6,
).map("".join)
ANY_PAGE = st.one_of(SAFE_PAGES, PAGES)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(ANY_PAGE, st.text(TRICKY, max_size=40)), name=st.sampled_from([ENTRY, "u"]))
def test_the_scan_finds_what_mwparserfromhell_finds_or_declines(text: str, name: str) -> None:
    scanned = scan_calls(text, name)
    if scanned is not None:
        assert defuse(text) == text
        assert scanned == tree_calls(text, name)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_PAGE, kind=st.sampled_from([EntryKind.DIRECTORY, EntryKind.REGISTRATION]))
def test_entries_and_problems_are_the_same_with_and_without_the_scan(
    text: str, kind: EntryKind
) -> None:
    page = text.replace("Skills directory entry", "Skills directory registration", 2)
    fast = parse_entries(page, "Directory", 7, kind, TEMPLATES)
    with mock.patch("wikisync.reading.parse.scan_calls", return_value=None):
        slow = parse_entries(page, "Directory", 7, kind, TEMPLATES)
    assert fast == slow


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_PAGE)
def test_skills_and_feedback_are_the_same_with_and_without_the_scan(text: str) -> None:
    skills = text.replace(ENTRY, "Skill")
    feedback = text.replace(ENTRY, "Match feedback")
    fast = (parse_taxonomy(skills, "T", 1, TEMPLATES), parse_feedback(feedback, "F", 1, TEMPLATES))
    with mock.patch("wikisync.reading.parse.scan_calls", return_value=None):
        slow = (
            parse_taxonomy(skills, "T", 1, TEMPLATES),
            parse_feedback(feedback, "F", 1, TEMPLATES),
        )
    assert fast == slow


def test_generated_programme_pages_take_the_scan() -> None:
    pages = sample_programme(300, 30, seed=3, with_files=False).pages
    directory = [text for title, text in pages.items() if title.startswith(DIRECTORY + "/")]
    assert directory
    for text in directory:
        calls = scan_calls(text, ENTRY)
        assert calls is not None
        assert calls == tree_calls(text, ENTRY)
    assert scan_calls(pages[TAXONOMY], "Skill") == tree_calls(pages[TAXONOMY], "Skill")
    assert scan_calls(pages[TAXONOMY], "Skill")


def test_unusual_pages_are_left_to_mwparserfromhell() -> None:
    cases = json.loads((DATA / "unusual_pages.json").read_text(encoding="utf-8"))
    for case in cases:
        assert scan_calls(case["text"], ENTRY) is None, case["why"]
