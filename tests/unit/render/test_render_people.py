"""Finding one's own connections: anchors on Matches, the person index, the finder."""

from __future__ import annotations

import dataclasses
import re

import mwparserfromhell
import pytest

from wikisync.dev.synth import REFERENCE_DATE, generate_people, generate_taxonomy
from wikisync.matching import MatchHistory, MatchSettings, match
from wikisync.model import MatchResult, Person, Taxonomy
from wikisync.render.blocks import anchor
from wikisync.render.context import RenderContext
from wikisync.render.i18n import SUPPORTED_LANGUAGES, messages_for
from wikisync.render.pages import matches, people
from wikisync.render.pages.parts import MIN_BYTES, SplitSettings, utf8_size
from wikisync.render.settings import PageSettings
from wikisync.render.summaries import page_summary

SMALL = SplitSettings(max_bytes=MIN_BYTES)
WHOLE = SplitSettings(max_bytes=2_000_000)
MATCHES = "Let's Connect/Matches"
INDEX = f"{MATCHES}/By person/"
ANCHOR = re.compile(r'<span id="([^"]*)"></span>')
LINK = re.compile(r"\[\[:([^|\]]+)#([^|\]]+)\|")


@dataclasses.dataclass(frozen=True)
class World:
    taxonomy: Taxonomy
    people: tuple[Person, ...]
    result: MatchResult
    ctx: RenderContext


@pytest.fixture(scope="module")
def world() -> World:
    taxonomy = generate_taxonomy(12, seed=11)
    generated = generate_people(300, taxonomy, seed=11)
    # every fifth person declines to be named
    crowd = tuple(
        dataclasses.replace(person, public=False) if n % 5 == 0 else person
        for n, person in enumerate(generated)
    )
    result = match(crowd, taxonomy, (), MatchHistory(), MatchSettings(), REFERENCE_DATE)
    return World(taxonomy, crowd, result, RenderContext.build(PageSettings(), taxonomy, crowd))


def anchors(body: str) -> list[str]:
    return ANCHOR.findall(body)


def rows_of(world: World, username: str) -> dict[str, set[str]]:
    """The skills ``username`` learns, shares and waits for in the result."""
    result = world.result
    return {
        "learning": {s.skill for s in result.suggestions if s.learner == username},
        "sharing": {s.skill for s in result.suggestions if s.sharer == username},
        "waiting": {u.skill for u in result.unmatched if u.learner == username},
    }


@pytest.mark.parametrize("split", [WHOLE, SMALL], ids=["one page", "split"])
def test_every_index_link_opens_at_a_row_of_that_person_for_that_skill(
    world: World, split: SplitSettings
) -> None:
    rendered = matches.render_matches_pages(world.result, world.ctx, split)
    assert (len(rendered.matches) > 1) is (split is SMALL)
    links = 0
    for body in rendered.people.values():
        for target, name in LINK.findall(body):
            page = rendered.matches[target]
            assert anchor(name) in page
            links += 1
    assert links == sum(
        1
        for item in (*world.result.suggestions, *world.result.unmatched)
        for name in {getattr(item, "learner", None), getattr(item, "sharer", None)}
        if name and world.ctx.is_public(name)
    )


@pytest.mark.parametrize("split", [WHOLE, SMALL], ids=["one page", "split"])
def test_each_public_person_is_listed_once_with_every_row_and_each_page_anchors_once(
    world: World, split: SplitSettings
) -> None:
    rendered = matches.render_matches_pages(world.result, world.ctx, split)
    for body in rendered.matches.values():
        assert len(anchors(body)) == len(set(anchors(body)))
    listed = [name for body in rendered.people.values() for name in anchors(body)]
    assert len(listed) == len(set(listed))
    public = {p.username for p in world.people if p.public}
    named = {
        name
        for item in (*world.result.suggestions, *world.result.unmatched)
        for name in (item.learner, getattr(item, "sharer", item.learner))
    }
    assert set(listed) == named & public
    for title, body in rendered.people.items():
        for line in body.split("\n|-\n")[2:]:
            lines = line.removesuffix("\n|}").split("\n")
            cells = [cell.removeprefix("| ").removeprefix("|") for cell in lines]
            name = ANCHOR.findall(cells[0])[0]
            expected = rows_of(world, name)
            for role, cell in zip(("learning", "sharing", "waiting"), cells[1:4], strict=True):
                labels = set(re.findall(r"\|([^\]]+)\]\]", cell))
                wanted = {world.ctx.skill_label(skill) for skill in expected[role]}
                assert labels == wanted, (title, name, role)


def test_participants_not_listed_publicly_get_no_anchor_and_no_entry(world: World) -> None:
    hidden = [p.username for p in world.people if not p.public]
    for split in (WHOLE, SMALL):
        rendered = matches.render_matches_pages(world.result, world.ctx, split)
        text = "\n".join([*rendered.matches.values(), *rendered.people.values()])
        for name in hidden:
            assert f'id="{name}"' not in text
            assert f"[[User:{name}|" not in text


