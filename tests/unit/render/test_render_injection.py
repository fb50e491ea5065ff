"""Hostile values in every user-derived field never act as markup on any generated page.

Every page is rendered twice: once from a world built with the hostile corpus, once from
the same world with each hostile value replaced by a harmless one. User text may change
what a page says but never its shape: the same headings, tags, tables, rows and external
links must come out, no template or comment at all, and every internal link must point
where wikisync meant it to.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import mwparserfromhell
import pytest
from bot_markup import is_form_link
from mwparserfromhell.nodes import Argument, Comment, ExternalLink, Heading, Tag, Template, Wikilink

from wikisync.matching import MatchSettings, figures_of
from wikisync.model import (
    ClinicCandidate,
    Feedback,
    Group,
    Language,
    MatchResult,
    Person,
    Problem,
    Reason,
    Severity,
    Skill,
    SourceRef,
    SuggestedHost,
    Suggestion,
    Taxonomy,
    Unmatched,
)
from wikisync.outcomes import PageOutcome, RunOutcome
from wikisync.render import (
    HistoryPoint,
    JobStatus,
    PageSettings,
    PageStatus,
    RenderContext,
    RunStatus,
    render_clinics,
    render_groups,
    render_matches,
    render_problems,
    render_skill_page,
    render_statistics,
    render_status,
    resource_link,
)
from wikisync.render.escape import clean
from wikisync.render.links import is_valid_username, link_target, normalize_title
from wikisync.render.pages.status import COUNT_NAMES
from wikisync.running.schedule import JOBS

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 3, 1)
HOSTILE: list[str] = json.loads((DATA / "hostile_values.json").read_text(encoding="utf-8"))[
    "values"
]
BENIGN = [f"value {index}" for index in range(len(HOSTILE))]
TRUSTED_RESOURCE = "https://example.org/guide Guide"
OUR_TAGS = {"table", "tr", "th", "td", "div", "bdi", "li", "span"}
FREE_PROTOCOL = re.compile(
    r"\b(bitcoin|geo|magnet|mailto|matrix|news|sip|sips|sms|tel|urn|xmpp):", re.I | re.A
)


@dataclass(frozen=True)
class World:
    """Everything the renderers read, with user values taken from ``values``."""

    values: list[str]
    people: tuple[Person, ...]
    taxonomy: Taxonomy
    result: MatchResult
    problems: tuple[Problem, ...]
    feedback: tuple[Feedback, ...]
    status: RunStatus


def _skill_id(index: int) -> str:
    return f"skill-{index}"


def build_world(values: list[str]) -> World:
    """A world where every user-derived field of every record holds one of ``values``."""
    count = len(values)

    def value(index: int) -> str:
        return values[index % count]

    people = tuple(
        Person(
            value(i),
            SourceRef("Directory", 1, i, i),
            affiliation=value(i),
            region=value(i),
            country=value(i),
            languages=(Language(value(i), 3), Language("en", 6)),
            utc_offset=i * 30,
            shares=(_skill_id(i),),
            learns=(_skill_id(i + 1), _skill_id(i + 2)),
            public=i % 7 != 0,
        )
        for i in range(count)
    )
    taxonomy = Taxonomy(
        tuple(
            Skill(
                _skill_id(i),
                value(i),
                aliases=(value(i),),
                area=value(i % 5),
                labels={"ar": value(i + 3)},
                resources=(TRUSTED_RESOURCE,),
                description=value(i + 1),
            )
            for i in range(count)
        )
    )
    result = MatchResult(
        suggestions=tuple(
            Suggestion(
                value(i),
                value(i + 1),
                _skill_id(i),
                i,
                (
                    Reason("common-language", (value(i), 3, value(i + 1))),
                    Reason("time-overlap", (value(i),)),
                    Reason("waited", (i,)),
                    Reason(value(i), (value(i + 1), i)),
                    Reason("swap"),
                ),
            )
            for i in range(count)
        ),
        unmatched=tuple(
            Unmatched(
                value(i),
                _skill_id(i) if i % 2 else value(i),
                (Reason(value(i), (value(i),)), Reason("no-sharer")),
            )
            for i in range(count)
        ),
        groups=tuple(
            Group(value(i), _skill_id(i), value(i), (value(i), value(i + 2)), value(i + 1))
            for i in range(count)
        ),
        clinics=tuple(
            ClinicCandidate(
                _skill_id(i),
                hosts=(value(i), value(i + 4)),
                languages=((value(i), 2), ("en", 1)),
                regions=((value(i), 1),),
                score=i,
                suggested_hosts=(SuggestedHost(value(i), False, 3),),
                interpretation=((value(i), 2),),
            )
            for i in range(count)
        ),
    )
    problems = tuple(
        Problem(
            value(i) if i % 2 else "unknown-skill",
            Severity(i % 3),
            value(i),
            SourceRef(value(i), 1, i, i) if i % 5 else None,
            username=value(i),
            field=value(i + 1),
            value=value(i + 2),
            hints=(value(i + 3), value(i + 4)),
        )
        for i in range(count)
    )
    feedback = tuple(
        Feedback(value(i), value(i + 1), _skill_id(i), value(i) if i % 3 else "met")
        for i in range(count)
    )
    page_outcomes = list(PageOutcome)
    figures = figures_of(people, taxonomy, result, feedback, MatchSettings(), TODAY)
    result = dataclasses.replace(result, figures=figures)
    status = RunStatus(
        started=dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC),
        finished=dt.datetime(2026, 3, 1, 12, 3, tzinfo=dt.UTC),
        jobs=tuple(
            JobStatus(
                job, outcome, None if i % 2 else dt.datetime(2026, 3, 2, tzinfo=dt.UTC), value(i)
            )
            for i, (job, outcome) in enumerate(zip(JOBS, RunOutcome, strict=False))
        ),
        pages=tuple(
            PageStatus(value(i), page_outcomes[i % len(page_outcomes)], value(i + 1))
            for i in range(count)
        ),
        counts={name: i for i, name in enumerate(COUNT_NAMES)},
        errors=tuple(values),
    )
    return World(values, people, taxonomy, result, problems, feedback, status)


HISTORY = (HistoryPoint(dt.date(2026, 1, 1), 10, 3), HistoryPoint(dt.date(2026, 2, 1), 12, 5))

Renderer = Callable[[World, RenderContext], str]
RENDERERS: dict[str, Renderer] = {
    "matches": lambda world, ctx: render_matches(world.result, ctx),
    "groups": lambda world, ctx: render_groups(world.result, ctx),
    "clinics": lambda world, ctx: render_clinics(world.result, ctx),
    "statistics": lambda world, ctx: render_statistics(world.result, HISTORY, ctx),
    "problems": lambda world, ctx: render_problems(world.problems, ctx),
    "status": lambda world, ctx: render_status(world.status, ctx),
    "skill-first": lambda world, ctx: render_skill_page(
        world.taxonomy.skills[0], world.result, ctx
    ),
    "skill-middle": lambda world, ctx: render_skill_page(
        world.taxonomy.skills[len(world.values) // 2], world.result, ctx
    ),
}


def render(world: World, lang: str, page: str) -> tuple[str, RenderContext]:
    ctx = RenderContext.build(PageSettings(language=lang), world.taxonomy, world.people)
    return RENDERERS[page](world, ctx), ctx


def shape(body: str) -> Counter[str]:
    """The structure of a page: its headings, tags (with rows and cells), external links."""
    counts: Counter[str] = Counter()
    for node in mwparserfromhell.parse(body).ifilter(recursive=True):
        if is_form_link(node):
            counts["form-link"] += 1
        elif isinstance(node, Heading):
            counts[f"heading-{node.level}"] += 1
        elif isinstance(node, Tag):
            counts[f"tag-{str(node.tag).strip().lower()}"] += 1
        elif isinstance(node, ExternalLink):
            counts["external-link"] += 1
        elif isinstance(node, Template | Comment | Argument):
            counts[f"forbidden-{type(node).__name__}"] += 1
    return counts


def allowed_link_targets(world: World, ctx: RenderContext) -> set[str]:
    """Every internal link target wikisync itself may write for this world."""
    users = {normalize_title(name) for name in world.values}
    targets = {f"User:{name}" for name in users if is_valid_username(name)}
    titles = set(ctx.skill_pages.values()) | set(world.values)
    targets |= {f":{target}" for title in titles if (target := link_target(title))}
    return targets


def test_corpus_is_large_and_distinct_after_cleaning() -> None:
    assert len(HOSTILE) >= 40
    cleaned = [clean(value) for value in HOSTILE]
    assert all(cleaned)
    assert len(set(cleaned)) == len(cleaned)


HOSTILE_WORLD = build_world(HOSTILE)
BENIGN_WORLD = build_world(BENIGN)


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("page", sorted(RENDERERS))
def test_hostile_values_do_not_change_the_page_structure(page: str, lang: str) -> None:
    hostile, _ = render(HOSTILE_WORLD, lang, page)
    benign, _ = render(BENIGN_WORLD, lang, page)
    hostile_shape = shape(hostile)
    assert not [key for key in hostile_shape if key.startswith("forbidden")]
    assert {key.removeprefix("tag-") for key in hostile_shape if key.startswith("tag-")} <= OUR_TAGS
    assert hostile_shape == shape(benign)
    assert hostile.count("\n") == benign.count("\n")


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("page", sorted(RENDERERS))
def test_internal_links_only_go_where_wikisync_points_them(page: str, lang: str) -> None:
    body, ctx = render(HOSTILE_WORLD, lang, page)
    allowed = allowed_link_targets(HOSTILE_WORLD, ctx)
    for link in mwparserfromhell.parse(body).filter_wikilinks(recursive=True):
        assert isinstance(link, Wikilink)
        assert html.unescape(str(link.title)) in allowed
        assert link.text is not None
        assert not link.text.filter_wikilinks() and not link.text.filter_templates()


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("page", sorted(RENDERERS))
def test_no_signature_magic_word_comment_or_free_link_survives(page: str, lang: str) -> None:
    body, _ = render(HOSTILE_WORLD, lang, page)
    parsed = mwparserfromhell.parse(body)
    for link in parsed.filter_external_links(recursive=True):
        assert str(link.url) == "https://example.org/guide"
        parsed.remove(link)
    for form in parsed.filter_templates(recursive=True):
        assert is_form_link(form)
        if str(form.name).startswith("fullurl:"):
            parsed.remove(form)
    rest = str(parsed)
    for sequence in ("~~~", "__", "<!--", "-->", "://", "{{", "}}", "[[Category", "-{"):
        assert sequence not in rest
    assert not FREE_PROTOCOL.search(rest)
    assert not re.search(r"(ISBN|PMID|RFC)\s", rest)
    assert body.encode("utf-8")


def test_table_rows_match_the_data_rows() -> None:
    body, _ = render(HOSTILE_WORLD, "en", "matches")
    tables = [
        tag
        for tag in mwparserfromhell.parse(body).filter_tags(recursive=True)
        if str(tag.tag) == "table"
    ]
    rows = [
        sum(1 for tag in table.contents.filter_tags(recursive=False) if str(tag.tag) == "tr")
        for table in tables
    ]
    world = HOSTILE_WORLD.result
    assert rows == [len(world.suggestions) + 1, len(world.unmatched) + 1]


def test_problem_tables_have_one_row_per_problem() -> None:
    body, _ = render(HOSTILE_WORLD, "en", "problems")
    rows = sum(
        1
        for tag in mwparserfromhell.parse(body).filter_tags(recursive=True)
        if str(tag.tag) == "tr"
    )
    tables = body.count("{|")
    codes = len({problem.code for problem in HOSTILE_WORLD.problems})
    assert rows == len(HOSTILE_WORLD.problems) + codes + tables


@pytest.mark.parametrize("value", HOSTILE, ids=lambda value: repr(value)[:40])
def test_hostile_resources_become_at_most_one_safe_link(value: str) -> None:
    parsed = mwparserfromhell.parse(resource_link(value))
    links = parsed.filter_wikilinks(recursive=True)
    external = parsed.filter_external_links(recursive=True)
    assert len(links) + len(external) <= 1
    assert all(str(link.title).startswith(":") for link in links)
    assert all(str(link.url).startswith(("http://", "https://")) for link in external)
    assert not parsed.filter_templates() and not parsed.filter_comments()
    assert not parsed.filter_tags() and not parsed.filter_headings()
