"""The full set of generated pages for one run: title -> (marker name, body).

The pages that grow with the programme (suggested connections, learning groups) are split
into one subpage per skill once they pass the size in
:class:`~wikisync.render.pages.parts.SplitSettings`; every part carries the marker of the
page it belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wikisync.model import Feedback, Group, MatchResult, Problem
from wikisync.render.blocks import wikitable
from wikisync.render.context import RenderContext, sort_key
from wikisync.render.pages import clinics, groups, matches, problems, skills, statistics, status
from wikisync.render.pages.parts import SplitSettings, chunks, part_links, skill_parts, utf8_size
from wikisync.render.pages.statistics import HistoryPoint
from wikisync.render.pages.status import RunStatus

#: The columns of the index of a learning-groups page split by skill.
GROUP_INDEX_COLUMNS = ("column-skill", "column-count", "column-page")


@dataclass(frozen=True, slots=True)
class RenderInput:
    """Everything the pages show besides participants and taxonomy (which the context holds).

    Every count on the pages is ``result.figures``, counted once by the matching stage from
    the people, the feedback and the match; ``feedback`` is what those figures were counted
    from (no page recounts it). Without ``status`` the bot status page is left out (it is
    written after a run).
    """

    result: MatchResult
    problems: Sequence[Problem] = ()
    feedback: Sequence[Feedback] = ()
    history: Sequence[HistoryPoint] = ()
    status: RunStatus | None = None


def desired_pages(
    data: RenderInput, ctx: RenderContext, split: SplitSettings | None = None
) -> dict[str, tuple[str, str]]:
    """Every generated page's title mapped to its marker name and body, sorted by title."""
    settings = ctx.settings
    chosen = split or SplitSettings()
    pages = {
        title: (matches.MARKER, body)
        for title, body in matches.matches_pages(data.result, ctx, chosen).items()
    }
    pages.update(
        (title, (groups.MARKER, body))
        for title, body in groups_pages(data.result, ctx, chosen).items()
    )
    pages[settings.clinics_title] = (clinics.MARKER, clinics.render_clinics(data.result, ctx))
    pages[settings.statistics_title] = (
        statistics.MARKER,
        statistics.render_statistics(data.result, data.history, ctx),
    )
    pages[settings.problems_title] = (problems.MARKER, problems.render_problems(data.problems, ctx))
    for skill in ctx.taxonomy.skills:
        title = ctx.skill_pages.get(skill.id)
        if title:
            pages[title] = (skills.MARKER, skills.render_skill_page(skill, data.result, ctx))
    if data.status is not None:
        pages[settings.status] = (status.MARKER, status.render_status(data.status, ctx))
    return dict(sorted(pages.items()))


def groups_pages(
    result: MatchResult, ctx: RenderContext, split: SplitSettings | None = None
) -> dict[str, str]:
    """The learning-groups page (title -> body), split by skill when too large.

    A split page is a table of every skill with its number of groups and links to its
    parts; each part holds that skill's group blocks.
    """
    chosen = split or SplitSettings()
    body = groups.render_groups(result, ctx)
    title = ctx.settings.groups_title
    if chosen.fits(body):
        return {title: body}
    by_skill: dict[str, list[Group]] = {skill.id: [] for skill in ctx.taxonomy.skills}
    for group in sorted(result.groups, key=lambda group: groups.group_key(group, ctx)):
        by_skill.setdefault(group.skill, []).append(group)
    pages: dict[str, str] = {}
    index: list[list[str]] = []
    for skill in sorted(by_skill, key=lambda skill: (sort_key(ctx.skill_label(skill)), skill)):
        parts = _group_parts(by_skill[skill], ctx, chosen)
        name, titles = skill_parts(title, skill, len(parts), ctx, chosen)
        pages.update(zip(titles, parts, strict=True))
        count = ctx.messages.number(len(by_skill[skill]))
        index.append([ctx.skill_link(skill), count, part_links(titles, name, ctx.messages)])
    headers = [ctx.messages.msg(key) for key in GROUP_INDEX_COLUMNS]
    pages[title] = ctx.messages.wrap_direction(wikitable(headers, index))
    return pages


def _group_parts(
    skill_groups: Sequence[Group], ctx: RenderContext, split: SplitSettings
) -> list[str]:
    messages = ctx.messages
    if not skill_groups:
        return [messages.wrap_direction(messages.msg("groups-empty"))]
    blocks = [groups.group_block(group, ctx) for group in skill_groups]
    runs = chunks(blocks, lambda block: utf8_size(block) + 2, split.max_bytes - 1024)
    return [messages.wrap_direction("\n\n".join(run)) for run in runs]
