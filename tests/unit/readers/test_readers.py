"""The reader options and formats, one behaviour at a time."""

from __future__ import annotations

from typing import Any

import pytest

from wikisync.errors import ConfigError
from wikisync.model import RawEntry
from wikisync.normalize.usernames import title_username
from wikisync.reading.readers import babel_languages, read_entries, reader_for
from wikisync.settings.programme import PageFormat, load_programme


def read(
    reader: dict[str, Any], text: str, title: str, **templates: Any
) -> tuple[list[dict[str, str]], list[str]]:
    """The fields of the entries one reader finds on a page, and the problem codes."""
    programme = load_programme(
        {
            "templates": templates,
            "sources": {"readers": [{"prefix": "", "titles": [title], **reader}]},
        }
    )
    entries, problems = read_entries(reader_for(title, programme), text, title, 1, programme)
    return [dict(entry.fields) for entry in entries], [p.code for p in problems]


def test_positional_parameters_fill_the_named_fields_in_order() -> None:
    fields, problems = read(
        {"template": "Developer", "positional": ["username", "share"]},
        "{{Developer|Nick|Python; Lua|extra}}\n{{Developer|share=Go|Ana}}",
        "Team",
    )
    assert fields == [
        {"username": "Nick", "share": "Python; Lua"},
        {"share": "Go", "username": "Ana"},
    ]
    assert problems == ["unnamed-parameter"]


def test_without_positional_fields_unnamed_values_are_still_reported() -> None:
    fields, problems = read({"template": "Developer"}, "{{Developer|Nick}}", "Team")
    assert fields == [{}]
    assert problems == ["unnamed-parameter"]


@pytest.mark.parametrize(
    ("title", "user"),
    [("User:Ama", "Ama"), ("User:ama k/Let's Connect", "Ama k"), ("Usuari:Xavi_Vila", "Xavi Vila"),
     ("Team", None), ("User:", None), ("Project:Mentorship/Profiles/Alice", None),
     ("Talk:Bob", None), ("Mentors: Carol", None)],
)  # fmt: skip
def test_the_username_of_a_user_page_title(title: str, user: str | None) -> None:
    assert title_username(title) == user


def test_the_title_wins_over_a_different_username_parameter() -> None:
    reader = {"username_from_title": True}
    text = "{{Skills directory entry|username=[[User:Someone Else|S]]|share=Lua}}"
    fields, problems = read(reader, text, "User:Ama/Profile")
    assert fields == [{"username": "Ama", "share": "Lua"}]
    assert problems == ["title-username"]
    same, none = read(reader, "{{Skills directory entry|username=ama|share=Lua}}", "User:Ama")
    assert same == [{"username": "Ama", "share": "Lua"}]
    assert none == []


def test_babel_codes_without_a_level_are_native_and_userboxes_are_skipped() -> None:
    text = (
        "{{Babel|ca|es-4|en-N|User Python|plain=1}}\n"
        "<!-- {{#babel:fr-3}} -->\n{{#babel: de-1 | ast}}"
    )
    assert babel_languages(text) == ("ca-N, es-4, en-N, de-1, ast-N", 1)
    assert babel_languages("{{Babel}} no codes") is None
    assert babel_languages("{{Babel|EN-3|{{User Lua|x}}|pt}}") == ("en-3, pt-N", 1)


def test_babel_languages_join_the_entry_languages() -> None:
    text = "{{#babel:sw|en-3}}\n{{Skills directory entry|username=Ama|languages=fr-1}}"
    fields, _ = read({"babel": True}, text, "User:Ama")
    assert fields[0]["languages"] == "fr-1, sw-N, en-3"


def test_a_babel_box_on_a_page_of_several_people_belongs_to_no_one() -> None:
    text = (
        "{{Babel|sw}}\n{{Skills directory entry|username=A}}\n{{Skills directory entry|username=B}}"
    )
    fields, problems = read({"babel": True}, text, "Team")
    assert all("languages" not in entry for entry in fields)
    assert problems == ["babel-unassigned"]


def test_a_babel_box_alone_is_an_entry_only_when_the_reader_says_so() -> None:
    text = "{{Babel|ca|es-4}}\nHola!"
    alone = {"username_from_title": True, "babel": True, "babel_alone": True}
    assert read(alone, text, "Usuari:Xavi") == (
        [{"username": "Xavi", "languages": "ca-N, es-4"}],
        [],
    )
    assert read({"username_from_title": True, "babel": True}, text, "Usuari:Xavi") == ([], [])


