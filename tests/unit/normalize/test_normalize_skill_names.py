"""Skill names map exactly: symbols that tell skills apart count, folding only widens a match
when one skill fits, and a name two skills give belongs to the earlier one, reported once."""

from __future__ import annotations

import datetime as dt

import pytest

from wikisync.matching import MatchHistory, MatchSettings, match
from wikisync.model import EntryKind
from wikisync.normalize import normalise
from wikisync.normalize.skills import SkillIndex
from wikisync.reading.parse import parse_entries, parse_taxonomy
from wikisync.render.i18n import messages_for
from wikisync.render.reasons import problem_fix
from wikisync.settings.programme import Templates, default_programme

TEMPLATES = Templates()
TODAY = dt.date(2026, 6, 1)

#: Photography's label is given again by a later skill, once exactly and once in other
#: capitals and punctuation; the later skills keep their other names.
CLASHING_TAXONOMY = """\
{{Skill | id = photography | label = Photography | aliases = photo walks }}
{{Skill | id = probe-c | label = Photography | aliases = photography; probing }}
{{Skill | id = photo-club | label = PHOTO WALKS! | label_fr = Club photo }}
{{Skill | id = c | label = C }}
{{Skill | id = cpp | label = C++ }}
{{Skill | id = csharp | label = C# }}
"""


@pytest.mark.parametrize(
    ("written", "skill_id"),
    [
        ("C", "c"),
        ("C++", "cpp"),
        ("C#", "csharp"),
        ("c", "c"),
        ("c++", "cpp"),
        ("c#", "csharp"),
        ("C ++", "cpp"),
        ("c #", "csharp"),
        ("F#", "fsharp"),
        (".NET", "dotnet"),
        (".net", "dotnet"),
        ("Node.js", "nodejs"),
        ("node js", "nodejs"),
        ("R", "r"),
        ("Go", "go"),
        ("golang", "go"),
        ("NodeJS", "nodejs"),
        ("Wikidata (SPARQL)", "wikidata-queries"),
        ("SPARQL", "wikidata-queries"),
        ("photo walks", "photography"),
        ("photo walk", "event-photography"),
    ],
)
def test_names_map_exactly(skills: SkillIndex, written: str, skill_id: str) -> None:
    assert skills.lookup(written) == (skill_id, None)


@pytest.mark.parametrize(
    ("written", "hints"),
    [
        ("F", ("F#",)),
        ("Node", ("Node.js",)),
        ("C sharp", ("C#", "F#")),
        ("Rust", ()),
    ],
)
def test_unknown_names_are_not_widened_and_get_sensible_hints(
    skills: SkillIndex, written: str, hints: tuple[str, ...]
) -> None:
    skill_id, issue = skills.lookup(written)
    assert skill_id is None
    assert issue is not None and issue.code == "unknown-skill"
    assert issue.hints == hints


def test_a_fold_that_fits_two_skills_is_ambiguous_with_both_as_hints(skills: SkillIndex) -> None:
    skill_id, issue = skills.lookup("Walks (photo)")
    assert skill_id is None
    assert issue is not None and issue.code == "ambiguous-skill"
    assert issue.hints == ("Event photography", "Photography")


def test_a_name_given_by_two_skills_is_reported_once_with_both_ids() -> None:
    _, problems = parse_taxonomy(CLASHING_TAXONOMY, "Taxonomy", 1, TEMPLATES)
    assert [
        (item.code, item.source and item.source.index, item.field, item.value, item.hints)
        for item in problems
    ] == [
        ("duplicate-skill-name", 1, "label", "Photography", ("photography", "probe-c")),
        ("duplicate-skill-name", 2, "label", "PHOTO WALKS!", ("photography", "photo-club")),
    ]
    assert problem_fix(problems[0], messages_for("en")).endswith(
        "Skills sharing this name: photography, probe-c."
    )


@pytest.mark.parametrize(
    ("written", "skill_id"),
    [
        ("Photography", "photography"),
        ("photography", "photography"),
        ("Photo walks", "photography"),
        ("probing", "probe-c"),
        ("probe-c", "probe-c"),
        ("Club photo", "photo-club"),
        ("photo-club", "photo-club"),
    ],
)
def test_the_earlier_skill_keeps_a_shared_name_and_the_later_its_other_names(
    written: str, skill_id: str
) -> None:
    taxonomy, _ = parse_taxonomy(CLASHING_TAXONOMY, "Taxonomy", 1, TEMPLATES)
    assert SkillIndex(taxonomy).lookup(written) == (skill_id, None)


def _entry(username: str, field: str, skills: str) -> str:
    return (
        f"{{{{Skills directory entry | username = {username} | languages = en"
        f" | timezone = UTC | {field} = {skills} }}}}\n"
    )


def test_sharers_and_learners_of_symbol_names_and_shared_names_are_matched() -> None:
    taxonomy, taxonomy_problems = parse_taxonomy(CLASHING_TAXONOMY, "Taxonomy", 1, TEMPLATES)
    photographers = [f"Photographer{number}" for number in range(29)]
    page = "".join(
        [
            _entry("Sharp", "share", "C#, C++"),
            _entry("Plain", "share", "C"),
            _entry("Learner", "learn", "c#"),
            _entry("Newcomer", "learn", "C"),
            *(_entry(name, "share", "Photography") for name in photographers),
            _entry("Snapper", "learn", "photography"),
        ]
    )
    programme = default_programme()
    entries, _ = parse_entries(page, "Directory", 1, EntryKind.DIRECTORY, programme.templates)
    result = normalise(entries, taxonomy, programme, TODAY)

    assert [item.code for item in taxonomy_problems] == ["duplicate-skill-name"] * 2
    assert [item.code for item in result.problems] == []
    shares = {person.username: person.shares for person in result.people}
    assert shares["Sharp"] == ("csharp", "cpp")
    assert all(shares[name] == ("photography",) for name in photographers)

    matched = match(result.people, taxonomy, (), MatchHistory(), MatchSettings(), TODAY)
    pairs = {(item.learner, item.skill): item.sharer for item in matched.suggestions}
    assert pairs[("Learner", "csharp")] == "Sharp"
    assert pairs[("Newcomer", "c")] == "Plain"
    assert pairs[("Snapper", "photography")] in photographers
