"""One resource page per skill: what it is, where to learn, who shares and who wants it."""

from __future__ import annotations

from wikisync.model import MatchResult, Skill
from wikisync.render.blocks import bullets, heading
from wikisync.render.context import RenderContext, sort_key
from wikisync.render.escape import escape
from wikisync.render.formatting import language_name
from wikisync.render.links import resource_link
from wikisync.render.pages.clinics import clinic_key
from wikisync.render.pages.groups import group_key

MARKER = "skill"


def render_skill_page(skill: Skill, result: MatchResult, ctx: RenderContext) -> str:
    """The body of the resource page of ``skill``."""
    messages = ctx.messages
    sections = [
        (messages.msg("skill-heading-about"), about_section(skill, ctx)),
        (messages.msg("skill-heading-resources"), resources_section(skill, ctx)),
        (messages.msg("skill-heading-sharers"), sharers_section(skill, ctx)),
        (messages.msg("skill-heading-learners"), learners_section(skill, ctx)),
        (messages.msg("skill-heading-groups"), groups_section(skill, result, ctx)),
        (messages.msg("skill-heading-clinic"), clinic_section(skill, result, ctx)),
        (messages.msg("skill-heading-related"), related_section(skill, ctx)),
    ]
    body = "\n\n".join(f"{heading(2, title)}\n{text}" for title, text in sections)
    return messages.wrap_direction(body)


def about_section(skill: Skill, ctx: RenderContext) -> str:
    """The description from the taxonomy, and the skill's area."""
    messages = ctx.messages
    lines = [escape(skill.description) or messages.msg("skill-no-description")]
    if skill.area:
        lines.append(messages.msg("skill-area", skill.area))
    return "\n\n".join(lines)


def resources_section(skill: Skill, ctx: RenderContext) -> str:
    """The taxonomy's resources, each rebuilt as a validated link or shown as text."""
    links = [resource_link(resource) for resource in skill.resources]
    links = [link for link in links if link]
    return bullets(links) if links else ctx.messages.msg("skill-no-resources")


def sharers_section(skill: Skill, ctx: RenderContext) -> str:
    """Who shares the skill: public names, and a count of the others."""
    sharers = ctx.sharers.get(skill.id, ())
    if not sharers:
        return ctx.messages.msg("skill-no-sharers")
    return ctx.names(sharers)


def learners_section(skill: Skill, ctx: RenderContext) -> str:
    """How many want to learn it, naming only those who agreed to be named."""
    learners = ctx.learners.get(skill.id, ())
    count = ctx.messages.msg("skill-learners-count", len(learners))
    if not learners:
        return count
    return f"{count}\n\n{ctx.names(learners)}"


def groups_section(skill: Skill, result: MatchResult, ctx: RenderContext) -> str:
    """The learning groups formed for this skill."""
    messages = ctx.messages
    groups = sorted(
        (group for group in result.groups if group.skill == skill.id),
        key=lambda group: group_key(group, ctx),
    )
    if not groups:
        return messages.msg("skill-no-groups")
    items = [
        messages.msg(
            "skill-group",
            group.id,
            language_name(group.language, messages),
            ctx.names(group.members),
        )
        for group in groups
    ]
    return bullets(items)


def clinic_section(skill: Skill, result: MatchResult, ctx: RenderContext) -> str:
    """Whether the skill is a learning-clinic candidate, with its demand and supply."""
    messages = ctx.messages
    candidates = [clinic for clinic in result.clinics if clinic.skill == skill.id]
    if not candidates:
        return messages.msg("skill-no-clinic")
    clinic = min(candidates, key=clinic_key)
    return messages.msg("skill-clinic", clinic.demand, clinic.supply, clinic.unmet)


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
