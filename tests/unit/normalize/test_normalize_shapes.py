"""Reading people from JSON pages, tabular data and profile categories: the edge cases."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikisync.model import EntryKind, RawEntry, SourceRef
from wikisync.normalize import normalise
from wikisync.normalize.skills import SkillIndex, category_key
from wikisync.reading.jsonpages import container_lines, read_json_people, read_tabular_people
from wikisync.reading.parse import parse_entries, parse_taxonomy
from wikisync.reading.profiles import read_profile, username_from_title
from wikisync.settings.programme import FIELDS, default_programme

TEMPLATES = default_programme().templates
TAXONOMY = """
{{Skill | id = video-editing | label = Video editing
 | share_category = Category:Video helpers; [[:Category:Commons video makers|makers]]
 | learn_category = Video learners }}
{{Skill | id = translation | label = Translation | share category = Translation helpers }}
"""


def columns(*names: str) -> list[dict[str, object]]:
    return [{"name": name, "type": "string", "title": {"en": name.title()}} for name in names]


def test_a_page_that_is_not_json_is_one_problem_on_its_line() -> None:
    text = '[\n {"username": "A"},\n {"username": }\n]'
    entries, problems = read_json_people(text, "P", 3, TEMPLATES)
    assert entries == []
    assert [(p.code, p.source) for p in problems] == [("invalid-json", SourceRef("P", 3, 0, 3))]


@pytest.mark.parametrize("text", ['{"mentors": []}', '"Ama"', "42", '{"Mentors": [1]}'])
def test_json_of_another_shape_is_one_problem(text: str) -> None:
    entries, problems = read_json_people(text, "P", 1, TEMPLATES)
    assert (entries, [p.code for p in problems]) == ([], ["invalid-json"])


def test_an_empty_list_has_no_people_and_no_problem() -> None:
    assert read_json_people("[]", "P", 1, TEMPLATES) == ([], [])
    assert read_json_people('{"Mentors": {}}', "P", 1, TEMPLATES) == ([], [])


def test_mentors_keep_their_position_and_line_and_unknown_keys_are_reported_once() -> None:
    mentors = {str(uid): {"username": f"M{uid}", "weight": 2, "intro": "x"} for uid in (7, 9)}
    text = json.dumps({"Mentors": mentors}, indent=1)
    entries, problems = read_json_people(text, "MediaWiki:GrowthMentors.json", 5, TEMPLATES)
    assert [(e.fields["username"], e.source.index, e.source.line) for e in entries] == [
        ("M7", 0, 3),
        ("M9", 1, 8),
    ]
    assert sorted({p.value for p in problems}) == ["intro", "weight"]
    assert len(problems) == 2
    assert entries[0].unknown_params == ("weight", "intro")


def test_values_become_field_text_and_private_keys_are_never_read() -> None:
    item = {"user": "Ama", "share": ["Video editing", " ", 3], "clinic": True,
            "public": False, "capacity": 3, "status": None, "email": "ama@example.org",
            "Real name": "Ama O."}  # fmt: skip
    entries, problems = read_json_people(json.dumps([item]), "P", 1, TEMPLATES)
    assert dict(entries[0].fields) == {
        "username": "Ama",
        "share": "Video editing; 3",
        "clinic": "yes",
        "public": "no",
        "capacity": "3",
    }
    assert problems == []


def test_a_list_holding_objects_keeps_its_texts_and_is_reported_without_the_value() -> None:
    text = json.dumps([{"username": "Ama", "learn": ["Translation", {"skill": "x@example.org"}]}])
    entries, problems = read_json_people(text, "P", 1, TEMPLATES)
    assert entries[0].fields["learn"] == "Translation"
    assert [(p.code, p.username, p.field, p.value) for p in problems] == [
        ("json-bad-value", "Ama", "learn", "")
    ]


def test_json_in_a_syntaxhighlight_block_of_a_wikitext_page_is_read() -> None:
    block = '<syntaxhighlight lang="json">\n[\n {"username": "Ama"}\n]\n</syntaxhighlight>'
    entries, _ = read_json_people(f"Mentors:\n{block}\n", "P", 1, TEMPLATES)
    assert [(e.fields["username"], e.source.line) for e in entries] == [("Ama", 4)]
    entries, _ = read_json_people(block, "P", 1, TEMPLATES)
    assert [(e.fields["username"], e.source.line) for e in entries] == [("Ama", 3)]


def test_container_lines_follow_keys_and_positions() -> None:
    text = '{"a": [\n {"b": "{[,:"},\n [1,\n  2]\n], "c": {}}'
    assert container_lines(text) == {(): 1, ("a",): 1, ("a", 0): 2, ("a", 1): 3, ("c",): 5}


def test_tabular_rows_map_columns_by_name_or_title_and_skip_private_ones() -> None:
    schema = columns("username", "skills_to_share", "email", "shoe_size", "color")
    schema[4]["title"] = "Colour"
    rows = [["Ama", "Translation", "ama@example.org", "38", "red"], ["Kofi", "Video"], "Esi"]
    text = json.dumps({"schema": {"fields": schema}, "data": rows}, indent=1)
    entries, problems = read_tabular_people(text, "Data:People.tab", 2, TEMPLATES)
    assert [dict(e.fields) for e in entries] == [{"username": "Ama", "share": "Translation"}]
    assert [(p.code, p.value, p.source.index if p.source else None) for p in problems] == [
        ("unknown-parameter", "shoe_size", 0),
        ("unknown-parameter", "color", 0),
        ("table-bad-row", "", 1),
        ("table-bad-row", "", 2),
    ]
    assert "ama@example.org" not in repr(problems)


def test_a_table_without_a_username_column_is_not_read() -> None:
    text = json.dumps({"schema": {"fields": columns("share")}, "data": [["Translation"]]})
    entries, problems = read_tabular_people(text, "T.tab", 1, TEMPLATES)
    assert (entries, [p.code for p in problems]) == ([], ["table-no-username-column"])
    entries, problems = read_tabular_people('{"data": []}', "T.tab", 1, TEMPLATES)
    assert (entries, [p.code for p in problems]) == ([], ["invalid-json"])


@pytest.mark.parametrize(
    ("title", "username"),
    [("User:Ama", "Ama"), ("User:Ama Owusu/Profile/2026", "Ama Owusu"),
     ("Utilisateur:Élise", "Élise"), ("Let's Connect/Ama", ""), ("Category:Users", "")],
)  # fmt: skip
def test_the_account_of_a_profile_is_in_its_title(title: str, username: str) -> None:
    assert username_from_title(title) == username


def test_profile_categories_are_read_from_the_visible_links_only() -> None:
    text = (
        "[[Category:Video_helpers|Owusu]] [[category: video learners ]]\n"
        "[[Catégorie:Commons video makers]] [[:Category:Translation helpers]]\n"
        "<!-- [[Category:Hidden]] --> <nowiki>[[Category:Nowiki]]</nowiki>\n"
    )
    entries, problems = read_profile(text, "User:Ama/Profile", 4)
    assert problems == []
    read = ("video helpers", "video learners", "commons video makers")
    assert entries == [
        RawEntry(
            EntryKind.DIRECTORY,
            {"username": "Ama", "categories": "\n".join(read)},
            SourceRef("User:Ama/Profile", 4, 0, 1),
        )
    ]


def test_taxonomy_categories_map_profiles_to_skills_on_each_side() -> None:
    taxonomy, problems = parse_taxonomy(TAXONOMY, "T", 1, TEMPLATES)
    assert problems == []
    video = taxonomy.skills[0]
    assert video.share_categories == ("Category:Video helpers", "Category:Commons video makers")
    assert video.learn_categories == ("Video learners",)
    index = SkillIndex(taxonomy)
    assert index.from_categories(["video helpers", "Category:Video_learners", "Other"]) == (
        ("video-editing",),
        ("video-editing",),
    )
    entries, _ = read_profile("[[Category:Commons video makers]][[Category:Video learners]]",
                              "User:Ama", 1)  # fmt: skip
    directory = normalise(entries, taxonomy, default_programme(), dt.date(2026, 6, 1))
    person = directory.people[0]
    assert (person.username, person.shares, person.learns) == (
        "Ama",
        ("video-editing",),
        ("video-editing",),
    )
    assert person.unknown_skills == ()
    assert directory.problems == ()


def test_a_category_of_one_side_belongs_to_the_first_skill_that_names_it() -> None:
    text = (
        TAXONOMY + "{{Skill | id = subtitles | label = Subtitles | share_category = video_helpers"
    )
    text += " | learn_category = Category:Translation helpers }}"
    taxonomy, problems = parse_taxonomy(text, "T", 1, TEMPLATES)
    assert [(p.code, p.field, p.value, p.hints) for p in problems] == [
        ("duplicate-skill-name", "share_category", "video_helpers", ("video-editing", "subtitles"))
    ]
    index = SkillIndex(taxonomy)
    assert index.from_categories(["Video helpers"]) == (("video-editing",), ())
    assert index.from_categories(["Translation helpers"]) == (("translation",), ("subtitles",))


def test_a_category_name_in_any_case_spacing_and_namespace_is_one_key() -> None:
    keys = {category_key(n) for n in ("Category:A_b", "category : a  B", ":Catégorie:A b", "a b")}
    assert keys == {"a b"}


def test_an_entry_template_cannot_give_categories() -> None:
    text = "{{Skills directory entry | username = Ama | categories = Video helpers }}"
    entries, problems = parse_entries(text, "P", 1, EntryKind.DIRECTORY, TEMPLATES)
    assert "categories" not in entries[0].fields
    assert [p.code for p in problems] == ["unknown-parameter"]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["username", "share", "email", "x", "Mentors"]), inner)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES)
def test_any_json_is_read_without_an_exception_and_only_into_fields(data: object) -> None:
    table = {"schema": {"fields": columns("username", "share")}, "data": data}
    for shape in (data, {"Mentors": data}, table):
        text = json.dumps(shape, indent=1)
        for read in (read_json_people, read_tabular_people):
            for page in (text, text[: len(text) // 2]):
                entries, _ = read(page, "P", 1, TEMPLATES)
                assert all(set(entry.fields) <= set(FIELDS) for entry in entries)


def test_a_huge_number_is_one_problem_not_an_error() -> None:
    text = '[{"username": "Ama", "capacity": ' + "1" * 5000 + "}]"
    for read in (read_json_people, read_tabular_people):
        entries, problems = read(text, "P", 1, TEMPLATES)
        assert entries == []
        assert [p.code for p in problems] == ["invalid-json"]


def test_problems_name_a_person_only_by_a_valid_account_name() -> None:
    text = json.dumps({"Mentors": {"1": {"username": "bad<name", "colour": 1}}})
    _, problems = read_json_people(text, "P", 1, TEMPLATES)
    assert problems
    assert all(p.username is None for p in problems)


def test_a_code_block_without_its_closer_is_read_in_linear_time() -> None:
    entries, problems = read_json_people("<pre>" * 20_000, "P", 1, TEMPLATES)
    assert entries == []
    assert [p.code for p in problems] == ["invalid-json"]
