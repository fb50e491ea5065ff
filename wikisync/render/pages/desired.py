"""The full set of generated pages for one run: title -> (marker name, body).

The pages that grow with the programme are split into parts once they pass the size in
their kind's :class:`~wikisync.render.pages.parts.SplitSettings`: suggested connections and
learning groups into one subpage per skill, the skill resource pages, the problems page,
the clinic candidates and the statistics section by section
(:mod:`wikisync.render.pages.sectioned`). Every part carries the marker of the page it
belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wikisync.model import Feedback, Group, MatchResult, Problem
from wikisync.render.blocks import wikitable
from wikisync.render.context import RenderContext, sort_key
from wikisync.render.pages import (
    clinics,
    groups,
    matches,
    problems,
    sectioned,
    skills,
    statistics,
    status,
)
from wikisync.render.pages.parts import SplitSettings, chunks, part_links, skill_parts, utf8_size
from wikisync.render.pages.splits import PageSplits
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
    data: RenderInput, ctx: RenderContext, split: PageSplits | SplitSettings | None = None
) -> dict[str, tuple[str, str]]:
    """Every generated page's title mapped to its marker name and body, sorted by title.

    ``split`` says how each page kind splits into parts (one :class:`SplitSettings` for
    every kind, or :class:`PageSplits` kind by kind).
    """
    settings = ctx.settings
    chosen = PageSplits.every(split) if isinstance(split, SplitSettings) else split or PageSplits()
    pages = {
        title: (matches.MARKER, body)
        for title, body in matches.matches_pages(data.result, ctx, chosen.matches).items()
    }
    pages.update(
        (title, (groups.MARKER, body))
        for title, body in groups_pages(data.result, ctx, chosen.groups).items()
    )
    grown = [
        (clinics.MARKER, sectioned.clinics_pages(data.result, ctx, chosen.clinics)),
        (
            statistics.MARKER,
            sectioned.statistics_pages(data.result, data.history, ctx, chosen.statistics),
        ),
        (problems.MARKER, sectioned.problems_pages(data.problems, ctx, chosen.problems)),
    ]
    for skill in ctx.taxonomy.skills:
        title = ctx.skill_pages.get(skill.id)
        if title:
            grown.append(
                (
                    skills.MARKER,
                    sectioned.skill_pages(title, skill, data.result, ctx, chosen.skills),
                )
            )
    for marker, bodies in grown:
        pages.update((title, (marker, body)) for title, body in bodies.items())
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