TABLE = """Intro
{| class="wikitable"
|+ Caption
! scope="col" | User name
! Languages !! style="width:5em" | Time zone
! Notes
|-
| [[User:Ama|Ama]] || fr-2, en || UTC+1 || ''hi''
|-
| style="color:red" | Bo
| de
| Europe/Berlin
|
{| class="inner"
| nested || table
|}
|-
| colspan="4" | '''Europe'''
|-
| Cy || es
|-
| Di || pt || UTC || x || surplus
|-
|}
{|
! Username !! Share
|-
| Ed || [[Lua]]
|}
{|
| no || header
|}
"""


def test_table_rows_are_entries_named_by_the_header() -> None:
    fields, problems = read({"format": "table"}, TABLE, "Translators")
    assert fields[0] == {
        "username": "[[User:Ama|Ama]]",
        "languages": "fr-2, en",
        "timezone": "UTC+1",
    }
    assert fields[1]["username"] == "Bo"
    assert fields[1]["timezone"] == "Europe/Berlin"
    assert fields[2] == {"username": "Ed", "share": "[[Lua]]"}
    assert len(fields) == 3
    assert problems == ["table-unknown-column", "table-row-cells", "table-no-header"]


def test_table_problems_show_no_cell_value() -> None:
    text = "{|\n! Username !! Contact\n|-\n| Ama || ama@example.org\n|-\n| a@example.org\n|}"
    programme = load_programme({"sources": {"readers": [{"titles": ["T"], "format": "table"}]}})
    entries, problems = read_entries(reader_for("T", programme), text, "T", 1, programme)
    assert [e.fields for e in entries] == [{"username": "Ama"}]
    assert all("example" not in p.message + p.value for p in problems)
    assert [p.code for p in problems] == ["table-unknown-column", "table-row-cells"]


def test_two_columns_of_one_field_are_reported_once_and_the_last_is_used() -> None:
    text = "{|\n! Username !! Language !! Languages\n|-\n| A || fr || de\n|-\n| B || en || es\n|}"
    fields, problems = read({"format": "table"}, text, "T")
    assert fields == [{"username": "A", "languages": "de"}, {"username": "B", "languages": "es"}]
    assert problems == ["duplicate-parameter"]


def test_table_rows_keep_their_lines() -> None:
    programme = load_programme({"sources": {"readers": [{"titles": ["T"], "format": "table"}]}})
    entries: list[RawEntry]
    entries, _ = read_entries(reader_for("T", programme), TABLE, "T", 1, programme)
    assert [(e.source.index, e.source.line) for e in entries] == [(0, 8), (1, 10), (2, 28)]


@pytest.mark.parametrize(
    ("reader", "message"),
    [
        ({"format": "table", "babel": True}, "readers[0].babel: not an option of the table format"),
        ({"positional": ["nick"]}, 'readers[0].positional[0]: "nick" is not a field'),
        ({"babel_alone": True}, "readers[0].babel_alone: needs 'babel' and 'username_from_title'"),
        ({"username_from_title": "yes"}, "readers[0].username_from_title: expected true or false"),
    ],
)
def test_bad_reader_options_name_their_path(reader: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_programme({"sources": {"readers": [{"prefix": "User:", **reader}]}})
    assert message in str(raised.value)


def test_reader_options_are_kept() -> None:
    programme = load_programme(
        {
            "sources": {
                "readers": [
                    {
                        "prefix": "User:",
                        "template": " Profile ",
                        "positional": "username",
                        "username_from_title": True,
                        "babel": True,
                    }
                ]
            }
        }
    )
    (reader,) = programme.sources.readers
    assert (reader.format, reader.template, reader.positional) == (
        PageFormat.TEMPLATE,
        "Profile",
        ("username",),
    )
    assert reader.username_from_title and reader.babel and not reader.babel_alone


@pytest.mark.parametrize("span", ["0", "5" * 5000, "9999"])
def test_any_colspan_is_read_without_an_error(span: str) -> None:
    programme = load_programme({"sources": {"readers": [{"titles": ["T"], "format": "table"}]}})
    text = f'{{|\n! username !! share\n|-\n| colspan="{span}" | x || y || z\n|}}'
    read_entries(reader_for("T", programme), text, "T", 1, programme)
