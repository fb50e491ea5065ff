"""One resource page per skill: what it is, where to learn, the clinics held on it, who
shares and who wants it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from wikisync.model import NO_MATERIALS, Group, MatchResult, Skill, SkillFigures, SkillMaterials
from wikisync.render.blocks import bullets, heading
from wikisync.render.context import RenderContext, sort_key
from wikisync.render.escape import escape
from wikisync.render.memo import digest
from wikisync.render.pages.groups import group_key, group_link
from wikisync.render.pages.materials import past_clinics_section, resources_section

MARKER = "skill"


def render_skill_page(
    skill: Skill,
    result: MatchResult,
    ctx: RenderContext,
    materials: SkillMaterials = NO_MATERIALS,
) -> str:
    """The body of the resource page of ``skill``; its counts are ``result.figures``, its
    resources and past clinics ``materials`` (see :mod:`wikisync.render.pages.materials`)."""
    messages = ctx.messages
    figures = result.figures.skill(skill.id)
    sections = [
        (messages.msg("skill-heading-about"), about_section(skill, ctx)),
        (
            messages.msg("skill-heading-resources"),
            resources_section(skill, materials.resources, ctx),
        ),
        (messages.msg("skill-heading-past-clinics"), past_clinics_section(materials.clinics, ctx)),
        (messages.msg("skill-heading-sharers"), sharers_section(figures, ctx)),
        (messages.msg("skill-heading-learners"), learners_section(figures, ctx)),
        (messages.msg("skill-heading-groups"), groups_section(skill, result, ctx)),
        (messages.msg("skill-heading-clinic"), clinic_section(figures, result, ctx)),
        (messages.msg("skill-heading-related"), related_section(skill, ctx)),
    ]
    body = "\n\n".join(f"{heading(2, title)}\n{text}" for title, text in sections)
    return messages.wrap_direction(body)


def skill_page_key(
    base: str,
    skill: Skill,
    result: MatchResult,
    groups: Mapping[str, Sequence[Group]],
    clinics: frozenset[str],
    ctx: RenderContext,
    materials: SkillMaterials = NO_MATERIALS,
) -> str:
    """The digest of everything the resource page of ``skill`` shows besides the taxonomy,
    the settings and the language (which ``base`` covers): its figures, its groups, whether
    it is a clinic candidate, its resources and past clinics, and which of the people it
    names (the clinics' hosts too) agreed to be named.

    ``groups`` holds the groups of each skill and ``clinics`` the clinic candidates' skills.
    """
    figures = result.figures.skill(skill.id)
    own = groups.get(skill.id, ())
    names = {*figures.sharers, *figures.learners}
    for group in own:
        names.update(group.members)
    names.update(clinic.host for clinic in materials.clinics if clinic.host)
    return digest(base, skill, figures, own, skill.id in clinics, materials, ctx.consents(names))


def about_section(skill: Skill, ctx: RenderContext) -> str:
    """The description from the taxonomy, and the skill's area."""
    messages = ctx.messages
    lines = [escape(skill.description) or messages.msg("skill-no-description")]
    if skill.area:
        lines.append(messages.msg("skill-area", skill.area))
    return "\n\n".join(lines)


def sharers_section(figures: SkillFigures, ctx: RenderContext) -> str:
    """How many take part and share the skill, their room for learners, and their public
    names with a count of the others."""
    messages = ctx.messages
    if not figures.sharers:
        return messages.msg("skill-no-sharers")
    count = messages.msg("skill-sharers-count", figures.supply, figures.room)
    return f"{count}\n\n{ctx.names(figures.sharers)}"


def learners_section(figures: SkillFigures, ctx: RenderContext) -> str:
    """How many take part and want to learn it, how many of them have no match yet, how
    many pairs met for it, and the learners' public names."""
    lines = learners_lead(figures, ctx)
    if figures.learners:
        lines.append(ctx.names(figures.learners))
    return "\n\n".join(lines)


def learners_lead(figures: SkillFigures, ctx: RenderContext) -> list[str]:
    """The lines above the learners' names: how many, how many unmatched, how many met."""
    messages = ctx.messages
    count: str = messages.msg("skill-learners-count", figures.demand)
    if figures.unmatched:
        count = f"{count} {messages.msg('skill-unmatched-count', figures.unmatched)}"
    lines: list[str] = [count]
    if figures.met:
        lines.append(messages.msg("skill-met", figures.met))
    return lines


def groups_section(skill: Skill, result: MatchResult, ctx: RenderContext) -> str:
    """The learning groups formed for this skill."""
    items = group_items(skill, result, ctx)
    return bullets(items) if items else ctx.messages.msg("skill-no-groups")


def group_items(skill: Skill, result: MatchResult, ctx: RenderContext) -> list[str]:
    """One line per learning group of this skill: its name (linked to the groups page) and
    its members."""
    messages = ctx.messages
    groups = sorted(
        (group for group in result.groups if group.skill == skill.id),
        key=lambda group: group_key(group, ctx),
    )
    return [
        messages.msg("skill-group", group_link(group, ctx), ctx.names(group.members))
        for group in groups
    ]


def clinic_section(figures: SkillFigures, result: MatchResult, ctx: RenderContext) -> str:
    """Whether the skill is a learning-clinic candidate, and for how many learners."""
    messages = ctx.messages
    if not any(clinic.skill == figures.skill for clinic in result.clinics):
        return messages.msg("skill-no-clinic")
    return messages.msg("skill-clinic", figures.unmatched)


def related_section(skill: Skill, ctx: RenderContext) -> str:
    """Other skills of the same area, linked to their pages."""
    related = [
        other
        for other in ctx.taxonomy.skills
        if skill.area and other.area == skill.area and other.id != skill.id
    ]
    if not related:
        return ctx.messages.msg("skill-no-related")
    ordered = sorted(related, key=lambda other: (sort_key(ctx.skill_label(other.id)), other.id))
    return bullets([ctx.skill_link(other.id) for other in ordered])
