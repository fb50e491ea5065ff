"""The pages split section by section (:mod:`wikisync.render.pages.sections`): a skill's
resource page, the directory-problems page, the clinic candidates and the statistics.

Each function returns the page whole (title -> body) while it fits its
:class:`~wikisync.render.pages.parts.SplitSettings`, exactly as its renderer draws it,
and otherwise the page with its growing sections moved to parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from wikisync.model import NO_MATERIALS, MatchResult, Problem, Skill, SkillMaterials
from wikisync.render.context import RenderContext
from wikisync.render.escape import Wikitext
from wikisync.render.pages import clinics, problems, skills, statistics
from wikisync.render.pages import materials as materials_sections
from wikisync.render.pages.parts import SplitSettings
from wikisync.render.pages.sections import Section, split_by_section, table_section
from wikisync.render.pages.statistics import HistoryPoint


def skill_pages(
    title: str,
    skill: Skill,
    result: MatchResult,
    ctx: RenderContext,
    split: SplitSettings,
    materials: SkillMaterials = NO_MATERIALS,
) -> dict[str, str]:
    """A skill's resource page; its lists of sharers, learners and groups move to parts."""
    body = skills.render_skill_page(skill, result, ctx, materials)
    if split.fits(body):
        return {title: body}
    messages = ctx.messages
    figures = result.figures.skill(skill.id)
    learners = "\n\n".join(skills.learners_lead(figures, ctx))
    sharers_count = (
        messages.msg("skill-sharers-count", figures.supply, figures.room) if figures.sharers else ""
    )
    sections = [
        Section(messages.msg("skill-heading-about"), skills.about_section(skill, ctx)),
        Section(
            messages.msg("skill-heading-resources"),
            materials_sections.resources_section(skill, materials.resources, ctx),
        ),
        Section(
            messages.msg("skill-heading-past-clinics"),
            materials_sections.past_clinics_section(materials.clinics, ctx),
        ),
        _names(
            messages.msg("skill-heading-sharers"),
            sharers_count,
            figures.sharers,
            ctx,
            messages.msg("skill-no-sharers"),
        ),
        _names(
            messages.msg("skill-heading-learners"),
            learners,
            figures.learners,
            ctx,
            messages.msg("none"),
        ),
        _lines(
            messages.msg("skill-heading-groups"),
            skills.group_items(skill, result, ctx),
            messages.msg("skill-no-groups"),
        ),
        Section(messages.msg("skill-heading-clinic"), skills.clinic_section(figures, result, ctx)),
        Section(messages.msg("skill-heading-related"), skills.related_section(skill, ctx)),
    ]
    return split_by_section(title, sections, split, messages)


def _names(
    title: Wikitext, stays: str, usernames: Sequence[str], ctx: RenderContext, empty: str
) -> Section:
    items = tuple(ctx.name_items(usernames))
    separator = ctx.messages.join(["", ""])
    return Section(title, stays, str(title), items, joiner=separator, empty=empty)


def _lines(title: Wikitext, lines: Sequence[str], empty: str) -> Section:
    items = tuple(f"* {line}" for line in lines)
    return Section(title, "", str(title), items, joiner="\n", empty=empty)


def problems_pages(
    found: Sequence[Problem], ctx: RenderContext, split: SplitSettings
) -> dict[str, str]:
    """The problems page; the table of each source page's problems moves to parts."""
    title = ctx.settings.problems_title
    body = problems.render_problems(found, ctx)
    if split.fits(body):
        return {title: body}
    messages = ctx.messages
    ordered = sorted(found, key=problems.problem_key)
    sections = [
        Section(messages.msg("problems-heading-summary"), problems.summary_table(ordered, ctx))
    ]
    for page, items in groupby(
        ordered, key=lambda problem: problem.source.page if problem.source else None
    ):
        listed = list(items)
        section = table_section(
            problems.page_heading(page, ctx),
            f"{messages.msg('problems-total', len(listed))}\n\n{problems.page_table(listed, ctx)}",
            page or str(messages.msg("problems-no-page")),
        )
        sections.append(section)
    return split_by_section(title, sections, split, messages)


def clinics_pages(result: MatchResult, ctx: RenderContext, split: SplitSettings) -> dict[str, str]:
    """The clinic candidates page; the rows of its table move to parts."""
    title = ctx.settings.clinics_title
    body = clinics.render_clinics(result, ctx)
    if split.fits(body):
        return {title: body}
    name = title.rsplit("/", 1)[-1]
    return split_by_section(
        title, [table_section("", clinics.clinics_text(result, ctx), name)], split, ctx.messages
    )


def statistics_pages(
    result: MatchResult,
    history: Sequence[HistoryPoint],
    ctx: RenderContext,
    split: SplitSettings,
) -> dict[str, str]:
    """The statistics page; the rows of each of its tables move to parts."""
    title = ctx.settings.statistics_title
    body = statistics.render_statistics(result, history, ctx)
    if split.fits(body):
        return {title: body}
    messages = ctx.messages
    figures = result.figures
    sections = [
        (messages.msg("stats-heading-participants"), statistics.participants_section(figures, ctx)),
        (messages.msg("stats-heading-regions"), statistics.regions_section(figures, ctx)),
        (messages.msg("stats-heading-languages"), statistics.languages_section(figures, ctx)),
        (messages.msg("stats-heading-affiliations"), statistics.affiliations_section(figures, ctx)),
        (messages.msg("stats-heading-skills"), statistics.skills_section(figures, ctx)),
        (messages.msg("stats-heading-unmet"), statistics.unmet_section(figures, ctx)),
        (messages.msg("stats-heading-sharers"), statistics.sharers_section(figures, ctx)),
        (messages.msg("stats-heading-history"), statistics.history_section(figures, history, ctx)),
    ]
    return split_by_section(
        title, [table_section(name, text, str(name)) for name, text in sections], split, messages
    )
