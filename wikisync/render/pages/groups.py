"""The learning-groups page: one block per group."""

from __future__ import annotations

from wikisync.model import Group, MatchResult
from wikisync.render.blocks import bullets, heading
from wikisync.render.context import RenderContext, sort_key
from wikisync.render.formatting import language_name

MARKER = "groups"


def render_groups(result: MatchResult, ctx: RenderContext) -> str:
    """Every learning group with its skill, language, host and members."""
    messages = ctx.messages
    if not result.groups:
        return messages.wrap_direction(messages.msg("groups-empty"))
    ordered = sorted(result.groups, key=lambda group: group_key(group, ctx))
    return messages.wrap_direction("\n\n".join(group_block(group, ctx) for group in ordered))


def group_key(group: Group, ctx: RenderContext) -> tuple[object, ...]:
    """Groups in skill order, then by id."""
    return (sort_key(ctx.skill_label(group.skill)), group.skill, sort_key(group.id))


def group_block(group: Group, ctx: RenderContext) -> str:
    """A heading naming the group and a list of its details."""
    messages = ctx.messages
    host = ctx.name(group.host) if group.host else messages.msg("groups-no-host")
    details = [
        messages.msg("groups-skill", ctx.skill_link(group.skill)),
        messages.msg("groups-language", language_name(group.language, messages)),
        messages.msg("groups-host", host),
        messages.msg("groups-members", ctx.names(group.members), len(group.members)),
    ]
    title = messages.msg("groups-heading", group.id, ctx.skill_label(group.skill))
    return f"{heading(2, title)}\n{bullets(details)}"
