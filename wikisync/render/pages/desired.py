"""The full set of generated pages for one run: title -> (marker name, body)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wikisync.model import Feedback, MatchResult, Problem
from wikisync.render.context import RenderContext
from wikisync.render.pages import clinics, groups, matches, problems, skills, statistics, status
from wikisync.render.pages.statistics import HistoryPoint
from wikisync.render.pages.status import RunStatus


@dataclass(frozen=True, slots=True)
class RenderInput:
    """Everything the pages show besides participants and taxonomy (which the context holds).

    Without ``status`` the bot status page is left out (it is written after a run).
    """

    result: MatchResult
    problems: Sequence[Problem] = ()
    feedback: Sequence[Feedback] = ()
    history: Sequence[HistoryPoint] = ()
    status: RunStatus | None = None


def desired_pages(data: RenderInput, ctx: RenderContext) -> dict[str, tuple[str, str]]:
    """Every generated page's title mapped to its marker name and body, sorted by title."""
    settings = ctx.settings
    pages = {
        settings.matches_title: (matches.MARKER, matches.render_matches(data.result, ctx)),
        settings.groups_title: (groups.MARKER, groups.render_groups(data.result, ctx)),
        settings.clinics_title: (clinics.MARKER, clinics.render_clinics(data.result, ctx)),
        settings.statistics_title: (
            statistics.MARKER,
            statistics.render_statistics(data.result, data.feedback, data.history, ctx),
        ),
        settings.problems_title: (
            problems.MARKER,
            problems.render_problems(data.problems, ctx),
        ),
    }
    for skill in ctx.taxonomy.skills:
        title = ctx.skill_pages.get(skill.id)
        if title:
            pages[title] = (skills.MARKER, skills.render_skill_page(skill, data.result, ctx))
    if data.status is not None:
        pages[settings.status] = (status.MARKER, status.render_status(data.status, ctx))
    return dict(sorted(pages.items()))