def test_index_pages_stay_below_the_part_budget_and_continue_on_numbered_pages() -> None:
    taxonomy = generate_taxonomy(12, seed=3)
    crowd = tuple(generate_people(1500, taxonomy, seed=3))
    result = match(crowd, taxonomy, (), MatchHistory(), MatchSettings(), REFERENCE_DATE)
    ctx = RenderContext.build(PageSettings(), taxonomy, crowd)
    index = matches.render_matches_pages(result, ctx, SMALL).people
    assert all(utf8_size(body) <= SMALL.max_bytes for body in index.values())
    assert any(re.search(r"/By person/[^/]+/2$", title) for title in index)


def test_the_finder_links_each_initial_and_adds_a_search_box_only_with_inputbox(
    world: World,
) -> None:
    plain = matches.matches_pages(world.result, world.ctx, WHOLE)[MATCHES]
    index = matches.render_matches_pages(world.result, world.ctx, WHOLE).people
    letters = {title.removeprefix(INDEX).split("/")[0] for title in index}
    first_line = plain.split("\n", 1)[0]
    assert first_line.startswith("Find your connections by name: ")
    assert {f"[[:{INDEX}{letter}|{letter}]]" in first_line for letter in letters} == {True}
    assert "<inputbox>" not in plain
    searching = RenderContext.build(PageSettings(search_box=True), world.taxonomy, world.people)
    boxed = matches.matches_pages(world.result, searching, WHOLE)[MATCHES]
    box = next(node for node in mwparserfromhell.parse(boxed).ifilter_tags())
    assert str(box.tag) == "inputbox"
    assert str(box.contents).split("\n") == [
        "",
        "type=fulltext",
        f"prefix={MATCHES}",
        "placeholder=Your username",
        "searchbuttonlabel=Find",
        "break=no",
        "",
    ]
    assert boxed.split("\n</inputbox>\n", 1)[1] == plain


@pytest.mark.parametrize(
    ("name", "letter"),
    [
        ("Émile Zola", "E"),
        ("ana", "A"),
        ("3rd Wave", "0-9"),
        ("Жанна", "Ж"),
        ("李华", "李"),
        ("(x)", "Other"),
    ],
)
def test_initials_drop_accents_and_group_digits_and_symbols(name: str, letter: str) -> None:
    assert people.initial(name) == letter


def test_an_anchor_of_any_valid_username_holds_no_markup() -> None:
    for name in ('O"Brien', "Tilde~~~", "__NOTOC__", "A&B", "x'y''z"):
        mark = anchor(name)
        assert mark.startswith('<span id="') and mark.endswith('"></span>')
        inside = mark.removeprefix('<span id="').removesuffix('"></span>')
        assert not re.search(r'["<>]|~~~|__[A-Z]+__|\'\'', inside), mark
        assert len(list(mwparserfromhell.parse(mark).ifilter_tags())) == 1


def test_notifications_go_to_the_entry_of_a_public_person_and_to_matches_otherwise(
    world: World,
) -> None:
    index = matches.render_matches_pages(world.result, world.ctx, SMALL).people
    public = next(s.learner for s in world.result.suggestions if world.ctx.is_public(s.learner))
    hidden = next(p.username for p in world.people if not p.public)
    places = people.connection_pages(index, world.ctx, [public, hidden])
    title, _, name = places[public].partition("#")
    assert title.startswith(INDEX) and anchor(name) in index[title]
    assert places[hidden] == MATCHES


def test_a_moved_anchor_changes_no_row_in_the_summary(world: World) -> None:
    before = matches.matches_pages(world.result, world.ctx, WHOLE)[MATCHES]
    first = world.result.suggestions[0]
    fewer = dataclasses.replace(world.result, suggestions=world.result.suggestions[1:])
    after = matches.matches_pages(fewer, world.ctx, WHOLE)[MATCHES]
    summary = page_summary("matches", before, after, world.ctx.messages)
    assert summary == "1 suggestion removed", (first, summary)


def test_index_summaries_count_people(world: World) -> None:
    before = matches.render_matches_pages(world.result, world.ctx, WHOLE).people
    title = sorted(before)[0]
    body = before[title]
    rows = body.split("\n|-\n")
    fewer = "\n|-\n".join(rows[:-1]) + "\n|}"
    messages = world.ctx.messages
    assert page_summary("people", body, fewer, messages) == "1 person removed"
    assert page_summary("people", None, body, messages) == f"created: {len(rows) - 2} people"


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_index_pages_and_finder_exist_in_every_language(world: World, lang: str) -> None:
    ctx = RenderContext.build(PageSettings(language=lang), world.taxonomy, world.people)
    rendered = matches.render_matches_pages(world.result, ctx, WHOLE)
    messages = messages_for(lang)
    first = next(iter(rendered.people.values()))
    for key in people.INDEX_COLUMNS:
        assert f"! {messages.msg(key)}" in first
    assert str(messages.msg("matches-find", "")).strip() in rendered.matches[MATCHES]
