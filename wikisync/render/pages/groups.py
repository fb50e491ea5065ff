"""The learning-groups page: one block per group."""

from __future__ import annotations

from collections.abc import Sequence

from wikisync.model import Group, MatchResult, MeetingTime
from wikisync.render.blocks import anchor, bullets, heading
from wikisync.render.context import RenderContext, sort_key
from wikisync.render.escape import Wikitext, escape
from wikisync.render.formatting import clock, language_name
from wikisync.render.links import labelled_page_link

MARKER = "groups"


def render_groups(result: MatchResult, ctx: RenderContext) -> str:
    """Every learning group with its skill, language, host and members."""
    ordered = sorted(result.groups, key=lambda group: group_key(group, ctx))
    return groups_text([group_block(group, ctx) for group in ordered], ctx)


def groups_text(blocks: Sequence[str], ctx: RenderContext) -> str:
    """The page (or a part) holding these group blocks, or the "no groups" message."""
    messages = ctx.messages
    if not blocks:
        return messages.wrap_direction(messages.msg("groups-empty"))
    return messages.wrap_direction("\n\n".join(blocks))


def group_key(group: Group, ctx: RenderContext) -> tuple[object, ...]:
    """Groups in skill order, then by id."""
    return (sort_key(ctx.skill_label(group.skill)), group.skill, sort_key(group.id))


def group_block(group: Group, ctx: RenderContext) -> str:
    """A heading naming the group (skill, language, number) and a list of its details:
    skill, common languages, host, members and the suggested weekly meeting time."""
    messages = ctx.messages
    host = ctx.name(group.host) if group.host else messages.msg("groups-no-host")
    languages = group.languages or (group.language,)
    names = messages.join([language_name(code, messages) for code in languages])
    details = [
        messages.msg("groups-skill", ctx.skill_link(group.skill)),
        messages.msg("groups-language", names, len(languages)),
        messages.msg("groups-host", host),
        messages.msg("groups-members", ctx.names(group.members), len(group.members)),
        meeting_line(group.meeting, ctx),
    ]
    return f"{heading(2, anchor(group.id) + group_title(group, ctx))}\n{bullets(details)}"


def group_title(group: Group, ctx: RenderContext) -> Wikitext:
    """The group's readable name: its skill, its language and its number within them."""
    messages = ctx.messages
    language = language_name(group.language, messages)
    return messages.msg("groups-heading", ctx.skill_label(group.skill), language, group.number)


def group_link(group: Group, ctx: RenderContext) -> Wikitext:
    """The group's name, linked to its section of the groups page (by its stable id)."""
    return labelled_page_link(f"{ctx.settings.groups_title}#{group.id}", group_title(group, ctx))


def meeting_line(meeting: MeetingTime | None, ctx: RenderContext) -> Wikitext:
    """The suggested weekly hour in UTC, with each person's local time then."""
    messages = ctx.messages
    if meeting is None:
        return messages.msg("groups-meeting-unknown")
    local = messages.join([f"{_shown(name, ctx)} {clock(m)}" for name, m in meeting.local])
    return messages.msg(
        "groups-meeting", Wikitext(clock(meeting.utc_hour * 60)), meeting.awake, meeting.known,
        local,
    )  # fmt: skip


def _shown(name: str, ctx: RenderContext) -> str:
    """A name in the meeting line: plain (the members' line links it), or the unnamed
    label for someone not listed publicly."""
    if not ctx.is_public(name):
        return ctx.messages.msg("private-participant")
    return ctx.messages.isolate(escape(name))
