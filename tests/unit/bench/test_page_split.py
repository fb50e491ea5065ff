"""Pages that grow with the programme are split into per-skill subpages below a size."""

from __future__ import annotations

import dataclasses
import re

import pytest

from wikisync.dev.synth import REFERENCE_DATE, generate_people, generate_taxonomy
from wikisync.errors import ConfigError
from wikisync.matching import MatchHistory, MatchSettings, match
from wikisync.model import MatchResult, Person, Taxonomy
from wikisync.render.context import RenderContext
from wikisync.render.pages import groups, matches
from wikisync.render.pages.desired import RenderInput, desired_pages, groups_pages
from wikisync.render.pages.parts import MIN_BYTES, SplitSettings, chunks, utf8_size
from wikisync.render.settings import PageSettings

SMALL = SplitSettings(max_bytes=MIN_BYTES)
MATCHES = "Let's Connect/Matches"
GROUPS = "Let's Connect/Groups"


@dataclasses.dataclass(frozen=True)
class World:
    taxonomy: Taxonomy
    people: tuple[Person, ...]
    result: MatchResult
    ctx: RenderContext


@pytest.fixture(scope="module")
def world() -> World:
    taxonomy = generate_taxonomy(12, seed=5)
    people = tuple(generate_people(400, taxonomy, seed=5))
    result = match(people, taxonomy, (), MatchHistory(), MatchSettings(), REFERENCE_DATE)
    ctx = RenderContext.build(PageSettings(), taxonomy, people)
    return World(taxonomy, people, result, ctx)


ANCHOR = re.compile(r'<span id="[^"]*"></span>')


def rows(body: str) -> list[str]:
    """The data rows of every table in ``body`` (header rows left out), without the anchors
    (each page anchors a name at its own first row of it)."""
    found = []
    for table in re.findall(r"^\{\|.*?^\|\}", body, re.MULTILINE | re.DOTALL):
        for row in table.split("\n|-\n")[1:]:
            found.append(ANCHOR.sub("", row.removesuffix("\n|}")))
    return [row for row in found if not row.startswith("!")]


def test_a_page_that_fits_stays_one_page_as_before(world: World) -> None:
    pages = matches.matches_pages(world.result, world.ctx, SplitSettings(max_bytes=2_000_000))
    assert list(pages) == [MATCHES]
    finder, body = pages[MATCHES].split("\n\n", 1)
    assert finder.startswith("Find your connections by name: [[:Let's Connect/Matches/By person/")
    assert body == matches.render_matches(world.result, world.ctx)


def test_a_split_page_keeps_every_row_once_and_every_part_below_the_limit(world: World) -> None:
    whole = matches.render_matches(world.result, world.ctx)
    pages = matches.matches_pages(world.result, world.ctx, SMALL)
    assert len(pages) > 1 + len(world.taxonomy.skills)  # some skills continue on more parts
    assert all(utf8_size(body) <= SMALL.max_bytes for body in pages.values())
    parts = [body for title, body in pages.items() if title != MATCHES]
    assert sorted(row for body in parts for row in rows(body)) == sorted(rows(whole))
    assert len(rows(whole)) == len(world.result.suggestions) + len(world.result.unmatched)


def test_the_index_links_every_part_and_counts_each_skills_rows(world: World) -> None:
    pages = matches.matches_pages(world.result, world.ctx, SMALL)
    index = pages[MATCHES]
    for title in pages:
        if title != MATCHES:
            assert f"[[:{title}|" in index
    by_skill = {skill.id: 0 for skill in world.taxonomy.skills}
    for suggestion in world.result.suggestions:
        by_skill[suggestion.skill] += 1
    label = world.ctx.skill_label(world.result.suggestions[0].skill)
    row = next(r for r in rows(index) if f"|{label}]]" in r.split("\n")[0])
    assert row.split("\n")[1] == f"| {by_skill[world.result.suggestions[0].skill]}"


def test_every_skill_gets_a_part_and_large_skills_continue_on_numbered_ones(
    world: World,
) -> None:
    pages = matches.matches_pages(world.result, world.ctx, SMALL)
    for skill in world.taxonomy.skills:
        assert f"{MATCHES}/{world.ctx.skill_label(skill.id)}" in pages
    continued = [title for title in pages if re.search(r"/\d+$", title)]
    assert continued
    first = continued[0].rsplit("/", 1)[0]
    assert first in pages


def test_the_split_does_not_depend_on_input_order(world: World) -> None:
    shuffled = MatchResult(
        suggestions=world.result.suggestions[::-1],
        unmatched=world.result.unmatched[::-1],
        groups=world.result.groups[::-1],
        clinics=world.result.clinics,
    )
    assert matches.matches_pages(shuffled, world.ctx, SMALL) == matches.matches_pages(
        world.result, world.ctx, SMALL
    )


