"""A skill page's resources (by language, then kind) and past clinics (hosts named only
with consent), escaped; the page's digest follows its own materials and nothing else."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from tests.unit.render.memo_rows import remembered
from wikisync.model import (
    ClinicRecord,
    LearningResource,
    Library,
    MatchResult,
    Person,
    Recording,
    ResourceKind,
    SkillMaterials,
    SourceRef,
    Taxonomy,
)
from wikisync.render.context import RenderContext
from wikisync.render.memo import RenderMemo
from wikisync.render.pages.desired import RenderInput, desired_pages, skill_pages
from wikisync.render.pages.materials import past_clinics_section, resources_section
from wikisync.render.pages.parts import SplitSettings
from wikisync.render.pages.skills import render_skill_page
from wikisync.render.settings import PageSettings

SKILL = "proposal-writing"


def item(
    title: str, languages: tuple[str, ...], kind: ResourceKind, **more: object
) -> LearningResource:
    url = f"https://example.org/{title.lower().replace(' ', '-')}"
    return LearningResource(SKILL, title, url, languages, kind, **more)  # type: ignore[arg-type]


RESOURCES = (
    item("Budget guide", ("fr",), ResourceKind.GUIDE, date=dt.date(2025, 1, 2)),
    item("Clinic slides", ("en", "fr"), ResourceKind.SLIDES, clinic="March clinic"),
    item("Walkthrough", (), ResourceKind.RECORDING),
    item("Notes", ("es",), ResourceKind.ETHERPAD),
    item("Guide anglais", ("en",), ResourceKind.GUIDE),
)
CLINICS = (
    ClinicRecord(SKILL, dt.date(2025, 3, 12), "Bruno", ("fr", "en"),
                 (Recording("en", "https://example.org/en"), Recording("fr", "https://example.org/fr"))),
    ClinicRecord(SKILL, dt.date(2025, 5, 1), "Dana", ("es",)),
    ClinicRecord(SKILL, None, "Nobody Known", (), (Recording("", "https://example.org/x"),)),
)  # fmt: skip


def test_resources_are_grouped_by_language_then_kind_no_language_last(
    taxonomy: Taxonomy, ctx: RenderContext
) -> None:
    text = resources_section(taxonomy.skills[0], RESOURCES, ctx)
    headings = re.findall(r"^=== (.*) ===$", text, re.MULTILINE)
    assert headings == ["English", "French", "Spanish", "Language not given"]
    english = text.split("=== English ===\n")[1].split("===")[0]
    assert english == (
        "; Slides\n* [https://example.org/clinic-slides Clinic slides] (clinic: March clinic)\n"
        "; Guides\n* [https://example.org/guide-anglais Guide anglais]\n"
    )
    french = text.split("=== French ===\n")[1].split("===")[0]
    assert french.index("; Slides") < french.index("; Guides")
    assert "* [https://example.org/budget-guide Budget guide] (2025-01-02)" in french
    assert "; Etherpads and notes\n* [https://example.org/notes Notes]" in text
    unstated = text.split("=== Language not given ===\n")[1]
    assert unstated == (
        "; Recordings\n* [https://example.org/walkthrough Walkthrough]\n"
        "; Other resources\n* [[:Grant guide|Grant guide]]\n"
        "* [https://meta.example.org/wiki/Grants Grants]"
    )


def test_taxonomy_resources_alone_stay_a_plain_list_and_none_says_so(
    taxonomy: Taxonomy, ctx: RenderContext
) -> None:
    assert resources_section(taxonomy.skills[0], (), ctx) == (
        "* [[:Grant guide|Grant guide]]\n* [https://meta.example.org/wiki/Grants Grants]"
    )
    assert resources_section(taxonomy.skills[1], (), ctx) == "No resources listed yet."


def test_past_clinics_newest_first_with_hosts_named_only_with_consent(ctx: RenderContext) -> None:
    lines = past_clinics_section(CLINICS, ctx).split("\n")
    assert lines == [
        "* 2025-05-01; hosted by a participant not listed publicly; in Spanish; "
        "no recording listed",
        "* 2025-03-12; hosted by [[User:Bruno|Bruno]]; in English, French; recordings: "
        "[https://example.org/en English], [https://example.org/fr French]",
        "* date not recorded; hosted by a participant not listed publicly; "
        "recording: [https://example.org/x recording]",
    ]
    assert past_clinics_section((), ctx) == (
        "No past learning clinic is recorded for this skill yet."
    )


def test_a_private_host_is_never_named_anywhere_on_the_page(
    taxonomy: Taxonomy, result: MatchResult, ctx: RenderContext
) -> None:
    body = render_skill_page(taxonomy.skills[0], result, ctx, SkillMaterials((), CLINICS))
    assert "Dana" not in body and "Nobody Known" not in body
    assert "[[User:Bruno|Bruno]]; in English, French" in body


def test_the_page_lists_sections_in_order_and_right_to_left_pages_isolate_names(
    taxonomy: Taxonomy, result: MatchResult, people: tuple[Person, ...]
) -> None:
    materials = SkillMaterials(RESOURCES, CLINICS)
    body = render_skill_page(
        taxonomy.skills[0], result, RenderContext.build(PageSettings(), taxonomy, people), materials
    )
    headings = re.findall(r"^== (.*) ==$", body, re.MULTILINE)
    assert headings[:4] == [
        "About this skill",
        "Resources",
        "Past learning clinics",
        "Who shares it",
    ]
    arabic = RenderContext.build(PageSettings(language="ar"), taxonomy, people)
    body = render_skill_page(taxonomy.skills[0], result, arabic, materials)
    assert "<bdi>[[User:Bruno|Bruno]]</bdi>" in body
    assert "== ورش التعلم السابقة ==" in body


def test_every_user_string_is_escaped_and_a_bad_address_is_never_a_link(
    taxonomy: Taxonomy, ctx: RenderContext
) -> None:
    hostile = "[[Category:Spam]] {{subst:x}} ~~~~ '''b''' <script>|}"
    resources = (
        LearningResource(SKILL, hostile, "https://example.org/a", ("en",), ResourceKind.GUIDE,
                         clinic=hostile),
        LearningResource(SKILL, "Sneaky", "javascript:alert(1)", ("en",), ResourceKind.GUIDE),
    )  # fmt: skip
    text = resources_section(taxonomy.skills[1], resources, ctx)
    for markup in ("[[Category", "{{subst", "~~~~", "'''", "<script", "|}", "[javascript"):
        assert markup not in text
    assert "\n* Sneaky" in text and "javascript" not in text  # its title alone, no link


def test_the_sharers_figure_counts_people_and_labels_capacity_as_room(
    taxonomy: Taxonomy,
) -> None:
    sharers = (
        Person("Bruno", SourceRef("D"), shares=(SKILL,), capacity=5),
        Person("Dana", SourceRef("D"), shares=(SKILL, SKILL), capacity=1, public=False),
    )
    from wikisync.matching import MatchSettings, figures_of

    figures = figures_of(sharers, taxonomy, MatchResult(), (), MatchSettings(), dt.date(2026, 3, 1))
    result = MatchResult(figures=figures)
    ctx = RenderContext.build(PageSettings(), taxonomy, sharers)
    body = render_skill_page(taxonomy.skills[0], result, ctx)
    assert (
        "2 people taking part in matching share this skill, with room for 6 more learners." in body
    )


def pages(
    ctx: RenderContext, result: MatchResult, library: Library, memo: RenderMemo
) -> dict[str, str]:
    return skill_pages(result, ctx, SplitSettings(), memo, library)


def test_a_skill_page_is_rendered_again_only_when_its_own_materials_change(
    taxonomy: Taxonomy, result: MatchResult, ctx: RenderContext
) -> None:
    library = Library(RESOURCES, CLINICS)
    first = RenderMemo()
    before = pages(ctx, result, library, first)
    same = RenderMemo(remembered(first))
    assert pages(ctx, result, Library(RESOURCES, CLINICS), same) == before
    assert not same.rendered and same.reused == len(taxonomy.skills)

    other = LearningResource("video-editing", "Cutting", "https://example.org/cut")
    moved = RenderMemo(remembered(first))
    after = pages(ctx, result, Library((*RESOURCES, other), CLINICS), moved)
    assert [unit for unit, _, _ in moved.rows()] == ["skill/Let's Connect/Skills/Video editing"]
    title = ctx.skill_pages[SKILL]
    assert after[title] == before[title]

    changed = RenderMemo(remembered(first))
    edited = (dataclasses.replace(RESOURCES[0], title="Budget guide, 2nd edition"), *RESOURCES[1:])
    assert pages(ctx, result, Library(edited, CLINICS), changed)[title] != before[title]
    assert [unit for unit, _, _ in changed.rows()] == [f"skill/{title}"]


def test_a_hosts_consent_is_part_of_the_digest(
    taxonomy: Taxonomy, result: MatchResult, people: tuple[Person, ...]
) -> None:
    library = Library((), CLINICS)
    settings = PageSettings()
    first = RenderMemo()
    public = pages(RenderContext.build(settings, taxonomy, people), result, library, first)
    private = tuple(dataclasses.replace(p, public=p.username != "Bruno") for p in people)
    memo = RenderMemo(remembered(first))
    hidden = pages(RenderContext.build(settings, taxonomy, private), result, library, memo)
    title = "Let's Connect/Skills/Proposal writing"
    assert "[[User:Bruno|Bruno]]" in public[title] and "Bruno" not in hidden[title]


def test_the_whole_page_set_carries_the_library(
    taxonomy: Taxonomy, result: MatchResult, ctx: RenderContext
) -> None:
    rendered = desired_pages(RenderInput(result, library=Library(RESOURCES, CLINICS)), ctx)
    _, body = rendered["Let's Connect/Skills/Proposal writing"]
    assert "== Past learning clinics ==\n* 2025-05-01" in body