def test_a_small_change_edits_only_the_parts_of_its_skill_and_the_index(world: World) -> None:
    before = matches.matches_pages(world.result, world.ctx, SMALL)
    gone = world.result.suggestions[len(world.result.suggestions) // 2]
    smaller = dataclasses.replace(
        world.result, suggestions=tuple(s for s in world.result.suggestions if s is not gone)
    )
    after = matches.matches_pages(smaller, world.ctx, SMALL)
    changed = {
        title for title in before.keys() | after.keys() if before.get(title) != after.get(title)
    }
    own = f"{MATCHES}/{world.ctx.skill_label(gone.skill)}"
    assert MATCHES in changed
    assert changed - {MATCHES}
    assert all(title == own or title.startswith(own + "/") for title in changed - {MATCHES})


def test_a_skill_whose_rows_went_away_gets_an_emptied_part(world: World) -> None:
    skill = world.result.suggestions[0].skill
    without = dataclasses.replace(
        world.result,
        suggestions=tuple(s for s in world.result.suggestions if s.skill != skill),
        unmatched=tuple(u for u in world.result.unmatched if u.skill != skill),
    )
    pages = matches.matches_pages(without, world.ctx, SMALL)
    part = pages[f"{MATCHES}/{world.ctx.skill_label(skill)}"]
    assert "There are no suggestions yet." in part
    assert "Every learning request has a suggestion." in part


def test_part_names_follow_the_settings(world: World) -> None:
    named = SplitSettings(
        max_bytes=MIN_BYTES, part="Skill {name}", continued="{name} part {number}"
    )
    titles = set(matches.matches_pages(world.result, world.ctx, named))
    label = world.ctx.skill_label(world.taxonomy.skills[0].id)
    assert f"{MATCHES}/Skill {label}" in titles
    assert any(re.search(r" part \d+$", title) for title in titles)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"max_bytes": 100}, "pages.split.max_bytes: expected an integer from 10000 to 2000000"),
        ({"max_bytes": "1MB"}, "pages.split.max_bytes"),
        ({"part": "All"}, "pages.split.part: expected a valid title pattern with {name}"),
        ({"continued": "{name}"}, "pages.split.continued: expected a valid title pattern"),
        ({"part": "{name}[x]"}, "pages.split.part"),
        ({"part": "{other}"}, "pages.split.part: expected a name pattern with {name}"),
        ({"rows": 5}, "pages.split.rows: unknown setting"),
    ],
)
def test_bad_split_settings_name_their_key(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        SplitSettings.from_mapping(data)


def test_split_settings_read_from_a_table() -> None:
    settings = SplitSettings.from_mapping({"max_bytes": 500_000, "part": "By skill/{name}"})
    assert settings == SplitSettings(500_000, "By skill/{name}", "{name}/{number}")
    assert settings.part_titles("P", "A b", 3) == ["P/By skill/A b", "P/A b/2", "P/A b/3"]


def test_chunks_keep_order_and_budget() -> None:
    assert chunks([3, 3, 3, 9, 1], lambda n: n, 6) == [[3, 3], [3], [9], [1]]
    assert chunks([], lambda n: n, 6) == [[]]


def test_groups_are_split_by_skill_with_each_group_once(world: World) -> None:
    assert groups_pages(world.result, world.ctx) == {
        GROUPS: groups.render_groups(world.result, world.ctx)
    }
    many = dataclasses.replace(
        world.result,
        groups=tuple(
            dataclasses.replace(group, id=f"{group.id}-{copy}", number=number)
            for number, (group, copy) in enumerate(
                ((group, copy) for group in world.result.groups for copy in range(60)), 1
            )
        ),
    )
    pages = groups_pages(many, world.ctx, SMALL)
    assert len(pages) > 1
    assert all(utf8_size(body) <= SMALL.max_bytes for body in pages.values())
    headings = [
        line for body in pages.values() for line in body.splitlines() if line.startswith("==")
    ]
    assert len(headings) == len(many.groups) == len(set(headings))


def test_parts_carry_the_marker_of_their_page(world: World) -> None:
    pages = desired_pages(RenderInput(world.result), world.ctx, SMALL)
    index = f"{MATCHES}/{world.ctx.settings.people}/"
    parts = {title: marker for title, (marker, _) in pages.items() if title.startswith(MATCHES)}
    assert len(parts) > 1
    assert {marker for title, marker in parts.items() if not title.startswith(index)} == {
        matches.MARKER
    }
    assert {marker for title, marker in parts.items() if title.startswith(index)} == {"people"}


def test_a_skill_whose_name_makes_too_long_a_title_has_parts_named_by_its_id(
    world: World,
) -> None:
    long_label = "L" * (255 - len("Let's Connect/Skills/"))
    skills = (dataclasses.replace(world.taxonomy.skills[0], label=long_label, labels={}),)
    taxonomy = Taxonomy(skills + world.taxonomy.skills[1:])
    ctx = RenderContext.build(PageSettings(), taxonomy, world.people)
    assert ctx.skill_pages[skills[0].id] == f"Let's Connect/Skills/{long_label}"
    pages = matches.matches_pages(world.result, ctx, SMALL)
    assert f"{MATCHES}/{skills[0].id}" in pages
    assert not any(long_label in title for title in pages)
